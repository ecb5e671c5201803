#include "analysis/program_info.h"

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

std::string json_str(const std::string& s) {
  std::string o = "\"";
  for (unsigned char c : s) {
    if (c == '"') o += "\\\"";
    else if (c == '\\') o += "\\\\";
    else if (c < 0x20) {
      char b[8];
      snprintf(b, sizeof b, "\\u%04x", c);
      o += b;
    } else o += char(c);
  }
  return o + "\"";
}

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
  std::string o = "{\n";
  o += "  \"input\": " + json_str(p.input_path) + ",\n";
  o += "  \"ghc_version\": " + (info.ghc_version.empty() ? std::string("null") : json_str(info.ghc_version)) + ",\n";
  o += "  \"main\": " + std::string(info.has_main ? "\"main_:Main.main\"" : "null") + ",\n";
  o += "  \"counts\": {\"modules\": " + std::to_string(info.modules) + ", \"top_level_binders\": " +
       std::to_string(info.top_binders) + ", \"type_constructors\": " + std::to_string(info.tycons) +
       ", \"data_constructors\": " + std::to_string(info.datacons) + ", \"closures\": " +
       std::to_string(info.closures) + ", \"expressions\": " + std::to_string(info.expressions) + "},\n";
  o += "  \"modules\": [";
  for (size_t i = 0; i < p.modules.size(); ++i) {
    const Module* m = p.modules[i];
    o += std::string(i ? ",\n    " : "\n    ") + "{\"unit\": " + json_str(std::string(m->unit)) + ", \"module\": " +
         json_str(std::string(m->name)) + ", \"package\": " + json_str(std::string(m->package)) + ", \"bindings\": " +
         std::to_string(m->top_bindings.size()) + "}";
  }
  o += "\n  ],\n";
  auto counts = [&](const char* key, const std::map<std::string, size_t>& m) {
    o += "  \"" + std::string(key) + "\": {";
    bool first = true;
    for (auto& [k, v] : m) {
      o += std::string(first ? "\n    " : ",\n    ") + json_str(k) + ": " + std::to_string(v);
      first = false;
    }
    o += "\n  },\n";
  };
  counts("primops", info.primops);
  counts("foreign_calls", info.foreign_calls);
  counts("prim_calls", info.prim_calls);
  auto list = [&](const char* key, const std::vector<std::string>& v, bool last) {
    o += "  \"" + std::string(key) + "\": [";
    for (size_t i = 0; i < v.size(); ++i) o += std::string(i ? ", " : "") + json_str(v[i]);
    o += last ? "]\n" : "],\n";
  };
  list("builtins", info.builtins, false);
  list("unresolved", info.unresolved, false);
  list("unknown_primops", info.unknown_primops, false);
  list("unknown_foreign", info.unknown_foreign, true);
  o += "}\n";
  return o;
}

}  // namespace stgvm
