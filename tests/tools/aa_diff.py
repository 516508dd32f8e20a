#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0 OR MIT
"""Differential test: pp-match answers against apparmor_parser's own DFA.

apparmor_parser cannot answer "what is allowed for this path" without a
kernel, but "-D dfa-states" dumps the state machine it would load: states,
transitions and each accepting state's (allow/deny/audit/quiet) masks. This
script walks that dump for a path exactly as the kernel walks the table and
compares the result with pp-match, for paths drawn from each profile's own
rules (the expanded globs in the blob's RULES section, instantiated and
mutated).

Compared per path, for owner and other: the effective permissions
(allow & ~deny) over m r w a l k x, and for logging the audited granted
permissions (audit & effective) and the quiet denials (quiet & deny),
without l (AppArmor keeps l's deny/audit/quiet in the second, link-target
stage of its link-pair encoding, which has no pathprof counterpart). AppArmor keeps owner bits in the low 14
bits of a mask and other bits shifted by 14; its bits 0..6 are the same as
PP_PERM_* (x w r a l k m).

Link pairs are compared too: for a few targets T drawn from the same
paths, whether l is granted on the path and on the pair (path, NUL, T),
AppArmor's link encoding, against pp-match --link-target T (its answer
short of the subset test, which AppArmor applies only to some pairs).

The dump does not name profiles. With one profile in the file, the file
DFA is the last one dumped (after the attachment DFA AppArmor builds for a
glob attachment or one that differs from the name); any other count is
skipped and reported. With several profiles (children, hats), each is
paired with the unused DFA that disagrees least, and that is reported.

Usage: aa_diff.py PP_PARSE PP_MATCH [--max-paths N] [--seed N] [DIR...]
(the seed of the path sample; the test suite uses the default)
"""
import json
import os
import random
import re
import subprocess
import sys
import tempfile

AA = "/sbin/apparmor_parser"
AA_OTHER_SHIFT = 14
PERM_MASK = 0x7F
LINK = 0x10
LINK_BOTH = LINK | (LINK << 14)
LINK_TARGETS = 3     # link targets tried per profile
stats_links = [0, 0]  # link pairs compared, of which granted by AppArmor
LETTERS = [(0x40, "m"), (0x04, "r"), (0x02, "w"), (0x08, "a"),
           (0x10, "l"), (0x20, "k"), (0x01, "x")]
SKIP_SUFFIXES = ("~", ".dpkg-new", ".dpkg-old", ".dpkg-dist", ".dpkg-bak",
                 ".dpkg-remove", ".pacsave", ".pacnew", ".rpmnew", ".rpmsave",
                 ".orig", ".rej", ".swp")


def letters_to_mask(s):
    return sum(bit for bit, ch in LETTERS if ch in s)


def mask_to_letters(m):
    return "".join(ch for bit, ch in LETTERS if m & bit) or "-"


# --- apparmor_parser's dump -------------------------------------------------

TRANS_CHAR = re.compile(r"^    .*?0x([0-9a-f]+) -> \{(\d+)\}")
TRANS_OTHER = re.compile(r"^    \[(\^?)(.*)\] -> \{(\d+)\}")
ACCEPT = re.compile(r"^\{(\d+)\} \(0x ([0-9a-f]+)/([0-9a-f]+)/([0-9a-f]+)/([0-9a-f]+)\)")
STATE = re.compile(r"^\{(\d+)\} perms: (?:none|\s*\(0x ([0-9a-f]+)/([0-9a-f]+)/([0-9a-f]+)/([0-9a-f]+)\))")


def parse_class_chars(text):
    """Excluded bytes of an 'otherwise' transition: raw chars, \\c, \\xH[H]."""
    out, i = set(), 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text):
            if text[i + 1] == "x":
                m = re.match(r"[0-9a-fA-F]{1,2}", text[i + 2:])
                out.add(int(m.group(0), 16))
                i += 2 + len(m.group(0))
                continue
            out.add(ord(text[i + 1]) & 0xFF)
            i += 2
            continue
        out.update(c.encode("utf-8", "surrogateescape"))
        i += 1
    return out


