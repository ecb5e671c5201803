// Float# (primops.txt.pp section "Float#"). Slot: IEEE binary32 bits in the low 32 bits.
//
// Same policies as Double# (pure_double.cpp): single-precision IEEE arithmetic; NaN results
// canonicalised to 0xFFC00000; negateFloat#/fabsFloat# are sign-bit operations; float2Int#
// saturates (wasm i64.trunc_sat_f32_s); transcendental functions call the C library's float
// versions (expf, powf, ...), as native GHC does.
// decodeFloat_Int#: the RTS's __decodeFloat_Int (rts/StgPrimFloat.c).
#include "primops/pure_common.h"

namespace stgvm::primops::detail {

namespace {

void decode_float_int(const uint64_t* in, uint64_t* out) {
  constexpr int kMinExp = -125 - 24 - 1;  // FLT_MIN_EXP - FLT_MANT_DIG - 1
  constexpr uint32_t kHighBit = 0x00800000u, kMsb = 0x80000000u;
  uint32_t bits = static_cast<uint32_t>(in[0]);
  if ((bits & ~kMsb) == 0) {
    out[0] = 0;
    out[1] = 0;
    return;
  }
  int exp = static_cast<int>((bits >> 23) & 0xffu) + kMinExp;
  bool negative = (bits & kMsb) != 0;
  uint32_t high = bits & (kHighBit - 1);
  if (exp != kMinExp) {
    high |= kHighBit;
  } else {
    exp++;
    while (!(high & kHighBit)) {  // a denormal: normalise the mantissa
      high <<= 1;
      exp--;
    }
  }
  int64_t man = high;
  out[0] = u64(negative ? -man : man);
  out[1] = u64(exp);
}

#define F1(ID, EXPR) STGVM_PURE(ID, float x = f32(in[0]); out[0] = f2s(EXPR))
#define F2(ID, EXPR) STGVM_PURE(ID, float x = f32(in[0]); float y = f32(in[1]); out[0] = f2s(EXPR))
#define FCMP(ID, OP) STGVM_PURE(ID, out[0] = b2w(f32(in[0]) OP f32(in[1])))

const PureBinding kBindings[] = {
    FCMP(FloatGtOp, >),
    FCMP(FloatGeOp, >=),
    FCMP(FloatEqOp, ==),
    FCMP(FloatNeOp, !=),
    FCMP(FloatLtOp, <),
    FCMP(FloatLeOp, <=),
    F2(FloatAddOp, x + y),
    F2(FloatSubOp, x - y),
    F2(FloatMulOp, x * y),
    F2(FloatDivOp, x / y),
    STGVM_PURE(FloatNegOp, out[0] = zx32(in[0] ^ 0x80000000u)),
    STGVM_PURE(FloatFabsOp, out[0] = in[0] & 0x7FFFFFFFu),
    STGVM_PURE(Float2IntOp, out[0] = trunc_sat_s64(f32(in[0]))),
    F1(FloatExpOp, std::exp(x)),
    F1(FloatExpM1Op, std::expm1(x)),
    F1(FloatLogOp, std::log(x)),
    F1(FloatLog1POp, std::log1p(x)),
    F1(FloatSqrtOp, std::sqrt(x)),
    F1(FloatSinOp, std::sin(x)),
    F1(FloatCosOp, std::cos(x)),
    F1(FloatTanOp, std::tan(x)),
    F1(FloatAsinOp, std::asin(x)),
    F1(FloatAcosOp, std::acos(x)),
    F1(FloatAtanOp, std::atan(x)),
    F1(FloatSinhOp, std::sinh(x)),
    F1(FloatCoshOp, std::cosh(x)),
    F1(FloatTanhOp, std::tanh(x)),
    F1(FloatAsinhOp, std::asinh(x)),
    F1(FloatAcoshOp, std::acosh(x)),
    F1(FloatAtanhOp, std::atanh(x)),
    F2(FloatPowerOp, std::pow(x, y)),
    STGVM_PURE(Float2DoubleOp, out[0] = d2s(static_cast<double>(f32(in[0])))),
    PureBinding{PrimOpId::FloatDecode_IntOp, decode_float_int, nullptr},
};
#undef F1
#undef F2
#undef FCMP

}  // namespace

std::span<const PureBinding> float_bindings() { return kBindings; }

}  // namespace stgvm::primops::detail
