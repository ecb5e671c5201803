#!/bin/sh
# Build and run the primop oracle natively: gen_oracle.sh <PrimopOracle.hs> <output dir>
# Writes <output dir>/primop_oracle.txt. Fails (never skips) when ghc 9.0.2 is missing, so
# the oracle comparison cannot pass silently. GHC=... overrides the compiler.
set -eu
src=$1
out=$2
ghc=${GHC:-ghc}
rm -f "$out/primop_oracle.txt"
if ! command -v "$ghc" >/dev/null 2>&1; then
  echo "gen_oracle: '$ghc' not found: the primop oracle needs GHC 9.0.2 (scripts/setup.sh)" >&2
  exit 1
fi
ver=$("$ghc" --numeric-version)
if [ "$ver" != 9.0.2 ]; then
  echo "gen_oracle: need GHC 9.0.2, '$ghc' is $ver" >&2
  exit 1
fi
mkdir -p "$out/oracle-build"
"$ghc" -O0 -v0 -outputdir "$out/oracle-build" -o "$out/oracle-build/primop-oracle" "$src"
"$out/oracle-build/primop-oracle" > "$out/primop_oracle.txt.tmp"
mv "$out/primop_oracle.txt.tmp" "$out/primop_oracle.txt"
echo "gen_oracle: $(wc -l < "$out/primop_oracle.txt") cases from $src"
