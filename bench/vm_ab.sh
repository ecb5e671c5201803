#!/usr/bin/env bash
# Two stgvm binaries on the same compute-heavy programs (vm_ratio.sh's, built at -O2),
# alternating, best of N runs each, in CPU seconds (user + sys, start-up included): the
# before/after comparison of a change, measured in one run on one machine. Each binary has a
# start-up cache of its own, filled by an untimed first run (an entry is per archive and
# build: sharing one, the two would replace each other's and both always start cold).
# Prints per-program seconds and new/old ratios and their geometric mean. Never fails on
# timing.
#   bench/vm_ab.sh OLD_STGVM NEW_STGVM [N] [OUTDIR]   (OUTDIR defaults to build/bench-vm)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OLD=$1 NEW=$2 N=${3:-3}
OUT=${4:-$ROOT/build/bench-vm}
export STGVM_PACK=${STGVM_PACK:-$ROOT/build/stgvm}
export STGVM_EXPORT=${STGVM_EXPORT:-$ROOT/build/exporter/stgvm-export}
export LANG=C.UTF-8 LC_ALL=C.UTF-8
BENCH=("fib 35" "nbody 100000" "sieve 2000000" "nqueens 11" "mandelbrot 160 2000" "spectral-norm 600"
       "binary-trees 15" "knapsack-lcs 60")
cpu() {  # CPU seconds of one run
  /usr/bin/time -f "%U %S" -o "$OUT/time.txt" "$@" >/dev/null 2>&1 || true
  awk '{print $1 + $2}' "$OUT/time.txt"
}
mkdir -p "$OUT"
printf '%-14s %9s %9s %9s\n' program old new new/old
ratios=()
for entry in "${BENCH[@]}"; do
  set -- $entry
  name=$1
  shift
  d=$OUT/$name
  mkdir -p "$d"
  if [ ! -f "$d/$name.fullpak" ] || [ "$ROOT/data/programs/$name/Main.hs" -nt "$d/$name.fullpak" ]; then
    "$ROOT/exporter/stgvm-ghc" -O2 "$ROOT/data/programs/$name/Main.hs" -o "$d/$name.fullpak" --native "$d/$name" >/dev/null 2>&1
  fi
  best_old=1e9 best_new=1e9
  STGVM_CACHE_DIR=$OUT/cache-old cpu "$OLD" run "$d/$name.fullpak" -- "$@" >/dev/null
  STGVM_CACHE_DIR=$OUT/cache-new cpu "$NEW" run "$d/$name.fullpak" -- "$@" >/dev/null
  for _ in $(seq "$N"); do
    o=$(STGVM_CACHE_DIR=$OUT/cache-old cpu "$OLD" run "$d/$name.fullpak" -- "$@")
    n=$(STGVM_CACHE_DIR=$OUT/cache-new cpu "$NEW" run "$d/$name.fullpak" -- "$@")
    best_old=$(python3 -c "print(min($best_old, $o))")
    best_new=$(python3 -c "print(min($best_new, $n))")
  done
  r=$(python3 -c "print(f'{$best_new / $best_old:.3f}')")
  printf '%-14s %9s %9s %9s\n' "$name" "$best_old" "$best_new" "$r"
  ratios+=("$r")
done
python3 -c "import math, sys; r = [float(x) for x in sys.argv[1:]]; print(f'geometric mean new/old: {math.exp(sum(map(math.log, r)) / len(r)):.3f}')" "${ratios[@]}"
