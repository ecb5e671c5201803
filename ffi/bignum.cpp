// ghc-bignum's GMP backend (GHC.Num.Backend.GMP): the `__gmpn_*` functions it imports from
// gmp.h and its own wrappers (`integer_gmp_*`, cbits/gmp_wrappers.c), over the program's limb
// vectors in linear memory (ffi/bignum_limbs.h: libgmp natively, mini-gmp on wasm32).
//
// The wrappers follow gmp_wrappers.c of GHC 9.0.2. Every call is checked first: limb counts
// in range, vectors 8-byte aligned and inside memory, results not overlapping operands, and
// GMP's own preconditions (the sizes' order, a normalised non-zero divisor, …) — a program
// that breaks one gets a one-line error naming the call instead of GMP's undefined behaviour.
// GHC's backend never does, so the checks cost a few comparisons per call.
#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "ffi/bignum_limbs.h"
#include "ffi/ffi_internal.h"

namespace stgvm {

namespace {
using limbs::Limb;
using limbs::Size;

// Limb counts above this (2^28 limbs = 2 GiB) cannot be in a 4 GiB memory next to anything.
constexpr Size kMaxLimbs = Size(1) << 28;

Size mag(Size n) { return n < 0 ? -n : n; }  // (n > INT64_MIN: Checked::size rejects that)

// One call's arguments, checked. The first failed check sets ctx.failure; later ones are no-ops
// and the shim returns 0 without touching memory.
class Checked {
 public:
  Checked(ForeignContext& ctx, const ForeignCall& call) : ctx_(ctx), a_(call) {}
  bool ok() const { return ctx_.failure.empty(); }
  uint64_t fail(const std::string& why) {
    if (ok()) ctx_.failure = why;
    return 0;
  }
  Limb word(uint32_t i) const { return a_.u64(i); }
  int64_t i64(uint32_t i) const { return a_.i64(i); }
  // Argument i as a limb count; `signed_ok`: a negative count is a negative number's size.
  // (The checks are inline and their failures out of line: every bignum call runs them.)
  [[gnu::always_inline]] Size size(uint32_t i, bool signed_ok = false) {
    Size n = a_.i64(i);
    if ((n < 0 && !signed_ok) || n == INT64_MIN || mag(n) > kMaxLimbs) [[unlikely]]
      return bad_size(n);
    return n;
  }
  // The vector of n limbs at argument i (an address). Remembered for the overlap check: a
  // result may not overlap an operand, except exactly (`in_place`) where GMP allows it.
  [[gnu::always_inline]] Limb* vec(uint32_t i, Size n, bool output = false, bool in_place = false) {
    if (!ok()) [[unlikely]]
      return nullptr;
    uint32_t addr = a_.addr(i);
    n = mag(n);
    if (addr % 8) [[unlikely]]
      return misaligned(addr);
    Limb* p = reinterpret_cast<Limb*>(mem_span(ctx_.mem, addr, uint64_t(n) * 8));
    if (n == 0) return p;
    Range r{addr, uint64_t(addr) + uint64_t(n) * 8, output};
    for (uint32_t k = 0; k < nranges_; ++k) {
      const Range& o = ranges_[k];
      if ((output || o.output) && r.lo < o.hi && o.lo < r.hi && !(in_place && r.lo == o.lo && r.hi == o.hi))
        [[unlikely]] return overlap();
    }
    if (nranges_ == kMaxVectors) [[unlikely]]
      return too_many();
    ranges_[nranges_++] = r;
    return p;
  }
  // A 32-bit int cell at argument i (gcdext's size outputs).
  uint32_t cell(uint32_t i) {
    if (!ok()) return 0;
    uint32_t addr = a_.addr(i);
    mem_span(ctx_.mem, addr, 4);
    return addr;
  }
  void store_i32(uint32_t addr, int32_t v) { std::memcpy(mem_span(ctx_.mem, addr, 4), &v, 4); }

