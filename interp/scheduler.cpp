// Running the green threads: the interpreter's loop around the runtime library's scheduler
// (runtime/scheduler.h decides which thread runs and where it continues; threads, TSOs and
// queues live in linear memory, runtime/threads.h). The interpreter counts the steps that
// end a time slice and stops for snapshots.

#include "interp/vm.h"
#include "runtime/raise.h"
#include "runtime/scheduler.h"

namespace stgvm {

namespace L = layout;

int Vm::run_main() {
  if (!img_.main_closure) fail("the program has no main_:Main.main");
  // The main thread starts on the stack region's stack.
  uint32_t tso = create_thread(mem_, los_, thr_, img_.main_closure, stack_lo_, main_stack_hi_);
  if (!tso) fail("no memory for the main thread");
  mem_.store64(L::kMainTso, tso);
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
  return preempt(M_, block, b.in_regs, b.in_ptrs, b.thunk_entry);
}

void Vm::schedule(uint32_t block) {
  uint32_t main = uint32_t(mem_.load64(L::kMainTso));
  for (;;) {
    if (exit_requested_ || thr_.state(main) == ThreadState::Finished) return;
    uint32_t next = block;  // resuming a snapshot: the current thread continues at `block`
    block = 0;
    if (!next) {
      next = run_next_thread(M_);
      arm_slice(stats_.steps + kTimeSlice);
    }
    while (next && next != kSwitch && next != kSnapshot && !exit_requested_) next = exec(next);
    if (next == kSnapshot) return;  // the machine stops as it is: registers and all
    thread_stopped(M_, next, exit_requested_);
  }
}

}  // namespace stgvm
