// The stable-pointer table, in linear memory (layout::kStablePtrState describes it). A
// StablePtr# is an entry index + 1; an entry holds the object's address, or, when free,
// (next free StablePtr# << 1) | 1. The table itself is a block of the non-moving space that
// doubles when full; the collector marks it and updates its live entries.
#pragma once
#include <cstdint>

#include "runtime/block_heap.h"

namespace stgvm {

class StablePtrTable {
 public:
  StablePtrTable(Memory& m, BlockHeap& space, uint32_t state = layout::kStablePtrState)
      : m_(m), space_(space), s_(state) {}
  void init();
  // A new stable pointer to `p`; 0 if the table must grow and the space has no room (the
  // caller makes room in the space and asks again).
  uint64_t make(uint64_t p);
  bool valid(uint64_t sp) const;
  uint64_t deref(uint64_t sp) const { return m_.load64(table() + 8 * uint32_t(sp - 1)); }
  void free(uint64_t sp);  // ignores anything that is not a live stable pointer
  uint32_t table() const { return uint32_t(m_.load64(s_)); }
  // Collector: f(address of a live entry) for each live entry.
  template <class F>
  void for_each_live_entry(F f) const {
    uint32_t t = table(), used = uint32_t(m_.load64(s_ + 16));
    for (uint32_t i = 0; i < used; ++i)
      if (!(m_.load64(t + 8 * i) & 1)) f(t + 8 * i);
  }

 private:
  Memory& m_;
  BlockHeap& space_;
  uint32_t s_;
};

}  // namespace stgvm
