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
