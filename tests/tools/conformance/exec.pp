# Exec transitions: ix, px/Px with and without a target, cx to a child,
# ux, pix fallback. x is reported with its mode; ix (also pix, cix) implies
# m, as in apparmor_parser.
profile exec {
  /usr/bin/ls ix,
  /usr/bin/ping Px,
  /usr/bin/helper px -> other,
  /usr/bin/spell Cx -> spell,
  /usr/bin/env ux,
  /usr/bin/tool pix,

  profile spell {
    /usr/bin/spell mr,
  }
}
profile other {
}
#=match exec /usr/bin/ls allow=mx exec=ix
#=match exec /usr/bin/ping allow=x exec=Px target=
#=match exec /usr/bin/helper allow=x exec=px target=other
#=match exec /usr/bin/spell allow=x exec=Cx target=exec//spell
#=match exec /usr/bin/env allow=x exec=ux
#=match exec /usr/bin/tool allow=mx exec=pix
#=match exec//spell /usr/bin/spell allow=mr
#=list exec
#=list exec//spell
#=list other
