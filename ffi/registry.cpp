// Symbol table of all shim families, lookup (plain C symbols and capi wrapper labels), the
// per-program state and shutdown.
#include <algorithm>

#include "ffi/ffi_internal.h"

namespace stgvm {

ForeignState::~ForeignState() {
  close_all_fds(*this);
  close_all_iconvs(*this);
}

ForeignState& foreign_state(ForeignContext& ctx) {
  if (!ctx.state) ctx.state = std::make_shared<ForeignState>();
  return *ctx.state;
}

uint32_t cheap_strdup(ForeignContext& ctx, const std::string& s) {
  uint32_t p = ctx.cheap.malloc(s.size() + 1);
  if (!p) return 0;
  uint8_t* d = ctx.mem.span(p, uint32_t(s.size() + 1));
  std::memcpy(d, s.data(), s.size());
  d[s.size()] = 0;
  return p;
}

const std::vector<ForeignSymbol>& foreign_symbols() {
  static const std::vector<ForeignSymbol> table = [] {
    std::vector<ForeignSymbol> t;
    for (auto fam : {libc_memory_symbols(), libc_io_symbols(), libc_posix_symbols(), hscore_symbols(),
                     capi_symbols(), unicode_symbols(), md5_symbols(), iconv_symbols(), rts_api_symbols(),
                     environment_symbols(), float_symbols(), libm_symbols(), bignum_symbols(), bytestring_symbols(),
                     text_symbols()})
      t.insert(t.end(), fam.begin(), fam.end());
    std::sort(t.begin(), t.end(), [](const ForeignSymbol& a, const ForeignSymbol& b) { return a.name < b.name; });
    for (size_t i = 1; i < t.size(); ++i)
      if (t[i].name == t[i - 1].name) fatal(("ffi: duplicate shim " + std::string(t[i].name)).c_str());
    return t;
  }();
  return table;
}

const ForeignSymbol* find_foreign(std::string_view symbol) {
  const auto& t = foreign_symbols();
  auto lookup = [&](std::string_view name) -> const ForeignSymbol* {
    auto it = std::lower_bound(t.begin(), t.end(), name,
                               [](const ForeignSymbol& s, std::string_view n) { return s.name < n; });
    return (it != t.end() && it->name == name) ? &*it : nullptr;
  };
  if (const ForeignSymbol* s = lookup(symbol)) return s;
  std::string entity = foreign_entity(symbol);
  if (entity != symbol) return lookup(entity);
  return nullptr;
}

uint64_t call_foreign(const ForeignSymbol& sym, ForeignContext& ctx, const ForeignCall& call) {
  if (sym.nargs >= 0) {
    Args a(call);
    if (a.count() != uint32_t(sym.nargs)) {
      ctx.failure = std::string(sym.name) + ": called with " + std::to_string(a.count()) + " argument(s), takes " +
                    std::to_string(sym.nargs);
      return 0;
    }
  }
  return sym.fn(ctx, call);
}

}  // namespace stgvm
