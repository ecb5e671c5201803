// Expressions → machine IR (docs/vm-design.md §3). Every expression is lowered in tail
// position of its block: it ends by entering, jumping, applying or returning. A case whose
// scrutinee needs evaluation pushes a continuation frame holding the live variables and
// resumes in a new block.
#include <algorithm>

#include "lower/lower.h"
#include "lower/lower_ctx.h"
#include "primops/primop_table.h"

namespace stgvm {

using namespace stg;
using ir::Op;
using ir::Reg;

namespace {

const Expr* strip_ticks(const Expr* e) {
  while (e->kind == ExprKind::Tick) e = e->as<ETick>()->body;
  return e;
}

// Roughly the IR an expression lowers to, if that is at most `budget`; anything more than
// `budget` if not, or if the expression makes closures or join points (code and info tables
// that must exist once). The alternatives of a case on a local variable count twice (they
// may be lowered twice: see lower_case); those of a case on a primop's result, a literal or
// a call once (they follow their scrutinee, or they are its continuation's code). The
// budget shrinks on the way down, so the walk stays short.
constexpr uint32_t kTwiceBudget = 250;

uint32_t twice_cost(const Expr* e, uint32_t budget) {
  if (budget == 0) return 1;
  e = strip_ticks(e);
  switch (e->kind) {
    case ExprKind::App: return 1 + uint32_t(e->as<EApp>()->args.size());
    case ExprKind::Lit: return 1;
    case ExprKind::ConApp: return 1 + uint32_t(e->as<EConApp>()->args.size());
    case ExprKind::OpApp: return 1 + uint32_t(e->as<EOpApp>()->args.size());
    case ExprKind::Case: {
      const ECase* c = e->as<ECase>();
      const Expr* s = strip_ticks(c->scrut);
      const EApp* var = s->kind == ExprKind::App && s->as<EApp>()->args.empty() ? s->as<EApp>() : nullptr;
      uint32_t times = var && (!var->fn.binder || !var->fn.binder->top_level) ? 2 : 1;
      uint32_t n = 1 + twice_cost(c->scrut, budget - 1);
      for (const Alt& a : c->alts) {
        if (n > budget) return n;
        n += times * twice_cost(a.rhs, (budget - n) / times);
      }
      return n;
    }
    case ExprKind::Let: {
      const ELet* l = e->as<ELet>();
      uint32_t n = 0;
      for (const Rhs* r : l->binding->rhss) {
        if (r->kind != RhsKind::Con) return budget + 1;
        n += 2 + uint32_t(r->args.size());
      }
      return n > budget ? n : n + twice_cost(l->body, budget - n);
    }
    default: return budget + 1;
  }
}

bool is_control(std::string_view n) {
  static const char* const names[] = {
      "raise#", "raiseIO#", "catch#", "maskAsyncExceptions#", "unmaskAsyncExceptions#",
      "maskUninterruptible#", "atomically#", "catchRetry#", "catchSTM#", "retry#", "keepAlive#",
      "takeMVar#", "putMVar#", "readMVar#", "yield#", "delay#", "waitRead#", "waitWrite#",
      "killThread#", "seq#", "dataToTag#"};
  for (const char* c : names)
    if (n == c) return true;
  return false;
}

uint32_t value_count(const Type& t) {
  if (t.kind == TypeKind::SingleValue) return t.reps[0].tag == PrimRepTag::Void ? 0 : 1;
  if (t.kind == TypeKind::PolymorphicRep) return 1;
  uint32_t n = 0;
  for (const PrimRep& r : t.reps) n += r.tag != PrimRepTag::Void;
  return n;
}

bool value_is_ptr(const Type& t, uint32_t i) {
  if (t.kind == TypeKind::PolymorphicRep) return true;
  uint32_t k = 0;
  for (const PrimRep& r : t.reps) {
    if (r.tag == PrimRepTag::Void) continue;
    if (k++ == i) return rep_is_ptr(r);
  }
  return false;
}

}  // namespace

uint32_t Lowerer::pool(const std::vector<uint32_t>& words) {
  uint32_t at = uint32_t(img_.pool.size());
  img_.pool.append(words.begin(), words.end());
  return at;
}

Lowerer::SwitchTable Lowerer::switch_on(Gen& g, Reg key, const std::vector<uint64_t>& values) {
  SwitchTable t{uint32_t(img_.pool.size()), uint32_t(values.size())};
  img_.pool.resize(img_.pool.size() + 3 * values.size() + 1, 0);
  for (uint32_t i = 0; i < t.n; ++i) {
    img_.pool[t.at + 3 * i] = uint32_t(values[i]);
    img_.pool[t.at + 3 * i + 1] = uint32_t(values[i] >> 32);
  }
  g.emit(Op::Switch, key, t.at, t.n);
  return t;
}

void Lowerer::switch_target(Gen& g, SwitchTable t, uint32_t i) {
  img_.pool[t.at + (i < t.n ? 3 * i + 2 : 3 * t.n)] = g.pc();
}

void Lowerer::trap(Gen& g, ir::RtsOpKind k, uint32_t payload) { g.emit(Op::Rts, 0, 0, ir::rts_imm(k, payload)); }

Reg Lowerer::env_at(Gen& g, const Binder* b) {
  auto it = g.env.find(b);
  if (it == g.env.end())
    throw LowerError("internal: local " + std::string(b->name) + " is not available in block " +
                     img_.names[img_.blocks[g.block].name]);
  return it->second;
}

Reg Lowerer::var(Gen& g, const BinderRef& r) {
  const Binder* b = r.binder;
  if (!b) throw LowerError("internal: unresolved occurrence");
  if (!b->top_level) return env_at(g, b);
  const Binder* d = r.target();
  if (!d) throw LowerError("unresolved reference " + std::string(b->unique_name));
  Reg x = g.reg(false);  // static addresses are never moved by the GC
  g.emit(Op::Const, x, 0, d->builtin ? 0 : top(d).addr);
  return x;
}

bool Lowerer::atom_is_ptr(const Arg& a) const {
  if (a.kind == ArgKind::Lit) return false;
  const Binder* b = a.var.binder;
  return b && !b->top_level && binder_is_ptr(b);
}

Reg Lowerer::atom(Gen& g, const Arg& a) {
  if (a.kind == ArgKind::Var) return var(g, a.var);
  Reg x = g.reg(false);
  g.emit(Op::Const, x, 0, lit_value(*a.lit));
  return x;
}

std::vector<uint32_t> Lowerer::gc_roots(Gen& g, const std::vector<Reg>& extra) {
  if (!g.after) throw LowerError("internal: a collection point without its live variables");
  std::vector<uint32_t> live(extra.begin(), extra.end());
  for (const Binder* b : *g.after) {
    if (!binder_is_ptr(b)) continue;
    auto it = g.env.find(b);
    if (it == g.env.end())
      throw LowerError("internal: live local " + std::string(b->name) + " is not available in block " +
                       img_.names[img_.blocks[g.block].name]);
    live.push_back(it->second);
  }
  std::sort(live.begin(), live.end());
  live.erase(std::unique(live.begin(), live.end()), live.end());
  return live;
}

void Lowerer::heap_check(Gen& g, uint32_t bytes, const std::vector<Reg>& extra) {
  std::vector<uint32_t> live = gc_roots(g, extra);
  g.emit(Op::HeapCheck, uint32_t(live.size()), pool(live), bytes);
}

void Lowerer::return_values(Gen& g, const std::vector<Reg>& regs) {
  for (uint32_t i = 0; i < regs.size(); ++i) g.emit(Op::SetR, i, regs[i]);
  g.emit(Op::Return);
}

void Lowerer::push_frame(Gen& g, uint32_t info, const std::vector<Reg>& slots) {
  uint32_t words = 1 + uint32_t(slots.size());
  g.emit(Op::SpAdd, 0, 0, uint64_t(-int64_t(8 * words)));
  g.emit(Op::StoreSpImm, 0, 0, info);
  for (uint32_t i = 0; i < slots.size(); ++i) g.emit(Op::StoreSp, slots[i], 0, 8 * (1 + i));
}

std::vector<const Binder*> Lowerer::frame_order(const VarSet& live) const {
  std::vector<const Binder*> v(live.begin(), live.end());
  std::stable_partition(v.begin(), v.end(), [](const Binder* b) { return binder_is_ptr(b); });
  return v;
}

// ---- closures ------------------------------------------------------------------------------

void Lowerer::lower_closure(const Binder* self, const Rhs* r, uint32_t entry, const std::vector<const Binder*>& fvs,
                            bool top) {
  Gen g;
  g.block = entry;
  g.owner = closure_point(self, entry);
  g.point.binder = self;
  g.point.id = g.owner;
  bool thunk = r->params.empty();
  ir::Block& blk = img_.blocks[entry];
  blk.in_regs = 1 + uint32_t(r->params.size());
  blk.in_ptrs = 1;  // the node (a static one is never moved, which is fine too)
  blk.thunk_entry = thunk;
  for (uint32_t i = 0; i < r->params.size() && i < 63; ++i)
    if (binder_is_ptr(r->params[i])) blk.in_ptrs |= uint64_t(1) << (i + 1);
  Reg node = g.reg(!top);
  g.emit(Op::GetR, node, 0);
  for (uint32_t i = 0; i < r->params.size(); ++i) {
    const Binder* p = r->params[i];
    Reg x = g.reg(binder_is_ptr(p));
    g.emit(Op::GetR, x, i + 1);
    g.env[p] = x;
    bound_as_[p] = CallOrigin::CloArg;
  }
  uint32_t hdr = thunk ? layout::kThunkHeaderWords : layout::kHeaderWords;
  for (uint32_t i = 0; i < fvs.size(); ++i) {
    Reg x = g.reg(binder_is_ptr(fvs[i]));
    g.emit(Op::Load, x, node, 8 * (hdr + i));
    g.env[fvs[i]] = x;
  }
  if (thunk && r->flag == UpdateFlag::Updatable) {
    push_frame(g, img_.rts_info[kUpdateFrameInfo], {node});
    // Eager blackholing: the indirectee word holds the owner thread, so that another thread
    // entering it waits for the value and only the owner itself sees <<loop>>.
    Reg owner = g.reg(false);
    g.emit(Op::CurTso, owner);
    g.emit(Op::StoreImm, node, 0, img_.rts_info[kBlackholeInfo]);
    g.emit(Op::Store, node, owner, layout::kIndirectee);
  }
  tail(g, r->body);
  finish(g);
}

// ---- expressions in tail position ----------------------------------------------------------

void Lowerer::tail(Gen& g, const Expr* e) {
  // In tail position nothing after the expression's own operations is left to do here.
  static const VarSet kNothing;
  g.after = &kNothing;
  switch (e->kind) {
    case ExprKind::Tick: tail(g, e->as<ETick>()->body); return;
    case ExprKind::Lit: {
      Reg x = g.reg(false);
      g.emit(Op::Const, x, 0, lit_value(*e->as<ELit>()->lit));
      return_values(g, {x});
      return;
    }
    case ExprKind::App: tail_app(g, e->as<EApp>()); return;
    case ExprKind::ConApp: tail_conapp(g, e->as<EConApp>()); return;
    case ExprKind::OpApp: {
      std::vector<Reg> res;
      if (inline_op(g, e->as<EOpApp>(), res)) return_values(g, res);
      else call_op(g, e->as<EOpApp>());
      return;
    }
    case ExprKind::Case: lower_case(g, e->as<ECase>()); return;
    case ExprKind::Let:
      g.after = &fv_.of(e);  // the closures' free variables and the body's
      lower_let(g, e->as<ELet>()->binding);
      tail(g, e->as<ELet>()->body);
      return;
    case ExprKind::LetNoEscape:
      lower_join(g, e->as<ELet>()->binding);
      tail(g, e->as<ELet>()->body);
      return;
  }
}

void Lowerer::tail_app(Gen& g, const EApp* a) {
  const Binder* b = a->fn.binder;
  auto j = joins_.find(b);
  if (j != joins_.end()) {
    std::vector<Reg> regs;
    for (const Binder* v : j->second.fvs) regs.push_back(env_at(g, v));
    for (const Arg& x : a->args) regs.push_back(atom(g, x));
    for (uint32_t i = 0; i < regs.size(); ++i) g.emit(Op::SetR, i, regs[i]);
    call_site(g, CallOrigin::Let);
    g.emit(Op::Jump, 0, 0, j->second.block);
    return;
  }
  uint32_t n = a->args.size();
  if (n == 0) {
    if (!b->top_level) {
      Reg x = env_at(g, b);
      if (binder_is_ptr(b)) {
        call_site(g, origin_of(b));
        g.emit(Op::Enter, x);
      } else {
        return_values(g, {x});
      }
      return;
    }
    const Binder* d = a->fn.target();
    if (!d) throw LowerError("unresolved reference " + std::string(b->unique_name));
    if (d->builtin) {
      g.emit(Op::SetRImm, 0, 0, 0);
      g.emit(Op::Return);
      return;
    }
    const TopSym& t = top(d);
    if (t.kind == TopSym::Thunk) {
      Reg x = g.reg(false);
      g.emit(Op::Const, x, 0, t.addr);
      call_site(g, CallOrigin::TopLevel);
      g.emit(Op::Enter, x);
    } else {
      g.emit(Op::SetRImm, 0, 0, t.addr);
      g.emit(Op::Return);
    }
    return;
  }
  std::vector<Reg> args;
  uint64_t bitmap = 0;
  for (uint32_t i = 0; i < n; ++i) {
    args.push_back(atom(g, a->args[i]));
    if (i < 64 && atom_is_ptr(a->args[i])) bitmap |= uint64_t(1) << i;
  }
  Reg fn = var(g, a->fn);
  uint32_t entry = 0, arity = 0;
  if (!b->top_level) {
    auto lf = local_funs_.find(b);
    if (lf != local_funs_.end()) entry = lf->second.entry, arity = lf->second.arity;
  } else if (const Binder* d = a->fn.target(); d && !d->builtin) {
    const TopSym& t = top(d);
    if (t.kind == TopSym::Fun) entry = t.entry, arity = t.arity;
  }
  if (entry && n >= arity) {
    if (n > arity) {  // over-saturated: the rest is applied to the result
      uint32_t extra = n - arity;
      if (extra > 64) throw LowerError("call with more than 64 extra arguments");
      std::vector<Reg> slots(args.begin() + arity, args.end());
      push_frame(g, ap_pattern(extra, bitmap >> arity).frame, slots);
    }
    g.emit(Op::SetR, 0, fn);
    for (uint32_t i = 0; i < arity; ++i) g.emit(Op::SetR, i + 1, args[i]);
    call_site(g, origin_of(b));
    g.emit(Op::Jump, 0, 0, entry);
    return;
  }
  if (n > 64) throw LowerError("unknown call with more than 64 arguments");
  uint32_t ap = ap_pattern(n, bitmap).block;
  g.emit(Op::SetR, 0, fn);
  for (uint32_t i = 0; i < n; ++i) g.emit(Op::SetR, i + 1, args[i]);
  // An evaluated function of exactly n parameters is called from here (the commonest
  // case), any other value goes to the generic application of n arguments (apply_code.cpp).
  call_if_arity(g, fn, n, origin_of(b));
  call_site(g, origin_of(b));
  g.emit(Op::Jump, 0, 0, ap);
}

Reg Lowerer::alloc_con(Gen& g, const DataCon* dc, const Span<Arg>& args) {
  const ConLayout& c = con_layout(dc);
  std::vector<Reg> vals, ptrs;
  for (const Arg& a : args) {
    vals.push_back(atom(g, a));
    if (atom_is_ptr(a)) ptrs.push_back(vals.back());
  }
  heap_check(g, 8 * (1 + c.nwords), ptrs);
  Reg r = g.reg(true);
  g.emit(Op::Alloc, r, 0, 8 * (1 + c.nwords));
  g.emit(Op::StoreImm, r, 0, c.info);
  for (uint32_t i = 0; i < vals.size() && i < c.slot.size(); ++i) g.emit(Op::Store, r, vals[i], 8 * (1 + c.slot[i]));
  return r;
}

void Lowerer::tail_conapp(Gen& g, const EConApp* c) {
  const DataCon* dc = c->con.target();
  if (dc->unboxed_tuple) {
    std::vector<Reg> regs;
    for (const Arg& a : c->args) regs.push_back(atom(g, a));
    return_values(g, regs);
    return;
  }
  const ConLayout& cl = con_layout(dc);
  if (cl.nwords == 0) {
    g.emit(Op::SetRImm, 0, 0, cl.nullary_closure);
    g.emit(Op::Return);
    return;
  }
  return_values(g, {alloc_con(g, dc, c->args)});
}

// ---- primitive operations ------------------------------------------------------------------

bool Lowerer::inline_op(Gen& g, const EOpApp* o, std::vector<Reg>& results) {
  const StgOp& op = *o->op;
  uint32_t nres = value_count(o->result_type);
  if (op.kind == OpKind::FCall) {
    std::vector<Reg> args;
    std::vector<CRep> reps;
    for (const Arg& a : o->args) {
      args.push_back(atom(g, a));
      CRep r = CRep::Int;
      if (a.kind == ArgKind::Var && a.var.binder->type.kind == TypeKind::SingleValue) r = crep_of(a.var.binder->type.reps[0]);
      // The State# token GHC passes last (void# / realWorld# after unarisation) has type (# #):
      // no value, a Void slot for the shims.
      if (a.kind == ArgKind::Var && a.var.binder->type.kind == TypeKind::UnboxedTuple) {
        bool none = true;
        for (const PrimRep& pr : a.var.binder->type.reps) none = none && pr.tag == PrimRepTag::Void;
        if (none) r = CRep::Void;
      }
      if (a.kind == ArgKind::Lit) {
        switch (a.lit->kind) {
          case LitKind::Float: r = CRep::Float; break;
          case LitKind::Double: r = CRep::Double; break;
          case LitKind::String: case LitKind::NullAddr: case LitKind::Label: r = CRep::Addr; break;
          default: r = CRep::Int; break;
        }
      }
      reps.push_back(r);
    }
    CRep res = CRep::Void;
    if (nres == 1) {
      for (const PrimRep& r : o->result_type.reps)
        if (r.tag != PrimRepTag::Void) res = crep_of(r);
    }
    uint32_t site = foreign_site(op, reps, res);
    std::vector<uint32_t> operands = {nres ? 1u : 0u, uint32_t(args.size())};
    if (nres) {
      Reg x = g.reg(false);
      results.push_back(x);
      operands.push_back(x);
    }
    operands.insert(operands.end(), args.begin(), args.end());
    // A call may collect (performGC): the live pointer registers are its roots.
    std::vector<uint32_t> live = gc_roots(g);
    operands.push_back(uint32_t(live.size()));
    operands.insert(operands.end(), live.begin(), live.end());
    g.emit(Op::FCall, 0, pool(operands), site);
    return true;
  }
  if (op.kind == OpKind::PrimCall) {
    // The Cmm bit casts are identities on our slot representation; the rest go to the RTS.
    if (op.name == "stg_doubleToWord64zh" || op.name == "stg_word64ToDoublezh" ||
        op.name == "stg_floatToWord32zh" || op.name == "stg_word32ToFloatzh") {
      results.push_back(atom(g, o->args[0]));
      return true;
    }
    return false;
  }
  std::string_view name = op.name;
  if (is_control(name)) return false;
  if (name == "tagToEnum#") {
    if (!o->has_result_tycon) throw LowerError("tagToEnum# without a result type constructor");
    Reg t = atom(g, o->args[0]);
    Reg x = g.reg(false);  // a static closure
    g.emit(Op::LoadTable, x, t, enum_table(o->result_tycon.target()));
    results.push_back(x);
    return true;
  }
  const primops::PrimOpDesc* d = primops::find_primop(name);
  if (!d) {
    if (std::find(img_.unknown_primops.begin(), img_.unknown_primops.end(), name) == img_.unknown_primops.end())
      img_.unknown_primops.emplace_back(name);
    return false;
  }
  std::vector<Reg> args;
  for (const Arg& a : o->args) args.push_back(atom(g, a));
  std::vector<uint32_t> operands = {nres, uint32_t(args.size())};
  for (uint32_t i = 0; i < nres; ++i) {
    Reg x = g.reg(value_is_ptr(o->result_type, i));
    results.push_back(x);
    operands.push_back(x);
  }
  operands.insert(operands.end(), args.begin(), args.end());
  // Allocating primops may collect: they get the live pointer registers (their own pointer
  // arguments are roots too: arg_ptrs below).
  std::vector<uint32_t> live = gc_roots(g);
  operands.push_back(uint32_t(live.size()));
  operands.insert(operands.end(), live.begin(), live.end());
  // Which arguments are heap pointers (an Int# that looks like an address is not a root).
  uint32_t arg_ptrs = 0;
  for (uint32_t i = 0; i < o->args.size() && i < 32; ++i)
    if (atom_is_ptr(o->args[i])) arg_ptrs |= 1u << i;
  operands.push_back(arg_ptrs);
  g.emit(Op::PrimOp, 0, pool(operands), uint64_t(d->id));
  return true;
}

void Lowerer::call_op(Gen& g, const EOpApp* o) {
  const StgOp& op = *o->op;
  if (op.kind == OpKind::PrimCall) {
    std::vector<uint32_t> regs;
    for (const Arg& a : o->args) regs.push_back(atom(g, a));
    g.emit(Op::Rts, uint32_t(regs.size()), pool(regs), ir::rts_imm(ir::RtsOpKind::PrimCall, name_index(op.name)));
    return;
  }
  std::string_view name = op.name;
  auto arg_origin = [&](const Arg& a) {
    return a.kind == ArgKind::Var && a.var.binder ? origin_of(a.var.binder) : CallOrigin::ClosureResult;
  };
  if (name == "seq#") {  // evaluate the argument; its value is the result
    Reg x = atom(g, o->args[0]);
    call_site(g, arg_origin(o->args[0]));
    g.emit(Op::Enter, x);
    return;
  }
  if (name == "dataToTag#") {
    // Evaluate, then a small continuation reads the constructor tag.
    uint32_t k = new_block(ir::BlockKind::ReturnPoint, "dataToTag#");
    uint32_t bitmap = st_.alloc(8);
    uint32_t info = info_table(k, 0, 0, layout::RET_SMALL, 0, "dataToTag#");
    st_.put64(info + layout::kInfoLayout, uint64_t(1) | (uint64_t(bitmap) << 32));
    Reg x = atom(g, o->args[0]);
    push_frame(g, info, {});
    call_site(g, arg_origin(o->args[0]));
    g.emit(Op::Enter, x);
    Gen kg;
    kg.block = k;
    kg.owner = g.owner;  // the continuation is this closure's code (its profile entry, not <runtime>)
    Reg v = kg.reg(true);
    kg.emit(Op::GetR, v, 0);
    kg.emit(Op::SpAdd, 0, 0, 8);
    Reg t = kg.reg(false);
    kg.emit(Op::TagOf, t, v);
    return_values(kg, {t});
    finish(kg);
    return;
  }
  if (!primops::find_primop(name)) {
    trap(g, ir::RtsOpKind::UnknownPrimop, name_index(name));
    return;
  }
  std::vector<uint32_t> regs;
  for (const Arg& a : o->args) regs.push_back(atom(g, a));
  call_site(g, CallOrigin::Builtin);  // (catch#, mask…, atomically#: the runtime enters their argument)
  g.emit(Op::Rts, uint32_t(regs.size()), pool(regs),
         ir::rts_imm(ir::RtsOpKind::Primop, uint32_t(primops::find_primop(name)->id)));
}

// ---- case ----------------------------------------------------------------------------------

bool Lowerer::inline_scrut(Gen& g, const Expr* e, std::vector<Reg>& results) {
  e = strip_ticks(e);
  switch (e->kind) {
    case ExprKind::Lit: {
      Reg x = g.reg(false);
      g.emit(Op::Const, x, 0, lit_value(*e->as<ELit>()->lit));
      results.push_back(x);
      return true;
    }
    case ExprKind::OpApp: return inline_op(g, e->as<EOpApp>(), results);
    case ExprKind::ConApp: {
      auto* c = e->as<EConApp>();
      const DataCon* dc = c->con.target();
      if (dc->unboxed_tuple) {
        for (const Arg& a : c->args) results.push_back(atom(g, a));
        return true;
      }
      const ConLayout& cl = con_layout(dc);
      if (cl.nwords == 0) {
        Reg x = g.reg(false);
        g.emit(Op::Const, x, 0, cl.nullary_closure);
        results.push_back(x);
      } else {
        results.push_back(alloc_con(g, dc, c->args));
      }
      return true;
    }
    case ExprKind::App: {
      auto* a = e->as<EApp>();
      const Binder* b = a->fn.binder;
      // An unboxed (non-pointer) variable is already a value.
      if (a->args.empty() && !b->top_level && !binder_is_ptr(b) && !joins_.count(b)) {
        results.push_back(env_at(g, b));
        return true;
      }
      return false;
    }
    default: return false;
  }
}

void Lowerer::lower_case(Gen& g, const ECase* c) {
  // Inline: the scrutinee needs no evaluation (primop, literal, constructor, unboxed value).
  // Allocation or results are generated before the frame would be needed.
  // Live across the scrutinee: free variables of the alternatives.
  VarSet live;
  for (const Alt& a : c->alts) {
    VarSet r = fv_.of(a.rhs);
    for (const Binder* b : a.binders) varset_remove(r, b);
    varset_union(live, r);
  }
  varset_remove(live, c->binder);
  {
    size_t code_mark = g.code.size(), path_mark = g.path_ptrs.size();
    uint32_t reg_mark = g.nregs;
    std::vector<Reg> res;
    g.after = &live;
    if (inline_scrut(g, c->scrut, res)) {
      g.after = nullptr;  // (`live` ends here)
      select_alt(g, c, res);
      return;
    }
    g.after = nullptr;
    // Not inline: undo anything inline_scrut emitted before giving up.
    g.code.resize(code_mark);
    g.path_ptrs.resize(path_mark);
    g.nregs = reg_mark;
  }
  std::vector<const Binder*> order = frame_order(live);

  uint32_t k = new_block(ir::BlockKind::ReturnPoint, std::string(img_.names[img_.blocks[g.block].name]) + "/case");
  uint32_t words = 1 + uint32_t(order.size());
  uint32_t bitmap = st_.alloc(8 * std::max<uint32_t>(1, (words - 1 + 63) / 64));
  for (uint32_t i = 0; i < order.size(); ++i)
    if (binder_is_ptr(order[i])) {
      uint32_t w = bitmap + 8 * (i / 64);
      st_.put64(w, st_.get64(w) | (uint64_t(1) << (i % 64)));
    }
  uint32_t info = info_table(k, 0, 0, layout::RET_SMALL, 0, img_.names[img_.blocks[k].name]);
  st_.put64(info + layout::kInfoLayout, uint64_t(words) | (uint64_t(bitmap) << 32));

  const AltType& at = c->alt_type;
  uint32_t nres = 1;
  if (at.kind == AltTypeKind::MultiValAlt) nres = uint32_t(at.arity);
  auto res_is_ptr = [&](uint32_t i) {
    if (at.kind == AltTypeKind::PrimAlt) return rep_is_ptr(at.rep);
    if (at.kind != AltTypeKind::MultiValAlt) return true;
    bool ptr = false;
    for (const Alt& a : c->alts)
      if (i < a.binders.size()) ptr = binder_is_ptr(a.binders[i]);
    return ptr;
  };

  // `case x of …` on a local heap variable: when x needs no evaluation (a constructor, a
  // function, a PAP: what GHC's pointer tag says), the alternatives run at once with x and
  // the live variables in registers, no frame pushed and no return through it. The
  // alternatives live in a block `kf` taking [x, live…] in R0…; the return point k (the
  // frame's code, when x had to be evaluated) moves its frame into those registers and jumps
  // there, so the alternatives exist once.
  const Expr* scrut = strip_ticks(c->scrut);
  const Binder* sv = scrut->kind == ExprKind::App && scrut->as<EApp>()->args.empty() ? scrut->as<EApp>()->fn.binder : nullptr;
  bool fast = sv && !sv->top_level && binder_is_ptr(sv) && !joins_.count(sv) && nres == 1 && res_is_ptr(0) &&
              1 + order.size() <= ir::kMaxMachineRegs;
  // Small alternatives are lowered twice instead, on the evaluated path in this block and in
  // the continuation: no jump to a block of their own on either path (for a `case` on an
  // evaluated value, half the blocks and register moves of a small function).
  uint32_t alts_cost = 0;
  for (const Alt& a : c->alts)
    if (fast && alts_cost <= kTwiceBudget) alts_cost += twice_cost(a.rhs, kTwiceBudget - alts_cost);
  bool twice = fast && alts_cost <= kTwiceBudget;

  std::vector<Reg> slots;
  for (const Binder* b : order) slots.push_back(env_at(g, b));
  uint32_t kf = 0;
  auto pass_regs = [&](Gen& gg, Reg value, const std::vector<Reg>& live) {
    gg.emit(Op::SetR, 0, value);
    for (uint32_t i = 0; i < live.size(); ++i) gg.emit(Op::SetR, 1 + i, live[i]);
    gg.emit(Op::Jump, 0, 0, kf);
  };
  if (fast) {
    if (!twice) kf = new_block(ir::BlockKind::JoinPoint, img_.names[img_.blocks[k].name] + "/evaluated");
    Reg x = env_at(g, sv);
    Reg t = g.reg(false);
    g.emit(Op::IsEval, t, x);
    SwitchTable table = switch_on(g, t, {1});
    switch_target(g, table, 0);
    size_t path_mark = g.path_ptrs.size();
    if (twice) select_alt(g, c, {x});
    else pass_regs(g, x, slots);
    switch_target(g, table, table.n);
    g.path_ptrs.resize(path_mark);
  }
  push_frame(g, info, slots);
  g.point = {PointKind::Scrutinee, c->binder, 0, nullptr, 0};
  tail(g, c->scrut);  // evaluation ends the block; the value comes back to the frame

  // The continuation.
  Gen kg;
  kg.block = k;
  kg.owner = g.owner;
  std::vector<Reg> res;
  for (uint32_t i = 0; i < nres; ++i) {
    Reg x = kg.reg(res_is_ptr(i));
    kg.emit(Op::GetR, x, i);
    res.push_back(x);
  }
  std::vector<Reg> saved;
  for (uint32_t i = 0; i < order.size(); ++i) {
    Reg x = kg.reg(binder_is_ptr(order[i]));
    kg.emit(Op::LoadSp, x, 0, 8 * (1 + i));
    kg.env[order[i]] = x;
    saved.push_back(x);
  }
  kg.emit(Op::SpAdd, 0, 0, 8 * words);
  if (!fast || twice) {  // (the alternatives here, not in a block of their own)
    select_alt(kg, c, res);
    finish(kg);
    return;
  }
  pass_regs(kg, res[0], saved);
  finish(kg);

  // The alternatives, x and the live variables in R0, R1…
  Gen fg;
  fg.block = kf;
  fg.owner = g.owner;
  Reg v = fg.reg(true);
  fg.emit(Op::GetR, v, 0);
  ir::Block& fb = img_.blocks[kf];
  fb.in_regs = 1 + uint32_t(order.size());
  fb.in_ptrs = 1;
  for (uint32_t i = 0; i < order.size(); ++i) {
    Reg x = fg.reg(binder_is_ptr(order[i]));
    fg.emit(Op::GetR, x, 1 + i);
    fg.env[order[i]] = x;
    if (binder_is_ptr(order[i]) && 1 + i < 64) fb.in_ptrs |= uint64_t(1) << (1 + i);
  }
  select_alt(fg, c, {v});
  finish(fg);
}

void Lowerer::select_alt(Gen& g, const ECase* c, const std::vector<Reg>& res) {
  bound_as_[c->binder] = CallOrigin::Scrut;
  auto at_alt = [&](uint32_t i) {
    g.point = {PointKind::Alt, c->binder, i, &c->alts[i], 0};
    for (const Binder* b : c->alts[i].binders) bound_as_[b] = CallOrigin::AltArg;
  };
  if (!res.empty()) g.env[c->binder] = res[0];
  else {
    Reg z = g.reg(false);
    g.emit(Op::Const, z, 0, 0);
    g.env[c->binder] = z;
  }
  const AltType& at = c->alt_type;
  const Span<Alt>& alts = c->alts;
  if (alts.empty()) {
    trap(g, ir::RtsOpKind::Unreachable, 0);
    return;
  }
  auto bind_fields = [&](Gen& gg, const Alt& a) {
    if (a.con_kind != AltConKind::DataCon) return;
    const DataCon* dc = a.con.target();
    if (dc->unboxed_tuple) {
      for (uint32_t i = 0; i < a.binders.size() && i < res.size(); ++i) gg.env[a.binders[i]] = res[i];
      return;
    }
    const ConLayout& cl = con_layout(dc);
    for (uint32_t i = 0; i < a.binders.size() && i < cl.slot.size(); ++i) {
      Reg x = gg.reg(cl.is_ptr[i]);
      gg.emit(Op::Load, x, res[0], 8 * (1 + cl.slot[i]));
      gg.env[a.binders[i]] = x;
    }
  };
  if (at.kind == AltTypeKind::MultiValAlt) {
    const Alt& a = alts[alts.size() - 1];
    at_alt(uint32_t(alts.size() - 1));
    for (uint32_t i = 0; i < a.binders.size() && i < res.size(); ++i) g.env[a.binders[i]] = res[i];
    tail(g, a.rhs);
    return;
  }
  bool has_default = alts[0].con_kind == AltConKind::Default;
  if (alts.size() == 1) {
    at_alt(0);
    bind_fields(g, alts[0]);
    tail(g, alts[0].rhs);
    return;
  }
  Reg scrut = res.empty() ? g.reg(false) : res[0];
  Reg key = scrut;
  if (at.kind == AltTypeKind::AlgAlt) {
    key = g.reg(false);
    g.emit(Op::TagOf, key, scrut);
  }
  uint32_t first = has_default ? 1 : 0;
  std::vector<uint64_t> values;
  for (uint32_t i = first; i < alts.size(); ++i)
    values.push_back(alts[i].con_kind == AltConKind::DataCon ? alts[i].con.target()->tag : lit_value(*alts[i].lit));
  SwitchTable table = switch_on(g, key, values);
  size_t path_mark = g.path_ptrs.size();
  for (uint32_t i = first; i < alts.size(); ++i) {
    const Alt& a = alts[i];
    switch_target(g, table, i - first);
    g.path_ptrs.resize(path_mark);
    at_alt(i);
    bind_fields(g, a);
    tail(g, a.rhs);
  }
  switch_target(g, table, table.n);
  g.path_ptrs.resize(path_mark);
  if (has_default) {
    at_alt(0);
    tail(g, alts[0].rhs);
  }
  else trap(g, ir::RtsOpKind::Unreachable, 0);
}

// ---- let / let-no-escape -------------------------------------------------------------------

// A thunk `case x of C … a … -> a` whose only free variable is x is a selector thunk (GHC's
// THUNK_SELECTOR, GHC.StgToCmm.Bind.mkRhsClosure): its code is an ordinary thunk's, but once
// x is evaluated the collector replaces it by the field (layout.h). Returns 1 + the info
// table's tag << 16 | payload word, or 0 for any other thunk.
uint32_t Lowerer::selector_of(const Rhs* r, const std::vector<const Binder*>& fvs) {
  if (fvs.size() != 1 || !binder_is_ptr(fvs[0])) return 0;
  const Expr* e = strip_ticks(r->body);
  if (e->kind != ExprKind::Case) return 0;
  const ECase* c = e->as<ECase>();
  const Expr* s = strip_ticks(c->scrut);
  if (s->kind != ExprKind::App || s->as<EApp>()->args.size() != 0 || s->as<EApp>()->fn.binder != fvs[0]) return 0;
  if (c->alt_type.kind != AltTypeKind::AlgAlt || c->alts.size() != 1) return 0;
  const Alt& alt = c->alts[0];
  const DataCon* dc = alt.con_kind == AltConKind::DataCon ? alt.con.target() : nullptr;
  const Expr* sel = strip_ticks(alt.rhs);
  if (!dc || dc->tag > 0xFFFF || sel->kind != ExprKind::App || sel->as<EApp>()->args.size() != 0) return 0;
  const ConLayout& cl = con_layout(dc);
  for (uint32_t k = 0; k < alt.binders.size() && k < cl.slot.size(); ++k)
    if (alt.binders[k] == sel->as<EApp>()->fn.binder)
      return cl.is_ptr[k] && cl.slot[k] <= layout::kMaxSelectorSlot ? 1 + (dc->tag << 16 | cl.slot[k]) : 0;
  return 0;
}

void Lowerer::lower_let(Gen& g, const Binding* b) {
  struct Plan {
    const Binder* binder;
    const Rhs* rhs;
    std::vector<const Binder*> fvs;
    uint32_t words = 0, info = 0;
  };
  std::vector<Plan> plans;
  uint32_t total = 0;
  for (uint32_t i = 0; i < b->binders.size(); ++i) {
    Plan pl{b->binders[i], b->rhss[i], {}, 0, 0};
    const Rhs* r = pl.rhs;
    if (r->kind == RhsKind::Con) {
      const ConLayout& c = con_layout(r->con.target());
      pl.words = 1 + c.nwords;
      pl.info = c.info;
    } else {
      pl.fvs = frame_order(fv_.of_rhs(r));
      bool thunk = r->params.empty();
      uint32_t hdr = thunk ? layout::kThunkHeaderWords : layout::kHeaderWords;
      pl.words = hdr + uint32_t(pl.fvs.size());
      uint32_t nptr = 0;
      for (const Binder* v : pl.fvs) nptr += binder_is_ptr(v);
      std::string name = std::string(img_.names[img_.blocks[g.block].name]) + "/" + std::string(pl.binder->name);
      uint32_t entry = new_block(ir::BlockKind::ClosureEntry, name);
      uint64_t bitmap = 0;
      for (uint32_t k = 0; k < r->params.size() && k < 64; ++k)
        if (binder_is_ptr(r->params[k])) bitmap |= uint64_t(1) << k;
      uint32_t sel = thunk ? selector_of(r, pl.fvs) : 0;
      if (sel) pl.info = info_table(entry, nptr, 0, layout::THUNK_SELECTOR, sel - 1, name);
      else pl.info = info_table(entry, nptr, uint32_t(pl.fvs.size()) - nptr, thunk ? layout::THUNK : layout::FUN,
                                uint32_t(r->params.size()), name, bitmap);
      if (!thunk) local_funs_[pl.binder] = {entry, uint32_t(r->params.size())};
    }
    total += 8 * pl.words;
    plans.push_back(std::move(pl));
  }
  if (total) heap_check(g, total);
  std::vector<Reg> objs;
  for (Plan& pl : plans) {
    if (pl.words == 1 && pl.rhs->kind == RhsKind::Con) {  // nullary constructor: static
      Reg x = g.reg(false);
      g.emit(Op::Const, x, 0, con_layout(pl.rhs->con.target()).nullary_closure);
      g.env[pl.binder] = x;
      bound_as_[pl.binder] = CallOrigin::Let;
      objs.push_back(x);
      continue;
    }
    bound_as_[pl.binder] = CallOrigin::Let;
    Reg x = g.reg(true);
    g.emit(Op::Alloc, x, 0, 8 * pl.words);
    g.emit(Op::StoreImm, x, 0, pl.info);
    g.env[pl.binder] = x;
    objs.push_back(x);
  }
  for (size_t i = 0; i < plans.size(); ++i) {
    Plan& pl = plans[i];
    const Rhs* r = pl.rhs;
    if (r->kind == RhsKind::Con) {
      const ConLayout& c = con_layout(r->con.target());
      for (uint32_t k = 0; k < r->args.size() && k < c.slot.size(); ++k)
        g.emit(Op::Store, objs[i], atom(g, r->args[k]), 8 * (1 + c.slot[k]));
      continue;
    }
    uint32_t hdr = r->params.empty() ? layout::kThunkHeaderWords : layout::kHeaderWords;
    for (uint32_t k = 0; k < pl.fvs.size(); ++k) g.emit(Op::Store, objs[i], env_at(g, pl.fvs[k]), 8 * (hdr + k));
  }
  // Closure bodies are separate blocks.
  for (Plan& pl : plans) {
    if (pl.rhs->kind != RhsKind::Closure) continue;
    uint32_t entry = uint32_t(st_.get64(pl.info + layout::kInfoEntry));
    lower_closure(pl.binder, pl.rhs, entry, pl.fvs, false);
  }
}

void Lowerer::lower_join(Gen& g, const Binding* b) {
  (void)g;
  std::vector<const Binder*> members(b->binders.begin(), b->binders.end());
  for (uint32_t i = 0; i < members.size(); ++i) {
    JoinInfo j;
    j.rhs = b->rhss[i];
    const VarSet& fvs = fv_.of_join(members[i]);
    j.fvs.assign(fvs.begin(), fvs.end());
    j.block = new_block(ir::BlockKind::JoinPoint, std::string(img_.names[img_.blocks[g.block].name]) + "/" +
                                                      std::string(members[i]->name));
    joins_[members[i]] = std::move(j);
  }
  for (const Binder* m : members) {
    const JoinInfo& j = joins_.at(m);
    if (j.rhs->kind != RhsKind::Closure) throw LowerError("let-no-escape binding of a constructor");
    Gen jg;
    jg.block = j.block;
    jg.owner = closure_point(m, j.block);
    jg.point.binder = m;
    jg.point.id = jg.owner;
    uint32_t r = 0;
    for (const Binder* v : j.fvs) {
      Reg x = jg.reg(binder_is_ptr(v));
      jg.emit(Op::GetR, x, r++);
      jg.env[v] = x;
    }
    for (const Binder* p : j.rhs->params) {
      Reg x = jg.reg(binder_is_ptr(p));
      jg.emit(Op::GetR, x, r++);
      jg.env[p] = x;
      bound_as_[p] = CallOrigin::CloArg;
    }
    if (r > ir::kMaxMachineRegs) throw LowerError("join point with more than 256 free variables and parameters");
    ir::Block& blk = img_.blocks[j.block];
    blk.in_regs = r;
    blk.in_ptrs = 0;
    for (uint32_t i = 0; i < r && i < 64; ++i)
      if (binder_is_ptr(i < j.fvs.size() ? j.fvs[i] : j.rhs->params[i - uint32_t(j.fvs.size())]))
        blk.in_ptrs |= uint64_t(1) << i;
    tail(jg, j.rhs->body);
    finish(jg);
  }
}

}  // namespace stgvm
