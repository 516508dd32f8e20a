#!/bin/sh
# Seeds for fuzz_parser: real profiles (ours, the conformance cases and,
# when installed, Debian's), one file each.
# usage: parser_seeds.sh SRCROOT OUTDIR
set -eu
src=$1 out=$2
n=0
for f in "$src"/profiles/examples/* "$src"/tests/tools/conformance/*.pp \
	 /etc/apparmor.d/* /usr/share/apparmor/extra-profiles/*; do
	[ -f "$f" ] || continue
	n=$((n + 1))
	cp "$f" "$out/seed-$n"
done
[ "$n" -gt 0 ]
