// Ending a thunk's evaluation (runtime/updates.h): a heap thunk becomes an indirection, a
// static one an IND_STATIC that goes on the CAF list once, and the threads waiting on its
// BLACKHOLE enter it again. Built natively against GoogleTest and for wasm32-wasi.
#include "runtime/updates.h"

#include <vector>

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

}  // namespace
}  // namespace stgvm
