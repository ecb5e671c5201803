// ghc-bignum's GMP backend shims (ffi/bignum.cpp) on limb vectors in linear memory. Expected
// values come from schoolbook arithmetic on 64-bit limbs written here (unsigned __int128),
// from identities (q*d + r = n, s*x + t*y = g, Fermat's little theorem for the Mersenne prime
// 2^127-1), and from GMP's documented results (mpz_gcdext's canonical cofactors, mpn_get_d's
// truncation). The same tests run for wasm32, where the layer under the shims is mini-gmp.
#include <algorithm>
#include <cmath>

#include "ffi_test_util.h"

namespace stgvm::test {
namespace {

using V = std::vector<uint64_t>;
using u128 = unsigned __int128;

V ref_add(const V& a, const V& b, uint64_t& carry) {  // |a| >= |b|
  V r(a.size());
  u128 c = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    c += u128(a[i]) + (i < b.size() ? b[i] : 0);
    r[i] = uint64_t(c);
    c >>= 64;
  }
  carry = uint64_t(c);
  return r;
}

V ref_sub(const V& a, const V& b, uint64_t& borrow) {  // |a| >= |b|, modulo 2^(64|a|)
  V r(a.size());
  uint64_t br = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    u128 s = u128(i < b.size() ? b[i] : 0) + br;
    r[i] = uint64_t(u128(a[i]) - s);
    br = u128(a[i]) < s;
  }
  borrow = br;
  return r;
}

V ref_mul(const V& a, const V& b) {
  V r(a.size() + b.size(), 0);
  for (size_t i = 0; i < a.size(); ++i) {
    u128 c = 0;
    for (size_t j = 0; j < b.size(); ++j) {
      c += u128(a[i]) * b[j] + r[i + j];
      r[i + j] = uint64_t(c);
      c >>= 64;
    }
    r[i + b.size()] = uint64_t(c);
  }
  return r;
}

int ref_cmp(V a, V b) {
  size_t n = std::max(a.size(), b.size());
  a.resize(n);
  b.resize(n);
  for (size_t i = n; i-- > 0;)
    if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
  return 0;
}

