#!/usr/bin/env bash
# What the analysis outputs cost: each compute-heavy corpus program run plain, with the call
# graph and profile on (`--call-graph DIR --profile FILE`, the goal is at most 2x), and with
# speedscope stack samples added (`--speedscope FILE`, a sample every 1000 blocks), side by
# side in one run, start-up included (warm start-up cache). Prints wall-clock seconds, the
# ratios to the plain run and geometric means. Then the full memory trace (`--trace FILE`,
# every event) on smaller sizes of the same programs (a trace holds tens of millions of
# events a second): its cost as a ratio to the plain run, events written per second and
# bytes per event. Never fails on timing.
#   bench/analysis_overhead.sh [OUTDIR]   (defaults: build/bench-analysis; STGVM, STGVM_EXPORT, STGVM_PACK from build/)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
OUT=${1:-$ROOT/build/bench-analysis}
mkdir -p "$OUT"
export STGVM_CACHE_DIR=$OUT/image-cache

BENCH=(
  "fib 30"
  "nbody 20000"
  "sieve 500000"
  "nqueens 9"
  "spectral-norm 200"
  "binary-trees 12"
  "knapsack-lcs 30"
  "lisp-interp"
  "word-freq"
)

printf '%-14s %-14s %9s %9s %9s %10s %10s\n' program args plain graph+prof +samples graph/plain samp/plain
rows=()
for entry in "${BENCH[@]}"; do
  program_entry "$entry"
  "$STGVM" run "$d/$name.fullpak" -- "${args[@]}" <"$in" >/dev/null 2>&1 || true  # (fills the start-up cache)
  t0=$(now); "$STGVM" run "$d/$name.fullpak" -- "${args[@]}" <"$in" >"$d/plain.out" 2>/dev/null || true; t1=$(now)
  "$STGVM" run "$d/$name.fullpak" --call-graph "$d/cg" --profile "$d/profile.json" -- "${args[@]}" <"$in" >"$d/graph.out" 2>/dev/null || true; t2=$(now)
  "$STGVM" run "$d/$name.fullpak" --call-graph "$d/cg" --profile "$d/profile.json" --speedscope "$d/speedscope.json" \
    -- "${args[@]}" <"$in" >"$d/samples.out" 2>/dev/null || true; t3=$(now)
  same=$(cmp -s "$d/plain.out" "$d/graph.out" && cmp -s "$d/plain.out" "$d/samples.out" && echo "" || echo " (OUTPUT DIFFERS)")
  p=$(secs "$t0" "$t1"); g=$(secs "$t1" "$t2"); s=$(secs "$t2" "$t3")
  rg=$(ratio "$g" "$p"); rs=$(ratio "$s" "$p")
  printf '%-14s %-14s %9s %9s %9s %10s %10s%s\n' "$name" "${args[*]:0:14}" "$p" "$g" "$s" "$rg" "$rs" "$same"
  rows+=("$rg $rs")
done
geomeans "${rows[@]}" <<<$'call graph + profile (vs a plain run)|2
with speedscope samples|2'

# The full memory trace, on sizes whose traces fit on a disk (deleted after each program).
TRACE_BENCH=(
  "fib 25"
  "nbody 2000"
  "sieve 100000"
  "nqueens 8"
  "binary-trees 10"
  "word-freq"
)
echo
printf '%-14s %-14s %9s %9s %10s %12s %12s %11s\n' program args plain traced trace/plain events events/s bytes/event
trows=()
for entry in "${TRACE_BENCH[@]}"; do
  program_entry "$entry"
  "$STGVM" run "$d/$name.fullpak" -- "${args[@]}" <"$in" >/dev/null 2>&1 || true  # (fills the start-up cache)
  t0=$(now); "$STGVM" run "$d/$name.fullpak" -- "${args[@]}" <"$in" >"$d/plain.out" 2>/dev/null || true; t1=$(now)
  "$STGVM" run "$d/$name.fullpak" --trace "$d/run.trace" -- "${args[@]}" <"$in" >"$d/traced.out" 2>/dev/null || true; t2=$(now)
  same=$(cmp -s "$d/plain.out" "$d/traced.out" && echo "" || echo " (OUTPUT DIFFERS)")
  events=$("$STGVM" trace "$d/run.trace" | sed -n 's/^events: \([0-9]*\) in.*/\1/p')
  bytes=$(stat -c %s "$d/run.trace")
  rm -f "$d/run.trace"
  p=$(secs "$t0" "$t1"); t=$(secs "$t1" "$t2")
  r=$(ratio "$t" "$p")
  eps=$(python3 -c "print(f'{$events / $t:.3g}')")
  bpe=$(ratio "$bytes" "$events" 1)
  printf '%-14s %-14s %9s %9s %10s %12s %12s %11s%s\n' "$name" "${args[*]:0:14}" "$p" "$t" "$r" "$events" "$eps" "$bpe" "$same"
  trows+=("$r")
done
geomeans "${trows[@]}" <<<$'full memory trace (vs a plain run)|1'
echo "(events/s: events over the whole traced run's seconds, start-up included)"
