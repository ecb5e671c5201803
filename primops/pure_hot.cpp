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

namespace {
#define STGVM_HOT_ID(ID, EXPR) PrimOpId::ID,
constexpr PrimOpId kHotIds[] = {STGVM_HOT_PRIMOPS(STGVM_HOT_ID)};
constexpr PrimOpId kHotUnaryIds[] = {STGVM_HOT_UNARY(STGVM_HOT_ID)};
#undef STGVM_HOT_ID
int position(std::span<const PrimOpId> ids, PrimOpId id) {
  for (size_t i = 0; i < ids.size(); ++i)
    if (ids[i] == id) return int(i);
  return -1;
}
}  // namespace

int hot_index(PrimOpId id) { return position(kHotIds, id); }
int hot_unary_index(PrimOpId id) { return position(kHotUnaryIds, id); }

}  // namespace stgvm::primops
