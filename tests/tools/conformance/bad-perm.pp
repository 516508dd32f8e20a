profile bp {
  /etc/x r,
  /etc/y rz,
}
#=error 3:10 invalid permission
