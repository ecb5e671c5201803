// Internal to lower/: the state of one Program → Image lowering, shared by lower.cpp (static
// layout, tables) and lower_expr.cpp (expressions → IR).
#pragma once
#include <map>
#include <string>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "loader/program.h"
#include "lower/free_vars.h"
#include "lower/image.h"
#include "lower/ir.h"
#include "lower/static_image.h"

namespace stgvm {

bool rep_is_ptr(const stg::PrimRep& r);
bool binder_is_ptr(const stg::Binder* b);
CRep crep_of(const stg::PrimRep& r);

struct TopSym {
  enum Kind { Fun, Thunk, Con, String } kind = Fun;
  uint32_t addr = 0;   // static closure (or string bytes)
  uint32_t info = 0;
  uint32_t entry = 0;  // code block
  uint32_t arity = 0;
  const stg::Rhs* rhs = nullptr;
};

struct ConLayout {
  uint32_t info = 0;
  uint32_t nullary_closure = 0;  // shared static closure of a constructor without fields
  std::vector<uint32_t> slot;    // field index → payload word (pointers first)
  std::vector<uint8_t> is_ptr;
  uint32_t nwords = 0;
};

// One code block under construction.
struct Gen {
  uint32_t block = 0;
  std::vector<ir::Instr> code;
  uint32_t nregs = 0;
  std::unordered_map<const stg::Binder*, ir::Reg> env;
  std::vector<ir::Reg> path_ptrs;  // pointer registers defined on the current path
  // The variables the rest of the block still needs at the operation being generated (a
  // collection there keeps only their registers, as GHC's stack maps keep only live
  // variables: a weak pointer's key dies when the code no longer refers to it).
  const VarSet* after = nullptr;
  // Attribution (lower/attribution.h): the program point the code being generated belongs
  // to, made an Attribution point when a call site needs it (most never do); `owner` is
  // the enclosing closure body's point. Sites' `code` is relative to the block here.
  struct Point {
    PointKind kind = PointKind::Closure;
    const stg::Binder* binder = nullptr;
    uint32_t alt = 0;
    const stg::Alt* alt_of = nullptr;
    uint32_t id = 0;
  } point;
  uint32_t owner = 0;
  std::vector<CallSite> sites;

  ir::Reg reg(bool ptr) {
    ir::Reg r = nregs++;
    if (ptr) path_ptrs.push_back(r);
    return r;
  }
  void emit(ir::Op op, uint32_t a = 0, uint32_t b = 0, uint64_t imm = 0) { code.push_back({op, a, b, imm}); }
  uint32_t pc() const { return uint32_t(code.size()); }
};

struct JoinInfo {
  uint32_t block = 0;
  std::vector<const stg::Binder*> fvs;  // passed first, then the parameters
  const stg::Rhs* rhs = nullptr;
};

class Lowerer {
 public:
  // `live`: the top-level bindings to lower (nullptr: all).
  Lowerer(const Program& p, const std::unordered_set<const stg::Binder*>* live);
  void lower_all();
  Image take() { return std::move(img_); }

 private:
  const Program& p_;
  Image img_;
  StaticImage st_;
  std::unordered_map<const stg::Binder*, TopSym> top_;
  const std::unordered_set<const stg::Binder*>* live_ = nullptr;
  bool lowered(const stg::Binder* b) const { return !live_ || live_->count(b); }
  // A planned top-level binding (a reference to one that was not planned is an error of the
  // reachability analysis, reported as such).
  const TopSym& top(const stg::Binder* b) const;
  std::unordered_map<const stg::DataCon*, ConLayout> cons_;
  std::unordered_map<const stg::TyCon*, uint32_t> enum_tables_;
  std::map<std::string, uint32_t> labels_;
  std::map<std::string, uint32_t> foreign_index_;
  FreeVars fv_;
  std::unordered_map<const stg::Binder*, JoinInfo> joins_;
  struct LocalFun {
    uint32_t entry, arity;
  };
  std::unordered_map<const stg::Binder*, LocalFun> local_funs_;
  // Generic application for one argument pattern (apply_code.cpp): `block` applies R0 to
  // R1..Rn; `frame` is the info table of the frame that holds such arguments while the
  // function is evaluated (its return block `ret` applies the value to them).
  struct ApPattern {
    uint32_t block = 0, ret = 0, frame = 0;
  };
  std::map<std::pair<uint32_t, uint64_t>, ApPattern> ap_patterns_;
  ApPattern ap_pattern(uint32_t n, uint64_t bitmap);
  // Calls f with R1..Rn if it is an evaluated function of exactly n parameters (the call
  // site recorded for the jump, in a closure's code); otherwise code continues after it.
  void call_if_arity(Gen& g, ir::Reg f, uint32_t n, CallOrigin o);

