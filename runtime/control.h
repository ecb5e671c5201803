// The control operations of threads (the primops that end a block: exceptions, masking,
// MVars, yielding, throwTo, STM transactions: runtime/stm.h) and the runtime blocks that retry them, over the thread queues
// of runtime/threads.h. Each returns the block the running thread continues at, or
// kBlockSwitch when it blocked or was suspended (runtime/machine.h).
#pragma once
#include <cstdint>

#include "runtime/machine.h"

namespace stgvm {

// The control primops, numbered for the runtime (executors map GHC's primop to these).
enum class ControlOp : uint32_t {
  Raise, Catch, Mask, Unmask, MaskUninterruptible, KeepAlive, TakeMVar, ReadMVar, PutMVar, Yield, Delay,
  WaitRead, WaitWrite, KillThread, Atomically, Retry, CatchRetry, CatchStm, Count
};
// Runs `op` on its arguments (as the primop receives them); `name` for error messages.
uint32_t control_op(Machine& M, ControlOp op, const uint64_t* args, uint32_t n, const char* name);

// The running thread suspends: it continues `how` with `nregs` saved registers (at most two:
// R0, R1; `bitmap` tells which are pointers). Returns kBlockSwitch.
uint32_t suspend(Machine& M, Resume how, uint32_t nregs = 0, uint64_t r0 = 0, uint64_t r1 = 0, uint64_t bitmap = 0);
// The running thread blocks (`why` on `on`, with `value`): kBlockSwitch, or the handler of an
// exception that was waiting for it to reach an interruptible point.
uint32_t block_on(Machine& M, ThreadState why, uint64_t on, uint64_t value);
// takeMVar# (op 0), readMVar# (1), putMVar# (2): done now, or the thread blocks.
uint32_t mvar_op(Machine& M, uint32_t op, uint32_t mv, uint64_t v);
// throwTo as GHC's RTS does it (rts/RaiseAsync.c).
uint32_t throw_to(Machine& M, uint32_t target, uint64_t exc);
// Entering the BLACKHOLE in R0: <<loop>> if the running thread owns it, else wait for it.
uint32_t enter_blackhole(Machine& M);
// The retry frames an interrupted blocked thread resumes with ([info, op, mvar, value];
// [info, target, exception]).
uint32_t retry_mvar(Machine& M);
uint32_t retry_throw_to(Machine& M);

}  // namespace stgvm
