#include "analysis/call_graph.h"

#include <fnmatch.h>

#include <algorithm>
#include <stdexcept>

namespace stgvm {

namespace {

constexpr uint32_t kPointBits = 30;
constexpr uint64_t kPointMask = (uint64_t(1) << kPointBits) - 1;

uint64_t pack(CallOrigin o, uint32_t from, uint32_t to) {
  return uint64_t(o) << (2 * kPointBits) | uint64_t(from) << kPointBits | to;
}

// Haskell's `show` of a string (ByteString names print this way in ext-stg's output).
std::string show_string(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') out += '\\', out += char(c);
    else if (c >= 0x20 && c < 0x7F) out += char(c);
    else out += "\\" + std::to_string(unsigned(c));  // (a following digit would need \&: names have none)
  }
  return out + "\"";
}

// A unique as printed (tag character, then base-62 digits) back to what Haskell's Ord on
// (Char, Int) compares.
std::pair<std::string, int64_t> unique_key(const std::string& s) {
  static const std::string digits = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  size_t i = 1;
  while (i < s.size() && (uint8_t(s[i]) & 0xC0) == 0x80) ++i;  // the tag's UTF-8 continuation bytes
  bool neg = i < s.size() && s[i] == '-';
  int64_t v = 0;
  for (size_t k = i + neg; k < s.size(); ++k) v = v * 62 + int64_t(digits.find(s[k]));
  return {s.substr(0, i), neg ? -v : v};
}

// ext-stg's constructor order of program points: global < (apply) < scrutinee < closure < alt.
int rank(uint32_t point, const Attribution& at) {
  if (!point) return 0;
  switch (at.points[point].kind) {
    case PointKind::Scrutinee: return 1;
    case PointKind::Closure: return 2;
    case PointKind::Alt: return 3;
  }
  return 0;
}

}  // namespace

CallGraph::CallGraph(const Image& img, const uint64_t* steps, CallGraphOptions o)
    : img_(img), at_(img.attr), steps_(steps), o_(o) {
  if (at_.points.size() > kPointMask) throw std::runtime_error("call graph: too many program points");
  site_of_code_.assign(img.code.size(), 0);
  by_site_.assign(at_.sites.size() + 1, SiteCount{});
  for (size_t i = 0; i < at_.sites.size(); ++i) site_of_code_[at_.sites[i].code] = uint32_t(i + 1);
}

void CallGraph::on_transfer(uint32_t code, uint32_t thread) {
  if (uint32_t s = site_of_code_[code]) pending(thread) = s;
}

void CallGraph::on_block(uint32_t block, uint32_t thread) {
  const ir::Block& b = img_.blocks[block];
  if (b.kind == ir::BlockKind::Rts) return;  // (the runtime on the way: the call stays pending)
  uint32_t& p = pending(thread);
  uint32_t target = at_.block_point[block];
  if (target && (b.kind == ir::BlockKind::ClosureEntry || p)) count_entry(p, target);
  p = 0;
}

void CallGraph::count_entry(uint32_t site, uint32_t target) {
  ++entries_;
  if (keep_all_) {
    uint32_t from = site ? at_.sites[site - 1].point : 0;
    CallOrigin origin = site ? at_.sites[site - 1].origin : CallOrigin::ClosureResult;
    ++all_inter_[pack(origin, from, target)];
  }
  uint64_t step = *steps_;
  if (step < o_.from_step || step >= o_.to_step) return;
  SiteCount& c = by_site_[site];
  if (c.target != target) {
    if (c.n) add(site, c.target, c.n);
    c = {target, 0};
  }
  ++c.n;
}

void CallGraph::add(uint32_t site, uint32_t target, uint64_t n) {
  uint32_t from = 0;
  CallOrigin origin = CallOrigin::ClosureResult;
  if (site) {
    const CallSite& s = at_.sites[site - 1];
    from = s.point, origin = s.origin;
  }
  inter_[pack(origin, from, target)] += n;
  // The call site's program point belongs to its closure (ext-stg's intra-closure edges).
  if (from && at_.points[from].owner != from) intra_[pack(CallOrigin::CloArg, at_.points[from].owner, from)] += n;
}

void CallGraph::settle() {
  for (uint32_t s = 0; s < by_site_.size(); ++s)
    if (by_site_[s].n) {
      add(s, by_site_[s].target, by_site_[s].n);
      by_site_[s].n = 0;
    }
}

