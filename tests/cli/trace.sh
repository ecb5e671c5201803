#!/usr/bin/env bash
# `stgvm run --trace` (the Cap'n Proto stream, analysis/trace.capnp) and `stgvm trace` on
# corpus programs: callgraph-counts (two threads, known entry and raise counts),
# primops-memory (collections with a 64K heap, bulk copies, fills and compares) and
# large-objects (long enough to be killed mid-run). The events add up to the run's
# statistics, the stream decodes with `capnp decode`, two runs give the same bytes, filters
# keep what they say, and a cut-off, killed, damaged or foreign file is read as far as it
# goes with the right exit code.   trace.sh STGVM BUILD_DIR SCHEMA
set -uo pipefail
STGVM=$1 BUILD=$2 SCHEMA=$3
PAK=$BUILD/corpus/callgraph-counts/callgraph-counts.fullpak
MEM=$BUILD/corpus/primops-memory/primops-memory.fullpak
LONG=$BUILD/corpus/large-objects/large-objects.fullpak
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
source "$(dirname "$0")/run_outputs_lib.sh"

traced() {  # traced NAME FULLPAK [options…]: a run with a trace and statistics
  local n=$1 pak=$2
  shift 2
  "$STGVM" run "$pak" --stats --heap-size 64K --trace "$T/$n.trace" "$@" >"$T/$n.out" 2>"$T/$n.err" </dev/null ||
    fail "run exited $?: $(head -3 "$T/$n.err")"
}
stat_of() { grep -o "$2 [0-9]*" "$T/$1.err" | awk '{ print $NF }'; }

traced a "$PAK"
steps=$(stat_of a steps) allocated=$(stat_of a allocated)
[ -n "$allocated" ] || fail "no statistics: $(cat "$T/a.err")"

# The summary: complete, with the run's steps and exit code.
"$STGVM" trace "$T/a.trace" >"$T/sum" 2>"$T/sum.err" || fail "stgvm trace exited $?: $(cat "$T/sum.err")"
grep -q "^complete: the run ended after $steps steps with exit code 0$" "$T/sum" || fail "summary: $(head -5 "$T/sum")"
grep -q "^trace: .*program callgraph-counts" "$T/sum" || fail "summary names no program"
hash=$(sed -n 's/^content hash: //p' "$T/sum")
[ "$("$STGVM" trace --hash "$T/a.trace")" = "$hash" ] || fail "--hash differs from the summary's"

# Every event as TSV: allocations add up to --stats, fib's entries, four raises (multiples
# of 7 up to 30), two threads, events in step order.
"$STGVM" trace --tsv "$T/a.trace" >"$T/a.tsv" || fail "--tsv exited $?"
python3 - "$T/a.tsv" "$allocated" "$(fibcalls 22)" "$steps" <<'PY' || fail "events"
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
head, rows = rows[0], rows[1:]
assert head == ["event", "step", "thread", "origin", "closure", "kind", "addr", "bytes", "value", "detail"], head
allocated, fib, steps = (int(x) for x in sys.argv[2:])
kinds = {}
for r in rows:
    kinds.setdefault(r[5], []).append(r)
assert sum(int(r[7]) for r in kinds["alloc"]) == allocated, "allocation events do not add up to --stats"
assert sum(1 for r in kinds["enter"] if r[4] == "main:Main.$wfib") == fib, "fib's entries"
assert sum(1 for r in kinds["enter"] if r[4] == "main:Main.$wstep") == 40000, "step's entries"
assert len(kinds["raise"]) == 4, len(kinds["raise"])
assert {r[2] for r in kinds["enter"]} >= {"1", "2"} and kinds["thread-switch"], "threads"
assert {r[3] for r in rows} >= {"program", "rts-code", "runtime", "foreign-shim"}, {r[3] for r in rows}
calls = [r[9] for r in kinds["foreign-call"]]
assert calls == [r[9] for r in kinds["foreign-return"]] and any("write" in c for c in calls), calls[:5]
st = [int(r[1]) for r in rows]
assert st == sorted(st) and st[-1] <= steps, "steps out of order"
assert [int(r[0]) for r in rows] == list(range(len(rows)))
# An allocation records the info pointer its object got.
assert all(int(r[8], 16) != 0 for r in kinds["alloc"][-100:]), "allocations without an info table"
PY

