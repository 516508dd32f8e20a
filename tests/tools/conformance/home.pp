# Our tunables: @{HOME} is any home directory and /root/, @{PROC}, @{pid}.
# Duplicate slashes after expansion are collapsed, as AppArmor does.
include <tunables/global>

profile home {
  owner @{HOME}/.config/app/** rw,
  @{PROC}/@{pid}/status r,
  @{run}/app.pid w,
}
#=match home /home/alice/.config/app/x owner.allow=rwa other.allow=-
#=match home /root/.config/app/x owner.allow=rwa other.allow=-
#=match home /home/.config/app/x allow=-
#=match home /proc/1234/status allow=r
#=match home /proc/0/status allow=-
#=match home /proc/self/status allow=-
#=match home /run/app.pid allow=wa
#=match home /var/run/app.pid allow=wa
