// The call graph in the formats graph tools open directly: GEXF 1.3 for Gephi (every program
// point and edge, with attributes), and the hot part of the closure-level graph as Graphviz
// DOT and SVG (through Graphviz's cgraph and gvc libraries), clustered by module.
#pragma once
#include <map>
#include <string>

#include "analysis/call_graph.h"
#include "analysis/profile.h"

namespace stgvm {

// GEXF 1.3: nodes are the program points of the TSV's rows (attributes: module, package,
// kind, entries, and the closure's allocated bytes), edges its rows (weight = count, kind =
// the static origin or "direct").
std::string call_graph_gexf(const CallGraph& g, const std::map<uint32_t, Profile::Counts>& closures,
                            const std::string& program);

struct HotGraphOptions {
  double share = 0.9;  // the busiest edges that together make this share of all calls…
  size_t top = 100;    // …but no more than this many
};
struct HotGraph {
  std::string dot, svg;
  size_t nodes = 0, edges = 0;
};
// Closures as nodes (calls between their program points summed), clustered by module.
HotGraph hot_call_graph(const CallGraph& g, const Profile& p, const std::string& program, HotGraphOptions o);

}  // namespace stgvm
