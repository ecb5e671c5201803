// Ending a thunk's evaluation (runtime/updates.h): a heap thunk becomes an indirection, a
// static one an IND_STATIC that goes on the CAF list once, and the threads waiting on its
// BLACKHOLE enter it again. Built natively against GoogleTest and for wasm32-wasi.
#include "runtime/updates.h"

#include <vector>

#include "machine_rig.h"
#include "runtime/closures.h"
#include "test_api.h"

namespace stgvm {
namespace {

namespace L = layout;

class UpdatesTest : public ::testing::Test {
 protected:
  Memory mem{1u << 20, 1u << 20};
  Threads thr{mem};
  static constexpr uint32_t kInd = 0x20000, kIndStatic = 0x20040, kRaise = 0x20080;
  static constexpr uint32_t kStaticEnd = 0x30000;
  void SetUp() override {
    mem.store32(L::kRtsInfoTable + 4 * L::kIndInfo, kInd);
    mem.store32(L::kRtsInfoTable + 4 * L::kIndStaticInfo, kIndStatic);
  }
};

TEST_F(UpdatesTest, AHeapThunkBecomesAnIndirection) {
  uint32_t t = 0x40000;
  overwrite_thunk(mem, thr, kStaticEnd, t, kInd, 0x40100);
  EXPECT_EQ(info_of(mem, t), kInd);
  EXPECT_EQ(mem.load64(t + L::kIndirectee), 0x40100u);
}

// A CAF becomes IND_STATIC; its link word stays the collector's (not a list of CAFs: the
// static reference tables keep CAFs alive, runtime/collector.h).
TEST_F(UpdatesTest, AStaticThunkBecomesAStaticIndirection) {
  uint32_t a = 0x21000, b = 0x21100;
  overwrite_thunk(mem, thr, kStaticEnd, a, kInd, 0x40100);
  EXPECT_EQ(info_of(mem, a), kIndStatic);
  overwrite_thunk(mem, thr, kStaticEnd, b, kRaise, 0x40200);  // raised: stays a raise closure
  EXPECT_EQ(info_of(mem, b), kRaise);
  overwrite_thunk(mem, thr, kStaticEnd, a, kInd, 0x40300);
  EXPECT_EQ(mem.load64(a + L::kIndirectee), 0x40300u);
  for (uint32_t c : {a, b}) EXPECT_EQ(mem.load64(c + L::kStaticLink), 0u);
}

TEST_F(UpdatesTest, ThreadsWaitingOnTheBlackholeEnterItAgain) {
  uint32_t t = 0x40000, waiter = 0x50000, elsewhere = 0x50100;
  thr.block(waiter, ThreadState::BlockedBlackhole, t, 0);
  thr.block(elsewhere, ThreadState::BlockedBlackhole, 0x40800, 0);
  overwrite_thunk(mem, thr, kStaticEnd, t, kInd, 0x40100);
  EXPECT_EQ(thr.state(waiter), ThreadState::Runnable);
  EXPECT_EQ(thr.next_to_run(), waiter);
  EXPECT_EQ(thr.state(elsewhere), ThreadState::BlockedBlackhole);
}

// An update frame's return, in both forms (the observed one of Driver::rt_call, the raw one
// of the interpreter's unobserved loop): the frame (info, updatee) is popped, the thunk becomes
// IND (IND_STATIC below the static end) to the value, and its waiters run again.
class UpdateFrameTest : public ::testing::Test, protected test_rig::MachineRig {
 protected:
  uint32_t thunk_info = info(L::THUNK);
  template <bool kObservable>
  void pops_and_updates() {
    uint32_t upd = rts_info(mem, L::kUpdateFrameInfo);
    uint32_t on_heap = heap({thunk_info, 0, 0}), caf = static_closure(thunk_info);
    uint32_t waiter = fork();
    thr.block(waiter, ThreadState::BlockedBlackhole, on_heap, 0);
    push_frames({{upd, on_heap}, {upd, caf}});
    uint32_t sp = M.Sp;
    uint32_t v = boxed(7), w = boxed(8);
    update_from_frame<kObservable>(mem, thr, gc, M.Sp, v);
    EXPECT_EQ(M.Sp, sp + 8 * L::kUpdateFrameWords);
    EXPECT_EQ(info_of(mem, on_heap), rts_info(mem, L::kIndInfo));
    EXPECT_EQ(mem.load64(on_heap + L::kIndirectee), v);
    EXPECT_EQ(thr.state(waiter), ThreadState::Runnable);
    update_from_frame<kObservable>(mem, thr, gc, M.Sp, w);
    EXPECT_EQ(M.Sp, sp + 16 * L::kUpdateFrameWords);
    EXPECT_EQ(info_of(mem, caf), rts_info(mem, L::kIndStaticInfo));
    EXPECT_EQ(mem.load64(caf + L::kIndirectee), w);
  }
};

TEST_F(UpdateFrameTest, TheObservedFormPopsTheFrameAndUpdatesTheThunk) { pops_and_updates<true>(); }
TEST_F(UpdateFrameTest, TheRawFormPopsTheFrameAndUpdatesTheThunk) { pops_and_updates<false>(); }

}  // namespace
}  // namespace stgvm
