profile im {
  include if exists <no/such/file>
  include <no/such/file>
}
#=error 3:3 no/such/file
