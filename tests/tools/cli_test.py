#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0 OR MIT
"""pp-parse and pp-match command-line behaviour, through the real binaries.

Usage: cli_test.py PP_PARSE PP_MATCH SOURCE_ROOT
"""
import json
import os
import re
import subprocess
import sys
import tempfile

PP_PARSE, PP_MATCH, ROOT = sys.argv[1:4]
failures = []

GOOD = "profile good /usr/bin/good {\n  /etc/good r,\n  include <extra>\n}\n"
OTHER = "profile other {\n  /etc/other rw,\n}\n"
BAD = "profile bad {\n  /etc/bad rq,\n}\n"


def run(args, stdin=None, binary=False):
    return subprocess.run(args, input=stdin, capture_output=True, text=not binary)


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def test_help_matches_man(tool, man, section):
    res = run([tool, "--help"])
    check(res.returncode == 0, f"{tool} --help exits 0")
    help_opts = set(re.findall(r"--([a-zA-Z][a-zA-Z-]+)", res.stdout))
    with open(os.path.join(ROOT, "utils", "man", man), encoding="utf-8") as f:
        man_text = f.read().replace("\\-", "-")
    man_opts = set(re.findall(r"--([a-zA-Z][a-zA-Z-]+)", man_text))
    check(help_opts and help_opts <= man_opts,
          f"every {tool} --help option is in {man} (missing: {sorted(help_opts - man_opts)})")
    check(man_opts <= help_opts,
          f"every {man} option is in --help (missing: {sorted(man_opts - help_opts)})")
    res = run([tool, "--version"])
    check(res.returncode == 0 and "pathprof" in res.stdout, f"{tool} --version")
    res = run([tool, "--no-such-option"])
    check(res.returncode == 2, f"{tool}: unknown option exits 2")


def test_all_or_nothing(t):
    out = os.path.join(t, "out.blob")
    res = run([PP_PARSE, "-Q", "-K", "-I", t, "-o", out, f"{t}/good", f"{t}/bad"])
    check(res.returncode == 1, "a failing input makes pp-parse exit 1")
    check(f"{t}/bad:2:12: error:" in res.stderr, "error names file:line:col")
    check(not os.path.exists(out), "nothing written when one input fails")
    fs = os.path.join(t, "fs")
    res = run([PP_PARSE, "-f", fs, "-K", "-I", t, f"{t}/good", f"{t}/bad"])
    check(all(os.path.getsize(os.path.join(fs, n)) == 0 for n in (".load", ".replace")),
          "nothing loaded when one input fails")


def test_outputs(t):
    single = run([PP_PARSE, "-S", "-K", "-I", t, f"{t}/good"], binary=True)
    check(single.returncode == 0 and single.stdout[:4] == b"PPDF", "-S writes a blob")
    with open(f"{t}/good", "rb") as f:
        text = f.read()
    via_stdin = run([PP_PARSE, "-S", "-K", "-I", t, "-"], stdin=text, binary=True)
    no_file = run([PP_PARSE, "-S", "-K", "-I", t], stdin=text, binary=True)
    check(via_stdin.returncode == 0 and no_file.returncode == 0, "stdin input compiles")
    # origins differ ("<stdin>" vs the file name), the tables must not
    check(len(via_stdin.stdout) > 0 and via_stdin.stdout == no_file.stdout,
          "\"-\" and no file read the same standard input")
    multi = os.path.join(t, "multi.blob")
    res = run([PP_PARSE, "-Q", "-K", "-I", t, "-o", multi, f"{t}/good", f"{t}/other"])
    check(res.returncode == 0, "-o with two inputs")
    res = run([PP_MATCH, "--list", multi])
    check(res.stdout.split("\n")[:2] == ["good /usr/bin/good", "other"],
          f"pp-match reads back-to-back blobs ({res.stdout!r})")
    j1 = os.path.join(t, "j1.blob")
    j4 = os.path.join(t, "j4.blob")
    files = [f"{t}/good", f"{t}/other"] * 3
    run([PP_PARSE, "-Q", "-K", "-j", "1", "-I", t, "-o", j1] + files)
    run([PP_PARSE, "-Q", "-K", "-j", "4", "-I", t, "-o", j4] + files)
    check(open(j1, "rb").read() == open(j4, "rb").read(), "-j 4 output equals -j 1 output")
    res = run([PP_PARSE, "-p", "-I", t, f"{t}/good"])
    check(res.returncode == 0 and "/etc/extra" in res.stdout and "include <extra>" in res.stdout,
          "-p inlines includes")
    comp = run([PP_PARSE, "-S", "-K", "-C", "-I", t, f"{t}/good"], binary=True)
    check(comp.returncode == 0 and comp.stdout != single.stdout, "-C changes the blob")


