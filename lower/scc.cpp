// Tarjan's strongly connected components (lower/scc.h).
#include "lower/scc.h"

#include <algorithm>
#include <utility>

namespace stgvm {

std::vector<std::vector<uint32_t>> strongly_connected_components(const std::vector<std::vector<uint32_t>>& succ) {
  uint32_t n = uint32_t(succ.size());
  std::vector<uint32_t> index(n, UINT32_MAX), low(n, 0);
  std::vector<uint8_t> on_stack(n, 0);
  std::vector<uint32_t> stack;
  std::vector<std::pair<uint32_t, uint32_t>> work;  // (node, next successor): the recursion
  std::vector<std::vector<uint32_t>> out;
  uint32_t next = 0;
  for (uint32_t root = 0; root < n; ++root) {
    if (index[root] != UINT32_MAX) continue;
    work.push_back({root, 0});
    while (!work.empty()) {
      auto& [v, i] = work.back();
      if (i == 0) {
        index[v] = low[v] = next++;
        stack.push_back(v);
        on_stack[v] = 1;
      }
      if (i < succ[v].size()) {
        uint32_t w = succ[v][i++];
        if (index[w] == UINT32_MAX) {
          work.push_back({w, 0});  // (v and i are not used again before it returns)
        } else if (on_stack[w]) {
          low[v] = std::min(low[v], index[w]);
        }
        continue;
      }
      uint32_t done = v;
      work.pop_back();
      if (!work.empty()) low[work.back().first] = std::min(low[work.back().first], low[done]);
      if (low[done] == index[done]) {
        std::vector<uint32_t> c;
        uint32_t w;
        do {
          w = stack.back();
          stack.pop_back();
          on_stack[w] = 0;
          c.push_back(w);
        } while (w != done);
        out.push_back(std::move(c));
      }
    }
  }
  return out;
}

}  // namespace stgvm
