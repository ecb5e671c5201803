// The copying collector (Cheney) over two semispaces, part of the runtime library: plain code
// over linear memory, its state in the runtime page (layout::kGcState), compiled for the
// host and for wasm32 alike.
//
// Roots are in linear memory only: every unfinished thread (its TSO and stack; the running
// thread's Sp must be saved in its TSO first), the closures the runtime raises or runs, the
// static reference table of the block that asked for the collection, the stable-pointer
// table, the weak-pointer list and the dead weaks whose finalizers wait to run. Objects
// outside from-space never move: the static image, and the non-moving space, whose objects
// are marked when reached, scavenged in place and swept into its free list when not.
// CAFs are kept as GHC keeps them: through the static reference tables (lower/srt.cpp) of
// the code that can still enter them — of every closure, frame and static closure reached —
// so a CAF no live code refers to is not a root, and its value is collected.
// Deterministic: the traversal order is fixed.
//
// State (layout::kGcStateBytes): +0 allocation area lo u32 | +4 semispace bytes u32 | +8 spare
// semispace lo u32 | +12 spare bytes u32 | +16 grow next u32 | +20 heap overflows u32 | +24
// non-moving bytes allocated since the last collection u64 | +32 live-heap limit (-M, 0: none)
// u64 | +40 static end u32 | +44 static reference tables (one u32 per block) u32 | +48 their
// block count u32 | +52 bitmap of the CAF-reaching static closures u32 | +56 its end u32.
#pragma once
#include <cstdint>
#include <vector>

#include "runtime/block_heap.h"
#include "runtime/stable_ptrs.h"
#include "runtime/threads.h"

namespace stgvm {

class Collector {
 public:
  Collector(Memory& m, BlockHeap& los, StablePtrTable& stable, Threads& thr, uint32_t state = layout::kGcState)
      : m_(m), los_(los), stable_(stable), thr_(thr), s_(state) {}
  // Two semispaces of `semi_bytes` from `heap_lo`, the first one the allocation area.
  void init(uint32_t heap_lo, uint32_t semi_bytes, uint32_t static_end, uint64_t max_heap);
  // The static reference tables (all 0: static closures are never followed).
  void set_static_tables(const layout::StaticTables& t) {
    set32(kSrtTable, t.table), set32(kSrtBlocks, t.blocks), set32(kRelevant, t.relevant), set32(kRelevantEnd, t.relevant_end);
  }

  uint32_t area_lo() const { return get32(kFromLo); }
  uint32_t area_end() const { return get32(kFromLo) + get32(kSemiBytes); }
  uint32_t semi_bytes() const { return get32(kSemiBytes); }
  template <bool kObservable = true>  // objects below it never move
  uint32_t static_end() const { return m_.load32_as<kObservable>(s_ + kStaticEnd); }

  struct Result {
    uint32_t hp = 0;       // the allocation pointer afterwards (area_lo() ≤ hp ≤ area_end())
    uint64_t live = 0;     // bytes live in the semispace and the non-moving space
    bool overflow = false; // `need` bytes do not fit, or live data is over the limit: the
                           // program gets HeapOverflow (if memory could not even grow, hp is
                           // the old one and nothing was collected)
  };
  // Collects with `hp` the current allocation pointer, making room for `need` more bytes.
  // (`retry`: the second collection of one request, into a bigger semispace.)
  // With `deadlocked` (nothing can run: GHC's deadlock detection), only runnable threads are
  // roots; a blocked thread is alive when something alive can wake it (its MVar, the TVars
  // it waits on in retry, the BLACKHOLE or that thunk's owner, a ThreadId of it). The
  // others are kept anyway and listed in `deadlocked`, oldest first.
  // An observer of memory sees GcStart and GcEnd around it.
  Result collect(uint32_t hp, uint32_t need, bool retry = false, std::vector<uint32_t>* deadlocked = nullptr);