class AaDfa:
    def __init__(self):
        self.perms = {}    # state -> (allow, deny, audit, quiet)
        self.trans = {}    # state -> {byte: state}
        self.other = {}    # state -> (excluded bytes, state)

    def walk(self, state, data):
        for b in data:
            t = self.trans.get(state, {})
            if b in t:
                state = t[b]
            elif state in self.other and b not in self.other[state][0]:
                state = self.other[state][1]
            else:
                return 0
        return state

    def match(self, path):
        """(allow, deny, audit, quiet) of path, with AppArmor's link pair
        folded in: a "deny l" lives after path "\\0" target, so l is also
        denied when the walk on to "\\0" + any target (here: path itself)
        reaches a state that denies it."""
        data = path.encode("utf-8", "surrogateescape")
        state = self.walk(1, data)
        if not state:
            return (0, 0, 0, 0)
        allow, deny, audit, quiet = self.perms.get(state, (0, 0, 0, 0))
        pair = self.walk(state, b"\0" + data)
        if pair:
            link_deny = self.perms.get(pair, (0, 0, 0, 0))[1] & LINK_BOTH
            deny |= link_deny
        return (allow, deny, audit, quiet)

    def link_pair(self, path, target):
        """Mask (owner and other) in which l is granted on path and on the
        pair path NUL target."""
        state = self.walk(1, path.encode("utf-8", "surrogateescape"))
        if not state:
            return 0
        allow, deny, _, _ = self.perms.get(state, (0, 0, 0, 0))
        pair = self.walk(state, b"\0" + target.encode("utf-8", "surrogateescape"))
        pallow, pdeny, _, _ = self.perms.get(pair, (0, 0, 0, 0)) if pair else (0, 0, 0, 0)
        return allow & ~deny & pallow & ~pdeny & LINK_BOTH


def parse_dump(text):
    dfas, cur, state = [], None, None
    for line in text.splitlines():
        line = line.replace("\x1b[2K", "")
        if line.startswith("{1} <== "):
            cur = AaDfa()
            dfas.append(cur)
            continue
        if cur is None:
            continue
        # the accept list after "<==" names every accepting state, also
        # those without outgoing transitions (which get no "perms:" line)
        m = ACCEPT.match(line)
        if m:
            cur.perms[int(m.group(1))] = tuple(int(m.group(k), 16) for k in range(2, 6))
            continue
        m = STATE.match(line)
        if m:
            state = int(m.group(1))
            if m.group(2):
                cur.perms[state] = tuple(int(m.group(k), 16) for k in range(2, 6))
            continue
        m = TRANS_OTHER.match(line)
        if m and state is not None:
            excluded = parse_class_chars(m.group(2)) if m.group(1) else set()
            cur.other[state] = (excluded, int(m.group(3)))
            continue
        m = TRANS_CHAR.match(line)
        if m and state is not None:
            cur.trans.setdefault(state, {})[int(m.group(1), 16)] = int(m.group(2))
    return dfas


# --- paths from globs --------------------------------------------------------

def split_alternatives(body):
    parts, depth, cur, i = [], 0, "", 0
    while i < len(body):
        c = body[i]
        if c == "\\" and i + 1 < len(body):
            cur += body[i:i + 2]
            i += 2
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        if c == "," and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += c
        i += 1
    parts.append(cur)
    return parts


def class_member(body):
    neg = body.startswith("^")
    if neg:
        body = body[1:]
    members, i = set(), 0
    while i < len(body):
        c = body[i]
        if c == "\\" and i + 1 < len(body):
            members.add(body[i + 1])
            i += 2
        elif i + 2 < len(body) and body[i + 1] == "-":
            members.update(chr(x) for x in range(ord(c), ord(body[i + 2]) + 1))
            i += 3
        else:
            members.add(c)
            i += 1
    if not neg:
        return sorted(members)[0] if members else "a"
    for c in "abcxyz019_-":
        if c not in members:
            return c
    return "Q"


def expand(glob, rng, limit=6):
    """A few strings the glob should (mostly) match."""
    results = [""]
    i = 0
    while i < len(glob):
        c = glob[i]
        if c == "\\" and i + 1 < len(glob):
            piece = [glob[i + 1]]
            i += 2
        elif c == "{":
            depth, j = 0, i
            while j < len(glob):
                if glob[j] == "\\":
                    j += 2
                    continue
                depth += glob[j] == "{"
                depth -= glob[j] == "}"
                if depth == 0:
                    break
                j += 1
            piece = []
            for alt in split_alternatives(glob[i + 1:j]):
                piece += expand(alt, rng, 3)
            i = j + 1
        elif glob.startswith("**", i):
            piece = ["d", "d/e", ""]
            i += 2
        elif c == "*":
            piece = ["f", "file.so", ""]
            i += 1
        elif c == "?":
            piece = ["q"]
            i += 1
        elif c == "[":
            j = glob.index("]", i + 2) if "]" in glob[i + 2:] else len(glob)
            piece = [class_member(glob[i + 1:j])]
            i = j + 1
        else:
            piece = [c]
            i += 1
        results = [r + p for r in results for p in piece]
        if len(results) > limit:
            results = rng.sample(results, limit)
    return results


