# --strict makes a not-enforced rule class an error.
#=args --strict
profile st {
  /etc/x r,
  dbus send,
}
#=error 5:3 dbus
