// Int# (primops.txt.pp section "Int#"): 64-bit two's complement, wrapping arithmetic.
//
// * quotInt#/quotRemInt#: divisor 0 → trap DivideByZero; minBound `quot` (-1) → trap
//   Overflow (x86 idiv raises SIGFPE for both; wasm i64.div_s traps for both).
// * remInt#: divisor 0 → trap DivideByZero; minBound `rem` (-1) = 0 (wasm i64.rem_s; x86
//   would raise SIGFPE).
// * uncheckedIShift*#: count mod 64 (wasm; also what x86 shl/sar/shr do with a count in cl).
// * mulIntMayOflo#, timesInt2#, addIntC#, subIntC#: exactly the x86-64 NCG sequences.
#include "primops/pure_common.h"

namespace stgvm::primops::detail {

namespace {

constexpr int64_t kMin = std::numeric_limits<int64_t>::min();

PrimTrap trap_quot(const uint64_t* in) {
  if (in[1] == 0) return PrimTrap::DivideByZero;
  if (s64(in[0]) == kMin && s64(in[1]) == -1) return PrimTrap::Overflow;
  return PrimTrap::None;
}

// Total versions (the trap predicate runs first in the VM).
uint64_t squot(uint64_t a, uint64_t b) {
  if (b == 0) return 0;
  if (s64(a) == kMin && s64(b) == -1) return a;  // wraps, like wasm would if it did not trap
  return u64(s64(a) / s64(b));
}
uint64_t srem(uint64_t a, uint64_t b) {
  if (b == 0 || s64(b) == -1) return 0;
  return u64(s64(a) % s64(b));
}

void times_int2(const uint64_t* in, uint64_t* out) {
  // (# isHighNeeded, high, low #): x86 imul; isHighNeeded = CF (0 or 1).
  __int128 p = static_cast<__int128>(s64(in[0])) * static_cast<__int128>(s64(in[1]));
  uint64_t lo = static_cast<uint64_t>(p);
  uint64_t hi = static_cast<uint64_t>(static_cast<unsigned __int128>(p) >> 64);
  out[0] = b2w(hi != u64(s64(lo) >> 63));
  out[1] = hi;
  out[2] = lo;
}

void mul_may_oflo(const uint64_t* in, uint64_t* out) {
  // GHC x86-64 NCG: imul → rdx:rax; sar rax,63; sub rax,rdx. Zero iff no overflow.
  __int128 p = static_cast<__int128>(s64(in[0])) * static_cast<__int128>(s64(in[1]));
  uint64_t lo = static_cast<uint64_t>(p);
  uint64_t hi = static_cast<uint64_t>(static_cast<unsigned __int128>(p) >> 64);
  out[0] = u64(s64(lo) >> 63) - hi;
}

// (Arithmetic, bit operations, comparisons, negation, complement, the identities and the
// commonest conversions: primops/pure_hot.h.)
const PureBinding kBindings[] = {
    PureBinding{PrimOpId::IntMul2Op, times_int2, nullptr},
    PureBinding{PrimOpId::IntMulMayOfloOp, mul_may_oflo, nullptr},
    STGVM_PURE_TRAP(IntQuotOp, trap_quot, out[0] = squot(in[0], in[1])),
    STGVM_PURE_TRAP(IntRemOp, trap_div0_w, out[0] = srem(in[0], in[1])),
    STGVM_PURE_TRAP(IntQuotRemOp, trap_quot, out[0] = squot(in[0], in[1]); out[1] = srem(in[0], in[1])),
    STGVM_PURE(IntAddCOp, {
      int64_t r;
      out[1] = b2w(__builtin_add_overflow(s64(in[0]), s64(in[1]), &r));
      out[0] = u64(r);
    }),
    STGVM_PURE(IntSubCOp, {
      int64_t r;
      out[1] = b2w(__builtin_sub_overflow(s64(in[0]), s64(in[1]), &r));
      out[0] = u64(r);
    }),
    STGVM_PURE(Int2FloatOp, out[0] = f2s(static_cast<float>(s64(in[0])))),
    STGVM_PURE(Word2FloatOp, out[0] = f2s(static_cast<float>(in[0]))),
    STGVM_PURE(Word2DoubleOp, out[0] = d2s(static_cast<double>(in[0]))),
};

}  // namespace

std::span<const PureBinding> int_bindings() { return kBindings; }

}  // namespace stgvm::primops::detail
