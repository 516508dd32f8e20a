# Several profiles per file; each sees only its own rules.
/usr/bin/one {
  /etc/one r,
}
profile two /usr/bin/tw{o,2} {
  /etc/two r,
}
#=list /usr/bin/one /usr/bin/one
#=list two /usr/bin/tw{o,2}
#=match /usr/bin/one /etc/one allow=r
#=match /usr/bin/one /etc/two allow=-
#=match two /etc/two allow=r
