# include <x> uses the search path (the case directory is passed with -I);
# the included rules land in the including profile.
profile il {
  include <inc/search-rules>
  /etc/own r,
}
#=match il /etc/search allow=wa
#=match il /etc/own allow=r
