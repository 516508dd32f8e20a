#!/bin/bash
# Malformed blobs are rejected with a clear errno and a log line, and the
# loaded policy stays exactly as it was; unprivileged writes to .load fail.
. "$(dirname "$0")/lib.sh"
need_pathprof
corrupt=${PP_KT_CORRUPT:?}

t=/tmp/t/blobs
install_op $t/op
echo x >$t/file
cat >$t/profile <<PROFILE
profile t-blob $t/op2 {
  $t/file r,
  $t/op px -> t-blob-next,
}
profile t-blob-next {
  $t/file r,
}
PROFILE
expect_ok "the profile compiles to a blob (pp-parse -o)" "$pp_parse" -Q -K -o $t/good.blob $t/profile
cat >$t/keeper <<PROFILE
profile t-keeper $t/op {
  $t/file r,
  $pp_sec/current r,
}
PROFILE
expect_ok "an unrelated profile is loaded" load_profile $t/keeper
before=$(profiles_snapshot)

reject() { # kind errno-name
	local kind=$1 want=$2 reason
	if ! reason=$("$corrupt" "$kind" $t/good.blob $t/$kind.blob 2>&1); then
		pp_result fail "$kind: could not make the blob: $reason"
		return
	fi
	log_mark
	expect_op "$kind blob ($reason) rejected by .load" "$want" \
		"$pp_op_bin" write-file $t/$kind.blob $pp_sec/.load
	expect_op "$kind blob rejected by .replace" "$want" \
		"$pp_op_bin" write-file $t/$kind.blob $pp_sec/.replace
	expect_log "$kind: the rejection is logged with its reason" 'pathprof="STATUS"' \
		'operation="profile_' 'info="' 'error=' 'offset='
	expect_output "$kind: the policy is unchanged" "$before" profiles_snapshot
}
reject truncated EINVAL
reject magic EPROTO
reject trailing EINVAL
reject state-range EINVAL
reject class-range EINVAL
reject perm-range EINVAL
reject xtarget-range EINVAL

expect_op "the confined program is still confined by t-keeper" ok $t/op read $t/file
expect_output "by t-keeper" $'t-keeper (enforce)\nok' sh -c "$t/op cat $pp_sec/current 2>&1 || true"

log_mark
expect_op "uid 1000 cannot write .load" EACCES "$pp_op_bin" asuser 1000 write-file $t/good.blob $pp_sec/.load
expect_op "root without CAP_MAC_ADMIN cannot write .load" EPERM \
	"$pp_op_bin" nocaps write-file $t/good.blob $pp_sec/.load
expect_op "nor .replace" EPERM "$pp_op_bin" nocaps write-file $t/good.blob $pp_sec/.replace
expect_output "the policy is unchanged" "$before" profiles_snapshot

expect_op "the good blob loads" ok "$pp_op_bin" write-file $t/good.blob $pp_sec/.load
expect_ok "t-blob is listed" grep -qx 't-blob (enforce)' $pp_sec/profiles
expect_op "loading it again: EEXIST" EEXIST "$pp_op_bin" write-file $t/good.blob $pp_sec/.load
finish
