// Char# (primops.txt.pp section "Char#"). Char# is a 64-bit word holding the code point;
// comparisons are unsigned (GHC: MO_U_Gt etc.), ord#/chr# are identities (Int# section).
#include "primops/pure_common.h"

namespace stgvm::primops::detail {

namespace {
// (Arithmetic, bit operations and comparisons: primops/pure_hot.h.)
const PureBinding kBindings[] = {
    STGVM_PURE(OrdOp, out[0] = in[0]),
};
}  // namespace

std::span<const PureBinding> char_bindings() { return kBindings; }

}  // namespace stgvm::primops::detail
