#!/usr/bin/env bash
# A corpus program lowers to a valid Image (verify_image) with valid attribution tables
# (verify_attribution: every program block belongs to a closure), with no unknown primop, and the
# Image is identical across two runs (determinism); every binding of every module lowers too
# (`--all`, not only what main reaches).   check_lower.sh STGVM BUILD_DIR NAME
set -euo pipefail
STGVM=$1
FP=$2/corpus/$3/$3.fullpak
a=$("$STGVM" lower "$FP")
b=$("$STGVM" lower "$FP")
echo "$a"
[ "$a" = "$b" ] || { echo "FAIL: two lowerings differ"; exit 1; }
grep -q '^unknown primops: 0$' <<<"$a" || { echo "FAIL: unknown primops"; exit 1; }
grep -q '^program points: [1-9][0-9]*, call sites: [1-9]' <<<"$a" || { echo "FAIL: no program points or call sites"; exit 1; }
# (base's own CAFs, stdout's Handle among them, are reached from main: some code has a table)
grep -q '^static reference tables: [1-9][0-9]* ([1-9][0-9]* blocks), CAF-reaching static closures: [1-9]' <<<"$a" ||
  { echo "FAIL: no static reference tables"; exit 1; }
all=$("$STGVM" lower --all "$FP")
grep -q '^unknown primops: 0$' <<<"$all" || { echo "FAIL: unknown primops in some binding"; echo "$all"; exit 1; }
n() { sed -n "s/^$1: //p" <<<"$2"; }
[ "$(n blocks "$a")" -le "$(n blocks "$all")" ] || { echo "FAIL: more blocks reachable than exist"; exit 1; }
# `--print Main.` lists the program's own blocks after the same statistics: a header per
# block, then one numbered line per instruction, numbered from 0 in each block.
p=$("$STGVM" lower "$FP" --print Main.)
[ "$(head -n "$(wc -l <<<"$a")" <<<"$p")" = "$a" ] || { echo "FAIL: --print changed the statistics"; exit 1; }
grep -q '^block [0-9]* main_Main\.' <<<"$p" || { echo "FAIL: --print Main. lists no block of Main"; exit 1; }
tail -n +"$(($(wc -l <<<"$a") + 1))" <<<"$p" | awk '
  /^$/ { next }
  /^block [0-9]+ / { if (blk && next_pc == 0) { print "FAIL: empty block " blk; bad = 1 } blk = $2; next_pc = 0; next }
  /^  [0-9]+: [A-Za-z]+ / { if ($1 != next_pc ":") { print "FAIL: block " blk " numbered " $1 " at " next_pc; bad = 1 } next_pc++; next }
  { print "FAIL: unexpected line: " $0; bad = 1 }
  END { if (blk && next_pc == 0) { print "FAIL: empty block " blk; bad = 1 } exit bad }'
