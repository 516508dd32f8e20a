# Rule classes pathprof does not enforce are parsed and reported once.
profile ue {
  /etc/x r,
  dbus send bus=system,
  dbus receive,
  signal (send) peer=unconfined,
  ptrace (read),
}
#=warn dbus rules are not enforced
#=warn signal rules are not enforced
#=warn ptrace rules are not enforced
#=match ue /etc/x allow=r
