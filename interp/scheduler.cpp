// Green threads: a deterministic round-robin scheduler. A thread runs until it finishes,
// blocks on an MVar, yields, or — once its time slice (counted in executed code blocks) is
// used up — reaches the next thunk entry, where nothing but the thunk is live. MVar hand-offs
// follow GHC: blocked threads are served first-in first-out, readers before takers.

#include "interp/vm.h"

namespace stgvm {

namespace L = layout;

namespace {
constexpr uint64_t kTimeSlice = 20000;          // code blocks
constexpr uint32_t kForkedStackBytes = 4u << 10;  // initial; grows up to --stack-size
}  // namespace

uint32_t Vm::new_thread(uint64_t io) {
  Thread t;
  t.id = threads_.size() + 1;
  if (threads_.empty()) {
    t.stack_lo = stack_lo_;
    t.stack_hi = main_stack_hi_;
  } else {
    uint32_t lo = los_alloc_raw(kForkedStackBytes, 16);
    t.stack_lo = lo;
    t.stack_hi = lo + kForkedStackBytes;
  }
  t.sp = t.stack_hi - 8;
  mem_.store64(t.sp, img_.rts_info[kStopFrameInfo]);
  t.resume = Thread::Resume::Apply;  // io applied to the State# token
  t.regs = {io, 0};
  t.ptr_bitmap = 1;
  t.nargs = 1;
  threads_.push_back(std::move(t));
  uint32_t i = uint32_t(threads_.size() - 1);
  run_queue_.push_back(i);
  return i;
}

int Vm::run_main() {
  if (!img_.main_closure) fail("the program has no main_:Main.main");
  new_thread(img_.main_closure);
  schedule();
  if (!exit_requested_ && img_.flush_std_handles) {
    // As hs_exit does: flush stdout/stderr on the main thread; other threads are abandoned.
    run_queue_.clear();
    Thread& m = threads_[0];
    m.state = Thread::State::Runnable;
    m.sp = m.stack_hi - 8;
    mem_.store64(m.sp, img_.rts_info[kStopFrameInfo]);
    m.resume = Thread::Resume::Apply;
    m.regs = {img_.flush_std_handles, 0};
    m.ptr_bitmap = 1;
    m.nargs = 1;
    run_queue_.push_back(0);
    schedule();
  }
  foreign_shutdown(fctx_);  // restore terminal settings, close the program's files
  if (!stats_.gcs) {  // never collected: everything allocated was (at most) live
    stats_.max_heap = Hp - from_lo_ + los_.live_bytes();
    stats_.max_large = los_.live_bytes();
  }
  return exit_code_;
}

uint32_t Vm::suspend(Thread::Resume how, std::vector<uint64_t> regs, uint64_t ptr_bitmap, uint32_t nargs) {
  Thread& t = threads_[current_];
  t.resume = how;
  t.regs = std::move(regs);
  t.ptr_bitmap = ptr_bitmap;
  t.nargs = nargs;
  return kSwitch;
}

uint32_t Vm::block_on_mvar(Thread::State why, uint64_t mvar, uint64_t put_value) {
  // Blocking is interruptible: a masked thread that an exception is waiting for gets it here.
  if (mask_state_ == 1)
    if (uint64_t e = take_pending_exception()) return raise(e);
  Thread& t = threads_[current_];
  t.state = why;
  t.mvar = mvar;
  t.put_value = put_value;
  t.block_seq = ++block_seq_;
  // Woken by a hand-off that sets the registers (the value for takers and readers).
  return suspend(Thread::Resume::Return, {}, 0);
}

void Vm::wake(uint32_t i, std::vector<uint64_t> regs, uint64_t ptr_bitmap, Thread::Resume how) {
  Thread& t = threads_[i];
  // A runnable thread other than the current one is already waiting in the run queue.
  bool queued = t.state == Thread::State::Runnable;
  t.state = Thread::State::Runnable;
  t.mvar = 0;
  t.put_value = 0;
  t.throw_exc = 0;
  t.resume = how;
  t.regs = std::move(regs);
  t.ptr_bitmap = ptr_bitmap;
  if (!queued) run_queue_.push_back(i);
}

int32_t Vm::first_blocked(uint64_t mv, Thread::State why) const {
  int32_t best = -1;
  for (size_t i = 0; i < threads_.size(); ++i) {
    const Thread& t = threads_[i];
    if (t.state == why && t.mvar == mv && (best < 0 || t.block_seq < threads_[size_t(best)].block_seq))
      best = int32_t(i);
  }
  return best;
}

uint64_t Vm::mvar_take(uint32_t mv) {
  uint64_t v = mem_.load64(mv + 8);
  mem_.store64(mv + 8, 0);
  int32_t p = first_blocked(mv, Thread::State::BlockedPut);
  if (p >= 0) {
    uint64_t pv = threads_[size_t(p)].put_value;
    wake(uint32_t(p), {}, 0);
    mvar_put(mv, pv);
  }
  return v;
}

void Vm::mvar_put(uint32_t mv, uint64_t v) {
  for (;;) {  // every blocked reader gets the value, oldest first
    int32_t r = first_blocked(mv, Thread::State::BlockedRead);
    if (r < 0) break;
    wake(uint32_t(r), {v}, 1);
  }
  int32_t t = first_blocked(mv, Thread::State::BlockedTake);
  if (t >= 0) {
    wake(uint32_t(t), {v}, 1);  // handed over directly: the MVar stays empty
    return;
  }
  mem_.store64(mv + 8, v);
}

// throwTo as GHC's RTS does it (rts/RaiseAsync.c): an unmasked target, or one masked
// interruptibly but blocked in an interruptible operation, is interrupted at once; otherwise
// the thrower blocks until the target unmasks (or finishes), and the exception is raised in
// the target at that point. Waiting throwers are served in the order they came.
uint32_t Vm::throw_to(uint32_t target, uint64_t exc) {
  Thread& t = threads_[target];
  if (t.state == Thread::State::Finished) return return_to_frame();
  if (t.mask == 0 || (t.mask == 1 && t.interruptible())) {
    wake(target, {exc}, 1, Thread::Resume::Raise);  // whatever it was doing, it raises now
    return return_to_frame();
  }
  // The thrower blocks; that is interruptible too.
  if (mask_state_ <= 1)
    if (uint64_t e = take_pending_exception()) return raise(e);
  Thread& me = threads_[current_];
  me.state = Thread::State::BlockedThrowTo;
  me.throw_target = target;
  me.throw_exc = exc;
  me.block_seq = ++block_seq_;
  return suspend(Thread::Resume::Return, {}, 0);
}

int32_t Vm::first_thrower(uint32_t target) const {
  int32_t best = -1;
  for (size_t i = 0; i < threads_.size(); ++i) {
    const Thread& t = threads_[i];
    if (t.state == Thread::State::BlockedThrowTo && t.throw_target == target &&
        (best < 0 || t.block_seq < threads_[size_t(best)].block_seq))
      best = int32_t(i);
  }
  return best;
}

uint64_t Vm::take_pending_exception() {
  int32_t w = first_thrower(current_);
  if (w < 0) return 0;
  uint64_t exc = threads_[size_t(w)].throw_exc;
  wake(uint32_t(w), {}, 0);  // its throwTo returns
  return exc;
}

uint32_t Vm::resume(Thread& t) {
  for (size_t i = 0; i < t.regs.size(); ++i) R[i] = t.regs[i];
  std::vector<uint64_t>().swap(t.regs);
  switch (t.resume) {
    case Thread::Resume::Return: return return_to_frame();
    case Thread::Resume::Apply: return apply(t.nargs, t.ptr_bitmap >> 1);
    case Thread::Resume::Enter: return enter(R[0]);
    case Thread::Resume::Raise: return raise(R[0]);
  }
  return 0;
}

void Vm::schedule() {
  while (!exit_requested_) {
    if (threads_[0].state == Thread::State::Finished) return;
    if (run_queue_.empty()) {
      // Deadlock: nothing can run. The main thread is blocked forever (GHC's deadlock
      // detection throws BlockedIndefinitelyOnMVar to it).
      Thread& m = threads_[0];
      m.state = Thread::State::Runnable;
      m.mvar = 0;
      m.resume = Thread::Resume::Raise;
      m.regs = {img_.blocked_on_mvar};
      m.ptr_bitmap = 1;
      run_queue_.push_back(0);
    }
    uint32_t i = run_queue_.front();
    run_queue_.erase(run_queue_.begin());
    Thread* t = &threads_[i];
    current_ = i;
    Sp = t->sp;
    SpLim = t->stack_lo + 8 * L::kStackReserveWords;
    stack_hi_ = t->stack_hi;
    mask_state_ = t->mask;
    switch_at_ = stats_.steps + kTimeSlice;
    uint32_t next;
    try {
      next = resume(*t);
    } catch (const HaskellException& e) {
      next = raise(e.exception);
    }
    while (next && next != kSwitch && !exit_requested_) {
      try {
        while (next && next != kSwitch && !exit_requested_) next = exec(next);
      } catch (const HaskellException& e) {
        next = raise(e.exception);
      }
    }
    t = &threads_[i];  // new threads may have been added
    t->sp = Sp;
    t->mask = mask_state_;
    if (next == 0 && !exit_requested_) {
      t->state = Thread::State::Finished;
      if (i != 0 && los_.in_space(t->stack_lo)) los_.free(t->stack_lo);
      for (int32_t w; (w = first_thrower(i)) >= 0;) wake(uint32_t(w), {}, 0);  // nothing left to throw to
    } else if (next == kSwitch && t->state == Thread::State::Runnable) {
      run_queue_.push_back(i);
    }
  }
}

}  // namespace stgvm
