// The stable-name table (GHC's rts/StableName.c), in linear memory (layout::kStableNameState
// describes it). Entry i (i ≥ 1; GHC never uses 0) holds the object's address and its
// STABLE_NAME object; a free entry has no object and holds the next free index in its address
// word. The address is weak: it becomes 0 when the object dies, and the entry is freed when
// its STABLE_NAME object dies. An open-addressed hash table (index per slot, 0: empty) finds
// the entry of an address; the collector rebuilds it, since objects move. Both tables are
// blocks of the non-moving space.
#pragma once
#include <cstdint>

#include "runtime/block_heap.h"

namespace stgvm {

class StableNameTable {
 public:
  StableNameTable(Memory& m, BlockHeap& space, uint32_t state = layout::kStableNameState)
      : m_(m), space_(space), s_(state) {}
  // The entry of the object at `p` (already followed through indirections), 0 if none.
  uint32_t lookup(uint64_t p) const;
  // A new entry for `p`, its STABLE_NAME object `sn_obj` (which holds the index); 0 if the
  // tables must grow and the space has no room (the caller makes room and asks again).
  uint32_t insert(uint64_t p);
  uint64_t object(uint32_t i) const { return m_.load64(entry(i) + 8); }
  void set_object(uint32_t i, uint64_t o) { m_.store64(entry(i) + 8, o); }
  // Bytes the next insert may need from the space (both tables doubled).
  uint64_t growth_bytes() const { return 32 * capacity() + 8 * slots() + 4096; }

  // Collector, after everything reachable has been found (GHC's gcStableNameTable and
  // updateStableNameTable): marks the tables' blocks, frees the entries whose STABLE_NAME
  // object died, updates the others (`alive(p)`: reached; `forward(&word)`: the word's
  // object's new address) and rebuilds the hash table.
  template <class Alive, class Forward>
  void after_collection(Alive alive, Forward forward) {
    if (!entries()) return;
    space_.mark(entries());
    space_.mark(hash());
    for (uint32_t i = 1; i < used(); ++i) {
      uint32_t e = entry(i);
      uint64_t obj = m_.load64(e + 8);
      if (!obj) continue;  // free
      if (!alive(obj)) {
        m_.store64(e + 8, 0);
        m_.store64(e, free_head());
        set_free_head(i);
        continue;
      }
      forward(e + 8);
      uint64_t addr = m_.load64(e);
      if (!addr) continue;
      if (alive(addr))
        forward(e);
      else
        m_.store64(e, 0);
    }
    rehash();
  }

 private:
  Memory& m_;
  BlockHeap& space_;
  uint32_t s_;
  // State: [entries address, capacity, entries used (index 0 included), free head, hash
  // address, hash slots] (u64 each; all 0: no table yet).
  uint32_t entries() const { return uint32_t(m_.load64(s_)); }
  uint64_t capacity() const { return m_.load64(s_ + 8); }
  uint32_t used() const { return uint32_t(m_.load64(s_ + 16)); }
  uint64_t free_head() const { return m_.load64(s_ + 24); }
  void set_free_head(uint64_t i) { m_.store64(s_ + 24, i); }
  uint32_t hash() const { return uint32_t(m_.load64(s_ + 32)); }
  uint64_t slots() const { return m_.load64(s_ + 40); }
  uint32_t entry(uint32_t i) const { return entries() + 16 * i; }
  static uint64_t slot_of(uint64_t p, uint64_t nslots) { return ((p >> 3) * 0x9E3779B1u) & (nslots - 1); }
  void hash_insert(uint64_t p, uint32_t i);
  void rehash();
};

}  // namespace stgvm
