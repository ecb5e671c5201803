#!/usr/bin/env bash
# The whole test suite, from a fresh Debian bookworm machine: installs what is missing,
# builds (normal, ASan+UBSan, libFuzzer), builds the boot libraries and the corpus
# (cached), and runs every test. Exit code 0 only if everything passed.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
JOBS=${JOBS:-2}

die() { echo "test.sh: $*" >&2; exit 1; }

bash scripts/setup.sh

# The corpus, exporter and hostile-program tests need GHC 9.0.2 and the exporter built with
# it; without them ctest would pass with those tests silently missing.
command -v ghc >/dev/null 2>&1 || die "ghc not found: the corpus tests need GHC 9.0.2 (run scripts/setup.sh)"
ghc_version=$(ghc --numeric-version)
[ "$ghc_version" = 9.0.2 ] || die "the corpus tests need GHC 9.0.2, found $ghc_version"

echo "== build (RelWithDebInfo)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSTGVM_EXPORTER=ON >/dev/null
cmake --build build -j"$JOBS"
[ -x build/exporter/stgvm-export ] || die "the exporter was not built (build/exporter/stgvm-export is missing)"
corpus_tests=$(ctest --test-dir build -N -R '^corpus_run_' | grep -c 'corpus_run_' || true)
[ "$corpus_tests" -gt 0 ] || die "no corpus tests are registered in build/ (was ghc on PATH when cmake ran?)"

echo "== boot libraries (cached)"
export STGVM_PACK=$ROOT/build/stgvm
export STGVM_EXPORT=$ROOT/build/exporter/stgvm-export
BOOT=$(bash scripts/build-boot-libs.sh | tail -n 1)
export STGVM_BOOT=$BOOT

# The start-up cache of lowered images goes into the build directory (a fresh one per clean
# checkout), not the user's ~/.cache.
export STGVM_CACHE_DIR=$ROOT/build/image-cache

echo "== tests"
ctest --test-dir build --output-on-failure -j"$JOBS"

echo "== ASan+UBSan build and unit tests"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DSTGVM_SANITIZE=ON -DSTGVM_EXPORTER=OFF -DSTGVM_BENCH=OFF -DSTGVM_WASM_RUNTIME=OFF >/dev/null
cmake --build build-asan -j"$JOBS"
ctest --test-dir build-asan --output-on-failure -j"$JOBS" -L 'unit|cli'
echo "== corpus under ASan+UBSan (stgvm run, call graph and profile on, vs the native oracle)"
fails=0
for d in build/corpus/*/; do
  n=$(basename "$d")
  a=$ROOT/build-asan/analysis/$n
  rm -rf "$a" && mkdir -p "$a"
  if ! STGVM_RUN_FLAGS="--call-graph $a --profile $a/profile.json --speedscope $a/speedscope.json --sample-every 5000" \
    ASAN_OPTIONS=detect_leaks=0 tests/corpus/diff_run.sh "$ROOT/build-asan/stgvm" "$ROOT/build" "$ROOT" "$n" >"build-asan/corpus-$n.log" 2>&1; then
    echo "FAIL $n"; cat "build-asan/corpus-$n.log"; fails=$((fails + 1))
  fi
done
[ "$fails" -eq 0 ] || { echo "$fails corpus programs failed under ASan+UBSan"; exit 1; }

echo "== libFuzzer targets"
cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSTGVM_FUZZ=ON -DSTGVM_EXPORTER=OFF -DSTGVM_BENCH=OFF -DSTGVM_WASM_RUNTIME=OFF \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ >/dev/null
cmake --build build-fuzz -j"$JOBS" --target fuzz_stgbin fuzz_zip fuzz_vm_primops fuzz_trace
ctest --test-dir build-fuzz --output-on-failure -L fuzz

echo "== all tests passed"