  // lower.cpp: tables and static layout
  uint32_t new_block(ir::BlockKind kind, std::string_view name);
  void finish(Gen& g);
  uint32_t info_table(uint32_t entry, uint32_t ptrs, uint32_t nptrs, uint32_t type, uint32_t tag_or_arity,
                      std::string_view name, uint64_t fun_arg_bitmap = 0);
  const ConLayout& con_layout(const stg::DataCon* dc);
  uint32_t enum_table(const stg::TyCon* tc);
  uint32_t label_cell(std::string_view name);
  uint32_t data_label(std::string_view name);
  uint32_t name_index(std::string_view name);
  uint32_t foreign_site(const stg::StgOp& op, const std::vector<CRep>& args, CRep result);
  void plan_top_level();
  std::vector<uint32_t> infos_;  // every info table, in order
  void build_srts();             // srt.cpp: the static reference tables, once all code is lowered
  uint64_t static_atom(const stg::Arg& a);
  uint64_t lit_value(const stg::Lit& l);

  // lower_expr.cpp: code
  void lower_rts_code();  // rts_code.cpp: the runtime blocks' IR
  void lower_closure(const stg::Binder* b, const stg::Rhs* r, uint32_t entry,
                     const std::vector<const stg::Binder*>& fvs, bool top);
  // attribution.cpp: binders, program points and call sites for analyses
  std::unordered_map<const stg::Binder*, uint32_t> attr_binders_;
  std::unordered_map<std::string, uint32_t> attr_strings_;
  std::unordered_map<const stg::Binder*, CallOrigin> bound_as_;  // local binders
  std::map<std::tuple<uint8_t, uint32_t, uint32_t, uint32_t>, uint32_t> point_ids_;  // kind, binder, alt, owner
  uint32_t attr_string(std::string_view s);
  uint32_t attr_binder(const stg::Binder* b);
  uint32_t point_id(Gen::Point& p, uint32_t owner);
  uint32_t closure_point(const stg::Binder* b, uint32_t block);  // also its block's point
  void call_site(Gen& g, CallOrigin o);
  CallOrigin origin_of(const stg::Binder* b) const;
  void tail(Gen& g, const stg::Expr* e);
  void tail_app(Gen& g, const stg::EApp* a);
  void tail_conapp(Gen& g, const stg::EConApp* c);
  void lower_case(Gen& g, const stg::ECase* c);
  bool inline_scrut(Gen& g, const stg::Expr* e, std::vector<ir::Reg>& results);
  void select_alt(Gen& g, const stg::ECase* c, const std::vector<ir::Reg>& results);
  void lower_let(Gen& g, const stg::Binding* b);
  uint32_t selector_of(const stg::Rhs* r, const std::vector<const stg::Binder*>& fvs);
  void lower_join(Gen& g, const stg::Binding* b);
  bool inline_op(Gen& g, const stg::EOpApp* o, std::vector<ir::Reg>& results);
  void call_op(Gen& g, const stg::EOpApp* o);
  ir::Reg atom(Gen& g, const stg::Arg& a);
  bool atom_is_ptr(const stg::Arg& a) const;
  ir::Reg var(Gen& g, const stg::BinderRef& r);
  ir::Reg env_at(Gen& g, const stg::Binder* b);
  uint32_t pool(const std::vector<uint32_t>& words);
  // A Switch on `key` over `values` (its pool table: value lo, hi, target per case, then the
  // default target); the targets are set with switch_target as the paths are emitted.
  struct SwitchTable {
    uint32_t at, n;
  };
  SwitchTable switch_on(Gen& g, ir::Reg key, const std::vector<uint64_t>& values);
  // Case `i` (i == n: the default) continues at the current pc.
  void switch_target(Gen& g, SwitchTable t, uint32_t i);
  void heap_check(Gen& g, uint32_t bytes, const std::vector<ir::Reg>& extra = {});
  // The pointer registers a collection at the current operation must keep (Gen::after's,
  // plus `extra`: values the operation itself still stores).
  std::vector<uint32_t> gc_roots(Gen& g, const std::vector<ir::Reg>& extra = {});
  ir::Reg alloc_con(Gen& g, const stg::DataCon* dc, const stg::Span<stg::Arg>& args);
  void return_values(Gen& g, const std::vector<ir::Reg>& regs);
  void push_frame(Gen& g, uint32_t info, const std::vector<ir::Reg>& slots);
  void trap(Gen& g, ir::RtsOpKind k, uint32_t payload);
  std::vector<const stg::Binder*> frame_order(const VarSet& live) const;
};

}  // namespace stgvm
