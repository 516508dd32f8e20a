# audit marks accesses to be logged even when allowed.
profile audit {
  audit /etc/shadow r,
  /etc/passwd r,
}
#=match audit /etc/shadow allow=r audit=r
#=match audit /etc/passwd allow=r audit=-