# The schema shipped with stgvm decodes the stream with capnp's own tool.
capnp decode --short "$SCHEMA" Chunk <"$T/a.trace" >"$T/decoded" 2>"$T/decode.err" || fail "capnp decode: $(head -3 "$T/decode.err")"
events=$(($(wc -l <"$T/a.tsv") - 1))
grep -q "end = (events = $events, steps = $steps, exitCode = 0)" "$T/decoded" || fail "capnp decode shows no end with $events events"

# Collections and the primops over memory: one gc-start and gc-end per collection (live bytes
# as --stats' max heap at most), the collector's own accesses, bulk copies, fills, compares.
traced m "$MEM"
"$STGVM" trace --tsv "$T/m.trace" >"$T/m.tsv" || fail "--tsv exited $?"
python3 - "$T/m.tsv" "$(stat_of m allocated)" "$(grep -o '[0-9]* GCs' "$T/m.err" | cut -d' ' -f1)" \
  "$(stat_of m 'max heap')" <<'PY' || fail "collections and bulk events"
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])][1:]
allocated, gcs, max_heap = (int(x) for x in sys.argv[2:])
kinds = {}
for r in rows:
    kinds.setdefault(r[5], []).append(r)
assert gcs > 0, "no collection with a 64K heap"
assert sum(int(r[7]) for r in kinds["alloc"]) == allocated, "allocation events do not add up to --stats"
assert len(kinds["gc-start"]) == len(kinds["gc-end"]) == gcs, (len(kinds["gc-start"]), gcs)
assert all(r[3] == "collector" for r in kinds["gc-end"]) and max(int(r[7]) for r in kinds["gc-end"]) <= max_heap
assert any(r[3] == "collector" for r in kinds["load"]) and any(r[3] == "collector" for r in kinds["store"])
assert kinds["copy"] and kinds["fill"] and kinds["compare"], sorted(kinds)
assert all(int(r[7]) >= 0 and r[6] != "-" for r in kinds["copy"] + kinds["fill"] + kinds["compare"])
PY

# Deterministic: the same run, the same bytes.
traced b "$PAK"
cmp -s "$T/a.trace" "$T/b.trace" || fail "two traces of one run differ"
# Without --stats (its reads come after the run), and with the call graph and profile on
# (all events reach every consumer): the same bytes.
"$STGVM" run "$PAK" --heap-size 64K --trace "$T/nostats.trace" >/dev/null 2>&1 </dev/null || fail "run without --stats"
cmp -s "$T/a.trace" "$T/nostats.trace" || fail "the trace differs with --stats"
traced c "$PAK" --call-graph "$T/cg" --profile "$T/p.json"
cmp -s "$T/a.trace" "$T/c.trace" || fail "the trace differs with --call-graph and --profile on"
traced mc "$MEM" --call-graph "$T/cg" --profile "$T/p.json"
cmp -s "$T/m.trace" "$T/mc.trace" || fail "primops-memory's trace differs with --call-graph and --profile on"

# Filters.
traced allocs "$MEM" --trace-events alloc,gc-end
"$STGVM" trace --tsv "$T/allocs.trace" | tail -n +2 | cut -f6 | sort -u | tr '\n' ' ' | grep -qx "alloc gc-end " || fail "--trace-events"
sum=$("$STGVM" trace --tsv "$T/allocs.trace" | awk -F'\t' '$6 == "alloc" { s += $8 } END { print s }')
[ "$sum" = "$(stat_of m allocated)" ] || fail "--trace-events alloc: $sum bytes, want $(stat_of m allocated)"
"$STGVM" trace "$T/allocs.trace" | grep -q "^filter: --trace-events alloc,gc-end$" || fail "the filter is not in the header"
traced window "$PAK" --trace-steps 1000:2000
"$STGVM" trace --tsv "$T/window.trace" | tail -n +2 | awk -F'\t' '$2 < 1000 || $2 >= 2000 { bad = 1 } END { exit bad }' ||
  fail "--trace-steps: an event outside the window"
traced static "$PAK" --trace-addresses 0x20000:0x30000 --trace-events load,store
"$STGVM" trace --tsv "$T/static.trace" | python3 -c '
import sys
rows = [l.split("\t") for l in sys.stdin][1:]
assert rows and all(0x20000 <= int(r[6], 16) < 0x30000 for r in rows)' || fail "--trace-addresses: an access outside the range (or none)"
usage "unknown event kind" "trace-events: unknown event kind 'bogus'" --trace "$T/x" --trace-events load,bogus
usage "reversed window" "trace-steps 5:3" --trace "$T/x" --trace-steps 5:3
usage "filter without --trace" "go with --trace" --trace-steps 1:2
usage "unwritable trace" "cannot write there" --trace /nonexistent/dir/x.trace

