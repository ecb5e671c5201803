// Per-module resolution (extstg-format.md §3.3): binds every occurrence (binder, data
// constructor, type constructor) to its declaration using module-local tables and lexical
// scoping, assigns §3.4 unique names to top-level binders, data and type constructors, and
// computes closure free variables (the files leave them empty).
#include "loader/resolve.h"

#include <string>
#include <unordered_map>
#include <vector>

#include "loader/error.h"

namespace stgvm {
namespace {

using namespace stg;

struct UniqueHash {
  size_t operator()(const Unique& u) const {
    uint64_t h = uint64_t(u.num) * 0x9E3779B97F4A7C15ull ^ (uint64_t(u.tag) << 1);
    return size_t(h ^ (h >> 29));
  }
};

template <class V>
using UMap = std::unordered_map<Unique, V, UniqueHash>;

class Resolver {
 public:
  Resolver(Arena& a, Module& m) : arena_(a), m_(m) {}

  void run() {
    // 1. Type and data constructors (grouped by their defining unit/module).
    for (auto& g : m_.tycons) {
      for (TyCon* tc : g.tycons) {
        tc->unique_name = qualified(g.unit, g.module, tc->name);
        tc->canonical = tc;
        tycons_[tc->id] = tc;
        for (DataCon& dc : tc->datacons) {
          dc.unique_name = qualified(g.unit, g.module, dc.name);
          dc.canonical = &dc;
          datacons_[dc.id] = &dc;
          top_ref(dc.worker, g.unit, g.module);
        }
      }
    }
    // 2. External top-level ids: scope forced to ModulePublic.
    for (auto& g : m_.external_ids)
      for (Binder* b : g.binders) top_ref(b, g.unit, g.module, /*force_public=*/true);
    // Definitions of this module take precedence over references with the same id.
    for (auto& tb : m_.top_bindings) {
      if (tb.string_lit) {
        top_def(tb.string_binder);
      } else {
        for (Binder* b : tb.binding.binders) top_def(b);
      }
    }
    // 3. Code.
    for (auto& tb : m_.top_bindings) {
      if (tb.string_lit) continue;
      current_top_ = tb.binding.binders[0];
      for (Rhs* r : tb.binding.rhss) rhs(r);
    }
  }

 private:
  Arena& arena_;
  Module& m_;
  UMap<TyCon*> tycons_;
  UMap<DataCon*> datacons_;
  UMap<Binder*> binders_;
  UMap<Binder*> top_defs_;
  std::vector<std::pair<Unique, Binder*>> undo_;  // shadowed entries (nullptr = was absent)
  Binder* current_top_ = nullptr;

  struct Frame {
    std::vector<Binder*> fvs;
  };
  std::vector<Frame> frames_;  // closure nesting; depth = frames_.size()

  std::string_view qualified(std::string_view unit, std::string_view mod, std::string_view name) {
    std::string s;
    s.reserve(unit.size() + mod.size() + name.size() + 2);
    s.append(unit).append("_").append(mod).append(".").append(name);
    return arena_.str(s);
  }

  std::string_view binder_unique_name(const Binder* b, bool force_public = false) {
    if (b->id == Unique{'0', 101}) return "main_:Main.main";  // GHC's root :Main.main
    if (force_public || b->scope == Scope::ModulePublic) return qualified(b->unit, b->module, b->name);
    std::string s(b->name);
    s += "_";
    s += print_unique(b->id);
    return qualified(b->unit, b->module, s);
  }

  // External ids are named as ModulePublic whatever scope the file gives them (§3.3); the
  // stored scope is kept as read so `dump` shows the file's contents.
  void top_ref(Binder* b, std::string_view unit, std::string_view mod, bool force_public = false) {
    b->unit = unit;
    b->module = mod;
    b->top_level = true;
    b->external = true;
    b->def = nullptr;  // until linked
    b->unique_name = binder_unique_name(b, force_public);
    binders_.try_emplace(b->id, b);
  }

  void top_def(Binder* b) {
    b->unit = m_.unit;
    b->module = m_.name;
    b->top_level = true;
    b->external = false;
    b->def = b;
    b->unique_name = binder_unique_name(b);
    if (!top_defs_.emplace(b->id, b).second)
      fail("top-level binder " + std::string(b->name) + "_" + print_unique(b->id) + " is defined twice");
    binders_[b->id] = b;
  }

  [[noreturn]] void fail(const std::string& msg) {
    std::string where = std::string(m_.unit) + ":" + std::string(m_.name);
    if (current_top_) where += ", in " + std::string(current_top_->name) + "_" + print_unique(current_top_->id);
    throw LoadError("", "", -1, "module " + where + ": " + msg);
  }

  // Lexical scoping with an undo log.
  size_t mark() const { return undo_.size(); }
  void bind(Binder* b) {
    b->unit = m_.unit;
    b->module = m_.name;
    b->top_level = false;
    b->def = b;
    b->bind_depth = int32_t(frames_.size());
    b->fv_depth = b->bind_depth;
    auto [it, fresh] = binders_.try_emplace(b->id, b);
    undo_.emplace_back(b->id, fresh ? nullptr : it->second);
    it->second = b;
  }
  void unbind(size_t to) {
    while (undo_.size() > to) {
      auto [id, prev] = undo_.back();
      undo_.pop_back();
      if (prev) binders_[id] = prev;
      else binders_.erase(id);
    }
  }

