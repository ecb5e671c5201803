// CHeap: alignment, first fit, coalescing, exhaustion, realloc, determinism, and a
// randomized run checked against a model of live blocks. Every block carries the runtime
// allocator's 16-byte header (runtime/block_heap.h), which lives in linear memory too.
#include <map>
#include <random>

#include "ffi_test_util.h"

namespace stgvm::test {
namespace {

class CHeapTest : public ::testing::Test {
 protected:
  CHeapTest() : mem(kMemBytes, kMemBytes), heap(mem, kHeap, kHeapSize) {}
  Memory mem;
  CHeap heap;
};

TEST_F(CHeapTest, AlignedUniqueNonNull) {
  uint32_t a = heap.malloc(0), b = heap.malloc(0), c = heap.malloc(1), d = heap.malloc(17);
  for (uint32_t p : {a, b, c, d}) {
    EXPECT_NE(p, 0u);
    EXPECT_EQ(p % 16, 0u);
    EXPECT_GE(p, kHeap);
    EXPECT_LT(p, kHeap + kHeapSize);
  }
  EXPECT_EQ(a, kHeap + 16);
  EXPECT_EQ(b, a + 32);  // 16 usable bytes after a 16-byte header
  EXPECT_EQ(c, b + 32);
  EXPECT_EQ(heap.block_size(d), 32u);
  EXPECT_EQ(heap.block_size(d + 16), 0u);
  EXPECT_EQ(heap.live_blocks(), 4u);
  EXPECT_EQ(heap.live_bytes(), 32u + 32 + 32 + 48);
}

TEST_F(CHeapTest, UnalignedBaseIsRoundedUp) {
  CHeap h(mem, kHeap + 4, 4096, layout::kCHeapState + 0x1000);
  EXPECT_EQ(h.malloc(8), kHeap + 32);
}

TEST_F(CHeapTest, FirstFitReusesLowestHole) {
  uint32_t a = heap.malloc(64), b = heap.malloc(64), c = heap.malloc(64), d = heap.malloc(64);
  heap.free(a);
  heap.free(c);
  EXPECT_EQ(heap.malloc(16), a);       // lowest hole, split
  EXPECT_EQ(heap.malloc(16), a + 32);  // the rest of it
  EXPECT_EQ(heap.malloc(64), c);
  (void)b, (void)d;
}

TEST_F(CHeapTest, FreeCoalescesNeighbours) {
  uint32_t a = heap.malloc(32), b = heap.malloc(32), c = heap.malloc(32), guard = heap.malloc(16);
  heap.free(a);
  heap.free(c);
  heap.free(b);  // joins a, b and c into one 144-byte hole
  EXPECT_EQ(heap.malloc(128), a);
  (void)guard;
}

TEST_F(CHeapTest, FreeingEverythingStartsAgainAtTheBeginning) {
  uint32_t a = heap.malloc(100);
  uint32_t b = heap.malloc(100);
  heap.free(b);
  heap.free(a);
  EXPECT_EQ(heap.live_blocks(), 0u);
  EXPECT_EQ(heap.live_bytes(), 0u);
  EXPECT_EQ(heap.malloc(1000), a);
}

TEST_F(CHeapTest, Exhaustion) {
  CHeap h(mem, kHeap, 256, layout::kCHeapState + 0x1000);  // 240 bytes before the fence
  EXPECT_EQ(h.malloc(257), 0u);
  uint32_t a = h.malloc(160);
  EXPECT_NE(a, 0u);
  EXPECT_EQ(h.malloc(64), 0u);
  EXPECT_NE(h.malloc(48), 0u);
  EXPECT_EQ(h.malloc(1), 0u);
  EXPECT_EQ(heap.malloc(UINT64_MAX), 0u);
  EXPECT_EQ(heap.malloc(uint64_t(1) << 33), 0u);
}

TEST_F(CHeapTest, CallocZeroes) {
  uint32_t a = heap.malloc(64);
  std::memset(mem.span(a, 64), 0xAB, 64);
  heap.free(a);
  uint32_t b = heap.calloc(4, 16);
  EXPECT_EQ(b, a);
  for (uint32_t i = 0; i < 64; ++i) EXPECT_EQ(mem.load8(b + i), 0);
  EXPECT_EQ(heap.calloc(UINT64_MAX / 2, 3), 0u);  // overflow
  EXPECT_NE(heap.calloc(0, 5), 0u);
}

TEST_F(CHeapTest, Realloc) {
  uint32_t a = heap.realloc(0, 10);  // realloc(NULL, n) = malloc(n)
  EXPECT_EQ(a, kHeap + 16);
  for (uint32_t i = 0; i < 16; ++i) mem.store8(a + i, uint8_t(i + 1));
  // Grow in place into the free space after it.
  EXPECT_EQ(heap.realloc(a, 40), a);
  EXPECT_EQ(heap.block_size(a), 48u);
  uint32_t b = heap.malloc(16);
  // Grow when the block cannot extend: it moves, contents preserved.
  uint32_t a2 = heap.realloc(a, 100);
  EXPECT_NE(a2, a);
  for (uint32_t i = 0; i < 16; ++i) EXPECT_EQ(mem.load8(a2 + i), i + 1);
  EXPECT_EQ(heap.block_size(a), 0u);
  // Shrink in place; the cut-off part is reusable.
  EXPECT_EQ(heap.realloc(a2, 16), a2);
  EXPECT_EQ(heap.block_size(a2), 16u);
  // Grow in place again: the cut-off part went back to the free space after it.
  EXPECT_EQ(heap.realloc(a2, 64), a2);
  // realloc(p, 0) frees.
  EXPECT_EQ(heap.realloc(b, 0), 0u);
  EXPECT_EQ(heap.block_size(b), 0u);
  // Unknown pointer / impossible size: 0, nothing changes.
  EXPECT_EQ(heap.realloc(a2 + 16, 8), 0u);
  EXPECT_EQ(heap.realloc(a2, uint64_t(1) << 40), 0u);
  EXPECT_EQ(heap.block_size(a2), 64u);
}

TEST_F(CHeapTest, ReallocGrowsIntoTheFollowingHole) {
  uint32_t x = heap.malloc(32), y = heap.malloc(64), z = heap.malloc(16);
  heap.free(y);
  EXPECT_EQ(heap.realloc(x, 64), x);  // takes 32 of the hole's 80 bytes
  EXPECT_EQ(heap.block_size(x), 64u);
  EXPECT_EQ(heap.malloc(32), y + 32);  // the rest of the hole
  uint32_t x2 = heap.realloc(x, 96);   // blocked by the new block: moves
  EXPECT_NE(x2, x);
  EXPECT_EQ(heap.realloc(x2, 96), x2);
  (void)z;
}

TEST_F(CHeapTest, FreeOfUnknownPointerIsIgnored) {
  uint32_t a = heap.malloc(32);
  heap.free(0);
  heap.free(a + 16);
  EXPECT_EQ(heap.live_blocks(), 1u);
  heap.free(a);
  heap.free(a);  // double free: ignored here (the free shim reports it)
  EXPECT_EQ(heap.live_blocks(), 0u);
}

// The allocator keeps nothing on the host: a second view of the same memory sees the same
// heap and continues it.
TEST_F(CHeapTest, StateLivesInLinearMemory) {
  uint32_t a = heap.malloc(40);
  CHeap view(mem);
  EXPECT_EQ(view.block_size(a), 48u);
  uint32_t b = view.malloc(8);
  EXPECT_EQ(heap.block_size(b), 16u);
  EXPECT_EQ(heap.live_blocks(), 2u);
}

// Random operations: blocks never overlap, stay inside the region, keep their contents, and
// the same sequence yields the same addresses.
TEST_F(CHeapTest, RandomizedAgainstModel) {
  auto run = [&](CHeap& h, std::vector<uint32_t>& trace) {
    std::mt19937_64 rng(42);
    std::map<uint32_t, std::pair<uint32_t, uint8_t>> live;  // addr → (requested size, fill byte)
    for (int step = 0; step < 20000; ++step) {
      int op = int(rng() % 10);
      if (op < 5 || live.empty()) {
        uint32_t n = uint32_t(rng() % (rng() % 8 == 0 ? 8192 : 128));
        uint32_t p = h.malloc(n);
        trace.push_back(p);
        if (!p) continue;
        ASSERT_EQ(p % 16, 0u);
        ASSERT_GE(p, kHeap);
        ASSERT_LE(uint64_t(p) + n, uint64_t(kHeap) + kHeapSize);
        auto next = live.lower_bound(p);
        if (next != live.end()) {
          ASSERT_LE(uint64_t(p) + std::max(n, 1u), next->first);
        }
        if (next != live.begin()) {
          auto prev = std::prev(next);
          ASSERT_LE(uint64_t(prev->first) + std::max(prev->second.first, 1u), p);
        }
        uint8_t fill = uint8_t(rng());
        if (n) std::memset(mem.span(p, n), fill, n);
        live[p] = {n, fill};
      } else {
        auto it = live.begin();
        std::advance(it, long(rng() % live.size()));
        for (uint32_t i = 0; i < it->second.first; ++i) ASSERT_EQ(mem.load8(it->first + i), it->second.second);
        if (op < 8) {
          h.free(it->first);
          live.erase(it);
        } else {
          uint32_t n = uint32_t(rng() % 512) + 1;
          auto [old, fill] = it->second;
          uint32_t addr = it->first;
          live.erase(it);
          uint32_t q = h.realloc(addr, n);
          trace.push_back(q);
          ASSERT_NE(q, 0u);
          for (uint32_t i = 0; i < std::min(old, n); ++i) ASSERT_EQ(mem.load8(q + i), fill);
          if (n > old) std::memset(mem.span(q + old, n - old), fill, n - old);
          live[q] = {n, fill};
        }
      }
    }
  };
  std::vector<uint32_t> t1, t2;
  CHeap h1(mem, kHeap, kHeapSize);
  run(h1, t1);
  CHeap h2(mem, kHeap, kHeapSize);
  run(h2, t2);
  EXPECT_EQ(t1, t2);
}

}  // namespace
}  // namespace stgvm::test
