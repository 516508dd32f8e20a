# [...] classes, ranges, negation; ? is one character other than "/".
profile cc {
  /dev/tty[0-9] rw,
  /dev/sd[a-c] r,
  /etc/[^.]* r,
  /var/?/x r,
}
#=match cc /dev/tty5 allow=rwa
#=match cc /dev/ttyS allow=-
#=match cc /dev/sdb allow=r
#=match cc /dev/sdd allow=-
#=match cc /etc/fstab allow=r
#=match cc /etc/.hidden allow=-
#=match cc /var/a/x allow=r
#=match cc /var/ab/x allow=-
#=match cc /var///x allow=-
