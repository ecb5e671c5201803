// Strongly connected components of a directed graph (Tarjan's algorithm, iteratively, so a
// long chain cannot overflow the host stack). Used by the static reference tables
// (lower/srt.cpp) and the profile's hot loops (analysis/profile.cpp).
#pragma once
#include <cstdint>
#include <vector>

namespace stgvm {

// The components of the graph whose node v has the successors succ[v], each listed from the
// node it was entered by last. Roots are tried in index order and successors in their order,
// so the result is deterministic; a component comes after every component it reaches
// (callees first).
std::vector<std::vector<uint32_t>> strongly_connected_components(const std::vector<std::vector<uint32_t>>& succ);

}  // namespace stgvm
