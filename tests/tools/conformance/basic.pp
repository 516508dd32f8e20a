# A literal rule grants exactly its path; nothing else is allowed.
profile basic {
  /etc/hostname r,
  /var/lib/app/ r,
}
#=match basic /etc/hostname allow=r
#=match basic /etc/hostnames allow=-
#=match basic /etc/hostnam allow=-
#=match basic /etc/ allow=-
#=match basic /var/lib/app/ allow=r
#=match basic /var/lib/app allow=-
#=list basic
