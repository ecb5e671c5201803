#!/usr/bin/env bash
# Format cross-check: for every module of the boot libraries, the exporter's own rendering of
# what it serialised (module.stgdump) and `stgvm dump --full` of what the loader decoded from
# module.stgbin must be identical text.   format_crosscheck.sh STGVM REPO_ROOT
set -uo pipefail
STGVM=$1
ROOT=$2
BOOT=$(bash "$ROOT/scripts/build-boot-libs.sh" | tail -n 1) || { echo "boot libraries unavailable"; exit 1; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
while IFS= read -r -d '' bin; do
  dir=$(dirname "$bin")
  if [ ! -f "$dir/module.stgdump" ]; then
    echo "FAIL $dir: no module.stgdump"; fail=$((fail + 1)); continue
  fi
  if ! "$STGVM" dump --full "$bin" >"$T/dump" 2>"$T/err"; then
    echo "FAIL $dir: $(cat "$T/err")"; fail=$((fail + 1)); continue
  fi
  if cmp -s "$T/dump" "$dir/module.stgdump"; then
    pass=$((pass + 1))
  else
    echo "FAIL $dir: texts differ"
    diff "$dir/module.stgdump" "$T/dump" | head -20
    fail=$((fail + 1))
  fi
done < <(find "$BOOT/o" -path '*/hs-modules/*' -name module.stgbin -print0 | sort -z)
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 250 ]