def test_cache(t):
    cache = os.path.join(t, "cache")
    base = [PP_PARSE, "-Q", "-v", "-L", cache, "-I", t]
    res = run(base + [f"{t}/good"])
    check("compiled" in res.stderr and not os.path.exists(cache), "no cache written without -W")
    res = run(base + ["-W", f"{t}/good"])
    check("compiled" in res.stderr and len(os.listdir(cache)) == 1, "-W writes one cache entry")
    res = run(base + [f"{t}/good"])
    check("cache hit" in res.stderr, "second run hits the cache")
    hit = run(base + ["-S", f"{t}/good"], binary=True).stdout
    fresh = run(base + ["-S", "-K", f"{t}/good"], binary=True).stdout
    check(hit == fresh, "cached blob equals a fresh compile")
    res = run(base + ["-T", f"{t}/good"])
    check("compiled" in res.stderr, "-T skips reading the cache")
    res = run(base + ["-C", f"{t}/good"])
    check("compiled" in res.stderr, "-C is part of the cache key")
    write(f"{t}/extra", "  /etc/extra r,\n  /etc/extra2 r,\n")
    res = run(base + [f"{t}/good"])
    check("compiled" in res.stderr, "editing an included file misses the cache")
    entry = os.path.join(cache, os.listdir(cache)[0])
    with open(entry, "r+b") as f:
        f.seek(-8, os.SEEK_END)
        f.write(b"\xff" * 8)
    run(base + ["-W", f"{t}/good"])
    res = run(base + [f"{t}/good"])
    check("cache hit" in res.stderr, "-W refreshes the entry")
    with open(entry, "r+b") as f:
        f.seek(60)
        f.write(b"\xff\xff\xff\xff")
    res = run(base + ["-S", f"{t}/good"], binary=True)
    fresh2 = run(base + ["-S", "-K", f"{t}/good"], binary=True).stdout
    check(res.returncode == 0 and b"cache hit" not in res.stderr and res.stdout == fresh2,
          "a corrupted cache entry is not used")
    write(f"{t}/extra", "  /etc/extra r,\n")


def test_loading(t):
    fs = os.path.join(t, "fs")
    blob = run([PP_PARSE, "-S", "-K", "-I", t, f"{t}/good"], binary=True).stdout
    res = run([PP_PARSE, "-v", "-K", "-f", fs, "-I", t, f"{t}/good"])
    check(res.returncode == 0 and 'Addition succeeded for "good"' in res.stdout, "-a loads")
    check(open(os.path.join(fs, ".load"), "rb").read() == blob, ".load receives the blob")
    res = run([PP_PARSE, "-r", "-K", "-f", fs, "-I", t, f"{t}/good"])
    check(res.returncode == 0 and open(os.path.join(fs, ".replace"), "rb").read() == blob,
          "-r writes .replace")
    res = run([PP_PARSE, "-R", "-v", "-f", fs, "-I", t, f"{t}/good"])
    check(res.returncode == 0 and open(os.path.join(fs, ".remove")).read() == "good",
          "-R writes the profile name to .remove")
    res = run([PP_PARSE, "-K", "-f", os.path.join(t, "nofs"), "-I", t, f"{t}/good"])
    check(res.returncode == 1 and "pathprof LSM is not enabled in this kernel" in res.stderr,
          "missing policy directory is reported")
    os.unlink(os.path.join(fs, ".load"))
    os.mkdir(os.path.join(fs, ".load"))
    res = run([PP_PARSE, "-K", "-f", fs, "-I", t, f"{t}/good"])
    check(res.returncode == 1 and "Is a directory" in res.stderr, "errno text is reported")
    res = run([PP_PARSE, "-Q", "-K", "-I", t, f"{t}/good"])
    check(res.returncode == 0, "-Q loads nothing and succeeds")


