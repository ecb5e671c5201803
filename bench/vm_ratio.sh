#!/usr/bin/env bash
# Speed of `stgvm run` measured against native GHC -O2 and runghc, side by side in one run.
# For each compute-heavy corpus program: build it at -O2 (fullpak + native executable against
# the same boot libraries), then time native, stgvm and runghc on the same arguments. stgvm
# runs twice: first with an empty start-up cache (`cold`: decoding and lowering included),
# then as a user's later runs do, with the cache that run filled (`stgvm`, the one the ratios
# use, as bench/classic.sh does). Native and the warm stgvm run take the best of N runs
# (BENCH_RUNS, default 3: a native run of a few tens of milliseconds varies by a third from
# one run to the next on a shared machine); cold and runghc run once. Prints a table of
# wall-clock seconds, the ratios stgvm/native and stgvm/runghc, stgvm's executed code blocks
# per second, and geometric means. Never fails on timing.
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

RUNS=${BENCH_RUNS:-3}
# best_of OUTFILE CMD…: the best wall seconds of RUNS runs of CMD (stdout to OUTFILE, stderr
# to OUTFILE.err)
best_of() {
  local out=$1 best="" t0 t1 t
  shift
  for _ in $(seq "$RUNS"); do
    t0=$(now); "$@" >"$out" 2>"$out.err"; t1=$(now)
    t=$(secs "$t0" "$t1")
    best=$(python3 -c "print(min($t, ${best:-$t}))")
  done
  printf '%.3f' "$best"
}

echo "best of $RUNS runs (native, stgvm), wall seconds, start-up included; $(nproc) cores"
printf '%-14s %-18s %9s %9s %9s %9s %10s %10s %14s\n' program args native cold stgvm runghc vm/native vm/runghc blocks/s
rows=()
for entry in "${BENCH[@]}"; do
  program_entry "$entry" --native
  tc=$(now); "$STGVM" run "$d/$name.fullpak" -- "${args[@]}" >/dev/null 2>&1; tc1=$(now)
  n=$(best_of "$d/native.out" "$d/$name" "${args[@]}")
  v=$(best_of "$d/vm.out" "$STGVM" run "$d/$name.fullpak" --stats -- "${args[@]}")
  t2=$(now)
  (cd "$src" && runghc Main.hs "${args[@]}" >"$d/runghc.out" 2>/dev/null) || true; t3=$(now)
  same=$(cmp -s "$d/native.out" "$d/vm.out" && echo "" || echo " (OUTPUT DIFFERS)")
  c=$(secs "$tc" "$tc1"); r=$(secs "$t2" "$t3")
  steps=$(grep -o 'steps [0-9]*' "$d/vm.out.err" | cut -d' ' -f2)
  ratio_n=$(ratio "$v" "$n" 1)
  ratio_r=$(ratio "$v" "$r" 2)
  bps=$(python3 -c "print(f'{$steps/$v:.3g}')")
  printf '%-14s %-18s %9s %9s %9s %9s %10s %10s %14s%s\n' "$name" "${args[*]}" "$n" "$c" "$v" "$r" "$ratio_n" "$ratio_r" "$bps" "$same"
  rows+=("$ratio_n $ratio_r")
done
geomeans "${rows[@]}" <<<$'stgvm/native|1
stgvm/runghc|2'
