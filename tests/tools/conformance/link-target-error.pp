# A link target is a glob like a path: its errors are reported at the
# rule, naming the target; a target must be absolute.
profile bad {
  /srv/x r,
  link /srv/x -> /srv/[z-a],
}
#=error 5:3 "link target: col 7: bad range 'z-a'"
