// The non-moving space's allocator: fit, alignment, marking, sweeping and coalescing.
#include "interp/large_objects.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace stgvm {
namespace {

TEST(LargeObjects, AllocatesAlignedPayloadsInsideChunks) {
  LargeObjects s;
  s.add_chunk(0x100000, 0x10000);
  uint32_t a = s.alloc(100, 16);
  ASSERT_NE(a, 0u);
  EXPECT_TRUE(s.in_space(a));
  EXPECT_EQ((a + 16) % 16, 0u);
  uint32_t b = s.alloc(1000, 4096);
  ASSERT_NE(b, 0u);
  EXPECT_EQ((b + 16) % 4096, 0u);
  EXPECT_GE(b, a + 112);  // no overlap with the first block (100 rounded to 112)
  EXPECT_EQ(s.live_objects(), 2u);
  EXPECT_EQ(s.live_bytes(), 112u + 1008u);
  EXPECT_FALSE(s.in_space(0x100000 + 0x10000));
  EXPECT_FALSE(s.in_space(0xFFFFF));
}

TEST(LargeObjects, ExhaustionReturnsZeroAndANewChunkHelps) {
  LargeObjects s;
  s.add_chunk(0x100000, 0x1000);
  EXPECT_EQ(s.alloc(0x2000, 16), 0u);
  s.add_chunk(0x200000, 0x4000);
  uint32_t a = s.alloc(0x2000, 16);
  EXPECT_GE(a, 0x200000u);
}

TEST(LargeObjects, SweepFreesUnmarkedAndCoalesces) {
  LargeObjects s;
  s.add_chunk(0x100000, 0x3000);
  uint32_t a = s.alloc(0x1000, 16), b = s.alloc(0x1000, 16), c = s.alloc(0x1000, 16);
  ASSERT_TRUE(a && b && c);
  EXPECT_EQ(s.alloc(16, 16), 0u);  // full
  EXPECT_TRUE(s.mark(b));
  EXPECT_FALSE(s.mark(b));  // second time: already marked
  s.sweep();
  EXPECT_EQ(s.live_objects(), 1u);
  EXPECT_EQ(s.live_bytes(), 0x1000u);
  // a and c are free again but not adjacent: 0x2000 does not fit, 0x1000 does
  EXPECT_EQ(s.alloc(0x2000, 16), 0u);
  EXPECT_NE(s.alloc(0x1000, 16), 0u);
  s.sweep();  // marks were cleared: everything unmarked goes, and the space coalesces
  EXPECT_EQ(s.live_objects(), 0u);
  EXPECT_EQ(s.alloc(0x3000, 16), 0x100000u);
}

TEST(LargeObjects, MarkingANonObjectIsAnError) {
  LargeObjects s;
  s.add_chunk(0x100000, 0x1000);
  uint32_t a = s.alloc(64, 16);
  EXPECT_THROW(s.mark(a + 16), std::logic_error);
}

TEST(LargeObjects, SameRequestsSameAddresses) {
  auto run = [] {
    LargeObjects s;
    s.add_chunk(0x100000, 0x40000);
    std::vector<uint32_t> out, live;
    for (uint32_t i = 1; i < 60; ++i) {
      out.push_back(s.alloc(i * 97, i % 3 ? 16 : 64));
      live.push_back(out.back());
      if (i % 10 == 0) {  // keep every other live object
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
  EXPECT_EQ(run(), run());
}

}  // namespace
}  // namespace stgvm
