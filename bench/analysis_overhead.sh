#!/usr/bin/env bash
# What the analysis outputs cost: each compute-heavy corpus program run plain, with the call
# graph and profile on (`--call-graph DIR --profile FILE`, the goal is at most 2x), and with
# speedscope stack samples added (`--speedscope FILE`, a sample every 1000 blocks), side by
# side in one run, start-up included (warm start-up cache). Prints wall-clock seconds, the
# ratios to the plain run and geometric means. Never fails on timing.
#   bench/analysis_overhead.sh [OUTDIR]   (defaults: build/bench-analysis; STGVM, STGVM_EXPORT, STGVM_PACK from build/)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${1:-$ROOT/build/bench-analysis}
STGVM=${STGVM:-$ROOT/build/stgvm}
export STGVM_PACK=${STGVM_PACK:-$ROOT/build/stgvm}
export STGVM_EXPORT=${STGVM_EXPORT:-$ROOT/build/exporter/stgvm-export}
export LANG=C.UTF-8 LC_ALL=C.UTF-8
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

now() { date +%s.%N; }
secs() { python3 -c "print(f'{max($2 - $1, 1e-6):.3f}')"; }
printf '%-14s %-14s %9s %9s %9s %10s %10s\n' program args plain graph+prof +samples graph/plain samp/plain
rows=()
for entry in "${BENCH[@]}"; do
  set -- $entry
  name=$1
  shift
  args=("$@")
  src=$ROOT/data/programs/$name
  d=$OUT/$name
  mkdir -p "$d"
  if [ ! -f "$d/$name.fullpak" ] || [ "$src/Main.hs" -nt "$d/$name.fullpak" ]; then
    "$ROOT/exporter/stgvm-ghc" -O2 "$src/Main.hs" -o "$d/$name.fullpak" >/dev/null 2>&1
  fi
  in=/dev/null
  [ -f "$src/stdin" ] && in=$src/stdin
  [ ${#args[@]} = 0 ] && [ -f "$src/args" ] && mapfile -t args <"$src/args"
  "$STGVM" run "$d/$name.fullpak" -- "${args[@]}" <"$in" >/dev/null 2>&1 || true  # (fills the start-up cache)
  t0=$(now); "$STGVM" run "$d/$name.fullpak" -- "${args[@]}" <"$in" >"$d/plain.out" 2>/dev/null || true; t1=$(now)
  "$STGVM" run "$d/$name.fullpak" --call-graph "$d/cg" --profile "$d/profile.json" -- "${args[@]}" <"$in" >"$d/graph.out" 2>/dev/null || true; t2=$(now)
  "$STGVM" run "$d/$name.fullpak" --call-graph "$d/cg" --profile "$d/profile.json" --speedscope "$d/speedscope.json" \
    -- "${args[@]}" <"$in" >"$d/samples.out" 2>/dev/null || true; t3=$(now)
  same=$(cmp -s "$d/plain.out" "$d/graph.out" && cmp -s "$d/plain.out" "$d/samples.out" && echo "" || echo " (OUTPUT DIFFERS)")
  p=$(secs "$t0" "$t1"); g=$(secs "$t1" "$t2"); s=$(secs "$t2" "$t3")
  rg=$(python3 -c "print(f'{$g/$p:.2f}')"); rs=$(python3 -c "print(f'{$s/$p:.2f}')")
  printf '%-14s %-14s %9s %9s %9s %10s %10s%s\n' "$name" "${args[*]:0:14}" "$p" "$g" "$s" "$rg" "$rs" "$same"
  rows+=("$rg $rs")
done
python3 - "${rows[@]}" <<'PY'
import math, sys
g = [float(r.split()[0]) for r in sys.argv[1:]]
s = [float(r.split()[1]) for r in sys.argv[1:]]
gm = lambda xs: math.exp(sum(math.log(x) for x in xs) / len(xs))
print(f"geometric mean: call graph + profile {gm(g):.2f}x a plain run, with speedscope samples {gm(s):.2f}x")
PY
