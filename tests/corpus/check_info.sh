#!/usr/bin/env bash
# A corpus program's fullpak loads, has main, and references nothing undefined beyond the
# GHC.Prim built-ins.   check_info.sh STGVM BUILD_DIR NAME
set -euo pipefail
STGVM=$1
OUT=$2/corpus/$3
json=$("$STGVM" info --json "$OUT/$3.fullpak")
python3 - "$json" <<'PY'
import json, sys
info = json.loads(sys.argv[1])
problems = []
if info["main"] != "main_:Main.main": problems.append("no main_:Main.main")
if info["unresolved"]: problems.append("unresolved references: " + ", ".join(info["unresolved"][:20]))
if info["unknown_primops"]: problems.append("unknown primops: " + ", ".join(info["unknown_primops"]))
if info["unknown_foreign"]: problems.append("foreign symbols without a shim: " + ", ".join(info["unknown_foreign"]))
if info["counts"]["modules"] < 10: problems.append("suspiciously few modules: %d" % info["counts"]["modules"])
for b in info["builtins"]:
    if not b.startswith("ghc-prim_GHC.Prim."): problems.append("odd builtin " + b)
if problems:
    print("\n".join(problems)); sys.exit(1)
print("ok: %d modules, %d binders, %d primops, %d foreign symbols" % (
    info["counts"]["modules"], info["counts"]["top_level_binders"], len(info["primops"]), len(info["foreign_calls"])))
PY
