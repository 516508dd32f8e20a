# Variables: several values, +=, quoted values with spaces, nesting.
@{DIRS} = /srv/a /srv/b
@{DIRS} += /srv/c
@{NAME} = "my file"
@{BASE} = @{DIRS}/data

profile vars {
  @{DIRS}/conf r,
  "/tmp/@{NAME}" w,
  @{BASE}/** rw,
}
#=match vars /srv/a/conf allow=r
#=match vars /srv/c/conf allow=r
#=match vars /srv/d/conf allow=-
#=match vars "/tmp/my file" allow=wa
#=match vars /srv/b/data/x allow=rwa
