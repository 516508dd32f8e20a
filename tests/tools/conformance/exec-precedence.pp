# An exact (glob-free) rule's exec mode overrides a glob's mode for that path.
# (m on /usr/bin/special comes from the ix glob rule: ix implies m.)
profile ep {
  /usr/bin/* ix,
  /usr/bin/special px,
}
#=match ep /usr/bin/cat allow=mx exec=ix
#=match ep /usr/bin/special allow=mx exec=px
