#!/usr/bin/env bash
# `stgvm resume` refuses what is not an intact snapshot of the same program image: exactly one
# line `stgvm: error: …` on stderr, nothing on stdout, exit code 2. And `run --snapshot`
# writes its file atomically: no file is left behind when no snapshot was taken.
#   snapshot_errors.sh STGVM PROGRAM.fullpak [OTHER.fullpak]
# With OTHER (a different program), also: a snapshot whose program file was replaced by
# another program is refused.
set -u
STGVM=$1
PROG=$2
OTHER=${3:-}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
checks=0

expect_refused() {  # name, snapshot file
  checks=$((checks + 1))
  "$STGVM" resume "$2" >"$T/out" 2>"$T/err" </dev/null
  local rc=$? lines
  lines=$(wc -l <"$T/err")
  if [ "$rc" -ne 2 ] || [ -s "$T/out" ] || [ "$lines" -ne 1 ] || ! grep -q '^stgvm: error: ' "$T/err"; then
    echo "FAIL $1: rc=$rc stderr-lines=$lines stdout-bytes=$(wc -c <"$T/out")"
    head -c 600 "$T/err"
    fails=$((fails + 1))
  else
    echo "ok $1: $(cat "$T/err")"
  fi
}

cp "$PROG" "$T/prog.fullpak"
steps=$("$STGVM" run "$T/prog.fullpak" --stats 2>&1 >/dev/null </dev/null | sed -n 's/^stgvm: steps \([0-9]*\),.*/\1/p')
[ -n "$steps" ] || { echo "FAIL: cannot count steps"; exit 1; }
"$STGVM" run "$T/prog.fullpak" --snapshot-at $((steps / 2)) --snapshot "$T/good.snap" >/dev/null 2>&1 </dev/null
[ -s "$T/good.snap" ] || { echo "FAIL: no snapshot written"; exit 1; }
size=$(stat -c %s "$T/good.snap")

# A snapshot point past the end: the program just ends, and no snapshot file appears.
checks=$((checks + 1))
"$STGVM" run "$T/prog.fullpak" --snapshot-at $((steps * 2)) --snapshot "$T/none.snap" >/dev/null 2>&1 </dev/null
if [ -e "$T/none.snap" ] || ls "$T" | grep -q 'none.snap.'; then echo "FAIL: a snapshot file exists though the program ended first"; fails=$((fails + 1)); fi

head -c $((size / 2)) "$T/good.snap" >"$T/truncated.snap"; expect_refused truncated "$T/truncated.snap"
head -c 20 "$T/good.snap" >"$T/short.snap"; expect_refused "cut inside the header" "$T/short.snap"
: >"$T/empty.snap"; expect_refused empty "$T/empty.snap"
cp "$T/good.snap" "$T/flipped.snap"
printf '\xff' | dd of="$T/flipped.snap" bs=1 seek=$((size - 100)) conv=notrunc status=none
expect_refused "a flipped byte in the machine" "$T/flipped.snap"
cp "$T/good.snap" "$T/flipped2.snap"
printf '\x7f' | dd of="$T/flipped2.snap" bs=1 seek=50 conv=notrunc status=none
expect_refused "a flipped byte in the header" "$T/flipped2.snap"
cp "$T/good.snap" "$T/version.snap"
printf '\x09' | dd of="$T/version.snap" bs=1 seek=8 conv=notrunc status=none
expect_refused "another format version" "$T/version.snap"
cp "$PROG" "$T/not-a-snapshot.snap"; expect_refused "not a snapshot" "$T/not-a-snapshot.snap"
expect_refused "no such file" "$T/missing.snap"
cp "$T/good.snap" "$T/moved.snap"
mv "$T/prog.fullpak" "$T/prog-moved.fullpak"
expect_refused "the program file is gone" "$T/moved.snap"
mv "$T/prog-moved.fullpak" "$T/prog.fullpak"
if [ -n "$OTHER" ]; then
  cp "$OTHER" "$T/prog.fullpak"
  expect_refused "the program was replaced by another one" "$T/good.snap"
fi
# And the intact one still resumes.
checks=$((checks + 1))
[ -n "$OTHER" ] && cp "$PROG" "$T/prog.fullpak"
"$STGVM" resume "$T/good.snap" >/dev/null 2>"$T/err" </dev/null || { echo "FAIL: the intact snapshot did not resume"; cat "$T/err"; fails=$((fails + 1)); }
echo "$checks checks, $fails failed"
[ "$fails" -eq 0 ]
