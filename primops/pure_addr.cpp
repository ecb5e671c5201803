// Addr# arithmetic (the pure part of primops.txt.pp section "Addr#"; the index/read/write
// primops there touch memory and belong to the VM).
//
// An Addr# is a u32 linear-memory address, zero-extended in its slot. plusAddr# and
// int2Addr# keep that invariant by wrapping modulo 2^32 (wasm32 address arithmetic); native
// GHC computes in 64 bits, which agrees whenever the result is a valid address.
// minusAddr# and addr2Int# are exact. remAddr# is the UNSIGNED 64-bit remainder of the
// address by the Int# divisor's bit pattern (GHC: mo_wordURem), so a negative divisor leaves
// the address unchanged; divisor 0 traps.
#include "primops/pure_common.h"

namespace stgvm::primops::detail {

namespace {

const PureBinding kBindings[] = {
    STGVM_PURE(AddrAddOp, out[0] = zx32(in[0] + in[1])),
    STGVM_PURE(AddrSubOp, out[0] = in[0] - in[1]),
    STGVM_PURE_TRAP(AddrRemOp, trap_div0_w, out[0] = in[1] == 0 ? 0 : in[0] % in[1]),
    STGVM_PURE(Addr2IntOp, out[0] = in[0]),
    STGVM_PURE(Int2AddrOp, out[0] = zx32(in[0])),
    STGVM_PURE(AddrGtOp, out[0] = b2w(in[0] > in[1])),
    STGVM_PURE(AddrGeOp, out[0] = b2w(in[0] >= in[1])),
    STGVM_PURE(AddrEqOp, out[0] = b2w(in[0] == in[1])),
    STGVM_PURE(AddrNeOp, out[0] = b2w(in[0] != in[1])),
    STGVM_PURE(AddrLtOp, out[0] = b2w(in[0] < in[1])),
    STGVM_PURE(AddrLeOp, out[0] = b2w(in[0] <= in[1])),
};

}  // namespace

std::span<const PureBinding> addr_bindings() { return kBindings; }

}  // namespace stgvm::primops::detail
