#include "loader/bigint.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace stgvm {

BigNat BigNat::from_le_bytes(std::string_view b) {
  BigNat n;
  n.limbs.assign((b.size() + 3) / 4, 0);
  for (size_t i = 0; i < b.size(); ++i)
    n.limbs[i / 4] |= uint32_t(static_cast<uint8_t>(b[i])) << (8 * (i % 4));
  n.trim();
  return n;
}

BigNat BigNat::from_u64(uint64_t v) {
  BigNat n;
  if (v) n.limbs.push_back(uint32_t(v));
  if (v >> 32) n.limbs.push_back(uint32_t(v >> 32));
  return n;
}

void BigNat::trim() {
  while (!limbs.empty() && limbs.back() == 0) limbs.pop_back();
}

size_t BigNat::bit_length() const {
  if (limbs.empty()) return 0;
  return (limbs.size() - 1) * 32 + (32 - size_t(__builtin_clz(limbs.back())));
}

std::string BigNat::to_decimal() const {
  if (limbs.empty()) return "0";
  std::vector<uint32_t> cur = limbs;
  std::vector<uint32_t> chunks;  // base 1e9, least significant first
  while (!cur.empty()) {
    uint64_t rem = 0;
    for (size_t i = cur.size(); i-- > 0;) {
      uint64_t v = (rem << 32) | cur[i];
      cur[i] = uint32_t(v / 1000000000u);
      rem = v % 1000000000u;
    }
    chunks.push_back(uint32_t(rem));
    while (!cur.empty() && cur.back() == 0) cur.pop_back();
  }
  std::string s = std::to_string(chunks.back());
  char buf[16];
  for (size_t i = chunks.size() - 1; i-- > 0;) {
    snprintf(buf, sizeof buf, "%09u", chunks[i]);
    s += buf;
  }
  return s;
}

namespace {

BigNat magnitude(const Integer& v) {
  if (v.is_small()) {
    int64_t s = v.small;
    return BigNat::from_u64(uint64_t(s < 0 ? -s : s));
  }
  return BigNat::from_le_bytes(v.mag_le);
}

bool is_negative(const Integer& v) { return v.is_small() ? v.small < 0 : v.negative; }

BigNat shl(const BigNat& a, size_t k) {
  if (a.is_zero()) return a;
  BigNat r;
  size_t words = k / 32, bits = k % 32;
  r.limbs.assign(a.limbs.size() + words + 1, 0);
  for (size_t i = 0; i < a.limbs.size(); ++i) {
    uint64_t v = uint64_t(a.limbs[i]) << bits;
    r.limbs[i + words] |= uint32_t(v);
    r.limbs[i + words + 1] |= uint32_t(v >> 32);
  }
  r.trim();
  return r;
}

int cmp(const BigNat& a, const BigNat& b) {
  if (a.limbs.size() != b.limbs.size()) return a.limbs.size() < b.limbs.size() ? -1 : 1;
  for (size_t i = a.limbs.size(); i-- > 0;)
    if (a.limbs[i] != b.limbs[i]) return a.limbs[i] < b.limbs[i] ? -1 : 1;
  return 0;
}

void sub_in_place(BigNat& a, const BigNat& b) {  // requires a >= b
  int64_t borrow = 0;
  for (size_t i = 0; i < a.limbs.size(); ++i) {
    int64_t v = int64_t(a.limbs[i]) - borrow - (i < b.limbs.size() ? int64_t(b.limbs[i]) : 0);
    borrow = v < 0;
    a.limbs[i] = uint32_t(v + (borrow << 32));
  }
  a.trim();
}

bool bit(const BigNat& a, size_t i) { return i / 32 < a.limbs.size() && (a.limbs[i / 32] >> (i % 32)) & 1; }

// floor(n / d) where the quotient is known to have at most ~70 bits; also reports whether the
// remainder is non-zero. Bit-serial long division: iterations = bitlen(n) - bitlen(d) + 1.
uint64_t small_quotient(const BigNat& n, const BigNat& d, bool& inexact) {
  size_t nb = n.bit_length(), db = d.bit_length();
  BigNat rem;
  uint64_t q = 0;
  if (nb < db) {
    inexact = !n.is_zero();
    return 0;
  }
  // rem = top db-1 bits of n, then bring down one bit at a time.
  size_t start = nb - db + 1;  // number of quotient bits
  rem = n;
  // rem = n >> start
  {
    BigNat r;
    size_t words = start / 32, bits = start % 32;
    for (size_t i = words; i < n.limbs.size(); ++i) {
      uint64_t v = n.limbs[i] >> bits;
      if (bits && i + 1 < n.limbs.size()) v |= uint64_t(n.limbs[i + 1]) << (32 - bits);
      r.limbs.push_back(uint32_t(v));
    }
    r.trim();
    rem = r;
  }
  for (size_t i = start; i-- > 0;) {
    rem = shl(rem, 1);
    if (bit(n, i)) {
      if (rem.limbs.empty()) rem.limbs.push_back(0);
      rem.limbs[0] |= 1;
    }
    q <<= 1;
    if (cmp(rem, d) >= 0) {
      sub_in_place(rem, d);
      q |= 1;
    }
  }
  inexact = !rem.is_zero();
  return q;
}

// Correctly rounded n/d for an IEEE format with `mant` significand bits (incl. hidden bit)
// and minimum normal exponent `emin` (value = m * 2^e with 2^(mant-1) <= m < 2^mant).
double round_ratio(const BigNat& n, const BigNat& d, int mant, int emin, int emax) {
  if (n.is_zero()) return 0.0;
  // Choose k so that q = floor(n * 2^k / d) has mant+2 .. mant+3 bits.
  long nb = long(n.bit_length()), db = long(d.bit_length());
  long k = long(mant) + 2 - (nb - db);
  BigNat nn = n, dd = d;
  if (k > 0) nn = shl(n, size_t(k)); else if (k < 0) dd = shl(d, size_t(-k));
  bool inexact = false;
  uint64_t q = small_quotient(nn, dd, inexact);
  // value = q * 2^-k (plus a sticky remainder). Normalise q to exactly mant+2 bits.
  int qb = 64 - __builtin_clzll(q);
  long e = -k;  // exponent of q's lsb
  int extra = qb - mant;  // bits below the significand (>= 2)
  // Subnormals: lsb exponent must not go below emin - (mant - 1).
  long lsb_exp = e + extra;  // exponent of the significand's lsb
  long min_lsb = long(emin) - (mant - 1);
  if (lsb_exp < min_lsb) extra += int(min_lsb - lsb_exp);
  if (extra >= 64) return 0.0;  // underflows to zero (value < half the smallest subnormal)
  uint64_t mantissa = q >> extra;
  uint64_t rest = q & ((uint64_t(1) << extra) - 1);
  uint64_t half = uint64_t(1) << (extra - 1);
  // Nearest, ties to even; a non-zero remainder below q's lsb breaks a tie upwards.
  bool round_up = rest > half || (rest == half && (inexact || (mantissa & 1)));
  if (round_up) ++mantissa;
  long exp2 = e + extra;
  if (exp2 + long(64 - __builtin_clzll(mantissa | 1)) - 1 > emax) return HUGE_VAL;
  return std::ldexp(double(mantissa), int(exp2));
}

double signed_ratio(const Integer& num, const Integer& den, int mant, int emin, int emax) {
  BigNat n = magnitude(num), d = magnitude(den);
  if (d.is_zero()) return std::nan("");
  double v = round_ratio(n, d, mant, emin, emax);
  return is_negative(num) != is_negative(den) ? -v : v;
}

}  // namespace

