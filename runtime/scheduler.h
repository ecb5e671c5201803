// The deterministic round-robin scheduler's decisions, over the thread queues in memory
// (runtime/threads.h): which thread runs next and where it continues, what happens to a
// thread that stopped, and preempting one at a block's entry. The executor runs the blocks in
// between and decides when a time slice is over (it counts the steps).
#pragma once
#include <cstdint>

#include "runtime/machine.h"

namespace stgvm {

// Makes the next runnable thread the running one (its stack and mask in the registers) and
// returns the block it continues at. With no runnable thread but a sleeping one, the virtual
// clock jumps to the first wake-up. With neither the machine is deadlocked: the blocked
// threads nothing alive can wake get BlockedIndefinitelyOnMVar, …OnSTM or NonTermination (a
// BLACKHOLE), as in GHC; if there are none, the main thread gets it.
uint32_t run_next_thread(Machine& M);
// GHC's resurrectThreads: each of `threads` (blocked threads a collection found nothing alive
// can wake, oldest first) gets BlockedIndefinitelyOnMVar, …OnSTM or NonTermination and
// goes to the back of the run queue.
void resurrect_threads(Machine& M, const std::vector<uint32_t>& threads);
// Sleepers the virtual clock has reached become runnable (at every scheduling decision, and
// when a time slice ends, so a thread computing forever does not starve them).
void wake_sleepers(Machine& M);
// The running thread stopped with `next`: kBlockDone (it finished, unless the program is
// exiting) or kBlockSwitch (it goes to the back of the run queue if it is still runnable).
void thread_stopped(Machine& M, uint32_t next, bool exiting);
// Preempts the running thread at the entry of `block`, whose first `in_regs` R registers are
// all that is live (bit i of `in_ptrs`: R[i] is a heap pointer): they go into a resume frame
// (stg_resume_jump). A thunk's entry (`thunk_entry`) evaluates R0 again instead. Returns
// kBlockSwitch, or the handler block if there was no room for the frame.
uint32_t preempt(Machine& M, uint32_t block, uint32_t in_regs, uint64_t in_ptrs, bool thunk_entry);

}  // namespace stgvm
