# Children and hats are separate profiles named parent//child.
profile web /usr/sbin/web {
  /etc/web.conf r,
  ^handler {
    /srv/** r,
  }
  profile helper {
    /usr/lib/web/helper mr,
  }
}
#=list web /usr/sbin/web
#=list web//handler
#=list web//helper
#=match web /srv/x allow=-
#=match web//handler /srv/x allow=r
#=match web//handler /etc/web.conf allow=-
#=flags web
#=flags web//handler hat
#=flags web//helper child
