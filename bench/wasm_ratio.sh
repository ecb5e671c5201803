#!/usr/bin/env bash
# The two executors side by side: for the compute-heavy programs of vm_ratio.sh (built at
# -O2, with its arguments), CPU seconds of `stgvm run` (the interpreter) against the emitted
# wasm module under Node (`stgvm run-wasm`, module emitted beforehand, untimed) without and
# with binaryen's -O; start-up included; best of N runs. Also the emit time and module size.
# Never fails on timing.
#   bench/wasm_ratio.sh [N]     (after bench/vm_ratio.sh, which builds the programs into
#                                build/bench-vm, or BENCH_DIR; STGVM from build/ by default)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
RUNS=${1:-3}
OUT=${BENCH_DIR:-$ROOT/build/bench-vm}  # where vm_ratio.sh (or vm_ab.sh) built the programs
BENCH=("fib 35" "nbody 100000" "sieve 2000000" "nqueens 11" "mandelbrot 160 2000" "spectral-norm 600"
       "binary-trees 15" "knapsack-lcs 60")

# best CPU seconds (user + system, children included) of N runs of a command
cpu() {
  python3 - "$RUNS" "$@" <<'PY'
import os, subprocess, sys
runs, cmd = int(sys.argv[1]), sys.argv[2:]
best = None
for _ in range(runs):
    pid = os.fork()
    if pid == 0:
        fd = os.open(os.devnull, os.O_WRONLY)
        os.dup2(fd, 1); os.dup2(fd, 2)
        os.execvp(cmd[0], cmd)
    _, status, ru = os.wait4(pid, 0)
    t = ru.ru_utime + ru.ru_stime
    best = t if best is None else min(best, t)
print(f"{best:.2f}")
PY
}

printf '%-14s %8s %8s %8s %10s %10s %9s %9s\n' program interp wasm wasm-O wasm/int wasm-O/int emit-s module-MB
rows=()
for entry in "${BENCH[@]}"; do
  set -- $entry
  name=$1
  shift
  pak=$OUT/$name/$name.fullpak
  [ -f "$pak" ] || { echo "$pak missing: run bench/vm_ratio.sh first" >&2; exit 1; }
  t0=$(date +%s.%N)
  "$STGVM" wasm "$pak" -o "$OUT/$name/$name.wasm"
  t1=$(date +%s.%N)
  "$STGVM" wasm -O "$pak" -o "$OUT/$name/$name-O.wasm"
  i=$(cpu "$STGVM" run "$pak" -- "$@")
  w=$(cpu "$STGVM" run-wasm "$OUT/$name/$name.wasm" -- "$@")
  wo=$(cpu "$STGVM" run-wasm "$OUT/$name/$name-O.wasm" -- "$@")
  size=$(python3 -c "import os; print(f'{os.path.getsize(\"$OUT/$name/$name.wasm\") / 1e6:.1f}')")
  emit=$(python3 -c "print(f'{$t1 - $t0:.2f}')")
  r=$(ratio "$w" "$i")
  ro=$(ratio "$wo" "$i")
  printf '%-14s %8s %8s %8s %10s %10s %9s %9s\n' "$name" "$i" "$w" "$wo" "$r" "$ro" "$emit" "$size"
  rows+=("$r $ro")
done
geomeans "${rows[@]}" <<<$'wasm/interpreter|2
wasm -O/interpreter|2'
