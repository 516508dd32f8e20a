profile net {
  network inet stream,
  network inet6 dgram,
  network bogus stream,
}
#=error 4:11 bogus
