// Control primops (they end a block): exceptions, masking, blocking MVar operations, and the
// Cmm `foreign import prim` calls of base. Blocking operations suspend the thread
// (interp/scheduler.cpp).

#include "interp/vm.h"
#include "primops/primop_table.h"

namespace stgvm {

namespace L = layout;
using primops::PrimOpId;

uint32_t Vm::control_primop(uint32_t id, uint64_t* Lr, const uint32_t* regs, uint32_t n) {
  auto arg = [&](uint32_t i) -> uint64_t {
    if (i >= n) fail("control primop " + std::string(primops::primop(PrimOpId(id)).name) + ": missing argument");
    return Lr[regs[i]];
  };
  switch (PrimOpId(id)) {
    case PrimOpId::RaiseOp:
    case PrimOpId::RaiseIOOp: return raise(arg(0));
    case PrimOpId::CatchOp: {
      uint64_t io = arg(0), handler = arg(1);
      reserve_stack(3);
      push(mask_state_);
      push(handler);
      push(img_.rts_info[kCatchFrameInfo]);
      R[0] = io;
      R[1] = 0;
      return apply(1, 0);
    }
    case PrimOpId::MaskAsyncExceptionsOp:
    case PrimOpId::UnmaskAsyncExceptionsOp:
    case PrimOpId::MaskUninterruptibleOp: {
      uint64_t io = arg(0);
      reserve_stack(2);
      push(mask_state_);
      push(img_.rts_info[kRestoreMaskInfo]);
      mask_state_ = PrimOpId(id) == PrimOpId::MaskAsyncExceptionsOp ? 1
                    : PrimOpId(id) == PrimOpId::MaskUninterruptibleOp ? 2 : 0;
      if (mask_state_ == 0)
        if (uint64_t e = thr_.take_pending_exception(cur_)) return raise(e);
      R[0] = io;
      R[1] = 0;
      return apply(1, 0);
    }
    case PrimOpId::KeepAliveOp: {  // keepAlive# x s k: run k; x stays reachable through it
      R[0] = arg(n - 1);
      R[1] = 0;
      return apply(1, 0);
    }
    case PrimOpId::TakeMVarOp: return mvar_op(0, uint32_t(arg(0)), 0);
    case PrimOpId::ReadMVarOp: return mvar_op(1, uint32_t(arg(0)), 0);
    case PrimOpId::PutMVarOp: return mvar_op(2, uint32_t(arg(0)), arg(1));
    case PrimOpId::YieldOp:
    case PrimOpId::DelayOp:  // virtual time: a delay lets every other thread run first
      if (thr_.run_queue_empty()) return return_to_frame();
      return suspend(Resume::Return);
    case PrimOpId::WaitReadOp:
    case PrimOpId::WaitWriteOp: return return_to_frame();
    case PrimOpId::KillThreadOp: {
      uint64_t target = arg(0), exc = arg(1);
      if (target == cur_) return raise(exc, /*async=*/true);  // at once, even when masked
      return throw_to(uint32_t(target), exc);
    }
    default: break;
  }
  fail("primop " + std::string(primops::primop(PrimOpId(id)).name) + " is not supported yet");
}

// takeMVar# (op 0), readMVar# (1), putMVar# (2): done now, or the thread blocks.
uint32_t Vm::mvar_op(uint32_t op, uint32_t mv, uint64_t v) {
  uint64_t cur = mem_.load64(mv + L::kMVarValue);
  if (op == 2) {
    if (cur) return block_on(ThreadState::BlockedPut, mv, v);
    thr_.mvar_put(mv, v);
    return return_to_frame();
  }
  if (!cur) return block_on(op == 0 ? ThreadState::BlockedTake : ThreadState::BlockedRead, mv, 0);
  R[0] = op == 0 ? thr_.mvar_take(mv) : cur;
  return return_to_frame();
}

uint32_t Vm::prim_call(const std::string& label, uint64_t* Lr, const uint32_t* regs, uint32_t n) {
  (void)Lr, (void)regs, (void)n;
  if (label == "stg_raiseDivZZerozh") return raise(img_.div_zero);
  if (label == "stg_raiseOverflowzh") return raise(img_.overflow);
  if (label == "stg_raiseUnderflowzh") return raise(img_.underflow);
  if (label == "stg_getThreadAllocationCounterzh") {
    R[0] = uint64_t(-int64_t(stats_.allocated));
    return return_to_frame();
  }
  if (label == "stg_paniczh") fail("the program called stg_panic#");
  fail("unknown foreign import prim " + label);
}

}  // namespace stgvm
