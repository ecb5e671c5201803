// Thread control (runtime/control.h) and the scheduler's decisions (runtime/scheduler.h) on
// hand-laid threads: catch frames, masking, MVar hand-offs and blocking, yielding, throwTo,
// preemption at a block's entry and resuming from it, sleeping on the virtual clock, and
// deadlock detection. Built natively against GoogleTest and for wasm32-wasi.
#include "runtime/control.h"

#include "machine_rig.h"
#include "runtime/apply.h"
#include "runtime/raise.h"
#include "runtime/scheduler.h"
#include "runtime/updates.h"
#include "test_api.h"

namespace stgvm {
namespace {

namespace L = layout;

class ControlTest : public ::testing::Test, protected test_rig::MachineRig {
 protected:
  static constexpr uint32_t kRetBlock = 300, kIoBlock = 110, kHandlerBlock = 150;
  uint32_t ret = frame_info(2, 0, kRetBlock);
  uint32_t io = static_closure(fun_info(1, kIoBlock));
  uint32_t handler = static_closure(fun_info(2, kHandlerBlock));
  uint32_t catch_ = rts_info(mem, L::kCatchFrameInfo), restore = rts_info(mem, L::kRestoreMaskInfo);
  ControlTest() { push_frames({{ret, 0}}); }
  uint32_t mvar(uint64_t value) { return heap({rts_info(mem, L::kMVarInfo), value, 0, 0}); }
  uint32_t op(ControlOp o, std::initializer_list<uint64_t> args) {
    return control_op(M, o, args.begin(), uint32_t(args.size()), "test");
  }
};
class SchedulerTest : public ControlTest {};

TEST_F(ControlTest, CatchPushesAFrameWithTheCurrentMaskAndRunsTheAction) {
  M.mask = 2;
  uint32_t sp = M.Sp;
  EXPECT_EQ(op(ControlOp::Catch, {io, handler}), kIoBlock);
  EXPECT_EQ(M.Sp, sp - 24);
  EXPECT_EQ(stack_word(0), catch_);
  EXPECT_EQ(stack_word(1), handler);
  EXPECT_EQ(stack_word(2), 2u);
  EXPECT_EQ(M.R[0], io);
  EXPECT_EQ(M.R[1], 0u);
  EXPECT_EQ(M.mask, 2u);
  // An exception in the action: the handler, and afterwards the mask the catch saw.
  uint32_t exc = boxed(1);
  EXPECT_EQ(raise(M, exc), kHandlerBlock);
  EXPECT_EQ(M.R[1], exc);
  EXPECT_EQ(stack_word(0), restore);
  EXPECT_EQ(stack_word(1), 2u);
}

TEST_F(ControlTest, MaskRunsTheActionMaskedAndUnmaskDeliversAWaitingException) {
  uint32_t sp = M.Sp;
  EXPECT_EQ(op(ControlOp::Mask, {io}), kIoBlock);
  EXPECT_EQ(M.mask, 1u);
  EXPECT_EQ(M.Sp, sp - 16);
  EXPECT_EQ(stack_word(0), restore);
  EXPECT_EQ(stack_word(1), 0u);
  uint32_t thrower = fork(), exc = boxed(2);
  thr.block(thrower, ThreadState::BlockedThrowTo, main_tso, exc);
  push_frames({{catch_, handler, 1}});
  EXPECT_EQ(op(ControlOp::Unmask, {io}), kHandlerBlock);
  EXPECT_EQ(M.R[1], exc);
  EXPECT_EQ(M.mask, 1u);  // the handler runs masked
  EXPECT_EQ(thr.state(thrower), ThreadState::Runnable);
}

TEST_F(ControlTest, TakingFromAFullMVarReturnsItsValueAndEmptiesIt) {
  uint32_t v = boxed(7), mv = mvar(v), sp = M.Sp;
  EXPECT_EQ(op(ControlOp::TakeMVar, {mv}), kRetBlock);
  EXPECT_EQ(M.R[0], v);
  EXPECT_EQ(mem.load64(mv + L::kMVarValue), 0u);
  EXPECT_EQ(M.Sp, sp);
  EXPECT_EQ(thr.state(main_tso), ThreadState::Runnable);
  uint32_t mv2 = mvar(v);
  M.R[0] = 0;
  EXPECT_EQ(op(ControlOp::ReadMVar, {mv2}), kRetBlock);
  EXPECT_EQ(M.R[0], v);
  EXPECT_EQ(mem.load64(mv2 + L::kMVarValue), v);  // reading leaves it full
}

TEST_F(ControlTest, TakingFromAnEmptyMVarBlocks) {
  uint32_t mv = mvar(0), sp = M.Sp;
  EXPECT_EQ(op(ControlOp::TakeMVar, {mv}), kBlockSwitch);
  EXPECT_EQ(thr.state(main_tso), ThreadState::BlockedTake);
  EXPECT_EQ(thr.word(main_tso, L::kTsoBlockedOn), mv);
  EXPECT_EQ(thr.first(mv + L::kMVarHead), main_tso);
  EXPECT_EQ(M.Sp, sp);
  EXPECT_TRUE(thr.run_queue_empty());
}

TEST_F(ControlTest, PuttingHandsTheValueToTheOldestBlockedTaker) {
  uint32_t mv = mvar(0), v = boxed(8), t1 = fork(), t2 = fork();
  thr.block(t1, ThreadState::BlockedTake, mv, 0);
  thr.block(t2, ThreadState::BlockedTake, mv, 0);
  EXPECT_EQ(op(ControlOp::PutMVar, {mv, v}), kRetBlock);  // the putter goes on
  EXPECT_EQ(mem.load64(mv + L::kMVarValue), 0u);           // taken at once
  EXPECT_EQ(thr.state(t1), ThreadState::Runnable);
  EXPECT_EQ(thr.state(t2), ThreadState::BlockedTake);
  EXPECT_EQ(thr.first(mv + L::kMVarHead), t2);
  // The taker runs next, with the value in R0.
  thread_stopped(M, kBlockSwitch, false);
  M.R[0] = 0;
  EXPECT_EQ(run_next_thread(M), uint32_t(RtsBlock::Stop));  // its stack: just the stop frame
  EXPECT_EQ(M.cur, t1);
  EXPECT_EQ(M.R[0], v);
  EXPECT_EQ(M.Sp, thr.word(t1, L::kTsoSp));
  EXPECT_EQ(M.stack_hi, thr.half(t1, L::kTsoStackHi));
  EXPECT_EQ(thr.next_to_run(), main_tso);  // the putter queued behind it
}

TEST_F(ControlTest, APutterBlockedOnAFullMVarRefillsItWhenItIsTaken) {
  uint32_t a = boxed(1), b = boxed(2), mv = mvar(a);
  EXPECT_EQ(op(ControlOp::PutMVar, {mv, b}), kBlockSwitch);
  EXPECT_EQ(thr.state(main_tso), ThreadState::BlockedPut);
  EXPECT_EQ(thr.word(main_tso, L::kTsoBlockValue), b);
  thread_stopped(M, kBlockSwitch, false);
  EXPECT_TRUE(thr.run_queue_empty());  // blocked: not queued
  uint32_t t = fork();
  run(t);
  push_frames({{ret, 0}});
  EXPECT_EQ(op(ControlOp::TakeMVar, {mv}), kRetBlock);
  EXPECT_EQ(M.R[0], a);
  EXPECT_EQ(mem.load64(mv + L::kMVarValue), b);
  EXPECT_EQ(thr.state(main_tso), ThreadState::Runnable);
  EXPECT_EQ(thr.next_to_run(), main_tso);
}

TEST_F(ControlTest, YieldingWithNobodyElseToRunGoesOn) {
  uint32_t sp = M.Sp;
  EXPECT_EQ(op(ControlOp::Yield, {}), kRetBlock);
  EXPECT_EQ(M.Sp, sp);
  thr.make_runnable(fork());
  EXPECT_EQ(op(ControlOp::Yield, {}), kBlockSwitch);
  EXPECT_EQ(Resume(thr.half(main_tso, L::kTsoResume)), Resume::Return);
  EXPECT_EQ(thr.half(main_tso, L::kTsoNArgs), 0u);
}

// An unmasked target blocked on an MVar is interrupted: it will retry the take if a frozen
// evaluation resumes it, and raises first.
TEST_F(ControlTest, KillingABlockedThreadInterruptsIt) {
  uint32_t mv = mvar(0), t = fork(), exc = boxed(3);
  uint32_t t_sp = uint32_t(thr.word(t, L::kTsoSp));
  thr.block(t, ThreadState::BlockedTake, mv, 0);
  EXPECT_EQ(op(ControlOp::KillThread, {t, exc}), kRetBlock);
  EXPECT_EQ(thr.state(t), ThreadState::Runnable);
  EXPECT_EQ(thr.first(mv + L::kMVarHead), 0u);
  EXPECT_EQ(Resume(thr.half(t, L::kTsoResume)), Resume::Raise);
  EXPECT_EQ(thr.word(t, L::kTsoR0), exc);
  uint32_t top = uint32_t(thr.word(t, L::kTsoSp));
  EXPECT_EQ(top, t_sp - 32);
  EXPECT_EQ(mem.load64(top), rts_info(mem, L::kRetryMVarInfo));
  EXPECT_EQ(mem.load64(top + 16), mv);
  // A masked target that is not blocked: the thrower waits.
  uint32_t u = fork();
  thr.set_half(u, L::kTsoMask, 1);
  EXPECT_EQ(op(ControlOp::KillThread, {u, exc}), kBlockSwitch);
  EXPECT_EQ(thr.state(main_tso), ThreadState::BlockedThrowTo);
  EXPECT_EQ(thr.first(u + L::kTsoThrowHead), main_tso);
}

// A thunk under evaluation by another thread: wait until it has a value, then enter it again.
TEST_F(ControlTest, EnteringABlackholeOfAnotherThreadWaitsForItsValue) {
  uint32_t owner = fork(), bh = heap({rts_info(mem, L::kBlackholeInfo), owner, 0}), v = boxed(5);
  M.R[0] = bh;
  EXPECT_EQ(enter_blackhole(M), kBlockSwitch);
  EXPECT_EQ(thr.state(main_tso), ThreadState::BlockedBlackhole);
  thread_stopped(M, kBlockSwitch, false);
  EXPECT_TRUE(thr.run_queue_empty());
  run(owner);
  overwrite_thunk(mem, thr, kStaticEnd, bh, rts_info(mem, L::kIndInfo), v);  // its update
  thread_stopped(M, kBlockDone, false);
  EXPECT_EQ(run_next_thread(M), kRetBlock);
  EXPECT_EQ(M.cur, main_tso);
  EXPECT_EQ(M.R[0], v);
}

TEST_F(ControlTest, EnteringItsOwnBlackholeIsALoop) {
  push_frames({{catch_, handler, 0}});
  M.R[0] = heap({rts_info(mem, L::kBlackholeInfo), main_tso, 0});
  EXPECT_EQ(enter_blackhole(M), kHandlerBlock);
  EXPECT_EQ(M.R[1], loop_exc);
}

TEST_F(SchedulerTest, PreemptionSavesTheEntryRegistersForResumeJump) {
  uint32_t a = boxed(1), b = boxed(2), sp = M.Sp;
  M.R[0] = a, M.R[1] = 77, M.R[2] = b;
  EXPECT_EQ(preempt(M, 123, 3, 0b101, false), kBlockSwitch);
  ASSERT_EQ(M.Sp, sp - 8 * 7);
  const uint64_t frame[] = {rts_info(mem, L::kResumeJumpInfo), 7, 0b1010, 123, a, 77, b};
  for (uint32_t i = 0; i < 7; ++i) EXPECT_EQ(stack_word(i), frame[i]) << i;
  EXPECT_EQ(Resume(thr.half(main_tso, L::kTsoResume)), Resume::Return);
  EXPECT_EQ(M.collect(0, nullptr, 0), 0u);  // the frame keeps its pointers alive
  uint32_t a2 = uint32_t(stack_word(4)), b2 = uint32_t(stack_word(6));
  EXPECT_TRUE(in_area(a2));
  EXPECT_TRUE(in_area(b2));
  EXPECT_EQ(stack_word(5), 77u);
  thread_stopped(M, kBlockSwitch, false);
  M.R[0] = M.R[1] = M.R[2] = 0;
  M.R[3] = 555;
  EXPECT_EQ(run_next_thread(M), uint32_t(RtsBlock::ResumeJump));
  EXPECT_EQ(resume_jump(M), 123u);
  EXPECT_EQ(M.R[0], a2);
  EXPECT_EQ(M.R[1], 77u);
  EXPECT_EQ(M.R[2], b2);
  EXPECT_EQ(M.R[3], 555u);  // not an entry register
  EXPECT_EQ(M.Sp, sp);
  EXPECT_EQ(mem.load64(a2 + 8), 1u);
  EXPECT_EQ(mem.load64(b2 + 8), 2u);
}

TEST_F(SchedulerTest, APreemptedThunkEntryEvaluatesTheThunkAgain) {
  uint32_t th = heap({info(L::THUNK, ptrs(0, 1), 0, 102), 0, 0}), sp = M.Sp;
  M.R[0] = th;
  EXPECT_EQ(preempt(M, 102, 1, 1, true), kBlockSwitch);
  EXPECT_EQ(M.Sp, sp);
  thread_stopped(M, kBlockSwitch, false);
  M.R[0] = 0;
  EXPECT_EQ(run_next_thread(M), 102u);
  EXPECT_EQ(M.R[0], th);
}

TEST_F(SchedulerTest, ADeadlockGivesTheMainThreadBlockedIndefinitelyOnMVar) {
  push_frames({{catch_, handler, 0}});
  uint32_t mv = mvar(0), sp = M.Sp;
  EXPECT_EQ(op(ControlOp::TakeMVar, {mv}), kBlockSwitch);
  thread_stopped(M, kBlockSwitch, false);
  ASSERT_TRUE(thr.run_queue_empty());
  M.cur = 0;
  EXPECT_EQ(run_next_thread(M), kHandlerBlock);
  EXPECT_EQ(M.cur, main_tso);
  EXPECT_EQ(thr.state(main_tso), ThreadState::Runnable);
  EXPECT_EQ(stats.gcs, 1u);  // the collection that found nothing can wake it
  uint32_t moved = uint32_t(mem.load64(mv) & ~1ull);  // (the MVar's forwarding address)
  EXPECT_EQ(thr.first(moved + L::kMVarHead), 0u);
  EXPECT_EQ(M.R[0], handler);
  EXPECT_EQ(M.R[1], blocked_exc);
  EXPECT_EQ(M.mask, 1u);
  EXPECT_EQ(M.Sp, sp + 8);  // the restore frame where the catch frame was
  EXPECT_EQ(stack_word(0), restore);
  EXPECT_EQ(stack_word(1), 0u);
  EXPECT_EQ(stack_word(2), ret);
}

TEST_F(SchedulerTest, ADeadlockWakesEveryThreadNothingCanWakeOldestFirst) {
  uint32_t mine = mvar(0), theirs = mvar(0);
  push_frames({{catch_, handler, 0}});
  EXPECT_EQ(op(ControlOp::TakeMVar, {mine}), kBlockSwitch);
  thread_stopped(M, kBlockSwitch, false);
  // A second thread that would fill `mine`, blocked on an MVar only it knows.
  uint32_t other = fork();
  run(other);
  push_frames({{frame_info(2, 1, kRetBlock), mine}, {catch_, handler, 0}});
  EXPECT_EQ(op(ControlOp::TakeMVar, {theirs}), kBlockSwitch);
  thread_stopped(M, kBlockSwitch, false);
  M.cur = 0;
  EXPECT_EQ(run_next_thread(M), kHandlerBlock);
  EXPECT_EQ(M.cur, main_tso);  // the oldest first
  EXPECT_EQ(M.R[1], blocked_exc);
  EXPECT_EQ(thr.state(other), ThreadState::Runnable);
  EXPECT_EQ(thr.first(L::kRunQueueHead), other);
  EXPECT_EQ(thr.word(other, L::kTsoR0), blocked_exc);
}

TEST_F(SchedulerTest, AThreadKnownOnlyToDeadlockedThreadsIsDeadlockedToo) {
  uint32_t mv = mvar(0), other = fork();
  // The main thread holds `other`'s ThreadId# (it could throw to it) but is itself blocked
  // forever; `other` waits on an MVar only it knows. As in GHC, a reference from a thread
  // nothing can wake keeps nothing alive: both get the exception.
  push_frames({{frame_info(2, 1, kRetBlock), other}, {catch_, handler, 0}});
  EXPECT_EQ(op(ControlOp::TakeMVar, {mvar(0)}), kBlockSwitch);
  thread_stopped(M, kBlockSwitch, false);
  run(other);
  EXPECT_EQ(op(ControlOp::TakeMVar, {mv}), kBlockSwitch);
  thread_stopped(M, kBlockSwitch, false);
  M.cur = 0;
  EXPECT_EQ(run_next_thread(M), kHandlerBlock);
  EXPECT_EQ(M.cur, main_tso);
  EXPECT_EQ(thr.state(other), ThreadState::Runnable);
  EXPECT_EQ(thr.word(other, L::kTsoR0), blocked_exc);
}

// delay#: sleepers are queued by wake-up time; when nothing else can run, the virtual clock
// jumps to the first wake-up and exactly the sleepers due then run.
TEST_F(SchedulerTest, SleepersWakeByTheVirtualClockInTheOrderOfTheirWakeUpTimes) {
  uint64_t t0 = M.now_ns();
  EXPECT_EQ(op(ControlOp::Delay, {100}), kBlockSwitch);
  EXPECT_EQ(thr.state(main_tso), ThreadState::Sleeping);
  thread_stopped(M, kBlockSwitch, false);
  uint32_t a = fork(), b = fork();
  run(a);
  EXPECT_EQ(op(ControlOp::Delay, {30}), kBlockSwitch);
  thread_stopped(M, kBlockSwitch, false);
  run(b);
  EXPECT_EQ(op(ControlOp::Delay, {60}), kBlockSwitch);
  thread_stopped(M, kBlockSwitch, false);
  EXPECT_EQ(thr.first(L::kSleepersHead), a);
  EXPECT_EQ(thr.next(a), b);
  EXPECT_EQ(thr.next(b), main_tso);
  M.cur = 0;
  run_next_thread(M);
  EXPECT_EQ(M.cur, a);
  EXPECT_EQ(M.now_ns(), t0 + 30000);  // the clock jumped: no step was executed
  EXPECT_EQ(thr.state(b), ThreadState::Sleeping);
  EXPECT_TRUE(thr.run_queue_empty());
  // Time passes by steps too: a sleeper due by then wakes at the next decision.
  stats.steps += 30000 / Machine::kNsPerStep;
  thread_stopped(M, kBlockDone, false);
  run_next_thread(M);
  EXPECT_EQ(M.cur, b);
  EXPECT_EQ(M.now_ns(), t0 + 60000);
  EXPECT_EQ(thr.first(L::kSleepersHead), main_tso);
  // A sleeper is interruptible, even masked: killThread wakes it with the exception.
  thr.set_half(main_tso, L::kTsoMask, 1);
  uint32_t exc = boxed(7);
  push_frames({{ret, 0}});  // b goes on after the throw
  EXPECT_EQ(op(ControlOp::KillThread, {main_tso, exc}), kRetBlock);
  EXPECT_EQ(thr.state(main_tso), ThreadState::Runnable);
  EXPECT_EQ(thr.first(L::kSleepersHead), 0u);
  EXPECT_EQ(Resume(thr.half(main_tso, L::kTsoResume)), Resume::Raise);
  EXPECT_EQ(thr.word(main_tso, L::kTsoR0), exc);
}

TEST_F(SchedulerTest, ADelayOfNothingIsAYield) {
  EXPECT_EQ(op(ControlOp::Delay, {0}), kRetBlock);
  thr.make_runnable(fork());
  EXPECT_EQ(op(ControlOp::Delay, {uint64_t(-5)}), kBlockSwitch);
  EXPECT_EQ(thr.state(main_tso), ThreadState::Runnable);
  EXPECT_EQ(thr.first(L::kSleepersHead), 0u);
}

// A sleeper will wake: while one sleeps, nobody is deadlocked (the clock jumps instead), and
// a thread blocked on an MVar the sleeper holds is not deadlocked either.
TEST_F(SchedulerTest, AThreadBlockedOnWhatASleeperHoldsIsNotDeadlocked) {
  uint32_t mv = mvar(0), t = fork();
  EXPECT_EQ(op(ControlOp::TakeMVar, {mv}), kBlockSwitch);
  thread_stopped(M, kBlockSwitch, false);
  run(t);
  push_frames({{frame_info(2, 1, kRetBlock), mv}});
  EXPECT_EQ(op(ControlOp::Delay, {1000000}), kBlockSwitch);
  thread_stopped(M, kBlockSwitch, false);
  M.cur = 0;
  run_next_thread(M);
  EXPECT_EQ(M.cur, t);
  EXPECT_EQ(stats.gcs, 0u);  // no deadlock collection
  EXPECT_EQ(thr.state(main_tso), ThreadState::BlockedTake);
}

TEST_F(SchedulerTest, AFinishedThreadGivesBackItsStackAndReleasesItsThrowers) {
  uint32_t t = fork(), exc = boxed(4);
  run(t);
  uint32_t lo = M.stack_lo;
  thr.block(main_tso, ThreadState::BlockedThrowTo, t, exc);
  thread_stopped(M, kBlockDone, false);
  EXPECT_EQ(thr.state(t), ThreadState::Finished);
  EXPECT_FALSE(los.is_block(lo));
  EXPECT_EQ(thr.half(t, L::kTsoStackLo), 0u);
  EXPECT_EQ(thr.half(t, L::kTsoStackHi), 0u);
  EXPECT_EQ(thr.first_unfinished(), main_tso);
  EXPECT_EQ(thr.state(main_tso), ThreadState::Runnable);
  EXPECT_EQ(thr.next_to_run(), main_tso);
}

}  // namespace
}  // namespace stgvm
