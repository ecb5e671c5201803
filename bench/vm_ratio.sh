#!/usr/bin/env bash
# Speed of `stgvm run` measured against native GHC -O2 and runghc, side by side in one run.
# For each compute-heavy corpus program: build it at -O2 (fullpak + native executable against
# the same boot libraries), then time native, stgvm and runghc on the same arguments. stgvm
# runs twice: first with an empty start-up cache (`cold`: decoding and lowering included),
# then as a user's later runs do, with the cache that run filled (`stgvm`, the one the ratios
# use, as bench/classic.sh does). Prints a table of wall-clock seconds, the ratios
# stgvm/native and stgvm/runghc, stgvm's executed code blocks per second, and geometric
# means. Never fails on timing.
#   bench/vm_ratio.sh [OUTDIR]      (defaults: build/bench-vm; STGVM, STGVM_EXPORT, STGVM_PACK from build/)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
OUT=${1:-$ROOT/build/bench-vm}
mkdir -p "$OUT"
# A start-up cache of this run's own, empty at first.
export STGVM_CACHE_DIR=$OUT/image-cache
rm -rf "$STGVM_CACHE_DIR"

# program and arguments: sized so that native runs take tens of milliseconds (stgvm then
# needs seconds; its start-up is included, as a user sees it)
BENCH=(
  "fib 35"
  "nbody 100000"
  "sieve 2000000"
  "nqueens 11"
  "mandelbrot 160 2000"
  "spectral-norm 600"
  "binary-trees 15"
  "knapsack-lcs 60"
)

printf '%-14s %-18s %9s %9s %9s %9s %10s %10s %14s\n' program args native cold stgvm runghc vm/native vm/runghc blocks/s
rows=()
for entry in "${BENCH[@]}"; do
  program_entry "$entry" --native
  tc=$(now); "$STGVM" run "$d/$name.fullpak" -- "${args[@]}" >/dev/null 2>&1; tc1=$(now)
  t0=$(now); "$d/$name" "${args[@]}" >"$d/native.out"; t1=$(now)
  "$STGVM" run "$d/$name.fullpak" --stats -- "${args[@]}" >"$d/vm.out" 2>"$d/vm.err"; t2=$(now)
  (cd "$src" && runghc Main.hs "${args[@]}" >"$d/runghc.out" 2>/dev/null) || true; t3=$(now)
  same=$(cmp -s "$d/native.out" "$d/vm.out" && echo "" || echo " (OUTPUT DIFFERS)")
  n=$(secs "$t0" "$t1"); c=$(secs "$tc" "$tc1"); v=$(secs "$t1" "$t2"); r=$(secs "$t2" "$t3")
  steps=$(grep -o 'steps [0-9]*' "$d/vm.err" | cut -d' ' -f2)
  ratio_n=$(ratio "$v" "$n" 1)
  ratio_r=$(ratio "$v" "$r" 2)
  bps=$(python3 -c "print(f'{$steps/$v:.3g}')")
  printf '%-14s %-18s %9s %9s %9s %9s %10s %10s %14s%s\n' "$name" "${args[*]}" "$n" "$c" "$v" "$r" "$ratio_n" "$ratio_r" "$bps" "$same"
  rows+=("$ratio_n $ratio_r")
done
geomeans "${rows[@]}" <<<$'stgvm/native|1
stgvm/runghc|2'