def paths_for(globs, rng, max_paths):
    paths = set()
    for g in globs:
        for p in expand(g, rng):
            p = re.sub(r"/+", "/", p)
            if not p.startswith("/"):
                continue
            paths.update({p, p + "x", p + "/", p[:-1] or "/"})
    paths = sorted(paths)
    if len(paths) > max_paths:
        paths = rng.sample(paths, max_paths)
    return sorted(paths)


# --- the comparison -----------------------------------------------------------

def corpus_files(dirs):
    for d in dirs:
        for name in sorted(os.listdir(d)):
            path = os.path.join(d, name)
            if name.startswith(".") or name == "README" or name.endswith(SKIP_SUFFIXES):
                continue
            if os.path.isfile(path):
                yield path


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, errors="surrogateescape", **kw)


def diff_answers(aa, ours, path, name):
    mismatches = []
    for ans in ours:
        for target, link in ans.get("links", []):
            theirs = aa.link_pair(ans["path"], target)
            stats_links[1] += bool(theirs)
            for half, shift in (("owner", 0), ("other", AA_OTHER_SHIFT)):
                mine = link[half]["info"] not in ("no l on the link name", "target restricted")
                if mine != bool(theirs & (LINK << shift)):
                    mismatches.append(f"{path}: {name}: link {ans['path']!r} -> {target!r} "
                                      f"{half}: pp-match {'l' if mine else '-'}, apparmor "
                                      f"{'l' if not mine else '-'}")
        allow, deny, audit, quiet = aa.match(ans["path"])
        eff = allow & ~deny
        for half, shift in (("owner", 0), ("other", AA_OTHER_SHIFT)):
            theirs = (eff >> shift) & PERM_MASK
            mine = letters_to_mask(ans[half]["allow"]) & ~letters_to_mask(ans[half]["deny"])
            if theirs != mine:
                mismatches.append(f"{path}: {name}: {ans['path']!r} {half}: pp-match "
                                  f"{mask_to_letters(mine)}, apparmor {mask_to_letters(theirs)}")
                continue
            # logging: audited granted accesses, quiet denials
            for kind, aa_mask, our_mask in (
                    ("audit", (audit & eff) >> shift, letters_to_mask(ans[half]["audit"]) & mine),
                    ("quiet", (quiet & deny) >> shift,
                     letters_to_mask(ans[half]["quiet"]) & letters_to_mask(ans[half]["deny"]))):
                # AppArmor moves l of deny/audit/quiet into the second
                # (link target) stage of its link-pair encoding: not compared
                aa_mask &= PERM_MASK & ~LINK
                our_mask &= ~LINK
                if aa_mask != our_mask:
                    mismatches.append(f"{path}: {name}: {ans['path']!r} {half} {kind}: pp-match "
                                      f"{mask_to_letters(our_mask)}, apparmor "
                                      f"{mask_to_letters(aa_mask)}")
    return mismatches


def our_answers(pp_match, blob, name, rng, max_paths):
    rules = [json.loads(l) for l in
             run([pp_match, "--rules", "--json", blob, name]).stdout.splitlines()]
    paths = paths_for([r["glob"] for r in rules], rng, max_paths)
    if not paths:
        return []
    res = run([pp_match, "--json", blob, name, "-"], input="\n".join(paths) + "\n")
    ours = [json.loads(l) for l in res.stdout.splitlines()]
    # AppArmor's pair for a rule without target is "/[^/].*": no "/" alone
    targets = [p for p in paths if len(p) > 1]
    # own generator: the paths drawn for later files stay as they were
    pick = random.Random(name)
    for target in pick.sample(targets, min(LINK_TARGETS, len(targets))):
        res = run([pp_match, "--json", "--link-target", target, blob, name, "-"],
                  input="\n".join(paths) + "\n")
        for ans, line in zip(ours, res.stdout.splitlines()):
            ans.setdefault("links", []).append((target, json.loads(line)["link"]))
        stats_links[0] += len(ours)
    return ours


