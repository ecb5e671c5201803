#!/usr/bin/env bash
# The randomized BlockHeap runs must behave identically natively and on wasm32: the same
# addresses, results and final memory (the `block-heap-trace` lines of both test binaries).
# Usage: same_as_native.sh NATIVE_TESTS NODE RUN_WASM_MJS WASM_TESTS
set -euo pipefail
native=$1 node=$2 runner=$3 wasm=$4
filter='--gtest_filter=BlockHeapRandomized.*'
a=$("$native" "$filter" | grep '^block-heap-trace ' || true)
b=$("$node" "$runner" "$wasm" "$filter" | grep '^block-heap-trace ' || true)
echo "native: ${a:-(none)}"
echo "wasm32: ${b:-(none)}"
[ -n "$a" ] && [ "$(wc -l <<<"$a")" -eq 2 ] || { echo "FAIL: the native run printed no traces"; exit 1; }
[ "$a" = "$b" ] || { echo "FAIL: wasm32 differs from native"; exit 1; }
echo "same"
