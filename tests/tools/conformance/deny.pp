# deny wins over allow for the same bit, whatever the rule order; a deny
# rule without audit is also quiet (AppArmor does not log it).
profile deny {
  deny /srv/secret/** w,
  /srv/** rw,
  audit deny /srv/audited/** r,
}
#=match deny /srv/a allow=rwa
#=match deny /srv/secret/key allow=rwa deny=wa quiet=wa
#=match deny /srv/audited/x allow=rwa deny=r audit=r quiet=-
