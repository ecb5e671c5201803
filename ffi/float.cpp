// Floating-point helpers. isDouble*/isFloat*/rintDouble/rintFloat are base's cbits/primFloat.c
// (vendored verbatim in ffi/cbits/primFloat.c: IEEE bit tests and a software round-half-even
// that returns +0.0 for |x| < 0.5 and ±0.5). __int_encodeDouble/__word_encodeDouble follow
// GHC 9.0.2's rts/StgPrimFloat.c exactly, including its two's-complement wrap of
// __abs(INT64_MIN) (natively __int_encodeDouble(minBound, 0) is +9.223372036854775808e18).
// Float arguments/results are bit patterns in the low 32 bits of their slots.
#include <climits>
#include <cmath>

#include "ffi/cbits/stgvm_cbits.h"
#include "ffi/ffi_internal.h"

namespace stgvm {

namespace {

template <int64_t (*F)(double)>
uint64_t dbl_pred(ForeignContext&, const ForeignCall& c) {
  return ret_i64(F(Args(c).f64(0)));
}
template <int64_t (*F)(float)>
uint64_t flt_pred(ForeignContext&, const ForeignCall& c) {
  return ret_i64(F(Args(c).f32(0)));
}
uint64_t c_rintDouble(ForeignContext&, const ForeignCall& c) { return ret_f64(rintDouble(Args(c).f64(0))); }
uint64_t c_rintFloat(ForeignContext&, const ForeignCall& c) { return ret_f32(rintFloat(Args(c).f32(0))); }

// StgPrimFloat.c truncExponent: the I_ exponent clamped to C int for ldexp.
int trunc_exponent(int64_t e) {
  if (e > INT_MAX) return INT_MAX;
  if (e < INT_MIN) return INT_MIN;
  return int(e);
}

// StgDouble __word_encodeDouble(W_ j, I_ e)
uint64_t c_word_encodeDouble(ForeignContext&, const ForeignCall& c) {
  Args a(c);
  double r = double(a.u64(0));
  if (r != 0.0) r = std::ldexp(r, trunc_exponent(a.i64(1)));
  return ret_f64(r);
}

// StgDouble __int_encodeDouble(I_ j, I_ e)
uint64_t c_int_encodeDouble(ForeignContext&, const ForeignCall& c) {
  Args a(c);
  int64_t j = a.i64(0);
  // __abs(j) = (j >= 0 ? j : -j) with the machine's wrap-around: -INT64_MIN == INT64_MIN.
  int64_t absj = j >= 0 ? j : int64_t(0 - uint64_t(j));
  double r = double(absj);
  if (r != 0.0) r = std::ldexp(r, trunc_exponent(a.i64(1)));
  if (j < 0) r = -r;
  return ret_f64(r);
}

const ForeignSymbol kSymbols[] = {
    {"isDoubleFinite", dbl_pred<isDoubleFinite>, 1},
    {"isDoubleNaN", dbl_pred<isDoubleNaN>, 1},
    {"isDoubleInfinite", dbl_pred<isDoubleInfinite>, 1},
    {"isDoubleDenormalized", dbl_pred<isDoubleDenormalized>, 1},
    {"isDoubleNegativeZero", dbl_pred<isDoubleNegativeZero>, 1},
    {"isFloatFinite", flt_pred<isFloatFinite>, 1},
    {"isFloatNaN", flt_pred<isFloatNaN>, 1},
    {"isFloatInfinite", flt_pred<isFloatInfinite>, 1},
    {"isFloatDenormalized", flt_pred<isFloatDenormalized>, 1},
    {"isFloatNegativeZero", flt_pred<isFloatNegativeZero>, 1},
    {"rintDouble", c_rintDouble, 1},
    {"rintFloat", c_rintFloat, 1},
    {"__word_encodeDouble", c_word_encodeDouble, 2},
    {"__int_encodeDouble", c_int_encodeDouble, 2},
};
}  // namespace

std::span<const ForeignSymbol> float_symbols() { return kSymbols; }

}  // namespace stgvm
