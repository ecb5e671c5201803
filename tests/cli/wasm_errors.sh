#!/usr/bin/env bash
# Bad input to `stgvm wasm` and `stgvm run-wasm`: each case must give exit code 2 and exactly
# one line on stderr per problem, and leave no output file behind.
#   wasm_errors.sh STGVM HELLO.fullpak UNTRANSLATABLE.fullpak
set -u
STGVM=$1
HELLO=$2
BAD=$3
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
fail() { echo "FAIL $1"; echo "  stderr: $(head -c 600 "$T/err")"; fails=$((fails + 1)); }
# expect NAME RC PATTERN: the last command's exit code and its one-line stderr
expect() {
  if [ "$rc" -ne "$2" ] || [ "$(wc -l <"$T/err")" -ne 1 ] || ! grep -qE "$3" "$T/err"; then fail "$1 (rc=$rc)"; fi
}

"$STGVM" wasm "$HELLO" -o "$T/hello.wasm" 2>"$T/err"; rc=$?
[ $rc -eq 0 ] && [ -s "$T/hello.wasm" ] || fail "emit hello (rc=$rc)"
"$STGVM" run-wasm "$T/hello.wasm" >"$T/out" 2>"$T/err"; rc=$?
[ $rc -eq 0 ] && [ "$(head -1 "$T/out")" = "Hello from stgvm!" ] && [ ! -s "$T/err" ] || fail "run hello (rc=$rc)"

# not a module
echo "not wasm" >"$T/text.wasm"
"$STGVM" run-wasm "$T/text.wasm" >"$T/out" 2>"$T/err"; rc=$?
expect "text file" 2 "^stgvm: error: .*text.wasm: not a WebAssembly module$"
# truncated: the stamp section is at the end
head -c 100000 "$T/hello.wasm" >"$T/cut.wasm"
"$STGVM" run-wasm "$T/cut.wasm" >"$T/out" 2>"$T/err"; rc=$?
expect "truncated module" 2 "^stgvm: error: .*cut.wasm: a damaged WebAssembly module$"
# a valid module that stgvm did not make
printf '\0asm\1\0\0\0' >"$T/empty.wasm"
"$STGVM" run-wasm "$T/empty.wasm" >"$T/out" 2>"$T/err"; rc=$?
expect "foreign module" 2 "^stgvm: error: .*empty.wasm: not a module made by stgvm$"
# made by another stgvm: same length, other runtime hash
LC_ALL=C sed 's/stgvm-wasm \([0-9]*\) [0-9a-f]\{16\}/stgvm-wasm \1 0123456789abcdef/' "$T/hello.wasm" >"$T/other.wasm"
"$STGVM" run-wasm "$T/other.wasm" >"$T/out" 2>"$T/err"; rc=$?
expect "other stgvm" 2 "^stgvm: error: .*other.wasm: made by another stgvm version .*emit it again$"
# missing file
"$STGVM" run-wasm "$T/missing.wasm" >"$T/out" 2>"$T/err"; rc=$?
expect "missing file" 2 "^stgvm: error: .*missing.wasm: cannot open$"

# a program the emitter cannot translate: one line per offender, no module written
"$STGVM" wasm "$BAD" -o "$T/bad.wasm" >"$T/out" 2>"$T/err"; rc=$?
expect "untranslatable program" 2 "^stgvm: error: cannot translate .*untranslatable.fullpak: unknown foreign symbol memfrob$"
[ -e "$T/bad.wasm" ] && fail "a module was written for the untranslatable program"
# not an archive
"$STGVM" wasm "$T/text.wasm" -o "$T/x.wasm" >"$T/out" 2>"$T/err"; rc=$?
[ $rc -eq 2 ] && [ "$(wc -l <"$T/err")" -eq 1 ] && [ ! -e "$T/x.wasm" ] || fail "emit from a text file (rc=$rc)"

# the emitter plugin (stgvm-wasm-emit.so beside the executable) missing or damaged: one line
# naming it, no module; the commands that do not emit still work without it
mkdir "$T/alone"
cp "$STGVM" "$T/alone/stgvm"
"$T/alone/stgvm" wasm "$HELLO" -o "$T/alone.wasm" >"$T/out" 2>"$T/err"; rc=$?
expect "no emitter plugin" 2 "^stgvm: error: the wasm emitter cannot be loaded: .*alone/stgvm-wasm-emit.so: cannot open"
[ -e "$T/alone.wasm" ] && fail "a module was written without the emitter"
echo "not a shared object" >"$T/alone/stgvm-wasm-emit.so"
"$T/alone/stgvm" wasm "$HELLO" -o "$T/alone.wasm" >"$T/out" 2>"$T/err"; rc=$?
expect "damaged emitter plugin" 2 "^stgvm: error: the wasm emitter cannot be loaded: .*stgvm-wasm-emit.so"
[ -e "$T/alone.wasm" ] && fail "a module was written by a damaged emitter"
"$T/alone/stgvm" run-wasm "$T/hello.wasm" >"$T/out" 2>"$T/err"; rc=$?
[ $rc -eq 0 ] && [ "$(head -1 "$T/out")" = "Hello from stgvm!" ] || fail "run-wasm without the emitter (rc=$rc)"
"$T/alone/stgvm" run "$HELLO" >"$T/out" 2>"$T/err"; rc=$?
[ $rc -eq 0 ] && [ "$(head -1 "$T/out")" = "Hello from stgvm!" ] || fail "run without the emitter (rc=$rc)"

echo "$fails failures"
[ $fails -eq 0 ]
