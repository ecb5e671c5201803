// Reachability of top-level bindings (lower/reachable.h): a worklist over the references of
// each reached binding's right-hand side.
#include "lower/reachable.h"

#include <unordered_map>
#include <vector>

namespace stgvm {

using namespace stg;

namespace {

class Reach {
 public:
  explicit Reach(const Program& p) {
    for (const Module* m : p.modules)
      for (const TopBinding& tb : m->top_bindings) {
        if (tb.string_lit) {
          rhs_[tb.string_binder] = nullptr;
          continue;
        }
        for (uint32_t i = 0; i < tb.binding.binders.size(); ++i) rhs_[tb.binding.binders[i]] = tb.binding.rhss[i];
      }
  }
  void root(const Binder* b) { ref(b); }
  std::unordered_set<const Binder*> run() {
    while (!work_.empty()) {
      const Binder* b = work_.back();
      work_.pop_back();
      auto it = rhs_.find(b);
      if (it != rhs_.end() && it->second) rhs(it->second);
    }
    return std::move(seen_);
  }

 private:
  std::unordered_map<const Binder*, const Rhs*> rhs_;
  std::unordered_set<const Binder*> seen_;
  std::vector<const Binder*> work_;
  std::vector<const Expr*> exprs_;  // (iterative: STG nests deeply)

  void ref(const Binder* b) {
    if (!b || !b->top_level || b->builtin) return;
    if (seen_.insert(b).second) work_.push_back(b);
  }
  void args(const Span<Arg>& as) {
    for (const Arg& a : as)
      if (a.kind == ArgKind::Var) ref(a.var.target());
  }
  void rhs(const Rhs* r) {
    if (r->kind == RhsKind::Con) {
      args(r->args);
      return;
    }
    exprs_.push_back(r->body);
    while (!exprs_.empty()) {
      const Expr* e = exprs_.back();
      exprs_.pop_back();
      switch (e->kind) {
        case ExprKind::App: {
          auto* a = e->as<EApp>();
          ref(a->fn.target());
          args(a->args);
          break;
        }
        case ExprKind::Lit: break;
        case ExprKind::ConApp: args(e->as<EConApp>()->args); break;
        case ExprKind::OpApp: args(e->as<EOpApp>()->args); break;
        case ExprKind::Case: {
          auto* c = e->as<ECase>();
          exprs_.push_back(c->scrut);
          for (const Alt& a : c->alts) exprs_.push_back(a.rhs);
          break;
        }
        case ExprKind::Let:
        case ExprKind::LetNoEscape: {
          auto* l = e->as<ELet>();
          for (const Rhs* lr : l->binding->rhss) {
            if (lr->kind == RhsKind::Con) args(lr->args);
            else exprs_.push_back(lr->body);
          }
          exprs_.push_back(l->body);
          break;
        }
        case ExprKind::Tick: exprs_.push_back(e->as<ETick>()->body); break;
      }
    }
  }
};

}  // namespace

std::unordered_set<const Binder*> reachable_top_level(const Program& p) {
  Reach r(p);
  if (p.main) r.root(p.main);
  for (const char* name : kRuntimeRootNames) r.root(p.find_binder(name));
  return r.run();
}

}  // namespace stgvm
