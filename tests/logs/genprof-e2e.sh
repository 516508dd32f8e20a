#!/bin/bash
# pp-genprof end to end in the test kernel (suite 'kernel', run by pp-vm):
# a program confined by a skeleton profile in complain mode does its job,
# pp-genprof --auto turns the kernel log into rules and enforces the
# profile; the program then runs again without a single DENIED line, and
# the same program doing one thing more gets exactly that thing denied.
. "$PP_TOP/tests/kernel/lib.sh"

fs=/sys/kernel/security/pathprof
[ -d $fs ] || { echo "not ok - no pathprof securityfs in the test kernel"; exit 1; }
echo 0 > /proc/sys/kernel/printk_ratelimit
bin=$PP_BUILD/utils
d=/tmp/e2e
# data outside /tmp: abstractions/user-tmp (which pp-genprof rightly
# proposes for the script in /tmp) grants the owner all of /tmp
data=/run/e2e/data
mkdir -p $d/prof $d/bin $data
cp /bin/dash $d/bin/pp-e2e-prog
prog=$d/bin/pp-e2e-prog
echo extra > $data/extra
cat > $d/task.sh <<'TASK'
cat /etc/hostname > /run/e2e/data/out
ls /run/e2e/data > /dev/null
echo done >> /run/e2e/data/out
if [ "${1:-}" = more ]; then cat /run/e2e/data/extra; fi
TASK
gen=("$bin/pp-genprof" --auto -d $d/prof -I "$PP_TOP/profiles")

# 1. skeleton, complain mode, loaded
expect_ok "pp-genprof creates and loads a skeleton in complain mode" \
	"${gen[@]}" --keep-complain --log /dev/null $prog
expect_ok "the skeleton is loaded in complain mode" \
	grep -qxF "$prog (complain)" $fs/profiles
# 2. exercise the program in complain mode
log_mark
expect_ok "the program runs in complain mode" $prog $d/task.sh
expect_log "complain mode logged ALLOWED lines" 'pathprof="ALLOWED"' "profile=\"$prog\""
log_since_mark > $d/learn.log
echo "# learning log: $(grep -c 'pathprof="ALLOWED"' $d/learn.log) ALLOWED lines"
# 3. generate, enforce, reload
expect_ok "pp-genprof --auto builds the profile from the log" \
	"${gen[@]}" --log $d/learn.log $prog
expect_ok "the profile is loaded in enforce mode" \
	grep -qxF "$prog (enforce)" $fs/profiles
expect_ok "the generated profile passes pp-parse -Q" \
	"$bin/pp-parse" -Q -I "$PP_TOP/profiles" $d/prof/tmp.e2e.bin.pp-e2e-prog
sed 's/^/#   /' $d/prof/tmp.e2e.bin.pp-e2e-prog
# 4. the same run: allowed, no DENIED line
rm -f $data/out
log_mark
expect_ok "the program runs under the generated profile" $prog $d/task.sh
expect_ok "it did its job" grep -qx done $data/out
expect_no_log "no DENIED line" 'pathprof="DENIED"'
# 5. one thing more: exactly that is denied
log_mark
expect_errno "the extra read is refused" "Permission denied" $prog $d/task.sh more
expect_log "the extra read is logged" 'pathprof="DENIED"' 'name="/run/e2e/data/extra"' 'requested_mask="r"'
n=$(log_since_mark | grep -c 'pathprof="DENIED"')
[ "$n" = 1 ] && pp_result ok "exactly one DENIED line" ||
	{ pp_result fail "exactly one DENIED line (got $n)"; log_since_mark | sed 's/^/#   /'; }
# 6. pp-status (with a confined process waiting on a fifo) and runtime switching
mkfifo $data/fifo
exec 3<>$data/fifo
$prog -c 'read x' <&3 &
waiter=$!
sleep 1
expect_ok "pp-status lists the profile" sh -c "'$bin/pp-status' | grep -qxF '   $prog'"
expect_ok "pp-status lists the confined process" \
	sh -c "'$bin/pp-status' | grep -qxF '   ($waiter) $prog'"
expect_ok "pp-status --json has the process" \
	sh -c "'$bin/pp-status' --json | grep -qF '\"$waiter\": [{\"profile\": \"$prog\", \"status\": \"enforce\"}]'"
expect_ok "pp-status exits 0 with profiles loaded" "$bin/pp-status" --enabled
echo done >&3
wait $waiter
exec 3>&-
expect_ok "pp-complain --runtime switches it" "$bin/pp-complain" --runtime $prog
expect_ok "it is in complain mode" grep -qxF "$prog (complain)" $fs/profiles
expect_ok "pp-enforce reloads it from its file" "$bin/pp-enforce" -d $d/prof -I "$PP_TOP/profiles" $prog
expect_ok "it is in enforce mode again" grep -qxF "$prog (enforce)" $fs/profiles
# 7. AppArmor's own log lines: a copy of cat in an AppArmor complain
#    profile, its real ALLOWED lines, pp-genprof --dry-run on them
if [ -d /sys/kernel/security/apparmor ] && command -v apparmor_parser > /dev/null; then
	cp /bin/cat $d/bin/aa-cat
	echo hello > $data/aa-input
	printf 'profile aa-cat %s flags=(complain) {\n}\n' $d/bin/aa-cat > $d/aa-profile
	expect_ok "apparmor_parser loads a complain profile" apparmor_parser -r -K $d/aa-profile
	log_mark
	expect_ok "AppArmor-confined cat runs" $d/bin/aa-cat $data/aa-input
	log_since_mark | grep 'apparmor="ALLOWED"' > $d/aa.log
	expect_ok "AppArmor logged ALLOWED lines" test -s $d/aa.log
	sed 's/^/#   /' $d/aa.log
	"$bin/pp-logprof" --auto --dry-run -d $d/prof -I "$PP_TOP/profiles" \
		--log $d/aa.log > $d/aa-gen 2>&1 < /dev/null
	pp_result $([ $? = 0 ] && echo ok || echo fail) "pp-logprof --dry-run on AppArmor's log"
	sed 's/^/#   /' $d/aa-gen
	expect_ok "the read of the input is in the generated profile" \
		grep -q "@{run}/e2e/data/aa-input r," $d/aa-gen
fi
finish
