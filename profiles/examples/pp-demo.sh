#!/bin/sh
# The README demo, run inside the test kernel by
#   utils/pp-try --build build profiles/examples/pp-demo -- /bin/sh profiles/examples/pp-demo.sh
# (utils/pp-setup does exactly that). This script itself is unconfined: it
# installs a shell under the name pp-demo, which the pp-demo profile
# attaches to, and runs one allowed and one denied access confined.
# Exit status 0 when the read succeeded and the write was refused.
set -u
mkdir -p /tmp/bin /tmp/demo/secret
cp /bin/dash /tmp/bin/pp-demo || exit 1

/tmp/bin/pp-demo -c '
	echo "== confined by: $(cat /sys/kernel/security/pathprof/current)"
	echo "== allowed: cat /etc/hostname"
	cat /etc/hostname || exit 10
	echo "== denied: echo x > /tmp/demo/secret/key"
	if (echo x > /tmp/demo/secret/key) 2>/dev/null; then
		echo "the write was NOT denied"
		exit 11
	fi
	echo "write refused: Permission denied"
'
