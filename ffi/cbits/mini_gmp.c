/* mini-gmp, GMP's portable subset, for the bignum shims on wasm32 (ffi/bignum_limbs.h); the
   source comes from Debian's gmp package (runtime/wasm32.cmake). Natively libgmp is used and
   this file is empty. */
#if defined(__wasm__)
#include "mini-gmp.c"
#else
typedef int stgvm_mini_gmp_is_wasm32_only;
#endif
