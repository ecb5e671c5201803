#include "loader/link.h"

#include <algorithm>
#include <string>

#include "loader/error.h"

namespace stgvm {

using namespace stg;

bool is_prim_builtin(std::string_view unit, std::string_view module, std::string_view name) {
  if (module != "GHC.Prim" || unit.substr(0, 8) != "ghc-prim") return false;
  if (name == "void#" || name == "realWorld#" || name == "coercionToken#" || name == "proxy#" ||
      name == "nullAddr#" || name == "Solo#")
    return true;
  // Unboxed tuple constructors: (##), (#,#), (#,,#), …
  if (name.size() >= 4 && name.substr(0, 2) == "(#" && name.substr(name.size() - 2) == "#)") {
    for (char c : name.substr(2, name.size() - 4))
      if (c != ',') return false;
    return true;
  }
  return false;
}

namespace {

std::string mod_name(const Module* m) { return std::string(m->unit) + ":" + std::string(m->name); }

[[noreturn]] void conflict(const std::string& what, std::string_view name, const Module* a, const Module* b) {
  throw LoadError("", "", -1,
                  what + " " + std::string(name) + " is defined by both " + mod_name(a) + " and " + mod_name(b));
}

}  // namespace

void link_program(Program& p) {
  // 1. Top-level definitions.
  std::vector<std::pair<std::string_view, Binder*>> defs;
  std::vector<std::pair<std::string_view, const Module*>> def_owner;
  for (Module* m : p.modules) {
    for (auto& tb : m->top_bindings) {
      if (tb.string_lit) {
        defs.emplace_back(tb.string_binder->unique_name, tb.string_binder);
        def_owner.emplace_back(tb.string_binder->unique_name, m);
      } else {
        for (Binder* b : tb.binding.binders) {
          defs.emplace_back(b->unique_name, b);
          def_owner.emplace_back(b->unique_name, m);
        }
      }
    }
  }
  // Bulk-build the sorted table, then detect duplicates (stable: first in module order wins
  // the report).
  std::vector<size_t> order(defs.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return defs[a].first < defs[b].first; });
  {
    boost::container::flat_map<std::string_view, Binder*>::sequence_type seq;
    seq.reserve(defs.size());
    for (size_t k = 0; k < order.size(); ++k) {
      size_t i = order[k];
      if (k > 0 && defs[order[k - 1]].first == defs[i].first)
        conflict("top-level binder", defs[i].first, def_owner[order[k - 1]].second, def_owner[i].second);
      seq.emplace_back(defs[i]);
    }
    p.binders.adopt_sequence(boost::container::ordered_unique_range, std::move(seq));
  }

  // 2. Canonical type and data constructors (first module in load order wins).
  boost::container::flat_map<std::string_view, const Module*> tycon_owner;
  for (Module* m : p.modules) {
    for (auto& g : m->tycons) {
      for (TyCon* tc : g.tycons) {
        auto [it, fresh] = p.tycons.try_emplace(tc->unique_name, tc);
        if (fresh) {
          tycon_owner.emplace(tc->unique_name, m);
          for (DataCon& dc : tc->datacons) {
            if (!p.datacons.try_emplace(dc.unique_name, &dc).second)
              conflict("data constructor", dc.unique_name, tycon_owner[tc->unique_name], m);
          }
          continue;
        }
        TyCon* canon = it->second;
        if (canon->datacons.size() != tc->datacons.size())
          throw LoadError("", "", -1,
                          "type constructor " + std::string(tc->unique_name) + " has " +
                              std::to_string(canon->datacons.size()) + " constructors in " +
                              mod_name(tycon_owner[tc->unique_name]) + " but " +
                              std::to_string(tc->datacons.size()) + " in " + mod_name(m));
        tc->canonical = canon;
        for (size_t i = 0; i < tc->datacons.size(); ++i) {
          if (tc->datacons[i].unique_name != canon->datacons[i].unique_name)
            throw LoadError("", "", -1,
                            "type constructor " + std::string(tc->unique_name) + " lists constructor " +
                                std::string(tc->datacons[i].unique_name) + " at position " + std::to_string(i) +
                                " in " + mod_name(m) + " but " + std::string(canon->datacons[i].unique_name) +
                                " in " + mod_name(tycon_owner[tc->unique_name]));
          tc->datacons[i].canonical = &canon->datacons[i];
        }
      }
    }
  }

  // 3. References to other modules' binders, GHC.Prim built-ins, unresolved names.
  boost::container::flat_map<std::string_view, Binder*> builtins, unresolved;
  auto link_ref = [&](Binder* b) {
    if (Binder* d = p.find_binder(b->unique_name)) {
      b->def = d;
      return;
    }
    if (is_prim_builtin(b->unit, b->module, b->name)) {
      auto [it, fresh] = builtins.try_emplace(b->unique_name, nullptr);
      if (fresh) {
        Binder* s = p.arena.make<Binder>();
        *s = *b;
        s->external = false;
        s->builtin = true;
        s->def = s;
        it->second = s;
      }
      it->second->referenced |= b->referenced;
      b->def = it->second;
      return;
    }
    b->def = nullptr;
    if (b->referenced) unresolved.try_emplace(b->unique_name, b);
  };
  for (Module* m : p.modules) {
    for (auto& g : m->external_ids)
      for (Binder* b : g.binders) link_ref(b);
    for (auto& g : m->tycons)
      for (TyCon* tc : g.tycons)
        for (DataCon& dc : tc->datacons)
          if (dc.worker->external) link_ref(dc.worker);
  }
  for (auto& [n, b] : builtins) p.builtins.push_back(b);
  for (auto& [n, b] : unresolved) p.unresolved.push_back(b);

  p.main = p.find_binder("main_:Main.main");
}

}  // namespace stgvm
