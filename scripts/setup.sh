#!/usr/bin/env bash
# Installs every Debian package stgvm needs. Idempotent: installs only what is missing,
# runs `apt-get update` at most once, adds a bookworm deb-src entry (needed by
# `apt-get source` of ghc, for the boot libraries, and of gmp, for the wasm32 module's
# mini-gmp: both fetched here). Must run as root on Debian bookworm.
set -euo pipefail

PKGS=(
  build-essential cmake pkg-config
  libarchive-dev libzstd-dev zlib1g-dev libgmp-dev libxxhash-dev
  nettle-dev liblzma-dev libbz2-dev  # (libarchive.a's zip reader, linked statically: STGVM_STATIC_LIBS)
  libboost-dev libcli11-dev nlohmann-json3-dev libgraphviz-dev graphviz python3 python3-jsonschema
  capnproto libcapnp-dev
  googletest libgtest-dev libbenchmark-dev
  clang libclang-rt-14-dev
  lld-14 llvm-14 wasi-libc libclang-rt-14-dev-wasm32 libc++-14-dev-wasm32 libc++abi-14-dev-wasm32
  binaryen wabt
  ghc dpkg-dev xz-utils zstd zip time
)

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

missing=()
for p in "${PKGS[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

need_src=0
if ! grep -rqsE '^(deb-src|Types:.*deb-src)' /etc/apt/sources.list /etc/apt/sources.list.d/; then
  need_src=1
fi

if [ "$need_src" = 1 ]; then
  echo "setup: adding a bookworm deb-src entry" >&2
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    # deb822 sources: mirror the existing stanzas (same URIs, suites, Signed-By) as deb-src.
    sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources |
      $SUDO tee /etc/apt/sources.list.d/stgvm-src.sources >/dev/null
  else
    echo "deb-src http://deb.debian.org/debian bookworm main" |
      $SUDO tee /etc/apt/sources.list.d/stgvm-src.list >/dev/null
  fi
fi

if [ "${#missing[@]}" -gt 0 ] || [ "$need_src" = 1 ]; then
  echo "setup: apt-get update" >&2
  $SUDO apt-get update -qq
fi

if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
echo "setup: all packages present" >&2

# Debian source packages kept in the stgvm cache (fetched once):
# - gmp, for mini-gmp (the wasm32 module's multi-precision layer, ffi/bignum_limbs.h;
#   runtime/wasm32.cmake extracts it);
# - ghc: scripts/build-boot-libs.sh builds the boot libraries from it, and the ffi tests
#   compare the vendored cbits with it. Fetched here, before cmake looks for it, so a fresh
#   machine's first configure sees it (build-boot-libs.sh fetches it otherwise).
cache=${STGVM_CACHE:-$HOME/.cache/stgvm}
mkdir -p "$cache"
fetch_source() {  # PACKAGE TARBALL-GLOB
  if ! ls "$cache"/$2 >/dev/null 2>&1; then
    echo "setup: fetching Debian's $1 source package into $cache" >&2
    (cd "$cache" && apt-get source --download-only "$1" >/dev/null 2>&1) ||
      { echo "setup: apt-get source $1 failed (is the deb-src entry there? apt-get update?)" >&2; exit 1; }
  fi
}
fetch_source gmp 'gmp_*.orig.tar.xz'
fetch_source ghc 'ghc_9.0.2.orig.tar.xz'
