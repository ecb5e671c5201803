// Thread stacks and thread creation (runtime/stacks.h).
#include "runtime/stacks.h"

#include <algorithm>
#include <cstring>

#include "runtime/closures.h"

namespace stgvm {

namespace L = layout;

void start_thread(Memory& m, Threads& thr, uint32_t tso, uint64_t io) {
  uint32_t sp = thr.half(tso, L::kTsoStackHi) - 8;
  m.store64(sp, rts_info(m, L::kStopFrameInfo));
  thr.set_word(tso, L::kTsoSp, sp);
  thr.save_resume(tso, Resume::Apply, 2, io, 0, 1);  // io and the State# token
}

uint32_t create_thread(Memory& m, BlockHeap& los, Threads& thr, uint64_t io, uint32_t lo, uint32_t hi) {
  uint32_t tso = los.alloc_growing(L::kTsoBytes);
  if (!tso) return 0;
  if (!lo) {
    lo = los.alloc_growing(kForkedStackBytes);
    if (!lo) {
      los.free(tso);
      return 0;
    }
    hi = lo + kForkedStackBytes;
  }
  uint64_t id = m.load64(L::kNextThreadId) + 1;
  m.store64(L::kNextThreadId, id);
  std::memset(m.span(tso, L::kTsoBytes), 0, L::kTsoBytes);
  m.store64(tso, rts_info(m, L::kTsoInfo));
  thr.set_word(tso, L::kTsoId, id);
  thr.set_half(tso, L::kTsoStackLo, lo);
  thr.set_half(tso, L::kTsoStackHi, hi);
  start_thread(m, thr, tso, io);
  thr.set_state(tso, ThreadState::Runnable);
  thr.add_unfinished(tso);
  thr.make_runnable(tso);
  return tso;
}

StackGrowth grow_stack(Memory& m, BlockHeap& los, Threads& thr, uint32_t tso, uint32_t sp, uint32_t need,
                       uint64_t limit) {
  StackGrowth g;
  uint32_t old_lo = thr.half(tso, L::kTsoStackLo), hi = thr.half(tso, L::kTsoStackHi);
  uint64_t size = hi - old_lo, used = hi - sp;
  uint64_t want = used + need + 8 * L::kStackReserveWords;
  if (want > limit) {
    g.outcome = StackGrowth::Overflow;
    return g;
  }
  uint64_t next = std::min(limit, std::max(2 * size, want));
  next = (next + 15) & ~uint64_t(15);
  uint32_t lo = los.alloc_growing(next);
  if (!lo) {
    g.outcome = StackGrowth::NoMemory;
    return g;
  }
  uint32_t new_hi = lo + uint32_t(next);
  std::memmove(m.span(new_hi - uint32_t(used), uint32_t(used)), m.span(sp, uint32_t(used)), used);
  if (los.is_block(old_lo)) los.free(old_lo);  // (the main thread's first stack is no block)
  thr.set_half(tso, L::kTsoStackLo, lo);
  thr.set_half(tso, L::kTsoStackHi, new_hi);
  g.sp = new_hi - uint32_t(used);
  return g;
}

}  // namespace stgvm
