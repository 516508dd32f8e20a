#!/bin/bash
# .replace while a confined task keeps running takes effect on its next
# access; .remove unconfines it; a replacement drops the children it lacks.
. "$(dirname "$0")/lib.sh"
need_pathprof

t=/tmp/t/repl
install_op $t/op
echo x >$t/a
echo x >$t/b

write_profile() { # the one readable file
	cat >$t/profile <<PROFILE
profile t-repl $t/op {
  $t/$1 r,
}
PROFILE
}

write_profile a
expect_ok "the first version loads" load_profile $t/profile

# One confined task for the whole test: it answers one operation per line.
coproc SERVER { exec $t/op serve; }
ask() { # op args -> the server's answer
	echo "$*" >&"${SERVER[1]}"
	local answer
	read -r -t 60 answer <&"${SERVER[0]}" || answer="no answer"
	echo "$answer"
}
expect_op "running task: a allowed" ok ask read $t/a
log_mark
expect_op "running task: b denied" EACCES ask read $t/b
expect_log "b denied by the first version" 'pathprof="DENIED"' 'profile="t-repl"' "name=\"$t/b\""

write_profile b
log_mark
expect_ok "the second version replaces it (pp-parse -r)" load_profile $t/profile
expect_log "the replace is logged" 'pathprof="STATUS"' 'operation="profile_replace"' 'profile="t-repl"'
expect_op "same task after replace: b allowed" ok ask read $t/b
expect_op "same task after replace: a denied" EACCES ask read $t/a
expect_log "a denied by the second version" 'pathprof="DENIED"' 'profile="t-repl"' "name=\"$t/a\""

log_mark
expect_ok ".remove" bash -c "echo t-repl >$pp_sec/.remove"
expect_log "the removal is logged" 'pathprof="STATUS"' 'operation="profile_remove"' 'profile="t-repl"'
expect_ok "profiles no longer lists it" test -z "$(grep '^t-repl ' $pp_sec/profiles)"
log_mark
expect_op "same task after remove: a allowed" ok ask read $t/a
expect_op "same task after remove: b allowed" ok ask read $t/b
expect_op "same task after remove: write allowed" ok ask write $t/a
expect_no_log "nothing denied after remove" 'pathprof="DENIED"'
expect_output "a new exec is unconfined" $'unconfined\nok' $t/op cat $pp_sec/current
expect_errno ".remove of an unknown name fails" "No such file" bash -c "echo t-repl >$pp_sec/.remove"
exec {SERVER[1]}>&-
wait

# A replacement replaces the whole family: a child or hat the new version
# no longer has is removed, the others are replaced.
write_family() { # children...
	{
		echo "profile t-fam {"
		for c in "$@"; do printf '  %s {\n  }\n' "$c"; done
		echo "}"
	} >$t/fam
}
write_family "profile kid" "^hat"
expect_ok "a family loads" load_profile $t/fam
expect_ok "profiles lists its child" grep -q '^t-fam//kid ' $pp_sec/profiles
write_family "^hat"
log_mark
expect_ok "the family is replaced without the child" load_profile $t/fam
expect_log "the dropped child is logged" 'pathprof="STATUS"' 'operation="profile_remove"' \
	'profile="t-fam//kid"' 'info="not in the replacement"'
expect_ok "profiles no longer lists the child" test -z "$(grep '^t-fam//kid ' $pp_sec/profiles)"
expect_ok "the kept hat is still listed" grep -q '^t-fam//hat ' $pp_sec/profiles
expect_ok "the parent is still listed" grep -q '^t-fam ' $pp_sec/profiles
finish
