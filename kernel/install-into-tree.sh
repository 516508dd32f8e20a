#!/bin/sh
# Drop the pathprof LSM into a Linux 6.12 source tree (idempotent).
#   kernel/install-into-tree.sh KSRC
# - security/pathprof -> this directory (symlink, so edits rebuild incrementally)
# - security/Kconfig, security/Makefile: source / build it
# - include/linux/lsm_count.h: count it, because 6.12 sizes its static-call
#   slots and lsm_idlist by the number of LSMs built in and panics on one more.
set -eu
ksrc=${1:?usage: install-into-tree.sh KSRC}
here=$(cd "$(dirname "$0")" && pwd -P)

test -f "$ksrc/include/linux/lsm_count.h" || {
	echo "install-into-tree.sh: $ksrc is not a Linux >= 6.11 tree" >&2; exit 1; }

ln -sfn "$here" "$ksrc/security/pathprof"

grep -q 'security/pathprof/Kconfig' "$ksrc/security/Kconfig" ||
	sed -i 's|^source "security/landlock/Kconfig"$|&\nsource "security/pathprof/Kconfig"|' \
		"$ksrc/security/Kconfig"
grep -q 'security/pathprof/Kconfig' "$ksrc/security/Kconfig" || {
	echo "install-into-tree.sh: could not patch security/Kconfig" >&2; exit 1; }

grep -q 'CONFIG_SECURITY_PATHPROF' "$ksrc/security/Makefile" ||
	printf 'obj-$(CONFIG_SECURITY_PATHPROF)\t\t+= pathprof/\n' >> "$ksrc/security/Makefile"

h="$ksrc/include/linux/lsm_count.h"
if ! grep -q PATHPROF_ENABLED "$h"; then
	sed -i 's|^#define MAX_LSM_COUNT\t*\\$|#if IS_ENABLED(CONFIG_SECURITY_PATHPROF)\n#define PATHPROF_ENABLED 1,\n#else\n#define PATHPROF_ENABLED\n#endif\n\n&|' "$h"
	sed -i 's|^\(\t*\)IPE_ENABLED)$|\1IPE_ENABLED\t\t\\\n\1PATHPROF_ENABLED)|' "$h"
	test "$(grep -c PATHPROF_ENABLED "$h")" -eq 3 || {
		echo "install-into-tree.sh: could not patch $h" >&2; exit 1; }
fi