  // The collection schedule counts allocation in the non-moving space too.
  uint64_t los_since_gc() const { return m_.load64(s_ + kLosSinceGc); }
  void add_los_bytes(uint64_t n) { m_.store64(s_ + kLosSinceGc, los_since_gc() + n); }
  // HeapOverflows the program got since live data was last under the limit (each one comes
  // with more headroom so that handlers can run).
  uint32_t heap_overflows() const { return get32(kHeapOverflows); }
  // The live-heap limit now (-M plus 4 MiB of headroom per HeapOverflow so far; 0: none).
  uint64_t heap_limit() const {
    uint64_t max_heap = m_.load64(s_ + kMaxHeap);
    return max_heap ? max_heap + uint64_t(heap_overflows()) * (4u << 20) : 0;
  }
  void count_heap_overflow() { set32(kHeapOverflows, heap_overflows() + 1); }

 private:
  Result collect_once(uint32_t hp, uint32_t need, bool retry, std::vector<uint32_t>* deadlocked);
  enum : uint32_t {
    kFromLo = 0, kSemiBytes = 4, kSpareLo = 8, kSpareBytes = 12, kGrowNext = 16, kHeapOverflows = 20,
    kLosSinceGc = 24, kMaxHeap = 32, kStaticEnd = 40, kSrtTable = 44, kSrtBlocks = 48, kRelevant = 52,
    kRelevantEnd = 56
  };
  uint32_t get32(uint32_t f) const { return m_.load32(s_ + f); }
  void set32(uint32_t f, uint32_t v) { m_.store32(s_ + f, v); }
  bool in_from_space(uint64_t p) const { return p >= old_lo_ && p < uint64_t(old_lo_) + old_bytes_; }
  uint64_t evacuate(uint64_t p);
  uint64_t copy(uint32_t a, uint32_t info, uint32_t type);  // (info, type: the object's)
  uint64_t evacuate_selector(uint32_t thunk, uint32_t info);
  uint64_t selected(uint64_t thunk, uint32_t info, uint32_t depth);
  void evacuate_at(uint32_t at);  // the pointer stored at `at`, evacuated and updated
  // Static closures (GHC's evacuate_static_object / scavenge_static): a CAF-reaching one
  // reached for the first time is queued through its link word; scavenging it follows its
  // value (an evaluated CAF), its fields (a constructor) or its code's table.
  void mark_static(uint32_t p);
  uint32_t static_link(uint32_t p) const;
  void push_static(uint32_t& list, uint32_t p, uint32_t link);  // (link: static_link(p))
  uint32_t next_static(uint32_t link) const;                     // the next on p's list, or 0
  void scan_srt(uint32_t block);  // marks the static closures in `block`'s table
  void scavenge_static(uint32_t p);
  void clear_static_marks();
  uint32_t object_bytes(uint32_t a, uint32_t info, uint32_t type) const;
  uint32_t scavenge_object(uint32_t a);  // its size in bytes
  void scavenge_stack(uint32_t sp, uint32_t hi);
  void scavenge_tso(uint32_t tso);
  void scavenge_all();
  void begin_weaks();
  bool tidy_weaks();  // true if it found more keys reachable (scavenge, then tidy again)
  void end_weaks();
  bool alive(uint64_t p) const;  // (after scavenging) reached by this collection
  void find_deadlocked(std::vector<uint32_t>& out);

  Memory& m_;
  BlockHeap& los_;
  StablePtrTable& stable_;
  Threads& thr_;
  uint32_t s_;
  // One collection's working values (from-space, to-space allocation and scan pointers):
  // they exist only during collect().
  uint32_t old_lo_ = 0, old_bytes_ = 0, hp_ = 0, scan_ = 0, static_end_ = 0, raise_info_ = 0;
  uint32_t srt_table_ = 0, srt_blocks_ = 0, relevant_ = 0, relevant_end_ = 0, resume_info_ = 0;
  uint32_t static_todo_ = 0, static_done_ = 0;  // static closures reached: to scavenge, scavenged
  bool deadlock_ = false;  // blocked threads are not roots (collect's `deadlocked`)
  uint32_t dead_at_ = 0;   // the word ending the dead-weak list (layout::kDeadWeakHead's)
  uint32_t weak_live_ = 0; // weaks found alive (layout::kWeakListHead holds the rest meanwhile)
};

}  // namespace stgvm
