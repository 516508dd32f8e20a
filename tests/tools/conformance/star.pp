# * matches within one path component, never "/", and a trailing /* does
# not match the empty component.
profile star {
  /tmp/* r,
  /usr/lib/*.so m,
  /opt/*/bin/tool r,
}
#=match star /tmp/a allow=r
#=match star /tmp/.hidden allow=r
#=match star /tmp/ allow=-
#=match star /tmp/a/b allow=-
#=match star /usr/lib/libc.so allow=m
#=match star /usr/lib/x/libc.so allow=-
#=match star /usr/lib/.so allow=m
#=match star /opt/x/bin/tool allow=r
#=match star /opt/x/y/bin/tool allow=-
