// The multi-precision layer under ffi/bignum.cpp: GMP's mpn operations on the program's 64-bit
// limb vectors (little-endian u64 in linear memory, as GHC's BigNat# has them) and mpz views of
// such vectors. Natively this is libgmp itself (inline below). On wasm32 it is mini-gmp
// (GMP's portable C subset, Debian's gmp source package; runtime/wasm32.cmake) with its own
// 32-bit limbs: on a little-endian machine n 64-bit limbs are exactly 2n 32-bit limbs, so the
// program's vectors are viewed, not converted (ffi/bignum_limbs_wasm.cpp). Results are the
// same integers either way; only the speed differs.
#pragma once
#include <cstdint>
#include <cstring>

#if defined(__wasm__)
#include "mini-gmp.h"
#else
#include <gmp.h>
static_assert(sizeof(mp_limb_t) == 8 && GMP_NUMB_BITS == 64, "GHC's limbs are 64-bit words");
#endif

namespace stgvm::limbs {

using Limb = uint64_t;
using Size = int64_t;  // a limb count; signed where it carries the number's sign (mpz style)

#if defined(__wasm__)
// Each as GMP's mpn function of the same name, on 64-bit limbs, with GMP's preconditions
// (checked by the caller, ffi/bignum.cpp).
Limb add_1(Limb* r, const Limb* s, Size n, Limb b);
Limb sub_1(Limb* r, const Limb* s, Size n, Limb b);
Limb mul_1(Limb* r, const Limb* s, Size n, Limb b);
Limb add(Limb* r, const Limb* s, Size sn, const Limb* t, Size tn);
Limb sub(Limb* r, const Limb* s, Size sn, const Limb* t, Size tn);
Limb mul(Limb* r, const Limb* u, Size un, const Limb* v, Size vn);
int cmp(const Limb* x, const Limb* y, Size n);
void tdiv_qr(Limb* q, Limb* r, const Limb* n, Size nn, const Limb* d, Size dn);
Limb divrem_1(Limb* q, Size qxn, const Limb* n, Size nn, Limb d);
Limb mod_1(const Limb* n, Size nn, Limb d);
Limb lshift(Limb* r, const Limb* s, Size n, unsigned count);
Limb rshift(Limb* r, const Limb* s, Size n, unsigned count);
uint64_t popcount(const Limb* s, Size n);

// A read-only mpz over the signed-size vector {p, n} (zero-copy; p must outlive z).
inline void view(mpz_t z, const Limb* p, Size n) {
  mpz_roinit_n(z, reinterpret_cast<const mp_limb_t*>(p), mp_size_t(2 * n));
}
#else
inline Limb add_1(Limb* r, const Limb* s, Size n, Limb b) { return mpn_add_1(r, s, n, b); }
inline Limb sub_1(Limb* r, const Limb* s, Size n, Limb b) { return mpn_sub_1(r, s, n, b); }
inline Limb mul_1(Limb* r, const Limb* s, Size n, Limb b) { return mpn_mul_1(r, s, n, b); }
inline Limb add(Limb* r, const Limb* s, Size sn, const Limb* t, Size tn) { return mpn_add(r, s, sn, t, tn); }
inline Limb sub(Limb* r, const Limb* s, Size sn, const Limb* t, Size tn) { return mpn_sub(r, s, sn, t, tn); }
inline Limb mul(Limb* r, const Limb* u, Size un, const Limb* v, Size vn) { return mpn_mul(r, u, un, v, vn); }
inline int cmp(const Limb* x, const Limb* y, Size n) { return mpn_cmp(x, y, n); }
inline void tdiv_qr(Limb* q, Limb* r, const Limb* n, Size nn, const Limb* d, Size dn) {
  mpn_tdiv_qr(q, r, 0, n, nn, d, dn);
}
inline Limb divrem_1(Limb* q, Size qxn, const Limb* n, Size nn, Limb d) { return mpn_divrem_1(q, qxn, n, nn, d); }
inline Limb mod_1(const Limb* n, Size nn, Limb d) { return mpn_mod_1(n, nn, d); }
inline Limb lshift(Limb* r, const Limb* s, Size n, unsigned count) { return mpn_lshift(r, s, n, count); }
inline Limb rshift(Limb* r, const Limb* s, Size n, unsigned count) { return mpn_rshift(r, s, n, count); }
inline uint64_t popcount(const Limb* s, Size n) { return mpn_popcount(s, n); }

inline void view(mpz_t z, const Limb* p, Size n) { mpz_roinit_n(z, p, mp_size_t(n)); }
#endif

// The magnitude of z as 64-bit limbs into {p, cap}: returns its signed size in 64-bit limbs,
// or INT64_MIN if it does not fit (nothing written then).
inline Size store(Limb* p, Size cap, const mpz_t z) {
  size_t n = mpz_size(z);  // in the library's limbs
  const mp_limb_t* d = mpz_limbs_read(z);
#if defined(__wasm__)
  Size n64 = Size((n + 1) / 2);
  if (n64 > cap) return INT64_MIN;
  if (n) {
    std::memcpy(p, d, n * sizeof(mp_limb_t));
    if (n % 2) std::memset(reinterpret_cast<uint8_t*>(p) + n * sizeof(mp_limb_t), 0, sizeof(mp_limb_t));
  }
#else
  Size n64 = Size(n);
  if (n64 > cap) return INT64_MIN;
  if (n) std::memcpy(p, d, n * sizeof(Limb));
#endif
  return mpz_sgn(z) < 0 ? -n64 : n64;
}

}  // namespace stgvm::limbs
