#!/usr/bin/env bash
# Memory primops with hostile lengths and offsets (data/fixtures/hostile/Main.hs): each case
# must end the run with exit code 3, exactly one line on stderr `stgvm: error: <primop>: …`,
# and on stdout only what the program printed before the bad call — never a host crash and
# never a silently wrapped access.
# With `wasm` the program runs as an emitted wasm module (stgvm wasm, stgvm run-wasm), which
# must fail exactly as the interpreter does.
#   hostile_primops.sh STGVM HOSTILE.fullpak [wasm]
set -u
STGVM=$1
PAK=$2
EXECUTOR=${3:-run}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
[ -f "$PAK" ] || { echo "missing $PAK (exported by the hostile_export test)"; exit 1; }
run_case() {
  if [ "$EXECUTOR" = wasm ]; then "$STGVM" run-wasm "$T/hostile.wasm" -- "$1"
  else "$STGVM" run "$PAK" -- "$1"; fi
}
if [ "$EXECUTOR" = wasm ]; then
  "$STGVM" wasm "$PAK" -o "$T/hostile.wasm" || { echo "FAIL: stgvm wasm"; exit 1; }
fi
fails=0
checks=0

# case name | primop the error must name | expected message after "stgvm: error: " (or empty)
while IFS='|' read -r name primop message; do
  [ -n "$name" ] || continue
  checks=$((checks + 1))
  run_case "$name" >"$T/out" 2>"$T/err"
  rc=$?
  lines=$(wc -l <"$T/err")
  want_out="hostile: $name"
  if [ "$rc" -ne 3 ] || [ "$lines" -ne 1 ] || [ "$(cat "$T/out")" != "$want_out" ] ||
     [ "$(wc -l <"$T/out")" -ne 1 ] || ! grep -q "^stgvm: error: $primop: " "$T/err" ||
     { [ -n "$message" ] && [ "$(cat "$T/err")" != "stgvm: error: $message" ]; }; then
    echo "FAIL $name: rc=$rc stderr-lines=$lines (want exit 3, one line naming $primop)"
    echo "  stdout: $(head -c 300 "$T/out")"
    echo "  stderr: $(head -c 600 "$T/err")"
    fails=$((fails + 1))
  fi
done <<'CASES'
copy-length|copyMutableByteArray#|copyMutableByteArray#: range [16, 4294967328) outside a 64-byte array
set-length|setByteArray#|setByteArray#: range [0, 4294967312) outside a 64-byte array
copy-to-addr-length|copyMutableByteArrayToAddr#|copyMutableByteArrayToAddr#: range [0, 4294967312) outside a 64-byte array
compare-negative|compareByteArrays#|compareByteArrays#: offset 0, length -1 outside a 64-byte array
addr-past-4g|readWord8OffAddr#|
index-wraps|readIntArray#|readIntArray#: range [2305843009213693952, 2305843009213693953) of 8-byte elements outside a 64-byte array
array-copy-length|copyMutableArray#|copyMutableArray#: range [0, 4294967304) outside a 8-element array
CASES

# A made-up pointer (not a primop's range): the interpreter's own load from the null guard
# page is a memory fault, whether it is checked or caught by guard pages (interp/guard.h).
if [ "$EXECUTOR" = run ]; then
  checks=$((checks + 1))
  "$STGVM" run "$PAK" -- wild-pointer >"$T/out" 2>"$T/err"
  rc=$?
  want="stgvm: error: memory fault: access to the null guard page at address 0x00000100 (8 bytes)"
  if [ "$rc" -ne 3 ] || [ "$(cat "$T/out")" != "hostile: wild-pointer" ] || [ "$(cat "$T/err")" != "$want" ]; then
    echo "FAIL wild-pointer: rc=$rc"
    echo "  stdout: $(head -c 300 "$T/out")"
    echo "  stderr: $(head -c 600 "$T/err")"
    fails=$((fails + 1))
  fi
fi

# Without an argument the program runs normally (lists its cases) and exits 0.
checks=$((checks + 1))
if ! "$STGVM" run "$PAK" >"$T/out" 2>"$T/err" || [ -s "$T/err" ] || ! grep -qx copy-length "$T/out"; then
  echo "FAIL listing: $(head -c 600 "$T/err")"; fails=$((fails + 1))
fi

echo "$checks checks, $fails failures"
[ "$fails" -eq 0 ]