void CallGraph::finish() {
  settle();
  closure_calls_.clear();
  for (auto& [k, n] : keep_all_ ? all_inter_ : inter_) {
    uint32_t from = uint32_t(k >> kPointBits & kPointMask), to = uint32_t(k & kPointMask);
    if (from) closure_calls_[{at_.points[from].owner, to}] += n;
  }
  edges_.clear();
  std::vector<Edge> part;
  for (bool direct : {false, true}) {
    part.clear();
    for (auto& [k, n] : direct ? intra_ : inter_) {
      if (n < o_.min_count) continue;
      uint32_t from = uint32_t(k >> kPointBits & kPointMask), to = uint32_t(k & kPointMask);
      if (!point_passes(from) || !point_passes(to)) continue;
      part.push_back({from, to, CallOrigin(k >> (2 * kPointBits)), direct, n});
    }
    std::sort(part.begin(), part.end(), [&](const Edge& x, const Edge& y) {
      if (x.count != y.count) return x.count > y.count;
      if (x.origin != y.origin) return x.origin < y.origin;
      if (int c = compare_points(x.from, y.from)) return c < 0;
      return compare_points(x.to, y.to) < 0;
    });
    edges_.insert(edges_.end(), part.begin(), part.end());
  }
}

int CallGraph::compare_points(uint32_t a, uint32_t b) const {
  int ra = rank(a, at_), rb = rank(b, at_);
  if (ra != rb || !ra) return ra < rb ? -1 : ra > rb;
  const ProgramPoint &pa = at_.points[a], &pb = at_.points[b];
  const SourceBinder &ba = at_.binders[pa.binder], &bb = at_.binders[pb.binder];
  const auto& s = at_.strings;
  for (auto f : {&SourceBinder::unit, &SourceBinder::module, &SourceBinder::name})
    if (int c = s[ba.*f].compare(s[bb.*f])) return c < 0 ? -1 : 1;
  if (bool(ba.unique) != bool(bb.unique)) return ba.unique ? 1 : -1;  // Nothing < Just
  if (ba.unique) {
    auto ka = unique_key(s[ba.unique]), kb = unique_key(s[bb.unique]);
    if (ka != kb) return ka < kb ? -1 : 1;
  }
  return pa.alt < pb.alt ? -1 : pa.alt > pb.alt;
}

bool CallGraph::point_passes(uint32_t point) const {
  if (!point || (o_.include.empty() && o_.exclude.empty())) return true;
  std::string module = at_.point_module(point);
  for (const std::string& p : o_.exclude)
    if (fnmatch(p.c_str(), module.c_str(), 0) == 0) return false;
  if (o_.include.empty()) return true;
  for (const std::string& p : o_.include)
    if (fnmatch(p.c_str(), module.c_str(), 0) == 0) return true;
  return false;
}

std::string CallGraph::binder_text(uint32_t binder, bool show) const {
  const SourceBinder& b = at_.binders[binder];
  const auto& s = at_.strings;
  if (show)
    return "StgId {siUnitId = " + show_string(s[b.unit]) + ", siModuleName = " + show_string(s[b.module]) +
           ", siName = " + show_string(s[b.name]) + ", siUnique = " + (b.unique ? "Just " + s[b.unique] : "Nothing") + "}";
  return at_.binder_name(binder);
}

std::string CallGraph::point_name(uint32_t point) const {
  bool show = o_.ext_stg_names;
  if (!point) return show ? "PP_Global" : "<global>";
  const ProgramPoint& p = at_.points[point];
  std::string id = binder_text(p.binder, show);
  if (show) {
    switch (p.kind) {
      case PointKind::Closure: return "PP_StgPoint (SP_RhsClosureExpr {spRhsBinderName = " + id + "})";
      case PointKind::Scrutinee: return "PP_StgPoint (SP_CaseScrutineeExpr {spScrutineeResultName = " + id + "})";
      case PointKind::Alt:
        return "PP_StgPoint (SP_AltExpr {spScrutineeResultName = " + id + ", spAltIndex = " + std::to_string(p.alt) + "})";
    }
  }
  if (p.kind == PointKind::Closure) return id;
  // A case inside its closure: the closure's name, the case binder, the alternative's pattern.
  std::string where = at_.binder_name(at_.points[p.owner].binder) + "/case " + at_.local_name(p.binder);
  return p.kind == PointKind::Scrutinee ? where : where + "/" + at_.strings[p.label];
}

std::string CallGraph::tsv() const {
  std::string out = "count\tstatic-origin\tcall-site-type\tsource-name\ttarget-name\tsource -> target\tSource\tTarget\n";
  for (const Edge& e : edges_) {
    std::string from = point_name(e.from), to = point_name(e.to);
    out += std::to_string(e.count);
    if (e.direct) out += "\tdirect\tdirect\t";
    else out += std::string("\t") + origin_name(e.origin) + "\t" + (origin_known(e.origin) ? "known" : "unknown") + "\t";
    out += from + "\t" + to + "\t" + from + " -> " + to + "\t" + from + "\t" + to + "\n";
  }
  return out;
}

std::string CallGraph::summary() const {
  const std::vector<Edge>& es = edges_;
  if (es.empty()) return "";
  uint64_t lo = ~uint64_t(0), hi = 0, sum = 0;
  for (const Edge& e : es) lo = std::min(lo, e.count), hi = std::max(hi, e.count), sum += e.count;
  return "min: " + std::to_string(lo) + "\nmax: " + std::to_string(hi) + "\nsum: " + std::to_string(sum) +
         "\nsize (edge count): " + std::to_string(es.size()) + "\n\n";
}

}  // namespace stgvm
