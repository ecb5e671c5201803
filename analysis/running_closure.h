// Which closure each thread is running, so that what the runtime does for a thread counts for
// the closure that asked for it. Program blocks belong to a closure (lower/attribution.h);
// runtime blocks (generic application, updates, primops over memory, foreign-call boxing)
// and the runtime library work for the closure their thread ran last. Shared by the profile
// and the memory trace so that both attribute a run's work alike.
#pragma once
#include <cstdint>
#include <vector>

#include "lower/image.h"

namespace stgvm {

class RunningClosure {
 public:
  explicit RunningClosure(const Image& img) : img_(img) {}
  // `block` starts on `thread`: the closure it counts for.
  uint32_t enter(uint32_t block, uint32_t thread) {
    last_thread_ = thread;
    uint32_t& c = slot(thread);
    rts_ = img_.blocks[block].kind == ir::BlockKind::Rts;
    if (!rts_) c = img_.attr.block_owner[block];
    return c;
  }
  // The closure `thread` runs (0 before its first program block).
  uint32_t of(uint32_t thread) const { return thread < by_thread_.size() ? by_thread_[thread] : 0; }
  // The closure an allocation by `block` (0: by the runtime library) counts for.
  uint32_t alloc_owner(uint32_t block) const {
    return block && img_.blocks[block].kind != ir::BlockKind::Rts ? img_.attr.block_owner[block] : of(last_thread_);
  }
  uint32_t last_thread() const { return last_thread_; }
  bool in_runtime_block() const { return rts_; }  // the block that started last is the runtime's

 private:
  const Image& img_;
  std::vector<uint32_t> by_thread_;  // thread id → closure point
  uint32_t last_thread_ = 0;
  bool rts_ = false;
  uint32_t& slot(uint32_t thread) {
    if (thread >= by_thread_.size()) by_thread_.resize(thread + 1);
    return by_thread_[thread];
  }
};

}  // namespace stgvm
