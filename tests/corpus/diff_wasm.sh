#!/usr/bin/env bash
# Differential test of the two executors: the program emitted as a wasm module (`stgvm
# wasm`) and run under Node's WASI (`stgvm run-wasm`) must match the native oracle byte for
# byte (stdout, stderr, exit code), and its --stats line must equal the interpreter's: same
# steps, allocation, collections, maximum heap and final heap hash (the module does not
# track the maximum stack depth, so that figure is left out).
#   diff_wasm.sh STGVM BUILD_DIR REPO_ROOT NAME
set -uo pipefail
source "$(dirname "$0")/program_inputs.sh" "$@"
"$STGVM" wasm "$OUT/$NAME.fullpak" -o "$T/$NAME.wasm" || { echo "stgvm wasm failed"; exit 1; }
(cd "$OUT" && timeout 900 "$STGVM" run-wasm "$T/$NAME.wasm" --stats -- "${args[@]}" <"$stdin" >"$T/stdout" 2>"$T/stderr.all")
echo $? >"$T/exit"
grep -v '^stgvm: steps ' "$T/stderr.all" >"$T/stderr"
grep '^stgvm: steps ' "$T/stderr.all" | sed 's/max stack [0-9]* bytes, //' >"$T/stats.wasm"
ok=0
same_as_native "$OUT/oracle.stdout" "$OUT/oracle.stderr" "$OUT/oracle.exit" || ok=1
(cd "$OUT" && timeout 900 "$STGVM" run "$NAME.fullpak" --stats -- "${args[@]}" <"$stdin" 2>&1 >/dev/null |
   grep '^stgvm: steps ' | sed 's/max stack [0-9]* bytes, //' >"$T/stats.interp")
if ! cmp -s "$T/stats.interp" "$T/stats.wasm"; then
  echo "the executors differ:"
  echo "  interpreter: $(cat "$T/stats.interp")"
  echo "  wasm:        $(cat "$T/stats.wasm")"
  ok=1
fi
[ $ok = 0 ] && echo "$NAME: the wasm module matches the native run and the interpreter"
exit $ok
