# Link rules are enforced on the pair (link name, target), as AppArmor
# encodes them: "link A -> B" allows a hard link A to B only; a file rule
# with l and no target allows any target; deny wins on the pair; and the
# link never grants more than its target (the subset rule).
@{T} = /srv/target
profile ln {
  link /srv/link -> @{T},
  /srv/other l,
  /srv/{link,other,target,else} r,
}
#=match ln /srv/link allow=rl
#=match ln /srv/other allow=rl
#=link ln /srv/link /srv/target granted
#=link ln /srv/link /srv/else denied info="target restricted"
#=link ln /srv/other /srv/target granted
#=link ln /srv/other /srv/else granted
#=link ln /srv/else /srv/target denied info="no l on the link name"
# the subset rule: /srv/other grants r, /srv/none grants nothing
#=link ln /srv/other /srv/none denied info="link not subset of target"

profile deny-pair {
  /data/** rwl,
  deny link /data/pub/* -> /data/secret/**,
  owner link /home/*/a -> /home/*/b,
  /home/** r,
}
#=match deny-pair /data/pub/x allow=rwal deny=-
#=link deny-pair /data/pub/x /data/other granted
#=link deny-pair /data/pub/x /data/secret/key denied info="target restricted"
#=link deny-pair /data/x /data/secret/key granted
#=link deny-pair /home/u/a /home/u/b owner=granted other=denied
#=link deny-pair /home/u/a /home/u/c denied

profile deny-l {
  /data/** rwl,
  deny /data/locked/* l,
}
#=match deny-l /data/locked/f allow=rwal deny=l
#=link deny-l /data/locked/f /data/x denied info="no l on the link name"
#=link deny-l /data/free /data/x granted

# the subset rule reads w as implying a, as the kernel does: a name that
# grants a links to a target that grants w
profile subset-wa {
  /srv/name la,
  /srv/t w,
  /srv/u r,
}
#=link subset-wa /srv/name /srv/t granted
#=link subset-wa /srv/name /srv/u denied info="link not subset of target"
