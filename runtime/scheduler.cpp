// Scheduling decisions (runtime/scheduler.h). A thread runs until it finishes, blocks on an
// MVar, yields, or — once its time slice is used up — reaches the entry of a closure or
// join point (every loop passes one), where the machine registers the block starts with are
// all that is live.
#include "runtime/scheduler.h"

#include <vector>

#include "runtime/apply.h"
#include "runtime/finalizers.h"
#include "runtime/raise.h"
#include "runtime/stm.h"
#include "runtime/unwind.h"

namespace stgvm {

namespace L = layout;

namespace {
// Where the thread `tso`, suspended, continues (its saved registers back in R0, R1).
uint32_t resume(Machine& M, uint32_t tso) {
  uint32_t n = M.thr.half(tso, L::kTsoNArgs);
  Resume how = Resume(M.thr.half(tso, L::kTsoResume));
  uint32_t nregs = how == Resume::Apply ? n + 1 : n;
  if (nregs > 0) M.R[0] = M.thr.word(tso, L::kTsoR0);
  if (nregs > 1) M.R[1] = M.thr.word(tso, L::kTsoR1);
  switch (how) {
    case Resume::Return: return return_to_frame(M);
    case Resume::Apply: return apply(M, n, M.thr.word(tso, L::kTsoRegBitmap) >> 1);
    case Resume::Enter: return enter(M, M.R[0]);
    case Resume::Raise: return raise(M, M.R[0], /*async=*/true);
  }
  return kBlockDone;
}

// A deadlocked thread gets the exception for what it waits on (rts/Schedule.c
// resurrectThreads), at once even when masked; one waiting to throw does not (`main`: the
// main thread, which always gets one). False if it got none.
bool wake_deadlocked(Machine& M, uint32_t tso, bool main) {
  L::RtsClosure exc;
  switch (M.thr.state(tso)) {
    case ThreadState::BlockedTake: case ThreadState::BlockedRead: case ThreadState::BlockedPut:
      exc = L::kBlockedOnMVarClosure;
      break;
    case ThreadState::BlockedStm: exc = L::kBlockedOnStmClosure; break;
    case ThreadState::BlockedBlackhole: exc = L::kNonTerminationClosure; break;
    default:
      if (!main) return false;
      exc = L::kBlockedOnMVarClosure;
      break;
  }
  freeze_resume_state(M.m, M.thr, tso);
  M.thr.wake(tso, Resume::Raise, 1, M.closure(exc), 1);
  return true;
}
}  // namespace

void resurrect_threads(Machine& M, const std::vector<uint32_t>& threads) {
  for (uint32_t t : threads) wake_deadlocked(M, t, false);
}

void wake_sleepers(Machine& M) {
  if (M.thr.first_wake_time()) M.thr.wake_sleepers(M.now_ns());
}

uint32_t run_next_thread(Machine& M) {
  wake_sleepers(M);
  if (M.thr.run_queue_empty()) {
    // Every thread sleeps or is blocked: with a sleeper, the virtual clock jumps to its
    // wake-up time (no deadlock while a thread will wake: GHC's emptyThreadQueues).
    if (uint64_t wake = M.thr.first_wake_time()) {
      uint64_t now = M.now_ns();
      if (wake > now) M.m.store64(L::reg_addr(L::kRegClockSkipped), M.m.load64(L::reg_addr(L::kRegClockSkipped)) + (wake - now));
      M.thr.wake_sleepers(M.now_ns());
    }
  }
  if (M.thr.run_queue_empty()) {
    // Deadlock: nothing can run. As in GHC, a collection finds the blocked threads that
    // nothing alive can wake, and each gets the exception for what it waits on, oldest first.
    // When it finds none, the main thread is the one blocked forever.
    // Finalizers of weaks it found dead start first (GHC schedules them before resurrecting
    // threads), and while they can run, main is not blocked forever.
    std::vector<uint32_t> dead;
    M.collect_deadlocked(dead);
    start_finalizer_thread(M);
    bool any = false;
    for (uint32_t t : dead) any = wake_deadlocked(M, t, false) || any;
    if (!any && M.thr.run_queue_empty()) wake_deadlocked(M, uint32_t(M.m.load64(L::kMainTso)), true);
  }
  uint32_t t = M.thr.next_to_run();
  M.cur = t;
  M.Sp = uint32_t(M.thr.word(t, L::kTsoSp));
  M.stack_lo = M.thr.half(t, L::kTsoStackLo);
  M.stack_hi = M.thr.half(t, L::kTsoStackHi);
  M.SpLim = M.stack_lo + 8 * L::kStackReserveWords;
  M.mask = M.thr.half(t, L::kTsoMask);
  if (M.thr.word(t, L::kTsoTrec) && Resume(M.thr.half(t, L::kTsoResume)) != Resume::Raise) {
    uint32_t next;
    if (stm_restart_if_invalid(M, next)) return next;
  }
  return resume(M, t);
}

void thread_stopped(Machine& M, uint32_t next, bool exiting) {
  uint32_t t = M.cur;
  M.thr.set_word(t, L::kTsoSp, M.Sp);
  M.thr.set_half(t, L::kTsoMask, M.mask);
  if (next == kBlockDone && !exiting) {
    M.thr.set_state(t, ThreadState::Finished);
    M.thr.remove_unfinished(t);
    uint32_t lo = M.thr.half(t, L::kTsoStackLo);
    if (!M.is_main_thread(t)) {
      if (M.los.is_block(lo)) M.los.free(lo);
      M.thr.set_word(t, L::kTsoStackLo, 0);  // lo and hi: no stack any more
    }
    // Nothing left to throw to: every waiting thrower's throwTo returns.
    while (uint32_t w = M.thr.first(t + L::kTsoThrowHead)) M.thr.wake(w);
  } else if (next == kBlockSwitch && M.thr.state(t) == ThreadState::Runnable) {
    M.thr.make_runnable(t);
  }
}

uint32_t preempt(Machine& M, uint32_t block, uint32_t in_regs, uint64_t in_ptrs, bool thunk_entry) {
  if (thunk_entry) {
    M.thr.save_resume(M.cur, Resume::Enter, 1, M.R[0], 0, 1);
    return kBlockSwitch;
  }
  uint32_t words = 4 + in_regs;
  if (uint32_t e = M.reserve_stack(words)) return raise(M, e);
  M.Sp -= 8 * words;
  M.m.store64(M.Sp, M.info(L::kResumeJumpInfo));
  M.m.store64(M.Sp + 8, words);
  M.m.store64(M.Sp + 16, in_ptrs << 1);
  M.m.store64(M.Sp + 24, block);
  for (uint32_t i = 0; i < in_regs; ++i) M.m.store64(M.Sp + 32 + 8 * i, M.R[i]);
  M.note_stack();
  M.thr.save_resume(M.cur, Resume::Return, 0, 0, 0, 0);
  return kBlockSwitch;
}

}  // namespace stgvm
