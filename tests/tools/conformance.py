#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0 OR MIT
"""Run one conformance case through the real pp-parse and pp-match.

A case is a profile file whose comment lines starting with "#=" say what
must happen (the file itself is what pp-parse compiles, so positions in
expected errors are positions in the case file):

  #=file PATH               compile PATH (relative to the source root)
                            instead of this file (example profiles)
  #=args ARG...             extra pp-parse arguments (e.g. --strict, -C)
  #=error LINE:COL TEXT     pp-parse must fail with "FILE:LINE:COL: error: ..."
                            whose message contains TEXT
  #=warn TEXT               pp-parse's stderr must contain TEXT
  #=match PROFILE PATH KEY=LETTERS...
                            pp-match's answer for PATH; KEY is allow, deny,
                            audit, quiet (both halves) or owner.allow,
                            other.deny, ...; "-" is the empty set. allow and
                            deny of both halves are always checked (default
                            "-"); audit and quiet only when given.
                            exec=MODE and target=NAME check the transition
                            (exec=- : no transition reported).
  #=link PROFILE NAME TARGET SPEC...
                            pp-match --link-target TARGET for the link NAME:
                            SPEC is "granted" or "denied" (both halves) or
                            owner=granted/denied and other=..., and
                            optionally info=TEXT (the reason, both halves)
  #=list NAME [ATTACH]      pp-match --list shows this profile
  #=flags NAME [FLAG,...]   the profile's flags (pp-match --list --json)

Usage: conformance.py PP_PARSE PP_MATCH SOURCE_ROOT CASE
"""
import json
import os
import shlex
import subprocess
import sys
import tempfile

HALVES = ("owner", "other")
KINDS = ("allow", "deny", "audit", "quiet")


def fail(msg):
    print("FAIL: " + msg)
    return 1


def parse_case(path):
    case = {"file": None, "args": [], "error": None, "warn": [], "match": [], "list": [],
            "flags": [], "link": []}
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if not line.startswith("#="):
                continue
            words = shlex.split(line[2:])
            if not words:
                continue
            kind, rest = words[0], words[1:]
            if kind == "file":
                case["file"] = rest[0]
            elif kind == "args":
                case["args"] += rest
            elif kind == "error":
                case["error"] = (rest[0], " ".join(rest[1:]))
            elif kind == "warn":
                case["warn"].append(" ".join(rest))
            elif kind == "match":
                case["match"].append((lineno, rest[0], rest[1], rest[2:]))
            elif kind == "link":
                case["link"].append((lineno, rest[0], rest[1], rest[2], rest[3:]))
            elif kind == "flags":
                case["flags"].append((rest[0], sorted(filter(None, ",".join(rest[1:]).split(",")))))
            elif kind == "list":
                case["list"].append(" ".join(rest))
            else:
                raise SystemExit(f"{path}:{lineno}: unknown directive #={kind}")
    return case


def letters(s):
    return "" if s == "-" else "".join(sorted(s))


def expected_perms(spec):
    """KEY=VALUE words -> {(half, kind): letters}, {exec/target}."""
    want = {(h, k): "" for h in HALVES for k in ("allow", "deny")}
    extra = {}
    for word in spec:
        key, _, value = word.partition("=")
        if key in ("exec", "target"):
            extra[key] = value
            continue
        half, _, kind = key.rpartition(".")
        if kind not in KINDS or half not in ("",) + HALVES:
            raise SystemExit(f"bad match key {key!r}")
        for h in ([half] if half else HALVES):
            want[(h, kind)] = letters(value)
    return want, extra


def check_match(pp_match, blob, lineno, profile, path, spec):
    want, extra = expected_perms(spec)
    res = subprocess.run([pp_match, "--json", blob, profile, path],
                         capture_output=True, text=True)
    if res.returncode != 0:
        return [f"line {lineno}: pp-match exited {res.returncode}: {res.stderr.strip()}"]
    got = json.loads(res.stdout)
    errors = []
    for (half, kind), value in want.items():
        have = letters(got[half][kind])
        if have != value:
            errors.append(f"line {lineno}: {profile} {path}: {half}.{kind} is "
                          f"{have or '-'}, expected {value or '-'}")
    if "exec" in extra:
        mode = got.get("exec", {}).get("mode", "-")
        if mode != extra["exec"]:
            errors.append(f"line {lineno}: {path}: exec mode {mode}, expected {extra['exec']}")
    if "target" in extra:
        target = (got.get("exec") or {}).get("target")
        if target != (extra["target"] or None):
            errors.append(f"line {lineno}: {path}: exec target {target}, expected {extra['target']}")
    return errors


