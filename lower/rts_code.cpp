// The runtime's code blocks as IR, like program code: returning from constructors, update,
// indirections, catch frames, selector and AP thunks, the frames an asynchronous exception
// leaves. Where a block needs the runtime library (the scheduler, the collector, unwinding,
// generic application) it calls it through RtCall and goes where it says (JumpReg); that
// interface is the only way IR reaches the runtime (ir.h RtFn).
#include "lower/lower_ctx.h"

namespace stgvm {

using ir::Op;
using ir::Reg;
using ir::RtFn;

void Lowerer::lower_rts_code() {
  auto block = [&](RtsBlock b, auto body) {
    Gen g;
    g.block = uint32_t(b);
    body(g);
    finish(g);
  };
  auto call = [&](Gen& g, RtFn f, std::vector<Reg> args) {
    Reg r = g.reg(false);
    std::vector<uint32_t> ops = {uint32_t(args.size())};
    ops.insert(ops.end(), args.begin(), args.end());
    g.emit(Op::RtCall, r, pool(ops), uint64_t(f));
    return r;
  };
  auto call_and_go = [&](Gen& g, RtFn f, std::vector<Reg> args = {}) { g.emit(Op::JumpReg, call(g, f, std::move(args))); };
  auto info = [&](RtsInfo i) { return uint64_t(img_.rts_info[i]); };
  auto blackhole = [&](Gen& g, Reg t) {  // under evaluation by the running thread
    Reg owner = g.reg(false);
    g.emit(Op::CurTso, owner);
    g.emit(Op::StoreImm, t, 0, info(kBlackholeInfo));
    g.emit(Op::Store, t, owner, layout::kIndirectee);
  };

  block(RtsBlock::Stop, [&](Gen& g) {  // the thread's bottom frame: it is done
    g.emit(Op::SpAdd, 0, 0, 8);
    g.emit(Op::Halt);
  });
  block(RtsBlock::ReturnSelf, [&](Gen& g) { g.emit(Op::Return); });
  block(RtsBlock::Update, [&](Gen& g) {  // (the hottest runtime block: one call does it all;
                                          // as IR that pops the frame it costs 2.5% on thunk-heavy code)
    call(g, RtFn::Update, {});
    g.emit(Op::Return);  // R0 still holds the value
  });
  block(RtsBlock::Indirection, [&](Gen& g) {
    Reg c = g.reg(true), x = g.reg(true);
    g.emit(Op::GetR, c, 0);
    g.emit(Op::Load, x, c, layout::kIndirectee);
    g.emit(Op::Enter, x);
  });
  block(RtsBlock::Blackhole, [&](Gen& g) { call_and_go(g, RtFn::Blackhole); });
  block(RtsBlock::CatchFrame, [&](Gen& g) {
    g.emit(Op::SpAdd, 0, 0, 8 * layout::kCatchFrameWords);
    g.emit(Op::Return);
  });
  block(RtsBlock::ApplyFrame, [&](Gen& g) { call_and_go(g, RtFn::ApplyFrame); });
  block(RtsBlock::RestoreMask, [&](Gen& g) { call_and_go(g, RtFn::RestoreMask); });
  block(RtsBlock::Raise, [&](Gen& g) {  // a thunk whose evaluation raised: raise it again
    Reg c = g.reg(true), e = g.reg(true);
    g.emit(Op::GetR, c, 0);
    g.emit(Op::Load, e, c, layout::kIndirectee);
    call_and_go(g, RtFn::Raise, {e});
  });
  block(RtsBlock::ApThunk, [&](Gen& g) {  // [info, pad, f, x]: f applied to x, updatable
    Reg t = g.reg(true), f = g.reg(true), x = g.reg(true);
    g.emit(Op::GetR, t, 0);
    g.emit(Op::SpAdd, 0, 0, uint64_t(-int64_t(8 * layout::kUpdateFrameWords)));
    g.emit(Op::StoreSpImm, 0, 0, info(kUpdateFrameInfo));
    g.emit(Op::StoreSp, t, 0, 8);
    g.emit(Op::Load, f, t, 16);
    g.emit(Op::Load, x, t, 24);
    blackhole(g, t);
    g.emit(Op::SetR, 0, f);
    g.emit(Op::SetR, 1, x);
    g.emit(Op::Jump, 0, 0, ap_pattern(1, 1).block);
  });
  block(RtsBlock::SelThunk, [&](Gen& g) {  // [info, pad, c]: field 0 of c, updatable
    Reg t = g.reg(true), c = g.reg(true);
    g.emit(Op::GetR, t, 0);
    g.emit(Op::SpAdd, 0, 0, uint64_t(-int64_t(8 * (layout::kUpdateFrameWords + 1))));
    g.emit(Op::StoreSpImm, 0, 0, info(kSelFrameInfo));
    g.emit(Op::StoreSpImm, 0, 8, info(kUpdateFrameInfo));
    g.emit(Op::StoreSp, t, 0, 16);
    g.emit(Op::Load, c, t, 16);
    blackhole(g, t);
    g.emit(Op::Enter, c);
  });
  block(RtsBlock::SelFrame, [&](Gen& g) {
    Reg c = g.reg(true), f = g.reg(true);
    g.emit(Op::SpAdd, 0, 0, 8);
    g.emit(Op::GetR, c, 0);
    g.emit(Op::Load, f, c, 8);
    g.emit(Op::Enter, f);
  });
  block(RtsBlock::ResumeJump, [&](Gen& g) { call_and_go(g, RtFn::ResumeJump); });
  block(RtsBlock::ApStack, [&](Gen& g) { call_and_go(g, RtFn::EnterApStack); });
  block(RtsBlock::EnterFrame, [&](Gen& g) {
    Reg c = g.reg(true);
    g.emit(Op::LoadSp, c, 0, 8);
    g.emit(Op::SpAdd, 0, 0, 16);
    g.emit(Op::Enter, c);
  });
  block(RtsBlock::RetValue, [&](Gen& g) {
    Reg v = g.reg(true);
    g.emit(Op::LoadSp, v, 0, 8);
    g.emit(Op::SpAdd, 0, 0, 16);
    g.emit(Op::SetR, 0, v);
    g.emit(Op::Return);
  });
  block(RtsBlock::RetryMVar, [&](Gen& g) { call_and_go(g, RtFn::RetryMVar); });
  block(RtsBlock::RetryThrowTo, [&](Gen& g) { call_and_go(g, RtFn::RetryThrowTo); });
  block(RtsBlock::AtomicallyFrame, [&](Gen& g) { call_and_go(g, RtFn::AtomicallyFrame); });
  block(RtsBlock::AtomicallyWaiting, [&](Gen& g) { call_and_go(g, RtFn::AtomicallyWaiting); });
  block(RtsBlock::CatchRetryFrame, [&](Gen& g) { call_and_go(g, RtFn::CatchRetryFrame); });
  block(RtsBlock::CatchStmFrame, [&](Gen& g) { call_and_go(g, RtFn::CatchStmFrame); });
}

}  // namespace stgvm
