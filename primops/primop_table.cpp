// The descriptor table: generated primop list (primop_list.inc) + pure semantics bound by
// the family files (pure_*.cpp).
#include "primops/primop_table.h"

#include <array>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unordered_map>

#include "primops/pure_common.h"

namespace stgvm::primops {

namespace {

constexpr std::string_view kFamilyNames[] = {
#define STGVM_PRIMOP_FAMILY(ident, title) title,
#include "primops/primop_list.inc"
#undef STGVM_PRIMOP_FAMILY
};

using Table = std::array<PrimOpDesc, kPrimOpCount>;

Table build_table() {
  Table t{{
#define STGVM_PRIMOP(ident, name, family, nargs, nres, argreps, resreps, flags) \
  PrimOpDesc{name, PrimOpId::ident, PrimFamily::family, nargs, nres, (flags), argreps, resreps, nullptr, nullptr},
#include "primops/primop_list.inc"
#undef STGVM_PRIMOP
  }};
  using detail::PureBinding;
  for (auto bindings : {detail::sized_bindings(), detail::int_bindings(),
                        detail::word_bindings(), detail::double_bindings(), detail::float_bindings(),
                        detail::addr_bindings(), detail::hot_bindings()}) {
    for (const PureBinding& b : bindings) {
      PrimOpDesc& d = t[static_cast<std::size_t>(b.id)];
      if (d.fn != nullptr) {  // a programming error in a family file
        std::fprintf(stderr, "stgvm: primop %.*s bound twice\n", static_cast<int>(d.name.size()),
                     d.name.data());
        std::abort();
      }
      d.fn = b.fn;
      d.trap = b.trap;
    }
  }
  return t;
}

const Table& table() {
  static const Table t = build_table();
  return t;
}

const std::unordered_map<std::string_view, const PrimOpDesc*>& by_name() {
  static const auto m = [] {
    std::unordered_map<std::string_view, const PrimOpDesc*> m;
    m.reserve(kPrimOpCount);
    for (const PrimOpDesc& d : table()) m.emplace(d.name, &d);
    return m;
  }();
  return m;
}

}  // namespace

std::span<const PrimOpDesc> all_primops() { return table(); }

const PrimOpDesc& primop(PrimOpId id) { return table()[static_cast<std::size_t>(id)]; }

const PrimOpDesc* find_primop(std::string_view name) {
  const auto& m = by_name();
  auto it = m.find(name);
  return it == m.end() ? nullptr : it->second;
}

std::string_view family_name(PrimFamily family) {
  auto i = static_cast<std::size_t>(family);
  return i < std::size(kFamilyNames) ? kFamilyNames[i] : std::string_view("?");
}

std::string_view trap_message(PrimTrap trap) {
  switch (trap) {
    case PrimTrap::None: return "no trap";
    case PrimTrap::DivideByZero: return "divide by zero";
    case PrimTrap::Overflow: return "arithmetic overflow (quotient does not fit)";
  }
  return "unknown trap";
}

}  // namespace stgvm::primops
