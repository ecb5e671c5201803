#!/usr/bin/env bash
# Builds the boot libraries ghc-prim, ghc-bignum (GMP backend), base, array,
# deepseq and containers, and the common packages stm, transformers, mtl, pretty,
# filepath, time, bytestring, binary, text and parsec (with ghc-boot-th and
# template-haskell, which text needs) from Debian's GHC 9.0.2 source package into a private
# package database, exporting every module's final STG with stgvm-export
# (docs: /work/shared/docs/reference/ghc902-stg-export.md §3).
#
# Usage: scripts/build-boot-libs.sh
#   Prints the cache directory as the last line on stdout; progress goes to
#   stderr.  The cache directory is
#     ${STGVM_CACHE:-$HOME/.cache/stgvm}/boot-<key>
#   with <key> a hash of this script, the exporter sources (exporter/StgExport.hs,
#   exporter/ExtStg/*.hs), `ghc --version` and the source tarball.  If <dir>/done exists nothing is rebuilt.  The build
#   happens in a temporary directory that is renamed into place at the end.
#
# Layout of the cache directory:
#   db/                   package database (use with -no-global-package-db
#                         -no-user-package-db -package-db <dir>/db)
#   o/<pkg>/              .hi/.o files, libHS<id>.a, include/ (= import dir)
#   o/<pkg>/extra-compilation-artifacts/wpc-plugin/hs-modules/<Mod/Path>.o/
#                         module.stgbin, module.stgdump, module.ghcstg, module.info
#   src/                  the library sources that were compiled
#   log/                  build logs and timings
#
# Environment:
#   STGVM_CACHE    cache root (default $HOME/.cache/stgvm)
#   STGVM_EXPORT   stgvm-export binary (default: built by exporter/build.sh
#                  into <repo>/build/exporter)
#   STGVM_PACK     if set and executable: `$STGVM_PACK pack modpaks <import-dir>`
#                  is run for every package (also for an existing cache whose
#                  modpaks were made by another stgvm binary, or none).
set -euo pipefail

# Everything but the final path goes to stderr (fd 3 is the real stdout).
exec 3>&1 1>&2

die() { echo "build-boot-libs: $*" >&2; exit 1; }
say() { echo "build-boot-libs: $*" >&2; }

script_path=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")
repo=$(cd "$(dirname "$script_path")/.." && pwd)
cache_root=${STGVM_CACHE:-$HOME/.cache/stgvm}
GHC_LIBDIR=/usr/lib/ghc
GHC_VER=9.0.2

command -v ghc >/dev/null 2>&1 || die "ghc not found (run scripts/setup.sh)"
command -v ghc-pkg >/dev/null 2>&1 || die "ghc-pkg not found (run scripts/setup.sh)"
[ "$(ghc --numeric-version)" = "$GHC_VER" ] || die "need GHC $GHC_VER, found $(ghc --numeric-version)"
mkdir -p "$cache_root"
cache_root=$(cd "$cache_root" && pwd)

# ---------------------------------------------------------------------------
# The exporter
if [ -n "${STGVM_EXPORT:-}" ]; then
  EXPORT=$STGVM_EXPORT
  [ -x "$EXPORT" ] || die "STGVM_EXPORT=$EXPORT is not executable"
else
  "$repo/exporter/build.sh" "$repo/build/exporter" >&2 || die "building the exporter failed"
  EXPORT=$repo/build/exporter/stgvm-export
fi
EXPORT=$(cd "$(dirname "$EXPORT")" && pwd)/$(basename "$EXPORT")

# ---------------------------------------------------------------------------
# The source tarball
tarball=$cache_root/ghc_${GHC_VER}.orig.tar.xz
if [ ! -f "$tarball" ]; then
  say "fetching the GHC source package (apt-get source --download-only ghc)"
  if ! (cd "$cache_root" && apt-get source --download-only ghc >&2); then
    say "apt-get source failed; running apt-get update once and retrying"
    apt-get update -qq >&2 || true
    (cd "$cache_root" && apt-get source --download-only ghc >&2) || die "cannot fetch the ghc source package (is a deb-src entry configured? see scripts/setup.sh)"
  fi
  [ -f "$tarball" ] || die "apt-get source did not produce $tarball"
fi

