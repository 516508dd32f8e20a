#!/bin/bash
# Hard links: l on the link name and on the pair (name, target), as
# AppArmor encodes link rules. "link A -> B" lets A be made a link to B
# and to nothing else; "l" without a target allows any target; a deny
# link rule denies its pair only; an audit link rule logs the target.
. "$(dirname "$0")/lib.sh"
need_pathprof

t=/tmp/t/links
op=$t/op
install_op $op
mkdir -p $t/d
for f in y z secret; do
	echo content >$t/$f
done

cat >$t/profile <<PROFILE
profile t-links $op {
  $t/{x,y,z,any,secret,au} rw,
  link $t/x -> $t/y,
  $t/any l,
  $t/d/** rwl,
  deny link $t/d/n -> $t/secret,
  audit link $t/au -> $t/y,
}
PROFILE
expect_ok "the profile loads" load_profile $t/profile

log_mark
expect_op "link x -> z is denied (not the rule's target)" EACCES $op link $t/z $t/x
expect_log "the denial names link and target" 'pathprof="DENIED"' 'operation="link"' \
	'profile="t-links"' "name=\"$t/x\"" "target=\"$t/z\"" 'info="target restricted"' \
	'requested_mask="l"' 'denied_mask="l"'
expect_op "link x -> y is allowed (the rule's target)" ok $op link $t/y $t/x
expect_no_log "the allowed link is not logged" "name=\"$t/x\"" "target=\"$t/y\""

log_mark
expect_op "l without a target: any target" ok $op link $t/z $t/any
expect_op "a deny link rule denies its pair" EACCES $op link $t/secret $t/d/n
expect_no_log "a plain deny link is quiet" "name=\"$t/d/n\""
expect_op "the deny link leaves other targets" ok $op link $t/z $t/d/n
expect_op "and other names with that target" ok $op link $t/secret $t/d/m

log_mark
expect_op "an audit link rule allows its pair" ok $op link $t/y $t/au
expect_log "and logs it with the target" 'pathprof="AUDIT"' 'operation="link"' \
	"name=\"$t/au\"" "target=\"$t/y\""
finish
