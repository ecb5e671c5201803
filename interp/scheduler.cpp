// Green threads: a deterministic round-robin scheduler over threads that live in linear
// memory (TSO objects and queues, runtime/threads.h). A thread runs until it finishes, blocks
// on an MVar, yields, or — once its time slice (counted in executed code blocks) is used up —
// reaches the entry of a closure or join point (every loop passes one), where the machine
// registers the block starts with are all that is live: they are saved in a resume frame.
// MVar hand-offs follow GHC: blocked threads are served first-in first-out, readers before
// takers.

#include "interp/vm.h"

namespace stgvm {

namespace L = layout;

uint32_t Vm::new_thread(uint64_t io) {
  bool main = mem_.load64(L::kNextThreadId) == 0;  // the first thread starts in the stack region
  uint32_t tso = create_thread(mem_, los_, thr_, io, main ? stack_lo_ : 0, main ? main_stack_hi_ : 0);
  if (!tso) heap_overflow();
  return tso;
}

int Vm::run_main() {
  if (!img_.main_closure) fail("the program has no main_:Main.main");
  mem_.store64(L::kMainTso, new_thread(img_.main_closure));
  phase_ = Phase::Main;
  return continue_run(0);
}

int Vm::continue_run(uint32_t block) {
  uint32_t main = uint32_t(mem_.load64(L::kMainTso));
  if (phase_ == Phase::Main) {
    schedule(block);
    block = 0;
    if (snapshot_block_) return 0;
    phase_ = Phase::Done;
    if (!exit_requested_ && img_.flush_std_handles) {
      // As hs_exit does: flush stdout/stderr on the main thread; other threads are abandoned.
      while (thr_.next_to_run()) {
      }
      if (thr_.state(main) == ThreadState::Finished) thr_.add_unfinished(main);
      thr_.unlink_blocked(main);
      thr_.set_state(main, ThreadState::Runnable);
      start_thread(mem_, thr_, main, img_.flush_std_handles);
      thr_.make_runnable(main);
      phase_ = Phase::Flush;
    }
  }
  if (phase_ == Phase::Flush) {
    schedule(block);
    if (snapshot_block_) return 0;
    phase_ = Phase::Done;
  }
  foreign_shutdown(fctx_);  // restore terminal settings, close the program's files
  if (!stats_.gcs) {  // never collected: everything allocated was (at most) live
    stats_.max_heap = Hp - gc_.area_lo() + los_.live_bytes();
    stats_.max_large = los_.live_bytes();
  }
  return exit_code_;
}

uint32_t Vm::suspend(Resume how, uint32_t nregs, uint64_t r0, uint64_t r1, uint64_t bitmap) {
  thr_.save_resume(cur_, how, nregs, r0, r1, bitmap);
  return kSwitch;
}

uint32_t Vm::block_on(ThreadState why, uint64_t on, uint64_t value) {
  // Blocking is interruptible: a masked thread that an exception is waiting for gets it here.
  if (mask_state_ == 1 && why != ThreadState::BlockedBlackhole)
    if (uint64_t e = thr_.take_pending_exception(cur_)) return raise(e);
  thr_.block(cur_, why, on, value);
  return kSwitch;
}

// throwTo as GHC's RTS does it (rts/RaiseAsync.c): an unmasked target, or one masked
// interruptibly but blocked in an interruptible operation, is interrupted at once; otherwise
// the thrower blocks until the target unmasks (or finishes), and the exception is raised in
// the target at that point. Waiting throwers are served in the order they came.
uint32_t Vm::throw_to(uint32_t target, uint64_t exc) {
  if (thr_.state(target) == ThreadState::Finished) return return_to_frame();
  uint32_t mask = thr_.half(target, L::kTsoMask);
  if (mask == 0 || (mask == 1 && thr_.interruptible(target))) {
    freeze_resume_state(target);  // what it was doing goes on its stack, to be frozen or dropped
    thr_.wake(target, Resume::Raise, 1, exc, 1);  // it raises now
    return return_to_frame();
  }
  // The thrower blocks; that is interruptible too.
  return block_on(ThreadState::BlockedThrowTo, target, exc);
}

void Vm::arm_slice(uint64_t end) {
  slice_end_ = end;
  switch_at_ = opts_.snapshot_at && opts_.snapshot_at + 1 < end ? opts_.snapshot_at + 1 : end;
}

uint32_t Vm::slice_event(uint32_t block) {
  if (opts_.snapshot_at && stats_.steps > opts_.snapshot_at) {
    // Stop before this block: it runs first when the snapshot is resumed.
    --stats_.steps;
    snapshot_block_ = block;
    return kSnapshot;
  }
  if (stats_.steps < slice_end_) return 0;
  if (thr_.run_queue_empty()) {  // nobody else to run: a new time slice
    arm_slice(stats_.steps + kTimeSlice);
    return 0;
  }
  const ir::Block& b = img_.blocks[block];
  if (b.in_regs >= 64) return 0;  // not a preemption point (or too many registers)
  if (b.thunk_entry) return suspend(Resume::Enter, 1, R[0], 0, 1);
  uint32_t words = 4 + b.in_regs;
  reserve_stack(words);
  Sp -= 8 * words;
  mem_.store64(Sp, img_.rts_info[kResumeJumpInfo]);
  mem_.store64(Sp + 8, words);
  mem_.store64(Sp + 16, b.in_ptrs << 1);
  mem_.store64(Sp + 24, block);
  for (uint32_t i = 0; i < b.in_regs; ++i) mem_.store64(Sp + 32 + 8 * i, R[i]);
  if (stack_hi_ - Sp > stats_.max_stack) stats_.max_stack = stack_hi_ - Sp;
  return suspend(Resume::Return);
}

uint32_t Vm::resume(uint32_t tso) {
  uint32_t n = thr_.half(tso, L::kTsoNArgs);
  Resume how = Resume(thr_.half(tso, L::kTsoResume));
  uint32_t nregs = how == Resume::Apply ? n + 1 : n;
  if (nregs > 0) R[0] = thr_.word(tso, L::kTsoR0);
  if (nregs > 1) R[1] = thr_.word(tso, L::kTsoR1);
  switch (how) {
    case Resume::Return: return return_to_frame();
    case Resume::Apply: return apply(n, thr_.word(tso, L::kTsoRegBitmap) >> 1);
    case Resume::Enter: return enter(R[0]);
    case Resume::Raise: return raise(R[0], /*async=*/true);
  }
  return 0;
}

void Vm::schedule(uint32_t block) {
  uint32_t main = uint32_t(mem_.load64(L::kMainTso));
  for (;;) {
    if (exit_requested_ || thr_.state(main) == ThreadState::Finished) return;
    uint32_t t, next = 0;
    if (block) {  // resuming a snapshot: the current thread continues at `block`
      t = cur_;
      next = block;
      block = 0;
    } else {
      if (thr_.run_queue_empty()) {
        // Deadlock: nothing can run. The main thread is blocked forever (GHC's deadlock
        // detection throws BlockedIndefinitelyOnMVar to it).
        freeze_resume_state(main);
        thr_.wake(main, Resume::Raise, 1, img_.blocked_on_mvar, 1);
      }
      t = thr_.next_to_run();
      cur_ = t;
      mem_.store64(L::kCurrentTso, t);
      Sp = uint32_t(thr_.word(t, L::kTsoSp));
      stack_hi_ = thr_.half(t, L::kTsoStackHi);
      SpLim = thr_.half(t, L::kTsoStackLo) + 8 * L::kStackReserveWords;
      mask_state_ = thr_.half(t, L::kTsoMask);
      arm_slice(stats_.steps + kTimeSlice);
      try {
        next = resume(t);
      } catch (const HaskellException& e) {
        next = raise(e.exception);
      }
    }
    while (next && next != kSwitch && next != kSnapshot && !exit_requested_) {
      try {
        while (next && next != kSwitch && next != kSnapshot && !exit_requested_) next = exec(next);
      } catch (const HaskellException& e) {
        next = raise(e.exception);
      }
    }
    if (next == kSnapshot) return;  // the machine stops as it is: registers and all
    thr_.set_word(t, L::kTsoSp, Sp);
    thr_.set_half(t, L::kTsoMask, mask_state_);
    if (next == 0 && !exit_requested_) {
      thr_.set_state(t, ThreadState::Finished);
      thr_.remove_unfinished(t);
      uint32_t lo = thr_.half(t, L::kTsoStackLo);
      if (!is_main_thread(t) && los_.is_block(lo)) los_.free(lo);
      if (!is_main_thread(t)) thr_.set_word(t, L::kTsoStackLo, 0);  // lo and hi: no stack any more
      // Nothing left to throw to: every waiting thrower's throwTo returns.
      while (uint32_t w = thr_.first(t + L::kTsoThrowHead)) thr_.wake(w);
    } else if (next == kSwitch && thr_.state(t) == ThreadState::Runnable) {
      thr_.make_runnable(t);
    }
  }
}

}  // namespace stgvm
