# profiles/examples/ping: network tool; "deny /** w" removes every write,
# even those the abstractions allow.
#=file profiles/examples/ping
#=list ping /{usr/,}bin/ping
#=match ping /usr/bin/ping allow=mr deny=wa quiet=wa
#=match ping /bin/ping allow=mr deny=wa quiet=wa
#=match ping /etc/hosts allow=r deny=wa quiet=wa
#=match ping /etc/nsswitch.conf allow=r deny=wa quiet=wa
#=match ping /dev/null allow=rwa deny=wa quiet=wa
#=match ping /tmp/x allow=- deny=wa quiet=wa
#=match ping /etc/shadow allow=- deny=wa quiet=wa
