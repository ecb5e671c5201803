# Shared by the bench scripts (sourced, never run): where things are, timing, ratios and
# geometric means, and building a corpus program at -O2. Benchmarks report; they never fail
# on timing.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STGVM=${STGVM:-$ROOT/build/stgvm}
export STGVM_PACK=${STGVM_PACK:-$ROOT/build/stgvm}
export STGVM_EXPORT=${STGVM_EXPORT:-$ROOT/build/exporter/stgvm-export}
export LANG=C.UTF-8 LC_ALL=C.UTF-8

now() { date +%s.%N; }
# seconds between two `now`s
secs() { python3 -c "print(f'{max($2 - $1, 1e-6):.3f}')"; }
# a / b with DIGITS decimals:   ratio A B DIGITS
ratio() { python3 -c "print(f'{$1 / $2:.${3:-2}f}')"; }

# data/programs/NAME built at -O2 into DIR/NAME.fullpak (and, with --native, the native
# executable DIR/NAME), unless already newer than its source.   build_program NAME DIR [--native]
build_program() {
  local name=$1 d=$2 src=$ROOT/data/programs/$1
  mkdir -p "$d"
  if [ ! -f "$d/$name.fullpak" ] || [ "$src/Main.hs" -nt "$d/$name.fullpak" ] ||
     { [ "${3:-}" = --native ] && [ ! -x "$d/$name" ]; }; then
    local native=()
    [ "${3:-}" = --native ] && native=(--native "$d/$name")
    "$ROOT/exporter/stgvm-ghc" -O2 "$src/Main.hs" -o "$d/$name.fullpak" "${native[@]}" >/dev/null 2>&1
  fi
}

# One "NAME ARGS…" entry of a bench list: sets name, args (or the program's args file),
# src (its sources), d (OUT/NAME) and in (its stdin file, or /dev/null), and builds it at
# -O2 (and natively with --native).   program_entry ENTRY [--native]
program_entry() {
  local words
  read -r -a words <<<"$1"
  name=${words[0]}
  args=("${words[@]:1}")
  src=$ROOT/data/programs/$name
  d=$OUT/$name
  in=/dev/null
  [ -f "$src/stdin" ] && in=$src/stdin
  [ ${#args[@]} = 0 ] && [ -f "$src/args" ] && mapfile -t args <"$src/args"
  build_program "$name" "$d" ${2:-}
}

# Geometric means of columns: each argument is one row of numbers; prints
# "geometric mean: LABEL1 Gx, LABEL2 Gx" for the labels given on stdin, one per column, as
# "label|digits".   geomeans ROW... <<< $'stgvm/native|1\nstgvm/runghc|2'
geomeans() {
  python3 -c '
import math, sys
rows = [list(map(float, r.split())) for r in sys.argv[1:]]
labels = [l.rsplit("|", 1) for l in sys.stdin.read().splitlines() if l]
g = lambda xs: math.exp(sum(math.log(x) for x in xs) / len(xs))
print("geometric mean: " + ", ".join(f"{name} {g([r[i] for r in rows]):.{int(d)}f}x" for i, (name, d) in enumerate(labels)))
' "$@"
}
