// BlockHeap (runtime/block_heap.h): fit and alignment, exhaustion and new chunks, contiguous
// extension, mark / scan list / sweep with coalescing, free, resize in place, the policies,
// state that lives only in linear memory, determinism, and a randomized run against a
// host-side model. Built natively against GoogleTest and for wasm32-wasi (test_api.h).
#include "runtime/block_heap.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <iterator>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "test_api.h"

namespace stgvm {
namespace {

constexpr uint32_t kState = layout::kLosState;
constexpr uint32_t kH = BlockHeap::kHeader;  // 16

// A block's size for a request of `bytes`: the header plus the bytes rounded to 16, at least 32.
constexpr uint32_t block_for(uint32_t bytes) {
  uint32_t b = ((bytes + 15) & ~15u) + kH;
  return b < 32 ? 32 : b;
}

class BlockHeapTest : public ::testing::Test {
 protected:
  Memory mem{4u << 20, 4u << 20};
  BlockHeap heap{mem, kState};
  void SetUp() override { heap.init(BlockHeap::kBestFit); }
  std::vector<std::pair<uint32_t, uint32_t>> live() const {
    std::vector<std::pair<uint32_t, uint32_t>> v;
    heap.for_each_live([&](uint32_t u, uint32_t usable) { v.push_back({u, usable}); });
    return v;
  }
};

TEST_F(BlockHeapTest, AllocatesAlignedBlocksInsideChunks) {
  heap.add_chunk(0x100000, 0x10000);
  EXPECT_EQ(heap.chunk_bytes(), 0x10000u);
  uint32_t a = heap.alloc(100, 16, 16);
  ASSERT_NE(a, 0u);
  EXPECT_TRUE(heap.in_space(a));
  EXPECT_EQ(a % 16, 0u);
  EXPECT_GE(heap.usable_bytes(a), 100u);
  uint32_t b = heap.alloc(1000, 4096, 16);
  ASSERT_NE(b, 0u);
  EXPECT_EQ((b + 16) % 4096, 0u);  // skew 16: the word after a 16-byte object header is aligned
  EXPECT_GE(b - kH, a + heap.usable_bytes(a));  // no overlap with the first block
  uint32_t c = heap.alloc(64, 4096, 0);
  ASSERT_NE(c, 0u);
  EXPECT_EQ(c % 4096, 0u);
  for (uint32_t u : {a, b, c}) {
    EXPECT_TRUE(heap.is_block(u)) << u;
    EXPECT_GE(u - kH, 0x100000u);
    EXPECT_LE(u + heap.usable_bytes(u), 0x100000u + 0x10000u - kH);  // the fence stays last
  }
  EXPECT_EQ(heap.live_blocks(), 3u);
  EXPECT_EQ(heap.live_bytes(), uint64_t(block_for(100) + block_for(1000) + block_for(64)));
  EXPECT_TRUE(heap.in_space(0x100000));
  EXPECT_TRUE(heap.in_space(0x10FFFF));
  EXPECT_FALSE(heap.in_space(0x100000 + 0x10000));
  EXPECT_FALSE(heap.in_space(0xFFFFF));
}

TEST_F(BlockHeapTest, LiveBytesCountHeadersAndTheMinimumBlock) {
  heap.add_chunk(0x100000, 0x10000);
  uint32_t a = heap.alloc(100);
  EXPECT_EQ(heap.usable_bytes(a), 112u);
  EXPECT_EQ(heap.live_bytes(), 128u);
  uint32_t b = heap.alloc(0), c = heap.alloc(1), d = heap.alloc(17);
  EXPECT_EQ(heap.usable_bytes(b), 16u);
  EXPECT_EQ(heap.usable_bytes(c), 16u);
  EXPECT_EQ(heap.usable_bytes(d), 32u);
  EXPECT_EQ(heap.live_bytes(), 128u + 32u + 32u + 48u);
  EXPECT_EQ(heap.live_blocks(), 4u);
  heap.free(a);
  EXPECT_EQ(heap.live_bytes(), 32u + 32u + 48u);
  EXPECT_EQ(heap.live_blocks(), 3u);
}

TEST_F(BlockHeapTest, TooLargeRequestsReturnZero) {
  heap.add_chunk(0x100000, 0x10000);
  EXPECT_EQ(heap.alloc(0x10000), 0u);
  EXPECT_EQ(heap.alloc(0xFFFFFFFFull), 0u);
  EXPECT_EQ(heap.alloc(1ull << 40), 0u);
  EXPECT_EQ(heap.alloc(UINT64_MAX), 0u);  // must not wrap around to a small request
  EXPECT_EQ(heap.alloc(UINT64_MAX - 14), 0u);
  EXPECT_EQ(heap.live_blocks(), 0u);
  EXPECT_EQ(heap.alloc(0x10000 - 2 * kH), 0x100000u + kH);  // exactly everything but the fence
}

TEST_F(BlockHeapTest, ExhaustionReturnsZeroAndANewChunkHelps) {
  heap.add_chunk(0x100000, 0x1000);
  EXPECT_EQ(heap.alloc(0x2000), 0u);
  heap.add_chunk(0x200000, 0x4000);  // not contiguous: a second chunk
  EXPECT_EQ(heap.chunk_bytes(), 0x5000u);
  uint32_t a = heap.alloc(0x2000);
  EXPECT_GE(a, 0x200000u);
  EXPECT_LT(a, 0x204000u);
  EXPECT_TRUE(heap.in_space(0x200000));
  EXPECT_FALSE(heap.in_space(0x101000));
  uint32_t b = heap.alloc(0x100);  // best fit: the small first chunk
  EXPECT_GE(b, 0x100000u);
  EXPECT_LT(b, 0x101000u);
}

TEST_F(BlockHeapTest, AContiguousChunkExtendsTheLastOne) {
  heap.add_chunk(0x100000, 0x1000);
  uint32_t a = heap.alloc(0x1000 - 2 * kH);  // fills the chunk up to its fence
  ASSERT_EQ(a, 0x100000u + kH);
  EXPECT_EQ(heap.alloc(16), 0u);
  heap.add_chunk(0x101000, 0x1000);  // the old fence becomes the start of the new space
  EXPECT_EQ(heap.chunk_bytes(), 0x2000u);
  uint32_t b = heap.alloc(0x1000 - kH);
  EXPECT_EQ(b, 0x101000u);  // its header is where the old fence was
  EXPECT_EQ(heap.alloc(16), 0u);
  heap.free(a);
  heap.free(b);
  EXPECT_EQ(heap.alloc(0x2000 - 2 * kH), 0x100000u + kH);  // one block across the old boundary
  // Extending while the last block is used: the new space is a free block of its own.
  heap.add_chunk(0x102000, 0x1000);
  EXPECT_EQ(heap.live_blocks(), 1u);
  uint32_t c = heap.alloc(0x1000 - 2 * kH);
  EXPECT_EQ(c, 0x102000u);
  heap.free(0x100000u + kH);
  heap.free(c);
  EXPECT_EQ(heap.live_blocks(), 0u);
  // Extending while the last block is free: the new space merges into it.
  heap.add_chunk(0x103000, 0x1000);
  EXPECT_EQ(heap.chunk_bytes(), 0x4000u);
  EXPECT_EQ(heap.alloc(0x4000 - 2 * kH), 0x100000u + kH);
}

TEST_F(BlockHeapTest, SweepFreesUnmarkedBlocksAndCoalesces) {
  const uint32_t blk = block_for(0x1000);  // 0x1010
  heap.add_chunk(0x100000, 3 * blk + kH);
  uint32_t a = heap.alloc(0x1000), b = heap.alloc(0x1000), c = heap.alloc(0x1000);
  ASSERT_TRUE(a && b && c);
  EXPECT_EQ(heap.alloc(16), 0u);  // full
  EXPECT_TRUE(heap.mark(b));
  EXPECT_FALSE(heap.mark(b));  // second time: already marked
  heap.sweep();
  EXPECT_EQ(heap.live_blocks(), 1u);
  EXPECT_EQ(heap.live_bytes(), uint64_t(blk));
  EXPECT_TRUE(heap.is_block(b));
  EXPECT_FALSE(heap.is_block(a));
  EXPECT_FALSE(heap.is_block(c));
  // a and c are free again but not adjacent: 0x2000 does not fit, 0x1000 does (best fit
  // between equal blocks: the lower address).
  EXPECT_EQ(heap.alloc(0x2000), 0u);
  EXPECT_EQ(heap.alloc(0x1000), a);
  heap.sweep();  // the marks were cleared: everything unmarked goes, and the space coalesces
  EXPECT_EQ(heap.live_blocks(), 0u);
  EXPECT_EQ(heap.live_bytes(), 0u);
  EXPECT_EQ(heap.alloc(3 * blk - kH), 0x100000u + kH);
}

TEST_F(BlockHeapTest, MarksLastOneCollection) {
  heap.add_chunk(0x100000, 0x10000);
  uint32_t a = heap.alloc(64), b = heap.alloc(64);
  EXPECT_TRUE(heap.mark(a));
  EXPECT_TRUE(heap.mark(b));
  heap.sweep();
  EXPECT_EQ(heap.live_blocks(), 2u);
  EXPECT_TRUE(heap.mark(a));  // cleared by the sweep: true again in the next collection
  heap.sweep();
  EXPECT_EQ(heap.live_blocks(), 1u);
  EXPECT_TRUE(heap.is_block(a));
  EXPECT_FALSE(heap.is_block(b));
}

TEST_F(BlockHeapTest, ScanListIsLastInFirstOut) {
  heap.add_chunk(0x100000, 0x10000);
  uint32_t a = heap.alloc(64), b = heap.alloc(64), c = heap.alloc(64);
  EXPECT_EQ(heap.pop_scan(), 0u);
  for (uint32_t u : {a, b, c}) {
    EXPECT_TRUE(heap.mark(u));
    heap.push_scan(u);
  }
  EXPECT_EQ(heap.pop_scan(), c);
  EXPECT_EQ(heap.pop_scan(), b);
  heap.push_scan(b);  // a block can be queued again once popped
  EXPECT_EQ(heap.pop_scan(), b);
  EXPECT_EQ(heap.pop_scan(), a);
  EXPECT_EQ(heap.pop_scan(), 0u);
  heap.sweep();
  EXPECT_EQ(heap.live_blocks(), 3u);
}

TEST_F(BlockHeapTest, OnlyLiveBlocksAreBlocks) {
  heap.add_chunk(0x100000, 0x1000);
  uint32_t a = heap.alloc(64), b = heap.alloc(64);
  EXPECT_TRUE(heap.is_block(a));
  EXPECT_FALSE(heap.is_block(a + 16));  // interior
  EXPECT_FALSE(heap.is_block(a + 1));   // unaligned
  EXPECT_FALSE(heap.is_block(a - kH));  // the header
  EXPECT_FALSE(heap.is_block(0x100000 + 0x1000));       // the fence's "object", past the chunk
  EXPECT_FALSE(heap.is_block(0x100000 + 0x1000 - kH));  // inside the free rest
  EXPECT_FALSE(heap.is_block(0x200000));  // outside
  EXPECT_FALSE(heap.is_block(0));
  EXPECT_FALSE(heap.is_block(b + block_for(64)));  // the free rest's "object"
  heap.free(b);
  EXPECT_FALSE(heap.is_block(b));
  EXPECT_FALSE(heap.resize_in_place(b, 64));
}

#if !defined(__wasm__)
// Natively a fatal error throws RuntimeFatal; on wasm32 it ends the process with exit code 3
// (tested by runtime_wasm32_fatal with fatal_main.cpp).
TEST_F(BlockHeapTest, MarkingOrFreeingANonBlockIsFatal) {
  heap.add_chunk(0x100000, 0x1000);
  uint32_t a = heap.alloc(64), b = heap.alloc(64);
  EXPECT_THROW(heap.mark(a + 16), RuntimeFatal);
  EXPECT_THROW(heap.mark(0x200000), RuntimeFatal);
  EXPECT_THROW(heap.free(a + 16), RuntimeFatal);
  heap.free(b);
  EXPECT_THROW(heap.free(b), RuntimeFatal);  // twice
  EXPECT_THROW(heap.mark(b), RuntimeFatal);  // dangling
  try {
    heap.mark(a + 16);
  } catch (const RuntimeFatal& e) {
    EXPECT_EQ(std::string(e.what()),
              "garbage collector: pointer into the non-moving space: 0x" + hex32(a + 16) + " is not a live block");
  }
  EXPECT_THROW(heap.add_chunk(0x100008, 0x1000), RuntimeFatal);  // unaligned chunk
  EXPECT_EQ(heap.live_blocks(), 1u);  // nothing changed
}

TEST_F(BlockHeapTest, TheChunkTableIsBounded) {
  for (uint32_t i = 0; i < BlockHeap::kMaxChunks; ++i) heap.add_chunk(0x100000 + i * 0x2000, 0x1000);
  EXPECT_THROW(heap.add_chunk(0x300000, 0x1000), RuntimeFatal);
  heap.add_chunk(0x100000 + (BlockHeap::kMaxChunks - 1) * 0x2000 + 0x1000, 0x1000);  // contiguous: fine
  EXPECT_EQ(heap.chunk_bytes(), uint64_t(BlockHeap::kMaxChunks + 1) * 0x1000);
}

TEST_F(BlockHeapTest, MemoryFaultsAreFatalErrors) {
  EXPECT_THROW(BlockHeap(mem, 0x100).init(BlockHeap::kBestFit), MemoryFault);  // null guard page
  EXPECT_THROW(BlockHeap(mem, 4u << 20).init(BlockHeap::kBestFit), MemoryFault);  // past the end
}

// A program that writes past the end of its block (the next block's header) makes the next
// walk over the space fail cleanly instead of looping or leaving the chunk.
TEST_F(BlockHeapTest, AnOverwrittenHeaderIsAFatalErrorNotAHang) {
  heap.add_chunk(0x100000, 0x10000);
  uint32_t a = heap.alloc(16, 16, 16);
  uint32_t b = heap.alloc(16, 16, 16);
  mem.store64(a + 16, 0);  // b's header: size 0, no magic
  EXPECT_THROW(heap.sweep(), RuntimeFatal);
  mem.store64(b - 16, 0x5B7C000100000010ull);  // a plausible tag, an impossible size
  EXPECT_THROW(heap.sweep(), RuntimeFatal);
}

// A write past a block can also land on the free list's links (the words after a free
// block's header). The list is address-ordered, so a link that points back is overwritten;
// following it would walk in a circle for ever.
TEST_F(BlockHeapTest, AnOverwrittenFreeListLinkIsAFatalErrorNotAHang) {
  heap.add_chunk(0x100000, 0x10000);
  uint32_t a = heap.alloc(0x100), c = (heap.alloc(0x100), heap.alloc(0x100));
  uint32_t e = (heap.alloc(0x100), heap.alloc(0x100));
  heap.alloc(0x100);
  heap.free(a);
  heap.free(c);  // the free list: a's block, c's block, the rest of the chunk
  mem.store32(c, a - kH);  // c's block's next link, back to a's block: a cycle
  EXPECT_THROW(heap.alloc(0x20000), RuntimeFatal);  // fits nowhere: walks the whole list
  EXPECT_THROW(heap.free(e), RuntimeFatal);  // used neighbours: e's block joins the list
}

// No length reaches host memory outside the reservation, however large: the bounds check
// of a span must not wrap around.
TEST_F(BlockHeapTest, HugeSpansFault) {
  EXPECT_NO_THROW(mem.span(0x20000, 0x1000));
  EXPECT_THROW(mem.span(0x20000, UINT64_MAX), MemoryFault);
  EXPECT_THROW(mem.span(0x20000, UINT64_MAX - 0x20000 + 0x10001), MemoryFault);
  EXPECT_THROW(mem.span(0x20000, (uint64_t(1) << 32) + 16), MemoryFault);
  EXPECT_THROW(mem.span(0xFFFFFFF0u, 8), MemoryFault);
}
#endif

TEST_F(BlockHeapTest, FreeingMergesWithBothNeighbours) {
  heap.add_chunk(0x100000, 0x10000);
  uint32_t a = heap.alloc(0x100), b = heap.alloc(0x100), c = heap.alloc(0x100), d = heap.alloc(0x100);
  heap.free(a);
  heap.free(c);
  EXPECT_EQ(heap.alloc(0x300), d + block_for(0x100));  // a and c alone are too small
  heap.free(b);  // a, b and c become one block
  EXPECT_EQ(heap.alloc(3 * block_for(0x100) - kH), a);
  EXPECT_EQ(heap.live_blocks(), 3u);
}

TEST_F(BlockHeapTest, ForEachLiveVisitsLiveBlocksInAddressOrderWithinChunkOrder) {
  heap.add_chunk(0x200000, 0x1000);
  uint32_t a = heap.alloc(0x100), b = heap.alloc(0x200), c = heap.alloc(0x300);
  heap.add_chunk(0x100000, 0x10000);  // a second chunk below the first
  uint32_t d = heap.alloc(0x2000);      // fits only there
  ASSERT_LT(d, 0x200000u);
  heap.free(b);
  auto v = live();
  ASSERT_EQ(v.size(), 3u);
  EXPECT_EQ(v[0].first, a);
  EXPECT_EQ(v[1].first, c);
  EXPECT_EQ(v[2].first, d);
  EXPECT_EQ(v[0].second, heap.usable_bytes(a));
  EXPECT_EQ(v[1].second, 0x300u);
  EXPECT_EQ(v[2].second, 0x2000u);
}

TEST_F(BlockHeapTest, ResizeInPlace) {
  heap.add_chunk(0x100000, 0x10000);
  uint32_t a = heap.alloc(0x100), b = heap.alloc(0x100);
  uint64_t live0 = heap.live_bytes();
  EXPECT_FALSE(heap.resize_in_place(a, 0x200));  // b is in the way
  EXPECT_EQ(heap.usable_bytes(a), 0x100u);
  EXPECT_TRUE(heap.resize_in_place(a, 0x100));    // the same size
  EXPECT_TRUE(heap.resize_in_place(a, 0xF8));     // rounds to the same size
  EXPECT_EQ(heap.usable_bytes(a), 0x100u);
  EXPECT_TRUE(heap.resize_in_place(a, 0xF0));     // a 16-byte rest is too small to stand alone
  EXPECT_EQ(heap.usable_bytes(a), 0x100u);
  EXPECT_EQ(heap.live_bytes(), live0);
  // Growing b into the free space after it keeps its contents.
  for (uint32_t i = 0; i < 0x100; ++i) mem.store8(b + i, uint8_t(i * 7 + 1));
  EXPECT_TRUE(heap.resize_in_place(b, 0x1000));
  EXPECT_EQ(heap.usable_bytes(b), 0x1000u);
  EXPECT_EQ(heap.live_bytes(), live0 + 0x1000 - 0x100);
  bool same = true;
  for (uint32_t i = 0; i < 0x100; ++i) same = same && mem.load8(b + i) == uint8_t(i * 7 + 1);
  EXPECT_TRUE(same);
  uint32_t c = heap.alloc(0x100);
  EXPECT_EQ(c, b + 0x1000 + kH);  // right after the grown block
  // Shrinking gives the rest back: it merges with the following free space if any.
  EXPECT_TRUE(heap.resize_in_place(b, 0x200));
  EXPECT_EQ(heap.usable_bytes(b), 0x200u);
  EXPECT_EQ(heap.live_bytes(), live0 + 0x100 + block_for(0x100));
  EXPECT_EQ(heap.alloc(0x1000 - 0x200 - kH), b + 0x200 + kH);  // exactly the rest
  EXPECT_EQ(heap.alloc(16, 16), c + 0x100 + kH);  // nothing left between b and c
  // Shrinking a (b follows it, used) leaves a free block between them; growing takes it back.
  EXPECT_TRUE(heap.resize_in_place(a, 0x20));
  EXPECT_EQ(heap.usable_bytes(a), 0x20u);
  EXPECT_TRUE(heap.resize_in_place(a, 0x100));
  EXPECT_EQ(heap.usable_bytes(a), 0x100u);
  EXPECT_FALSE(heap.resize_in_place(a, 0x101));
}

TEST_F(BlockHeapTest, ResizeInPlaceTakesAWholeFreeBlockWhenTheRestWouldBeTooSmall) {
  heap.add_chunk(0x100000, 0x10000);
  uint32_t e = heap.alloc(0x100), f = heap.alloc(0x100), g = heap.alloc(0x100);
  heap.free(f);  // 0x110 bytes free between e and g
  EXPECT_TRUE(heap.resize_in_place(e, 0x100 + 0x110 - 16));  // leaves 16 bytes of f's block
  EXPECT_EQ(heap.usable_bytes(e), 0x100u + 0x110u);
  EXPECT_EQ(heap.live_bytes(), 3u * 0x110u);
  EXPECT_GT(heap.alloc(16), g);  // nothing free between e and g
  EXPECT_FALSE(heap.resize_in_place(e, 0x300));
}

TEST_F(BlockHeapTest, FirstFitTakesTheLowestBlockBestFitTheSmallest) {
  for (BlockHeap::Policy p : {BlockHeap::kFirstFit, BlockHeap::kBestFit}) {
    heap.init(p);
    heap.add_chunk(0x100000, 0x10000);
    uint32_t a = heap.alloc(0x1000);
    heap.alloc(16);
    uint32_t b = heap.alloc(0x100);
    heap.alloc(16);
    heap.free(a);
    heap.free(b);  // free: a's block (0x1010), b's block (0x110), the tail (the rest)
    uint32_t x = heap.alloc(0x100);
    EXPECT_EQ(x, p == BlockHeap::kFirstFit ? a : b) << "policy " << uint32_t(p);
    // A block that fits by size but not at the requested alignment is skipped.
    uint32_t y = heap.alloc(0x80, 4096, 16);
    EXPECT_EQ((y + 16) % 4096, 0u);
    if (p == BlockHeap::kFirstFit) {
      EXPECT_GT(y, a + 0x1000);  // a's block has no such address
    }
  }
}

TEST_F(BlockHeapTest, StateLivesInLinearMemory) {
  heap.add_chunk(0x100000, 0x10000);
  uint32_t a = heap.alloc(0x100);
  // Another view of the same state continues this heap.
  BlockHeap view(mem, kState);
  EXPECT_TRUE(view.is_block(a));
  EXPECT_EQ(view.live_blocks(), 1u);
  EXPECT_EQ(view.chunk_bytes(), 0x10000u);
  uint32_t b = view.alloc(0x100);
  EXPECT_NE(b, a);
  EXPECT_EQ(heap.live_blocks(), 2u);
  view.free(a);
  EXPECT_EQ(heap.alloc(0x100), a);
  EXPECT_TRUE(heap.mark(b));
  EXPECT_FALSE(view.mark(b));
  view.sweep();
  EXPECT_EQ(heap.live_blocks(), 1u);  // a (unmarked) went
  // A copy of the memory is a copy of the allocator: both go on identically.
  Memory copy(4u << 20, 4u << 20);
  std::memcpy(copy.span(layout::kRuntimeBase, mem.size() - layout::kRuntimeBase),
              mem.span(layout::kRuntimeBase, mem.size() - layout::kRuntimeBase), mem.size() - layout::kRuntimeBase);
  BlockHeap twin(copy, kState);
  for (uint32_t n : {0x40u, 0x1000u, 0x10u, 0x333u}) EXPECT_EQ(twin.alloc(n, 64, 16), heap.alloc(n, 64, 16)) << n;
  EXPECT_EQ(twin.live_bytes(), heap.live_bytes());
}

TEST_F(BlockHeapTest, TwoHeapsInOneMemoryAreIndependent) {
  BlockHeap c_heap(mem, layout::kCHeapState);
  c_heap.init(BlockHeap::kFirstFit);
  heap.add_chunk(0x100000, 0x10000);
  c_heap.add_chunk(0x200000, 0x10000);
  uint32_t a = heap.alloc(0x100), b = c_heap.alloc(0x100);
  EXPECT_LT(a, 0x110000u);
  EXPECT_GE(b, 0x200000u);
  EXPECT_TRUE(heap.is_block(a));
  EXPECT_FALSE(heap.is_block(b));
  EXPECT_TRUE(c_heap.is_block(b));
  EXPECT_FALSE(c_heap.is_block(a));
  heap.sweep();  // nothing marked: only the object space loses its block
  EXPECT_EQ(heap.live_blocks(), 0u);
  EXPECT_EQ(c_heap.live_blocks(), 1u);
  EXPECT_TRUE(c_heap.is_block(b));
}

TEST_F(BlockHeapTest, SameRequestsSameAddresses) {
  auto run = [] {
    Memory m(4u << 20, 4u << 20);
    BlockHeap s(m, kState);
    s.init(BlockHeap::kBestFit);
    s.add_chunk(0x100000, 0x40000);
    std::vector<uint32_t> out, live;
    for (uint32_t i = 1; i < 60; ++i) {
      out.push_back(s.alloc(i * 97, i % 3 ? 16 : 64, 16));
      live.push_back(out.back());
      if (i % 10 == 0) {  // keep every other live block
        std::vector<uint32_t> kept;
        for (size_t k = 0; k < live.size(); k += 2) {
          s.mark(live[k]);
          kept.push_back(live[k]);
        }
        s.sweep();
        live = kept;
      }
    }
    return out;
  };
  std::vector<uint32_t> first = run();
  EXPECT_EQ(first, run());
  EXPECT_EQ(std::count(first.begin(), first.end(), 0u), 0);
}

// ---- Randomized run against a host-side model -------------------------------------------
// The model knows the chunks and the live blocks ([u - 16, u + usable)); everything else in a
// chunk but its 16-byte fence is free space, in maximal runs ("gaps"). If the allocator
// coalesces completely, every gap is one free block, so the model can tell which gap a
// policy must choose and whether a request can be met at all.

struct Rng {  // splitmix64: the same numbers natively and on wasm32
  uint64_t s;
  uint64_t next() {
    uint64_t z = (s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  uint32_t below(uint32_t n) { return uint32_t(next() % n); }
};

uint64_t fnv(uint64_t h, uint64_t v) {
  for (int i = 0; i < 8; ++i) h = (h ^ ((v >> (8 * i)) & 0xFF)) * 0x100000001B3ull;
  return h;
}

struct Gap {
  uint32_t lo, hi;  // [lo, hi)
};

class RandomRun {
 public:
  RandomRun(BlockHeap::Policy p, uint64_t seed) : policy_(p), rng_{seed} {}

  uint64_t trace = 0xCBF29CE484222325ull;  // hash of every result, in order
  uint64_t memory_hash = 0;                // hash of all of linear memory at the end
  uint32_t allocs = 0, failed_allocs = 0, frees = 0, resizes = 0, collections = 0, chunks_added = 0,
           chunks_extended = 0;

  void run(uint32_t steps) {
    heap_.init(policy_);
    add_chunk(0);
    for (step_ = 0; step_ < steps; ++step_) {
      uint32_t r = rng_.below(100);
      if (r < 62) op_alloc();
      else if (r < 82) op_free();
      else if (r < 97) op_resize();
      else op_collect();
      if (::testing::Test::HasFailure()) return;
      check_invariants();
      if (step_ % 64 == 0) check_all_contents();
      if (::testing::Test::HasFailure()) return;
    }
    // Everything freed: the space coalesces back into one block per chunk.
    while (!live_.empty()) {
      heap_.free(live_.begin()->first);
      live_.erase(live_.begin());
    }
    check_invariants();
    // Largest chunk first (then the lower address): under either policy a request for a
    // whole chunk can then only take that chunk.
    std::vector<std::pair<uint32_t, uint32_t>> order = chunks_;
    std::sort(order.begin(), order.end(), [](auto x, auto y) { return x.second != y.second ? x.second > y.second : x.first < y.first; });
    for (auto [lo, bytes] : order) {
      uint32_t u = heap_.alloc(bytes - 2 * kH);
      EXPECT_EQ(u, lo + kH) << "policy " << uint32_t(policy_) << ": chunk at " << lo << " did not coalesce";
    }
    memory_hash = 0xCBF29CE484222325ull;
    const uint8_t* d = mem_.data();
    for (uint32_t a = layout::kRuntimeBase; a < mem_.size(); a += 8) {
      uint64_t w;
      std::memcpy(&w, d + a, 8);
      memory_hash = fnv(memory_hash, w);
    }
  }

 private:
  struct Block {
    uint32_t usable;
    uint32_t seed;  // the contents are a pattern of it
  };
  BlockHeap::Policy policy_;
  Rng rng_;
  Memory mem_{4u << 20, 4u << 20};
  BlockHeap heap_{mem_, kState};
  std::vector<std::pair<uint32_t, uint32_t>> chunks_;  // (lo, bytes), merged like the heap's
  std::map<uint32_t, Block> live_;
  uint32_t step_ = 0;
  // Arenas the chunks are taken from; the third lies below the first.
  uint32_t arena_top_[3] = {0x100000, 0x280000, 0x40000};
  const uint32_t arena_end_[3] = {0x200000, 0x380000, 0x80000};
  uint32_t last_arena_ = 0;

  std::string ctx(const char* what) const {
    return "policy " + std::to_string(policy_) + ", step " + std::to_string(step_) + ": " + what;
  }
  void record(uint64_t v) { trace = fnv(trace, v); }

  static uint8_t pattern(uint32_t seed, uint32_t i) { return uint8_t((seed >> (8 * (i & 3))) + i * 0x9Du); }
  void fill(uint32_t u, const Block& b) {
    uint8_t* p = mem_.span(u, b.usable);
    for (uint32_t i = 0; i < b.usable; ++i) p[i] = pattern(b.seed, i);
  }
  bool intact(uint32_t u, uint32_t seed, uint32_t n) const {
    const uint8_t* p = mem_.span(u, n);
    for (uint32_t i = 0; i < n; ++i)
      if (p[i] != pattern(seed, i)) return false;
    return true;
  }

  void add_chunk(uint32_t arena) {
    uint32_t bytes = rng_.below(2) ? 0x10000 : 0x20000;
    if (arena_top_[arena] + bytes > arena_end_[arena]) return;
    uint32_t lo = arena_top_[arena];
    arena_top_[arena] += bytes;
    last_arena_ = arena;
    heap_.add_chunk(lo, bytes);
    if (!chunks_.empty() && chunks_.back().first + chunks_.back().second == lo) {
      chunks_.back().second += bytes;
      ++chunks_extended;
    } else {
      chunks_.push_back({lo, bytes});
    }
    ++chunks_added;
    record(lo);
  }

  std::vector<Gap> gaps() const {
    std::vector<Gap> g;
    for (auto [lo, bytes] : chunks_) {
      uint32_t at = lo, end = lo + bytes - kH;  // the fence is not free space
      for (auto it = live_.lower_bound(lo); it != live_.end() && it->first < end; ++it) {
        uint32_t h = it->first - kH;
        if (h > at) g.push_back({at, h});
        at = it->first + it->second.usable;
      }
      if (at < end) g.push_back({at, end});
    }
    std::sort(g.begin(), g.end(), [](Gap x, Gap y) { return x.lo < y.lo; });  // the free list's order
    return g;
  }

  // The object address a free block [lo, hi) offers for the request, or 0: the first aligned
  // address after the header that leaves no prefix, or a prefix of at least 32 bytes.
  static uint32_t fit(Gap g, uint64_t bytes, uint32_t align, uint32_t skew) {
    uint64_t need = ((bytes + 15) & ~uint64_t(15)) + kH;
    if (need < 32) need = 32;
    uint64_t u = ((uint64_t(g.lo) + kH + skew + align - 1) & ~uint64_t(align - 1)) - skew;
    while (u - kH > g.lo && u - kH - g.lo < 32) u += align;
    return u - kH + need <= g.hi ? uint32_t(u) : 0;
  }

  std::map<uint32_t, Block>::iterator pick_live() {
    auto it = live_.begin();
    std::advance(it, rng_.below(uint32_t(live_.size())));
    return it;
  }

  void op_alloc() {
    uint32_t r = rng_.below(100);
    uint32_t bytes = r < 70 ? rng_.below(600) : r < 95 ? rng_.below(0x2000) : rng_.below(0x30000);
    static constexpr uint32_t kAligns[] = {16, 16, 16, 16, 32, 64, 256, 4096};
    uint32_t align = kAligns[rng_.below(8)];
    uint32_t skew = rng_.below(2) ? 16 : 0;
    // The gap the policy must take: first fit the lowest that fits, best fit the smallest.
    std::vector<Gap> g = gaps();
    const Gap* want = nullptr;
    for (const Gap& x : g) {
      if (!fit(x, bytes, align, skew)) continue;
      if (!want || (policy_ == BlockHeap::kBestFit ? x.hi - x.lo < want->hi - want->lo : x.lo < want->lo)) want = &x;
    }
    uint32_t u = heap_.alloc(bytes, align, skew);
    record(u);
    ++allocs;
    if (!u) {
      ++failed_allocs;
      EXPECT_EQ(want, nullptr) << ctx("alloc failed although a free block fits: ") << bytes << " bytes, align "
                               << align << ", skew " << skew << ", gap at " << (want ? want->lo : 0);
      if (rng_.below(2)) add_chunk(rng_.below(2) ? last_arena_ : rng_.below(3));  // sometimes more space
      return;
    }
    ASSERT_NE(want, nullptr) << ctx("alloc succeeded where no free block fits: ") << u;
    EXPECT_GE(u - kH, want->lo) << ctx("alloc took the wrong free block: ") << u << ", expected the one at "
                                << want->lo;
    uint32_t usable = heap_.usable_bytes(u);
    EXPECT_LE(u + usable, want->hi) << ctx("alloc took the wrong free block: ") << u << ", expected the one at "
                                    << want->lo;
    EXPECT_EQ((u + skew) % align, 0u) << ctx("misaligned");
    uint32_t rounded = bytes <= 16 ? 16 : (bytes + 15) & ~15u;
    EXPECT_GE(usable, bytes) << ctx("too small");
    EXPECT_LE(usable, rounded + 16) << ctx("too large");
    ASSERT_EQ(live_.count(u), 0u) << ctx("address handed out twice");
    Block b{usable, uint32_t(rng_.next())};
    live_[u] = b;
    fill(u, b);
  }

  void op_free() {
    if (live_.empty()) return;
    auto it = pick_live();
    EXPECT_TRUE(intact(it->first, it->second.seed, it->second.usable)) << ctx("contents changed before free");
    heap_.free(it->first);
    record(it->first);
    live_.erase(it);
    ++frees;
  }

  void op_resize() {
    if (live_.empty()) return;
    auto it = pick_live();
    uint32_t u = it->first;
    Block& b = it->second;
    uint32_t bytes = rng_.below(2 * b.usable + 64);
    uint64_t need = ((uint64_t(bytes) + 15) & ~uint64_t(15)) + kH;
    if (need < 32) need = 32;
    // In place means: shrinking always works, growing needs a free block right after it.
    uint64_t room = b.usable + kH;
    for (const Gap& x : gaps())
      if (x.lo == u + b.usable) room += x.hi - x.lo;
    bool expect = need <= room;
    bool ok = heap_.resize_in_place(u, bytes);
    record(ok);
    ++resizes;
    EXPECT_EQ(ok, expect) << ctx("resize_in_place(") << u << ", " << bytes << ") from " << b.usable;
    if (!ok) return;
    uint32_t usable = heap_.usable_bytes(u);
    EXPECT_GE(usable, bytes) << ctx("resized too small");
    uint32_t kept = b.usable < bytes ? b.usable : bytes;
    EXPECT_TRUE(intact(u, b.seed, kept)) << ctx("resize lost the contents of ") << u;
    b.usable = usable;
    fill(u, b);
  }

  void op_collect() {
    std::vector<uint32_t> kept;
    for (auto& [u, b] : live_) {
      if (rng_.below(2)) continue;
      EXPECT_TRUE(heap_.mark(u)) << ctx("first mark of ") << u;
      if (rng_.below(4) == 0) {
        EXPECT_FALSE(heap_.mark(u)) << ctx("second mark of ") << u;
      }
      heap_.push_scan(u);
      kept.push_back(u);
    }
    for (size_t i = kept.size(); i-- > 0;) EXPECT_EQ(heap_.pop_scan(), kept[i]) << ctx("scan list order");
    EXPECT_EQ(heap_.pop_scan(), 0u) << ctx("scan list not empty");
    heap_.sweep();
    std::map<uint32_t, Block> survivors;
    for (uint32_t u : kept) survivors[u] = live_[u];
    live_.swap(survivors);
    record(live_.size());
    ++collections;
    check_all_contents();
  }

  void check_invariants() {
    uint64_t bytes = 0;
    for (auto& [u, b] : live_) bytes += b.usable + kH;
    EXPECT_EQ(heap_.live_blocks(), uint32_t(live_.size())) << ctx("live_blocks");
    EXPECT_EQ(heap_.live_bytes(), bytes) << ctx("live_bytes");
    uint64_t cb = 0;
    for (auto [lo, n] : chunks_) cb += n;
    EXPECT_EQ(heap_.chunk_bytes(), cb) << ctx("chunk_bytes");
    // for_each_live: exactly the model's blocks, in address order within chunk order, each
    // inside a chunk (before its fence) and apart from the others.
    std::vector<std::pair<uint32_t, uint32_t>> expected, seen;
    for (auto [lo, n] : chunks_) {
      uint32_t at = lo;
      for (auto it = live_.lower_bound(lo); it != live_.end() && it->first < lo + n; ++it) {
        EXPECT_GE(it->first - kH, at) << ctx("overlap or outside a chunk at ") << it->first;
        EXPECT_LE(it->first + it->second.usable, lo + n - kH) << ctx("block over the fence at ") << it->first;
        at = it->first + it->second.usable;
        expected.push_back({it->first, it->second.usable});
      }
    }
    EXPECT_EQ(expected.size(), live_.size()) << ctx("a live block outside every chunk");
    heap_.for_each_live([&](uint32_t u, uint32_t n) { seen.push_back({u, n}); });
    EXPECT_EQ(seen, expected) << ctx("for_each_live");
    // Free space is never split into slivers: every gap can hold a block.
    for (const Gap& x : gaps()) EXPECT_GE(x.hi - x.lo, 32u) << ctx("free sliver at ") << x.lo;
  }

  void check_all_contents() {
    for (auto& [u, b] : live_)
      if (!intact(u, b.seed, b.usable)) {
        ADD_FAILURE() << ctx("contents of the block at ") << u << " (" << b.usable << " bytes) changed";
        return;
      }
  }
};

void randomized(BlockHeap::Policy p) {
  RandomRun one(p, 0x5EED0000 + p), two(p, 0x5EED0000 + p);
  one.run(4000);
  if (::testing::Test::HasFailure()) return;
  two.run(4000);
  EXPECT_EQ(one.trace, two.trace);
  EXPECT_EQ(one.memory_hash, two.memory_hash);
  // The run must have exercised what it claims to.
  EXPECT_GE(one.failed_allocs, 5u);
  EXPECT_GE(one.collections, 50u);
  EXPECT_GE(one.resizes, 100u);
  EXPECT_GE(one.chunks_added - one.chunks_extended, 2u);  // separate chunks (the first included)
  EXPECT_GE(one.chunks_extended, 2u);                     // contiguous extensions
  // The same line natively and on wasm32 (runtime_wasm32_same_as_native compares them).
  std::printf("block-heap-trace policy=%u trace=%016llx memory=%016llx allocs=%u failed=%u frees=%u resizes=%u "
              "collections=%u chunks=%u extended=%u\n",
              uint32_t(p), (unsigned long long)one.trace, (unsigned long long)one.memory_hash, one.allocs,
              one.failed_allocs, one.frees, one.resizes, one.collections, one.chunks_added, one.chunks_extended);
}

TEST(BlockHeapRandomized, BestFitMatchesTheModel) { randomized(BlockHeap::kBestFit); }
TEST(BlockHeapRandomized, FirstFitMatchesTheModel) { randomized(BlockHeap::kFirstFit); }

}  // namespace
}  // namespace stgvm
