# Sourced by the tests of `stgvm run`'s outputs (call_graph.sh, profile.sh): needs STGVM, PAK
# and a temporary directory T.
fail() { echo "FAIL: $*"; exit 1; }
fibcalls() { local a=1 b=1 i; for ((i = 2; i <= $1; i++)); do local c=$((a + b + 1)); a=$b b=$c; done; echo "$b"; }  # calls fib n makes
# Bad usage: one line naming the problem, exit 2, the program not run.
usage() {  # usage WHAT EXPECTED-TEXT ARGS…
  local what=$1 text=$2
  shift 2
  "$STGVM" run "$PAK" "$@" >"$T/out" 2>"$T/err"
  local rc=$?
  [ $rc = 2 ] || fail "$what: exit $rc, want 2"
  [ "$(wc -l <"$T/err")" = 1 ] && grep -q "$text" "$T/err" || fail "$what: stderr $(cat "$T/err")"
  [ -s "$T/out" ] && fail "$what: the program ran"
  return 0
}