def compare_file(pp_parse, pp_match, path, tmp, rng, max_paths, stats):
    blob = os.path.join(tmp, "f.blob")
    res = run([pp_parse, "-Q", "-K", "-q", "-I", "/etc/apparmor.d", "-o", blob, path])
    if res.returncode != 0:
        stats["pp_parse_failed"].append(path)
        return []
    listing = [l.partition(" ") for l in run([pp_match, "--list", blob]).stdout.splitlines()]
    dump = run([AA, "-Q", "-K", "-T", "-j", "1", "-D", "dfa-states", path])
    if dump.returncode != 0:
        stats["aa_failed"].append(path)
        return []
    dfas = parse_dump(dump.stderr + dump.stdout)
    if len(listing) == 1:
        name, _, attach = listing[0]
        # AppArmor builds an attachment DFA when the attachment is a glob or
        # differs from the profile name; the file DFA comes after it
        want = 1 + (1 if attach and (re.search(r"[*?\[{]", attach) or attach != name) else 0)
        if len(dfas) != want:
            stats["skipped_dfa_count"] += 1
            return []
        ours = our_answers(pp_match, blob, name, rng, max_paths)
        stats["compared_files"] += 1
        stats["compared_paths"] += len(ours)
        return diff_answers(dfas[-1], ours, path, name)
    # Several profiles: apparmor_parser's dump does not name them, so pair
    # each profile with the unused DFA that disagrees least (an attachment
    # DFA never agrees with a file DFA on rule paths) and report that.
    mismatches, unused = [], list(range(len(dfas)))
    for name, _, _ in listing:
        ours = our_answers(pp_match, blob, name, rng, max_paths)
        if not ours or not unused:
            continue
        scored = sorted((len(diff_answers(dfas[i], ours, path, name)), i) for i in unused)
        best = scored[0][1]
        unused.remove(best)
        mismatches += diff_answers(dfas[best], ours, path, name)
        stats["compared_paths"] += len(ours)
    stats["compared_files"] += 1
    stats["multi_profile_files"] += 1
    return mismatches


def main():
    args = sys.argv[1:]
    pp_parse, pp_match = args[0], args[1]
    max_paths, dirs, seed = 400, [], 20261126
    rest = args[2:]
    while rest:
        if rest[0] == "--max-paths":
            max_paths = int(rest[1])
            rest = rest[2:]
        elif rest[0] == "--seed":
            seed = int(rest[1])
            rest = rest[2:]
        else:
            dirs.append(rest.pop(0))
    if not os.access(AA, os.X_OK):
        print(f"SKIP: {AA} is not installed")
        return 77
    dirs = dirs or ["/etc/apparmor.d", "/usr/share/apparmor/extra-profiles"]
    rng = random.Random(seed)
    stats = {"compared_files": 0, "compared_paths": 0, "multi_profile_files": 0,
             "skipped_dfa_count": 0, "pp_parse_failed": [], "aa_failed": []}
    mismatches = []
    with tempfile.TemporaryDirectory() as tmp:
        for path in corpus_files(dirs):
            mismatches += compare_file(pp_parse, pp_match, path, tmp, rng, max_paths, stats)
    shown = {}
    for m in mismatches:  # a few per file, so every kind of difference shows
        f = m.split(":", 1)[0]
        shown[f] = shown.get(f, 0) + 1
        if shown[f] <= 6:
            print("MISMATCH " + m)
    by_file = {}
    for m in mismatches:
        f = m.split(":", 1)[0]
        by_file[f] = by_file.get(f, 0) + 1
    for f, n in sorted(by_file.items(), key=lambda x: -x[1]):
        print(f"  {n:6d} mismatches in {f}")
    print(f"compared {stats['compared_paths']} paths in {stats['compared_files']} files; "
          f"({stats['multi_profile_files']} with several profiles, paired by "
          f"least disagreement); skipped {stats['skipped_dfa_count']} with an "
          f"unexpected number of DFAs; "
          f"pp-parse failed on {len(stats['pp_parse_failed'])}, "
          f"apparmor_parser on {len(stats['aa_failed'])}; "
          f"{stats_links[0]} link pairs ({stats_links[1]} with l for apparmor); "
          f"{len(mismatches)} mismatches")
    for f in stats["pp_parse_failed"]:
        print("  pp-parse failed: " + f)
    return 1 if mismatches or stats["compared_files"] == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