  void occurrence(BinderRef& ref) {
    auto it = binders_.find(ref.id);
    if (it == binders_.end()) fail("unknown binder " + print_unique(ref.id));
    Binder* b = it->second;
    ref.binder = b;
    b->referenced = true;
    if (b->top_level) return;
    // Free in every closure between its binding depth and here (see Frame).
    int32_t here = int32_t(frames_.size());
    if (b->bind_depth >= here) return;
    for (int32_t d = b->fv_depth + 1; d <= here; ++d) frames_[size_t(d) - 1].fvs.push_back(b);
    if (b->fv_depth < here) b->fv_depth = here;
  }

  DataCon* datacon(const Unique& id) {
    auto it = datacons_.find(id);
    if (it == datacons_.end()) fail("unknown data constructor " + print_unique(id));
    return it->second;
  }
  TyCon* tycon(const Unique& id) {
    auto it = tycons_.find(id);
    if (it == tycons_.end()) fail("unknown type constructor " + print_unique(id));
    return it->second;
  }

  void args(Span<Arg> as) {
    for (Arg& a : as)
      if (a.kind == ArgKind::Var) occurrence(a.var);
  }

  void rhs(Rhs* r) {
    if (r->kind == RhsKind::Con) {
      r->con.con = datacon(r->con.id);
      args(r->args);
      return;
    }
    for (BinderRef& f : r->free_vars) occurrence(f);
    frames_.emplace_back();
    size_t m = mark();
    for (Binder* p : r->params) bind(p);
    expr(r->body);
    unbind(m);
    // Leaving this closure: binders recorded here stay recorded in the enclosing closures.
    Frame f = std::move(frames_.back());
    frames_.pop_back();
    int32_t depth = int32_t(frames_.size()) + 1;
    r->computed_free_vars = arena_.array<Binder*>(f.fvs.size());
    for (size_t i = 0; i < f.fvs.size(); ++i) {
      Binder* b = f.fvs[i];
      r->computed_free_vars[i] = b;
      if (b->fv_depth == depth) b->fv_depth = depth - 1;
    }
  }

  void binding(Binding* b) {
    // Non-recursive binders are visible in their own rhs too (as the reference reader does).
    for (Binder* x : b->binders) bind(x);
    for (Rhs* r : b->rhss) rhs(r);
  }

  void expr(Expr* e) {
    switch (e->kind) {
      case ExprKind::App: {
        auto* a = e->as<EApp>();
        occurrence(a->fn);
        args(a->args);
        break;
      }
      case ExprKind::Lit: break;
      case ExprKind::ConApp: {
        auto* c = e->as<EConApp>();
        c->con.con = datacon(c->con.id);
        args(c->args);
        break;
      }
      case ExprKind::OpApp: {
        auto* o = e->as<EOpApp>();
        args(o->args);
        if (o->has_result_tycon) o->result_tycon.tycon = tycon(o->result_tycon.id);
        break;
      }
      case ExprKind::Case: {
        auto* c = e->as<ECase>();
        expr(c->scrut);
        if (c->alt_type.kind == AltTypeKind::AlgAlt) c->alt_type.tycon.tycon = tycon(c->alt_type.tycon.id);
        size_t m = mark();
        bind(c->binder);
        for (Alt& a : c->alts) {
          if (a.con_kind == AltConKind::DataCon) a.con.con = datacon(a.con.id);
          size_t m2 = mark();
          for (Binder* b : a.binders) bind(b);
          expr(a.rhs);
          unbind(m2);
        }
        unbind(m);
        break;
      }
      case ExprKind::Let:
      case ExprKind::LetNoEscape: {
        auto* l = e->as<ELet>();
        size_t m = mark();
        binding(l->binding);
        expr(l->body);
        unbind(m);
        break;
      }
      case ExprKind::Tick: expr(e->as<ETick>()->body); break;
    }
  }
};

}  // namespace

std::string print_unique(const stg::Unique& u) {
  static const char digits[] = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  std::string s;
  uint32_t c = u.tag;
  if (c < 0x80) s += char(c);
  else if (c < 0x800) { s += char(0xC0 | (c >> 6)); s += char(0x80 | (c & 0x3F)); }
  else if (c < 0x10000) { s += char(0xE0 | (c >> 12)); s += char(0x80 | ((c >> 6) & 0x3F)); s += char(0x80 | (c & 0x3F)); }
  else { s += char(0xF0 | (c >> 18)); s += char(0x80 | ((c >> 12) & 0x3F)); s += char(0x80 | ((c >> 6) & 0x3F)); s += char(0x80 | (c & 0x3F)); }
  uint64_t n = u.num < 0 ? uint64_t(0) - uint64_t(u.num) : uint64_t(u.num);
  if (u.num < 0) s += '-';
  char buf[24];
  size_t k = 0;
  do {
    buf[k++] = digits[n % 62];
    n /= 62;
  } while (n);
  while (k) s += buf[--k];
  return s;
}

void resolve_module(Arena& arena, stg::Module& m) { Resolver(arena, m).run(); }

}  // namespace stgvm
