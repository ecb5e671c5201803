// Char# (primops.txt.pp section "Char#"). Char# is a 64-bit word holding the code point;
// comparisons are unsigned (GHC: MO_U_Gt etc.), ord#/chr# are identities (Int# section).
#include "primops/pure_common.h"

namespace stgvm::primops::detail {

namespace {
const PureBinding kBindings[] = {
    STGVM_PURE(CharGtOp, out[0] = b2w(in[0] > in[1])),
    STGVM_PURE(CharGeOp, out[0] = b2w(in[0] >= in[1])),
    STGVM_PURE(CharEqOp, out[0] = b2w(in[0] == in[1])),
    STGVM_PURE(CharNeOp, out[0] = b2w(in[0] != in[1])),
    STGVM_PURE(CharLtOp, out[0] = b2w(in[0] < in[1])),
    STGVM_PURE(CharLeOp, out[0] = b2w(in[0] <= in[1])),
    STGVM_PURE(OrdOp, out[0] = in[0]),
};
}  // namespace

std::span<const PureBinding> char_bindings() { return kBindings; }

}  // namespace stgvm::primops::detail
