# profiles/examples/notes-editor: owner rules, audit, deny, child profile.
#=file profiles/examples/notes-editor
#=list notes-editor /usr/local/bin/notes-editor
#=list notes-editor//spell
#=match notes-editor /home/ann/notes/todo.txt owner.allow=rwalk other.allow=-
#=match notes-editor /home/ann/notes/todo.md owner.allow=rwalk owner.audit=wa other.allow=-
#=match notes-editor /home/ann/.ssh/id_rsa allow=- deny=rwalk
#=match notes-editor /etc/shadow allow=- deny=r
#=match notes-editor /tmp/scratch owner.allow=rwalk other.allow=-
#=match notes-editor /usr/bin/aspell allow=x exec=Cx target=notes-editor//spell
#=match notes-editor//spell /usr/share/dict/words allow=r
#=match notes-editor//spell /home/ann/notes/todo.txt allow=-