def check_link(pp_match, blob, lineno, profile, name, target, spec):
    want, info = {}, None
    for word in spec:
        key, _, value = word.partition("=")
        if not value:
            key, value = "", key
        if key == "info":
            info = value
            continue
        if value not in ("granted", "denied") or key not in ("",) + HALVES:
            raise SystemExit(f"line {lineno}: bad link spec {word!r}")
        for h in ([key] if key else HALVES):
            want[h] = value == "granted"
    res = subprocess.run([pp_match, "--json", "--link-target", target, blob, profile, name],
                         capture_output=True, text=True)
    if res.returncode != 0:
        return [f"line {lineno}: pp-match exited {res.returncode}: {res.stderr.strip()}"]
    link = json.loads(res.stdout)["link"]
    errors = []
    if link["target"] != target:
        errors.append(f"line {lineno}: link target {link['target']!r}, expected {target!r}")
    for h in HALVES:
        if h in want and link[h]["granted"] != want[h]:
            errors.append(f"line {lineno}: link {name} -> {target}: {h} granted is "
                          f"{link[h]['granted']}, expected {want[h]} ({link[h]['info']})")
        if info is not None and link[h]["info"] != info:
            errors.append(f"line {lineno}: link {name} -> {target}: {h} info "
                          f"{link[h]['info']!r}, expected {info!r}")
    return errors


def main():
    pp_parse, pp_match, root, case_path = sys.argv[1:5]
    case = parse_case(case_path)
    src = os.path.join(root, case["file"]) if case["file"] else case_path
    with tempfile.TemporaryDirectory() as tmp:
        blob = os.path.join(tmp, "case.blob")
        cmd = [pp_parse, "-Q", "-K", "-o", blob,
               "-I", os.path.dirname(os.path.abspath(case_path))] + case["args"] + [src]
        res = subprocess.run(cmd, capture_output=True, text=True)
        print("$ " + " ".join(shlex.quote(c) for c in cmd))
        print(res.stderr, end="")
        if case["error"]:
            where, text = case["error"]
            if res.returncode == 0:
                return fail("pp-parse succeeded, expected an error at " + where)
            prefix = f"{src}:{where}: error: "
            lines = [l for l in res.stderr.splitlines() if l.startswith(prefix)]
            if not lines:
                return fail(f"no error line starting with {prefix!r}")
            if text not in lines[0]:
                return fail(f"error {lines[0]!r} does not mention {text!r}")
            if os.path.exists(blob):
                return fail("pp-parse failed but wrote its output file")
            return 0
        if res.returncode != 0:
            return fail(f"pp-parse exited {res.returncode}")
        for text in case["warn"]:
            if text not in res.stderr:
                return fail(f"stderr lacks warning {text!r}")
        errors = []
        if case["list"]:
            res = subprocess.run([pp_match, "--list", blob], capture_output=True, text=True)
            have = res.stdout.splitlines()
            errors += [f"--list lacks {want!r} (has {have})" for want in case["list"]
                       if want not in have]
        if case["flags"]:
            res = subprocess.run([pp_match, "--list", "--json", blob], capture_output=True, text=True)
            have = {p["name"]: sorted(p["flags"]) for p in map(json.loads, res.stdout.splitlines())}
            errors += [f"flags of {name}: {have.get(name)}, expected {want}"
                       for name, want in case["flags"] if have.get(name) != want]
        for lineno, profile, path, spec in case["match"]:
            errors += check_match(pp_match, blob, lineno, profile, path, spec)
        for lineno, profile, name, target, spec in case["link"]:
            errors += check_link(pp_match, blob, lineno, profile, name, target, spec)
        for e in errors:
            print("FAIL: " + e)
        print(f"{len(case['match'])} match checks, {len(case['link'])} link checks, "
              f"{len(errors)} failures")
        return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