 private:
  struct Range {
    uint64_t lo, hi;
    bool output;
  };
  [[gnu::noinline, gnu::cold]] Size bad_size(Size n) {
    fail("limb count " + std::to_string(n) + " out of range");
    return 0;
  }
  [[gnu::noinline, gnu::cold]] Limb* misaligned(uint32_t addr) {
    fail("limb vector at " + std::to_string(addr) + " is not 8-byte aligned");
    return nullptr;
  }
  [[gnu::noinline, gnu::cold]] Limb* overlap() {
    fail("result vector overlaps an operand");
    return nullptr;
  }
  [[gnu::noinline, gnu::cold]] Limb* too_many() {
    fail("more limb vectors than a shim takes");
    return nullptr;
  }
  static constexpr uint32_t kMaxVectors = 6;
  ForeignContext& ctx_;
  Args a_;
  Range ranges_[kMaxVectors];  // (no host allocation per call)
  uint32_t nranges_ = 0;
};

// GHC's mp_limb_zero_p: {p, n} is zero.
bool limbs_zero(const Limb* p, Size n) { return n == 0 || (mag(n) == 1 && p[0] == 0); }

// mpz scratch that clears itself.
struct Z {
  mpz_t z;
  Z() { mpz_init(z); }
  ~Z() { mpz_clear(z); }
  Z(const Z&) = delete;
  Z& operator=(const Z&) = delete;
};

// ---- gmp.h ---------------------------------------------------------------------------------

// What mpn_add_1/sub_1/mul_1 return for n = 0, which has no limbs to work on: the carry of an
// add is the limb, a borrow is whether it is non-zero, a product's top limb is zero.
enum class Empty { Carry, Borrow, Zero };

// mp_limb_t mpn_add_1/sub_1/mul_1(mp_limb_t *rp, const mp_limb_t *s1p, mp_size_t n, mp_limb_t s2limb)
template <Limb (*Op)(Limb*, const Limb*, Size, Limb), Empty kEmpty>
uint64_t c_mpn_op_1(ForeignContext& ctx, const ForeignCall& call) {
  Checked c(ctx, call);
  Size n = c.size(2);
  Limb b = c.word(3);
  const Limb* s = c.vec(1, n);
  Limb* r = c.vec(0, n, true, true);
  if (!c.ok()) return 0;
  if (n == 0) return kEmpty == Empty::Carry ? b : kEmpty == Empty::Borrow ? uint64_t(b != 0) : 0;
  return Op(r, s, n, b);
}

// mp_limb_t mpn_add/sub(mp_limb_t *rp, const mp_limb_t *s1p, mp_size_t s1n, const mp_limb_t *s2p, mp_size_t s2n)
template <Limb (*Op)(Limb*, const Limb*, Size, const Limb*, Size)>
uint64_t c_mpn_addsub(ForeignContext& ctx, const ForeignCall& call) {
  Checked c(ctx, call);
  Size sn = c.size(2), tn = c.size(4);
  if (c.ok() && sn < tn) return c.fail("operand sizes " + std::to_string(sn) + " < " + std::to_string(tn));
  const Limb* s = c.vec(1, sn);
  const Limb* t = c.vec(3, tn);
  Limb* r = c.vec(0, sn, true, true);
  if (!c.ok() || sn == 0) return 0;
  return Op(r, s, sn, t, tn);
}

// mp_limb_t mpn_mul(mp_limb_t *rp, const mp_limb_t *s1p, mp_size_t s1n, const mp_limb_t *s2p, mp_size_t s2n)
uint64_t c_mpn_mul(ForeignContext& ctx, const ForeignCall& call) {
  Checked c(ctx, call);
  Size un = c.size(2), vn = c.size(4);
  if (c.ok() && !(un >= vn && vn >= 1))
    return c.fail("operand sizes " + std::to_string(un) + ", " + std::to_string(vn) + " (need s1n >= s2n >= 1)");
  const Limb* u = c.vec(1, un);
  const Limb* v = c.vec(3, vn);
  Limb* r = c.vec(0, un + vn, true);
  if (!c.ok()) return 0;
  return limbs::mul(r, u, un, v, vn);
}

// int mpn_cmp(const mp_limb_t *s1p, const mp_limb_t *s2p, mp_size_t n)
uint64_t c_mpn_cmp(ForeignContext& ctx, const ForeignCall& call) {
  Checked c(ctx, call);
  Size n = c.size(2);
  const Limb* x = c.vec(0, n);
  const Limb* y = c.vec(1, n);
  if (!c.ok()) return 0;
  int r = limbs::cmp(x, y, n);
  return ret_i32(r < 0 ? -1 : r > 0 ? 1 : 0);
}

// Checks a divisor {d, dn}: non-empty and normalised (its top limb non-zero), as mpn_tdiv_qr needs.
bool divisor_ok(Checked& c, const Limb* d, Size dn) {
  if (!c.ok()) return false;
  if (dn < 1 || d[dn - 1] == 0) {
    c.fail("divisor is zero or not normalised");
    return false;
  }
  return true;
}

// void mpn_tdiv_qr(mp_limb_t *qp, mp_limb_t *rp, mp_size_t qxn, const mp_limb_t *np, mp_size_t nn,
//                  const mp_limb_t *dp, mp_size_t dn)
uint64_t c_mpn_tdiv_qr(ForeignContext& ctx, const ForeignCall& call) {
  Checked c(ctx, call);
  if (c.i64(2) != 0) return c.fail("qxn must be 0");
  Size nn = c.size(4), dn = c.size(6);
  if (c.ok() && nn < dn) return c.fail("dividend shorter than divisor");
  const Limb* n = c.vec(3, nn);
  const Limb* d = c.vec(5, dn);
  Limb* q = c.vec(0, nn - dn + 1, true);
  Limb* r = c.vec(1, dn, true);
  if (!divisor_ok(c, d, dn)) return 0;
  limbs::tdiv_qr(q, r, n, nn, d, dn);
  return 0;
}

// integer_gmp_mpn_tdiv_q / _r(mp_limb_t out[], const mp_limb_t n[], mp_size_t nn,
//                             const mp_limb_t d[], mp_size_t dn): one half of mpn_tdiv_qr.
template <bool kQuotient>
uint64_t c_tdiv_half(ForeignContext& ctx, const ForeignCall& call) {
  Checked c(ctx, call);
  Size nn = c.size(2), dn = c.size(4);
  if (c.ok() && nn < dn) return c.fail("dividend shorter than divisor");
  const Limb* n = c.vec(1, nn);
  const Limb* d = c.vec(3, dn);
  Size qn = nn - dn + 1;
  Limb* out = c.vec(0, kQuotient ? qn : dn, true);
  if (!divisor_ok(c, d, dn)) return 0;
  // The other half: on the stack when small, as gmp_wrappers.c does.
  size_t other_n = size_t(kQuotient ? dn : qn);
  Limb small[128];
  std::vector<Limb> large(other_n > 128 ? other_n : 0);
  Limb* other = other_n > 128 ? large.data() : small;
  if (kQuotient)
    limbs::tdiv_qr(out, other, n, nn, d, dn);
  else
    limbs::tdiv_qr(other, out, n, nn, d, dn);
  return 0;
}

// mp_limb_t mpn_divrem_1(mp_limb_t *r1p, mp_size_t qxn, mp_limb_t *s2p, mp_size_t s2n, mp_limb_t s3limb)
uint64_t c_mpn_divrem_1(ForeignContext& ctx, const ForeignCall& call) {
  Checked c(ctx, call);
  Size qxn = c.size(1), nn = c.size(3);
  Limb d = c.word(4);
  if (c.ok() && d == 0) return c.fail("division by zero");
  if (c.ok() && nn + qxn == 0) return 0;
  const Limb* n = c.vec(2, nn);
  Limb* q = c.vec(0, nn + qxn, true);
  if (!c.ok()) return 0;
  return limbs::divrem_1(q, qxn, n, nn, d);
}

// mp_limb_t mpn_mod_1(const mp_limb_t *s1p, mp_size_t s1n, mp_limb_t s2limb)
uint64_t c_mpn_mod_1(ForeignContext& ctx, const ForeignCall& call) {
  Checked c(ctx, call);
  Size nn = c.size(1);
  Limb d = c.word(2);
  if (c.ok() && d == 0) return c.fail("division by zero");
  const Limb* n = c.vec(0, nn);
  if (!c.ok() || nn == 0) return 0;
  return limbs::mod_1(n, nn, d);
}

// mp_bitcnt_t mpn_popcount(const mp_limb_t *s1p, mp_size_t n)
uint64_t c_mpn_popcount(ForeignContext& ctx, const ForeignCall& call) {
  Checked c(ctx, call);
  Size n = c.size(1);
  const Limb* s = c.vec(0, n);
  if (!c.ok() || n == 0) return 0;
  return limbs::popcount(s, n);
}

// ---- gmp_wrappers.c ------------------------------------------------------------------------

// mp_limb_t integer_gmp_mpn_rshift(mp_limb_t rp[], const mp_limb_t sp[], mp_size_t sn, mp_bitcnt_t count)
//   pre: 0 < count < sn*64, rn = sn - count/64
// and integer_gmp_mpn_rshift_2c (rounding towards minus infinity for a negative number's
// magnitude): pre: 0 < count < sn*64, rp has sn - (count-1)/64 limbs.
template <bool kTwosComplement>
uint64_t c_rshift(ForeignContext& ctx, const ForeignCall& call) {
  Checked c(ctx, call);
  Size sn = c.size(2);
  uint64_t count = c.word(3);
  if (c.ok() && !(sn > 0 && count > 0 && count < uint64_t(sn) * 64))
    return c.fail("shift count " + std::to_string(count) + " out of range for " + std::to_string(sn) + " limbs");
  const Limb* s = c.vec(1, sn);
  Size limb_shift = Size(count / 64);
  unsigned bit_shift = unsigned(count % 64);
  Size rn = sn - limb_shift;
  Limb* r = c.vec(0, kTwosComplement && !bit_shift ? rn + 1 : rn, true);
  if (!c.ok()) return 0;
  if (!kTwosComplement) {
    if (bit_shift)
      limbs::rshift(r, s + limb_shift, rn, bit_shift);
    else
      std::memcpy(r, s + limb_shift, size_t(rn) * 8);
    return r[rn - 1];
  }
  bool nz_shift_out = false;
  if (bit_shift) {
    if (limbs::rshift(r, s + limb_shift, rn, bit_shift)) nz_shift_out = true;
  } else {
    r[rn] = 0;  // room for the carry of the rounding below
    std::memcpy(r, s + limb_shift, size_t(rn) * 8);
    ++rn;
  }
  for (Size i = 0; !nz_shift_out && i < limb_shift; ++i) nz_shift_out = s[i] != 0;
  if (nz_shift_out && limbs::add_1(r, r, rn, 1)) return c.fail("carry out of the rounded shift");
  return r[rn - 1];
}

// mp_limb_t integer_gmp_mpn_lshift(mp_limb_t rp[], const mp_limb_t sp[], mp_size_t sn, mp_bitcnt_t count)
//   pre: 0 < count, sn > 0, rn = sn + ceil(count/64)
uint64_t c_lshift(ForeignContext& ctx, const ForeignCall& call) {
  Checked c(ctx, call);
  Size sn = c.size(2);
  uint64_t count = c.word(3);
  if (c.ok() && !(sn > 0 && count > 0 && count <= uint64_t(kMaxLimbs) * 64))
    return c.fail("shift count " + std::to_string(count) + " out of range for " + std::to_string(sn) + " limbs");
  const Limb* s = c.vec(1, sn);
  Size limb_shift = Size(count / 64);
  unsigned bit_shift = unsigned(count % 64);
  Size rn0 = sn + limb_shift;
  Limb* r = c.vec(0, bit_shift ? rn0 + 1 : rn0, true);
  if (!c.ok()) return 0;
  std::memset(r, 0, size_t(limb_shift) * 8);
  if (bit_shift) {
    Limb msl = limbs::lshift(r + limb_shift, s, sn, bit_shift);
    r[rn0] = msl;
    return msl;
  }
  std::memcpy(r + limb_shift, s, size_t(sn) * 8);
  return r[rn0 - 1];
}

// void integer_gmp_mpn_and_n/andn_n/ior_n/xor_n(mp_limb_t *rp, const mp_limb_t *s1p, const mp_limb_t *s2p, mp_size_t n)
// (plain loops: what mpn_and_n & co. compute, on both targets)
template <Limb (*Op)(Limb, Limb)>
uint64_t c_logic(ForeignContext& ctx, const ForeignCall& call) {
  Checked c(ctx, call);
  Size n = c.size(3);
  const Limb* x = c.vec(1, n);
  const Limb* y = c.vec(2, n);
  Limb* r = c.vec(0, n, true, true);
  if (!c.ok()) return 0;
  for (Size i = 0; i < n; ++i) r[i] = Op(x[i], y[i]);
  return 0;
}
Limb op_and(Limb a, Limb b) { return a & b; }
Limb op_andn(Limb a, Limb b) { return a & ~b; }
Limb op_ior(Limb a, Limb b) { return a | b; }
Limb op_xor(Limb a, Limb b) { return a ^ b; }

// HsDouble integer_gmp_mpn_get_d(const mp_limb_t sp[], const mp_size_t sn, const HsInt exponent)
// The number truncated to 53 bits (towards zero) times 2^exponent: what gmp_wrappers.c gets
// from mpz_get_d / ldexp(mpz_get_d_2exp) — computed here from the limbs, so both targets
// agree to the bit. The exponent sum is narrowed to C int as the native call's ldexp does.
uint64_t c_get_d(ForeignContext& ctx, const ForeignCall& call) {
  Checked c(ctx, call);
  Size sn = c.size(1, true);
  int64_t exponent = c.i64(2);
  const Limb* s = c.vec(0, sn);
  if (!c.ok()) return 0;
  Size n = mag(sn);
  while (n > 0 && s[n - 1] == 0) --n;
  if (n == 0) return ret_f64(0.0);
  int top_bits = 64 - __builtin_clzll(s[n - 1]);
  int64_t bits = (n - 1) * 64 + top_bits;
  // The top min(bits, 53) bits.
  uint64_t t;
  if (bits <= 53) {
    t = s[0];
  } else {
    // The 64 bits below and including the top one, then the top 53 of them.
    uint64_t hi = s[n - 1] << (64 - top_bits);
    if (n >= 2 && top_bits < 64) hi |= s[n - 2] >> top_bits;
    t = hi >> 11;
  }
  double d = std::ldexp(double(t), -int(std::min<int64_t>(bits, 53)));  // in [0.5, 1), exact
  int e = int(int32_t(uint32_t(uint64_t(bits) + uint64_t(exponent))));
  double r = std::ldexp(d, e);
  return ret_f64(sn < 0 ? -r : r);
}

// mp_limb_t integer_gmp_gcd_word(mp_limb_t x, mp_limb_t y)
uint64_t c_gcd_word(ForeignContext& ctx, const ForeignCall& call) {
  Checked c(ctx, call);
  return std::gcd(c.word(0), c.word(1));
}

// mp_limb_t integer_gmp_mpn_gcd_1(const mp_limb_t x[], mp_size_t xn, mp_limb_t y)
//   pre: xn > 0, xn == 1 || y != 0
uint64_t c_mpn_gcd_1(ForeignContext& ctx, const ForeignCall& call) {
  Checked c(ctx, call);
  Size xn = c.size(1);
  Limb y = c.word(2);
  if (c.ok() && !(xn > 0 && (xn == 1 || y != 0))) return c.fail("operands violate xn > 0, xn == 1 || y != 0");
  const Limb* x = c.vec(0, xn);
  if (!c.ok()) return 0;
  if (xn == 1) return std::gcd(x[0], y);
  return std::gcd(limbs::mod_1(x, xn, y), y);
}

// mp_size_t integer_gmp_mpn_gcd(mp_limb_t r[], const mp_limb_t x0[], mp_size_t xn,
//                               const mp_limb_t y0[], mp_size_t yn)
//   pre: xn >= yn > 0, xn == yn || yn > 1 || y0[0] != 0; r has xn limbs
uint64_t c_mpn_gcd(ForeignContext& ctx, const ForeignCall& call) {
  Checked c(ctx, call);
  Size xn = c.size(2), yn = c.size(4);
  if (c.ok() && !(xn >= yn && yn > 0)) return c.fail("operand sizes violate xn >= yn > 0");
  const Limb* x = c.vec(1, xn);
  const Limb* y = c.vec(3, yn);
  Limb* r = c.vec(0, xn, true);
  if (!c.ok()) return 0;
  if (yn == 1) {
    if (y[0]) {
      r[0] = xn == 1 ? std::gcd(x[0], y[0]) : std::gcd(limbs::mod_1(x, xn, y[0]), y[0]);
      return 1;
    }
    if (xn != yn) return c.fail("operands violate xn == yn || yn > 1 || y0[0] != 0");
    std::memcpy(r, x, size_t(xn) * 8);
    return uint64_t(xn);
  }
  mpz_t zx, zy;
  limbs::view(zx, x, xn);
  limbs::view(zy, y, yn);
  Z g;
  mpz_gcd(g.z, zx, zy);
  Size rn = limbs::store(r, xn, g.z);
  if (rn <= 0) return c.fail("gcd does not fit its result vector");
  return uint64_t(rn);
}

// void integer_gmp_gcdext(mp_limb_t s0[], int32_t *ssn, mp_limb_t t0[], int32_t *stn,
//                         mp_limb_t g0[], int32_t *gn, const mp_limb_t x0[], mp_size_t xn,
//                         const mp_limb_t y0[], mp_size_t yn)
//   x, y signed sizes; g0 has min(|xn|,|yn|) limbs, s0 |yn|, t0 |xn|
uint64_t c_gcdext(ForeignContext& ctx, const ForeignCall& call) {
  Checked c(ctx, call);
  Size xn = c.size(7, true), yn = c.size(9, true);
  const Limb* x = c.vec(6, xn);
  const Limb* y = c.vec(8, yn);
  Size gcap = std::min(mag(xn), mag(yn));
  Limb* s0 = c.vec(0, yn, true);
  Limb* t0 = c.vec(2, xn, true);
  Limb* g0 = c.vec(4, gcap, true);
  uint32_t ssn = c.cell(1), stn = c.cell(3), gn = c.cell(5);
  if (!c.ok()) return 0;
  mpz_t zx, zy;
  limbs::view(zx, x, limbs_zero(x, xn) ? 0 : xn);
  limbs::view(zy, y, limbs_zero(y, yn) ? 0 : yn);
  Z g, s, t;
  mpz_gcdext(g.z, s.z, t.z, zx, zy);
  Size gs = limbs::store(g0, gcap, g.z);
  Size ss = limbs::store(s0, mag(yn), s.z);
  Size ts = limbs::store(t0, mag(xn), t.z);
  if (gs == INT64_MIN || ss == INT64_MIN || ts == INT64_MIN) return c.fail("results do not fit their vectors");
  c.store_i32(gn, int32_t(gs));
  c.store_i32(ssn, int32_t(ss));
  c.store_i32(stn, int32_t(ts));
  return 0;
}

// mp_size_t integer_gmp_invert(mp_limb_t rp[], const mp_limb_t xp[], mp_size_t xn,
//                              const mp_limb_t mp[], mp_size_t mn): (1/X) mod |M| into {rp, |mn|}, 0 if none
uint64_t c_invert(ForeignContext& ctx, const ForeignCall& call) {
  Checked c(ctx, call);
  Size xn = c.size(2, true), mn = c.size(4, true);
  const Limb* x = c.vec(1, xn);
  const Limb* m = c.vec(3, mn);
  Limb* r = c.vec(0, mn, true);
  if (!c.ok()) return 0;
  if (limbs_zero(x, xn) || limbs_zero(m, mn) || (mag(mn) == 1 && m[0] == 1)) return 0;
  mpz_t zx, zm;
  limbs::view(zx, x, xn);
  limbs::view(zm, m, mn);
  Z inv;
  if (!mpz_invert(inv.z, zx, zm)) return 0;
  Size rn = limbs::store(r, mag(mn), inv.z);
  if (rn < 0) return c.fail("inverse does not fit its result vector");
  return uint64_t(rn);
}

// (B^E) mod M of signed-size vectors, M non-zero and not ±1, E > 0 (the callers handle the rest).
void powm(mpz_t r, const Limb* b, Size bn, const Limb* e, Size en, const Limb* m, Size mn) {
  mpz_t zb, ze, zm;
  limbs::view(zb, b, limbs_zero(b, bn) ? 0 : bn);
  limbs::view(ze, e, en);
  limbs::view(zm, m, mn);
  mpz_powm(r, zb, ze, zm);
}

// mp_size_t integer_gmp_powm(mp_limb_t rp[], const mp_limb_t bp[], mp_size_t bn,
//                            const mp_limb_t ep[], mp_size_t en, const mp_limb_t mp[], mp_size_t mn)
//   rp has |mn| limbs; bn may be negative; e >= 0 (ghc-bignum inverts first)
uint64_t c_powm(ForeignContext& ctx, const ForeignCall& call) {
  Checked c(ctx, call);
  Size bn = c.size(2, true), en = c.size(4), mn = c.size(6, true);
  const Limb* b = c.vec(1, bn);
  const Limb* e = c.vec(3, en);
  const Limb* m = c.vec(5, mn);
  Limb* r = c.vec(0, mn, true);
  if (!c.ok()) return 0;
  if (limbs_zero(m, mn)) return c.fail("modulus is zero");
  if (mag(mn) == 1 && m[0] == 1) return 0;
  if (limbs_zero(e, en)) {
    r[0] = 1;
    return 1;
  }
  Z res;
  powm(res.z, b, bn, e, en, m, mn);
  Size rn = limbs::store(r, mag(mn), res.z);
  if (rn < 0) return c.fail("result does not fit its vector");
  return uint64_t(rn);
}

// mp_limb_t integer_gmp_powm1(const mp_limb_t bp[], mp_size_t bn, const mp_limb_t ep[], mp_size_t en, mp_limb_t m0)
Limb powm1(Checked& c, const Limb* b, Size bn, const Limb* e, Size en, Limb m0) {
  if (m0 == 0) return c.fail("modulus is zero");
  if (m0 == 1) return 0;
  if (limbs_zero(e, en)) return 1;
  Z res;
  powm(res.z, b, bn, e, en, &m0, 1);
  Limb r = 0;
  limbs::store(&r, 1, res.z);
  return r;
}

uint64_t c_powm1(ForeignContext& ctx, const ForeignCall& call) {
  Checked c(ctx, call);
  Size bn = c.size(1, true), en = c.size(3);
  const Limb* b = c.vec(0, bn);
  const Limb* e = c.vec(2, en);
  if (!c.ok()) return 0;
  return powm1(c, b, bn, e, en, c.word(4));
}

// mp_limb_t integer_gmp_powm_word(mp_limb_t b0, mp_limb_t e0, mp_limb_t m0)
uint64_t c_powm_word(ForeignContext& ctx, const ForeignCall& call) {
  Checked c(ctx, call);
  Limb b = c.word(0), e = c.word(1);
  return powm1(c, &b, b ? 1 : 0, &e, e ? 1 : 0, c.word(2));
}

const ForeignSymbol kSymbols[] = {
    {"__gmpn_add_1", c_mpn_op_1<limbs::add_1, Empty::Carry>, 4},
    {"__gmpn_sub_1", c_mpn_op_1<limbs::sub_1, Empty::Borrow>, 4},
    {"__gmpn_mul_1", c_mpn_op_1<limbs::mul_1, Empty::Zero>, 4},
    {"__gmpn_add", c_mpn_addsub<limbs::add>, 5},
    {"__gmpn_sub", c_mpn_addsub<limbs::sub>, 5},
    {"__gmpn_mul", c_mpn_mul, 5},
    {"__gmpn_cmp", c_mpn_cmp, 3},
    {"__gmpn_tdiv_qr", c_mpn_tdiv_qr, 7},
    {"__gmpn_divrem_1", c_mpn_divrem_1, 5},
    {"__gmpn_mod_1", c_mpn_mod_1, 3},
    {"__gmpn_popcount", c_mpn_popcount, 2},
    {"integer_gmp_gcd_word", c_gcd_word, 2},
    {"integer_gmp_gcdext", c_gcdext, 10},
    {"integer_gmp_invert", c_invert, 5},
    {"integer_gmp_mpn_and_n", c_logic<op_and>, 4},
    {"integer_gmp_mpn_andn_n", c_logic<op_andn>, 4},
    {"integer_gmp_mpn_gcd", c_mpn_gcd, 5},
    {"integer_gmp_mpn_gcd_1", c_mpn_gcd_1, 3},
    {"integer_gmp_mpn_get_d", c_get_d, 3},
    {"integer_gmp_mpn_ior_n", c_logic<op_ior>, 4},
    {"integer_gmp_mpn_lshift", c_lshift, 4},
    {"integer_gmp_mpn_rshift", c_rshift<false>, 4},
    {"integer_gmp_mpn_rshift_2c", c_rshift<true>, 4},
    {"integer_gmp_mpn_tdiv_q", c_tdiv_half<true>, 5},
    {"integer_gmp_mpn_tdiv_r", c_tdiv_half<false>, 5},
    {"integer_gmp_mpn_xor_n", c_logic<op_xor>, 4},
    {"integer_gmp_powm", c_powm, 7},
    {"integer_gmp_powm1", c_powm1, 5},
    {"integer_gmp_powm_word", c_powm_word, 3},
};
}  // namespace

std::span<const ForeignSymbol> bignum_symbols() { return kSymbols; }

}  // namespace stgvm
