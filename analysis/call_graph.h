// The whole-program call graph of a run (`stgvm run --call-graph DIR`): every closure entry
// as an edge from the program point that made the call to the closure entered, in the
// ext-stg interpreter's TSV and summary formats (docs/reference/ext-stg-interpreter.md
// §2.1–2.2) so that Gephi workflows built on it load it unchanged.
//
// Each thread keeps its own pending call site, so edges never cross threads: a call site
// (lower/attribution.h) that a thread leaves through is remembered for that thread until
// the next program block it starts: a closure entry or let-no-escape body counts an edge
// from the site's point; a case continuation means the call entered nothing. Entries the
// runtime makes on its own (a thread's first closure, an exception handler, the function
// an over-saturated call returned) come from the global point.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "interp/events.h"
#include "lower/image.h"

namespace stgvm {

struct CallGraphOptions {
  bool ext_stg_names = false;         // Haskell `show`-style program points, as ext-stg prints them
  uint64_t min_count = 1;             // edges entered fewer times are left out
  uint64_t from_step = 0, to_step = ~uint64_t(0);  // count entries in steps [from, to)
  // Glob patterns (fnmatch) over a point's "unit:Module": an edge is kept when both its ends
  // match some `include` (if any are given) and no `exclude` (the global point always passes).
  std::vector<std::string> include, exclude;
};

class CallGraph : public VmEvents {
 public:
  CallGraph(const Image& img, const uint64_t* steps, CallGraphOptions o = {});
  // A profile needs every call (closure_calls), whatever the step window.
  void keep_all_calls() { keep_all_ = o_.from_step != 0 || o_.to_step != ~uint64_t(0); }
  void on_block(uint32_t block, uint32_t thread) override;
  void on_transfer(uint32_t code, uint32_t thread) override;
  bool wants_accesses() const override { return false; }
  bool wants_allocs() const override { return false; }

  struct Edge {
    uint32_t from = 0, to = 0;  // program points (0: global)
    CallOrigin origin = CallOrigin::TopLevel;
    bool direct = false;        // an intra-closure edge: closure → its program point
    uint64_t count = 0;
  };
  // When the run is over: computes the results below once, for every output that reads them.
  void finish();
  // Inter-closure edges, then intra-closure ones, each by count (descending), ties in the
  // ext-stg interpreter's key order.
  const std::vector<Edge>& edges() const { return edges_; }
  uint64_t entries() const { return entries_; }
  // Calls between closures: (calling closure's point, closure entered) → count, all origins
  // and the whole run (no filters); the runtime's own calls are left out.
  const std::map<std::pair<uint32_t, uint32_t>, uint64_t>& closure_calls() const { return closure_calls_; }
  // The files' contents; summary() is "" for an empty graph (ext-stg writes no file then).
  std::string tsv() const;
  std::string summary() const;
  std::string point_name(uint32_t point) const;
  const Attribution& attribution() const { return at_; }
  // Whether a point's module passes the include/exclude patterns.
  bool point_passes(uint32_t point) const;

 private:
  const Image& img_;
  const Attribution& at_;
  const uint64_t* steps_;
  CallGraphOptions o_;
  std::vector<uint32_t> site_of_code_;  // Image::code index → 1 + index into at_.sites, or 0
  std::vector<uint32_t> pending_;       // thread id → 1 + site index, or 0
  // packed (origin, from, to) → count; most call sites always enter the same closure, so
  // each site (0: the runtime's) counts its latest target at hand and moves the count into
  // the maps when the target changes, and before they are read (settle).
  std::unordered_map<uint64_t, uint64_t> inter_, intra_;
  struct SiteCount {
    uint32_t target = 0;
    uint64_t n = 0;
  };
  std::vector<SiteCount> by_site_;
  void add(uint32_t site, uint32_t target, uint64_t n);
  void settle();
  std::vector<Edge> edges_;  // (finish)
  std::map<std::pair<uint32_t, uint32_t>, uint64_t> closure_calls_;
  std::unordered_map<uint64_t, uint64_t> all_inter_;      // inter_ without the step window
  bool keep_all_ = false;
  uint64_t entries_ = 0;

  uint32_t& pending(uint32_t thread) {
    if (thread >= pending_.size()) pending_.resize(thread + 1);
    return pending_[thread];
  }
  void count_entry(uint32_t site, uint32_t target);
  int compare_points(uint32_t a, uint32_t b) const;
  std::string binder_text(uint32_t binder, bool show) const;
};

}  // namespace stgvm
