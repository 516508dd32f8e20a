# A link rule grants l on the link path.
profile ln {
  link /srv/link -> /srv/target,
  /srv/other l,
}
#=match ln /srv/link allow=l
#=match ln /srv/other allow=l
