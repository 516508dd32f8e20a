#=error 4:1 missing
profile open {
  /etc/x r,
