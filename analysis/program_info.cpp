#include "analysis/program_info.h"

#include <nlohmann/json.hpp>

#include <cstdio>

#include "ffi/foreign.h"
#include "primops/primop_table.h"

namespace stgvm {
namespace {

using namespace stg;

struct Walker {
  ProgramInfo& info;

  void rhs(const Rhs* r) {
    if (r->kind == RhsKind::Closure) {
      ++info.closures;
      expr(r->body);
    }
  }
  void binding(const Binding& b) {
    for (const Rhs* r : b.rhss) rhs(r);
  }
  void expr(const Expr* e) {
    ++info.expressions;
    switch (e->kind) {
      case ExprKind::OpApp: {
        const StgOp* op = e->as<EOpApp>()->op;
        if (op->kind == OpKind::PrimOp) ++info.primops[std::string(op->name)];
        else if (op->kind == OpKind::PrimCall) ++info.prim_calls[std::string(op->name)];
        else if (op->target.dynamic) ++info.foreign_calls["<dynamic>"];
        else ++info.foreign_calls[std::string(op->target.symbol)];
        break;
      }
      case ExprKind::Case: {
        auto* c = e->as<ECase>();
        expr(c->scrut);
        for (auto& a : c->alts) expr(a.rhs);
        break;
      }
      case ExprKind::Let:
      case ExprKind::LetNoEscape:
        binding(*e->as<ELet>()->binding);
        expr(e->as<ELet>()->body);
        break;
      case ExprKind::Tick: expr(e->as<ETick>()->body); break;
      default: break;
    }
  }
};

}  // namespace

ProgramInfo collect_info(const Program& p) {
  ProgramInfo info;
  info.ghc_version = p.has_app_metadata ? p.app.ghc_version : "";
  info.modules = p.modules.size();
  info.top_binders = p.binders.size();
  info.datacons = p.datacons.size();
  info.tycons = p.tycons.size();
  Walker w{info};
  for (const Module* m : p.modules)
    for (auto& tb : m->top_bindings)
      if (!tb.string_lit) w.binding(tb.binding);
  for (const Binder* b : p.builtins) info.builtins.emplace_back(b->unique_name);
  for (const Binder* b : p.unresolved) info.unresolved.emplace_back(b->unique_name);
  info.has_main = p.main != nullptr;
  for (auto& [name, n] : info.primops)
    if (!primops::find_primop(name))
      info.unknown_primops.push_back(name);
  for (auto& [sym, n] : info.foreign_calls)
    if (sym != "<dynamic>" && !find_foreign(sym)) info.unknown_foreign.push_back(sym);
  return info;
}

std::string info_text(const Program& p, const ProgramInfo& info) {
  std::string o;
  auto line = [&](const std::string& k, const std::string& v) { o += k + ": " + v + "\n"; };
  line("input", p.input_path);
  line("ghc version", info.ghc_version.empty() ? "unknown" : info.ghc_version);
  line("main", info.has_main ? "main_:Main.main" : "none");
  line("modules", std::to_string(info.modules));
  line("top-level binders", std::to_string(info.top_binders));
  line("type constructors", std::to_string(info.tycons));
  line("data constructors", std::to_string(info.datacons));
  line("closures", std::to_string(info.closures));
  line("expressions", std::to_string(info.expressions));
  o += "\nmodules (" + std::to_string(p.modules.size()) + "):\n";
  for (const Module* m : p.modules) {
    o += "  " + std::string(m->unit) + ":" + std::string(m->name) + "  (" + std::to_string(m->top_bindings.size()) +
         " bindings)\n";
  }
  auto counts = [&](const char* title, const std::map<std::string, size_t>& m) {
    o += "\n" + std::string(title) + " (" + std::to_string(m.size()) + " distinct):\n";
    for (auto& [k, v] : m) o += "  " + std::to_string(v) + "\t" + k + "\n";
  };
  counts("primops", info.primops);
  counts("foreign calls", info.foreign_calls);
  counts("prim calls", info.prim_calls);
  o += "\nGHC.Prim built-ins (" + std::to_string(info.builtins.size()) + "):\n";
  for (auto& b : info.builtins) o += "  " + b + "\n";
  o += "\nunresolved references (" + std::to_string(info.unresolved.size()) + "):\n";
  for (auto& b : info.unresolved) o += "  " + b + "\n";
  o += "\nunknown primops (" + std::to_string(info.unknown_primops.size()) + "):\n";
  for (auto& b : info.unknown_primops) o += "  " + b + "\n";
  o += "\nforeign symbols without a shim (" + std::to_string(info.unknown_foreign.size()) + "):\n";
  for (auto& b : info.unknown_foreign) o += "  " + b + "\n";
  return o;
}

std::string info_json(const Program& p, const ProgramInfo& info) {
  using Json = nlohmann::ordered_json;  // keys in the order written, for readers and diffs
  Json o;
  o["input"] = p.input_path;
  o["ghc_version"] = info.ghc_version.empty() ? Json(nullptr) : Json(info.ghc_version);
  o["main"] = info.has_main ? Json("main_:Main.main") : Json(nullptr);
  o["counts"] = {{"modules", info.modules},         {"top_level_binders", info.top_binders},
                 {"type_constructors", info.tycons}, {"data_constructors", info.datacons},
                 {"closures", info.closures},        {"expressions", info.expressions}};
  Json modules = Json::array();
  for (const Module* m : p.modules)
    modules.push_back({{"unit", std::string(m->unit)},
                       {"module", std::string(m->name)},
                       {"package", std::string(m->package)},
                       {"bindings", m->top_bindings.size()}});
  o["modules"] = std::move(modules);
  o["primops"] = info.primops;
  o["foreign_calls"] = info.foreign_calls;
  o["prim_calls"] = info.prim_calls;
  o["builtins"] = info.builtins;
  o["unresolved"] = info.unresolved;
  o["unknown_primops"] = info.unknown_primops;
  o["unknown_foreign"] = info.unknown_foreign;
  // Names are UTF-8 as GHC wrote them; a damaged byte becomes U+FFFD instead of an exception.
  return o.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace stgvm
