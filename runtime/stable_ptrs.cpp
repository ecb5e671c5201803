// The stable-pointer table (see stable_ptrs.h).
#include "runtime/stable_ptrs.h"

namespace stgvm {

void StablePtrTable::init() {
  for (uint32_t i = 0; i < 32; i += 8) m_.store64(s_ + i, 0);
}

bool StablePtrTable::valid(uint64_t sp) const {
  return sp >= 1 && sp <= m_.load64(s_ + 16) && !(m_.load64(table() + 8 * uint32_t(sp - 1)) & 1);
}

uint64_t StablePtrTable::make(uint64_t p) {
  uint64_t head = m_.load64(s_ + 24);
  if (head) {  // reuse the most recently freed entry
    uint32_t at = table() + 8 * uint32_t(head - 1);
    m_.store64(s_ + 24, m_.load64(at) >> 1);
    m_.store64(at, p);
    return head;
  }
  uint64_t cap = m_.load64(s_ + 8), used = m_.load64(s_ + 16);
  if (used == cap) {
    uint64_t ncap = cap ? 2 * cap : 64;
    if (ncap > 0x0FFFFFFF) fatal("too many stable pointers");
    uint32_t t = space_.alloc(8 * ncap);
    if (!t) return 0;
    if (cap) {
      std::memcpy(m_.span(t, 8 * cap), m_.span(table(), 8 * cap), size_t(8 * cap));
      space_.free(table());
    }
    m_.store64(s_, t);
    m_.store64(s_ + 8, ncap);
  }
  m_.store64(table() + 8 * uint32_t(used), p);
  m_.store64(s_ + 16, used + 1);
  return used + 1;
}

void StablePtrTable::free(uint64_t sp) {
  if (!valid(sp)) return;
  uint32_t at = table() + 8 * uint32_t(sp - 1);  // (one memory read per statement: runtime/trace.h)
  m_.store64(at, (m_.load64(s_ + 24) << 1) | 1);
  m_.store64(s_ + 24, sp);
}

}  // namespace stgvm
