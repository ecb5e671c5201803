// Threads in linear memory: TSO objects (layout.h) and the FIFO queues that link them — the
// run queue, each MVar's blocked threads, each thread's waiting throwers, the threads blocked
// on BLACKHOLEs or in an STM retry, the sleeping ones — plus the list of unfinished threads. A view over memory: it holds no state
// of its own, so a snapshot of memory is a snapshot of every thread.
#pragma once
#include <cstdint>

#include "runtime/memory.h"

namespace stgvm {

enum class ThreadState : uint32_t {
  Runnable, BlockedTake, BlockedRead, BlockedPut, BlockedThrowTo, BlockedBlackhole, Finished,
  BlockedStm,  // in retry#, until a commit changes a TVar it read (runtime/stm.h)
  Sleeping     // in delay#, until the virtual clock reaches its wake-up time
};
// How a suspended thread continues: return R0.. to its top frame, apply R0 to its saved
// arguments, evaluate R0, or raise R0.
enum class Resume : uint32_t { Return, Apply, Enter, Raise };

class Threads {
 public:
  explicit Threads(Memory& m) : m_(m) {}

  uint64_t word(uint32_t tso, uint32_t field) const { return m_.load64(tso + field); }
  void set_word(uint32_t tso, uint32_t field, uint64_t v) { m_.store64(tso + field, v); }
  uint32_t half(uint32_t tso, uint32_t field) const { return m_.load32(tso + field); }
  void set_half(uint32_t tso, uint32_t field, uint32_t v) { m_.store32(tso + field, v); }
  ThreadState state(uint32_t tso) const { return ThreadState(half(tso, layout::kTsoState)); }
  void set_state(uint32_t tso, ThreadState s) { set_half(tso, layout::kTsoState, uint32_t(s)); }
  // Blocked where a thread masked interruptibly still receives asynchronous exceptions.
  bool interruptible(uint32_t tso) const {
    ThreadState s = state(tso);
    return s == ThreadState::BlockedTake || s == ThreadState::BlockedRead || s == ThreadState::BlockedPut ||
           s == ThreadState::BlockedThrowTo || s == ThreadState::BlockedStm || s == ThreadState::Sleeping;
  }

  // FIFO queues through kTsoLink; a queue is two cells (head, tail) somewhere in memory.
  void enqueue(uint32_t head, uint32_t tail, uint32_t tso);
  uint32_t dequeue(uint32_t head, uint32_t tail);  // 0 when empty
  bool remove(uint32_t head, uint32_t tail, uint32_t tso);  // unlinks `tso` if it is queued there
  template <bool kObservable = true>  // (false: the interpreter's unobserved loop, runtime/updates.h)
  uint32_t first(uint32_t head) const { return uint32_t(m_.load64_as<kObservable>(head)); }
  uint32_t next(uint32_t tso) const { return uint32_t(word(tso, layout::kTsoLink)); }

  // The run queue.
  void make_runnable(uint32_t tso) { enqueue(layout::kRunQueueHead, layout::kRunQueueTail, tso); }
  uint32_t next_to_run() { return dequeue(layout::kRunQueueHead, layout::kRunQueueTail); }
  bool run_queue_empty() const { return first(layout::kRunQueueHead) == 0; }

  // Unfinished threads (in creation order is not needed: newest first).
  void add_unfinished(uint32_t tso);
  void remove_unfinished(uint32_t tso);
  uint32_t first_unfinished() const { return uint32_t(m_.load64(layout::kAllThreads)); }
  uint32_t next_unfinished(uint32_t tso) const { return uint32_t(word(tso, layout::kTsoAllLink)); }

  // The queue (its head and tail cells) of threads blocked `why` on `on`; {0, 0}: none.
  struct Queue {
    uint32_t head, tail;
  };
  static Queue queue_of(ThreadState why, uint32_t on);
  // Takes `tso` out of whatever queue its blocked state puts it in (it is being woken or
  // interrupted).
  void unlink_blocked(uint32_t tso);

  // ---- the scheduler's operations on threads (the executor decides which thread runs) ----
  // Records how the suspended `tso` continues: `how`, with `nregs` saved registers (at most
  // two: R0, R1; `bitmap` says which are pointers). Resume::Apply counts the function too.
  void save_resume(uint32_t tso, Resume how, uint32_t nregs, uint64_t r0, uint64_t r1, uint64_t bitmap);
  // `tso` blocks: `why` on `on` (an MVar, a target TSO, a BLACKHOLE) with `value` (putMVar's
  // value, throwTo's exception), at the end of that object's queue. It continues by
  // returning to its top frame unless the hand-off that wakes it says otherwise.
  void block(uint32_t tso, ThreadState why, uint64_t on, uint64_t value);
  // Makes a thread runnable (blocked or not: an interrupted thread), continuing `how` (never
  // Resume::Apply) with R0 = r0 if nregs is 1. A thread that was runnable already stays where
  // it is queued.
  void wake(uint32_t tso, Resume how = Resume::Return, uint32_t nregs = 0, uint64_t r0 = 0, uint64_t bitmap = 0);
  // MVar hand-offs as GHC does them. take: the full MVar's value; the oldest blocked putter
  // (a full MVar's queue holds only putters) puts next. put: into an empty MVar; every
  // blocked reader gets the value, then the oldest blocked taker takes it (it stays empty).
  uint64_t mvar_take(uint32_t mv);
  void mvar_put(uint32_t mv, uint64_t v);
  // The exception of the oldest thread waiting to throw to `tso` (its throwTo returns), or 0.
  uint64_t take_pending_exception(uint32_t tso);
  // `closure` was updated: the threads waiting on its BLACKHOLE enter it again.
  void wake_blackhole_waiters(uint32_t closure);
  // Sleepers (delay#), ordered by wake-up time: `tso` sleeps until `wake_ns`, queued before
  // the first that wakes at the same time or later (rts/PrimOps.cmm stg_delayzh).
  void sleep(uint32_t tso, uint64_t wake_ns);
  // The first sleeper's wake-up time, or 0 when nobody sleeps.
  uint64_t first_wake_time() const {
    uint32_t t = first(layout::kSleepersHead);
    return t ? word(t, layout::kTsoWakeTime) : 0;
  }
  // Every sleeper due at `now_ns` becomes runnable, in queue order (rts/posix/Select.c
  // awaitEvent).
  void wake_sleepers(uint64_t now_ns);

 private:
  Memory& m_;
};

}  // namespace stgvm
