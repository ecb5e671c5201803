// Double# (primops.txt.pp section "Double#").
//
// * Arithmetic is IEEE binary64, round to nearest (x86-64 SSE2, as native GHC).
// * NaN results of arithmetic, conversions and libm calls are canonicalised to
//   0xFFF8000000000000 (x86's default NaN). negateDouble#/fabsDouble# only flip/clear the
//   sign bit (x86 NCG: xorpd/andpd with a mask), so they keep NaN payloads.
// * double2Int#: saturating truncation (wasm i64.trunc_sat_f64_s): NaN → 0, ≥ 2^63 →
//   maxBound, < -2^63 → minBound. Native x86 gives 0x8000000000000000 in all those cases.
// * Transcendental functions and **## call the host C library (exp, log, pow, ...), which is
//   exactly what native GHC calls; results are deterministic for a given libm.
// * decodeDouble_2Int#/decodeDouble_Int64#: the RTS's __decodeDouble_2Int bit fiddling
//   (rts/StgPrimFloat.c). For ±0.0 the RTS leaves the sign result unwritten (native GHC
//   returns stale stack memory); we return 1.
#include "primops/pure_common.h"

namespace stgvm::primops::detail {

namespace {

// __decodeDouble_2Int: (# sign, mantissa high 32 bits, mantissa low 32 bits, exponent #)
struct Decoded2Int {
  int64_t sign;
  uint64_t high, low;
  int64_t exp;
  bool zero;
};

Decoded2Int decode_2int(uint64_t bits) {
  constexpr int kMinExp = -1021 - 53 - 1;  // DBL_MIN_EXP - DBL_MANT_DIG - 1
  constexpr uint32_t kHighBit = 0x00100000u, kMsb = 0x80000000u;
  uint32_t low = static_cast<uint32_t>(bits), high = static_cast<uint32_t>(bits >> 32);
  if (low == 0 && (high & ~kMsb) == 0) return {1, 0, 0, 0, true};
  int iexp = static_cast<int>((high >> 20) & 0x7ffu) + kMinExp;
  bool negative = (high & kMsb) != 0;
  high &= kHighBit - 1;
  if (iexp != kMinExp) {
    high |= kHighBit;
  } else {
    iexp++;
    while (!(high & kHighBit)) {  // a denormal: normalise the mantissa
      high <<= 1;
      if (low & kMsb) high++;
      low <<= 1;
      iexp--;
    }
  }
  return {negative ? -1 : 1, high, low, iexp, false};
}

void decode_double_2int(const uint64_t* in, uint64_t* out) {
  Decoded2Int d = decode_2int(in[0]);
  out[0] = u64(d.sign);
  out[1] = d.high;
  out[2] = d.low;
  out[3] = u64(d.exp);
}

void decode_double_int64(const uint64_t* in, uint64_t* out) {
  // __decodeDouble_Int64: ((high << 32) | low) * sign, with sign 0 for zero.
  Decoded2Int d = decode_2int(in[0]);
  uint64_t mant = (d.high << 32) | d.low;
  out[0] = d.zero ? 0 : (d.sign < 0 ? 0 - mant : mant);
  out[1] = u64(d.exp);
}

#define D1(ID, EXPR) STGVM_PURE(ID, double x = f64(in[0]); out[0] = d2s(EXPR))
#define D2(ID, EXPR) STGVM_PURE(ID, double x = f64(in[0]); double y = f64(in[1]); out[0] = d2s(EXPR))

// (Arithmetic, comparisons, negation and conversion to Int#: primops/pure_hot.h.)
const PureBinding kBindings[] = {
    STGVM_PURE(DoubleFabsOp, out[0] = in[0] & 0x7FFFFFFFFFFFFFFFull),
    STGVM_PURE(Double2FloatOp, out[0] = f2s(static_cast<float>(f64(in[0])))),
    D1(DoubleExpOp, std::exp(x)),
    D1(DoubleExpM1Op, std::expm1(x)),
    D1(DoubleLogOp, std::log(x)),
    D1(DoubleLog1POp, std::log1p(x)),
    D1(DoubleSqrtOp, std::sqrt(x)),
    D1(DoubleSinOp, std::sin(x)),
    D1(DoubleCosOp, std::cos(x)),
    D1(DoubleTanOp, std::tan(x)),
    D1(DoubleAsinOp, std::asin(x)),
    D1(DoubleAcosOp, std::acos(x)),
    D1(DoubleAtanOp, std::atan(x)),
    D1(DoubleSinhOp, std::sinh(x)),
    D1(DoubleCoshOp, std::cosh(x)),
    D1(DoubleTanhOp, std::tanh(x)),
    D1(DoubleAsinhOp, std::asinh(x)),
    D1(DoubleAcoshOp, std::acosh(x)),
    D1(DoubleAtanhOp, std::atanh(x)),
    D2(DoublePowerOp, std::pow(x, y)),
    PureBinding{PrimOpId::DoubleDecode_2IntOp, decode_double_2int, nullptr},
    PureBinding{PrimOpId::DoubleDecode_Int64Op, decode_double_int64, nullptr},
};
#undef D1
#undef D2

}  // namespace

std::span<const PureBinding> double_bindings() { return kBindings; }

}  // namespace stgvm::primops::detail
