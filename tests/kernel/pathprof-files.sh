#!/bin/bash
# File rules: allowed read, denied write, deny beating allow, owner rules,
# ** and {} globs, and a path longer than the kernel's name buffer.
. "$(dirname "$0")/lib.sh"
need_pathprof

t=/tmp/t/files
op=$t/op
install_op $op
mkdir -p $t/data $t/owned $t/glob/a/b $t/alt
for f in data/readable data/rw-file data/rw-denied data/rw-quiet owned/mine owned/theirs \
	glob/a/b/deep glob/a/b/other alt/one alt/two alt/three; do
	echo content >$t/$f
done
# Mode 666: the owner rule, not DAC (and CAP_DAC_OVERRIDE), decides.
chown 1000:1000 $t/owned/theirs
chmod 666 $t/owned/theirs

cat >$t/profile <<PROFILE
profile t-files $op {
  $t/data/readable r,
  $t/data/rw-* rw,
  audit deny $t/data/rw-denied w,
  deny $t/data/rw-quiet w,
  owner $t/owned/* rw,
  $t/glob/**/deep r,
  $t/alt/{one,two} r,
  $t/long/** r,
}
PROFILE
expect_ok "the profile loads" load_profile $t/profile

log_mark
expect_op "allowed read" ok $op read $t/data/readable
expect_no_log "an allowed read is not logged" 'name="'$t/data/readable'"'

log_mark
expect_op "write without a w rule is denied" EACCES $op write $t/data/readable
expect_log "the denied write is logged" 'pathprof="DENIED"' 'operation="open"' \
	'profile="t-files"' "name=\"$t/data/readable\"" 'requested_mask="w"' 'denied_mask="w"' \
	"comm=\"op\""

log_mark
expect_op "rw rule grants write" ok $op write $t/data/rw-file
expect_op "audit deny beats the allow rule" EACCES $op write $t/data/rw-denied
expect_log "audit deny is logged" 'pathprof="DENIED"' "name=\"$t/data/rw-denied\"" 'denied_mask="w"'
expect_op "deny leaves the other permissions" ok $op read $t/data/rw-denied
expect_op "plain deny beats the allow rule" EACCES $op write $t/data/rw-quiet
expect_no_log "plain deny is quiet" "name=\"$t/data/rw-quiet\""

log_mark
expect_op "owner rule: own file" ok $op write $t/owned/mine
expect_op "owner rule: another user's file" EACCES $op write $t/owned/theirs
expect_log "owner denial logged with ouid" 'pathprof="DENIED"' "name=\"$t/owned/theirs\"" \
	'fsuid=0' 'ouid=1000'
expect_op "owner rule: read another user's file is denied too" EACCES $op read $t/owned/theirs

log_mark
expect_op "** crosses directories" ok $op read $t/glob/a/b/deep
expect_op "** glob needs the final name" EACCES $op read $t/glob/a/b/other
expect_op "{} alternative one" ok $op read $t/alt/one
expect_op "{} alternative two" ok $op read $t/alt/two
expect_op "{} other name" EACCES $op read $t/alt/three
expect_log "the non-matching name is logged" 'pathprof="DENIED"' "name=\"$t/alt/three\""

# A name longer than PATH_MAX: built unconfined, opened confined through
# relative chdirs. The profile allows $t/long/** but the name cannot be
# formed, so enforce mode denies with its own reason.
component=$(printf 'd%.0s' {1..200})
mkdir -p $t/long
(cd $t/long && "$pp_op_bin" deep-mk 25 $component file >/dev/null)
log_mark
expect_op "a short name under long/ is allowed" ok $op read $t/long/$component
cd $t/long
expect_op "a name longer than PATH_MAX is denied" EACCES $op deep-read 25 $component file
cd /tmp
expect_log "the long name is logged with its reason" 'pathprof="DENIED"' 'info="name too long"' \
	'profile="t-files"'
finish
