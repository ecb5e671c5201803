# Sourced by the corpus test scripts: STGVM, OUT (build output), SRC (sources), NAME, the
# program's arguments (`args` file, one per line) and stdin (`stdin` file), a temp dir T.
#   usage inside a script: source program_inputs.sh STGVM BUILD_DIR REPO_ROOT NAME
STGVM=$1
OUT=$2/corpus/$4
SRC=$3/data/programs/$4
NAME=$4
export LANG=C.UTF-8 LC_ALL=C.UTF-8
args=()
[ -f "$SRC/args" ] && mapfile -t args <"$SRC/args"
stdin=/dev/null
[ -f "$SRC/stdin" ] && stdin=$SRC/stdin
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

# same_as_native NATIVE_STDOUT NATIVE_STDERR NATIVE_EXIT: compares the stgvm run recorded in
# $T/stdout, $T/stderr, $T/exit with the native one, reporting every difference.
same_as_native() {
  local ok=0
  cmp -s "$T/stdout" "$1" || { echo "stdout differs:"; diff "$1" "$T/stdout" | head -10; ok=1; }
  cmp -s "$T/stderr" "$2" || { echo "stderr differs:"; diff "$2" "$T/stderr" | head -10; ok=1; }
  cmp -s "$T/exit" "$3" || { echo "exit code $(cat "$T/exit"), native $(cat "$3")"; ok=1; }
  return $ok
}
