#!/usr/bin/env bash
# `stgvm run --call-graph DIR` on data/programs/callgraph-counts, whose call counts are known
# in advance: exact edge counts, edges kept to their own thread, the summary and the
# intra-closure edges consistent with the inter-closure ones, both name styles, the filters,
# determinism, and one-line usage errors.   call_graph.sh STGVM FULLPAK
set -uo pipefail
STGVM=$1 PAK=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
source "$(dirname "$0")/run_outputs_lib.sh"
PROG=$(basename "$PAK" .fullpak)

run_graph() {  # run_graph DIR [options…]
  local dir=$1
  shift
  "$STGVM" run "$PAK" --call-graph "$dir" "$@" >"$T/stdout" 2>"$T/stderr" || fail "run $* exited $?: $(head -3 "$T/stderr")"
}
run_graph "$T/a"
TSV=$T/a/$PROG-call-graph.tsv SUM=$T/a/$PROG-call-graph-summary
[ -f "$TSV" ] && [ -f "$SUM" ] || fail "no call graph files in $T/a"
head -1 "$TSV" | grep -qx $'count\tstatic-origin\tcall-site-type\tsource-name\ttarget-name\tsource -> target\tSource\tTarget' ||
  fail "header: $(head -1 "$TSV")"
awk -F'\t' 'NR > 1 && (NF != 8 || $6 != $4 " -> " $5 || $7 != $4 || $8 != $5) { exit 1 }' "$TSV" || fail "a row is not 8 consistent columns"

# Calls into a closure (its worker, after GHC's worker/wrapper split): the sum of the edges'
# counts, and how many of them come from the closure's own program points.
into() { awk -F'\t' -v t="$1" 'NR > 1 && $2 != "direct" && ($5 == "main:Main." t || $5 ~ "^main:Main\\.\\$w" t "(_[0-9A-Za-z]+)?$") { n += $1 } END { print n + 0 }' "$TSV"; }
from_self() { awk -F'\t' -v t="$1" 'NR > 1 && $2 != "direct" && $5 ~ "\\.(\\$w)?" t "(_[0-9A-Za-z]+)?$" && index($4, $5 "/") == 1 { n += $1 } END { print n + 0 }' "$TSV"; }
want=$(fibcalls 22)
[ "$(into fib)" = "$want" ] || fail "fib entered $(into fib) times, want $want"
[ "$(from_self fib)" = $((want - 1)) ] || fail "fib called itself $(from_self fib) times, want $((want - 1))"
[ "$(into step)" = 40000 ] || fail "step entered $(into step) times, want 40000"
[ "$(into checked)" = 30 ] || fail "checked entered $(into checked) times, want 30"
# The two threads interleave; no call is credited to the other thread's code.
awk -F'\t' 'NR > 1 && $2 != "direct" && (($5 ~ /fib$/ && $4 ~ /step|go/) || ($5 ~ /step$/ && $4 ~ /fib/)) { exit 1 }' "$TSV" ||
  fail "an edge crosses threads: $(grep -P '\t[^\t]*(fib|step)\t' "$TSV" | cut -f1-5 | head -3)"

# The summary describes the rows; every intra-closure edge (closure → a point inside it) counts
# exactly the calls made from that point.
awk -F'\t' 'NR > 1 { n++; s += $1; if (mn == "" || $1 < mn) mn = $1; if ($1 > mx) mx = $1 }
            END { printf "min: %d\nmax: %d\nsum: %d\nsize (edge count): %d\n\n", mn, mx, s, n }' "$TSV" >"$T/want-summary"
cmp -s "$SUM" "$T/want-summary" || fail "summary differs from the rows: $(diff "$SUM" "$T/want-summary")"
awk -F'\t' 'NR > 1 && $2 != "direct" && $4 ~ /\/case / { from[$4] += $1 }
            NR > 1 && $2 == "direct" { intra[$5] += $1; if (index($5, $4 "/") != 1) bad = bad $4 " -> " $5 "\n" }
            END { for (p in from) if (from[p] != intra[p]) bad = bad p ": " from[p] " calls, intra " intra[p] "\n"
                  for (p in intra) if (!(p in from)) bad = bad p ": intra edge without calls\n"
                  printf "%s", bad; exit bad != "" }' "$TSV" >"$T/bad" || fail "intra-closure edges: $(head -3 "$T/bad")"