def test_match(t):
    blob = os.path.join(t, "m.blob")
    run([PP_PARSE, "-Q", "-K", "-I", t, "-o", blob, f"{t}/other"])
    res = run([PP_MATCH, blob, "other", "/etc/other"])
    check(res.returncode == 0 and "owner: allow=rwa" in res.stdout, "text output")
    check(run([PP_MATCH, "--perm", "rw", blob, "other", "/etc/other"]).returncode == 0,
          "--perm granted exits 0")
    check(run([PP_MATCH, "--perm", "x", blob, "other", "/etc/other"]).returncode == 1,
          "--perm not granted exits 1")
    check(run([PP_MATCH, "--perm", "r", "--other", blob, "other", "/etc/other", "/nope"]).returncode == 1,
          "--perm fails when any path lacks it")
    check(run([PP_MATCH, "--perm", "q", blob, "other", "/x"]).returncode == 2, "bad --perm letters exit 2")
    res = run([PP_MATCH, "--json", blob, "other", "-"], stdin="/etc/other\n\n/etc/x\n")
    lines = [json.loads(l) for l in res.stdout.splitlines()]
    check([l["path"] for l in lines] == ["/etc/other", "/etc/x"], "paths from stdin, empty lines skipped")
    check(lines[0]["other"]["allow"] == "rwa" and lines[1]["owner"]["allow"] == "", "json perms")
    odd = '/tmp/q"\\\n\t\x01é'
    res = run([PP_MATCH, "--json", blob, "other", odd])
    check(json.loads(res.stdout)["path"] == odd, "json escaping round-trips")
    res = run([PP_MATCH, "--json", "--explain", blob, "other", "/etc/other"])
    rules = json.loads(res.stdout)["rules"]
    check(len(rules) == 1 and rules[0]["origin"] == f"{t}/other:2:3", "--explain names file:line:col")
    res = run([PP_MATCH, blob, "nosuch", "/x"])
    check(res.returncode == 2 and "no profile named" in res.stderr, "unknown profile exits 2")
    data = open(blob, "rb").read()
    write(f"{t}/trunc.blob", "")
    with open(f"{t}/trunc.blob", "wb") as f:
        f.write(data[: len(data) // 2])
    res = run([PP_MATCH, f"{t}/trunc.blob", "other", "/x"])
    check(res.returncode == 2 and "invalid blob" in res.stderr, "truncated blob exits 2 with the verifier's reason")
    with open(f"{t}/magic.blob", "wb") as f:
        f.write(b"XXXX" + data[4:])
    res = run([PP_MATCH, f"{t}/magic.blob", "other", "/x"])
    check(res.returncode == 2 and "invalid blob" in res.stderr, "bad magic exits 2")
    res = run([PP_MATCH, blob])
    check(res.returncode == 2, "missing PROFILE is a usage error")


def main():
    test_help_matches_man(PP_PARSE, "pp-parse.8", 8)
    test_help_matches_man(PP_MATCH, "pp-match.1", 1)
    with tempfile.TemporaryDirectory() as t:
        write(f"{t}/good", GOOD)
        write(f"{t}/other", OTHER)
        write(f"{t}/bad", BAD)
        write(f"{t}/extra", "  /etc/extra r,\n")
        os.mkdir(f"{t}/fs")
        for n in (".load", ".replace", ".remove"):
            write(f"{t}/fs/{n}", "")
        test_all_or_nothing(t)
        test_outputs(t)
        test_cache(t)
        test_loading(t)
        test_match(t)
    print(f"{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
