#!/usr/bin/env bash
# Builds the Haskell side of stgvm into OUTDIR (idempotent: does nothing when
# every output is newer than every source):
#   OUTDIR/stgvm-export       the GHC 9.0.2 API driver that exports STG
#   OUTDIR/syntax-selfcheck   byte-level self-check of ExtStg.Syntax (run it: exit 0 = ok)
#   OUTDIR/stgbin-check       decodes module.stgbin files, checks exact length,
#                             re-encoding and (optionally) the text dump
# Usage: exporter/build.sh OUTDIR
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 OUTDIR" >&2
  exit 2
fi

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mkdir -p "$1"
out=$(cd "$1" && pwd)

if ! command -v ghc >/dev/null 2>&1; then
  echo "exporter/build.sh: ghc not found (run scripts/setup.sh)" >&2
  exit 1
fi

# Serialise concurrent invocations (e.g. CMake and build-boot-libs.sh).
exec 8>"$out/.build.lock"
flock 8

sources=("$here/build.sh" "$here"/*.hs "$here"/ExtStg/*.hs)

# up_to_date EXE: EXE exists and is newer than every source file.
up_to_date() {
  local exe=$1 s
  [ -x "$exe" ] || return 1
  for s in "${sources[@]}"; do
    [ "$exe" -nt "$s" ] || return 1
  done
  return 0
}

PKGS=(-package ghc -package containers -package filepath -package directory
      -package binary -package bytestring)

build() {
  local main=$1 exe=$2
  shift 2
  if up_to_date "$out/$exe"; then
    return 0
  fi
  echo "exporter/build.sh: building $out/$exe" >&2
  mkdir -p "$out/obj-$exe"
  ghc -v0 "$@" "${PKGS[@]}" -i"$here" "$here/$main" \
      -odir "$out/obj-$exe" -hidir "$out/obj-$exe" -o "$out/$exe.tmp.$$"
  mv -f "$out/$exe.tmp.$$" "$out/$exe"
}

build StgExport.hs stgvm-export -O1 -threaded -rtsopts '-with-rtsopts=-K512m -A16m'
build SyntaxSelfCheck.hs syntax-selfcheck -O0
build StgbinCheck.hs stgbin-check -O1 -rtsopts
