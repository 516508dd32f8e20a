#!/bin/bash
# The KUnit suite of the LSM (blob verification, unpacking and matching in
# the kernel) ran at boot: read its KTAP result from the kernel log.
. "$(dirname "$0")/lib.sh"

log=$(dmesg -t)
summary=$(grep -E '# pathprof: pass:[0-9]+ fail:[0-9]+' <<<"$log" | tail -1)
if [ -z "$summary" ]; then
	echo "not ok - no KUnit suite pathprof in the boot log (CONFIG_SECURITY_PATHPROF_KUNIT_TEST?)"
	grep -E 'KTAP|^ *(not )?ok|# ' <<<"$log" | sed 's/^/# /'
	exit 1
fi
echo "# $summary"
grep -E '^ +(not )?ok [0-9]+ ' <<<"$log" | sed 's/^ */# /'
pass=$(sed -n 's/.*pass:\([0-9]*\).*/\1/p' <<<"$summary")
expect_ok "KUnit suite pathprof reported success" grep -qE '^ok [0-9]+ pathprof$' <<<"$log"
expect_ok "no KUnit case failed" test -z "$(grep -E '^ *not ok' <<<"$log")"
expect_ok "fail:0 in the summary" grep -q 'fail:0' <<<"$summary"
expect_ok "at least one case passed" test "${pass:-0}" -gt 0
finish
