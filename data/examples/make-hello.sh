#!/usr/bin/env bash
# Rebuilds data/examples/hello.fullpak from hello/Main.hs (stgbins only, to keep it small).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$repo/exporter/stgvm-ghc" -O1 "$here/hello/Main.hs" -o "$tmp/hello.fullpak" --keep "$tmp/obj"
"${STGVM_PACK:-$repo/build/stgvm}" pack fullpak "$tmp/obj/hello.o_ghc_stgapp" -o "$here/hello.fullpak" --stgbins-only
