# Duplicate slashes in a rule are collapsed.
@{D} = /srv/
profile sl {
  /etc//x r,
  @{D}/y r,
}
#=match sl /etc/x allow=r
#=match sl /srv/y allow=r