# Inter rows first, then intra rows, each by count, descending.
awk -F'\t' 'NR > 1 { d = ($2 == "direct"); if (d < pd || (d == pd && $1 > pc && NR > 2)) exit 1; pd = d; pc = $1 }' "$TSV" ||
  fail "rows out of order"

# GEXF: XML with the TSV's nodes and edges; DOT that cgraph parses; SVG that renders the
# DOT's nodes and edges.
python3 - "$T/a/$PROG-call-graph.gexf" "$TSV" <<'PY' || fail "GEXF"
import sys, xml.etree.ElementTree as ET
ns = {"g": "http://gexf.net/1.3"}
root = ET.parse(sys.argv[1]).getroot()
nodes = {n.get("id"): n.get("label") for n in root.findall(".//g:nodes/g:node", ns)}
edges = root.findall(".//g:edges/g:edge", ns)
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[2]).readlines()[1:]]
names = {r[3] for r in rows} | {r[4] for r in rows}
assert set(nodes.values()) == names, "node labels are not the TSV's points"
assert len(edges) == len(rows), f"{len(edges)} edges, {len(rows)} rows"
got = sorted((nodes[e.get("source")], nodes[e.get("target")], int(e.get("weight"))) for e in edges)
want = sorted((r[3], r[4], int(r[0])) for r in rows)
assert got == want, "edge weights differ from the TSV's counts"
fib = [n for n in root.findall(".//g:node", ns) if n.get("label") == "main:Main.$wfib"][0]
att = {a.get("for"): a.get("value") for a in fib.findall(".//g:attvalue", ns)}
assert att["module"] == "Main" and att["package"] == "main" and att["kind"] == "closure", att
PY
dot -Tcanon "$T/a/$PROG-call-graph.dot" >"$T/canon" || fail "the DOT does not parse"
grep -q '\$wfib' "$T/canon" || fail "the hot graph lacks \$wfib"
python3 - "$T/a/$PROG-call-graph.svg" "$T/a/$PROG-call-graph.dot" <<'PY' || fail "SVG"
import re, sys, xml.etree.ElementTree as ET
svg = ET.parse(sys.argv[1]).getroot()
ns = {"s": "http://www.w3.org/2000/svg"}
groups = [g.get("class") for g in svg.iter("{http://www.w3.org/2000/svg}g")]
dot = open(sys.argv[2]).read()
n_nodes = len(re.findall(r"^\s*c\d+\s*\[", dot, re.M))
n_edges = len(re.findall(r"->", dot))
assert groups.count("node") == n_nodes and groups.count("edge") == n_edges, (groups.count("node"), n_nodes, groups.count("edge"), n_edges)
assert n_nodes > 0
PY

# Deterministic: a second run writes the same bytes.
run_graph "$T/b"
diff -r "$T/a" "$T/b" >/dev/null || fail "two runs differ: $(diff -rq "$T/a" "$T/b")"

# The ext-stg interpreter's show-style names: same counts, same row count.
run_graph "$T/c" --call-graph-names ext-stg
C=$T/c/$PROG-call-graph.tsv
[ "$(wc -l <"$C")" = "$(wc -l <"$TSV")" ] || fail "ext-stg names: another number of rows"
cut -f1-3 "$C" | cmp -s - <(cut -f1-3 "$TSV") || fail "ext-stg names: other counts or origins"
grep -qF 'PP_StgPoint (SP_RhsClosureExpr {spRhsBinderName = StgId {siUnitId = "main", siModuleName = "Main", siName = "$wfib", siUnique = ' "$C" ||
  fail "ext-stg names: no closure point for \$wfib"
