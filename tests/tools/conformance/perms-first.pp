# Permissions may come before the path, with or without the file keyword.
profile pf {
  r /etc/a,
  file rw /etc/b,
  file /etc/c mr,
  /etc/d rwk,
}
#=match pf /etc/a allow=r
#=match pf /etc/b allow=rwa
#=match pf /etc/c allow=mr
#=match pf /etc/d allow=rwak
