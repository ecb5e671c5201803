#!/usr/bin/env bash
# `stgvm run --profile/--profile-report/--speedscope` on data/programs/callgraph-counts
# (call counts known in advance): entries per closure and thread, blocks and allocation adding
# up to the run's statistics, the hot loops, a speedscope file valid against speedscope's
# own schema, determinism, and one-line usage errors.   profile.sh STGVM FULLPAK SCHEMA
set -uo pipefail
STGVM=$1 PAK=$2 SCHEMA=$3
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
source "$(dirname "$0")/run_outputs_lib.sh"

prof() {  # prof NAME [options…]
  local n=$1
  shift
  "$STGVM" run "$PAK" --stats --profile "$T/$n.json" --profile-report "$T/$n.txt" --speedscope "$T/$n.speedscope.json" "$@" \
    >"$T/$n.out" 2>"$T/$n.err" || fail "run exited $?: $(head -3 "$T/$n.err")"
}
prof a
steps=$(grep -o 'steps [0-9]*' "$T/a.err" | cut -d' ' -f2)
allocated=$(grep -o 'allocated [0-9]*' "$T/a.err" | cut -d' ' -f2)
[ -n "$allocated" ] || fail "no statistics"

python3 - "$T/a.json" "$allocated" "$steps" "$(fibcalls 22)" <<'PY' || fail "profile JSON"
import json, sys
p = json.load(open(sys.argv[1]))
allocated, steps, fib = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
cl = {c["closure"]: c for c in p["closures"]}
# Every allocation is some closure's; every block too (the runtime's count for their caller).
assert sum(c["allocated"] for c in p["closures"]) == allocated == p["allocated"], "allocation does not add up"
assert sum(c["blocks"] for c in p["closures"]) == p["blocks"] <= steps, "blocks do not add up"
for c in p["closures"]:
    for k in ("entries", "blocks", "allocated"):
        assert sum(t[k] for t in c["threads"]) == c[k], (c["closure"], k)
fw = cl["main:Main.$wfib"]
assert fw["entries"] == fib and fw["unit"] == "main" and fw["module"] == "Main", fw
assert [t["thread"] for t in fw["threads"]] == [1], "fib ran on another thread than main's"
step = cl["main:Main.$wstep"]
assert step["entries"] == 40000 and [t["thread"] for t in step["threads"]] == [2], step
# The two hottest loops: fib's recursion, then the fold's.
loops = p["hot_loops"]
assert [c["closure"] for c in loops[0]["closures"]] == ["main:Main.$wfib"], loops[0]
assert loops[0]["closures"][0]["entries"] == fib and loops[0]["blocks"] == fw["blocks"]
assert abs(loops[0]["share"] - fw["blocks"] / p["blocks"]) < 1e-9
assert loops[1]["closures"][0]["closure"].startswith("main:Main.$wgo"), loops[1]
assert all(a["blocks"] >= b["blocks"] for a, b in zip(loops, loops[1:])), "loops out of order"
PY
grep -q '^hot loops' "$T/a.txt" && grep -q 'main:Main.$wfib' "$T/a.txt" || fail "report: $(head -5 "$T/a.txt")"

python3 - "$T/a.speedscope.json" "$SCHEMA" <<'PY' || fail "speedscope"
import json, sys, jsonschema
doc, schema = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
jsonschema.validate(doc, schema)
frames = doc["shared"]["frames"]
names = [f["name"] for f in frames]
assert len(doc["profiles"]) == 2, "one profile per thread"
for pr in doc["profiles"]:
    assert len(pr["samples"]) == len(pr["weights"]) and sum(pr["weights"]) == pr["endValue"]
    assert all(0 <= i < len(frames) for s in pr["samples"] for i in s)
main = doc["profiles"][0]
# Samples inside fib's recursion show its frames stacked; the root is main's code.
deep = [s for s in main["samples"] if s and names[s[-1]] == "main:Main.$wfib"]
assert deep and max(len(s) for s in deep) > 5, "no deep fib stacks"
PY
# Denser sampling: more samples, same totals.
prof b --sample-every 100
python3 - "$T/a.speedscope.json" "$T/b.speedscope.json" <<'PY' || fail "--sample-every"
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:])
na = sum(len(p["samples"]) for p in a["profiles"]); nb = sum(len(p["samples"]) for p in b["profiles"])
assert nb > na, (na, nb)
PY
cmp -s "$T/a.json" "$T/b.json" && cmp -s "$T/a.txt" "$T/b.txt" || fail "the sampling rate changed the profile"
prof c
for f in json txt speedscope.json; do cmp -s "$T/a.$f" "$T/c.$f" || fail "two runs differ ($f)"; done
cmp -s "$T/a.out" "$T/c.out" || fail "the program's output changed"

usage "no such directory" "cannot write there" --profile "$T/none/p.json"
usage "a directory as the file" "is a directory" --speedscope "$T"
usage "--sample-every alone" "goes with --speedscope" --sample-every 10
usage "a zero sampling rate" "sample-every" --speedscope "$T/x.json" --sample-every 0
echo "profile: entries, blocks, allocation ($allocated bytes), threads, hot loops, speedscope schema, determinism, errors ok"
