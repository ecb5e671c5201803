// Generic application as IR, one block per argument pattern like GHC's stg_ap_* family
// (utils/genapply): `stg_ap_<pattern>_fast` applies R0 to R1..Rn, where the pattern says which
// arguments are pointers ('p') or not ('n'). Made on demand, one per pattern the program uses.
// The paths that fit loop-free IR are here: an evaluated function of exactly that arity
// (the hot one: three loads and a switch), fewer parameters than arguments (the rest wait in
// the pattern's apply frame), more (a PAP is built), and a function that must be evaluated
// first (the arguments wait in the frame). Applying a PAP moves a variable number of
// arguments, which loop-free IR cannot: that goes to the runtime (RtFn::ApplyGeneric).
#include "lower/lower.h"
#include "lower/lower_ctx.h"
#include "primops/primop_table.h"

namespace stgvm {

using ir::Op;
using ir::Reg;

namespace {
// An info table's type word: closure type | arity << 32.
uint64_t word(uint32_t type, uint32_t arity) { return uint64_t(type) | (uint64_t(arity) << 32); }
}  // namespace

void Lowerer::call_if_arity(Gen& g, Reg f, uint32_t n, CallOrigin o) {
  Reg info = g.reg(false), tw = g.reg(false), entry = g.reg(false);
  g.emit(Op::Load, info, f, layout::kInfoEntry);  // (word 0 of any closure: its info table)
  g.emit(Op::Load, tw, info, layout::kInfoType);
  SwitchTable exact = switch_on(g, tw, {word(layout::FUN, n), word(layout::FUN_STATIC, n)});
  switch_target(g, exact, 0);
  switch_target(g, exact, 1);
  g.emit(Op::Load, entry, info, layout::kInfoEntry);
  call_site(g, o);
  g.emit(Op::JumpReg, entry);
  switch_target(g, exact, exact.n);
}

Lowerer::ApPattern Lowerer::ap_pattern(uint32_t n, uint64_t bitmap) {
  if (n == 0 || n > 64) throw LowerError("generic application of " + std::to_string(n) + " arguments");
  if (n < 64) bitmap &= (uint64_t(1) << n) - 1;
  auto key = std::make_pair(n, bitmap);
  if (auto it = ap_patterns_.find(key); it != ap_patterns_.end()) return it->second;
  std::string pat;
  for (uint32_t i = 0; i < n; ++i) pat += (bitmap >> i & 1) ? 'p' : 'n';
  ApPattern ap;
  ap.block = new_block(ir::BlockKind::Rts, "stg_ap_" + pat + "_fast");
  ap.ret = new_block(ir::BlockKind::Rts, "stg_ap_" + pat);
  // The apply frame [info, arg1..argn]: RET_SMALL, its pointer bitmap from the pattern.
  uint32_t bm = st_.alloc(8);
  st_.put64(bm, bitmap);
  ap.frame = info_table(ap.ret, 0, 0, layout::RET_SMALL, 0, "stg_ap_" + pat);
  st_.put64(ap.frame + layout::kInfoLayout, uint64_t(1 + n) | (uint64_t(bm) << 32));
  ap_patterns_.emplace(key, ap);

  auto get_args = [&](Gen& g, uint32_t from) {  // R[from..n] into block registers
    std::vector<Reg> xs;
    for (uint32_t i = from; i <= n; ++i) {
      Reg x = g.reg(false);
      g.emit(Op::GetR, x, i);
      xs.push_back(x);
    }
    return xs;
  };

  // The return of the apply frame: R0 is the function (evaluated); the arguments come back.
  // A function of exactly that arity is called from here (the commonest case: an
  // over-saturated call of a known function, like a class method selector's); any other
  // goes on to the pattern's block.
  {
    Gen g;
    g.block = ap.ret;
    std::vector<Reg> xs;
    for (uint32_t i = 0; i < n; ++i) {
      xs.push_back(g.reg(false));
      g.emit(Op::LoadSp, xs.back(), 0, 8 * (1 + i));
    }
    g.emit(Op::SpAdd, 0, 0, 8 * (1 + n));
    for (uint32_t i = 0; i < n; ++i) g.emit(Op::SetR, 1 + i, xs[i]);
    Reg f = g.reg(false);
    g.emit(Op::GetR, f, 0);
    call_if_arity(g, f, n, CallOrigin::ClosureResult);
    g.emit(Op::Jump, 0, 0, ap.block);
    finish(g);
  }

  Gen g;
  g.block = ap.block;
  Reg f = g.reg(false), info = g.reg(false), tw = g.reg(false), entry = g.reg(false);
  g.emit(Op::GetR, f, 0);
  g.emit(Op::Load, info, f, layout::kInfoEntry);
  g.emit(Op::Load, tw, info, layout::kInfoType);  // closure type | arity << 32
  // 0, 1: exact arity; then arities 1..n-1 (twice: FUN, FUN_STATIC); default: the rest.
  std::vector<uint64_t> cases = {word(layout::FUN, n), word(layout::FUN_STATIC, n)};
  for (uint32_t k = 1; k < n; ++k) {
    cases.push_back(word(layout::FUN, k));
    cases.push_back(word(layout::FUN_STATIC, k));
  }
  SwitchTable by_arity = switch_on(g, tw, cases);
  switch_target(g, by_arity, 0);
  switch_target(g, by_arity, 1);
  g.emit(Op::Load, entry, info, layout::kInfoEntry);
  g.emit(Op::JumpReg, entry);
  for (uint32_t k = 1; k < n; ++k) {  // k parameters: call with R1..Rk, the rest in a frame
    switch_target(g, by_arity, 2 * k);
    switch_target(g, by_arity, 2 * k + 1);
    ApPattern rest = ap_pattern(n - k, bitmap >> k);
    push_frame(g, rest.frame, get_args(g, k + 1));
    g.emit(Op::Load, entry, info, layout::kInfoEntry);
    g.emit(Op::JumpReg, entry);
  }
  switch_target(g, by_arity, by_arity.n);
  Reg type = g.reg(false), low = g.reg(false);
  g.emit(Op::Const, low, 0, 0xFFFFFFFFu);
  static const primops::PrimOpDesc* and_op = primops::find_primop("and#");
  g.emit(Op::PrimOp, 0, pool({1, 2, type, tw, low, 0, 0}), uint64_t(and_op->id));
  std::vector<uint64_t> kinds = {layout::FUN, layout::FUN_STATIC, layout::PAP};
  const uint32_t thunks[] = {layout::THUNK, layout::THUNK_STATIC, layout::IND, layout::IND_STATIC,
                             layout::BLACKHOLE, layout::THUNK_1_0, layout::THUNK_0_1, layout::THUNK_2_0,
                             layout::THUNK_1_1, layout::THUNK_0_2, layout::THUNK_SELECTOR, layout::AP,
                             layout::AP_STACK};
  for (uint32_t t : thunks) kinds.push_back(t);
  SwitchTable by_type = switch_on(g, type, kinds);
  // A function of more parameters: PAP [info, fun, nargs, bitmap, args…].
  switch_target(g, by_type, 0);
  switch_target(g, by_type, 1);
  {
    std::vector<Reg> xs = get_args(g, 1);
    std::vector<uint32_t> live = {f};
    for (uint32_t i = 0; i < n; ++i)
      if (bitmap >> i & 1) live.push_back(xs[i]);
    uint32_t bytes = layout::kPapArgs + 8 * n;
    g.emit(Op::HeapCheck, uint32_t(live.size()), pool(live), bytes);
    Reg p = g.reg(false);
    g.emit(Op::Alloc, p, 0, bytes);
    g.emit(Op::StoreImm, p, 0, img_.rts_info[kPapInfo]);
    g.emit(Op::Store, p, f, layout::kPapFun);
    g.emit(Op::StoreImm, p, layout::kPapNArgs, n);
    g.emit(Op::StoreImm, p, layout::kPapBitmap, bitmap);
    for (uint32_t i = 0; i < n; ++i) g.emit(Op::Store, p, xs[i], layout::kPapArgs + 8 * i);
    g.emit(Op::SetR, 0, p);
    g.emit(Op::Return);
  }
  // A function to evaluate first: the arguments wait in this pattern's frame.
  for (uint32_t i = 3; i < by_type.n; ++i) switch_target(g, by_type, i);
  push_frame(g, ap.frame, get_args(g, 1));
  g.emit(Op::Enter, f);
  // A PAP (or not a function at all: the runtime says so).
  switch_target(g, by_type, 2);
  switch_target(g, by_type, by_type.n);
  Reg cn = g.reg(false), cb = g.reg(false), next = g.reg(false);
  g.emit(Op::Const, cn, 0, n);
  g.emit(Op::Const, cb, 0, bitmap);
  g.emit(Op::RtCall, next, pool({2, cn, cb}), uint64_t(ir::RtFn::ApplyGeneric));
  g.emit(Op::JumpReg, next);
  finish(g);
  return ap;
}

}  // namespace stgvm
