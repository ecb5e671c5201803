// Thread stacks and thread creation, over linear memory. The main thread's stack starts in the
// stack region, forked threads' in small blocks of the non-moving space; a full stack moves
// to a block twice its size (frames hold no stack addresses, so moving is a copy) up to the
// -K limit, past which the thread gets StackOverflow.
#pragma once
#include <cstdint>

#include "runtime/block_heap.h"
#include "runtime/threads.h"

namespace stgvm {

constexpr uint32_t kForkedStackBytes = 4u << 10;  // a forked thread's first stack

// A new thread that will apply `io` to the State# token: a TSO in the non-moving space with
// the next thread id, the stack [lo, hi) (lo == 0: a fresh kForkedStackBytes block) holding
// a STOP frame, queued to run. 0 if memory cannot grow for it.
uint32_t create_thread(Memory& m, BlockHeap& los, Threads& thr, uint64_t io, uint32_t lo = 0, uint32_t hi = 0);
// (Re)starts `tso` on its stack, empty but for a STOP frame: it will apply `io` to the
// State# token.
void start_thread(Memory& m, Threads& thr, uint32_t tso, uint64_t io);

struct StackGrowth {
  enum Outcome { Grown, Overflow, NoMemory } outcome = Grown;
  uint32_t sp = 0;  // the stack pointer on the new stack (the TSO has its new bounds)
};
// Makes room for `need` more bytes below `sp` on `tso`'s stack (which ends at its
// kTsoStackHi), keeping kStackReserveWords of headroom, within `limit` bytes in all.
StackGrowth grow_stack(Memory& m, BlockHeap& los, Threads& thr, uint32_t tso, uint32_t sp, uint32_t need,
                       uint64_t limit);

}  // namespace stgvm
