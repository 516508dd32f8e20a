# Profile flags are accepted (complain, attach_disconnected).
profile fl /usr/bin/fl flags=(complain,attach_disconnected) {
  /etc/fl r,
}
#=list fl /usr/bin/fl
#=match fl /etc/fl allow=r
#=flags fl complain,attach_disconnected
