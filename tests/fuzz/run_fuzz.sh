#!/bin/sh
# Run a libFuzzer binary for a bounded time on a fresh seed corpus.
# usage: run_fuzz.sh FUZZER SEEDGEN SECONDS ARTIFACT_DIR [SEEDGEN_ARG...]
# (SEEDGEN is run as: SEEDGEN [SEEDGEN_ARG...] SEED_DIR)
# Fails (exit 1) on any crash, sanitizer report, leak or timeout; the
# crashing input is kept in ARTIFACT_DIR to reproduce with: FUZZER FILE
set -u
fuzzer=$1 seedgen=$2 secs=$3 artifacts=$4
shift 4
work=$(mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/corpus" "$work/seeds" "$artifacts" || exit 1
"$seedgen" "$@" "$work/seeds" || exit 1
"$fuzzer" -seed=1 -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
	-print_final_stats=1 -artifact_prefix="$artifacts/" \
	"$work/corpus" "$work/seeds" >"$work/log" 2>&1
rc=$?
grep -E '^INFO: Seed|^#[0-9]+ +DONE|^Done [0-9]+ runs|^stat::' "$work/log"
if [ $rc -ne 0 ]; then
	echo "fuzzer failed (exit $rc); log tail:"
	tail -n 60 "$work/log"
	exit 1
fi
grep -q '^Done [0-9]* runs' "$work/log" || { tail -n 30 "$work/log"; exit 1; }
exit 0
