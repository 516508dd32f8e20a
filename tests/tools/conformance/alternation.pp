# {a,b} alternation, nested, with an empty alternative.
profile alt {
  /etc/{passwd,group} r,
  /usr/{,local/}lib/{a,b{1,2}}.so m,
}
#=match alt /etc/passwd allow=r
#=match alt /etc/group allow=r
#=match alt /etc/shadow allow=-
#=match alt /usr/lib/a.so allow=m
#=match alt /usr/local/lib/b2.so allow=m
#=match alt /usr/lib/b.so allow=-
#=match alt /usr/lib/b3.so allow=-
