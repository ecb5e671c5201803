#!/usr/bin/env bash
# `stgvm diff-wasm` on a corpus program: the interpreter and the program's traceable wasm
# module must agree on exit code, stdout, stderr and their memory-access traces, event by
# event (runtime/trace.h).   diff_wasm_trace.sh STGVM BUILD_DIR REPO_ROOT NAME
set -uo pipefail
source "$(dirname "$0")/program_inputs.sh" "$@"
(cd "$OUT" && timeout 900 "$STGVM" diff-wasm "$NAME.fullpak" -- "${args[@]}" <"$stdin" >"$T/report" 2>&1)
rc=$?
cat "$T/report"
[ $rc -eq 0 ] && grep -q "traces: identical ([1-9][0-9]* events)" "$T/report"
