#!/usr/bin/env bash
# Bad input must give exactly one line on stderr, nothing on stdout, exit code 2 — never a
# crash — and `pack` must not leave a partial output file behind.
#   bad_inputs.sh STGVM REPO_ROOT
set -u
STGVM=$1
ROOT=$2
GOOD=$ROOT/data/examples/hello.fullpak
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
checks=0

expect_error() {  # name, then the command's arguments
  local name=$1
  shift
  checks=$((checks + 1))
  "$STGVM" "$@" >"$T/out" 2>"$T/err"
  local rc=$?
  local lines
  lines=$(wc -l <"$T/err")
  if [ "$rc" -ne 2 ] || [ -s "$T/out" ] || [ "$lines" -ne 1 ] || ! grep -q '^stgvm: error: ' "$T/err"; then
    echo "FAIL $name: rc=$rc stderr-lines=$lines stdout-bytes=$(wc -c <"$T/out")"
    head -c 600 "$T/err"
    fails=$((fails + 1))
  fi
}

[ -f "$GOOD" ] || { echo "missing example archive $GOOD"; exit 1; }
size=$(stat -c %s "$GOOD")

# The good archive loads.
checks=$((checks + 1))
if ! "$STGVM" info "$GOOD" >"$T/out" 2>"$T/err" || [ -s "$T/err" ]; then
  echo "FAIL good archive: $(cat "$T/err")"; fails=$((fails + 1))
fi

expect_error missing-file info "$T/does-not-exist.fullpak"
expect_error directory info "$T"
: >"$T/empty.fullpak"; expect_error empty-file info "$T/empty.fullpak"
printf 'not a zip at all' >"$T/text.fullpak"; expect_error text-file info "$T/text.fullpak"

# Truncations at many offsets (the central directory is at the end, so every cut breaks it).
for frac in 1 2 5 10 25 50 75 90 99; do
  head -c $((size * frac / 100)) "$GOOD" >"$T/trunc.fullpak"
  expect_error "truncated-$frac%" info "$T/trunc.fullpak"
done
head -c $((size - 1)) "$GOOD" >"$T/trunc.fullpak"; expect_error truncated-last-byte info "$T/trunc.fullpak"

# Corrupted bytes inside compressed module data (CRC or zstd must catch it).
for frac in 10 30 50 70; do
  cp "$GOOD" "$T/flip.fullpak"
  off=$((size * frac / 100))
  printf '\xff\x00\xff\x00' | dd of="$T/flip.fullpak" bs=1 seek="$off" conv=notrunc status=none
  expect_error "corrupt-$frac%" dump "$T/flip.fullpak"
done

# A bare module.stgbin with garbage, and truncated.
printf '\x00\x00\x00\x00\x00\x00\x00\x03stg\x7f\xff\xff\xff\xff\xff\xff\xff' >"$T/bad.stgbin"
expect_error huge-length info "$T/bad.stgbin"

# ghc_stgapp with malformed YAML / missing modpaks.
printf 'ghc-version: "9.0.2\n' >"$T/bad.o_ghc_stgapp"; expect_error bad-yaml info "$T/bad.o_ghc_stgapp"
printf 'ghc-version: "9.0.2"\nobject-dir: "%s"\napp-modules:\n  - "Main"\n' "$T" >"$T/nomods.o_ghc_stgapp"
expect_error missing-modpaks info "$T/nomods.o_ghc_stgapp"

# pack must fail cleanly and leave no output file.
expect_error pack-bad-input pack fullpak "$T/bad.o_ghc_stgapp" -o "$T/out.fullpak"
checks=$((checks + 1))
if ls "$T"/out.fullpak* >/dev/null 2>&1; then echo "FAIL pack left a file behind"; fails=$((fails + 1)); fi

echo "$((checks - fails)) passed, $fails failed"
[ "$fails" -eq 0 ]
