#!/usr/bin/env bash
# The command line (cli/parser.cpp): --help for stgvm and every command (stdout, exit 0),
# --version, and bad usage as exactly one line on stderr, nothing on stdout, exit code 2.
#   usage.sh STGVM HELLO.fullpak
set -u
STGVM=$1
HELLO=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0

fail() { echo "FAIL $*"; fails=$((fails + 1)); }

# expect_help NAME PATTERN ARGS...: exit 0, PATTERN on stdout, nothing on stderr.
expect_help() {
  local name=$1 pattern=$2
  shift 2
  "$STGVM" "$@" >"$T/out" 2>"$T/err"
  local rc=$?
  if [ "$rc" -ne 0 ] || [ -s "$T/err" ] || ! grep -q -- "$pattern" "$T/out"; then
    fail "$name: rc=$rc"; head -c 400 "$T/err"; head -c 400 "$T/out"
  fi
}

# expect_usage NAME PATTERN ARGS...: exit 2, one line on stderr matching PATTERN, no stdout.
expect_usage() {
  local name=$1 pattern=$2
  shift 2
  "$STGVM" "$@" >"$T/out" 2>"$T/err" </dev/null
  local rc=$?
  local lines
  lines=$(wc -l <"$T/err")
  if [ "$rc" -ne 2 ] || [ -s "$T/out" ] || [ "$lines" -ne 1 ] || ! grep -q -- "$pattern" "$T/err"; then
    fail "$name: rc=$rc stderr-lines=$lines"; head -c 400 "$T/err"
  fi
}

expect_help help "^Usage: stgvm" --help
expect_help help-short "^Usage: stgvm" -h
for c in info dump run resume lower wasm run-wasm diff-wasm pack; do
  expect_help "help-$c" "^Usage: stgvm $c" "$c" --help
  expect_help "help-lists-$c" "^  $c " --help
done
expect_help help-pack-fullpak "^Usage: stgvm pack fullpak" pack fullpak --help
expect_help help-pack-modpaks "^Usage: stgvm pack modpaks" pack modpaks -h
expect_help version "^stgvm [0-9][0-9.]*$" --version

expect_usage no-command "^stgvm: a command is required"
expect_usage unknown-command "^stgvm: unknown command frobnicate " frobnicate "$HELLO"
expect_usage unknown-option "^stgvm: run: .*--bogus" run "$HELLO" --bogus
expect_usage missing-file "^stgvm: info: FILE is required" info
expect_usage two-files "^stgvm: info: .*second" info "$HELLO" second
expect_usage args-without-dashes "^stgvm: run: .*not expected: x" run "$HELLO" x
expect_usage args-to-info "^stgvm: info: takes no program arguments" info "$HELLO" -- x
expect_usage missing-value "^stgvm: run: --heap-size" run "$HELLO" --heap-size
expect_usage bad-size "^stgvm: run: --heap-size: not a size: 12Q$" run "$HELLO" --heap-size 12Q
expect_usage small-heap "^stgvm: run: --heap-size must be between 64K and 1G$" run "$HELLO" --heap-size 1K
expect_usage big-stack "^stgvm: wasm: --stack-size must be between 64K and 1G$" wasm "$HELLO" -o "$T/x.wasm" --stack-size 2G
expect_usage bad-env "^stgvm: run: --env needs NAME=VALUE" run "$HELLO" --env NOEQUALS
expect_usage snapshot-at-zero "^stgvm: run: --snapshot-at needs a positive step count$" run "$HELLO" --snapshot-at 0 --snapshot "$T/s"
expect_usage snapshot-alone "^stgvm: run: --snapshot-at and --snapshot go together$" run "$HELLO" --snapshot-at 5
expect_usage pack-alone "^stgvm: pack: " pack
expect_usage fullpak-no-out "^stgvm: pack fullpak: .*-o" pack fullpak x.o_ghc_stgapp
expect_usage wasm-no-out "^stgvm: wasm: .*-o" wasm "$HELLO"
expect_usage run-wasm-bad-size "^stgvm: run-wasm: --max-heap: not a size" run-wasm x.wasm --max-heap lots
[ -f "$T/x.wasm" ] && fail "a refused wasm command left $T/x.wasm"

# Accepted forms: options before or after FILE, --opt=value, repeated --env (the last of one
# name wins), program arguments after --.
"$STGVM" run --env A=1 --heap-size=64K "$HELLO" --env A=2 --stats -- a -b --c >"$T/out" 2>"$T/err" ||
  fail "accepted form: rc=$? $(head -c 300 "$T/err")"
grep -q '^Hello from stgvm!$' "$T/out" || fail "accepted form: no program output"
grep -q '^stgvm: steps ' "$T/err" || fail "accepted form: --stats after FILE was not taken"

[ "$fails" -eq 0 ] || { echo "$fails failures"; exit 1; }
echo "all usage checks passed"