std::string Integer::to_decimal() const {
  if (is_small()) return std::to_string(small);
  std::string d = BigNat::from_le_bytes(mag_le).to_decimal();
  return (negative && d != "0") ? "-" + d : d;
}

std::optional<uint64_t> Integer::to_u64() const {
  if (is_small()) return small < 0 ? std::nullopt : std::optional<uint64_t>(uint64_t(small));
  BigNat m = BigNat::from_le_bytes(mag_le);
  if (m.is_zero()) return 0;
  if (negative || m.bit_length() > 64) return std::nullopt;
  uint64_t v = 0;
  for (size_t i = m.limbs.size(); i-- > 0;) v = (v << 32) | m.limbs[i];
  return v;
}

std::optional<int64_t> Integer::to_i64() const {
  if (is_small()) return small;
  BigNat m = BigNat::from_le_bytes(mag_le);
  if (m.bit_length() > 64) return std::nullopt;
  uint64_t v = 0;
  for (size_t i = m.limbs.size(); i-- > 0;) v = (v << 32) | m.limbs[i];
  if (!negative) return v <= uint64_t(INT64_MAX) ? std::optional<int64_t>(int64_t(v)) : std::nullopt;
  if (v <= uint64_t(INT64_MAX)) return -int64_t(v);
  if (v == uint64_t(INT64_MAX) + 1) return INT64_MIN;
  return std::nullopt;
}

uint64_t Integer::wrap_u64() const {
  if (is_small()) return uint64_t(int64_t(small));
  uint64_t v = 0;
  for (size_t i = 0; i < mag_le.size() && i < 8; ++i) v |= uint64_t(uint8_t(mag_le[i])) << (8 * i);
  return negative ? ~v + 1 : v;
}

double rational_to_double(const Integer& num, const Integer& den) {
  return signed_ratio(num, den, 53, -1022, 1023);
}

float rational_to_float(const Integer& num, const Integer& den) {
  double v = signed_ratio(num, den, 24, -126, 127);
  if (std::isinf(v)) return is_negative(num) != is_negative(den) ? -HUGE_VALF : HUGE_VALF;
  return static_cast<float>(v);  // exact: v already has a float-representable value
}

}  // namespace stgvm