grep -qF 'PP_StgPoint (SP_CaseScrutineeExpr {spScrutineeResultName = StgId {siUnitId = "main", siModuleName = "Main", siName = "ww' "$C" ||
  fail "ext-stg names: no scrutinee point"
grep -qP '\tPP_Global\t' "$C" || fail "ext-stg names: no global point"
grep -q '<global>\|main:Main' "$C" && fail "ext-stg names: readable names left"

# --min-count keeps the rows counted that often, unchanged.
run_graph "$T/d" --min-count 3
awk -F'\t' 'NR == 1 || $1 >= 3' "$TSV" | cmp -s - "$T/d/$PROG-call-graph.tsv" || fail "--min-count 3"
# Module filters: only main's edges; without base and ghc-prim; a filter that keeps nothing.
run_graph "$T/i" --include 'main:*'
awk -F'\t' 'NR > 1 && ($4 !~ /^main:/ || $5 !~ /^main:/) && $4 != "<global>" { exit 1 }' "$T/i/$PROG-call-graph.tsv" ||
  fail "--include main:* kept another module's edge"
[ "$(into fib)" = "$(TSV=$T/i/$PROG-call-graph.tsv into fib)" ] || fail "--include main:* lost fib's calls"
run_graph "$T/j" --exclude 'base:*' --exclude 'ghc-prim:*'
grep -qP '\t(base|ghc-prim):' "$T/j/$PROG-call-graph.tsv" && fail "--exclude left base or ghc-prim"
awk -F'\t' 'NR > 1 && $4 ~ /^main:/ && $5 ~ /^main:/' "$TSV" | cmp -s - <(awk -F'\t' 'NR > 1 && $4 ~ /^main:/ && $5 ~ /^main:/' "$T/j/$PROG-call-graph.tsv") ||
  fail "--exclude changed main's edges"
run_graph "$T/k" --include 'nothing:*'
[ "$(wc -l <"$T/k/$PROG-call-graph.tsv")" = 1 ] || fail "--include nothing:* kept edges"
# A step window: the whole run is the default; an empty window writes rows of nothing and
# no summary (as ext-stg, none for an empty graph).
run_graph "$T/e" --from-step 0 --to-step 1000000000000
cmp -s "$TSV" "$T/e/$PROG-call-graph.tsv" || fail "a window over the whole run differs"
run_graph "$T/f" --to-step 1
[ "$(wc -l <"$T/f/$PROG-call-graph.tsv")" = 1 ] || fail "--to-step 1 counted calls"
[ -e "$T/f/$PROG-call-graph-summary" ] && fail "a summary for an empty graph"
steps=$("$STGVM" run "$PAK" --stats 2>&1 >/dev/null | grep -o 'steps [0-9]*' | cut -d' ' -f2)
run_graph "$T/g" --from-step $((steps / 2))
first=$(awk -F'\t' 'NR > 1 && $2 != "direct" { n += $1 } END { print n }' "$TSV")
second=$(awk -F'\t' 'NR > 1 && $2 != "direct" { n += $1 } END { print n }' "$T/g/$PROG-call-graph.tsv")
[ "$second" -gt 0 ] && [ "$second" -lt "$first" ] || fail "the second half of the run counted $second of $first calls"

# Bad usage.
touch "$T/file"
usage "a file as the directory" "not a directory" --call-graph "$T/file"
usage "a directory that cannot be made" "cannot create" --call-graph "$T/file/sub"
usage "a filter without --call-graph" "go with --call-graph" --min-count 2
usage "an unknown name style" "call-graph-names" --call-graph "$T/h" --call-graph-names fancy
usage "an empty window" "after --from-step" --call-graph "$T/h" --from-step 10 --to-step 5
usage "a share above 1" "hot-share" --call-graph "$T/h" --hot-share 1.5
if [ "$(id -u)" != 0 ]; then
  mkdir "$T/ro" && chmod 555 "$T/ro"
  usage "a read-only directory" "cannot write" --call-graph "$T/ro"
fi
echo "call graph: fib $want calls, step 40000, checked 30; summary, intra edges, names, filters, errors ok"
