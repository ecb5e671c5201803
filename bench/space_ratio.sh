#!/usr/bin/env bash
# Space behaviour against GHC's: the maximum live heap of `stgvm run` (--stats' "max heap":
# bytes live after the largest collection, non-moving space included) over native GHC's
# maximum residency (+RTS -s) for every corpus program, and their geometric mean.
#
# Native programs are built at -O1 with -rtsopts and run with `+RTS -s -G1 -A64k`: one
# generation, so every collection is a major one and samples the residency (GHC's default
# samples it only at the rare major collections), and a small allocation area, as stgvm's
# with --heap-size 64K, so that both collect often. Both sides sample after collections,
# so each figure is a lower bound of the true peak; programs for which either side saw no
# collection are listed but left out of the mean. Closure layouts differ (stgvm: one
# word per field and an extra word in thunks), so a ratio near 1-1.5 is GHC's space
# behaviour; a leak shows as a ratio that grows with the input.
#
#   bench/space_ratio.sh [BUILD_DIR]   (default build/, after the test suite built the corpus)
# Environment: STGVM (default BUILD_DIR/stgvm), BENCH_PROGRAMS (space-separated subset).
# Never fails on a ratio; exits non-zero only if a build fails.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "${1:-$ROOT/build}" && pwd)
STGVM=${STGVM:-$BUILD/stgvm}
export LANG=C.UTF-8 LC_ALL=C.UTF-8
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

if [ -n "${BENCH_PROGRAMS:-}" ]; then
  read -r -a PROGRAMS <<<"$BENCH_PROGRAMS"
else
  PROGRAMS=()
  for d in "$BUILD"/corpus/*/; do PROGRAMS+=("$(basename "$d")"); done
fi

printf '%-28s %14s %14s %8s\n' program native stgvm ratio
logsum=0
n=0
for name in "${PROGRAMS[@]}"; do
  src=$ROOT/data/programs/$name
  pak=$BUILD/corpus/$name/$name.fullpak
  [ -f "$pak" ] || { echo "$name: $pak missing (run the test suite first)" >&2; exit 1; }
  args=()
  [ -f "$src/args" ] && mapfile -t args <"$src/args"
  stdin=/dev/null
  [ -f "$src/stdin" ] && stdin=$src/stdin
  mkdir -p "$T/$name"
  ghc -O1 -rtsopts -i"$src" -outputdir "$T/$name" -o "$T/$name/native" "$src/Main.hs" >"$T/$name/build.log" 2>&1 ||
    { cat "$T/$name/build.log" >&2; exit 1; }
  (cd "$T/$name" && timeout 600 ./native "${args[@]}" +RTS -s"$T/$name/rts" -G1 -A64k -RTS <"$stdin" >/dev/null 2>&1) || true
  native=$(grep -o '[0-9,]* bytes maximum residency' "$T/$name/rts" 2>/dev/null | tr -d , | cut -d' ' -f1 || true)
  line=$(cd "$(dirname "$pak")" && timeout 600 "$STGVM" run "$pak" --stats --heap-size 64K -- "${args[@]}" <"$stdin" 2>&1 >/dev/null |
         grep '^stgvm: steps ' || true)
  vm=$(sed -n 's/.*max heap \([0-9]*\) bytes.*/\1/p' <<<"$line")
  gcs=$(sed -n 's/.*bytes, \([0-9]*\) GCs.*/\1/p' <<<"$line")
  if [ -z "$native" ] || [ "$native" = 0 ] || [ -z "$vm" ] || [ "${gcs:-0}" = 0 ]; then
    printf '%-28s %14s %14s %8s\n' "$name" "${native:--}" "${vm:--}" "(no GC)"
    continue
  fi
  ratio=$(awk -v a="$vm" -v b="$native" 'BEGIN { printf "%.2f", a / b }')
  logsum=$(awk -v s="$logsum" -v a="$vm" -v b="$native" 'BEGIN { print s + log(a / b) }')
  n=$((n + 1))
  printf '%-28s %14s %14s %8s\n' "$name" "$native" "$vm" "$ratio"
done
[ $n -gt 0 ] && awk -v s="$logsum" -v n="$n" 'BEGIN { printf "geometric mean of %d ratios: %.2f\n", n, exp(s / n) }'
exit 0
