// Control operations of threads (runtime/control.h). Blocking operations suspend the thread;
// MVar hand-offs follow GHC: blocked threads are served first-in first-out.
#include "runtime/control.h"

#include <cstdint>
#include <string>

#include "runtime/apply.h"
#include "runtime/raise.h"
#include "runtime/stm.h"
#include "runtime/trap.h"
#include "runtime/unwind.h"

namespace stgvm {

namespace L = layout;

namespace {
// Blocking is interruptible: a masked thread that an exception is waiting for gets it
// instead of blocking (0: none).
uint64_t interrupting_exception(Machine& M) { return M.mask == 1 ? M.thr.take_pending_exception(M.cur) : 0; }
}  // namespace

uint32_t control_op(Machine& M, ControlOp op, const uint64_t* args, uint32_t n, const char* name) {
  static constexpr uint8_t kArgs[] = {1, 2, 1, 1, 1, 1, 1, 1, 2, 0, 0, 0, 0, 2, 1, 0, 2, 2};
  static_assert(sizeof kArgs == size_t(ControlOp::Count));
  if (op >= ControlOp::Count) fatal("bad control operation");
  if (n < kArgs[uint32_t(op)]) fatal(("control primop " + std::string(name) + ": missing argument").c_str());
  switch (op) {
    case ControlOp::Raise: return raise(M, args[0]);
    case ControlOp::Catch: {
      if (uint32_t e = M.reserve_stack(3)) return raise(M, e);
      M.push(M.mask);
      M.push(args[1]);
      M.push(M.info(L::kCatchFrameInfo));
      return run_io(M, args[0]);
    }
    case ControlOp::Mask:
    case ControlOp::Unmask:
    case ControlOp::MaskUninterruptible: {
      if (uint32_t e = M.reserve_stack(2)) return raise(M, e);
      M.push(M.mask);
      M.push(M.info(L::kRestoreMaskInfo));
      M.mask = op == ControlOp::Mask ? 1 : op == ControlOp::MaskUninterruptible ? 2 : 0;
      if (M.mask == 0)
        if (uint64_t e = M.thr.take_pending_exception(M.cur)) return raise(M, e);
      return run_io(M, args[0]);
    }
    case ControlOp::KeepAlive: return run_io(M, args[n - 1]);  // keepAlive# x s k: x stays reachable through k
    case ControlOp::TakeMVar: return mvar_op(M, 0, uint32_t(args[0]), 0);
    case ControlOp::ReadMVar: return mvar_op(M, 1, uint32_t(args[0]), 0);
    case ControlOp::PutMVar: return mvar_op(M, 2, uint32_t(args[0]), args[1]);
    case ControlOp::Delay: {
      // The thread sleeps until the virtual clock has advanced by the delay; when every
      // thread sleeps, the clock jumps to the first wake-up (runtime/scheduler.h).
      int64_t us = int64_t(args[0]);
      if (us > 0) {
        if (uint64_t e = interrupting_exception(M)) return raise(M, e);
        uint64_t now = M.now_ns();
        uint64_t span = uint64_t(us) > (UINT64_MAX - now) / 1000 ? UINT64_MAX - now : uint64_t(us) * 1000;
        M.thr.sleep(M.cur, now + span);
        return kBlockSwitch;
      }
      [[fallthrough]];  // no delay: as yield#
    }
    case ControlOp::Yield:
      if (M.thr.run_queue_empty()) return return_to_frame(M);
      return suspend(M, Resume::Return);
    case ControlOp::WaitRead:
    case ControlOp::WaitWrite: return return_to_frame(M);
    case ControlOp::KillThread: {
      uint64_t target = args[0], exc = args[1];
      if (target == M.cur) return raise(M, exc, /*async=*/true);  // at once, even when masked
      return throw_to(M, uint32_t(target), exc);
    }
    case ControlOp::Atomically: return stm_atomically(M, args[0]);
    case ControlOp::Retry: return stm_retry(M);
    case ControlOp::CatchRetry: return stm_catch_retry(M, args[0], args[1]);
    case ControlOp::CatchStm: return stm_catch_stm(M, args[0], args[1]);
    case ControlOp::Count: break;
  }
  fatal("bad control operation");
}

uint32_t suspend(Machine& M, Resume how, uint32_t nregs, uint64_t r0, uint64_t r1, uint64_t bitmap) {
  M.thr.save_resume(M.cur, how, nregs, r0, r1, bitmap);
  return kBlockSwitch;
}

uint32_t block_on(Machine& M, ThreadState why, uint64_t on, uint64_t value) {
  if (why != ThreadState::BlockedBlackhole)
    if (uint64_t e = interrupting_exception(M)) return raise(M, e);
  M.thr.block(M.cur, why, on, value);
  return kBlockSwitch;
}

uint32_t mvar_op(Machine& M, uint32_t op, uint32_t mv, uint64_t v) {
  uint64_t cur = M.m.load64(mv + L::kMVarValue);
  if (op == 2) {
    if (cur) return block_on(M, ThreadState::BlockedPut, mv, v);
    M.thr.mvar_put(mv, v);
    return return_to_frame(M);
  }
  if (!cur) return block_on(M, op == 0 ? ThreadState::BlockedTake : ThreadState::BlockedRead, mv, 0);
  M.R[0] = op == 0 ? M.thr.mvar_take(mv) : cur;
  return return_to_frame(M);
}

// An unmasked target, or one masked interruptibly but blocked in an interruptible operation,
// is interrupted at once; otherwise the thrower blocks until the target unmasks (or
// finishes), and the exception is raised in the target at that point. Waiting throwers are
// served in the order they came.
uint32_t throw_to(Machine& M, uint32_t target, uint64_t exc) {
  if (M.thr.state(target) == ThreadState::Finished) return return_to_frame(M);
  uint32_t mask = M.thr.half(target, L::kTsoMask);
  if (mask == 0 || (mask == 1 && M.thr.interruptible(target))) {
    freeze_resume_state(M.m, M.thr, target);  // what it was doing goes on its stack, to be frozen or dropped
    M.thr.wake(target, Resume::Raise, 1, exc, 1);  // it raises now
    return return_to_frame(M);
  }
  // The thrower blocks; that is interruptible too.
  return block_on(M, ThreadState::BlockedThrowTo, target, exc);
}

// Under evaluation. By this thread: <<loop>>. By another: wait for its value, then enter the
// closure again (it is an indirection to the value by then).
uint32_t enter_blackhole(Machine& M) {
  uint64_t bh = M.R[0];
  uint64_t owner = M.m.load64(uint32_t(bh) + L::kIndirectee);
  if (owner == M.cur || !owner) return raise(M, M.closure(L::kNonTerminationClosure));
  block_on(M, ThreadState::BlockedBlackhole, bh, 0);
  return suspend(M, Resume::Enter, 1, bh, 0, 1);
}

uint32_t retry_mvar(Machine& M) {
  uint32_t op = uint32_t(M.m.load64(M.Sp + 8)), mv = uint32_t(M.m.load64(M.Sp + 16));
  uint64_t v = M.m.load64(M.Sp + 24);
  M.Sp += 32;
  return mvar_op(M, op, mv, v);
}

uint32_t retry_throw_to(Machine& M) {
  uint32_t target = uint32_t(M.m.load64(M.Sp + 8));
  uint64_t exc = M.m.load64(M.Sp + 16);
  M.Sp += 24;
  return target == M.cur ? raise(M, exc) : throw_to(M, target, exc);
}

}  // namespace stgvm
