#!/usr/bin/env bash
# An archive whose ghc-bignum uses its native (Haskell) backend still runs: the boot libraries
# now select the GMP backend, so this one is committed (data/fixtures/bignum-native, built by
# its make.sh against native-backend boot libraries). Its source is compiled by the system's
# native GHC here, and stgvm (and, given `wasm`, the program's wasm module) must print the
# same bytes and exit the same way.
#   bignum_native_backend.sh STGVM FIXTURE-DIR [wasm]
set -u
STGVM=$1
DIR=$2
MODE=${3:-}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export STGVM_CACHE_DIR=$T/cache
PAK=$DIR/native-backend.fullpak
fails=0
fail() { echo "FAIL $1"; fails=$((fails + 1)); }

# It really is the native backend: its module, and none of the GMP backend's C calls.
"$STGVM" info "$PAK" >"$T/info" 2>&1 || fail "stgvm info"
grep -q 'ghc-bignum:GHC.Num.Backend.Native ' "$T/info" || fail "no GHC.Num.Backend.Native in the archive"
if grep -qE '__gmpn_|integer_gmp_' "$T/info"; then fail "the archive calls GMP"; fi

ghc -O1 -v0 -outputdir "$T/obj" "$DIR/Main.hs" -o "$T/native" >"$T/ghc.log" 2>&1 || { cat "$T/ghc.log"; fail "native build"; }
"$T/native" >"$T/want.out" 2>"$T/want.err"; want_rc=$?

if [ "$MODE" = wasm ]; then
  "$STGVM" wasm "$PAK" -o "$T/p.wasm" || fail "stgvm wasm"
  "$STGVM" run-wasm "$T/p.wasm" >"$T/got.out" 2>"$T/got.err"; got_rc=$?
else
  "$STGVM" run "$PAK" >"$T/got.out" 2>"$T/got.err"; got_rc=$?
fi
[ "$got_rc" -eq "$want_rc" ] || fail "exit code $got_rc, native $want_rc"
cmp -s "$T/got.out" "$T/want.out" || { diff "$T/got.out" "$T/want.out" | head -5; fail "stdout differs"; }
cmp -s "$T/got.err" "$T/want.err" || { diff "$T/got.err" "$T/want.err" | head -5; fail "stderr differs"; }
[ -s "$T/want.out" ] || fail "the native program printed nothing"
[ $fails -eq 0 ] && echo "ok: native-backend archive ${MODE:-run} matches native GHC"
exit $((fails > 0))
