#!/bin/bash
# The harness itself, proven with AppArmor: the guest boots with AppArmor
# active, Debian's apparmor_parser loads a profile, a confined copy of cat
# reads what the profile allows, is refused the rest, and the refusal is in
# the kernel log.
. "$(dirname "$0")/lib.sh"

[ -d /sys/kernel/security/apparmor ] || { echo "not ok - no AppArmor in the test kernel"; exit 1; }
expect_ok "apparmor is in the active LSM list" grep -q apparmor /sys/kernel/security/lsm

d=/tmp/smoke
mkdir -p $d
cp /bin/cat $d/cat
echo public >$d/allowed
echo secret >$d/secret
cat >$d/profile <<PROFILE
abi <abi/3.0>,
profile pp-smoke $d/cat {
  /{usr/,}lib{,32,64,x32}/** mr,
  /etc/ld.so.cache r,
  $d/cat mr,
  $d/allowed r,
}
PROFILE
expect_ok "apparmor_parser -r loads the profile" apparmor_parser -r -K $d/profile
expect_ok "the profile is listed" grep -qx 'pp-smoke (enforce)' /sys/kernel/security/apparmor/profiles

log_mark
expect_ok "confined cat reads an allowed file" $d/cat $d/allowed
expect_errno "confined cat is refused another file" "Permission denied" $d/cat $d/secret
expect_log "the refusal is logged" 'apparmor="DENIED"' 'operation="open"' \
	'profile="pp-smoke"' "name=\"$d/secret\"" 'requested_mask="r"'
expect_no_log "the allowed read is not logged" "name=\"$d/allowed\""
expect_ok "unconfined cat still reads it" cat $d/secret
finish
