#!/usr/bin/env bash
# A corpus program lowers to a valid Image (verify_image), with no unknown primop, and the
# Image is identical across two runs (determinism).   check_lower.sh STGVM BUILD_DIR NAME
set -euo pipefail
STGVM=$1
FP=$2/corpus/$3/$3.fullpak
a=$("$STGVM" lower "$FP")
b=$("$STGVM" lower "$FP")
echo "$a"
[ "$a" = "$b" ] || { echo "FAIL: two lowerings differ"; exit 1; }
grep -q '^unknown primops: 0$' <<<"$a" || { echo "FAIL: unknown primops"; exit 1; }