# A trace cut off inside a chunk: every whole chunk is read, exit 1, where it ends is said,
# and the events read are the start of the whole trace's.
size=$(stat -c %s "$T/a.trace")
head -c $((size * 2 / 3)) "$T/a.trace" >"$T/cut.trace"
"$STGVM" trace --tsv "$T/cut.trace" >"$T/cut.tsv" 2>"$T/cut.err"
rc=$?
[ $rc = 1 ] || fail "cut trace: exit $rc, want 1"
[ "$(wc -l <"$T/cut.err")" = 1 ] && grep -q "incomplete: the data ends at byte [0-9]*: chunk [0-9]* is cut off" "$T/cut.err" ||
  fail "cut trace: $(cat "$T/cut.err")"
n=$(wc -l <"$T/cut.tsv")
[ "$n" -gt 1 ] && [ "$n" -lt "$((events + 1))" ] && head -n "$n" "$T/a.tsv" | cmp -s - "$T/cut.tsv" || fail "cut trace: not a prefix"
"$STGVM" trace "$T/cut.trace" >"$T/cut.sum" 2>/dev/null
grep -q "^incomplete: the data ends at byte" "$T/cut.sum" || fail "cut trace: summary"

# A killed run leaves whole chunks: readable, incomplete (no end), exit 1.
"$STGVM" run "$LONG" --trace "$T/killed.trace" >/dev/null 2>&1 </dev/null &
pid=$!
for _ in $(seq 200); do
  [ "$(stat -c %s "$T/killed.trace" 2>/dev/null || echo 0)" -gt 3000000 ] && break
  sleep 0.05
done
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
"$STGVM" trace "$T/killed.trace" >"$T/killed.sum" 2>"$T/killed.err"
rc=$?
[ $rc = 1 ] || fail "killed run's trace: exit $rc, want 1 ($(cat "$T/killed.err"))"
grep -q "^incomplete: " "$T/killed.sum" && grep -qE "^events: [1-9][0-9]* in" "$T/killed.sum" || fail "killed: $(head -4 "$T/killed.sum")"

# Not a trace, or damaged: one line naming the byte, exit 2.
bad() {  # bad WHAT FILE TEXT
  "$STGVM" trace "$2" >"$T/bad.out" 2>"$T/bad.err"
  local rc=$?
  [ $rc = 2 ] || fail "$1: exit $rc, want 2"
  [ "$(wc -l <"$T/bad.err")" = 1 ] && grep -q "$3" "$T/bad.err" || fail "$1: $(cat "$T/bad.err")"
}
: >"$T/empty"
bad "empty file" "$T/empty" "at byte 0: an empty file is not a stgvm trace"
bad "an archive" "$PAK" "at byte 0: .*not a stgvm trace"
{ cat "$T/a.trace"; printf '\xff\xff\xff\xff0123456789abcdef'; } >"$T/tail.trace"
bad "garbage after the end" "$T/tail.trace" "at byte $size: chunk [0-9]* has a damaged segment table"
{ head -c "$size" "$T/a.trace"; head -c 4096 "$T/a.trace"; } >"$T/again.trace"
bad "a second header" "$T/again.trace" "at byte $size: .*header"
"$STGVM" trace "$T/missing" >/dev/null 2>"$T/bad.err"
[ $? = 2 ] && grep -q "cannot open" "$T/bad.err" || fail "missing file: $(cat "$T/bad.err")"

# The executors' raw records (what run-wasm --trace writes) read back too.
"$STGVM" run "$PAK" --heap-size 64K --trace "$T/raw.trace" --trace-format raw >/dev/null 2>&1 || fail "raw run"
"$STGVM" trace "$T/raw.trace" >"$T/raw.sum" || fail "raw trace: exit $?"
grep -q "raw records" "$T/raw.sum" && grep -q "(allocated $allocated bytes" "$T/raw.sum" || fail "raw: $(head -8 "$T/raw.sum")"
echo "ok: $events events, $steps steps, hash $hash"
