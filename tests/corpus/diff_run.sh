#!/usr/bin/env bash
# Differential test: `stgvm run` of a corpus program must match the native oracle byte for
# byte (stdout, stderr, exit code).   diff_run.sh STGVM BUILD_DIR REPO_ROOT NAME
set -uo pipefail
STGVM=$1
OUT=$2/corpus/$4
SRC=$3/data/programs/$4
NAME=$4
export LANG=C.UTF-8 LC_ALL=C.UTF-8
args=()
[ -f "$SRC/args" ] && mapfile -t args <"$SRC/args"
stdin=/dev/null
[ -f "$SRC/stdin" ] && stdin=$SRC/stdin
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
(cd "$OUT" && timeout 600 "$STGVM" run "$NAME.fullpak" ${STGVM_RUN_FLAGS:-} -- "${args[@]}" <"$stdin" >"$T/stdout" 2>"$T/stderr")
echo $? >"$T/exit"
ok=1
cmp -s "$T/stdout" "$OUT/oracle.stdout" || { echo "stdout differs:"; diff "$OUT/oracle.stdout" "$T/stdout" | head -10; ok=0; }
cmp -s "$T/stderr" "$OUT/oracle.stderr" || { echo "stderr differs:"; diff "$OUT/oracle.stderr" "$T/stderr" | head -10; ok=0; }
cmp -s "$T/exit" "$OUT/oracle.exit" || { echo "exit code $(cat "$T/exit"), native $(cat "$OUT/oracle.exit")"; ok=0; }
[ $ok = 1 ] && echo "$NAME: matches the native run"
[ $ok = 1 ]
