#!/usr/bin/env bash
# stgvm as a user sees it, on a classic small-benchmark set (bench/classic/, in the spirit of
# nofib's imaginary and spectral suites): whole-process wall time, start-up included, of
# native GHC -O1, `stgvm run` and `runghc`, side by side in one run.
#
# For each program bench/classic/<name>/ (Main.hs, `args` one argument a line, optional
# `stdin`): build it at -O1 natively and to a .fullpak against the same boot libraries
# (cached in OUTDIR, keyed by the hash of the sources and the boot libraries), check that stgvm's stdout and exit
# code equal native's (a mismatch is shown in the table and left out of the means), then
# time native, `stgvm run` (start-up cache warm: one untimed run first) and plain
# `runghc Main.hs ARGS…` (as a user would, interpreted, system GHC): best of N runs each.
# Then the cold first run of one program (empty start-up cache), and the bundled hello world
# with the warm cache and with --no-cache: wall time and peak RSS (ru_maxrss from wait4,
# the number `/usr/bin/time -f %M` prints).
# Never fails on timing or on a mismatch; exits non-zero only if a build fails.
#
#   bench/classic.sh [OUTDIR]      (default OUTDIR: build/bench-classic)
# Environment: STGVM, STGVM_EXPORT, STGVM_PACK (default: build/stgvm,
#   build/exporter/stgvm-export, build/stgvm), BENCH_RUNS (N, default 3),
#   BENCH_PROGRAMS (space-separated subset of the program names; default all),
#   STGVM_CACHE_DIR (the start-up cache of the warm runs; stgvm's default if unset).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${1:-$ROOT/build/bench-classic}
STGVM=${STGVM:-$ROOT/build/stgvm}
export STGVM_PACK=${STGVM_PACK:-$ROOT/build/stgvm}
export STGVM_EXPORT=${STGVM_EXPORT:-$ROOT/build/exporter/stgvm-export}
export LANG=C.UTF-8 LC_ALL=C.UTF-8
RUNS=${BENCH_RUNS:-3}
SRC=$ROOT/bench/classic
HELLO=$ROOT/data/examples/hello.fullpak
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

if [ -n "${BENCH_PROGRAMS:-}" ]; then
  read -r -a PROGRAMS <<<"$BENCH_PROGRAMS"
