# pp-parse -C puts every profile, children included, in complain mode.
#=args -C
profile fc {
  /etc/fc r,
  profile kid {
  }
}
#=flags fc complain
#=flags fc//kid child,complain
#=match fc /etc/fc allow=r
