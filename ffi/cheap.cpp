// CHeap: the C malloc family inside linear memory (foreign.h). Deterministic first-fit with
// coalescing: blocks are multiples of 16 bytes at 16-byte aligned addresses; a request is
// served by the lowest-addressed free block that fits (split if larger), else from the
// untouched tail; freed blocks merge with free neighbours and give the tail back.
#include <algorithm>

#include "ffi/foreign.h"

namespace stgvm {

namespace {
constexpr uint32_t kAlign = 16;
uint64_t round_up(uint64_t n) { return (n + kAlign - 1) & ~uint64_t(kAlign - 1); }

using Block = std::pair<uint32_t, uint32_t>;
// Position of the block at `addr` in a vector sorted by address, or end().
std::vector<Block>::iterator find_block(std::vector<Block>& v, uint32_t addr) {
  auto it = std::lower_bound(v.begin(), v.end(), Block{addr, 0},
                             [](const Block& a, const Block& b) { return a.first < b.first; });
  return (it != v.end() && it->first == addr) ? it : v.end();
}
void insert_sorted(std::vector<Block>& v, Block b) {
  auto it = std::lower_bound(v.begin(), v.end(), b, [](const Block& x, const Block& y) { return x.first < y.first; });
  v.insert(it, b);
}
}  // namespace

uint32_t CHeap::malloc(uint64_t n) {
  const uint64_t start = round_up(base_);
  const uint64_t end = uint64_t(base_) + size_;
  if (start >= end || n > end - start) return 0;
  const uint64_t sz = std::max<uint64_t>(kAlign, round_up(n));
  // First fit among freed blocks (lowest address first).
  for (size_t i = 0; i < free_.size(); ++i) {
    if (free_[i].second >= sz) {
      uint32_t addr = free_[i].first;
      if (free_[i].second == sz) {
        free_.erase(free_.begin() + ptrdiff_t(i));
      } else {
        free_[i].first += uint32_t(sz);
        free_[i].second -= uint32_t(sz);
      }
      insert_sorted(used_, {addr, uint32_t(sz)});
      return addr;
    }
  }
  // The untouched tail.
  uint64_t addr = start + bump_;
  if (addr + sz > end) return 0;
  bump_ += uint32_t(sz);
  insert_sorted(used_, {uint32_t(addr), uint32_t(sz)});
  return uint32_t(addr);
}

uint32_t CHeap::calloc(Memory& m, uint64_t n, uint64_t size) {
  if (size != 0 && n > UINT64_MAX / size) return 0;
  uint64_t total = n * size;
  uint32_t p = malloc(total);
  if (p) {
    uint32_t sz = block_size(p);
    std::memset(m.span(p, sz), 0, sz);
  }
  return p;
}

void CHeap::free(uint32_t p) {
  if (p == 0) return;
  auto it = find_block(used_, p);
  if (it == used_.end()) return;
  Block b = *it;
  used_.erase(it);
  // Coalesce with the free neighbours.
  auto next = std::lower_bound(free_.begin(), free_.end(), b,
                               [](const Block& x, const Block& y) { return x.first < y.first; });
  if (next != free_.end() && b.first + b.second == next->first) {
    b.second += next->second;
    next = free_.erase(next);
  }
  if (next != free_.begin()) {
    auto prev = next - 1;
    if (prev->first + prev->second == b.first) {
      b.first = prev->first;
      b.second += prev->second;
      next = free_.erase(prev);
    }
  }
  // A free block that reaches the tail gives its bytes back to the tail.
  const uint64_t start = round_up(base_);
  if (uint64_t(b.first) + b.second == start + bump_) {
    bump_ -= b.second;
    return;
  }
  free_.insert(next, b);
}

uint32_t CHeap::realloc(Memory& m, uint32_t p, uint64_t n) {
  if (p == 0) return malloc(n);
  auto it = find_block(used_, p);
  if (it == used_.end()) return 0;
  if (n == 0) {
    free(p);
    return 0;
  }
  const uint64_t start = round_up(base_);
  const uint64_t end = uint64_t(base_) + size_;
  if (n > end - start) return 0;
  const uint64_t sz = std::max<uint64_t>(kAlign, round_up(n));
  const uint32_t old = it->second;
  if (sz <= old) {  // shrink in place; the rest becomes free
    if (old - sz >= kAlign) {
      it->second = uint32_t(sz);
      // Give the rest back through free() so it coalesces: register it as a used block first.
      insert_sorted(used_, {uint32_t(p + sz), uint32_t(old - sz)});
      free(uint32_t(p + sz));
    }
    return p;
  }
  const uint64_t need = sz - old;
  const uint64_t after = uint64_t(p) + old;
  // Grow in place into an adjacent free block …
  auto nf = find_block(free_, uint32_t(after));
  if (after <= 0xFFFFFFFFull && nf != free_.end() && nf->second >= need) {
    if (nf->second == need) {
      free_.erase(nf);
    } else {
      nf->first += uint32_t(need);
      nf->second -= uint32_t(need);
    }
    find_block(used_, p)->second = uint32_t(sz);
    return p;
  }
  // … or into the tail.
  if (after == start + bump_ && after + need <= end) {
    bump_ += uint32_t(need);
    it->second = uint32_t(sz);
    return p;
  }
  uint32_t q = malloc(n);
  if (q == 0) return 0;
  std::memmove(m.span(q, old), m.span(p, old), old);
  free(p);
  return q;
}

uint32_t CHeap::block_size(uint32_t p) const {
  auto it = std::lower_bound(used_.begin(), used_.end(), Block{p, 0},
                             [](const Block& a, const Block& b) { return a.first < b.first; });
  return (it != used_.end() && it->first == p) ? it->second : 0;
}

uint64_t CHeap::live_bytes() const {
  uint64_t s = 0;
  for (auto& b : used_) s += b.second;
  return s;
}

}  // namespace stgvm
