// Raising exceptions (runtime/raise.h) on hand-laid stacks: the handler of the nearest catch
// frame runs masked above a frame that restores the saved state; a synchronous exception
// makes the thunks on the way raise it again, an asynchronous one freezes them into
// AP_STACKs (also when that allocation collects and grows the stack), which give their
// frames back when entered. Built natively against GoogleTest and for wasm32-wasi.
#include "runtime/raise.h"

#include "machine_rig.h"
#include "runtime/apply.h"
#include "runtime/trap.h"
#include "test_api.h"

namespace stgvm {
namespace {

namespace L = layout;

class RaiseTest : public ::testing::Test, protected test_rig::MachineRig {
 protected:
  static constexpr uint32_t kRetBlock = 300, kHandlerBlock = 150;
  uint32_t ret2 = frame_info(2, 0, kRetBlock);
  uint32_t thunk_info = info(L::THUNK, ptrs(0, 1), 0, 102);
  uint32_t handler = static_closure(fun_info(2, kHandlerBlock));
  uint32_t upd = rts_info(mem, L::kUpdateFrameInfo), catch_ = rts_info(mem, L::kCatchFrameInfo);
  uint32_t restore = rts_info(mem, L::kRestoreMaskInfo), enter_frame = rts_info(mem, L::kEnterFrameInfo);
  uint32_t thunk() { return heap({thunk_info, 0, 0}); }
  void expect_handler_runs(uint64_t exc, uint64_t saved_mask) {
    EXPECT_EQ(M.R[0], handler);
    EXPECT_EQ(M.R[1], exc);
    EXPECT_EQ(M.R[2], 0u);  // the State# token
    // Masked interruptibly, unless catch# ran uninterruptibly masked (rts/Exception.cmm).
    EXPECT_EQ(M.mask, saved_mask == 2 ? 2u : 1u);
    EXPECT_EQ(stack_word(0), restore);
    EXPECT_EQ(stack_word(1), saved_mask);
  }
};

TEST_F(RaiseTest, ASynchronousExceptionRunsTheHandlerMaskedAndThunksRaiseAgain) {
  uint32_t t1 = thunk(), t2 = thunk(), below = thunk(), exc = boxed(99);
  push_frames({{ret2, 1}, {upd, t1}, {ret2, 2}, {upd, t2}, {catch_, handler, 2}, {ret2, 3}, {upd, below}});
  uint32_t catch_at = M.Sp + 8 * 8;
  M.mask = 0;
  EXPECT_EQ(raise(M, exc), kHandlerBlock);
  EXPECT_EQ(M.Sp, catch_at + 8);  // the restore frame in the catch frame's place
  expect_handler_runs(exc, 2);
  EXPECT_EQ(stack_word(2), ret2);
  EXPECT_EQ(stack_word(3), 3u);
  for (uint32_t t : {t1, t2}) {
    EXPECT_EQ(info_of(mem, t), rts_info(mem, L::kRaiseInfo));
    EXPECT_EQ(mem.load64(t + L::kIndirectee), exc);
  }
  EXPECT_EQ(info_of(mem, below), thunk_info);  // below the handler: untouched
}

TEST_F(RaiseTest, RestoringTheMaskDeliversAnExceptionThatWaitedForIt) {
  push_frames({{restore, 1}, {ret2, 4}});
  M.mask = 2;
  EXPECT_EQ(restore_mask(M), kRetBlock);
  EXPECT_EQ(M.mask, 1u);
  EXPECT_EQ(stack_word(0), ret2);
  // Unmasked again with a thread waiting to throw to this one: its exception arrives.
  uint32_t thrower = fork(), exc = boxed(98);
  thr.block(thrower, ThreadState::BlockedThrowTo, main_tso, exc);
  push_frames({{restore, 0}, {ret2, 5}, {catch_, handler, 0}});
  EXPECT_EQ(restore_mask(M), kHandlerBlock);
  expect_handler_runs(exc, 0);
  EXPECT_EQ(thr.state(thrower), ThreadState::Runnable);  // its throwTo returns
  EXPECT_EQ(thr.first(main_tso + L::kTsoThrowHead), 0u);
}

TEST_F(RaiseTest, AnAsynchronousExceptionFreezesEachInterruptedEvaluation) {
  uint32_t t1 = thunk(), t2 = thunk(), exc = boxed(97);
  push_frames({{ret2, 1}, {ret2, 2}, {upd, t1}, {ret2, 3}, {upd, t2}, {catch_, handler, 0}});
  uint32_t sp = M.Sp;
  EXPECT_EQ(raise(M, exc, /*async=*/true), kHandlerBlock);
  expect_handler_runs(exc, 0);
  EXPECT_EQ(stats.gcs, 0u);
  // t1's evaluation: the two frames above its update frame, which became "evaluate t1".
  EXPECT_EQ(info_of(mem, t1), rts_info(mem, L::kIndInfo));
  uint32_t ap1 = uint32_t(mem.load64(t1 + L::kIndirectee));
  EXPECT_EQ(info_of(mem, ap1), rts_info(mem, L::kApStackInfo));
  ASSERT_EQ(mem.load64(ap1 + L::kApStackSize), 4u);
  const uint64_t want1[] = {ret2, 1, ret2, 2};
  for (uint32_t i = 0; i < 4; ++i) EXPECT_EQ(mem.load64(ap1 + L::kApStackFrames + 8 * i), want1[i]) << i;
  EXPECT_EQ(mem.load64(sp + 32), enter_frame);
  // t2's evaluation resumes t1's first.
  EXPECT_EQ(info_of(mem, t2), rts_info(mem, L::kIndInfo));
  uint32_t ap2 = uint32_t(mem.load64(t2 + L::kIndirectee));
  ASSERT_EQ(mem.load64(ap2 + L::kApStackSize), 4u);
  const uint64_t want2[] = {enter_frame, t1, ret2, 3};
  for (uint32_t i = 0; i < 4; ++i) EXPECT_EQ(mem.load64(ap2 + L::kApStackFrames + 8 * i), want2[i]) << i;
  // Forcing t2 later puts its frames back under an update frame for the AP_STACK.
  EXPECT_EQ(enter(M, t2), uint32_t(RtsBlock::ApStack));
  EXPECT_EQ(M.R[0], ap2);
  uint32_t before = M.Sp;
  EXPECT_EQ(enter_ap_stack(M), uint32_t(RtsBlock::EnterFrame));
  EXPECT_EQ(M.Sp, before - 8 * 6);
  for (uint32_t i = 0; i < 4; ++i) EXPECT_EQ(stack_word(i), want2[i]) << i;
  EXPECT_EQ(stack_word(4), upd);
  EXPECT_EQ(stack_word(5), ap2);
  EXPECT_EQ(info_of(mem, ap2), rts_info(mem, L::kBlackholeInfo));
  EXPECT_EQ(mem.load64(ap2 + L::kIndirectee), main_tso);
}

// The AP_STACK's allocation collects, and spilling the exception for it grows the (full)
// stack: the frames move under the freeze, which must follow them.
TEST_F(RaiseTest, FreezingWithAFullHeapAndAFullStackFollowsTheMovedFrames) {
  uint32_t t = fork();
  run(t);
  uint32_t t1 = thunk(), exc = boxed(96);
  uint32_t old_lo = M.stack_lo, old_hi = M.stack_hi;
  // A big frame without pointers fills the stack to just above SpLim.
  uint32_t filler = (M.Sp - (M.SpLim + 8 + 8 * 7)) / 8;
  M.Sp -= 8 * filler;
  mem.store64(M.Sp, rts_info(mem, L::kApplyFrameInfo));
  mem.store64(M.Sp + 8, filler);
  mem.store64(M.Sp + 16, 0);
  push_frames({{ret2, 1}, {upd, t1}, {catch_, handler, 0}});
  ASSERT_LT(M.Sp - 8 * 4, M.SpLim);  // no room for the spill frame
  uint32_t upd_off = old_hi - (M.Sp + 16);
  fill_heap();
  EXPECT_EQ(raise(M, exc, /*async=*/true), kHandlerBlock);
  EXPECT_EQ(stats.gcs, 1u);
  EXPECT_NE(M.stack_lo, old_lo);
  EXPECT_FALSE(los.is_block(old_lo));
  EXPECT_EQ(M.stack_lo, thr.half(t, L::kTsoStackLo));
  EXPECT_EQ(M.stack_hi, thr.half(t, L::kTsoStackHi));
  EXPECT_EQ(mem.load64(M.stack_hi - 8), rts_info(mem, L::kStopFrameInfo));
  uint32_t exc2 = uint32_t(M.R[1]);
  EXPECT_TRUE(in_area(exc2));
  EXPECT_EQ(mem.load64(exc2 + 8), 96u);
  expect_handler_runs(exc2, 0);
  EXPECT_EQ(stack_word(2), rts_info(mem, L::kApplyFrameInfo));  // the filler, below the handler
  uint32_t at = M.stack_hi - upd_off;  // the update frame, now "evaluate the thunk"
  EXPECT_EQ(mem.load64(at), enter_frame);
  uint32_t t1b = uint32_t(mem.load64(at + 8));
  EXPECT_TRUE(in_area(t1b));
  EXPECT_EQ(info_of(mem, t1b), rts_info(mem, L::kIndInfo));
  uint32_t ap = uint32_t(mem.load64(t1b + L::kIndirectee));
  EXPECT_TRUE(in_area(ap));
  EXPECT_EQ(info_of(mem, ap), rts_info(mem, L::kApStackInfo));
  ASSERT_EQ(mem.load64(ap + L::kApStackSize), 2u);
  EXPECT_EQ(mem.load64(ap + L::kApStackFrames), ret2);
  EXPECT_EQ(mem.load64(ap + L::kApStackFrames + 8), 1u);
}

TEST_F(RaiseTest, AnUpdateFrameOnTopHasNothingToFreeze) {
  uint32_t t1 = thunk(), exc = boxed(95);
  push_frames({{upd, t1}, {catch_, handler, 0}});
  EXPECT_EQ(raise(M, exc, /*async=*/true), kHandlerBlock);
  EXPECT_EQ(info_of(mem, t1), rts_info(mem, L::kRaiseInfo));
  EXPECT_EQ(mem.load64(t1 + L::kIndirectee), exc);
}

TEST_F(RaiseTest, AForkedThreadWithoutAHandlerJustEnds) {
  run(fork());
  uint32_t t1 = thunk();
  push_frames({{ret2, 1}, {upd, t1}});
  EXPECT_EQ(raise(M, boxed(94)), kBlockDone);
  EXPECT_EQ(info_of(mem, t1), rts_info(mem, L::kRaiseInfo));
}

#if !defined(__wasm__)
TEST_F(RaiseTest, TheMainThreadWithoutAHandlerIsFatal) {
  push_frames({{ret2, 1}});
  EXPECT_THROW(raise(M, boxed(93)), RuntimeFatal);
  EXPECT_THROW(raise(M, 0), RuntimeFatal);  // a closure the program does not have
}
#endif

}  // namespace
}  // namespace stgvm
