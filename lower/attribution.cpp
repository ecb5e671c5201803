// The lowering's attribution tables (lower/attribution.h): which STG binder and program
// point each block and call site belongs to.
#include "loader/resolve.h"
#include "lower/lower_ctx.h"

namespace stgvm {

using namespace stg;

uint32_t Lowerer::attr_string(std::string_view s) {
  auto [it, fresh] = attr_strings_.try_emplace(std::string(s), uint32_t(img_.attr.strings.size()));
  if (fresh) img_.attr.strings.emplace_back(s);
  return it->second;
}

uint32_t Lowerer::attr_binder(const Binder* b) {
  auto it = attr_binders_.find(b);
  if (it != attr_binders_.end()) return it->second;
  SourceBinder sb;
  sb.unit = attr_string(b->unit);
  sb.module = attr_string(b->module);
  sb.name = attr_string(b->name);
  // Module-public binders are named without their unique (GHC's external names).
  if (!(b->top_level && b->scope == Scope::ModulePublic)) sb.unique = attr_string(print_unique(b->id));
  uint32_t i = uint32_t(img_.attr.binders.size());
  img_.attr.binders.push_back(sb);
  attr_binders_.emplace(b, i);
  return i;
}

uint32_t Lowerer::point_id(Gen::Point& p, uint32_t owner) {
  if (p.id) return p.id;
  ProgramPoint pp;
  pp.kind = p.kind;
  pp.binder = attr_binder(p.binder);
  pp.alt = p.alt;
  pp.owner = owner;
  if (p.kind == PointKind::Alt) {
    const Alt& a = *p.alt_of;
    if (a.con_kind == AltConKind::DataCon) pp.label = attr_string(a.con.target()->name);
    else if (a.con_kind == AltConKind::Lit) pp.label = attr_string(std::to_string(int64_t(lit_value(*a.lit))));
    else pp.label = attr_string("_");
  }
  // (Code lowered twice — a case's small alternatives — is one program point, not two.)
  auto key = std::make_tuple(uint8_t(pp.kind), pp.binder, pp.alt, pp.owner);
  if (auto it = point_ids_.find(key); it != point_ids_.end()) return p.id = it->second;
  p.id = uint32_t(img_.attr.points.size());
  point_ids_.emplace(key, p.id);
  if (!pp.owner) pp.owner = p.id;  // a closure body owns itself
  img_.attr.points.push_back(pp);
  return p.id;
}

uint32_t Lowerer::closure_point(const Binder* b, uint32_t block) {
  Gen::Point p;
  p.binder = b;
  uint32_t id = point_id(p, 0);
  if (img_.attr.block_point.size() <= block) img_.attr.block_point.resize(block + 1);
  img_.attr.block_point[block] = id;
  return id;
}

void Lowerer::call_site(Gen& g, CallOrigin o) {
  if (!g.point.binder) return;  // runtime code
  g.sites.push_back({g.pc(), point_id(g.point, g.owner), o});
}

CallOrigin Lowerer::origin_of(const Binder* b) const {
  if (joins_.count(b)) return CallOrigin::Let;
  if (b->top_level) return b->builtin ? CallOrigin::Builtin : CallOrigin::TopLevel;
  auto it = bound_as_.find(b);
  return it != bound_as_.end() ? it->second : CallOrigin::ClosureResult;
}

}  // namespace stgvm
