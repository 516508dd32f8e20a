# alias /a/ -> /b/: rules under /a/ apply under /b/ too; a link rule's copy
# has its name and target rewritten together (checked against
# apparmor_parser's link-pair states).
alias /srv/a/ -> /srv/b/,
profile al {
  /srv/a/** r,
  link /x -> /srv/a/t,
  link /srv/a/n -> /srv/a/m,
}
#=match al /srv/a/f allow=r
#=match al /srv/b/f allow=r
#=match al /srv/c/f allow=-
#=link al /x /srv/a/t granted
#=link al /x /srv/b/t granted
#=link al /x /srv/c/t denied info="target restricted"
#=link al /srv/b/n /srv/b/m granted
#=link al /srv/b/n /srv/a/m denied info="target restricted"
#=link al /srv/a/n /srv/b/m denied info="target restricted"