else
  PROGRAMS=()
  for d in "$SRC"/*/; do PROGRAMS+=("$(basename "$d")"); done
fi

# measure N STDIN STDOUT STDERR CMD...: runs CMD N times (stdin, stdout, stderr redirected),
# prints "best-wall-seconds peak-rss-KiB exit-code-of-the-last-run". With FRESH_CACHE=DIR,
# DIR is emptied before every run and given to the command as STGVM_CACHE_DIR.
cat >"$OUT/measure.py" <<'PY'
import os, shutil, subprocess, sys, time
n, fin, fout, ferr, cmd = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:]
fresh = os.environ.get("FRESH_CACHE")
env = dict(os.environ)
env.pop("FRESH_CACHE", None)
best, rss, rc = float("inf"), 0, 0
for _ in range(n):
    if fresh:
        shutil.rmtree(fresh, ignore_errors=True)
        os.makedirs(fresh)
        env["STGVM_CACHE_DIR"] = fresh
    with open(fin, "rb") as i, open(fout, "wb") as o, open(ferr, "wb") as e:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdin=i, stdout=o, stderr=e, env=env)
        _, status, ru = os.wait4(p.pid, 0)
        t = time.perf_counter() - t0
    p.returncode = rc = os.waitstatus_to_exitcode(status)
    best, rss = min(best, t), max(rss, ru.ru_maxrss)
print(f"{best:.4f} {rss} {rc}")
PY
measure() { python3 "$OUT/measure.py" "$@" || echo "nan 0 255"; }

# ---------------------------------------------------------------------------------------
# Build (cached by the hash of the program's sources and the boot libraries' cache key)
BOOT=$("$ROOT/scripts/build-boot-libs.sh" | tail -n 1)
build_failed=()
for name in "${PROGRAMS[@]}"; do
  src=$SRC/$name
  d=$OUT/$name
  [ -f "$src/Main.hs" ] || { echo "classic: no program $src/Main.hs" >&2; build_failed+=("$name"); continue; }
  mkdir -p "$d"
  key=$({ cat "$src"/*.hs; basename "$BOOT"; } | sha256sum | cut -d' ' -f1)
  if [ -f "$d/key" ] && [ "$(cat "$d/key")" = "$key" ] && [ -x "$d/$name" ] && [ -f "$d/$name.fullpak" ]; then
    continue
  fi
  rm -f "$d/key" "$d/$name" "$d/$name.fullpak"
  echo "classic: building $name" >&2
  if "$ROOT/exporter/stgvm-ghc" -O1 "$src/Main.hs" -o "$d/$name.fullpak" --native "$d/$name" >"$d/build.log" 2>&1; then
    echo "$key" >"$d/key"
  else
    echo "classic: building $name failed (log: $d/build.log)" >&2
    tail -n 5 "$d/build.log" >&2 || true
    build_failed+=("$name")
  fi
done

# ---------------------------------------------------------------------------------------
# Time
echo "stgvm: $STGVM; best of $RUNS runs, wall seconds, start-up included; $(nproc) cores"
printf '%-13s %9s %9s %9s %12s %12s  %s\n' program native stgvm runghc stgvm/native stgvm/runghc check
ratios=()
for name in "${PROGRAMS[@]}"; do
  src=$SRC/$name
  d=$OUT/$name
  if [ ! -f "$d/key" ]; then
    printf '%-13s %9s %9s %9s %12s %12s  %s\n' "$name" - - - - - "BUILD FAILED"
    continue
  fi
  args=()
  [ -f "$src/args" ] && mapfile -t args <"$src/args"
  input=/dev/null
  [ -f "$src/stdin" ] && input=$src/stdin

  measure 1 "$input" "$d/native.out" "$d/native.err" "$d/$name" "${args[@]}" >/dev/null
  read -r tn _ rcn < <(measure "$RUNS" "$input" "$d/native.out" "$d/native.err" "$d/$name" "${args[@]}")
  measure 1 "$input" "$d/vm.out" "$d/vm.err" "$STGVM" run "$d/$name.fullpak" -- "${args[@]}" >/dev/null
  read -r tv _ rcv < <(measure "$RUNS" "$input" "$d/vm.out" "$d/vm.err" "$STGVM" run "$d/$name.fullpak" -- "${args[@]}")
  read -r tr _ rcr < <(cd "$src" && measure "$RUNS" "$input" "$d/runghc.out" "$d/runghc.err" runghc Main.hs "${args[@]}")

  check=ok
  if [ "$rcv" != "$rcn" ] || ! cmp -s "$d/native.out" "$d/vm.out"; then
    check="STGVM DIFFERS (exit $rcv, native $rcn): $(head -c 300 "$d/vm.err" | head -n 1)"
  elif [ "$rcn" != 0 ]; then
    check="native exit $rcn"
  fi
  rg=ok
  if [ "$rcr" != "$rcn" ] || ! cmp -s "$d/native.out" "$d/runghc.out"; then
    rg=bad
    check="$check; runghc differs (exit $rcr): $(head -c 300 "$d/runghc.err" | head -n 1)"
  fi
  read -r rn rr < <(python3 -c "
import math, sys
n, v, r = map(float, sys.argv[1:])
f = lambda x, p: 'nan' if math.isnan(x) else f'{x:.{p}f}'
print(f(v / n, 1), f(v / r, 2))" "$tn" "$tv" "$tr")
  printf '%-13s %9.3f %9.3f %9.3f %12s %12s  %s\n' "$name" "$tn" "$tv" "$tr" "$rn" "$rr" "$check"
  if [[ $check != STGVM* ]]; then  # a mismatch is left out of the means
    if [ "$rg" = ok ]; then ratios+=("$rn $rr"); else ratios+=("$rn nan"); fi
  fi
done
python3 - "${#PROGRAMS[@]}" "${ratios[@]}" <<'PY'
import math, sys
total = int(sys.argv[1])
rows = [r.split() for r in sys.argv[2:]]
def g(xs):
    xs = [float(x) for x in xs if x != "nan"]
    return (math.exp(sum(map(math.log, xs)) / len(xs)), len(xs)) if xs else (float("nan"), 0)
gn, kn = g([r[0] for r in rows])
gr, kr = g([r[1] for r in rows])
print(f"geometric mean: stgvm/native {gn:.1f}x ({kn} of {total} programs), "
      f"stgvm/runghc {gr:.2f}x ({kr} of {total} programs)")
PY

# ---------------------------------------------------------------------------------------
# Start-up
cold=${PROGRAMS[0]}
for p in "${PROGRAMS[@]}"; do [ "$p" != queens ] || cold=queens; done
if [ -f "$OUT/$cold/key" ]; then
  args=()
  [ -f "$SRC/$cold/args" ] && mapfile -t args <"$SRC/$cold/args"
  input=/dev/null
  [ -f "$SRC/$cold/stdin" ] && input=$SRC/$cold/stdin
  read -r tc mc _ < <(FRESH_CACHE=$OUT/cold-cache measure "$RUNS" "$input" "$OUT/cold.out" "$OUT/cold.err" \
    "$STGVM" run "$OUT/$cold/$cold.fullpak" -- "${args[@]}")
  rm -rf "$OUT/cold-cache"
  read -r tw mw _ < <(measure "$RUNS" "$input" "$OUT/cold.out" "$OUT/cold.err" "$STGVM" run "$OUT/$cold/$cold.fullpak" -- "${args[@]}")
  printf 'cold first run (empty start-up cache) of %s: %.3f s, %d MiB peak RSS (warm: %.3f s, %d MiB)\n' \
    "$cold" "$tc" "$((mc / 1024))" "$tw" "$((mw / 1024))"
fi
measure 1 /dev/null "$OUT/hello.out" "$OUT/hello.err" "$STGVM" run "$HELLO" >/dev/null
read -r th mh rch < <(measure "$RUNS" /dev/null "$OUT/hello.out" "$OUT/hello.err" "$STGVM" run "$HELLO")
read -r tnc mnc rcnc < <(measure "$RUNS" /dev/null "$OUT/hello.out" "$OUT/hello.err" "$STGVM" run "$HELLO" --no-cache)
printf 'hello world (%s): warm cache %.3f s, %.1f MiB peak RSS; --no-cache %.3f s, %.1f MiB peak RSS%s\n' \
  "${HELLO#"$ROOT"/}" "$th" "$(python3 -c "print($mh / 1024)")" "$tnc" "$(python3 -c "print($mnc / 1024)")" \
  "$([ "$rch$rcnc" = 00 ] || echo " (exit codes $rch, $rcnc)")"

if [ ${#build_failed[@]} -gt 0 ]; then
  echo "classic: build failed: ${build_failed[*]}" >&2
  exit 1
fi
