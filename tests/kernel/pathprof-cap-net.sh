#!/bin/bash
# Capability rules (chown needs CAP_CHOWN) and network rules (inet stream
# allowed, inet dgram not).
. "$(dirname "$0")/lib.sh"
need_pathprof

t=/tmp/t/capnet
install_op $t/op
install_op $t/op-nocap
echo x >$t/file

cat >$t/profile <<PROFILE
profile t-capnet $t/op {
  $t/** rw,
  capability chown,
  network inet stream,
  network unix,
}
profile t-nocap $t/op-nocap {
  $t/** rw,
}
PROFILE
expect_ok "the profiles load" load_profile $t/profile

log_mark
expect_op "chown with capability chown" ok $t/op chown $t/file 1000 1000
expect_no_log "the allowed capability is not logged" 'pathprof="DENIED"'
expect_op "chown without the capability rule" EPERM $t/op-nocap chown $t/file 0 0
expect_log "the capability denial is logged" 'pathprof="DENIED"' 'operation="capable"' \
	'profile="t-nocap"' 'capability=0' 'capname="chown"'
expect_op "unconfined chown still works" ok "$pp_op_bin" chown $t/file 0 0

log_mark
expect_op "network inet stream allowed" ok $t/op socket inet stream
expect_op "network unix (any type) allowed" ok $t/op socket unix dgram
expect_no_log "allowed sockets are not logged" 'pathprof="DENIED"'
expect_op "inet dgram denied" EACCES $t/op socket inet dgram
expect_log "the socket denial is logged" 'pathprof="DENIED"' 'operation="create"' \
	'profile="t-capnet"' 'family="inet"' 'sock_type="dgram"' 'denied_mask="create"'
expect_op "inet6 stream denied" EACCES $t/op socket inet6 stream
expect_op "no network rule: unix denied" EACCES $t/op-nocap socket unix stream
expect_log "that denial is logged" 'pathprof="DENIED"' 'profile="t-nocap"' 'family="unix"'
expect_op "unconfined inet dgram works" ok "$pp_op_bin" socket inet dgram
finish
