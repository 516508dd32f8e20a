#!/bin/bash
# Complain mode allows and logs ALLOWED; the mode switches at run time
# (securityfs mode file) and by reload after the flags change.
. "$(dirname "$0")/lib.sh"
need_pathprof

t=/tmp/t/mode
install_op $t/op
echo x >$t/allowed
echo x >$t/other

write_profile() { # flags
	cat >$t/profile <<PROFILE
profile t-mode $t/op $1 {
  $t/allowed r,
  deny $t/denied-always r,
}
PROFILE
}
echo x >$t/denied-always

write_profile "flags=(complain)"
expect_ok "the complain profile loads" load_profile $t/profile
expect_ok "profiles lists it in complain mode" grep -qx 't-mode (complain)' $pp_sec/profiles

log_mark
expect_op "complain: an allowed read" ok $t/op read $t/allowed
expect_op "complain: a read without a rule goes through" ok $t/op read $t/other
expect_log "complain: logged ALLOWED" 'pathprof="ALLOWED"' 'operation="open"' \
	'profile="t-mode"' "name=\"$t/other\"" 'requested_mask="r"'
expect_op "complain: a deny rule still denies" EACCES $t/op read $t/denied-always

log_mark
expect_ok "switch to enforce at run time" sh -c "echo 't-mode enforce' >$pp_sec/mode"
expect_ok "profiles shows enforce" grep -qx 't-mode (enforce)' $pp_sec/profiles
expect_log "the switch is logged" 'pathprof="STATUS"' 'operation="profile_mode"' 'profile="t-mode"'
expect_op "enforce: the read is denied" EACCES $t/op read $t/other
expect_log "enforce: logged DENIED" 'pathprof="DENIED"' "name=\"$t/other\""

log_mark
expect_ok "switch back to complain" sh -c "echo 't-mode complain' >$pp_sec/mode"
expect_op "complain again: goes through" ok $t/op read $t/other
expect_log "complain again: logged ALLOWED" 'pathprof="ALLOWED"' "name=\"$t/other\""
expect_errno "an unknown mode is refused" "Invalid argument" bash -c "echo 't-mode sideways' >$pp_sec/mode"
expect_errno "an unknown profile is refused" "No such file" bash -c "echo 'nope enforce' >$pp_sec/mode"

# By reload: the flags in the text decide.
write_profile ""
log_mark
expect_ok "reload without complain (pp-parse -r)" load_profile $t/profile
expect_ok "profiles shows enforce after reload" grep -qx 't-mode (enforce)' $pp_sec/profiles
expect_log "the replace is logged" 'pathprof="STATUS"' 'operation="profile_replace"' 'profile="t-mode"'
expect_op "enforce after reload: denied" EACCES $t/op read $t/other
expect_log "enforce after reload: logged DENIED" 'pathprof="DENIED"' "name=\"$t/other\""

write_profile "flags=(complain)"
log_mark
expect_ok "reload with flags=(complain)" load_profile $t/profile
expect_op "complain after reload: goes through" ok $t/op read $t/other
expect_log "complain after reload: logged ALLOWED" 'pathprof="ALLOWED"' "name=\"$t/other\""

write_profile ""
log_mark
expect_ok "pp-parse -C forces complain" load_profile -C $t/profile
expect_ok "profiles shows complain" grep -qx 't-mode (complain)' $pp_sec/profiles
finish
