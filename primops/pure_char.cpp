// Char# (primops.txt.pp section "Char#"). Char# is a 64-bit word holding the code point;
// comparisons are unsigned (GHC: MO_U_Gt etc.), ord#/chr# are identities (Int# section).
#include "primops/pure_common.h"

namespace stgvm::primops::detail {

// (All of them, comparisons and ord#, are in primops/pure_hot.h.)
std::span<const PureBinding> char_bindings() { return {}; }

}  // namespace stgvm::primops::detail
