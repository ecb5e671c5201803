// A run's profile (`stgvm run --profile FILE`): per closure (STG binder, module, unit) and
// per thread, how often it was entered, how many code blocks ran on its behalf and how many
// heap bytes it allocated; the hot loops; and, sampled every N blocks, the running thread's stack
// as the closures its frames return to, for a flame graph in speedscope's format.
//
// Hot loops are the strongly connected components of the dynamic call graph between
// closures (analysis/call_graph.h: calls, tail calls and jumps to let-no-escape bodies),
// weighted by the blocks their closures executed. Returns are not edges: with them, every
// caller of a shared function (++, show) would fall into one component.
//
// Blocks and allocations of the runtime (generic application, updates, primops over memory,
// foreign-call boxing) count for the closure the thread was running, which asked for them.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "analysis/call_graph.h"
#include "analysis/running_closure.h"
#include "interp/events.h"
#include "lower/image.h"

namespace stgvm {

struct ProfileOptions {
  uint64_t sample_every = 0;  // blocks between stack samples (0: none)
  size_t top = 20;            // hot loops (and, in the report, closures ×2) listed
};

class Profile : public VmEvents {
 public:
  Profile(const Image& img, std::string program, ProfileOptions o = {});
  void on_block(uint32_t block, uint32_t thread) override;
  void on_alloc(uint32_t block, uint32_t addr, uint32_t bytes) override;
  bool wants_accesses() const override { return false; }
  bool wants_transfers() const override { return false; }

  struct Counts {
    uint64_t entries = 0, blocks = 0, allocated = 0;
  };
  struct Loop {
    uint64_t blocks = 0;                               // executed in the component
    std::vector<std::pair<uint32_t, Counts>> closures;  // (closure point, its counts in the loop)
  };
  // When the run is over (after calls.finish()): sums the closures, finds the loops.
  void finish(const CallGraph& calls);
  uint64_t total_blocks() const { return total_blocks_; }
  uint64_t total_allocated() const { return total_alloc_; }
  // Per closure point (0: the runtime itself), over all threads.
  const std::map<uint32_t, Counts>& by_closure() const { return closures_; }
  const std::vector<Loop>& loops() const { return loops_; }

  std::string json() const;       // --profile
  std::string report() const;     // --profile-report
  std::string speedscope() const; // --speedscope
  std::string closure_name(uint32_t point) const;

 private:
  const Image& img_;
  const Attribution& at_;
  std::string program_;
  ProfileOptions o_;
  uint64_t total_blocks_ = 0, total_alloc_ = 0;
  RunningClosure running_;
  std::unordered_map<uint64_t, Counts> rows_;  // (thread << 32 | closure point) → counts
  uint64_t cached_key_ = ~uint64_t(0);
  Counts* cached_ = nullptr;
  // The dynamic block graph: execution counts and the block each thread ran last; each block
  // keeps its latest successor's count at hand (most blocks have one), the rest in `edges_`.
  std::vector<Loop> loops_;
  std::map<uint32_t, Counts> closures_;                  // (finish)
  std::vector<std::pair<uint32_t, Counts>> by_blocks_;   // closures_, most blocks first
  // Stack samples: interned stacks (closure points, outermost first) and, per thread, runs
  // of equal consecutive samples.
  std::vector<uint32_t> frames_scratch_;
  std::map<std::vector<uint32_t>, uint32_t> stack_ids_;
  struct Run {
    uint32_t stack;
    uint64_t weight;
  };
  std::map<uint32_t, std::vector<Run>> samples_;  // thread → runs

  Counts& row(uint32_t thread, uint32_t closure);
  void sample(uint32_t thread, uint32_t block);
  void find_loops(const CallGraph& calls);
};

}  // namespace stgvm
