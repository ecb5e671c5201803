// The machine as the runtime library's code sees it: its registers at their home in linear
// memory (layout::kRegTable, R0…R255 at layout::kRegR), the views of the runtime's state
// (allocators, threads, collector) and the operations every RTS routine needs: pushing onto
// the running stack, allocating on the heap (which may collect), growing the stack.
//
// Expected failures are outcomes, never exceptions (the runtime also builds for wasm32 with
// none): an operation that cannot be done returns the Haskell exception the running thread
// must now raise (StackOverflow, HeapOverflow), and its caller raises it. The interpreter
// uses the same register words directly, so nothing is copied between the two.
#pragma once
#include <cstdint>
#include <vector>

#include "runtime/block_heap.h"
#include "runtime/closures.h"
#include "runtime/collector.h"
#include "runtime/stable_ptrs.h"
#include "runtime/threads.h"

namespace stgvm {

class CFinalizerCaller;

// What an RTS routine returns: the block the running thread continues at, or one of these.
constexpr uint32_t kBlockDone = 0;              // the thread finished
constexpr uint32_t kBlockSwitch = 0xFFFFFFFFu;  // it was suspended or blocked: run another
constexpr uint32_t kBlockSnapshot = 0xFFFFFFFEu;  // stop the machine for a snapshot

// The --stats counters: host-side by design (they observe the machine; only
// getThreadAllocationCounter# reads one).
struct VmStats {
  uint64_t steps = 0;          // code blocks entered
  uint64_t allocated = 0;      // heap bytes allocated
  uint64_t gcs = 0;
  uint64_t max_heap = 0;       // bytes live after the largest GC (or allocated if none)
  uint64_t max_stack = 0;      // deepest stack use in bytes
  uint64_t max_large = 0;      // most bytes live in the non-moving space after a GC
};

class Machine {
 public:
  Machine(Memory& m, BlockHeap& los, StablePtrTable& stable, Threads& thr, Collector& gc, VmStats& stats);

  Memory& m;
  BlockHeap& los;
  StablePtrTable& stable;
  Threads& thr;
  Collector& gc;
  VmStats& stats;

  // The registers, as references to their words in memory (u32 registers are the low half
  // of their slot). `cur` is the running TSO (layout::kCurrentTso).
  uint32_t &Sp, &SpLim, &Hp, &HpLim, &stack_lo, &stack_hi, &main_stack_hi, &mask, &cur;
  uint64_t* const R;
  // Calls C finalizers (runtime/finalizers.h): the executor's (none: they are not run).
  CFinalizerCaller* cfin = nullptr;

  uint32_t info(layout::RtsInfo i) const { return rts_info(m, i); }
  uint32_t closure(layout::RtsClosure c) const { return m.load32(layout::kRtsClosureTable + 4 * c); }
  uint32_t static_end() const { return gc.static_end(); }
  uint64_t stack_limit() const { return m.load32(layout::reg_addr(layout::kRegStackLimit)); }
  bool is_main_thread(uint32_t tso) const { return thr.word(tso, layout::kTsoId) == 1; }
  // The virtual clock, in ns: 10 per code block executed, plus the time skipped while every
  // thread slept (what getMonotonicNSec and delay# see; deterministic).
  static constexpr uint64_t kNsPerStep = 10;
  uint64_t now_ns() const { return stats.steps * kNsPerStep + m.load64(layout::reg_addr(layout::kRegClockSkipped)); }

  // The exception the running thread gets for a full stack or heap (fatal if the program
  // has no such closure, or keeps overflowing the heap).
  uint32_t stack_overflow() const;
  uint32_t heap_overflow();

  // Room for `words` more words below Sp, growing the stack (to a bigger block) if needed.
  // 0, or the exception to raise; the stack is unchanged then (never half a frame).
  uint32_t reserve_stack(uint32_t words) { return Sp - 8 * words < SpLim ? grow_stack(8 * words) : 0; }
  uint32_t grow_stack(uint32_t need);
  // Pushes onto room reserved before.
  void push(uint64_t v) {
    Sp -= 8;
    m.store64(Sp, v);
    note_stack();
  }
  void note_stack() {
    if (stack_hi - Sp > stats.max_stack) stats.max_stack = stack_hi - Sp;
  }

  // Heap allocation; the memory comes zeroed. `roots` are the words (the caller's registers,
  // in memory or not) holding heap pointers that must survive a collection: they go to the
  // STG stack in spill frames meanwhile and come back updated.
  struct Alloc {
    uint32_t addr = 0;
    uint32_t raise = 0;  // addr == 0: the exception to raise instead
  };
  Alloc alloc(uint32_t bytes, uint64_t* const* roots = nullptr, uint32_t nroots = 0);
  // Whether `bytes` (rounded up to words, as alloc rounds them) fit without a collection.
  bool fits(uint32_t bytes) const { return uint64_t(Hp) + ((uint64_t(bytes) + 7) & ~7ull) <= HpLim; }
  // In the non-moving space (pinned and large objects); `align` applies to the payload after
  // the array header.
  Alloc alloc_large(uint32_t bytes, uint32_t align, uint64_t* const* roots = nullptr, uint32_t nroots = 0);
  // A collection making room for `need` heap bytes, with `regs` spilled around it. 0, or the
  // exception to raise. With `unreachable` (a major collection the program asked for), the
  // blocked threads nothing alive can wake are listed there, oldest first, as
  // collect_deadlocked does; the running thread is a root.
  uint32_t collect(uint32_t need, uint64_t* const* regs, uint32_t n, std::vector<uint32_t>* unreachable = nullptr);
  // Nothing can run: a collection that lists, oldest first, the blocked threads nothing
  // alive can wake (Collector::collect's `deadlocked`). The running thread has stopped.
  void collect_deadlocked(std::vector<uint32_t>& threads);

 private:
  uint32_t collect_heap(uint32_t need, std::vector<uint32_t>* deadlocked = nullptr);  // roots: linear memory only
};

}  // namespace stgvm
