// The machine's heap and stack operations (runtime/machine.h): allocation that collects with
// the caller's registers as roots, the -M limit and HeapOverflow, stack reservation that moves
// the stack or gives StackOverflow. Built natively against GoogleTest and for wasm32-wasi.
#include "runtime/machine.h"

#include <cstring>

#include "machine_rig.h"
#include "runtime/trap.h"
#include "test_api.h"

namespace stgvm {
namespace {

namespace L = layout;

class MachineTest : public ::testing::Test, protected test_rig::MachineRig {
 protected:
  uint32_t ret2 = frame_info(2, 0, 300);  // [info, one non-pointer word]
};

TEST_F(MachineTest, AFullHeapCollectsAndTheRootsFollowTheirObjects) {
  uint32_t leaf = boxed(42);
  boxed(7);  // garbage
  uint32_t list = cons(leaf, boxed(43));
  M.R[3] = leaf;  // a register in memory and a host word, both roots
  uint64_t host = list;
  uint64_t* roots[] = {&M.R[3], &host};
  push_frames({{ret2, 5}});
  uint32_t sp = M.Sp;
  fill_heap();
  Machine::Alloc a = M.alloc(20, roots, 2);
  ASSERT_NE(a.addr, 0u);
  EXPECT_EQ(a.raise, 0u);
  EXPECT_EQ(stats.gcs, 1u);
  EXPECT_EQ(M.HpLim, gc.area_end());
  EXPECT_EQ(M.Sp, sp);  // the spill frame is gone
  EXPECT_EQ(stack_word(0), ret2);
  EXPECT_EQ(stack_word(1), 5u);
  EXPECT_TRUE(in_area(host));
  EXPECT_TRUE(in_area(M.R[3]));
  EXPECT_EQ(info_of(mem, host), cons_info);
  EXPECT_EQ(mem.load64(uint32_t(host) + 8), M.R[3]);  // one copy of the shared leaf
  EXPECT_EQ(mem.load64(uint32_t(M.R[3]) + 8), 42u);
  EXPECT_EQ(mem.load64(uint32_t(mem.load64(uint32_t(host) + 16)) + 8), 43u);
  EXPECT_EQ(a.addr, gc.area_lo() + 16 + 24 + 16);  // right after the three live objects
  EXPECT_EQ(M.Hp, a.addr + 24);                   // rounded up to words
  EXPECT_EQ(stats.allocated, 24u);
}

TEST_F(MachineTest, AnAllocationComesZeroed) {
  uint32_t hp = M.Hp;
  std::memset(mem.span(hp, 64), 0xAB, 64);
  Machine::Alloc a = M.alloc(20);
  EXPECT_EQ(a.addr, hp);
  EXPECT_EQ(M.Hp, hp + 24);
  for (uint32_t i = 0; i < 24; ++i) EXPECT_EQ(mem.load8(a.addr + i), 0u) << "byte " << i;
  EXPECT_EQ(mem.load8(a.addr + 24), 0xABu);  // nothing past it
  EXPECT_EQ(stats.gcs, 0u);
}

// A program that keeps little alive collects again and again with a full heap: its memory
// must not grow with every collection (the two semispaces take turns).
TEST_F(MachineTest, RepeatedCollectionsOfAFullHeapReuseTheSpareSemispace) {
  uint64_t keep = boxed(5);
  uint64_t* roots[] = {&keep};
  for (uint32_t i = 0; i < 10; ++i) {
    fill_heap();
    Machine::Alloc a = M.alloc(16, roots, 1);
    ASSERT_EQ(a.raise, 0u) << "collection " << i << ", memory " << mem.size();
    EXPECT_EQ(mem.load64(uint32_t(keep) + 8), 5u);
  }
  EXPECT_EQ(stats.gcs, 10u);
  EXPECT_LE(mem.size(), 8u << 20) << "memory grew with each collection";
}

TEST_F(MachineTest, MoreThan64RootsGoIntoSeveralSpillFrames) {
  constexpr uint32_t n = 70;
  uint64_t vals[n];
  uint64_t* roots[n];
  for (uint32_t i = 0; i < n; ++i) vals[i] = boxed(1000 + i), roots[i] = &vals[i];
  uint32_t sp = M.Sp;
  fill_heap();
  Machine::Alloc a = M.alloc(8, roots, n);
  ASSERT_NE(a.addr, 0u);
  EXPECT_EQ(M.Sp, sp);
  for (uint32_t i = 0; i < n; ++i) {
    EXPECT_TRUE(in_area(vals[i])) << "root " << i;
    EXPECT_EQ(mem.load64(uint32_t(vals[i]) + 8), 1000u + i) << "root " << i;
  }
  EXPECT_EQ(a.addr, gc.area_lo() + 16 * n);
}

TEST_F(MachineTest, AnAllocationTheHeapLimitCannotHoldIsAHeapOverflow) {
  gc.init(kHeapLo, kSemi, kStaticEnd, kSemi);  // -M: one semispace
  M.Hp = gc.area_lo();
  M.HpLim = gc.area_end();
  uint64_t keep = boxed(5);
  uint64_t* roots[] = {&keep};
  uint32_t sp = M.Sp, size = mem.size();
  Machine::Alloc a = M.alloc(2 * kSemi, roots, 1);
  EXPECT_EQ(a.addr, 0u);
  EXPECT_EQ(a.raise, heap_overflow_exc);
  EXPECT_EQ(gc.heap_overflows(), 1u);
  EXPECT_EQ(mem.size(), size);  // no bigger to-space under the limit
  EXPECT_EQ(M.Sp, sp);
  EXPECT_EQ(mem.load64(uint32_t(keep) + 8), 5u);  // the root is still valid
  // The program got HeapOverflow: it has headroom past the limit now, for its handlers.
  a = M.alloc(2 * kSemi, roots, 1);
  EXPECT_NE(a.addr, 0u);
  EXPECT_EQ(a.raise, 0u);
  EXPECT_GE(M.HpLim - a.addr, 2 * kSemi);
  EXPECT_EQ(mem.load64(uint32_t(keep) + 8), 5u);
}

// A single large object bigger than the -M limit is a HeapOverflow at once, before the
// non-moving space grows for it.
TEST_F(MachineTest, ALargeObjectBiggerThanTheHeapLimitIsAHeapOverflowAtOnce) {
  gc.init(kHeapLo, kSemi, kStaticEnd, kSemi);  // -M: one semispace
  uint32_t size = mem.size();
  uint64_t live = los.live_bytes();
  Machine::Alloc a = M.alloc_large(2 * kSemi, 16);
  EXPECT_EQ(a.addr, 0u);
  EXPECT_EQ(a.raise, heap_overflow_exc);
  EXPECT_EQ(mem.size(), size);
  EXPECT_EQ(los.live_bytes(), live);
  EXPECT_EQ(stats.gcs, 0u);
  a = M.alloc_large(kSemi / 2, 16);  // one that fits is allocated as usual
  EXPECT_NE(a.addr, 0u);
}

TEST_F(MachineTest, WithoutALimitABigRequestGrowsTheHeap) {
  uint32_t size = mem.size();
  Machine::Alloc a = M.alloc(2 * kSemi);
  ASSERT_NE(a.addr, 0u);
  EXPECT_TRUE(in_area(a.addr));
  EXPECT_GE(M.HpLim - a.addr, 2 * kSemi);
  EXPECT_GT(mem.size(), size);
  EXPECT_EQ(stats.gcs, 1u);
}

TEST_F(MachineTest, ALargeObjectGoesToTheNonMovingSpaceAligned) {
  Machine::Alloc a = M.alloc_large(1000, 64);
  ASSERT_NE(a.addr, 0u);
  EXPECT_TRUE(los.is_block(a.addr));
  EXPECT_EQ((a.addr + L::kArrPayload) % 64, 0u);  // the payload, after the array header
  for (uint32_t i = 0; i < 1008; ++i) ASSERT_EQ(mem.load8(a.addr + i), 0u) << "byte " << i;
  EXPECT_EQ(gc.los_since_gc(), 1008u);
}

#if !defined(__wasm__)
TEST_F(MachineTest, WithoutAHeapOverflowClosureAnOverflowIsFatal) {
  gc.init(kHeapLo, kSemi, kStaticEnd, kSemi);
  M.Hp = gc.area_lo();
  M.HpLim = gc.area_end();
  mem.store32(L::kRtsClosureTable + 4 * L::kHeapOverflowClosure, 0);
  EXPECT_THROW(M.alloc(2 * kSemi), RuntimeFatal);
}
#endif

TEST_F(MachineTest, ReservingPastTheStackLimitIsAStackOverflowAndChangesNothing) {
  mem.store32(L::reg_addr(L::kRegStackLimit), kMainStackHi - kMainStackLo);  // -K: the stack it has
  push_frames({{ret2, 1}});
  uint32_t sp = M.Sp, splim = M.SpLim, lo = M.stack_lo, hi = M.stack_hi;
  EXPECT_EQ(M.reserve_stack(2000), stack_overflow_exc);
  EXPECT_EQ(M.Sp, sp);
  EXPECT_EQ(M.SpLim, splim);
  EXPECT_EQ(M.stack_lo, lo);
  EXPECT_EQ(M.stack_hi, hi);
  EXPECT_EQ(thr.half(main_tso, L::kTsoStackLo), lo);
  EXPECT_EQ(thr.half(main_tso, L::kTsoStackHi), hi);
  EXPECT_EQ(stack_word(1), 1u);
  EXPECT_EQ(M.reserve_stack(10), 0u);  // room as it is: nothing moves
  EXPECT_EQ(M.Sp, sp);
  EXPECT_EQ(M.stack_lo, lo);
}

TEST_F(MachineTest, ReservingWithinTheLimitMovesTheStackWithItsFrames) {
  push_frames({{ret2, 11}, {ret2, 12}});
  uint32_t used = M.stack_hi - M.Sp, old_lo = M.stack_lo;
  EXPECT_EQ(M.reserve_stack(2000), 0u);
  EXPECT_NE(M.stack_lo, old_lo);
  EXPECT_TRUE(los.is_block(M.stack_lo));
  EXPECT_EQ(M.stack_lo, thr.half(main_tso, L::kTsoStackLo));
  EXPECT_EQ(M.stack_hi, thr.half(main_tso, L::kTsoStackHi));
  EXPECT_EQ(M.stack_hi - M.stack_lo, 2 * (kMainStackHi - kMainStackLo));
  EXPECT_EQ(M.stack_hi - M.Sp, used);
  EXPECT_EQ(M.SpLim, M.stack_lo + 8 * L::kStackReserveWords);
  EXPECT_GE(M.Sp - 8 * 2000, M.SpLim);
  EXPECT_EQ(M.main_stack_hi, kMainStackHi);  // the first stack's end stays recorded
  EXPECT_EQ(stack_word(0), ret2);
  EXPECT_EQ(stack_word(1), 11u);
  EXPECT_EQ(stack_word(3), 12u);
  EXPECT_EQ(stack_word(4), rts_info(mem, L::kStopFrameInfo));
  M.push(99);
  EXPECT_EQ(stack_word(0), 99u);
  EXPECT_EQ(stats.max_stack, used + 8);
}

#if !defined(__wasm__)
TEST_F(MachineTest, WithoutAStackOverflowClosureAnOverflowIsFatal) {
  mem.store32(L::reg_addr(L::kRegStackLimit), kMainStackHi - kMainStackLo);
  mem.store32(L::kRtsClosureTable + 4 * L::kStackOverflowClosure, 0);
  EXPECT_THROW(M.reserve_stack(2000), RuntimeFatal);
}
#endif

}  // namespace
}  // namespace stgvm
