// wasm32's multi-precision layer (ffi/bignum_limbs.h): GMP's mpn operations on 64-bit limbs
// over mini-gmp, whose limbs are 32-bit there. n 64-bit little-endian limbs are 2n 32-bit
// ones, so additions, subtractions, products and comparisons run mini-gmp's mpn functions on
// the same memory; divisions go through its mpz functions; shifts and population counts are
// loops. Natively this file is empty (libgmp is called directly).
#if defined(__wasm__)
#include <vector>

#include "ffi/bignum_limbs.h"

namespace stgvm::limbs {

namespace {
static_assert(sizeof(mp_limb_t) == 4, "mini-gmp with its default (32-bit) limbs on wasm32");

mp_limb_t* w(Limb* p) { return reinterpret_cast<mp_limb_t*>(p); }
const mp_limb_t* w(const Limb* p) { return reinterpret_cast<const mp_limb_t*>(p); }

// Stores |z| into {p, cap} and clears the limbs above it.
void store_padded(Limb* p, Size cap, const mpz_t z) {
  Size n = store(p, cap, z);
  if (n < 0) n = -n;  // (the callers' results always fit and are non-negative)
  if (n < cap) std::memset(p + n, 0, size_t(cap - n) * sizeof(Limb));
}

Limb top_limb(const mp_limb_t* p, Size n32) { return Limb(p[n32 - 2]) | Limb(p[n32 - 1]) << 32; }
}  // namespace

Limb add_1(Limb* r, const Limb* s, Size n, Limb b) {
  mp_limb_t bb[2] = {mp_limb_t(b), mp_limb_t(b >> 32)};
  return mpn_add(w(r), w(s), 2 * n, bb, 2);
}

Limb sub_1(Limb* r, const Limb* s, Size n, Limb b) {
  mp_limb_t bb[2] = {mp_limb_t(b), mp_limb_t(b >> 32)};
  return mpn_sub(w(r), w(s), 2 * n, bb, 2);
}

Limb mul_1(Limb* r, const Limb* s, Size n, Limb b) {
  mp_limb_t bb[2] = {mp_limb_t(b), mp_limb_t(b >> 32)};
  std::vector<mp_limb_t> t(size_t(2 * n + 2));
  mpn_mul(t.data(), w(s), 2 * n, bb, 2);
  std::memcpy(r, t.data(), size_t(n) * sizeof(Limb));
  return top_limb(t.data(), 2 * n + 2);
}

Limb add(Limb* r, const Limb* s, Size sn, const Limb* t, Size tn) {
  if (sn == 0) return 0;
  return mpn_add(w(r), w(s), 2 * sn, w(t), 2 * tn);
}

Limb sub(Limb* r, const Limb* s, Size sn, const Limb* t, Size tn) {
  if (sn == 0) return 0;
  return mpn_sub(w(r), w(s), 2 * sn, w(t), 2 * tn);
}

Limb mul(Limb* r, const Limb* u, Size un, const Limb* v, Size vn) {
  mpn_mul(w(r), w(u), 2 * un, w(v), 2 * vn);
  return r[un + vn - 1];
}

int cmp(const Limb* x, const Limb* y, Size n) { return n ? mpn_cmp(w(x), w(y), 2 * n) : 0; }

void tdiv_qr(Limb* q, Limb* r, const Limb* n, Size nn, const Limb* d, Size dn) {
  mpz_t zn, zd, zq, zr;
  view(zn, n, nn);
  view(zd, d, dn);
  mpz_init(zq);
  mpz_init(zr);
  mpz_tdiv_qr(zq, zr, zn, zd);
  store_padded(q, nn - dn + 1, zq);
  store_padded(r, dn, zr);
  mpz_clear(zq);
  mpz_clear(zr);
}

Limb divrem_1(Limb* q, Size qxn, const Limb* n, Size nn, Limb d) {
  mpz_t zn, zd, zq, zr;
  view(zd, &d, 1);
  mpz_init(zq);
  mpz_init(zr);
  view(zn, n, nn);
  mpz_t shifted;
  mpz_init(shifted);
  mpz_mul_2exp(shifted, zn, mp_bitcnt_t(64 * qxn));  // qxn fraction limbs, as mpn_divrem_1
  mpz_tdiv_qr(zq, zr, shifted, zd);
  store_padded(q, nn + qxn, zq);
  Limb rem = 0;
  store(&rem, 1, zr);
  mpz_clear(shifted);
  mpz_clear(zq);
  mpz_clear(zr);
  return rem;
}

Limb mod_1(const Limb* n, Size nn, Limb d) {
  mpz_t zn, zd, zr;
  view(zn, n, nn);
  view(zd, &d, 1);
  mpz_init(zr);
  mpz_tdiv_r(zr, zn, zd);
  Limb rem = 0;
  store(&rem, 1, zr);
  mpz_clear(zr);
  return rem;
}

// From the top down, as GMP's (so r may equal s).
Limb lshift(Limb* r, const Limb* s, Size n, unsigned count) {
  Limb out = s[n - 1] >> (64 - count);
  for (Size i = n - 1; i > 0; --i) r[i] = s[i] << count | s[i - 1] >> (64 - count);
  r[0] = s[0] << count;
  return out;
}

// From the bottom up; the bits shifted out are returned in the top bits, as GMP's.
Limb rshift(Limb* r, const Limb* s, Size n, unsigned count) {
  Limb out = s[0] << (64 - count);
  for (Size i = 0; i + 1 < n; ++i) r[i] = s[i] >> count | s[i + 1] << (64 - count);
  r[n - 1] = s[n - 1] >> count;
  return out;
}

uint64_t popcount(const Limb* s, Size n) {
  uint64_t c = 0;
  for (Size i = 0; i < n; ++i) c += uint64_t(__builtin_popcountll(s[i]));
  return c;
}

}  // namespace stgvm::limbs
#endif
