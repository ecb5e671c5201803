// Thread creation and stack growth (runtime/stacks.h), and the non-moving space growing at
// the end of memory (BlockHeap::alloc_growing). Built natively against GoogleTest and for
// wasm32-wasi.
#include "runtime/stacks.h"

#include "runtime/closures.h"
#include "test_api.h"

namespace stgvm {
namespace {

namespace L = layout;

class StacksTest : public ::testing::Test {
 protected:
  static constexpr uint32_t kLosLo = 0x40000, kLosBytes = 0x10000, kStopInfo = 0x20000, kTsoInfo = 0x20040;
  Memory mem{kLosLo + kLosBytes, 4u << 20};
  BlockHeap los{mem, L::kLosState};
  Threads thr{mem};
  void SetUp() override {
    los.init(BlockHeap::kBestFit);
    los.add_chunk(kLosLo, kLosBytes);
    mem.store32(L::kRtsInfoTable + 4 * L::kStopFrameInfo, kStopInfo);
    mem.store32(L::kRtsInfoTable + 4 * L::kTsoInfo, kTsoInfo);
  }
};

TEST_F(StacksTest, ANewThreadHasAnIdAStackWithAStopFrameAndIsQueued) {
  uint32_t a = create_thread(mem, los, thr, 0x21000), b = create_thread(mem, los, thr, 0x22000);
  ASSERT_NE(a, 0u);
  ASSERT_NE(b, 0u);
  EXPECT_EQ(info_of(mem, a), kTsoInfo);
  EXPECT_EQ(thr.word(a, L::kTsoId), 1u);
  EXPECT_EQ(thr.word(b, L::kTsoId), 2u);
  uint32_t lo = thr.half(a, L::kTsoStackLo), hi = thr.half(a, L::kTsoStackHi);
  EXPECT_EQ(hi - lo, kForkedStackBytes);
  EXPECT_TRUE(los.is_block(lo));
  EXPECT_EQ(thr.word(a, L::kTsoSp), hi - 8u);
  EXPECT_EQ(mem.load64(hi - 8), kStopInfo);
  EXPECT_EQ(Resume(thr.half(a, L::kTsoResume)), Resume::Apply);  // io applied to the token
  EXPECT_EQ(thr.word(a, L::kTsoR0), 0x21000u);
  EXPECT_EQ(thr.state(a), ThreadState::Runnable);
  EXPECT_EQ(thr.next_to_run(), a);
  EXPECT_EQ(thr.next_to_run(), b);
  EXPECT_EQ(thr.first_unfinished(), b);
}

TEST_F(StacksTest, AFullStackMovesToABlockTwiceItsSizeWithItsFrames) {
  uint32_t t = create_thread(mem, los, thr, 0x21000);
  uint32_t old_lo = thr.half(t, L::kTsoStackLo), hi = thr.half(t, L::kTsoStackHi);
  uint32_t sp = hi - 8 * 100;
  for (uint32_t i = 0; i < 99; ++i) mem.store64(sp + 8 * i, 1000 + i);
  StackGrowth g = grow_stack(mem, los, thr, t, sp, 8 * 400, 1u << 20);
  ASSERT_EQ(g.outcome, StackGrowth::Grown);
  uint32_t lo = thr.half(t, L::kTsoStackLo), new_hi = thr.half(t, L::kTsoStackHi);
  EXPECT_EQ(new_hi - lo, 2 * kForkedStackBytes);
  EXPECT_EQ(new_hi - g.sp, 8u * 100);
  for (uint32_t i = 0; i < 99; ++i) EXPECT_EQ(mem.load64(g.sp + 8 * i), 1000u + i);
  EXPECT_EQ(mem.load64(new_hi - 8), kStopInfo);
  EXPECT_FALSE(los.is_block(old_lo));  // the old block went back
  EXPECT_GE(g.sp - lo, 8u * 400);
}

TEST_F(StacksTest, PastTheLimitIsAStackOverflow) {
  uint32_t t = create_thread(mem, los, thr, 0x21000);
  uint32_t sp = uint32_t(thr.word(t, L::kTsoSp));
  StackGrowth g = grow_stack(mem, los, thr, t, sp, 64 << 10, 32 << 10);
  EXPECT_EQ(g.outcome, StackGrowth::Overflow);
  EXPECT_EQ(thr.half(t, L::kTsoStackHi) - thr.half(t, L::kTsoStackLo), kForkedStackBytes);  // unchanged
}

TEST_F(StacksTest, TheNonMovingSpaceGrowsAtTheEndOfMemory) {
  uint32_t end = mem.size();
  EXPECT_EQ(los.alloc(3 * kLosBytes), 0u);
  uint32_t big = los.alloc_growing(3 * kLosBytes);  // (the new chunk extends the old one)
  EXPECT_TRUE(los.is_block(big));
  EXPECT_GE(mem.size(), end + 2 * kLosBytes);
  EXPECT_LE(uint64_t(big) + 3 * kLosBytes, mem.size());
  EXPECT_EQ(los.alloc_growing(8u << 20), 0u);  // beyond the memory's maximum: no room, no fault
}

}  // namespace
}  // namespace stgvm
