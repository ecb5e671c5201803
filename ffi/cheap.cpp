// CHeap: the C malloc family over the runtime's in-memory block allocator (foreign.h).
// First fit by address, 16-byte aligned blocks, neighbours coalesce; realloc grows or
// shrinks in place when it can, else moves.
#include <cstring>

#include "ffi/foreign.h"

namespace stgvm {

void CHeap::init(uint32_t base, uint32_t size) {
  h_.init(BlockHeap::kFirstFit);
  uint32_t lo = (base + 15) & ~15u;
  uint32_t hi = uint32_t((uint64_t(base) + size) & ~uint64_t(15));
  if (hi > lo) h_.add_chunk(lo, hi - lo);
}

uint32_t CHeap::malloc(uint64_t n) { return h_.alloc(n ? n : 1); }

uint32_t CHeap::calloc(uint64_t n, uint64_t size) {
  if (size != 0 && n > UINT64_MAX / size) return 0;
  uint32_t p = malloc(n * size);
  if (p) std::memset(m_.span(p, h_.usable_bytes(p)), 0, h_.usable_bytes(p));
  return p;
}

void CHeap::free(uint32_t p) {
  if (h_.is_block(p)) h_.free(p);
}

uint32_t CHeap::realloc(uint32_t p, uint64_t n) {
  if (p == 0) return malloc(n);
  if (!h_.is_block(p)) return 0;
  if (n == 0) {
    h_.free(p);
    return 0;
  }
  if (h_.resize_in_place(p, n)) return p;
  uint32_t old = h_.usable_bytes(p);
  uint32_t q = malloc(n);
  if (q == 0) return 0;
  std::memmove(m_.span(q, old < n ? old : n), m_.span(p, old < n ? old : n), old < n ? old : n);
  h_.free(p);
  return q;
}

}  // namespace stgvm
