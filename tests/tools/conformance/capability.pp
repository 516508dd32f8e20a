profile cap {
  capability chown dac_override,
  capability net_raw,
  capability no_such_cap,
}
#=error 4:14 no_such_cap
