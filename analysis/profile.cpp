#include "analysis/profile.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <set>
#include <nlohmann/json.hpp>

#include "lower/scc.h"

namespace stgvm {

using Json = nlohmann::ordered_json;

Profile::Profile(const Image& img, std::string program, ProfileOptions o)
    : img_(img), at_(img.attr), program_(std::move(program)), o_(o), running_(img) {}

Profile::Counts& Profile::row(uint32_t thread, uint32_t closure) {
  uint64_t key = uint64_t(thread) << 32 | closure;
  if (key != cached_key_) {
    cached_key_ = key;
    cached_ = &rows_[key];  // (unordered_map nodes never move)
  }
  return *cached_;
}

void Profile::on_block(uint32_t block, uint32_t thread) {
  ++total_blocks_;
  Counts& c = row(thread, running_.enter(block, thread));
  ++c.blocks;
  if (at_.block_point[block] && img_.blocks[block].kind != ir::BlockKind::ReturnPoint) ++c.entries;
  if (o_.sample_every && total_blocks_ % o_.sample_every == 0) sample(thread, block);
}

void Profile::on_alloc(uint32_t block, uint32_t, uint32_t bytes) {
  row(running_.last_thread(), running_.alloc_owner(block)).allocated += bytes;
  total_alloc_ += bytes;
}

void Profile::sample(uint32_t thread, uint32_t block) {
  constexpr size_t kMaxDepth = 1024;  // (deeper stacks keep their innermost frames)
  if (!stack_blocks) return;
  stack_blocks(frames_scratch_, kMaxDepth);
  std::vector<uint32_t> stack;
  // Innermost first: the running block's closure, then each frame that returns into a closure.
  if (uint32_t o = at_.block_owner[block]) stack.push_back(o);
  else if (uint32_t cur = running_.of(thread)) stack.push_back(cur);
  for (uint32_t fb : frames_scratch_) {
    if (stack.size() >= kMaxDepth) break;
    if (fb < at_.block_owner.size() && at_.block_owner[fb]) stack.push_back(at_.block_owner[fb]);
  }
  std::reverse(stack.begin(), stack.end());
  auto [it, fresh] = stack_ids_.try_emplace(std::move(stack), uint32_t(stack_ids_.size()));
  std::vector<Run>& runs = samples_[thread];
  if (!runs.empty() && runs.back().stack == it->second) runs.back().weight += o_.sample_every;
  else runs.push_back({it->second, o_.sample_every});
}

void Profile::finish(const CallGraph& calls) {
  closures_.clear();
  for (auto& [k, c] : rows_) {
    Counts& o = closures_[uint32_t(k)];
    o.entries += c.entries, o.blocks += c.blocks, o.allocated += c.allocated;
  }
  by_blocks_.assign(closures_.begin(), closures_.end());
  std::stable_sort(by_blocks_.begin(), by_blocks_.end(),
                   [](const auto& a, const auto& b) { return a.second.blocks > b.second.blocks; });
  find_loops(calls);
}

// Hot loops: the strongly connected components of the calls between closures (a closure
// calling itself is one too).
void Profile::find_loops(const CallGraph& calls) {
  std::map<uint32_t, std::vector<uint32_t>> adj;  // (ordered: deterministic)
  std::set<uint32_t> self;
  for (auto& [e, n] : calls.closure_calls()) {
    if (e.first == e.second) self.insert(e.first);
    else adj[e.first].push_back(e.second);
    adj[e.second];
  }
  // (closures numbered in adj's order, so the components come out as deterministically)
  std::vector<uint32_t> ids;
  std::map<uint32_t, uint32_t> number;
  for (auto& [v, _] : adj) number[v] = uint32_t(ids.size()), ids.push_back(v);
  std::vector<std::vector<uint32_t>> succ(ids.size());
  for (auto& [v, out] : adj)
    for (uint32_t w : out) succ[number[v]].push_back(number[w]);
  std::vector<std::vector<uint32_t>> comps;
  for (std::vector<uint32_t>& comp : strongly_connected_components(succ)) {
    if (comp.size() == 1 && !self.count(ids[comp[0]])) continue;  // not a loop
    for (uint32_t& p : comp) p = ids[p];
    comps.push_back(std::move(comp));
  }
  loops_.clear();
  for (auto& comp : comps) {
    Loop l;
    for (uint32_t p : comp) {
      Counts c = closures_.count(p) ? closures_.at(p) : Counts{};
      l.blocks += c.blocks;
      l.closures.push_back({p, c});
    }
    std::stable_sort(l.closures.begin(), l.closures.end(), [](const auto& a, const auto& b) {
      return a.second.blocks != b.second.blocks ? a.second.blocks > b.second.blocks : a.first < b.first;
    });
    loops_.push_back(std::move(l));
  }
  std::stable_sort(loops_.begin(), loops_.end(), [](const Loop& a, const Loop& b) {
    if (a.blocks != b.blocks) return a.blocks > b.blocks;
    return a.closures.front().first < b.closures.front().first;
  });
  if (loops_.size() > o_.top) loops_.resize(o_.top);
}

std::string Profile::closure_name(uint32_t point) const {
  return point ? at_.binder_name(at_.points[point].binder) : "<runtime>";
}

namespace {
Json counts_json(const Profile::Counts& c) {
  return Json{{"entries", c.entries}, {"blocks", c.blocks}, {"allocated", c.allocated}};
}
}  // namespace

std::string Profile::json() const {
  Json j;
  j["program"] = program_;
  j["blocks"] = total_blocks_;
  j["allocated"] = total_alloc_;
  std::map<uint32_t, std::map<uint32_t, Counts>> per;  // closure → thread → counts
  for (auto& [k, c] : rows_) per[uint32_t(k)][uint32_t(k >> 32)] = c;
  const auto& order = by_blocks_;
  Json cl = Json::array();
  for (auto& [p, c] : order) {
    Json e;
    e["closure"] = closure_name(p);
    if (p) {
      const SourceBinder& b = at_.binders[at_.points[p].binder];
      e["unit"] = at_.strings[b.unit];
      e["module"] = at_.strings[b.module];
      e["binder"] = at_.local_name(at_.points[p].binder);
    }
    e.update(counts_json(c));
    Json th = Json::array();
    for (auto& [t, tc] : per[p]) {
      Json x{{"thread", t}};
      x.update(counts_json(tc));
      th.push_back(x);
    }
    e["threads"] = th;
    cl.push_back(e);
  }
  j["closures"] = cl;
  Json lo = Json::array();
  for (const Loop& l : loops_) {
    Json e{{"blocks", l.blocks}, {"share", total_blocks_ ? double(l.blocks) / double(total_blocks_) : 0.0}};
    Json cs = Json::array();
    std::vector<std::string> mods;
    for (auto& [p, c] : l.closures) {
      Json x{{"closure", closure_name(p)}, {"module", at_.point_module(p)}};
      x.update(counts_json(c));
      x.erase("allocated");
      cs.push_back(x);
      if (p && std::find(mods.begin(), mods.end(), at_.point_module(p)) == mods.end()) mods.push_back(at_.point_module(p));
    }
    e["modules"] = mods;
    e["closures"] = cs;
    lo.push_back(e);
  }
  j["hot_loops"] = lo;
  return j.dump(1) + "\n";
}

std::string Profile::report() const {
  std::string out;
  char line[512];
  auto pct = [&](uint64_t n, uint64_t of) { return of ? 100.0 * double(n) / double(of) : 0.0; };
  std::snprintf(line, sizeof line, "stgvm profile of %s: %" PRIu64 " blocks executed, %" PRIu64 " bytes allocated\n\n",
                program_.c_str(), total_blocks_, total_alloc_);
  out += line;
  const auto& order = by_blocks_;
  out += "closures by blocks executed (runtime blocks count for the closure that called the runtime)\n";
  out += "  blocks      %     entries     allocated  closure\n";
  for (size_t i = 0; i < order.size() && i < 2 * o_.top; ++i) {
    auto& [p, c] = order[i];
    std::snprintf(line, sizeof line, "%12" PRIu64 " %5.1f %11" PRIu64 " %13" PRIu64 "  %s\n", c.blocks,
                  pct(c.blocks, total_blocks_), c.entries, c.allocated, closure_name(p).c_str());
    out += line;
  }
  out += "\nhot loops (cycles of calls between closures, by blocks their closures executed)\n";
  if (loops_.empty()) out += "  none\n";
  for (size_t i = 0; i < loops_.size(); ++i) {
    const Loop& l = loops_[i];
    std::snprintf(line, sizeof line, "%2zu. %" PRIu64 " blocks, %.1f%% of the run, %zu closure%s\n", i + 1, l.blocks,
                  pct(l.blocks, total_blocks_), l.closures.size(), l.closures.size() == 1 ? "" : "s");
    out += line;
    for (size_t k = 0; k < l.closures.size() && k < 8; ++k) {
      auto& [p, c] = l.closures[k];
      std::snprintf(line, sizeof line, "      %12" PRIu64 " blocks %11" PRIu64 " entries  %s\n", c.blocks, c.entries,
                    closure_name(p).c_str());
      out += line;
    }
    if (l.closures.size() > 8) out += "      … " + std::to_string(l.closures.size() - 8) + " more\n";
  }
  return out;
}

// https://www.speedscope.app/file-format-schema.json: one sampled profile per thread.
std::string Profile::speedscope() const {
  std::vector<const std::vector<uint32_t>*> stacks(stack_ids_.size());
  for (auto& [s, id] : stack_ids_) stacks[id] = &s;
  std::map<uint32_t, uint32_t> frame_of;  // closure point → frame index
  Json frames = Json::array();
  auto frame = [&](uint32_t p) {
    auto [it, fresh] = frame_of.try_emplace(p, uint32_t(frames.size()));
    if (fresh) {
      Json f{{"name", closure_name(p)}};
      if (p) f["file"] = at_.point_module(p);
      frames.push_back(f);
    }
    return it->second;
  };
  Json profiles = Json::array();
  for (auto& [thread, runs] : samples_) {
    Json samples = Json::array(), weights = Json::array();
    uint64_t total = 0;
    for (const Run& r : runs) {
      Json s = Json::array();
      for (uint32_t p : *stacks[r.stack]) s.push_back(frame(p));
      samples.push_back(s);
      weights.push_back(r.weight);
      total += r.weight;
    }
    profiles.push_back(Json{{"type", "sampled"},
                            {"name", program_ + " thread " + std::to_string(thread)},
                            {"unit", "none"},
                            {"startValue", 0},
                            {"endValue", total},
                            {"samples", samples},
                            {"weights", weights}});
  }
  Json j{{"$schema", "https://www.speedscope.app/file-format-schema.json"},
         {"shared", Json{{"frames", frames}}},
         {"profiles", profiles},
         {"name", program_},
         {"activeProfileIndex", 0},
         {"exporter", "stgvm"}};
  return j.dump() + "\n";
}

}  // namespace stgvm
