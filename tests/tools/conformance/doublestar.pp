# ** crosses components; /dir/** does not match /dir/ itself.
profile ds {
  /srv/** r,
  /data/**/log w,
}
#=match ds /srv/a allow=r
#=match ds /srv/a/b/c allow=r
#=match ds /srv/ allow=-
#=match ds /srv allow=-
#=match ds /data/x/log allow=wa
#=match ds /data/x/y/log allow=wa
#=match ds /data/log allow=-
