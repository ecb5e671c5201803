// Word# (primops.txt.pp section "Word#"): 64-bit unsigned, wrapping arithmetic, and the
// bit-operation primops.
//
// * quotWord#/remWord#/quotRemWord#: divisor 0 → trap DivideByZero.
// * quotRemWord2# hi lo d: d == 0 → trap DivideByZero; hi >= d (quotient does not fit in
//   64 bits; x86 div raises SIGFPE) → trap Overflow.
// * uncheckedShiftL#/RL#: count mod 64.
// * popCnt/clz/ctz/byteSwap/bitReverse on N bits look only at the low N bits of the argument
//   and zero-extend the result (x86-64 NCG / ghc-prim cbits behaviour).
//   (Native bitReverse16# returns unspecified upper bits: ghc-prim's hs_bitrev16 returns an
//   StgWord16 and GHC keeps the whole register. We return them zero; base narrows anyway.)
// * pdepN#/pextN# for every N behave like pdep64#/pext64# on the full 64-bit arguments:
//   native GHC (without -mbmi2) calls ghc-prim's hs_pdep8..hs_pdep64, which all forward to
//   the 64-bit software loop without narrowing.
#include "primops/pure_common.h"

namespace stgvm::primops::detail {

namespace {

using u128 = unsigned __int128;

PrimTrap trap_quot_rem2(const uint64_t* in) {
  if (in[2] == 0) return PrimTrap::DivideByZero;
  if (in[0] >= in[2]) return PrimTrap::Overflow;
  return PrimTrap::None;
}

void quot_rem2(const uint64_t* in, uint64_t* out) {
  if (in[2] == 0 || in[0] >= in[2]) {  // trapping inputs: deterministic dummy result
    out[0] = 0;
    out[1] = 0;
    return;
  }
  u128 n = (static_cast<u128>(in[0]) << 64) | in[1];
  out[0] = static_cast<uint64_t>(n / in[2]);
  out[1] = static_cast<uint64_t>(n % in[2]);
}

uint64_t pdep64(uint64_t src, uint64_t mask) {  // ghc-prim cbits/pdep.c
  uint64_t result = 0;
  while (true) {
    const uint64_t lowest = (0 - mask) & mask;
    if (lowest == 0) break;
    const uint64_t lsb = u64(s64(src << 63) >> 63);
    result |= lsb & lowest;
    mask &= ~lowest;
    src >>= 1;
  }
  return result;
}

uint64_t pext64(uint64_t src, uint64_t mask) {  // ghc-prim cbits/pext.c
  uint64_t result = 0;
  int offset = 0;
  for (int bit = 0; bit != 64; ++bit) {
    if ((mask >> bit) & 1) {
      result |= ((src >> bit) & 1) << offset;
      ++offset;
    }
  }
  return result;
}

uint64_t clz_n(uint64_t x, int n) {  // leading zeros of the low n bits
  uint64_t v = n == 64 ? x : (x & ((uint64_t{1} << n) - 1));
  return static_cast<uint64_t>(std::countl_zero(v) - (64 - n));
}
uint64_t ctz_n(uint64_t x, int n) {  // trailing zeros of the low n bits (n if they are 0)
  uint64_t v = n == 64 ? x : (x & ((uint64_t{1} << n) - 1));
  return v == 0 ? static_cast<uint64_t>(n) : static_cast<uint64_t>(std::countr_zero(v));
}

uint64_t bswap64(uint64_t x) { return __builtin_bswap64(x); }
uint64_t bitrev64(uint64_t x) {  // ghc-prim cbits/bitrev.c
  x = ((x >> 1) & 0x5555555555555555ull) | ((x & 0x5555555555555555ull) << 1);
  x = ((x >> 2) & 0x3333333333333333ull) | ((x & 0x3333333333333333ull) << 2);
  x = ((x >> 4) & 0x0F0F0F0F0F0F0F0Full) | ((x & 0x0F0F0F0F0F0F0F0Full) << 4);
  x = ((x >> 8) & 0x00FF00FF00FF00FFull) | ((x & 0x00FF00FF00FF00FFull) << 8);
  x = ((x >> 16) & 0x0000FFFF0000FFFFull) | ((x & 0x0000FFFF0000FFFFull) << 16);
  return (x >> 32) | (x << 32);
}

// (Arithmetic, bit operations, comparisons, negation, complement, the identities and the
// commonest conversions: primops/pure_hot.h.)
const PureBinding kBindings[] = {
    STGVM_PURE(WordAddCOp, out[0] = in[0] + in[1]; out[1] = b2w(out[0] < in[0])),
    STGVM_PURE(WordSubCOp, out[0] = in[0] - in[1]; out[1] = b2w(in[0] < in[1])),
    STGVM_PURE(WordAdd2Op, {  // (# high (carry), low #)
      uint64_t lo = in[0] + in[1];
      out[0] = b2w(lo < in[0]);
      out[1] = lo;
    }),
    STGVM_PURE(WordMul2Op, {  // (# high, low #)
      u128 p = static_cast<u128>(in[0]) * in[1];
      out[0] = static_cast<uint64_t>(p >> 64);
      out[1] = static_cast<uint64_t>(p);
    }),
    STGVM_PURE_TRAP(WordQuotOp, trap_div0_w, out[0] = in[1] ? in[0] / in[1] : 0),
    STGVM_PURE_TRAP(WordRemOp, trap_div0_w, out[0] = in[1] ? in[0] % in[1] : 0),
    STGVM_PURE_TRAP(WordQuotRemOp, trap_div0_w, out[0] = in[1] ? in[0] / in[1] : 0;
                    out[1] = in[1] ? in[0] % in[1] : 0),
    PureBinding{PrimOpId::WordQuotRem2Op, quot_rem2, trap_quot_rem2},
    STGVM_PURE(PopCnt8Op, out[0] = static_cast<uint64_t>(std::popcount(zx8(in[0])))),
    STGVM_PURE(PopCnt16Op, out[0] = static_cast<uint64_t>(std::popcount(zx16(in[0])))),
    STGVM_PURE(PopCnt32Op, out[0] = static_cast<uint64_t>(std::popcount(zx32(in[0])))),
    STGVM_PURE(PopCnt64Op, out[0] = static_cast<uint64_t>(std::popcount(in[0]))),
    STGVM_PURE(PopCntOp, out[0] = static_cast<uint64_t>(std::popcount(in[0]))),
    STGVM_PURE(Pdep8Op, out[0] = pdep64(in[0], in[1])),
    STGVM_PURE(Pdep16Op, out[0] = pdep64(in[0], in[1])),
    STGVM_PURE(Pdep32Op, out[0] = pdep64(in[0], in[1])),
    STGVM_PURE(Pdep64Op, out[0] = pdep64(in[0], in[1])),
    STGVM_PURE(PdepOp, out[0] = pdep64(in[0], in[1])),
    STGVM_PURE(Pext8Op, out[0] = pext64(in[0], in[1])),
    STGVM_PURE(Pext16Op, out[0] = pext64(in[0], in[1])),
    STGVM_PURE(Pext32Op, out[0] = pext64(in[0], in[1])),
    STGVM_PURE(Pext64Op, out[0] = pext64(in[0], in[1])),
    STGVM_PURE(PextOp, out[0] = pext64(in[0], in[1])),
    STGVM_PURE(Clz8Op, out[0] = clz_n(in[0], 8)),
    STGVM_PURE(Clz16Op, out[0] = clz_n(in[0], 16)),
    STGVM_PURE(Clz32Op, out[0] = clz_n(in[0], 32)),
    STGVM_PURE(Clz64Op, out[0] = clz_n(in[0], 64)),
    STGVM_PURE(ClzOp, out[0] = clz_n(in[0], 64)),
    STGVM_PURE(Ctz8Op, out[0] = ctz_n(in[0], 8)),
    STGVM_PURE(Ctz16Op, out[0] = ctz_n(in[0], 16)),
    STGVM_PURE(Ctz32Op, out[0] = ctz_n(in[0], 32)),
    STGVM_PURE(Ctz64Op, out[0] = ctz_n(in[0], 64)),
    STGVM_PURE(CtzOp, out[0] = ctz_n(in[0], 64)),
    STGVM_PURE(BSwap16Op, out[0] = bswap64(zx16(in[0])) >> 48),
    STGVM_PURE(BSwap32Op, out[0] = bswap64(zx32(in[0])) >> 32),
    STGVM_PURE(BSwap64Op, out[0] = bswap64(in[0])),
    STGVM_PURE(BSwapOp, out[0] = bswap64(in[0])),
    STGVM_PURE(BRev8Op, out[0] = bitrev64(zx8(in[0])) >> 56),
    STGVM_PURE(BRev16Op, out[0] = bitrev64(zx16(in[0])) >> 48),
    STGVM_PURE(BRev32Op, out[0] = bitrev64(zx32(in[0])) >> 32),
    STGVM_PURE(BRev64Op, out[0] = bitrev64(in[0])),
    STGVM_PURE(BRevOp, out[0] = bitrev64(in[0])),
};

}  // namespace

std::span<const PureBinding> word_bindings() { return kBindings; }

}  // namespace stgvm::primops::detail
