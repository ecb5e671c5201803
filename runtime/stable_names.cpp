// The stable-name table (see stable_names.h).
#include "runtime/stable_names.h"

#include <cstring>

namespace stgvm {

uint32_t StableNameTable::lookup(uint64_t p) const {
  uint64_t n = slots();
  if (!n) return 0;
  uint32_t h = hash();
  for (uint64_t s = slot_of(p, n);; s = (s + 1) & (n - 1)) {
    uint32_t i = m_.load32(h + 4 * uint32_t(s));
    if (!i) return 0;
    if (m_.load64(entry(i)) == p) return i;
  }
}

void StableNameTable::hash_insert(uint64_t p, uint32_t i) {
  uint64_t n = slots();
  uint32_t h = hash();
  uint64_t s = slot_of(p, n);
  while (m_.load32(h + 4 * uint32_t(s))) s = (s + 1) & (n - 1);
  m_.store32(h + 4 * uint32_t(s), i);
}

void StableNameTable::rehash() {
  uint32_t h = hash();
  std::memset(m_.span(h, 4 * slots()), 0, size_t(4 * slots()));
  // Newest entry first: two entries can come to name one object (one made for a thunk, one
  // for its value, merged when the collector removes the indirection), and GHC's hash table
  // then finds the newer one.
  for (uint32_t i = used(); i-- > 1;) {
    uint32_t e = entry(i);
    uint64_t addr = m_.load64(e);
    if (m_.load64(e + 8) && addr) hash_insert(addr, i);
  }
}

uint32_t StableNameTable::insert(uint64_t p) {
  if (!free_head() && used() == capacity()) {
    // Grow: entries doubled (GHC starts with 64), the hash table at twice the entries so it
    // stays at most half full.
    uint64_t cap = capacity(), ncap = cap ? 2 * cap : 64;
    if (ncap > 0x00FFFFFF) fatal("too many stable names");
    uint32_t t = space_.alloc(16 * ncap);
    if (!t) return 0;
    uint32_t h = space_.alloc(4 * 2 * ncap);
    if (!h) {
      space_.free(t);
      return 0;
    }
    if (cap) {
      std::memcpy(m_.span(t, 16 * cap), m_.span(entries(), 16 * cap), size_t(16 * cap));
      space_.free(entries());
      space_.free(hash());
    } else {
      m_.store64(t, 0);  // entry 0, never used
      m_.store64(t + 8, 0);
      m_.store64(s_ + 16, 1);
    }
    m_.store64(s_, t);
    m_.store64(s_ + 8, ncap);
    m_.store64(s_ + 32, h);
    m_.store64(s_ + 40, 2 * ncap);
    rehash();
  }
  uint32_t i;
  if (uint64_t f = free_head()) {  // the most recently freed entry, as GHC's free list
    i = uint32_t(f);
    set_free_head(m_.load64(entry(i)));
  } else {
    i = used();
    m_.store64(s_ + 16, i + 1);
  }
  m_.store64(entry(i), p);
  m_.store64(entry(i) + 8, 0);
  hash_insert(p, i);
  return i;
}

}  // namespace stgvm
