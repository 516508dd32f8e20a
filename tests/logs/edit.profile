# Test profile file for in-place editing: layout must survive.
include <tunables/global>
@{DEMO_DIRS} = /srv/demo /var/lib/demo
@{DEMO_DIRS} += /opt/demo

/usr/bin/plain {
  include <abstractions/base>
  /etc/plain.conf r,   # trailing comment with { brace
  @{DEMO_DIRS}/** rw,
  /usr/{bin,sbin}/plain{,.real} mr,
}

profile named /usr/bin/named* flags=(complain) {
  "/tmp/with space" r,
  profile kid {
    /etc/kid r,
  }
  ^hat {
    /etc/hat r,
  }
}

/usr/bin/flagged flags=(attach_disconnected, complain,mediate_deleted)   {
	/etc/flagged r,
	}

/usr/bin/oneline flags=(complain) { /etc/oneline r, }
/usr/bin/empty {}
