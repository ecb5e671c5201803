#!/usr/bin/env bash
# Differential test: `stgvm run` of a corpus program must match the native oracle byte for
# byte (stdout, stderr, exit code).   diff_run.sh STGVM BUILD_DIR REPO_ROOT NAME
set -uo pipefail
source "$(dirname "$0")/program_inputs.sh" "$@"
(cd "$OUT" && timeout 600 "$STGVM" run "$NAME.fullpak" ${STGVM_RUN_FLAGS:-} -- "${args[@]}" <"$stdin" >"$T/stdout" 2>"$T/stderr")
echo $? >"$T/exit"
same_as_native "$OUT/oracle.stdout" "$OUT/oracle.stderr" "$OUT/oracle.exit" || exit 1
echo "$NAME: matches the native run"
