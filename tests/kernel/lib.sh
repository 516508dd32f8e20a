# Shared helpers of the guest-side kernel tests (sourced, bash).
# A test script runs as the command of utils/pp-vm inside the test kernel:
# it sets up policy, runs syscalls, and checks both each result and the
# log line the kernel wrote for it. Checks print TAP-like lines; `finish`
# exits non-zero when any check failed.

set -u
pp_failed=0
pp_checks=0
pp_top=${PP_TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
pp_build=${PP_BUILD:-}

pp_result() { # ok|fail, description
	pp_checks=$((pp_checks + 1))
	if [ "$1" = ok ]; then
		echo "ok $pp_checks - $2"
	else
		echo "not ok $pp_checks - $2"
		pp_failed=$((pp_failed + 1))
	fi
}

# expect_ok DESC CMD...: CMD must exit 0.
expect_ok() {
	local desc=$1; shift
	local out
	if out=$("$@" 2>&1); then
		pp_result ok "$desc"
	else
		pp_result fail "$desc (exit $?): $out"
	fi
}

# expect_errno DESC ERRTEXT CMD...: CMD must fail and print ERRTEXT
# (e.g. "Permission denied") on stdout/stderr.
expect_errno() {
	local desc=$1 err=$2; shift 2
	local out status=0
	out=$("$@" 2>&1) || status=$?
	if [ $status -ne 0 ] && [[ $out == *"$err"* ]]; then
		pp_result ok "$desc"
	else
		pp_result fail "$desc (exit $status, wanted \"$err\"): $out"
	fi
}

# Kernel log since the last log_mark. Marking clears the ring buffer (line
# counts stop growing once it wraps); the serial console keeps everything.
log_mark() { dmesg -C; }
log_since_mark() { dmesg -t; }

# log_lines_with WORD...: the log lines since the last log_mark that
# contain every WORD (fixed strings, any order).
log_lines_with() {
	local lines word
	lines=$(log_since_mark)
	for word in "$@"; do
		lines=$(grep -F -- "$word" <<<"$lines") || true
	done
	printf '%s' "$lines"
}

# expect_log DESC WORD...: one kernel log line written since the last
# log_mark contains every WORD.
expect_log() {
	local desc=$1; shift
	local lines
	lines=$(log_lines_with "$@")
	if [ -n "$lines" ]; then
		pp_result ok "$desc"
	else
		pp_result fail "$desc: no log line with: $*"
		log_since_mark | sed 's/^/#   /'
	fi
}

# expect_no_log DESC WORD...: no such line since the last log_mark.
expect_no_log() {
	local desc=$1; shift
	local lines
	lines=$(log_lines_with "$@")
	if [ -z "$lines" ]; then
		pp_result ok "$desc"
	else
		pp_result fail "$desc: unexpected log line: $lines"
	fi
}

skip_all() { echo "1..0 # SKIP $*"; exit 77; }

finish() {
	echo "1..$pp_checks"
	if [ $pp_checks -eq 0 ]; then
		echo "# no checks ran"
		exit 1
	fi
	[ $pp_failed -eq 0 ] || { echo "# $pp_failed of $pp_checks checks failed"; exit 1; }
	exit 0
}

# --- pathprof ---
pp_sec=/sys/kernel/security/pathprof
pp_op_bin=${PP_KT_OP:-}
pp_parse=${PP_PARSE:-$pp_build/utils/pp-parse}

need_pathprof() {
	if [ ! -d $pp_sec ]; then
		echo "not ok - the test kernel has no pathprof (is it in CONFIG_LSM?)"
		exit 1
	fi
	[ -x "$pp_parse" ] || { echo "not ok - no pp-parse at $pp_parse"; exit 1; }
	[ -x "$pp_op_bin" ] || { echo "not ok - no pp-kt-op at $pp_op_bin"; exit 1; }
}

# install_op PATH: a copy of pp-kt-op at PATH (on the guest tmpfs), so the
# profile attached to PATH confines it.
install_op() {
	mkdir -p "$(dirname "$1")"
	cp "$pp_op_bin" "$1"
}

# load_profile FILE [pp-parse options]: compile and .replace.
load_profile() { "$pp_parse" -r -K "$@"; }

# expect_op DESC EXPECTED CMD...: CMD (a pp-kt-op) must print EXPECTED
# ("ok", "EACCES", ...) as its last line.
expect_op() {
	local desc=$1 want=$2; shift 2
	local out
	out=$("$@" 2>&1)
	if [ "$(tail -n 1 <<<"$out")" = "$want" ]; then
		pp_result ok "$desc"
	else
		pp_result fail "$desc: wanted $want, got: $out"
	fi
}

# expect_output DESC EXPECTED CMD...: CMD's whole stdout must be EXPECTED.
expect_output() {
	local desc=$1 want=$2; shift 2
	local out
	out=$("$@" 2>&1)
	if [ "$out" = "$want" ]; then
		pp_result ok "$desc"
	else
		pp_result fail "$desc: wanted \"$want\", got \"$out\""
	fi
}

# The profiles file, sorted, for before/after comparisons.
profiles_snapshot() { sort $pp_sec/profiles; }
