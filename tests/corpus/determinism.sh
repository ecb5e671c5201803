#!/usr/bin/env bash
# Two runs of a corpus program (small heap, so collections happen) with its call graph,
# profile and a memory trace on (the trace without loads, stores, allocations and entries, which would
# take gigabytes for some programs) give identical stdout, stderr, exit code, statistics,
# final heap hash, call graph and profile files and trace; the output still matches the native run, the
# call graph's summary describes its rows, and the trace is complete, with the run's exit
# code and one gc-start per collection.   determinism.sh STGVM BUILD_DIR REPO_ROOT NAME
set -uo pipefail
source "$(dirname "$0")/program_inputs.sh" "$@"
for i in 1 2; do
  (cd "$OUT" && timeout 600 "$STGVM" run "$NAME.fullpak" --stats --heap-size 256K --call-graph "$T/cg$i" --profile "$T/profile$i.json" \
     --trace "$T/trace$i" --trace-events gc-start,gc-end,thread-switch,raise,copy,fill,compare,foreign-call,foreign-return \
     -- "${args[@]}" <"$stdin" >"$T/out$i" 2>"$T/err$i")
  echo $? >>"$T/err$i"
done
if ! cmp -s "$T/out1" "$T/out2" || ! cmp -s "$T/err1" "$T/err2"; then
  echo "FAIL: the two runs differ"
  diff "$T/err1" "$T/err2" | head
  diff "$T/out1" "$T/out2" | head
  exit 1
fi
grep -q 'heap hash' "$T/err1" || { echo "FAIL: no statistics line"; exit 1; }
diff -r "$T/cg1" "$T/cg2" >/dev/null || { echo "FAIL: the two runs' call graphs differ"; diff -r "$T/cg1" "$T/cg2" | head -5; exit 1; }
cmp -s "$T/profile1.json" "$T/profile2.json" || { echo "FAIL: the two runs' profiles differ"; exit 1; }
cmp -s "$T/trace1" "$T/trace2" || { echo "FAIL: the two runs' traces differ"; exit 1; }
"$STGVM" trace "$T/trace1" >"$T/trace.sum" 2>&1 || { echo "FAIL: stgvm trace exited $?"; cat "$T/trace.sum"; exit 1; }
gcs=$(grep -o '[0-9]* GCs' "$T/err1" | cut -d' ' -f1)
grep -q "^complete: .* with exit code $(tail -1 "$T/err1")$" "$T/trace.sum" &&
  { [ "$gcs" = 0 ] || grep -qE "^  gc-start +$gcs$" "$T/trace.sum"; } ||
  { echo "FAIL: the trace is incomplete or has not one gc-start per collection ($gcs)"; head -20 "$T/trace.sum"; exit 1; }
tsv=$T/cg1/$NAME-call-graph.tsv
[ -s "$tsv" ] || { echo "FAIL: no call graph"; exit 1; }
awk -F'\t' 'NR > 1 { n++; s += $1; if (mn == "" || $1 < mn) mn = $1; if ($1 > mx) mx = $1 }
            END { if (n) printf "min: %d\nmax: %d\nsum: %d\nsize (edge count): %d\n\n", mn, mx, s, n }' "$tsv" |
  cmp -s - "$T/cg1/$NAME-call-graph-summary" || { echo "FAIL: the call graph summary does not describe its rows"; exit 1; }
# (--stats's line and the exit code follow the program's stderr.)
cp "$T/out1" "$T/stdout"
grep -v '^stgvm: steps ' "$T/err1" | sed '$d' >"$T/stderr"
tail -1 "$T/err1" >"$T/exit"
same_as_native "$OUT/oracle.stdout" "$OUT/oracle.stderr" "$OUT/oracle.exit" || { echo "FAIL: with the call graph, profile and trace on, the run differs from the native one"; exit 1; }
echo "$NAME: deterministic ($(grep -o 'heap hash [0-9a-f]*' "$T/err1")), call graph $(wc -l <"$tsv") lines, $(grep -o '^events: [0-9]*' "$T/trace.sum") traced, output as native"
