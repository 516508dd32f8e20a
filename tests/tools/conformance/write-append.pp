# w and a in one rule conflict, as in AppArmor.
profile wa {
  /var/log/x wa,
}
#=error 3:14 conflict
