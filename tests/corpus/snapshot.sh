#!/usr/bin/env bash
# Snapshot and resume: the program is stopped after a number of steps, written to a snapshot
# file, and resumed by a second stgvm process; the first process's output followed by the
# second's must be byte for byte the native run's (stdout, stderr), and the exit code the
# native one. Three points spread over the run with the default heap, and one with a 64 KiB
# heap (collections all the time); more with STGVM_SNAPSHOT_POINTS (below). A snapshot holds linear memory, the machine registers
# and the shims' fd state only, so this fails if any machine state lived elsewhere.
#   snapshot.sh STGVM BUILD_DIR REPO_ROOT NAME
set -uo pipefail
source "$(dirname "$0")/program_inputs.sh" "$@"
cd "$OUT"
run() { timeout 600 "$STGVM" run "$NAME.fullpak" "$@" -- "${args[@]}" <"$stdin"; }
steps=$(run --stats 2>&1 >/dev/null | sed -n 's/^stgvm: steps \([0-9]*\),.*/\1/p' | tail -n 1)
[ -n "$steps" ] && [ "$steps" -gt 8 ] || { echo "FAIL: could not count the program's steps"; exit 1; }
fails=0
check() {  # check FLAGS… : one snapshot at $at with FLAGS, then resume
  rm -f "$T/s.snap"
  run "$@" --snapshot-at "$at" --snapshot "$T/s.snap" >"$T/out1" 2>"$T/err1"
  local rc1=$?
  if [ "$rc1" -ne 0 ] || [ ! -s "$T/s.snap" ]; then
    echo "FAIL at step $at $*: the stopping run exited $rc1 without a snapshot"; cat "$T/err1" | head -5
    fails=$((fails + 1)); return
  fi
  timeout 600 "$STGVM" resume "$T/s.snap" <"$stdin" >"$T/out2" 2>"$T/err2"
  echo $? >"$T/exit"
  cat "$T/out1" "$T/out2" >"$T/stdout"
  cat "$T/err1" "$T/err2" >"$T/stderr"
  if same_as_native "$OUT/oracle.stdout" "$OUT/oracle.stderr" "$OUT/oracle.exit"; then
    echo "step $at of $steps $*: resumed run matches the native run"
  else
    echo "FAIL at step $at of $steps $*"; fails=$((fails + 1))
  fi
}
for frac in 1 2 3; do
  at=$((steps * frac / 4))
  check
done
at=$((steps / 3))
check --heap-size 64K
# STGVM_SNAPSHOT_POINTS=N: N more points, evenly spread, with the 64 KiB heap — for the
# concurrent programs, so that some stop with threads blocked on MVars, in the middle of
# unwinding an exception, and right after a collection.
points=${STGVM_SNAPSHOT_POINTS:-0}
for ((i = 1; i <= points; i++)); do
  at=$((steps * i / (points + 1)))
  [ "$at" -gt 0 ] && check --heap-size 64K
done
[ "$fails" -eq 0 ]
