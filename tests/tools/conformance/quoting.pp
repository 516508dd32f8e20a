# Quoted paths with spaces, escapes, comments after rules.
profile q {
  "/srv/with space/file" r,  # a comment
  /srv/esc\ aped r,
  /srv/star\*literal r,
}
#=match q "/srv/with space/file" allow=r
#=match q "/srv/esc aped" allow=r
#=match q "/srv/star*literal" allow=r
#=match q /srv/starXliteral allow=-
