#include "lower/free_vars.h"

#include <algorithm>

namespace stgvm {

using namespace stg;

namespace {
bool before(const Binder* a, const Binder* b) { return a->seq < b->seq; }
}  // namespace

void varset_insert(VarSet& s, const Binder* b) {
  auto it = std::lower_bound(s.begin(), s.end(), b, before);
  if (it == s.end() || *it != b) s.insert(it, b);
}

void varset_union(VarSet& s, const VarSet& t) {
  if (t.empty()) return;
  VarSet out;
  out.reserve(s.size() + t.size());
  std::set_union(s.begin(), s.end(), t.begin(), t.end(), std::back_inserter(out), before);
  s.swap(out);
}

void varset_remove(VarSet& s, const Binder* b) {
  auto it = std::lower_bound(s.begin(), s.end(), b, before);
  if (it != s.end() && *it == b) s.erase(it);
}

void FreeVars::add_occ(VarSet& s, const Binder* b) {
  if (!b || b->top_level || b->builtin) return;
  auto j = join_fvs_.find(b);
  if (j != join_fvs_.end()) varset_union(s, j->second);
  else varset_insert(s, b);
}

void FreeVars::add_args(VarSet& s, const Span<Arg>& args) {
  for (const Arg& a : args)
    if (a.kind == ArgKind::Var) add_occ(s, a.var.binder);
}

const VarSet& FreeVars::of(const Expr* e) {
  auto it = memo_.find(e);
  if (it != memo_.end()) return it->second;
  VarSet s = compute(e);
  return memo_.emplace(e, std::move(s)).first->second;
}

VarSet FreeVars::of_rhs(const Rhs* r) {
  VarSet s;
  if (r->kind == RhsKind::Con) {
    add_args(s, r->args);
    return s;
  }
  s = of(r->body);
  for (const Binder* p : r->params) varset_remove(s, p);
  return s;
}

const VarSet& FreeVars::of_join(const Binder* j) { return join_fvs_.at(j); }

void FreeVars::forget(const Expr* e) {
  memo_.erase(e);
  switch (e->kind) {
    case ExprKind::Case: {
      auto* c = e->as<ECase>();
      forget(c->scrut);
      for (const Alt& a : c->alts) forget(a.rhs);
      break;
    }
    case ExprKind::Let:
    case ExprKind::LetNoEscape: {
      auto* l = e->as<ELet>();
      for (const Rhs* r : l->binding->rhss)
        if (r->kind == RhsKind::Closure) forget(r->body);
      forget(l->body);
      break;
    }
    case ExprKind::Tick: forget(e->as<ETick>()->body); break;
    default: break;
  }
}

VarSet FreeVars::compute(const Expr* e) {
  VarSet s;
  switch (e->kind) {
    case ExprKind::App: {
      auto* a = e->as<EApp>();
      add_occ(s, a->fn.binder);
      add_args(s, a->args);
      break;
    }
    case ExprKind::Lit: break;
    case ExprKind::ConApp: add_args(s, e->as<EConApp>()->args); break;
    case ExprKind::OpApp: add_args(s, e->as<EOpApp>()->args); break;
    case ExprKind::Case: {
      auto* c = e->as<ECase>();
      VarSet alts;
      for (const Alt& a : c->alts) {
        VarSet r = of(a.rhs);
        for (const Binder* b : a.binders) varset_remove(r, b);
        varset_union(alts, r);
      }
      varset_remove(alts, c->binder);
      s = of(c->scrut);
      varset_union(s, alts);
      break;
    }
    case ExprKind::Let: {
      auto* l = e->as<ELet>();
      for (const Rhs* r : l->binding->rhss) varset_union(s, of_rhs(r));
      varset_union(s, of(l->body));
      for (const Binder* b : l->binding->binders) varset_remove(s, b);
      break;
    }
    case ExprKind::LetNoEscape: {
      auto* l = e->as<ELet>();
      const Binding* b = l->binding;
      // A recursive group shares one set: the union of its members' needs (a member that
      // jumps to another needs that one's variables too).
      for (const Binder* j : b->binders) join_fvs_[j];  // members: not expanded inside
      VarSet group;
      for (const Rhs* r : b->rhss) varset_union(group, of_rhs(r));
      for (const Binder* j : b->binders) varset_remove(group, j);
      for (const Binder* j : b->binders) join_fvs_[j] = group;
      if (b->rec) {
        // The members' bodies were memoised with the members still unexpanded; a case
        // continuation in them that jumps to a member needs the group's variables.
        for (const Rhs* r : b->rhss)
          if (r->kind == RhsKind::Closure) forget(r->body);
        for (const Rhs* r : b->rhss) of_rhs(r);
      }
      s = of(l->body);
      break;
    }
    case ExprKind::Tick: s = of(e->as<ETick>()->body); break;
  }
  return s;
}

}  // namespace stgvm
