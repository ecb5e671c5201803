#!/usr/bin/env bash
# Exports one corpus program to a .fullpak and builds it natively against the same boot
# libraries, then records the native run (stdout, stderr, exit code) as the oracle.
#   export_program.sh REPO_ROOT BUILD_DIR NAME [SRC_DIR OUT_DIR]
# SRC_DIR defaults to REPO_ROOT/data/programs/NAME, OUT_DIR to BUILD_DIR/corpus/NAME.
set -euo pipefail
ROOT=$1
BUILD=$2
NAME=$3
SRC=${4:-$ROOT/data/programs/$NAME}
OUT=${5:-$BUILD/corpus/$NAME}
export STGVM_PACK=${STGVM_PACK:-$BUILD/stgvm}
export STGVM_EXPORT=${STGVM_EXPORT:-$BUILD/exporter/stgvm-export}
export LANG=C.UTF-8 LC_ALL=C.UTF-8
GHC_DRIVER=$ROOT/exporter/stgvm-ghc
for tool in "$STGVM_EXPORT" "$STGVM_PACK" "$GHC_DRIVER"; do
  [ -x "$tool" ] || { echo "export_program.sh: $tool is missing or not executable (build it first)" >&2; exit 1; }
done

mkdir -p "$OUT"
# Rebuild only when the sources, the boot libraries or the tools that made the archive
# (the exporter, its driver, the stgvm binary that packs) changed.
BOOT=$(bash "$ROOT/scripts/build-boot-libs.sh" | tail -n 1)
key=$( (echo "$BOOT"; sha256sum "$STGVM_EXPORT" "$GHC_DRIVER" "$STGVM_PACK" | cut -d' ' -f1
        cd "$SRC" && find . -type f | sort | xargs sha256sum) | sha256sum | cut -d' ' -f1)
if [ -f "$OUT/stamp" ] && [ "$(cat "$OUT/stamp")" = "$key" ] && [ -f "$OUT/$NAME.fullpak" ]; then
  echo "$NAME: up to date"
  exit 0
fi
rm -f "$OUT/stamp" "$OUT/$NAME.fullpak" "$OUT/$NAME"
"$GHC_DRIVER" -O1 "$SRC/Main.hs" -o "$OUT/$NAME.fullpak" --native "$OUT/$NAME"

args=()
[ -f "$SRC/args" ] && mapfile -t args <"$SRC/args"
stdin=/dev/null
[ -f "$SRC/stdin" ] && stdin=$SRC/stdin
set +e
(cd "$OUT" && "./$NAME" "${args[@]}" <"$stdin" >oracle.stdout 2>oracle.stderr)
echo $? >"$OUT/oracle.exit"
set -e
echo "$key" >"$OUT/stamp"
echo "$NAME: exported ($(stat -c %s "$OUT/$NAME.fullpak") bytes), native exit $(cat "$OUT/oracle.exit")"
