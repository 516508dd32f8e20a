#!/bin/bash
# The genprof tools end to end without a kernel: pp-genprof --dry-run and
# into a directory, pp-logprof idempotence, pp-complain/pp-enforce byte-for-
# byte round trip, pp-status without the LSM, --help against the man pages.
#   tools.sh BUILD_UTILS_DIR SOURCE_ROOT
set -u
bin=$1 src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
inc=(-I "$src/profiles")
export PP_PARSE="$bin/pp-parse"

# 1. dry run: prints a profile that pp-parse accepts, writes nothing
out=$("$bin/pp-genprof" --auto --dry-run -d "$tmp/none" "${inc[@]}" \
      --log "$src/tests/logs/propose.log" /usr/bin/demo) || fail "dry run exit $?"
[ -e "$tmp/none" ] && fail "dry run created the profile directory"
printf '%s\n' "$out" > "$tmp/dry"
"$bin/pp-parse" -Q -q "${inc[@]}" "$tmp/dry" || fail "dry-run output does not pass pp-parse -Q"
for want in '/usr/bin/demo {' '  /bin/ls ix,' '  /usr/lib/demo/helper cx,' \
            '  capability net_admin,' '  network inet raw,' \
            '  profile /usr/lib/demo/helper {' '    /var/lib/demo/helper.db rwk,' \
            '  profile worker {' '  "/var/lib/demo/state db" w,'; do
	grep -qxF -- "$want" "$tmp/dry" || fail "dry run lacks: $want"
done
grep -q 'flags=(complain)' "$tmp/dry" && fail "genprof should end in enforce mode"
grep -q ' ux,\| rwx,\|^ */\*\* ' "$tmp/dry" && fail "ux or whole-filesystem rule proposed"

# 1b. names with quotes, commas, braces, spaces, control bytes: the rules
#     parse, and each logged name is granted by the compiled profile
"$bin/pp-genprof" --auto --dry-run -d "$tmp/none" "${inc[@]}" \
	--log "$src/tests/logs/nasty.log" /usr/bin/nasty > "$tmp/nasty" ||
	fail "genprof on odd names"
"$bin/pp-parse" -q "${inc[@]}" -o "$tmp/nasty.blob" "$tmp/nasty" ||
	fail "odd-name profile does not compile"
while read -r hex; do
	name=$(printf '%s' "$hex" | sed 's/../\\x&/g')
	name=$(printf "$name"; printf x); name=${name%x}
	"$bin/pp-match" --perm r "$tmp/nasty.blob" /usr/bin/nasty "$name" > /dev/null ||
		fail "odd name $hex not granted by its generated rule"
done < <(sed -n 's/.* name=\([0-9A-F]*\) .*/\1/p' "$src/tests/logs/nasty.log")

# 1c. an existing profile named otherwise ("profile cat-like /usr/bin/demo")
#     or attached by a glob is the one extended: its events carry its name
mkdir "$tmp/named"
printf 'include <tunables/global>\nprofile demo-wide /usr/bin/* {\n}\nprofile demo-named /usr/bin/demo {\n}\n' \
	> "$tmp/named/demo"
sed 's/profile="\/usr\/bin\/demo/profile="demo-named/' "$src/tests/logs/propose.log" \
	> "$tmp/named.log"
"$bin/pp-genprof" --auto --dry-run -d "$tmp/named" "${inc[@]}" \
	--log "$tmp/named.log" /usr/bin/demo > "$tmp/named.out" 2> "$tmp/named.err" ||
	fail "genprof with a profile named otherwise"
grep -q 'using profile demo-named' "$tmp/named.err" ||
	fail "genprof did not pick the most specific attached profile"
grep -qxF '  /bin/ls ix,' "$tmp/named.out" || fail "events of demo-named were not proposed"
grep -q '^/usr/bin/demo {' "$tmp/named.out" && fail "genprof wrote a second profile for /usr/bin/demo"

# 2. the same log on stdin, into a directory, then pp-logprof adds nothing
mkdir "$tmp/d"
"$bin/pp-genprof" --auto --no-reload --keep-complain -d "$tmp/d" "${inc[@]}" \
	--log - /usr/bin/demo < "$src/tests/logs/propose.log" > /dev/null ||
	fail "genprof into a directory"
[ -f "$tmp/d/usr.bin.demo" ] || fail "no $tmp/d/usr.bin.demo"
grep -q '^/usr/bin/demo flags=(complain) {' "$tmp/d/usr.bin.demo" ||
	fail "--keep-complain did not keep complain"
cp "$tmp/d/usr.bin.demo" "$tmp/first"
"$bin/pp-logprof" --auto --no-reload -d "$tmp/d" "${inc[@]}" \
	--log "$src/tests/logs/propose.log" > /dev/null || fail "logprof exit"
cmp -s "$tmp/first" "$tmp/d/usr.bin.demo" || fail "logprof on the same log changed the profile"

# 3. complain / enforce: byte-for-byte round trip, only the header changes
cp "$src/tests/logs/edit.profile" "$tmp/d/edit"
"$bin/pp-complain" --no-reload -d "$tmp/d" "${inc[@]}" /usr/bin/plain > /dev/null ||
	fail "pp-complain exit"
[ "$(diff "$src/tests/logs/edit.profile" "$tmp/d/edit" | grep -c '^[<>]')" = 2 ] ||
	fail "pp-complain changed more than the header line"
"$bin/pp-enforce" --no-reload -d "$tmp/d" "${inc[@]}" /usr/bin/plain > /dev/null ||
	fail "pp-enforce exit"
cmp -s "$src/tests/logs/edit.profile" "$tmp/d/edit" || fail "complain+enforce is not byte-for-byte"
"$bin/pp-complain" --no-reload -d "$tmp/d" /usr/bin/nosuch 2> "$tmp/err" &&
	fail "pp-complain on a missing profile succeeded"
grep -q 'no profile for "/usr/bin/nosuch"' "$tmp/err" || fail "missing-profile message: $(cat "$tmp/err")"
"$bin/pp-complain" --runtime --policy-fs "$tmp/nofs" /usr/bin/plain 2> "$tmp/err" &&
	fail "pp-complain --runtime without the LSM succeeded"
grep -q 'pathprof LSM' "$tmp/err" || fail "missing-LSM message: $(cat "$tmp/err")"

# 4. pp-status without the LSM: exit 1 as aa-status
"$bin/pp-status" --policy-fs "$tmp/nofs" > /dev/null 2>&1
[ $? = 1 ] || fail "pp-status without the LSM should exit 1"

# 5. every long option of --help is in the man page
for tool in pp-genprof pp-logprof pp-complain pp-enforce pp-status; do
	man="$src/utils/man/$tool.8"
	[ -f "$man" ] || { fail "no man page for $tool"; continue; }
	so=$(sed -n 's|^\.so man8/||p' "$man")   # pp-enforce.8 -> pp-complain.8
	[ -n "$so" ] && man="$src/utils/man/$so"
	for opt in $("$bin/$tool" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
		grep -q -- "${opt//-/\\\\-}\|$opt" "$man" || fail "$tool: $opt not in $man"
	done
done

[ $fails = 0 ] && echo "all tool checks passed"
exit $((fails > 0))
