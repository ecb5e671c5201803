// §2.6: exact Rational literals → correctly rounded float/double (ties to even). Expected
// values come from independent sources: glibc strtod/strtof on exact decimal strings, IEEE
// division of exactly representable operands (correctly rounded by the hardware), and exact
// constructions with ldexp.
#include <gtest/gtest.h>

#include <cfloat>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <deque>

#include "loader/bigint.h"
#include "stgbin_builder.h"

using stgvm::Integer;

namespace {

std::deque<std::string> g_pool;  // backing storage of big-form magnitudes

Integer small(int32_t v) {
  Integer i;
  i.small = v;
  return i;
}
Integer from_mag(bool negative, const stgb::Mag& m) {
  if (m.le.empty()) return small(0);
  g_pool.emplace_back(m.le.begin(), m.le.end());
  Integer i;
  i.negative = negative;
  i.mag_le = g_pool.back();
  return i;
}
Integer dec(std::string_view s) {
  bool neg = !s.empty() && s[0] == '-';
  if (neg) s.remove_prefix(1);
  if (s.size() <= 9) {
    int32_t v = int32_t(std::stol(std::string(s)));
    return small(neg ? -v : v);
  }
  return from_mag(neg, stgb::Mag::from_decimal(s));
}
Integer u64(uint64_t v) {
  if (v <= uint64_t(INT32_MAX)) return small(int32_t(v));
  return from_mag(false, stgb::Mag{stgb::mag_le_of(v)});
}
Integer pow2(unsigned k) { return from_mag(false, stgb::Mag::bits({k})); }
Integer bits(const std::vector<unsigned>& b) { return from_mag(false, stgb::Mag::bits(b)); }
Integer pow10(unsigned k) { return dec("1" + std::string(k, '0')); }

double rd(const Integer& n, const Integer& d) { return stgvm::rational_to_double(n, d); }
float rf(const Integer& n, const Integer& d) { return stgvm::rational_to_float(n, d); }

// Bitwise equality (distinguishes −0.0, compares infinities).
::testing::AssertionResult same_double(double a, double b) {
  if (std::memcmp(&a, &b, sizeof a) == 0) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << std::hexfloat << a << " != " << b;
}
::testing::AssertionResult same_float(float a, float b) {
  if (std::memcmp(&a, &b, sizeof a) == 0) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << std::hexfloat << a << " != " << b;
}

struct Lcg {
  uint64_t s;
  uint64_t next() {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    return s >> 11;
  }
};

TEST(RationalToDouble, SimpleFractionsAgainstStrtodAndIeeeDivision) {
  EXPECT_TRUE(same_double(rd(small(1), small(10)), std::strtod("0.1", nullptr)));
  EXPECT_TRUE(same_double(rd(small(-1), small(10)), std::strtod("-0.1", nullptr)));
  EXPECT_TRUE(same_double(rd(small(3), small(2)), 1.5));
  EXPECT_TRUE(same_double(rd(small(1), small(3)), 1.0 / 3.0));
  EXPECT_TRUE(same_double(rd(small(2), small(3)), 2.0 / 3.0));
  EXPECT_TRUE(same_double(rd(small(-2), small(3)), -2.0 / 3.0));
  EXPECT_TRUE(same_double(rd(small(22), small(7)), 22.0 / 7.0));
  EXPECT_TRUE(same_double(rd(small(0), small(1)), 0.0));
  EXPECT_TRUE(same_double(rd(small(7), small(1)), 7.0));
  EXPECT_TRUE(same_double(rd(dec("314159265358979323846"), pow10(20)), std::strtod("3.14159265358979323846", nullptr)));
}

TEST(RationalToDouble, RandomExactOperandsMatchHardwareDivision) {
  Lcg g{12345};
  for (int i = 0; i < 20000; ++i) {
    uint64_t p = g.next() >> (g.next() % 53);  // < 2^53, exact as double
    uint64_t q = (g.next() >> (g.next() % 53)) | 1;
    bool neg = (g.next() & 1) && p != 0;  // a Rational has no −0
    Integer n = u64(p);
    if (neg) {
      if (n.is_small()) n.small = -n.small;
      else n.negative = true;
    }
    double expected = (neg ? -double(p) : double(p)) / double(q);
    ASSERT_TRUE(same_double(rd(n, u64(q)), expected)) << (neg ? "-" : "") << p << "/" << q;
  }
}

TEST(RationalToDouble, RandomDecimalsMatchStrtod) {
  Lcg g{777};
  for (int i = 0; i < 5000; ++i) {
    int ndig = 1 + int(g.next() % 40);
    std::string digits;
    for (int k = 0; k < ndig; ++k) digits += char('0' + (k == 0 ? 1 + g.next() % 9 : g.next() % 10));
    int e = int(g.next() % 700) - 360;  // value = digits · 10^e, from deep subnormal to overflow
    Integer num = e >= 0 ? dec(digits + std::string(size_t(e), '0')) : dec(digits);
    Integer den = e >= 0 ? small(1) : pow10(unsigned(-e));
    std::string text = digits + "e" + std::to_string(e);
    ASSERT_TRUE(same_double(rd(num, den), std::strtod(text.c_str(), nullptr))) << text;
  }
}

TEST(RationalToDouble, LongNumeratorsAndDenominators) {
  // Hundreds of digits on both sides, as real literals can have.
  std::string digits;
  for (int k = 0; k < 300; ++k) digits += char('0' + (k * 7 + 3) % 10);
  digits[0] = '9';
  std::string text = digits + "e-320";  // 9.03…e-21
  EXPECT_TRUE(same_double(rd(dec(digits), pow10(320)), std::strtod(text.c_str(), nullptr)));
  EXPECT_TRUE(same_double(rd(pow10(400), pow10(399)), 10.0));
  EXPECT_TRUE(same_double(rd(dec("1" + std::string(399, '0') + "1"), pow10(400)), 1.0));
}

TEST(RationalToDouble, TiesToEvenOnExactConstructions) {
  // Integers between 2^53 and 2^54 are spaced by 2.
  EXPECT_TRUE(same_double(rd(bits({53, 0}), small(1)), std::ldexp(1.0, 53)));                    // 2^53+1 → 2^53
  EXPECT_TRUE(same_double(rd(bits({53, 1, 0}), small(1)), std::ldexp(1.0, 53) + 4));             // 2^53+3 → 2^53+4
  EXPECT_TRUE(same_double(rd(bits({53, 2, 0}), small(1)), std::ldexp(1.0, 53) + 4));             // 2^53+5 → 2^53+4
  EXPECT_TRUE(same_double(rd(bits({54, 1}), small(2)), std::ldexp(1.0, 53)));                    // (2^54+2)/2
  // (3·(2^53+1) + 1) / 3 = 2^53 + 1 + 1/3: just above the tie → up.
  EXPECT_TRUE(same_double(rd(u64(3 * ((uint64_t(1) << 53) + 1) + 1), small(3)), std::ldexp(1.0, 53) + 2));
  // (3·(2^53+1) − 1) / 3 = 2^53 + 1 − 1/3: just below the tie → down.
  EXPECT_TRUE(same_double(rd(u64(3 * ((uint64_t(1) << 53) + 1) - 1), small(3)), std::ldexp(1.0, 53)));
  // Scaled ties: (2^53+1)/2^60 and (2^53+3)/2^60.
  EXPECT_TRUE(same_double(rd(bits({53, 0}), pow2(60)), std::ldexp(1.0, -7)));
  EXPECT_TRUE(same_double(rd(bits({53, 1, 0}), pow2(60)), std::ldexp(double((uint64_t(1) << 53) + 4), -60)));
  // 1 + 2^-53 (tie → 1) and 1 + 2^-53 + 2^-200 (above → 1 + 2^-52).
  EXPECT_TRUE(same_double(rd(bits({53, 0}), pow2(53)), 1.0));
  EXPECT_TRUE(same_double(rd(bits({200, 147, 0}), pow2(200)), 1.0 + std::ldexp(1.0, -52)));
}

TEST(RationalToDouble, OverflowToInfinity) {
  EXPECT_TRUE(same_double(rd(from_mag(false, stgb::Mag::bit_range(971, 1023) | stgb::Mag::bit_range(0, 969)), small(1)), DBL_MAX));
  EXPECT_TRUE(same_double(rd(from_mag(false, stgb::Mag::bit_range(970, 1023)), small(1)), HUGE_VAL));  // tie → even = 2^1024
  EXPECT_TRUE(same_double(rd(from_mag(false, stgb::Mag::bit_range(971, 1023)), small(1)), DBL_MAX));
  EXPECT_TRUE(same_double(rd(pow2(1024), small(1)), HUGE_VAL));
  EXPECT_TRUE(same_double(rd(pow10(309), small(1)), HUGE_VAL));
  EXPECT_TRUE(same_double(rd(pow10(308), small(1)), std::strtod("1e308", nullptr)));
  Integer neg = pow10(400);
  neg.negative = true;
  EXPECT_TRUE(same_double(rd(neg, small(3)), -HUGE_VAL));
  EXPECT_TRUE(same_double(rd(pow10(5000), pow10(10)), HUGE_VAL));
}

TEST(RationalToDouble, SubnormalsAndUnderflow) {
  const double tiny = std::ldexp(1.0, -1074);  // smallest subnormal
  EXPECT_TRUE(same_double(rd(small(1), pow2(1074)), tiny));
  EXPECT_TRUE(same_double(rd(small(1), pow2(1075)), 0.0));            // exactly half: tie → 0 (even)
  EXPECT_TRUE(same_double(rd(bits({10, 0}), pow2(1085)), tiny));      // just above half → tiny
  EXPECT_TRUE(same_double(rd(small(3), pow2(1075)), 2 * tiny));       // 1.5 → 2
  EXPECT_TRUE(same_double(rd(small(5), pow2(1075)), 2 * tiny));       // 2.5 → 2
  EXPECT_TRUE(same_double(rd(small(7), pow2(1075)), 4 * tiny));       // 3.5 → 4
  EXPECT_TRUE(same_double(rd(small(3), pow2(1076)), tiny));           // 0.75 → 1
  EXPECT_TRUE(same_double(rd(small(1), pow2(1076)), 0.0));            // 0.25 → 0
  EXPECT_TRUE(same_double(rd(u64((uint64_t(1) << 52) - 1), pow2(1074)), std::ldexp(double((uint64_t(1) << 52) - 1), -1074)));
  // (2^53 − 1)/2^1075 = (2^52 − 1/2)·2^-1074: tie between 2^52−1 (odd) and 2^52 → DBL_MIN.
  EXPECT_TRUE(same_double(rd(u64((uint64_t(1) << 53) - 1), pow2(1075)), DBL_MIN));
  EXPECT_TRUE(same_double(rd(small(1), pow2(1022)), DBL_MIN));
  EXPECT_TRUE(same_double(rd(small(1), pow10(320)), std::strtod("1e-320", nullptr)));
  EXPECT_TRUE(same_double(rd(dec("123456789"), pow10(330)), std::strtod("123456789e-330", nullptr)));
  EXPECT_TRUE(same_double(rd(small(1), pow10(400)), 0.0));
  EXPECT_TRUE(same_double(rd(small(-1), pow10(400)), -0.0));
  EXPECT_TRUE(same_double(rd(small(1), pow10(5000)), 0.0));
}

TEST(RationalToFloat, SimpleAndRandom) {
  EXPECT_TRUE(same_float(rf(small(1), small(10)), std::strtof("0.1", nullptr)));
  EXPECT_TRUE(same_float(rf(small(1), small(3)), 1.0f / 3.0f));
  EXPECT_TRUE(same_float(rf(small(-2), small(3)), -2.0f / 3.0f));
  EXPECT_TRUE(same_float(rf(small(3), small(2)), 1.5f));
  Lcg g{99};
  for (int i = 0; i < 20000; ++i) {
    uint32_t p = uint32_t(g.next() % (1u << 24));
    uint32_t q = uint32_t(g.next() % (1u << 24)) | 1;
    volatile float fp = float(p), fq = float(q);
    float expected = fp / fq;  // both exact in float: the quotient is correctly rounded
    ASSERT_TRUE(same_float(rf(u64(p), u64(q)), expected)) << p << "/" << q;
  }
}

TEST(RationalToFloat, RandomDecimalsMatchStrtof) {
  Lcg g{4242};
  for (int i = 0; i < 5000; ++i) {
    int ndig = 1 + int(g.next() % 25);
    std::string digits;
    for (int k = 0; k < ndig; ++k) digits += char('0' + (k == 0 ? 1 + g.next() % 9 : g.next() % 10));
    int e = int(g.next() % 110) - 70;
    Integer num = e >= 0 ? dec(digits + std::string(size_t(e), '0')) : dec(digits);
    Integer den = e >= 0 ? small(1) : pow10(unsigned(-e));
    std::string text = digits + "e" + std::to_string(e);
    ASSERT_TRUE(same_float(rf(num, den), std::strtof(text.c_str(), nullptr))) << text;
  }
}

TEST(RationalToFloat, TiesSubnormalsOverflowAndNoDoubleRounding) {
  EXPECT_TRUE(same_float(rf(bits({24, 0}), small(1)), 16777216.0f));         // 2^24+1 → 2^24
  EXPECT_TRUE(same_float(rf(bits({24, 1, 0}), small(1)), 16777220.0f));      // 2^24+3 → 2^24+4
  // 1 + 2^-24 + 2^-60: rounding through double would land on the tie 1 + 2^-24 and then
  // go to 1.0; the correctly rounded float is 1 + 2^-23.
  EXPECT_TRUE(same_float(rf(bits({60, 36, 0}), pow2(60)), 1.0f + std::ldexp(1.0f, -23)));
  EXPECT_TRUE(same_float(rf(bits({60, 36}), pow2(60)), 1.0f));  // exact tie → even
  const float tiny = std::ldexp(1.0f, -149);
  EXPECT_TRUE(same_float(rf(small(1), pow2(149)), tiny));
  EXPECT_TRUE(same_float(rf(small(1), pow2(150)), 0.0f));
  EXPECT_TRUE(same_float(rf(small(3), pow2(150)), 2 * tiny));
  EXPECT_TRUE(same_float(rf(small(1), pow2(126)), FLT_MIN));
  EXPECT_TRUE(same_float(rf(from_mag(false, stgb::Mag::bit_range(104, 127)), small(1)), FLT_MAX));
  EXPECT_TRUE(same_float(rf(from_mag(false, stgb::Mag::bit_range(103, 127)), small(1)), HUGE_VALF));  // tie → 2^128
  EXPECT_TRUE(same_float(rf(from_mag(false, stgb::Mag::bit_range(104, 127) | stgb::Mag::bit_range(0, 102)), small(1)), FLT_MAX));
  EXPECT_TRUE(same_float(rf(pow10(39), small(1)), HUGE_VALF));
  EXPECT_TRUE(same_float(rf(small(-1), pow10(50)), -0.0f));
  Integer neg = pow10(39);
  neg.negative = true;
  EXPECT_TRUE(same_float(rf(neg, small(1)), -HUGE_VALF));
}

TEST(BigNat, DecimalRoundTrip) {
  Lcg g{5};
  for (int i = 0; i < 200; ++i) {
    std::string d;
    int n = 1 + int(g.next() % 120);
    for (int k = 0; k < n; ++k) d += char('0' + (k == 0 ? 1 + g.next() % 9 : g.next() % 10));
    stgb::Mag m = stgb::Mag::from_decimal(d);
    std::string le(m.le.begin(), m.le.end());
    EXPECT_EQ(stgvm::BigNat::from_le_bytes(le).to_decimal(), d);
    Integer v = from_mag(true, m);
    EXPECT_EQ(v.to_decimal(), "-" + d);
  }
  EXPECT_EQ(stgvm::BigNat::from_u64(0).to_decimal(), "0");
  EXPECT_EQ(stgvm::BigNat::from_u64(UINT64_MAX).to_decimal(), "18446744073709551615");
  EXPECT_EQ(stgvm::BigNat::from_u64(1000000000).to_decimal(), "1000000000");
  EXPECT_EQ(stgvm::BigNat::from_le_bytes(std::string("\0\0\0", 3)).bit_length(), 0u);
  EXPECT_EQ(stgvm::BigNat::from_u64(uint64_t(1) << 40).bit_length(), 41u);
}

}  // namespace
