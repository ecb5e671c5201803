// Binds the commonest pure primops (pure_hot.h) into the primop table.
#include "primops/pure_hot.h"

namespace stgvm::primops {

namespace detail {
namespace {
#define STGVM_HOT_BIND(ID, EXPR) STGVM_PURE(ID, uint64_t a = in[0]; uint64_t b = in[1]; out[0] = (EXPR)),
#define STGVM_HOT_BIND1(ID, EXPR) STGVM_PURE(ID, uint64_t a = in[0]; out[0] = (EXPR)),
const PureBinding kBindings[] = {STGVM_HOT_PRIMOPS(STGVM_HOT_BIND) STGVM_HOT_UNARY(STGVM_HOT_BIND1)};
#undef STGVM_HOT_BIND
#undef STGVM_HOT_BIND1
}  // namespace

std::span<const PureBinding> hot_bindings() { return kBindings; }
}  // namespace detail

int hot_index(PrimOpId id) {
#define STGVM_HOT_ID(ID, EXPR) PrimOpId::ID,
  static constexpr PrimOpId kIds[] = {STGVM_HOT_PRIMOPS(STGVM_HOT_ID)};
#undef STGVM_HOT_ID
  for (int i = 0; i < kHotPrimOpCount; ++i)
    if (kIds[i] == id) return i;
  return -1;
}

int hot_unary_index(PrimOpId id) {
#define STGVM_HOT_ID(ID, EXPR) PrimOpId::ID,
  static constexpr PrimOpId kIds[] = {STGVM_HOT_UNARY(STGVM_HOT_ID)};
#undef STGVM_HOT_ID
  for (int i = 0; i < kHotUnaryCount; ++i)
    if (kIds[i] == id) return i;
  return -1;
}

}  // namespace stgvm::primops
