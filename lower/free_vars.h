// Run-time free variables for lowering. Differs from the loader's per-closure lists in one
// way: a let-no-escape join point is not a value, so a reference to one stands for the
// variables its body needs (join points are lambda-lifted: their free variables are passed
// when they are jumped to). Sets are ordered by Binder::seq, so layouts are deterministic.
#pragma once
#include <unordered_map>
#include <vector>

#include "loader/ast.h"

namespace stgvm {

using VarSet = std::vector<const stg::Binder*>;  // sorted by seq, no duplicates

class FreeVars {
 public:
  // Free local variables of an expression (memoised).
  const VarSet& of(const stg::Expr* e);
  // Free local variables of a closure right-hand side (parameters excluded).
  VarSet of_rhs(const stg::Rhs* r);
  // What jumping to join point `j` needs (valid once the enclosing let-no-escape was visited).
  const VarSet& of_join(const stg::Binder* j);
  bool is_join(const stg::Binder* b) const { return join_fvs_.count(b) != 0; }
  void clear() {
    memo_.clear();
    join_fvs_.clear();
  }

 private:
  std::unordered_map<const stg::Expr*, VarSet> memo_;
  std::unordered_map<const stg::Binder*, VarSet> join_fvs_;

  VarSet compute(const stg::Expr* e);
  void forget(const stg::Expr* e);  // drops memoised sets of a subtree
  void add_occ(VarSet& s, const stg::Binder* b);
  void add_args(VarSet& s, const stg::Span<stg::Arg>& args);
};

void varset_insert(VarSet& s, const stg::Binder* b);
void varset_union(VarSet& s, const VarSet& t);
void varset_remove(VarSet& s, const stg::Binder* b);

}  // namespace stgvm
