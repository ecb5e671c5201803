#!/usr/bin/env bash
# Differential test under resource limits: the program linked natively with RTS options
# baked in (-with-rtsopts, so it still reports errors as a default build does) against
# `stgvm run` of the corpus fullpak with the equivalent flags: same stdout, stderr and exit.
#   diff_flags.sh STGVM BUILD_DIR REPO_ROOT NAME "RTS FLAGS" "STGVM FLAGS" [PROGRAM ARGS...]
set -uo pipefail
source "$(dirname "$0")/program_inputs.sh" "$1" "$2" "$3" "$4"
read -r -a flags <<<"$6"
[ $# -gt 6 ] && args=("${@:7}")
export STGVM_PACK=${STGVM_PACK:-$2/stgvm} STGVM_EXPORT=${STGVM_EXPORT:-$2/exporter/stgvm-export}
"$3/exporter/stgvm-ghc" -O1 "$SRC/Main.hs" -o "$T/$NAME.fullpak" --native "$T/$NAME" \
  --ghc-opt "-with-rtsopts=$5" >"$T/build.log" 2>&1 || { cat "$T/build.log"; exit 1; }
(cd "$T" && timeout 600 "./$NAME" "${args[@]}" <"$stdin" >"$T/nstdout" 2>"$T/nstderr")
echo $? >"$T/nexit"
(cd "$OUT" && timeout 600 "$STGVM" run "$NAME.fullpak" "${flags[@]}" -- "${args[@]}" <"$stdin" >"$T/stdout" 2>"$T/stderr")
echo $? >"$T/exit"
same_as_native "$T/nstdout" "$T/nstderr" "$T/nexit" || exit 1
echo "$NAME: matches the native run with $5 (stgvm $6)"
