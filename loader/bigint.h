// Arbitrary-precision integers as they appear in ext-stg (Haskell Integer): literal values and
// the exact Rationals of Float/Double literals. Only what the loader and lowering need:
// decimal printing, range checks, and correctly rounded Rational → float/double.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stgvm {

// A decoded Haskell Integer. Small form values are kept inline; the big form keeps the
// magnitude bytes (least significant first) as a view into the module buffer.
struct Integer {
  bool negative = false;
  int32_t small = 0;          // valid when mag_le is empty
  std::string_view mag_le;    // big form magnitude, little-endian bytes

  bool is_small() const { return mag_le.empty(); }
  std::string to_decimal() const;
  std::optional<int64_t> to_i64() const;
  std::optional<uint64_t> to_u64() const;
  // Value modulo 2^64 (two's complement), for sized literals after range checks.
  uint64_t wrap_u64() const;
};

// Rational → nearest IEEE value, ties to even (Haskell's fromRational semantics).
double rational_to_double(const Integer& num, const Integer& den);
float rational_to_float(const Integer& num, const Integer& den);

// Unsigned big number with 32-bit limbs, little-endian. Internal helper, exposed for tests.
struct BigNat {
  std::vector<uint32_t> limbs;
  static BigNat from_le_bytes(std::string_view b);
  static BigNat from_u64(uint64_t v);
  bool is_zero() const { return limbs.empty(); }
  size_t bit_length() const;
  void trim();
  std::string to_decimal() const;
};

}  // namespace stgvm
