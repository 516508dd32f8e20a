#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0 OR MIT
"""Run `pp-bench dfa --json` and check it printed one well-formed JSON object
with every figure the issue names. Speed is reported, never judged."""
import json
import math
import subprocess
import sys

REQUIRED = ["match_rules", "match_ns_per_byte", "match_ns_per_path",
            "pcre2_jit_rule_by_rule_ns_per_byte", "pcre2_jit_rule_by_rule_ns_per_path",
            "pcre2_jit_alternation_ns_per_byte", "speedup_vs_pcre2_rule_by_rule"]
for n in (100, 1000, 10000):
    REQUIRED += [f"compile_{n}_s", f"compile_{n}_peak_mb", f"states_{n}_nfa",
                 f"states_{n}_dfa", f"states_{n}_min", f"blob_{n}_bytes"]

out = subprocess.run([sys.argv[1], "dfa", "--json"], check=True,
                     stdout=subprocess.PIPE, text=True).stdout
print(out, end="")
lines = [l for l in out.splitlines() if l.strip()]
if len(lines) != 1:
    sys.exit(f"expected one line of JSON, got {len(lines)}")
fig = json.loads(lines[0])
missing = [k for k in REQUIRED if k not in fig]
if missing:
    sys.exit(f"missing keys: {missing}")
bad = [k for k, v in fig.items()
       if not isinstance(v, (int, float)) or not math.isfinite(v) or v < 0]
if bad:
    sys.exit(f"not a finite non-negative number: {bad}")
for n in (100, 1000, 10000):
    if fig[f"states_{n}_min"] == 0 or fig[f"blob_{n}_bytes"] == 0:
        sys.exit(f"{n}-rule set compiled to nothing")
