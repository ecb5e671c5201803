// Floating-point helpers against independent host oracles: <cmath> classification, libm's
// nearbyint (round-half-even; base's rint returns +0.0 where nearbyint gives -0.0) and ldexp;
// plus values observed from a native GHC 9.0.2 program for the RTS's edge cases.
#include <cmath>
#include <limits>
#include <random>

#include "ffi_test_util.h"

namespace stgvm::test {
namespace {

class Float : public FfiTest {
 protected:
  float as_float(uint64_t b) {
    EXPECT_EQ(b >> 32, 0u) << "Float result must sit in the low 32 bits";
    return test::as_float(uint32_t(b));
  }
  std::vector<double> doubles() {
    std::vector<double> v = {0.0, -0.0, 0.5, -0.5, 1.5, 2.5, -2.5, 0.49999999999999994, 4503599627370495.5,
                             4503599627370496.0, 1e300, -1e-310, std::numeric_limits<double>::denorm_min(),
                             std::numeric_limits<double>::min(), std::numeric_limits<double>::max(),
                             std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(),
                             std::numeric_limits<double>::quiet_NaN(), -std::numeric_limits<double>::quiet_NaN(),
                             std::numeric_limits<double>::signaling_NaN(), 1048575.5, 1048576.5, 2097151.5, 3.5,
                             -1048575.5, 0.7, -0.7, 123456.789, 9007199254740991.0};
    std::mt19937_64 rng(1);
    for (int i = 0; i < 20000; ++i) v.push_back(as_double(rng()));
    for (int i = 0; i < 20000; ++i) v.push_back(std::ldexp(double(rng() % 100000) / 8.0, int(rng() % 60) - 10));
    return v;
  }
  std::vector<float> floats() {
    std::vector<float> v = {0.0f, -0.0f, 0.5f, -0.5f, 1.5f, 2.5f, -2.5f, 0.49999997f, 8388607.5f, 8388608.0f,
                            std::numeric_limits<float>::denorm_min(), std::numeric_limits<float>::max(),
                            std::numeric_limits<float>::infinity(), -std::numeric_limits<float>::infinity(),
                            std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::signaling_NaN(),
                            -0.7f, 0.7f, 3.5f};
    std::mt19937 rng(2);
    for (int i = 0; i < 20000; ++i) v.push_back(as_float(rng()));
    for (int i = 0; i < 20000; ++i) v.push_back(std::ldexp(float(rng() % 100000) / 8.0f, int(rng() % 30) - 10));
    return v;
  }
};

TEST_F(Float, DoublePredicates) {
  for (double d : doubles()) {
    EXPECT_EQ(call("isDoubleNaN", {d}), std::isnan(d) ? 1u : 0u) << d;
    EXPECT_EQ(call("isDoubleInfinite", {d}), std::isinf(d) ? 1u : 0u) << d;
    EXPECT_EQ(call("isDoubleFinite", {d}), std::isfinite(d) ? 1u : 0u) << d;
    EXPECT_EQ(call("isDoubleDenormalized", {d}), std::fpclassify(d) == FP_SUBNORMAL ? 1u : 0u) << d;
    EXPECT_EQ(call("isDoubleNegativeZero", {d}), (d == 0.0 && std::signbit(d)) ? 1u : 0u) << d;
  }
}

TEST_F(Float, FloatPredicates) {
  for (float f : floats()) {
    EXPECT_EQ(call("isFloatNaN", {f}), std::isnan(f) ? 1u : 0u) << f;
    EXPECT_EQ(call("isFloatInfinite", {f}), std::isinf(f) ? 1u : 0u) << f;
    EXPECT_EQ(call("isFloatFinite", {f}), std::isfinite(f) ? 1u : 0u) << f;
    EXPECT_EQ(call("isFloatDenormalized", {f}), std::fpclassify(f) == FP_SUBNORMAL ? 1u : 0u) << f;
    EXPECT_EQ(call("isFloatNegativeZero", {f}), (f == 0.0f && std::signbit(f)) ? 1u : 0u) << f;
  }
}

TEST_F(Float, RintDouble) {
  for (double d : doubles()) {
    uint64_t got = call("rintDouble", {d});
    if (std::isnan(d)) {
      EXPECT_EQ(got, bits(d));  // returned unchanged
      continue;
    }
    double want = std::nearbyint(d);
    if (want == 0.0) want = 0.0;  // base: "don't care about -0.0"
    EXPECT_EQ(got, bits(want)) << d;
  }
}

TEST_F(Float, RintFloat) {
  for (float f : floats()) {
    uint64_t got = call("rintFloat", {f});
    if (std::isnan(f)) {
      EXPECT_EQ(got, bits(f));
      continue;
    }
    float want = std::nearbyint(f);
    if (want == 0.0f) want = 0.0f;
    EXPECT_EQ(got, uint64_t(bits(want))) << f;
    EXPECT_EQ(got >> 32, 0u);
  }
}

TEST_F(Float, EncodeDouble) {
  std::mt19937_64 rng(3);
  for (int i = 0; i < 20000; ++i) {
    int64_t j = int64_t(rng()) >> (rng() % 64);
    int64_t e = int64_t(rng() % 2400) - 1200;
    if (j == INT64_MIN) continue;
    EXPECT_EQ(call("__int_encodeDouble", {int64_t(j), int64_t(e)}), bits(std::ldexp(double(j), int(e)))) << j << " " << e;
    uint64_t w = rng() >> (rng() % 64);
    EXPECT_EQ(call("__word_encodeDouble", {w, int64_t(e)}), bits(std::ldexp(double(w), int(e)))) << w << " " << e;
  }
  // Native GHC 9.0.2: intEncodeDouble# minBound 0 = 9.223372036854776e18 (the RTS's
  // __abs(INT64_MIN) wraps), …minBound 3 = 7.378697629483821e19, 5 * 2^5000000000 = Infinity.
  EXPECT_EQ(as_double(call("__int_encodeDouble", {int64_t(INT64_MIN), int64_t(0)})), 9.223372036854775808e18);
  EXPECT_EQ(as_double(call("__int_encodeDouble", {int64_t(INT64_MIN), int64_t(3)})), 7.378697629483820646e19);
  EXPECT_EQ(as_double(call("__int_encodeDouble", {5L, 5000000000L})), std::numeric_limits<double>::infinity());
  EXPECT_EQ(call("__int_encodeDouble", {-5L, -5000000000L}), bits(-0.0));
  EXPECT_EQ(call("__int_encodeDouble", {0L, 100000L}), bits(0.0));
  EXPECT_EQ(as_double(call("__word_encodeDouble", {~0ull, 0L})), 18446744073709551616.0);
  EXPECT_EQ(call("__word_encodeDouble", {0ull, 99999999999L}), bits(0.0));
}

}  // namespace
}  // namespace stgvm::test
