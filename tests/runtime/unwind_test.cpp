// Stack walks for raising (runtime/unwind.h): a synchronous exception makes every thunk under
// evaluation raise it again and stops at the nearest catch frame (or the stop frame); an
// interrupted thread's next step becomes a frame on its stack. Stacks and frames are laid
// out by hand as lower/ lays them out. Built natively against GoogleTest and for wasm32-wasi.
#include "runtime/unwind.h"

#include <initializer_list>
#include <utility>

#include "runtime/closures.h"
#include "test_api.h"

namespace stgvm {
namespace {

namespace L = layout;

class UnwindTest : public ::testing::Test {
 protected:
  Memory mem{1u << 20, 1u << 20};
  Threads thr{mem};
  uint32_t statics = L::kStaticBase;
  static constexpr uint32_t kStaticEnd = 0x30000, kStackHi = 0x48000;
  uint32_t info(uint32_t type, uint32_t layout_word = 0) {
    uint32_t a = statics;
    statics += 8 * L::kInfoWords;
    mem.store64(a + L::kInfoLayout, layout_word);
    mem.store64(a + L::kInfoType, type);
    return a;
  }
  uint32_t ret2, upd, catch_, stop, raise, ind;
  void SetUp() override {
    ret2 = info(L::RET_SMALL, 2);  // [info, one word], no pointers
    upd = info(L::UPDATE_FRAME);
    catch_ = info(L::CATCH_FRAME);
    stop = info(L::STOP_FRAME);
    raise = info(L::THUNK, 1);
    ind = info(L::IND, 1);
    for (auto [i, a] : {std::pair{L::kRaiseInfo, raise}, {L::kIndInfo, ind}, {L::kIndStaticInfo, ind},
                        {L::kApStackInfo, info(L::AP_STACK)}, {L::kUpdateFrameInfo, upd},
                        {L::kBlackholeInfo, info(L::BLACKHOLE, 1)},
                        {L::kRetryMVarInfo, info(L::RET_SMALL, 4)}, {L::kRetryThrowToInfo, info(L::RET_SMALL, 3)},
                        {L::kEnterFrameInfo, info(L::RET_SMALL, 2)}, {L::kRetValueInfo, info(L::RET_SMALL, 2)}})
      mem.store32(L::kRtsInfoTable + 4 * i, a);
  }
  // Pushes frames (each a list of words, top frame first) ending at kStackHi; returns Sp.
  uint32_t stack(std::initializer_list<std::initializer_list<uint64_t>> frames) {
    uint32_t words = 0;
    for (auto& f : frames) words += uint32_t(f.size());
    uint32_t sp = kStackHi - 8 * words, p = sp;
    for (auto& f : frames)
      for (uint64_t w : f) mem.store64(p, w), p += 8;
    return sp;
  }
};

TEST_F(UnwindTest, ThunksUnderEvaluationRaiseAgainAndTheWalkStopsAtTheCatchFrame) {
  uint32_t heap_thunk = 0x40000, caf = 0x21000, below = 0x40100, exc = 0x40200;
  uint32_t sp = stack({{ret2, 7}, {upd, heap_thunk}, {ret2, 8}, {upd, caf}, {catch_, 0x40300, 0}, {upd, below}, {stop}});
  uint32_t at = unwind_to_handler(mem, thr, kStaticEnd, sp, exc);
  EXPECT_EQ(at, sp + 8 * 8);
  EXPECT_EQ(info_of(mem, at), catch_);
  for (uint32_t t : {heap_thunk, caf}) {
    EXPECT_EQ(info_of(mem, t), raise);
    EXPECT_EQ(mem.load64(t + L::kIndirectee), exc);
  }
  EXPECT_EQ(mem.load64(below), 0u);  // below the handler: untouched
}

TEST_F(UnwindTest, WithoutAHandlerTheWalkEndsAtTheStopFrame) {
  uint32_t sp = stack({{ret2, 1}, {upd, 0x40000}, {stop}});
  uint32_t at = unwind_to_handler(mem, thr, kStaticEnd, sp, 0x40200);
  EXPECT_EQ(at, kStackHi - 8);
  EXPECT_EQ(info_of(mem, 0x40000), raise);
}

// An evaluation an asynchronous exception interrupts is frozen, and entering the frozen
// thunk later puts exactly those frames back under a fresh update frame.
TEST_F(UnwindTest, AFrozenEvaluationComesBackFrameForFrame) {
  uint32_t thunk = 0x40000, ap = 0x40100, tso = 0x50000;
  uint32_t sp = stack({{ret2, 11}, {ret2, 12}, {upd, thunk}, {stop}});
  uint32_t p = sp + 8 * 4;  // the update frame
  freeze_into_ap_stack(mem, thr, kStaticEnd, sp, p, ap);
  EXPECT_EQ(info_of(mem, thunk), ind);
  EXPECT_EQ(mem.load64(thunk + L::kIndirectee), ap);
  EXPECT_EQ(info_of(mem, ap), rts_info(mem, L::kApStackInfo));
  EXPECT_EQ(mem.load64(ap + L::kApStackSize), 4u);
  EXPECT_EQ(info_of(mem, p), rts_info(mem, L::kEnterFrameInfo));  // "evaluate the thunk" now
  EXPECT_EQ(mem.load64(p + 8), thunk);
  // Entered again, on another stack.
  uint32_t sp2 = push_ap_stack(mem, 0x47000, ap, tso);
  EXPECT_EQ(sp2, 0x47000u - 8 * (4 + L::kUpdateFrameWords));
  for (uint32_t i = 0; i < 4; ++i) EXPECT_EQ(mem.load64(sp2 + 8 * i), mem.load64(sp + 8 * i));
  EXPECT_EQ(mem.load64(sp2 + 32), upd);
  EXPECT_EQ(mem.load64(sp2 + 40), ap);
  EXPECT_EQ(info_of(mem, ap), rts_info(mem, L::kBlackholeInfo));  // under evaluation by tso
  EXPECT_EQ(mem.load64(ap + L::kIndirectee), tso);
}

TEST_F(UnwindTest, AnInterruptedThreadsNextStepBecomesAFrame) {
  uint32_t t = 0x50000, sp = stack({{stop}});
  auto reset = [&](ThreadState s) {
    thr.set_state(t, s);
    thr.set_word(t, L::kTsoSp, sp);
  };
  // Blocked in putMVar#: retry it, with the value.
  reset(ThreadState::Runnable);
  thr.block(t, ThreadState::BlockedPut, 0x40000, 0x40400);
  freeze_resume_state(mem, thr, t);
  uint32_t top = uint32_t(thr.word(t, L::kTsoSp));
  EXPECT_EQ(top, sp - 32);
  EXPECT_EQ(info_of(mem, top), rts_info(mem, L::kRetryMVarInfo));
  EXPECT_EQ(mem.load64(top + 8), 2u);  // put
  EXPECT_EQ(mem.load64(top + 16), 0x40000u);
  EXPECT_EQ(mem.load64(top + 24), 0x40400u);
  // Suspended to evaluate a closure: evaluate it.
  reset(ThreadState::Runnable);
  thr.save_resume(t, Resume::Enter, 1, 0x40500, 0, 1);
  freeze_resume_state(mem, thr, t);
  top = uint32_t(thr.word(t, L::kTsoSp));
  EXPECT_EQ(info_of(mem, top), rts_info(mem, L::kEnterFrameInfo));
  EXPECT_EQ(mem.load64(top + 8), 0x40500u);
  // Returning a value: return it. A void return needs nothing.
  reset(ThreadState::Runnable);
  thr.save_resume(t, Resume::Return, 1, 0x40600, 0, 1);
  freeze_resume_state(mem, thr, t);
  EXPECT_EQ(info_of(mem, thr.word(t, L::kTsoSp)), rts_info(mem, L::kRetValueInfo));
  reset(ThreadState::Runnable);
  thr.save_resume(t, Resume::Return, 0, 0, 0, 0);
  freeze_resume_state(mem, thr, t);
  EXPECT_EQ(thr.word(t, L::kTsoSp), sp);
}

}  // namespace
}  // namespace stgvm
