#!/bin/bash
# Exec: attachment by path, ix, px (attached and named), Px (AT_SECURE),
# cx to a child profile, ux, and an exec without x.
. "$(dirname "$0")/lib.sh"
need_pathprof

t=/tmp/t/exec
cur=$pp_sec/current
for b in op ix-op px-op Px-op named-op cx-op ux-op noexec-op; do
	install_op $t/$b
done

cat >$t/profile <<PROFILE
profile t-exec $t/op {
  $cur r,
  $t/ix-op ix,
  $t/px-op px,
  $t/Px-op Px,
  $t/named-op px -> t-exec-named,
  $t/cx-op cx -> child,
  $t/ux-op ux,
  $t/noexec-op r,

  profile child {
    $cur r,
  }
}
profile t-exec-px $t/{px-op,Px-op} {
  $cur r,
}
profile t-exec-named {
  $cur r,
}
PROFILE
expect_ok "the profiles load" load_profile $t/profile

expect_output "an unconfined task is unconfined" $'unconfined\nok' "$pp_op_bin" cat $cur
log_mark
expect_output "attachment: exec of $t/op enters t-exec" $'t-exec (enforce)\nok' $t/op cat $cur
expect_output "ix stays in t-exec" $'t-exec (enforce)\nok' $t/op exec $t/ix-op cat $cur
expect_output "px enters the profile attached to the target" $'t-exec-px (enforce)\nok' \
	$t/op exec $t/px-op cat $cur
expect_output "px -> NAME enters the named profile" $'t-exec-named (enforce)\nok' \
	$t/op exec $t/named-op cat $cur
expect_output "cx -> child enters the child profile" $'t-exec//child (enforce)\nok' \
	$t/op exec $t/cx-op cat $cur
expect_output "ux leaves confinement" $'unconfined\nok' $t/op exec $t/ux-op cat $cur
expect_no_log "allowed execs are not logged" 'pathprof="DENIED"'

expect_output "px does not set AT_SECURE" $'AT_SECURE=0\nok' $t/op exec $t/px-op at-secure
expect_output "Px sets AT_SECURE" $'AT_SECURE=1\nok' $t/op exec $t/Px-op at-secure

log_mark
expect_op "exec without x is denied" EACCES $t/op exec $t/noexec-op cat $cur
expect_log "the denied exec is logged" 'pathprof="DENIED"' 'operation="exec"' \
	'profile="t-exec"' "name=\"$t/noexec-op\"" 'denied_mask="x"'
expect_op "exec of a path with no rule is denied" EACCES $t/op exec /bin/true
expect_log "that denial is logged" 'pathprof="DENIED"' 'operation="exec"' 'name="/usr/bin/true"'
finish
