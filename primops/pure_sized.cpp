// Int8#, Word8#, Int16#, Word16# and "Narrowings" (primops.txt.pp sections of those names).
//
// Slots hold Int8#/Int16# sign-extended and Word8#/Word16# zero-extended. Every operation
// re-narrows its inputs first, so only the low 8/16 bits of an input matter (as in native
// code, which works on 8/16-bit registers), and narrows its result.
//
// Division: a zero divisor traps (DivideByZero). minBound `quot` (-1) does NOT trap: the
// result is the true quotient narrowed (Int8: -128, Int16: -32768), remainder 0 — what a
// wasm executor computing on sign-extended i32/i64 values gets. (Native x86 GHC gets the
// same for Int8#, but its 16-bit idiv raises SIGFPE for Int16#.)
#include "primops/pure_common.h"

namespace stgvm::primops::detail {

namespace {

template <typename T>
T nar(uint64_t x) { return static_cast<T>(x); }  // modular (C++20)

template <typename T>
uint64_t ext(int64_t v) {  // narrow a (possibly wider) result to T, then extend to a slot
  if constexpr (std::is_signed_v<T>) return u64(static_cast<T>(v));
  else return static_cast<uint64_t>(static_cast<T>(v));
}

template <typename T>
PrimTrap trap_div0(const uint64_t* in) {
  return nar<T>(in[1]) == 0 ? PrimTrap::DivideByZero : PrimTrap::None;
}

template <typename T>
void quot(const uint64_t* in, uint64_t* out) {
  int64_t a = nar<T>(in[0]), b = nar<T>(in[1]);
  out[0] = b == 0 ? 0 : ext<T>(a / b);
}
template <typename T>
void rem(const uint64_t* in, uint64_t* out) {
  int64_t a = nar<T>(in[0]), b = nar<T>(in[1]);
  out[0] = b == 0 ? 0 : ext<T>(a % b);
}
template <typename T>
void quot_rem(const uint64_t* in, uint64_t* out) {
  int64_t a = nar<T>(in[0]), b = nar<T>(in[1]);
  out[0] = b == 0 ? 0 : ext<T>(a / b);
  out[1] = b == 0 ? 0 : ext<T>(a % b);
}

// Operations common to the four sized families. PFX: GHC constructor prefix; T: C type.
#define SIZED_COMMON(PFX, T)                                                                \
  STGVM_PURE(PFX##AddOp, out[0] = ext<T>(s64(in[0] + in[1]))),                              \
  STGVM_PURE(PFX##SubOp, out[0] = ext<T>(s64(in[0] - in[1]))),                              \
  STGVM_PURE(PFX##MulOp, out[0] = ext<T>(s64(in[0] * in[1]))),                              \
  PureBinding{PrimOpId::PFX##QuotOp, quot<T>, trap_div0<T>},                                \
  PureBinding{PrimOpId::PFX##RemOp, rem<T>, trap_div0<T>},                                  \
  PureBinding{PrimOpId::PFX##QuotRemOp, quot_rem<T>, trap_div0<T>},                         \
  STGVM_PURE(PFX##EqOp, out[0] = b2w(nar<T>(in[0]) == nar<T>(in[1]))),                      \
  STGVM_PURE(PFX##GeOp, out[0] = b2w(nar<T>(in[0]) >= nar<T>(in[1]))),                      \
  STGVM_PURE(PFX##GtOp, out[0] = b2w(nar<T>(in[0]) > nar<T>(in[1]))),                       \
  STGVM_PURE(PFX##LeOp, out[0] = b2w(nar<T>(in[0]) <= nar<T>(in[1]))),                      \
  STGVM_PURE(PFX##LtOp, out[0] = b2w(nar<T>(in[0]) < nar<T>(in[1]))),                       \
  STGVM_PURE(PFX##NeOp, out[0] = b2w(nar<T>(in[0]) != nar<T>(in[1]))),                      \
  STGVM_PURE(PFX##Extend, out[0] = ext<T>(s64(in[0]))),                                     \
  STGVM_PURE(PFX##Narrow, out[0] = ext<T>(s64(in[0])))

const PureBinding kBindings[] = {
    // Int8#
    SIZED_COMMON(Int8, int8_t),
    STGVM_PURE(Int8NegOp, out[0] = ext<int8_t>(s64(0 - in[0]))),
    // Word8#
    SIZED_COMMON(Word8, uint8_t),
    STGVM_PURE(Word8NotOp, out[0] = ext<uint8_t>(s64(~in[0]))),
    // Int16#
    SIZED_COMMON(Int16, int16_t),
    STGVM_PURE(Int16NegOp, out[0] = ext<int16_t>(s64(0 - in[0]))),
    // Word16#
    SIZED_COMMON(Word16, uint16_t),
    STGVM_PURE(Word16NotOp, out[0] = ext<uint16_t>(s64(~in[0]))),
    // Narrowings: Int# -> Int#, Word# -> Word# (to 8 bits: primops/pure_hot.h)
    STGVM_PURE(Narrow16IntOp, out[0] = sx16(in[0])),
    STGVM_PURE(Narrow32IntOp, out[0] = sx32(in[0])),
    STGVM_PURE(Narrow16WordOp, out[0] = zx16(in[0])),
    STGVM_PURE(Narrow32WordOp, out[0] = zx32(in[0])),
};
#undef SIZED_COMMON

}  // namespace

std::span<const PureBinding> sized_bindings() { return kBindings; }

}  // namespace stgvm::primops::detail