class Bignum : public FfiTest {
 protected:
  // Slot k: 32 KiB (4096 limbs) of 8-byte aligned scratch.
  static uint32_t at(int k) { return kScratch + uint32_t(k) * 0x8000; }
  void put(uint32_t a, const V& v) {
    if (!v.empty()) std::memcpy(mem.span(a, uint32_t(v.size() * 8)), v.data(), v.size() * 8);
  }
  V get(uint32_t a, size_t n) {
    V v(n);
    if (n) std::memcpy(v.data(), mem.span(a, uint32_t(n * 8)), n * 8);
    return v;
  }
  uint64_t next() {  // splitmix64: fixed sequence, same on every target
    uint64_t z = (seed += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  V random(size_t n) {
    V v(n);
    for (auto& x : v) x = next();
    if (n) v.back() |= 1ull << (next() % 64);  // normalised
    return v;
  }
  // A call expected to fail: returns ctx.failure.
  std::string failure(std::string_view name, std::initializer_list<Arg> args) {
    invoke(name, args);
    return ctx.failure;
  }
  static long L(size_t n) { return long(n); }
  uint64_t seed = 42;
};

const size_t kSizes[] = {1, 2, 3, 5, 8, 17, 40};

// The interpreter's calls have no Void slot and the shims read their slots in place
// (ForeignCall::c_slots); the general path's calls carry the State# token, which is skipped.
// Both must reach the shim as the same C arguments.
TEST_F(Bignum, SlotsReadInPlaceAreTheSameArgumentsAsCopiedOnes) {
  V u = random(5), v = random(3);
  put(at(1), u);
  put(at(2), v);
  uint64_t c;
  V sum = ref_add(u, v, c);
  EXPECT_EQ(invoke("__gmpn_add", {A(at(0)), A(at(1)), 5l, A(at(2)), 3l}, CRep::Word, false, true), c);
  EXPECT_EQ(ctx.failure, "");
  EXPECT_EQ(get(at(0), 5), sum);
  put(at(0), V(5, 0));
  EXPECT_EQ(invoke("__gmpn_add", {A(at(0)), A(at(1)), 5l, A(at(2)), 3l, Arg::void_token()}, CRep::Word), c);
  EXPECT_EQ(ctx.failure, "");
  EXPECT_EQ(get(at(0), 5), sum);
  // A read in place past the call's slots is 0, as a copied one is: the count check reports it.
  invoke("__gmpn_add", {A(at(0)), A(at(1)), 5l, A(at(2))}, CRep::Word, false, true);
  EXPECT_NE(ctx.failure, "");
}

TEST_F(Bignum, AddSubMulAgainstSchoolbook) {
  for (size_t un : kSizes)
    for (size_t vn : kSizes) {
      if (vn > un) continue;
      V u = random(un), v = random(vn);
      put(at(1), u);
      put(at(2), v);
      uint64_t c, b;
      V sum = ref_add(u, v, c);
      EXPECT_EQ(call("__gmpn_add", {A(at(0)), A(at(1)), L(un), A(at(2)), L(vn)}), c);
      EXPECT_EQ(get(at(0), un), sum) << un << " " << vn;
      V diff = ref_sub(u, v, b);
      EXPECT_EQ(call("__gmpn_sub", {A(at(0)), A(at(1)), L(un), A(at(2)), L(vn)}), b);
      EXPECT_EQ(get(at(0), un), diff) << un << " " << vn;
      V prod = ref_mul(u, v);
      EXPECT_EQ(call("__gmpn_mul", {A(at(0)), A(at(1)), L(un), A(at(2)), L(vn)}), prod.back());
      EXPECT_EQ(get(at(0), un + vn), prod) << un << " " << vn;
      // The single-limb forms.
      uint64_t w = v[0];
      sum = ref_add(u, {w}, c);
      EXPECT_EQ(call("__gmpn_add_1", {A(at(0)), A(at(1)), L(un), w}), c);
      EXPECT_EQ(get(at(0), un), sum);
      diff = ref_sub(u, {w}, b);
      EXPECT_EQ(call("__gmpn_sub_1", {A(at(0)), A(at(1)), L(un), w}), b);
      EXPECT_EQ(get(at(0), un), diff);
      prod = ref_mul(u, {w});
      EXPECT_EQ(call("__gmpn_mul_1", {A(at(0)), A(at(1)), L(un), w}), prod.back());
      prod.pop_back();
      EXPECT_EQ(get(at(0), un), prod);
      EXPECT_EQ(call32("__gmpn_cmp", {A(at(1)), A(at(1)), L(un)}), 0);
    }
  // Carries out of the top: all ones + 1.
  put(at(1), {~0ull, ~0ull});
  EXPECT_EQ(call("__gmpn_add_1", {A(at(0)), A(at(1)), 2, 1ull}), 1u);
  EXPECT_EQ(get(at(0), 2), (V{0, 0}));
  put(at(1), {0, 0});
  EXPECT_EQ(call("__gmpn_sub_1", {A(at(0)), A(at(1)), 2, 1ull}), 1u);
  EXPECT_EQ(get(at(0), 2), (V{~0ull, ~0ull}));
  put(at(1), {5, 7});
  put(at(2), {5, 9});
  EXPECT_EQ(call32("__gmpn_cmp", {A(at(1)), A(at(2)), 2}), -1);
  EXPECT_EQ(call32("__gmpn_cmp", {A(at(2)), A(at(1)), 2}), 1);
}

TEST_F(Bignum, DivisionIdentity) {
  for (size_t nn : kSizes)
    for (size_t dn : kSizes) {
      if (dn > nn) continue;
      V n = random(nn), d = random(dn);
      put(at(1), n);
      put(at(2), d);
      size_t qn = nn - dn + 1;
      call("__gmpn_tdiv_qr", {A(at(3)), A(at(4)), 0, A(at(1)), L(nn), A(at(2)), L(dn)});
      V q = get(at(3), qn), r = get(at(4), dn);
      uint64_t c;
      V back = ref_add(ref_mul(q, d), r, c);
      EXPECT_EQ(c, 0u);
      EXPECT_EQ(ref_cmp(back, n), 0) << nn << "/" << dn;
      EXPECT_LT(ref_cmp(r, d), 0) << nn << "/" << dn;
      call("integer_gmp_mpn_tdiv_q", {A(at(5)), A(at(1)), L(nn), A(at(2)), L(dn)});
      EXPECT_EQ(get(at(5), qn), q);
      call("integer_gmp_mpn_tdiv_r", {A(at(5)), A(at(1)), L(nn), A(at(2)), L(dn)});
      EXPECT_EQ(get(at(5), dn), r);
      // By one limb.
      uint64_t w = d.back();
      uint64_t rem = call("__gmpn_divrem_1", {A(at(3)), 0, A(at(1)), L(nn), w});
      EXPECT_EQ(call("__gmpn_mod_1", {A(at(1)), L(nn), w}), rem);
      EXPECT_LT(rem, w);
      back = ref_add(ref_mul(get(at(3), nn), {w}), {rem}, c);
      EXPECT_EQ(ref_cmp(back, n), 0) << nn;
    }
}

TEST_F(Bignum, ShiftsAndLogic) {
  V s = random(5);
  put(at(1), s);
  for (unsigned count : {1u, 7u, 63u, 64u, 65u, 130u, 319u}) {
    size_t limbs = count / 64, rn = 5 + limbs + (count % 64 ? 1 : 0);
    uint64_t top = call("integer_gmp_mpn_lshift", {A(at(2)), A(at(1)), 5, uint64_t(count)});
    V l = get(at(2), rn);
    EXPECT_EQ(top, l.back());
    // Shifting back gives the original (and nothing is lost).
    call("integer_gmp_mpn_rshift", {A(at(3)), A(at(2)), L(rn), uint64_t(count)});
    V back = get(at(3), rn - limbs);
    back.resize(5);
    EXPECT_EQ(back, s) << count;
    // The shifted number is s * 2^count.
    V pow(limbs + 1, 0);
    pow[limbs] = 1ull << (count % 64);
    V want = ref_mul(s, pow);
    want.resize(rn);
    EXPECT_EQ(l, want) << count;
  }
  // rshift_2c rounds towards minus infinity: a bit shifted out adds one.
  put(at(1), {0x11, 0x1});
  EXPECT_EQ(call("integer_gmp_mpn_rshift_2c", {A(at(2)), A(at(1)), 2, 4ull}), 0u);
  EXPECT_EQ(get(at(2), 2), (V{0x1000000000000002ull, 0}));
  put(at(1), {0x10, 0x1});
  call("integer_gmp_mpn_rshift_2c", {A(at(2)), A(at(1)), 2, 4ull});
  EXPECT_EQ(get(at(2), 1), (V{0x1000000000000001ull}));
  put(at(1), {0x1, 0x5});
  EXPECT_EQ(call("integer_gmp_mpn_rshift_2c", {A(at(2)), A(at(1)), 2, 64ull}), 0u);
  EXPECT_EQ(get(at(2), 2), (V{6, 0}));

  V x = random(4), y = random(4);
  put(at(1), x);
  put(at(2), y);
  call("integer_gmp_mpn_and_n", {A(at(0)), A(at(1)), A(at(2)), 4});
  for (size_t i = 0; i < 4; ++i) EXPECT_EQ(get(at(0), 4)[i], x[i] & y[i]);
  call("integer_gmp_mpn_andn_n", {A(at(0)), A(at(1)), A(at(2)), 4});
  for (size_t i = 0; i < 4; ++i) EXPECT_EQ(get(at(0), 4)[i], x[i] & ~y[i]);
  call("integer_gmp_mpn_ior_n", {A(at(0)), A(at(1)), A(at(2)), 4});
  for (size_t i = 0; i < 4; ++i) EXPECT_EQ(get(at(0), 4)[i], x[i] | y[i]);
  call("integer_gmp_mpn_xor_n", {A(at(0)), A(at(1)), A(at(2)), 4});
  for (size_t i = 0; i < 4; ++i) EXPECT_EQ(get(at(0), 4)[i], x[i] ^ y[i]);
  put(at(1), {~0ull, 1, 0x8000000000000001ull});
  EXPECT_EQ(call("__gmpn_popcount", {A(at(1)), 3}), 67u);
}

TEST_F(Bignum, GetDTruncates) {
  put(at(1), {(1ull << 54) - 1});  // 2^54-1 needs 54 bits: truncated, not rounded up
  EXPECT_EQ(as_double(call("integer_gmp_mpn_get_d", {A(at(1)), 1, 0})), double((1ull << 54) - 2));
  EXPECT_EQ(as_double(call("integer_gmp_mpn_get_d", {A(at(1)), -1, 0})), -double((1ull << 54) - 2));
  put(at(1), {~0ull, ~0ull});
  EXPECT_EQ(as_double(call("integer_gmp_mpn_get_d", {A(at(1)), 2, 0})), 0x1.fffffffffffffp127);
  put(at(1), {3});
  EXPECT_EQ(as_double(call("integer_gmp_mpn_get_d", {A(at(1)), 1, -1})), 1.5);
  EXPECT_EQ(as_double(call("integer_gmp_mpn_get_d", {A(at(1)), -1, 10})), -3072.0);
  EXPECT_EQ(as_double(call("integer_gmp_mpn_get_d", {A(at(1)), 0, 0})), 0.0);
  put(at(1), V(17, ~0ull));  // 1088 bits: beyond double's range
  EXPECT_EQ(as_double(call("integer_gmp_mpn_get_d", {A(at(1)), 17, 0})), HUGE_VAL);
}

TEST_F(Bignum, GcdFamily) {
  EXPECT_EQ(call("integer_gmp_gcd_word", {12ull, 18ull}), 6u);
  EXPECT_EQ(call("integer_gmp_gcd_word", {0ull, 5ull}), 5u);
  put(at(1), {0, 3});  // 3 * 2^64
  EXPECT_EQ(call("integer_gmp_mpn_gcd_1", {A(at(1)), 2, 96ull}), 96u);
  // gcd(g*a, g*b) = g for coprime a, b (consecutive numbers).
  V g = random(3), a = random(4), b = a;
  b[0] += 1;  // (no carry: random limbs are not all ones here)
  V x = ref_mul(g, a), y = ref_mul(g, b);
  put(at(1), x);
  put(at(2), y);
  EXPECT_EQ(call("integer_gmp_mpn_gcd", {A(at(0)), A(at(1)), L(x.size()), A(at(2)), L(y.size())}), 3u);
  EXPECT_EQ(get(at(0), 3), g);

  // gcdext with GMP's canonical cofactors: 240*(-9) + 46*47 = 2.
  uint32_t cells = at(9);
  put(at(1), {240});
  put(at(2), {46});
  call("integer_gmp_gcdext", {A(at(3)), A(cells), A(at(4)), A(cells + 4), A(at(5)), A(cells + 8), A(at(1)), 1, A(at(2)), 1});
  EXPECT_EQ(int32_t(mem.load32(cells)), -1);
  EXPECT_EQ(get(at(3), 1), V{9});
  EXPECT_EQ(int32_t(mem.load32(cells + 4)), 1);
  EXPECT_EQ(get(at(4), 1), V{47});
  EXPECT_EQ(int32_t(mem.load32(cells + 8)), 1);
  EXPECT_EQ(get(at(5), 1), V{2});
  // A negative x: -240 * 9 + 46 * 47 = 2.
  call("integer_gmp_gcdext", {A(at(3)), A(cells), A(at(4)), A(cells + 4), A(at(5)), A(cells + 8), A(at(1)), -1, A(at(2)), 1});
  EXPECT_EQ(int32_t(mem.load32(cells)), 1);
  EXPECT_EQ(get(at(3), 1), V{9});
  // Random 62-bit values: s*x + t*y = g exactly.
  for (int i = 0; i < 20; ++i) {
    uint64_t xv = next() >> 2, yv = next() >> 2;
    put(at(1), {xv});
    put(at(2), {yv});
    call("integer_gmp_gcdext", {A(at(3)), A(cells), A(at(4)), A(cells + 4), A(at(5)), A(cells + 8), A(at(1)), 1, A(at(2)), 1});
    __int128 s = __int128(get(at(3), 1)[0]) * int32_t(mem.load32(cells));
    __int128 t = __int128(get(at(4), 1)[0]) * int32_t(mem.load32(cells + 4));
    ASSERT_EQ(int32_t(mem.load32(cells + 8)), 1);
    uint64_t gv = get(at(5), 1)[0];
    EXPECT_EQ(gv, call("integer_gmp_gcd_word", {xv, yv}));
    EXPECT_TRUE(s * __int128(xv) + t * __int128(yv) == __int128(gv)) << xv << " " << yv;
  }
}

TEST_F(Bignum, InvertAndPowm) {
  put(at(1), {3});
  put(at(2), {11});
  EXPECT_EQ(call("integer_gmp_invert", {A(at(0)), A(at(1)), 1, A(at(2)), 1}), 1u);
  EXPECT_EQ(get(at(0), 1), V{4});
  put(at(1), {6});
  put(at(2), {9});
  EXPECT_EQ(call("integer_gmp_invert", {A(at(0)), A(at(1)), 1, A(at(2)), 1}), 0u);  // no inverse

  EXPECT_EQ(call("integer_gmp_powm_word", {4ull, 13ull, 497ull}), 445u);
  EXPECT_EQ(call("integer_gmp_powm_word", {4ull, 0ull, 497ull}), 1u);
  EXPECT_EQ(call("integer_gmp_powm_word", {4ull, 13ull, 1ull}), 0u);
  // (-2)^3 mod 7 = 6 (non-negative).
  put(at(1), {2});
  put(at(2), {3});
  EXPECT_EQ(call("integer_gmp_powm1", {A(at(1)), -1, A(at(2)), 1, 7ull}), 6u);

  // Fermat: a^(p-1) = 1 (mod p) for p = 2^127-1; and a^p = a.
  V p = {~0ull, 0x7FFFFFFFFFFFFFFFull}, pm1 = {~0ull - 1, 0x7FFFFFFFFFFFFFFFull};
  V a = random(2);
  a[1] = (a[1] & 0x3FFFFFFFFFFFFFFFull) | 1;  // below p, two limbs
  put(at(1), a);
  put(at(2), pm1);
  put(at(3), p);
  EXPECT_EQ(call("integer_gmp_powm", {A(at(0)), A(at(1)), 2, A(at(2)), 2, A(at(3)), 2}), 1u);
  EXPECT_EQ(get(at(0), 1), V{1});
  put(at(2), p);
  EXPECT_EQ(call("integer_gmp_powm", {A(at(0)), A(at(1)), 2, A(at(2)), 2, A(at(3)), 2}), 2u);
  EXPECT_EQ(get(at(0), 2), a);
  // The inverse modulo p, checked by multiplying back.
  uint64_t rn = call("integer_gmp_invert", {A(at(4)), A(at(1)), 2, A(at(3)), 2});
  ASSERT_TRUE(rn == 1 || rn == 2);
  V prod = ref_mul(a, get(at(4), 2));  // (the limb above rn is not the inverse's: clear it)
  if (rn == 1) prod = ref_mul(a, {get(at(4), 1)[0]});
  prod.resize(4);
  put(at(5), prod);
  call("integer_gmp_mpn_tdiv_r", {A(at(6)), A(at(5)), 4, A(at(3)), 2});
  EXPECT_EQ(get(at(6), 2), (V{1, 0}));
}

TEST_F(Bignum, BrokenPreconditionsAreErrors) {
  put(at(1), {1, 2, 3});
  put(at(2), {1, 0});
  EXPECT_NE(failure("__gmpn_mul", {A(at(0)), A(at(1)), 1, A(at(2)), 2}).find("s1n >= s2n >= 1"), std::string::npos);
  EXPECT_NE(failure("__gmpn_add", {A(at(0)), A(at(1)), 1, A(at(2)), 2}).find("operand sizes"), std::string::npos);
  EXPECT_NE(failure("__gmpn_tdiv_qr", {A(at(3)), A(at(4)), 0, A(at(1)), 3, A(at(2)), 2}).find("not normalised"),
            std::string::npos);
  EXPECT_NE(failure("__gmpn_tdiv_qr", {A(at(3)), A(at(4)), 1, A(at(1)), 3, A(at(2)), 1}).find("qxn"), std::string::npos);
  EXPECT_NE(failure("__gmpn_mod_1", {A(at(1)), 3, 0ull}).find("division by zero"), std::string::npos);
  EXPECT_NE(failure("__gmpn_add_1", {A(at(0) + 4), A(at(1)), 2, 1ull}).find("aligned"), std::string::npos);
  EXPECT_NE(failure("__gmpn_add_1", {A(at(1) + 8), A(at(1)), 2, 1ull}).find("overlaps"), std::string::npos);
  EXPECT_NE(failure("__gmpn_cmp", {A(at(1)), A(at(2)), -1}).find("limb count -1"), std::string::npos);
  // A signed size of INT64_MIN has no magnitude.
  EXPECT_NE(failure("integer_gmp_mpn_get_d", {A(at(1)), INT64_MIN, 0}).find("out of range"), std::string::npos);
  EXPECT_NE(failure("integer_gmp_mpn_rshift", {A(at(0)), A(at(1)), 2, 128ull}).find("shift count"), std::string::npos);
  EXPECT_NE(failure("integer_gmp_powm", {A(at(0)), A(at(1)), 1, A(at(1)), 1, A(at(2) + 8), 1}).find("modulus is zero"),
            std::string::npos);
  // The same vector as result and operand, in place, is what GMP allows for additions.
  put(at(1), {1, 2});
  EXPECT_EQ(failure("__gmpn_add_1", {A(at(1)), A(at(1)), 2, 1ull}), "");
  EXPECT_EQ(get(at(1), 2), (V{2, 2}));
  // A vector past the end of memory faults like any bad pointer.
  EXPECT_FAULT(failure("__gmpn_popcount", {A(kMemBytes - 8), 2}));
}

}  // namespace
}  // namespace stgvm::test
