#!/usr/bin/env bash
# The start-up cache (cli/image_cache.h): a run from the cache behaves exactly like one
# without it; an entry is written once, atomically, and read by later runs; a damaged,
# truncated or stale entry is rebuilt, never trusted; concurrent runs do not race; a cache
# that cannot be written is skipped.   image_cache.sh STGVM PROGRAM.fullpak
set -u
STGVM=$1
PROG=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export STGVM_CACHE_DIR=$T/cache
fails=0
fail() { echo "FAIL $*"; fails=$((fails + 1)); }
run() {  # run OUT [flags…]: stdout, stderr and exit code of one run into OUT.*
  local out=$1
  shift
  "$STGVM" run "$PROG" "$@" >"$out.stdout" 2>"$out.stderr" </dev/null
  echo $? >"$out.exit"
}
same() {  # same A B: two runs behaved identically
  cmp -s "$1.stdout" "$2.stdout" && cmp -s "$1.stderr" "$2.stderr" && cmp -s "$1.exit" "$2.exit"
}
entries() { find "$STGVM_CACHE_DIR" -name '*.img' 2>/dev/null | wc -l; }
leftovers() { find "$STGVM_CACHE_DIR" -name '*.tmp.*' 2>/dev/null | wc -l; }

run "$T/ref" --no-cache --stats
[ "$(cat "$T/ref.exit")" = 0 ] || fail "the reference run failed"
[ "$(entries)" = 0 ] || fail "--no-cache wrote an entry"

run "$T/cold" --stats
same "$T/ref" "$T/cold" || fail "the first cached run differs from the uncached one"
[ "$(entries)" = 1 ] || fail "expected one entry after the first run, found $(entries)"
entry=$(find "$STGVM_CACHE_DIR" -name '*.img' | head -n 1)
cp "$entry" "$T/good.img"

run "$T/warm" --stats
same "$T/ref" "$T/warm" || fail "the run from the cache differs from the uncached one"
cmp -s "$entry" "$T/good.img" || fail "a warm run rewrote the entry"

damage() {  # damage NAME COMMAND…: the entry damaged by COMMAND is rebuilt, the run unchanged
  local name=$1
  shift
  cp "$T/good.img" "$entry"
  "$@"
  run "$T/$name" --stats
  same "$T/ref" "$T/$name" || fail "$name: the run differs"
  cmp -s "$entry" "$T/good.img" || fail "$name: the entry was not rebuilt"
  [ "$(entries)" = 1 ] || fail "$name: $(entries) entries"
  echo "ok $name"
}
size=$(stat -c %s "$T/good.img")
damage flipped-byte sh -c "printf '\\377' | dd of='$entry' bs=1 seek=$((size / 2)) conv=notrunc status=none"
damage truncated truncate -s $((size / 3)) "$entry"
damage empty truncate -s 0 "$entry"
damage other-build sed -i '1s/^STGVMCAC[0-9a-f]*/STGVMCAC0123456789abcdef/' "$entry"
damage garbage sh -c "head -c $size /dev/urandom > '$entry'"

# Concurrent first runs: all correct, one entry, nothing half-written left behind.
rm -rf "$STGVM_CACHE_DIR"
for i in 1 2 3 4; do run "$T/par$i" --stats & done
wait
for i in 1 2 3 4; do same "$T/ref" "$T/par$i" || fail "concurrent run $i differs"; done
[ "$(entries)" = 1 ] || fail "concurrent runs left $(entries) entries"
[ "$(leftovers)" = 0 ] || fail "concurrent runs left temporary files"
cmp -s "$entry" "$T/good.img" || fail "the entry the concurrent runs wrote differs"

# Writing an entry removes the entries unused for 30 days (and temporary files of killed
# runs after a day); recent entries and files that are not entries stay.
echo old >"$STGVM_CACHE_DIR/0000-old.img"
echo recent >"$STGVM_CACHE_DIR/0000-recent.img"
echo tmp >"$STGVM_CACHE_DIR/0000-x.img.tmp.1"
echo mine >"$STGVM_CACHE_DIR/notes.txt"
touch -d '40 days ago' "$STGVM_CACHE_DIR/0000-old.img" "$STGVM_CACHE_DIR/notes.txt"
touch -d '2 days ago' "$STGVM_CACHE_DIR/0000-x.img.tmp.1"
touch -d '2 days ago' "$entry"  # an old entry that a hit marks used again
run "$T/hit" --stats
same "$T/ref" "$T/hit" || fail "the run from an old entry differs"
[ -n "$(find "$entry" -mmin -5)" ] || fail "a hit did not mark its entry used"
truncate -s 10 "$entry"  # a miss: the entry is written again, and the directory pruned
run "$T/prune" --stats
same "$T/ref" "$T/prune" || fail "the pruning run differs"
[ -e "$STGVM_CACHE_DIR/0000-old.img" ] && fail "an entry unused for 40 days was kept"
[ -e "$STGVM_CACHE_DIR/0000-x.img.tmp.1" ] && fail "a two-day-old temporary file was kept"
[ -e "$STGVM_CACHE_DIR/0000-recent.img" ] || fail "a recent entry was removed"
[ -e "$STGVM_CACHE_DIR/notes.txt" ] || fail "a file that is not an entry was removed"
cmp -s "$entry" "$T/good.img" || fail "the entry was not rebuilt"

# A cache directory that cannot be created: the run goes on without one.
touch "$T/not-a-dir"
STGVM_CACHE_DIR=$T/not-a-dir/cache run "$T/nodir" --stats
same "$T/ref" "$T/nodir" || fail "a run with an unusable cache directory differs"

[ "$fails" -eq 0 ] && echo "image cache: all checks passed"
[ "$fails" -eq 0 ]
