#!/usr/bin/env bash
# `stgvm diff-wasm`: on a program both executors run alike it must say so (exit 0, identical
# traces of a non-trivial number of events); on one whose wasm module really differs (ffi-libm:
# wasi-libc's libm against glibc's, tests/corpus/known-wasm-differences.txt) it must exit 1 and
# name the first divergence: the event, its step and code block, both events.
#   diff_wasm.sh STGVM HELLO.fullpak FFI-LIBM.fullpak
set -u
STGVM=$1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0

"$STGVM" diff-wasm "$2" </dev/null >"$T/out" 2>"$T/err"
rc=$?
events=$(sed -n 's/.*traces: identical (\([0-9]*\) events).*/\1/p' "$T/out")
if [ $rc -ne 0 ] || ! grep -q "^the interpreter and the wasm module agree: exit code 0" "$T/out" || [ "${events:-0}" -lt 10000 ]; then
  echo "FAIL agreeing program (rc=$rc)"; cat "$T/out" "$T/err"; fails=$((fails + 1))
fi

"$STGVM" diff-wasm "$3" </dev/null >"$T/out" 2>"$T/err"
rc=$?
if [ $rc -ne 1 ] || ! grep -q "^stdout: differs from byte [0-9]*" "$T/out" ||
   ! grep -qE "^traces: first divergence at event [0-9]+, step [0-9]+, block [0-9]+ \(.+\)$" "$T/out" ||
   ! grep -qE "^  interpreter: step [0-9]+, (load|store|alloc) " "$T/out" ||
   ! grep -qE "^  wasm:        step [0-9]+, (load|store|alloc) " "$T/out"; then
  echo "FAIL diverging program (rc=$rc)"; cat "$T/out" "$T/err"; fails=$((fails + 1))
fi
echo "$fails failures"
[ $fails -eq 0 ]
