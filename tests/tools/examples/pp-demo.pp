# profiles/examples/pp-demo: the README demo profile.
#=file profiles/examples/pp-demo
#=list pp-demo /**/pp-demo
#=match pp-demo /etc/hostname allow=r audit=r
#=match pp-demo /etc/shadow allow=-
#=match pp-demo /tmp/demo/notes allow=rwa
#=match pp-demo /tmp/demo/secret/key allow=rwa deny=wa audit=wa quiet=-
#=match pp-demo /tmp/demo/secret/sub/key allow=rwa deny=wa audit=wa quiet=-
#=match pp-demo /tmp/other allow=-
#=match pp-demo /bin/cat allow=mrx exec=ix
#=match pp-demo /usr/bin/id allow=mrx exec=ix
#=match pp-demo /usr/bin/rm allow=-
#=match pp-demo /tmp/bin/pp-demo allow=mr
#=match pp-demo /etc/ld.so.cache allow=mr
#=match pp-demo /usr/lib/x86_64-linux-gnu/libc.so.6 allow=mr
#=match pp-demo /dev/null allow=rwa
#=match pp-demo /dev/pts/3 allow=rwa
#=match pp-demo /root/.profile owner.allow=r other.allow=-
#=match pp-demo /sys/kernel/security/pathprof/current allow=r
