#!/usr/bin/env bash
# Two runs of a corpus program (small heap, so collections happen) give identical stdout,
# stderr, exit code, statistics and final heap hash.   determinism.sh STGVM BUILD_DIR REPO_ROOT NAME
set -uo pipefail
source "$(dirname "$0")/program_inputs.sh" "$@"
for i in 1 2; do
  (cd "$OUT" && timeout 600 "$STGVM" run "$NAME.fullpak" --stats --heap-size 256K -- "${args[@]}" <"$stdin" >"$T/out$i" 2>"$T/err$i")
  echo $? >>"$T/err$i"
done
if cmp -s "$T/out1" "$T/out2" && cmp -s "$T/err1" "$T/err2"; then
  grep -q 'heap hash' "$T/err1" || { echo "FAIL: no statistics line"; exit 1; }
  echo "$NAME: deterministic ($(grep -o 'heap hash [0-9a-f]*' "$T/err1"))"
  exit 0
fi
echo "FAIL: the two runs differ"
diff "$T/err1" "$T/err2" | head
diff "$T/out1" "$T/out2" | head
exit 1
