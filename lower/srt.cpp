// Static reference tables (GHC's SRTs): which CAFs each piece of code can still reach, so
// that the collector keeps a CAF's value only while some live closure, frame or running
// block may enter it (runtime/collector.cpp), as GHC does. Without them every CAF ever
// evaluated stays alive, and a program walking a big top-level list holds all of it.
//
// Computed from the lowered code itself: a block refers to the static closures and info
// tables whose addresses appear in its instructions, and to the blocks it jumps to. A
// reference to a top-level function's or CAF's code counts as a reference to its static
// closure (whose own table the collector follows, GHC's trick that keeps tables small);
// the other blocks (case continuations, join points, let-bound closures' code) are merged
// into their referrer's table. Only static closures that can reach a CAF are kept ("CAF
// reaching"; GHC's CONSTR_NOCAF / empty-SRT distinction), and the collector ignores the rest.
#include <algorithm>
#include <map>
#include <unordered_map>

#include "lower/lower_ctx.h"
#include "lower/scc.h"

namespace stgvm {

using ir::Op;

namespace {

void sorted_union(std::vector<uint32_t>& into, const std::vector<uint32_t>& from) {
  if (from.empty()) return;
  std::vector<uint32_t> u;
  u.reserve(into.size() + from.size());
  std::set_union(into.begin(), into.end(), from.begin(), from.end(), std::back_inserter(u));
  into.swap(u);
}

}  // namespace

void Lowerer::build_srts() {
  // The static closures, by address (deterministic order), and what each one is.
  struct Closure {
    uint32_t addr;
    TopSym::Kind kind;
    uint32_t entry;
  };
  std::vector<Closure> closures;
  for (const auto& [b, t] : top_)
    if (t.kind != TopSym::String) closures.push_back({t.addr, t.kind, t.entry});
  std::sort(closures.begin(), closures.end(), [](const Closure& a, const Closure& b) { return a.addr < b.addr; });
  std::unordered_map<uint32_t, uint32_t> closure_at;   // address → index
  std::unordered_map<uint32_t, uint32_t> closure_code;  // entry block → index
  for (uint32_t i = 0; i < closures.size(); ++i) {
    closure_at.emplace(closures[i].addr, i);
    if (closures[i].kind != TopSym::Con) closure_code.emplace(closures[i].entry, i);
  }
  std::unordered_map<uint32_t, uint32_t> info_code;  // info table → entry block
  for (uint32_t info : infos_)
    if (uint32_t e = uint32_t(st_.get64(info + layout::kInfoEntry)); e >= uint32_t(RtsBlock::Count)) info_code.emplace(info, e);

  // Each block's direct references: static closures, and blocks merged into it.
  uint32_t nblocks = uint32_t(img_.blocks.size());
  std::vector<std::vector<uint32_t>> refs(nblocks), succ(nblocks);
  auto refer_block = [&](uint32_t b, uint32_t target) {
    if (target >= nblocks || target < uint32_t(RtsBlock::Count)) return;
    if (auto c = closure_code.find(target); c != closure_code.end()) {
      refs[b].push_back(c->second);
    } else {
      succ[b].push_back(target);
    }
  };
  for (uint32_t b = 1; b < nblocks; ++b) {
    const ir::Block& blk = img_.blocks[b];
    for (uint32_t k = blk.first; k < blk.first + blk.count; ++k) {
      const ir::Instr& in = img_.code[k];
      switch (in.op) {
        case Op::Const: case Op::SetRImm: case Op::StoreImm: case Op::StoreSpImm: {
          if (in.imm >> 32) break;
          uint32_t v = uint32_t(in.imm);
          if (auto c = closure_at.find(v); c != closure_at.end()) refs[b].push_back(c->second);
          else if (auto i = info_code.find(v); i != info_code.end()) refer_block(b, i->second);
          break;
        }
        case Op::Jump: refer_block(b, uint32_t(in.imm)); break;
        default: break;
      }
    }
    std::sort(refs[b].begin(), refs[b].end());
    refs[b].erase(std::unique(refs[b].begin(), refs[b].end()), refs[b].end());
  }

  // Everything each block reaches, merged blocks included: one set per component, which
  // all its blocks share (`reach(b)`).
  std::vector<uint32_t> comp_of(nblocks);
  std::vector<std::vector<uint32_t>> comps = strongly_connected_components(succ);
  std::vector<std::vector<uint32_t>> comp_reach(comps.size());
  auto reach = [&](uint32_t b) -> const std::vector<uint32_t>& { return comp_reach[comp_of[b]]; };
  for (uint32_t ci = 0; ci < comps.size(); ++ci) {
    std::vector<uint32_t>& set = comp_reach[ci];
    for (uint32_t b : comps[ci]) comp_of[b] = ci;
    for (uint32_t b : comps[ci]) {
      sorted_union(set, refs[b]);
      for (uint32_t s : succ[b])
        if (comp_of[s] != ci) sorted_union(set, reach(s));  // (callee components come first)
    }
  }

  // CAF-reaching closures: CAFs, and whatever refers to one (backwards from the CAFs).
  std::vector<std::vector<uint32_t>> referrers(closures.size());
  for (uint32_t i = 0; i < closures.size(); ++i) {
    const Closure& c = closures[i];
    if (c.kind == TopSym::Con) {
      uint32_t info = uint32_t(st_.get64(c.addr));
      uint32_t ptrs = uint32_t(st_.get64(info + layout::kInfoLayout));
      for (uint32_t k = 0; k < ptrs; ++k)
        if (auto f = closure_at.find(uint32_t(st_.get64(c.addr + 8 * (1 + k)))); f != closure_at.end())
          referrers[f->second].push_back(i);
    } else if (c.entry < nblocks) {
      for (uint32_t r : reach(c.entry)) referrers[r].push_back(i);
    }
  }
  std::vector<uint8_t> reaching(closures.size(), 0);
  std::vector<uint32_t> todo;
  for (uint32_t i = 0; i < closures.size(); ++i)
    if (closures[i].kind == TopSym::Thunk) reaching[i] = 1, todo.push_back(i);
  while (!todo.empty()) {
    uint32_t i = todo.back();
    todo.pop_back();
    for (uint32_t r : referrers[i])
      if (!reaching[r]) reaching[r] = 1, todo.push_back(r);
  }

  // The tables: [n, closures…] per distinct set, and one u32 per block (0: none).
  std::map<std::vector<uint32_t>, uint32_t> tables;
  std::vector<uint32_t> table_of(nblocks, 0);
  for (uint32_t b = 1; b < nblocks; ++b) {
    std::vector<uint32_t> set;
    for (uint32_t c : reach(b))
      if (reaching[c]) set.push_back(closures[c].addr);
    if (set.empty()) continue;
    auto [it, fresh] = tables.try_emplace(set, 0);
    if (fresh) {
      it->second = st_.alloc(8 * uint32_t(1 + set.size()));
      st_.put64(it->second, set.size());
      for (size_t k = 0; k < set.size(); ++k) st_.put64(it->second + 8 * uint32_t(1 + k), set[k]);
    }
    table_of[b] = it->second;
  }
  // The relevance bitmap: one bit per word of the static image so far, set at each
  // CAF-reaching closure (the collector follows only those).
  uint32_t relevant_end = st_.here();
  uint32_t bitmap = st_.alloc(layout::StaticTables::bitmap_bytes(relevant_end));
  for (uint32_t i = 0; i < closures.size(); ++i) {
    if (!reaching[i]) continue;
    uint32_t bit = (closures[i].addr - layout::kStaticBase) / 8;
    uint32_t at = bitmap + 8 * (bit / 64);
    st_.put64(at, st_.get64(at) | (uint64_t(1) << (bit % 64)));
  }
  uint32_t table = st_.alloc(4 * nblocks);
  for (uint32_t b = 0; b < nblocks; ++b)
    if (table_of[b]) st_.put32(table + 4 * b, table_of[b]);
  img_.srt = {table, nblocks, bitmap, relevant_end};
}

}  // namespace stgvm
