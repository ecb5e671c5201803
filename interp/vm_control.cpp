// Control primops (they end a block): the runtime library does them (runtime/control.h);
// here GHC's primops are mapped to its operations, and base's Cmm `foreign import prim`
// calls are resolved.

#include "interp/vm.h"
#include "primops/primop_table.h"
#include "runtime/apply.h"
#include "runtime/control.h"

namespace stgvm {

namespace L = layout;
using primops::PrimOpId;

uint32_t Vm::control_primop(uint32_t id, uint64_t* Lr, const uint32_t* regs, uint32_t n) {
  ControlOp op;
  switch (PrimOpId(id)) {
    case PrimOpId::RaiseOp:
    case PrimOpId::RaiseIOOp: op = ControlOp::Raise; break;
    case PrimOpId::CatchOp: op = ControlOp::Catch; break;
    case PrimOpId::MaskAsyncExceptionsOp: op = ControlOp::Mask; break;
    case PrimOpId::UnmaskAsyncExceptionsOp: op = ControlOp::Unmask; break;
    case PrimOpId::MaskUninterruptibleOp: op = ControlOp::MaskUninterruptible; break;
    case PrimOpId::KeepAliveOp: op = ControlOp::KeepAlive; break;
    case PrimOpId::TakeMVarOp: op = ControlOp::TakeMVar; break;
    case PrimOpId::ReadMVarOp: op = ControlOp::ReadMVar; break;
    case PrimOpId::PutMVarOp: op = ControlOp::PutMVar; break;
    case PrimOpId::YieldOp: op = ControlOp::Yield; break;
    case PrimOpId::DelayOp: op = ControlOp::Delay; break;
    case PrimOpId::WaitReadOp: op = ControlOp::WaitRead; break;
    case PrimOpId::WaitWriteOp: op = ControlOp::WaitWrite; break;
    case PrimOpId::KillThreadOp: op = ControlOp::KillThread; break;
    default: fail("primop " + std::string(primops::primop(PrimOpId(id)).name) + " is not supported yet");
  }
  uint64_t args[4] = {};
  uint32_t k = n < 4 ? n : 4;
  for (uint32_t i = 0; i < k; ++i) args[i] = Lr[regs[i]];
  return control_op(M_, op, args, k, std::string(primops::primop(PrimOpId(id)).name).c_str());
}

uint32_t Vm::prim_call(const std::string& label, uint64_t* Lr, const uint32_t* regs, uint32_t n) {
  (void)Lr, (void)regs, (void)n;
  if (label == "stg_raiseDivZZerozh") return raise(M_.closure(L::kDivZeroClosure));
  if (label == "stg_raiseOverflowzh") return raise(M_.closure(L::kOverflowClosure));
  if (label == "stg_raiseUnderflowzh") return raise(M_.closure(L::kUnderflowClosure));
  if (label == "stg_getThreadAllocationCounterzh") {
    R[0] = uint64_t(-int64_t(stats_.allocated));
    return return_to_frame();
  }
  if (label == "stg_paniczh") fail("the program called stg_panic#");
  fail("unknown foreign import prim " + label);
}

}  // namespace stgvm