# ---------------------------------------------------------------------------
# Cache key and lock
key=$( {
  sha256sum "$script_path" | cut -d' ' -f1
  cat "$repo"/exporter/StgExport.hs "$repo"/exporter/ExtStg/*.hs | sha256sum | cut -d' ' -f1
  ghc --version
  sha256sum "$tarball" | cut -d' ' -f1
} | sha256sum | cut -c1-16)
dest=$cache_root/boot-$key

PKGS=(ghc-prim ghc-bignum base array deepseq containers stm transformers mtl pretty filepath time
      bytestring binary ghc-boot-th template-haskell text parsec)

# run_pack DIR: `$STGVM_PACK pack modpaks` on every package of DIR (if available).
pack_stamp() { sha256sum "$STGVM_PACK" | cut -d' ' -f1; }
run_pack() {
  local dir=$1 p
  [ -n "${STGVM_PACK:-}" ] || return 0
  [ -x "$STGVM_PACK" ] || { say "STGVM_PACK=$STGVM_PACK is not executable; skipping modpaks"; return 0; }
  for p in "${PKGS[@]}"; do
    "$STGVM_PACK" pack modpaks "$dir/o/$p" >&2 || die "$STGVM_PACK pack modpaks $dir/o/$p failed"
  done
  pack_stamp > "$dir/packed"
}

exec 9>"$cache_root/boot-$key.lock"
flock 9

if [ -f "$dest/done" ]; then
  if [ -n "${STGVM_PACK:-}" ] && [ -x "$STGVM_PACK" ] &&
     { [ ! -f "$dest/packed" ] || [ "$(cat "$dest/packed")" != "$(pack_stamp)" ]; }; then
    say "making modpaks with $STGVM_PACK"
    run_pack "$dest"
  fi
  echo "$dest" >&3
  exit 0
fi

B=$(mktemp -d "$cache_root/boot-$key.tmp.XXXXXX")
failed_logs=$cache_root/boot-$key.failed-logs
cleanup() {
  # Keep the logs of a failed build, drop everything else.
  rm -rf "$failed_logs"
  if [ -d "$B/log" ]; then cp -r "$B/log" "$failed_logs" && say "logs of the failed build: $failed_logs"; fi
  rm -rf "$B"
}
trap cleanup EXIT
mkdir -p "$B/src" "$B/db" "$B/o" "$B/log"
T0=$(date +%s.%N)
elapsed() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }

say "building into $B (key $key)"

# ---------------------------------------------------------------------------
# Sources
top=ghc-$GHC_VER
tar -xJf "$tarball" -C "$B/src" --strip-components=1 \
  "$top/libraries/ghc-prim" "$top/libraries/ghc-bignum" "$top/libraries/base" \
  "$top/libraries/array" "$top/libraries/deepseq" "$top/libraries/containers" \
  "$top/libraries/stm" "$top/libraries/transformers" "$top/libraries/mtl" "$top/libraries/pretty" \
  "$top/libraries/filepath" "$top/libraries/time" "$top/libraries/bytestring" "$top/libraries/binary" \
  "$top/libraries/ghc-boot-th" "$top/libraries/template-haskell" "$top/libraries/text" "$top/libraries/parsec" \
  "$top/utils/genprimopcode" "$top/utils/fs" "$top/compiler/GHC/Builtin/primops.txt.pp"
S=$B/src/libraries

# Module list of a .cabal file's library section: exposed-modules and
# other-modules, without `if os(windows)` / `if flag(...)` blocks (their else
# branches are kept) and without blocks whose impl(ghc ...) condition is false for
# GHC 9.0.2 (or the else branches of true ones).
cabal_modules() {
  awk '
    # Value of a condition for GHC 9.0.2: impl(ghc OP VERSION) terms, `!`, `&&`, `||`;
    # anything else counts as true (its modules are kept).
    function vercmp(a, b,   x, y, n, m, i, d) {
      n = split(a, x, "."); m = split(b, y, ".")
      for (i = 1; i <= (n > m ? n : m); i++) { d = (x[i] + 0) - (y[i] + 0); if (d) return d }
      return 0
    }
    function impl_term(t,   neg, op, v, d) {
      neg = 0; gsub(/[ \t]/, "", t)
      while (t ~ /^!/) { neg = !neg; t = substr(t, 2) }
      while (t ~ /^\(.*\)$/) t = substr(t, 2, length(t) - 2)
      if (t ~ /^[<>=]/) t = "impl(ghc" t  # the second half of impl(ghc >= a && < b)
      if (t !~ /^impl\(ghc/) return !neg
      t = substr(t, 10); sub(/\)$/, "", t)
      if (t == "") return !neg
      match(t, /^[<>=]+/); op = substr(t, 1, RLENGTH); v = substr(t, RLENGTH + 1)
      d = vercmp("9.0.2", v)
      r = (op == ">=") ? d >= 0 : (op == ">") ? d > 0 : (op == "<=") ? d <= 0 : (op == "<") ? d < 0 : (op == "==") ? d == 0 : 1
      return neg ? !r : r
    }
    function impl_cond(c,   ors, ands, i, j, n, m, all) {
      n = split(c, ors, /\|\|/)
      for (i = 1; i <= n; i++) {
        m = split(ors[i], ands, /&&/); all = 1
        for (j = 1; j <= m; j++) if (!impl_term(ands[j])) all = 0
        if (all) return 1
      }
      return 0
    }
    function emit(s,   n, i, parts) {
      n = split(s, parts, /[ \t,]+/)
      for (i = 1; i <= n; i++) if (parts[i] != "") print parts[i]
    }
    /^[^ \t]/ { t = tolower($0); sub(/[ \t].*/, "", t); insec = (t == "library"); skipind = -1; infield = 0; next }
    !insec { next }
    {
      line = $0; sub(/--.*/, "", line)
      if (line ~ /^[ \t]*$/) next
      match(line, /^[ \t]*/); ind = RLENGTH
      if (skipind >= 0) { if (ind > skipind) next; skipind = -1 }
      t = line; sub(/^[ \t]+/, "", t); sub(/[ \t]+$/, "", t); lt = tolower(t)
      if (lt ~ /^if[ \t(]/) {
        c = (lt ~ /os\(windows\)/ || lt ~ /flag\(/) ? 0 : impl_cond(substr(lt, 3))
        iftrue[ind] = c; if (!c) skipind = ind; infield = 0; next
      }
      if (lt ~ /^else/) { if ((ind in iftrue) && iftrue[ind]) skipind = ind; infield = 0; next }
      if (t ~ /^[A-Za-z-]+[ \t]*:/) {
        f = lt; sub(/[ \t]*:.*/, "", f); rest = t; sub(/^[^:]*:/, "", rest)
        infield = (f == "exposed-modules" || f == "other-modules"); fieldind = ind
        if (infield) emit(rest)
        next
      }
      if (infield && ind > fieldind) emit(t); else infield = 0
    }' "$1"
}

# ---------------------------------------------------------------------------
# Package database: rts only, then each package as it is built.
cp "$GHC_LIBDIR/package.conf.d/rts.conf" "$B/db/"
ghc-pkg --package-db="$B/db" recache

COMMON=(-v1 -j2 -no-global-package-db -no-user-package-db -package-db "$B/db"
        -O2 -no-link -I"$GHC_LIBDIR/include")

# export_pkg PKG SRCDIR UNIT-ID [extra ghc flags...] -- MODULES...
export_pkg() {
  local pkg=$1 srcdir=$2 uid=$3; shift 3
  local flags=() t
  while [ "$1" != "--" ]; do flags+=("$1"); shift; done
  shift
  t=$(date +%s.%N)
  say "compiling $pkg ($# modules)"
  (cd "$srcdir" && "$EXPORT" "$GHC_LIBDIR" "${COMMON[@]}" -this-unit-id "$uid" "${flags[@]}" \
      -odir "$B/o/$pkg" -hidir "$B/o/$pkg" "$@" +RTS -N2 -RTS) > "$B/log/$pkg.log" 2>&1 ||
    { tail -n 40 "$B/log/$pkg.log" >&2; die "compiling $pkg failed (log: $B/log/$pkg.log)"; }
  echo "$pkg compile+export $(elapsed "$t") s" >> "$B/log/times.txt"
  say "$pkg done in $(elapsed "$t") s"
}

# compile_c PKG SRCDIR FILES...: C/Cmm sources into o/PKG/cbits/
compile_c() {
  local pkg=$1 srcdir=$2 f; shift 2
  mkdir -p "$B/o/$pkg/cbits"
  for f in "$@"; do
    (cd "$srcdir" && ghc -c -O2 -no-global-package-db -no-user-package-db -package-db "$B/db" \
        -Iinclude -I"$GHC_LIBDIR/include" "$f" -o "$B/o/$pkg/cbits/$(basename "${f%.*}").o") \
        >> "$B/log/$pkg-cbits.log" 2>&1 ||
      { tail -n 20 "$B/log/$pkg-cbits.log" >&2; die "compiling $pkg/$f failed"; }
  done
}

# register PKG CONF-NAME LIBNAME: archive the objects into libHS<...>.a and
# register Debian's .conf with the paths rewritten to o/PKG.
register() {
  local pkg=$1 conf=$2 lib=$3 srcdir=$4
  local id=${conf%.conf}
  if [ -d "$srcdir/include" ]; then cp -r "$srcdir/include" "$B/o/$pkg/"; fi
  rm -f "$B/o/$pkg/lib$lib.a"
  (cd "$B/o/$pkg" && find . -name '*.o' -not -path './extra-compilation-artifacts/*' | LC_ALL=C sort |
     xargs ar qc "lib$lib.a") || die "archiving lib$lib.a failed"
  ranlib "$B/o/$pkg/lib$lib.a"
  sed -e "s#$GHC_LIBDIR/$id#$B/o/$pkg#g" \
    "$GHC_LIBDIR/package.conf.d/$conf" > "$B/db/$conf"
  ghc-pkg --package-db="$B/db" recache
  run_pack_one "$pkg"
}

run_pack_one() {
  [ -n "${STGVM_PACK:-}" ] && [ -x "$STGVM_PACK" ] || return 0
  "$STGVM_PACK" pack modpaks "$B/o/$1" >&2 || die "$STGVM_PACK pack modpaks $B/o/$1 failed"
}

# ---------------------------------------------------------------------------
# ghc-prim: generate GHC/PrimopWrappers.hs with genprimopcode
t=$(date +%s.%N)
mkdir -p "$B/genprim"
cp "$B/src/utils/genprimopcode/"*.hs "$B/genprim/"
(cd "$B/genprim" && ghc -v0 -O0 -package array -package containers Main.hs -o genprimopcode) \
  > "$B/log/genprimopcode.log" 2>&1 || { cat "$B/log/genprimopcode.log" >&2; die "building genprimopcode failed"; }
gcc -E -undef -traditional -P -I"$GHC_LIBDIR/include" -x c "$B/src/compiler/GHC/Builtin/primops.txt.pp" |
  grep -v '^#pragma GCC' > "$B/genprim/primops.txt"
"$B/genprim/genprimopcode" --make-haskell-wrappers < "$B/genprim/primops.txt" > "$S/ghc-prim/GHC/PrimopWrappers.hs"
echo "genprimopcode $(elapsed "$t") s" >> "$B/log/times.txt"

mapfile -t MODS < <(cabal_modules "$S/ghc-prim/ghc-prim.cabal")
export_pkg ghc-prim "$S/ghc-prim" ghc-prim -- "${MODS[@]}"
mapfile -t CS < <(cd "$S/ghc-prim" && ls cbits/*.c)
compile_c ghc-prim "$S/ghc-prim" "${CS[@]}"
register ghc-prim ghc-prim-0.7.0.conf HSghc-prim-0.7.0 "$S/ghc-prim"

# ghc-bignum, GMP backend, as Debian's GHC has it: native programs link libgmp, stgvm
# implements the backend's C calls (__gmpn_*, integer_gmp_*) over linear memory
# (ffi/bignum.cpp). The headers configure would generate are Debian's.
cp "$GHC_LIBDIR/ghc-bignum-1.1/include/HsIntegerGmp.h" "$GHC_LIBDIR/ghc-bignum-1.1/include/ghc-gmp.h" \
  "$S/ghc-bignum/include/"
mapfile -t MODS < <(cabal_modules "$S/ghc-bignum/ghc-bignum.cabal")
MODS+=(GHC.Num.Backend.GMP)
export_pkg ghc-bignum "$S/ghc-bignum" ghc-bignum -isrc -Iinclude -DBIGNUM_GMP -- "${MODS[@]}"
compile_c ghc-bignum "$S/ghc-bignum" cbits/gmp_wrappers.c
register ghc-bignum ghc-bignum-1.1.conf HSghc-bignum-1.1 "$S/ghc-bignum"

# base: Debian's configure output, hsc2hs, cbits
cp "$GHC_LIBDIR/base-4.15.1.0/include/HsBaseConfig.h" "$GHC_LIBDIR/base-4.15.1.0/include/EventConfig.h" "$S/base/include/"
cp "$B/src/utils/fs/fs.c" "$B/src/utils/fs/fs.h" "$S/base/cbits/"
mapfile -t MODS < <(cabal_modules "$S/base/base.cabal")
t=$(date +%s.%N)
for m in "${MODS[@]}"; do
  f=$S/base/${m//.//}
  if [ -f "$f.hsc" ] && [ ! -f "$f.hs" ]; then
    (cd "$S/base" && hsc2hs --cc=gcc --ld=gcc -I include -I "$GHC_LIBDIR/include" \
        --cflag=-D__GLASGOW_HASKELL__=900 "${m//.//}.hsc" -o "${m//.//}.hs") \
      >> "$B/log/hsc2hs.log" 2>&1 || { tail -n 20 "$B/log/hsc2hs.log" >&2; die "hsc2hs ${m//.//}.hsc failed"; }
  fi
done
echo "hsc2hs $(elapsed "$t") s" >> "$B/log/times.txt"
export_pkg base "$S/base" base -Iinclude -- "${MODS[@]}"
compile_c base "$S/base" cbits/DarwinUtils.c cbits/PrelIOUtils.c cbits/SetEnv.c cbits/WCsubst.c \
  cbits/iconv.c cbits/inputReady.c cbits/md5.c cbits/primFloat.c cbits/sysconf.c cbits/fs.c \
  cbits/CastFloatWord.cmm
register base base-4.15.1.0.conf HSbase-4.15.1.0 "$S/base"

# array, deepseq, containers (versioned unit ids, as Debian registers them)
mapfile -t MODS < <(cabal_modules "$S/array/array.cabal")
export_pkg array "$S/array" array-0.5.4.0 -- "${MODS[@]}"
register array array-0.5.4.0.conf HSarray-0.5.4.0 "$S/array"

mapfile -t MODS < <(cabal_modules "$S/deepseq/deepseq.cabal")
export_pkg deepseq "$S/deepseq" deepseq-1.4.5.0 -- "${MODS[@]}"
register deepseq deepseq-1.4.5.0.conf HSdeepseq-1.4.5.0 "$S/deepseq"

mapfile -t MODS < <(cabal_modules "$S/containers/containers/containers.cabal")
export_pkg containers "$S/containers/containers" containers-0.6.4.1 -isrc -Iinclude -- "${MODS[@]}"
register containers containers-0.6.4.1.conf HScontainers-0.6.4.1 "$S/containers/containers"

# ---------------------------------------------------------------------------
# The common packages beyond the boot libraries, in dependency order. Pure Haskell
# except bytestring (cbits/fpstring.c), text (cbits/cbits.c) and time (HsTime.c), whose C
# functions stgvm implements over linear memory (ffi/); the objects here are for the
# native oracle. template-haskell and ghc-boot-th are here because text depends on them.

# hsc_pkg SRCDIR HS-SOURCE-DIR MODULES...: run hsc2hs on the modules that are .hsc files.
hsc_pkg() {
  local srcdir=$1 hsdir=$2 m f; shift 2
  for m in "$@"; do
    f=$hsdir/${m//.//}
    if [ -f "$srcdir/$f.hsc" ] && [ ! -f "$srcdir/$f.hs" ]; then
      (cd "$srcdir" && hsc2hs --cc=gcc --ld=gcc -I include -I lib/include -I "$GHC_LIBDIR/include" \
          --cflag=-D__GLASGOW_HASKELL__=900 "$f.hsc" -o "$f.hs") \
        >> "$B/log/hsc2hs.log" 2>&1 || { tail -n 20 "$B/log/hsc2hs.log" >&2; die "hsc2hs $f.hsc failed"; }
    fi
  done
}

# simple_pkg PKG VERSION [extra ghc flags...]: a package whose library is its .cabal's
# module list under SRCDIR (flags give -i for hs-source-dirs and default extensions).
simple_pkg() {
  local pkg=$1 ver=$2; shift 2
  mapfile -t MODS < <(cabal_modules "$S/$pkg/$pkg.cabal")
  export_pkg "$pkg" "$S/$pkg" "$pkg-$ver" "$@" -- "${MODS[@]}"
  register "$pkg" "$pkg-$ver.conf" "HS$pkg-$ver" "$S/$pkg"
}

simple_pkg stm 2.5.0.0
simple_pkg transformers 0.5.6.2
simple_pkg mtl 2.2.2 -XSafe
simple_pkg pretty 1.1.3.6 -isrc -XCPP -XBangPatterns -XDeriveGeneric
simple_pkg filepath 1.4.2.1

# (compile_c and register look for headers in include/)
cp "$GHC_LIBDIR/time-1.9.3/include/HsTimeConfig.h" "$S/time/lib/include/"
cp -r "$S/time/lib/include" "$S/time/include"
mapfile -t MODS < <(cabal_modules "$S/time/time.cabal")
hsc_pkg "$S/time" lib "${MODS[@]}"
export_pkg time "$S/time" time-1.9.3 -ilib -Ilib/include -XRank2Types -XDeriveDataTypeable \
  -XStandaloneDeriving -XCPP -- "${MODS[@]}"
compile_c time "$S/time" lib/cbits/HsTime.c
register time time-1.9.3.conf HStime-1.9.3 "$S/time"

mapfile -t MODS < <(cabal_modules "$S/bytestring/bytestring.cabal")
export_pkg bytestring "$S/bytestring" bytestring-0.10.12.1 -Iinclude -- "${MODS[@]}"
compile_c bytestring "$S/bytestring" cbits/fpstring.c cbits/itoa.c
register bytestring bytestring-0.10.12.1.conf HSbytestring-0.10.12.1 "$S/bytestring"

simple_pkg binary 0.8.8.0 -isrc

mapfile -t MODS < <(cabal_modules "$S/ghc-boot-th/ghc-boot-th.cabal")
export_pkg ghc-boot-th "$S/ghc-boot-th" ghc-boot-th-9.0.2 -XNoImplicitPrelude -- "${MODS[@]}"
register ghc-boot-th ghc-boot-th-9.0.2.conf HSghc-boot-th-9.0.2 "$S/ghc-boot-th"

# template-haskell is wired into GHC: its unit id has no version (like base's).
mapfile -t MODS < <(cabal_modules "$S/template-haskell/template-haskell.cabal")
export_pkg template-haskell "$S/template-haskell" template-haskell -XNoImplicitPrelude -- "${MODS[@]}"
register template-haskell template-haskell-2.17.0.0.conf HStemplate-haskell-2.17.0.0 "$S/template-haskell"

mapfile -t MODS < <(cabal_modules "$S/text/text.cabal")
export_pkg text "$S/text" text-1.2.5.0 -isrc -Iinclude -XNondecreasingIndentation -- "${MODS[@]}"
compile_c text "$S/text" cbits/cbits.c
register text text-1.2.5.0.conf HStext-1.2.5.0 "$S/text"

simple_pkg parsec 3.1.14.0 -isrc

# ---------------------------------------------------------------------------
# Native link check: a program linked against exactly these libraries.
t=$(date +%s.%N)
mkdir -p "$B/linkcheck"
cat > "$B/linkcheck/Main.hs" <<'EOF'
import qualified Data.Map.Strict as M
import qualified Data.Text as T
import qualified Data.Text.Encoding as TE
import qualified Data.ByteString.Char8 as BC
main :: IO ()
main = do
  print (sum [1 .. 100 :: Integer], 2 ^ (100 :: Int) :: Integer)
  print (M.toList (M.fromListWith (+) [(w, 1 :: Int) | w <- words "a b a c b a"]))
  BC.putStrLn (TE.encodeUtf8 (T.toUpper (T.pack "text")))
EOF
(cd "$B/linkcheck" && ghc -v0 -O1 -no-global-package-db -no-user-package-db -package-db "$B/db" \
    -outputdir obj Main.hs -o linkcheck) > "$B/log/linkcheck.log" 2>&1 ||
  { cat "$B/log/linkcheck.log" >&2; die "native link check: linking failed"; }
got=$("$B/linkcheck/linkcheck")
want='(5050,1267650600228229401496703205376)
[("a",3),("b",2),("c",1)]
TEXT'
[ "$got" = "$want" ] || die "native link check: wrong output: $got"
# (grep reads all of nm's output: with -q, nm could die of SIGPIPE and pipefail would fail the check)
nm "$B/linkcheck/linkcheck" | grep '__gmpn_' >/dev/null || die "native link check: the GMP backend is not linked"
echo "linkcheck $(elapsed "$t") s" >> "$B/log/times.txt"

# ---------------------------------------------------------------------------
# Move into place: rewrite the database paths to the final location.
for c in "$B"/db/*.conf; do sed -i "s#$B#$dest#g" "$c"; done
ghc-pkg --package-db="$B/db" recache
rm -rf "$B/genprim" "$B/linkcheck"
echo "total $(elapsed "$T0") s" >> "$B/log/times.txt"
say "total $(elapsed "$T0") s"
[ -n "${STGVM_PACK:-}" ] && [ -x "$STGVM_PACK" ] && pack_stamp > "$B/packed"
touch "$B/done"
chmod 755 "$B"
rm -rf "$dest" "$failed_logs"
mv "$B" "$dest"
trap - EXIT
echo "$dest" >&3
