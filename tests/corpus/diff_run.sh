#!/usr/bin/env bash
# Differential test: `stgvm run` of a corpus program must match the native oracle byte for
# byte (stdout, stderr, exit code).   diff_run.sh STGVM BUILD_DIR REPO_ROOT NAME
set -uo pipefail
source "$(dirname "$0")/program_inputs.sh" "$@"
(cd "$OUT" && timeout 600 "$STGVM" run "$NAME.fullpak" ${STGVM_RUN_FLAGS:-} -- "${args[@]}" <"$stdin" >"$T/stdout" 2>"$T/stderr")
echo $? >"$T/exit"
ok=1
cmp -s "$T/stdout" "$OUT/oracle.stdout" || { echo "stdout differs:"; diff "$OUT/oracle.stdout" "$T/stdout" | head -10; ok=0; }
cmp -s "$T/stderr" "$OUT/oracle.stderr" || { echo "stderr differs:"; diff "$OUT/oracle.stderr" "$T/stderr" | head -10; ok=0; }
cmp -s "$T/exit" "$OUT/oracle.exit" || { echo "exit code $(cat "$T/exit"), native $(cat "$OUT/oracle.exit")"; ok=0; }
[ $ok = 1 ] && echo "$NAME: matches the native run"
[ $ok = 1 ]
