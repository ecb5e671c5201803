// The semantic decisions where stgvm defines what native GHC leaves undefined or crashes on
// (primops/README.md): traps, shift counts, NaN canonicalisation, saturating conversions,
// Addr# wrapping, decode of zero. Expected values are written by hand from those rules; the
// ordinary behaviour is checked against native GHC in primop_oracle_test.cpp.
#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <limits>
#include <vector>

#include "primops/primop_table.h"

using namespace stgvm::primops;

namespace {

constexpr uint64_t kMin = 0x8000000000000000ull;
constexpr uint64_t kMax = 0x7FFFFFFFFFFFFFFFull;
constexpr uint64_t kAll = ~0ull;  // -1

uint64_t dbits(double d) { return std::bit_cast<uint64_t>(d); }
uint64_t fbits(float f) { return std::bit_cast<uint32_t>(f); }

struct Result {
  PrimTrap trap;
  std::vector<uint64_t> out;
};

Result run(const char* name, std::vector<uint64_t> in) {
  const PrimOpDesc* d = find_primop(name);
  EXPECT_NE(d, nullptr) << name;
  if (!d) return {PrimTrap::None, {}};
  EXPECT_TRUE(d->is_pure()) << name;
  EXPECT_EQ(in.size(), d->n_args) << name;
  std::vector<uint64_t> out(d->n_results, 0x5A5A5A5A5A5A5A5Aull);
  PrimTrap t = apply_pure(*d, in.data(), out.data());
  return {t, out};
}

uint64_t one(const char* name, std::vector<uint64_t> in) {
  Result r = run(name, std::move(in));
  EXPECT_EQ(r.trap, PrimTrap::None) << name;
  return r.out.empty() ? 0 : r.out[0];
}

PrimTrap trap(const char* name, std::vector<uint64_t> in) { return run(name, std::move(in)).trap; }

}  // namespace

TEST(PrimopSemantics, IntDivisionTraps) {
  EXPECT_EQ(trap("quotInt#", {5, 0}), PrimTrap::DivideByZero);
  EXPECT_EQ(trap("remInt#", {5, 0}), PrimTrap::DivideByZero);
  EXPECT_EQ(trap("quotRemInt#", {5, 0}), PrimTrap::DivideByZero);
  EXPECT_EQ(trap("quotInt#", {kMin, kAll}), PrimTrap::Overflow);
  EXPECT_EQ(trap("quotRemInt#", {kMin, kAll}), PrimTrap::Overflow);
  // wasm i64.rem_s: minBound `rem` (-1) = 0, no trap.
  EXPECT_EQ(one("remInt#", {kMin, kAll}), 0u);
  EXPECT_EQ(one("quotInt#", {kMin, 1}), kMin);
  EXPECT_EQ(one("quotInt#", {static_cast<uint64_t>(-7), 2}), static_cast<uint64_t>(-3));
  EXPECT_EQ(one("remInt#", {static_cast<uint64_t>(-7), 2}), static_cast<uint64_t>(-1));
}

TEST(PrimopSemantics, TrapLeavesOutputsUntouched) {
  Result r = run("quotRemInt#", {1, 0});
  ASSERT_EQ(r.out.size(), 2u);
  EXPECT_EQ(r.out[0], 0x5A5A5A5A5A5A5A5Aull);
  EXPECT_EQ(r.out[1], 0x5A5A5A5A5A5A5A5Aull);
}

TEST(PrimopSemantics, FnIsTotalEvenOnTrappingInputs) {
  // The VM checks `trap` first, but fn must still be free of UB (run under UBSan).
  for (const PrimOpDesc& d : all_primops()) {
    if (!d.trap) continue;
    const uint64_t vals[] = {0, 1, kAll, kMin, kMax, 0xFF, 0x80, 0xFFFF, 0x8000};
    for (uint64_t a : vals)
      for (uint64_t b : vals)
        for (uint64_t c : vals) {
          uint64_t in[3] = {a, b, c}, out[2] = {0, 0};
          d.fn(in, out);
        }
  }
  SUCCEED();
}

TEST(PrimopSemantics, WordDivisionTraps) {
  EXPECT_EQ(trap("quotWord#", {5, 0}), PrimTrap::DivideByZero);
  EXPECT_EQ(trap("remWord#", {5, 0}), PrimTrap::DivideByZero);
  EXPECT_EQ(trap("quotRemWord#", {5, 0}), PrimTrap::DivideByZero);
  EXPECT_EQ(one("quotWord#", {kAll, 2}), kMax);
  // quotRemWord2# hi lo d: needs hi < d.
  EXPECT_EQ(trap("quotRemWord2#", {0, 5, 0}), PrimTrap::DivideByZero);
  EXPECT_EQ(trap("quotRemWord2#", {7, 0, 7}), PrimTrap::Overflow);
  EXPECT_EQ(trap("quotRemWord2#", {8, 0, 7}), PrimTrap::Overflow);
  Result r = run("quotRemWord2#", {1, 0, 2});  // 2^64 / 2
  EXPECT_EQ(r.trap, PrimTrap::None);
  EXPECT_EQ(r.out, (std::vector<uint64_t>{kMin, 0}));
  r = run("quotRemWord2#", {6, 5, 7});  // (6*2^64+5) = 7q + r
  EXPECT_EQ(r.out, (std::vector<uint64_t>{0xDB6DB6DB6DB6DB6Eull, 3}));
}

TEST(PrimopSemantics, SizedDivisionTrapsOnlyOnZero) {
  EXPECT_EQ(trap("quotInt8#", {5, 0}), PrimTrap::DivideByZero);
  EXPECT_EQ(trap("remWord8#", {5, 0}), PrimTrap::DivideByZero);
  EXPECT_EQ(trap("quotRemInt16#", {5, 0}), PrimTrap::DivideByZero);
  EXPECT_EQ(trap("quotWord16#", {5, 0}), PrimTrap::DivideByZero);
  // minBound `quot` (-1) wraps (native x86 raises SIGFPE for Int16#, not for Int8#).
  EXPECT_EQ(one("quotInt8#", {static_cast<uint64_t>(-128), kAll}), static_cast<uint64_t>(-128));
  EXPECT_EQ(one("quotInt16#", {static_cast<uint64_t>(-32768), kAll}), static_cast<uint64_t>(-32768));
  EXPECT_EQ(one("remInt16#", {static_cast<uint64_t>(-32768), kAll}), 0u);
  Result r = run("quotRemInt16#", {static_cast<uint64_t>(-32768), kAll});
  EXPECT_EQ(r.out, (std::vector<uint64_t>{static_cast<uint64_t>(-32768), 0}));
  // Only the low bits of a slot count: 0x100 is Int8# 0.
  EXPECT_EQ(trap("quotInt8#", {5, 0x100}), PrimTrap::DivideByZero);
}

TEST(PrimopSemantics, ShiftCountsAreModulo64) {
  EXPECT_EQ(one("uncheckedIShiftL#", {1, 64}), 1u);
  EXPECT_EQ(one("uncheckedIShiftL#", {1, 65}), 2u);
  EXPECT_EQ(one("uncheckedIShiftL#", {1, kAll}), kMin);  // -1 mod 64 = 63
  EXPECT_EQ(one("uncheckedIShiftRA#", {kMin, 127}), kAll);
  EXPECT_EQ(one("uncheckedIShiftRL#", {kMin, 127}), 1u);
  EXPECT_EQ(one("uncheckedShiftL#", {3, 64 + 4}), 48u);
  EXPECT_EQ(one("uncheckedShiftRL#", {kAll, kMin}), kAll);  // minBound mod 64 = 0
}

TEST(PrimopSemantics, NaNResultsAreCanonical) {
  const uint64_t qnan = 0x7FF8000000000000ull, payload = 0x7FF8000000012345ull;
  const uint64_t snan = 0x7FF0000000000001ull;
  EXPECT_EQ(one("+##", {payload, dbits(1.0)}), 0xFFF8000000000000ull);
  EXPECT_EQ(one("*##", {dbits(1.0), snan}), 0xFFF8000000000000ull);
  EXPECT_EQ(one("/##", {dbits(0.0), dbits(0.0)}), 0xFFF8000000000000ull);
  EXPECT_EQ(one("sqrtDouble#", {dbits(-1.0)}), 0xFFF8000000000000ull);
  EXPECT_EQ(one("logDouble#", {dbits(-1.0)}), 0xFFF8000000000000ull);
  EXPECT_EQ(one("**##", {dbits(-8.0), dbits(1.0 / 3.0)}), 0xFFF8000000000000ull);
  EXPECT_EQ(one("float2Double#", {0x7FC12345u}), 0xFFF8000000000000ull);
  EXPECT_EQ(one("double2Float#", {qnan}), 0xFFC00000u);
  EXPECT_EQ(one("plusFloat#", {0x7FC12345u, fbits(1.0f)}), 0xFFC00000u);
  EXPECT_EQ(one("sqrtFloat#", {fbits(-1.0f)}), 0xFFC00000u);
  // Sign-bit operations keep the payload (like x86 xorpd/andpd and wasm f64.neg/abs).
  EXPECT_EQ(one("negateDouble#", {payload}), 0xFFF8000000012345ull);
  EXPECT_EQ(one("fabsDouble#", {0xFFF8000000012345ull}), payload);
  EXPECT_EQ(one("negateFloat#", {0x7FC12345u}), 0xFFC12345u);
  EXPECT_EQ(one("fabsFloat#", {0xFFC12345u}), 0x7FC12345u);
  EXPECT_EQ(one("negateDouble#", {dbits(0.0)}), dbits(-0.0));
}

TEST(PrimopSemantics, FloatResultsKeepUpperBitsZero) {
  EXPECT_EQ(one("negateFloat#", {fbits(1.0f)}), 0xBF800000u);
  // Inputs: only the low 32 bits matter.
  EXPECT_EQ(one("plusFloat#", {0xFFFFFFFF00000000ull | fbits(1.0f), fbits(2.0f)}), fbits(3.0f));
  EXPECT_EQ(one("int2Float#", {kAll}), fbits(-1.0f));
  EXPECT_EQ(one("double2Float#", {dbits(1e300)}), fbits(std::numeric_limits<float>::infinity()));
}

TEST(PrimopSemantics, FloatToIntSaturates) {
  const uint64_t inf = 0x7FF0000000000000ull, ninf = 0xFFF0000000000000ull;
  EXPECT_EQ(one("double2Int#", {0x7FF8000000000000ull}), 0u);
  EXPECT_EQ(one("double2Int#", {inf}), kMax);
  EXPECT_EQ(one("double2Int#", {ninf}), kMin);
  EXPECT_EQ(one("double2Int#", {dbits(9223372036854775808.0)}), kMax);
  EXPECT_EQ(one("double2Int#", {dbits(-9223372036854775808.0)}), kMin);
  EXPECT_EQ(one("double2Int#", {dbits(-1e300)}), kMin);
  EXPECT_EQ(one("double2Int#", {dbits(-2.9)}), static_cast<uint64_t>(-2));
  EXPECT_EQ(one("double2Int#", {dbits(9223372036854774784.0)}), 9223372036854774784ull);
  EXPECT_EQ(one("float2Int#", {0x7FC00000u}), 0u);
  EXPECT_EQ(one("float2Int#", {fbits(1e30f)}), kMax);
  EXPECT_EQ(one("float2Int#", {fbits(-1e30f)}), kMin);
  EXPECT_EQ(one("float2Int#", {fbits(-9.223372e18f)}), kMin);  // exactly -2^63
  EXPECT_EQ(one("float2Int#", {fbits(2.75f)}), 2u);
}

TEST(PrimopSemantics, AddrArithmeticWrapsToU32) {
  EXPECT_EQ(one("plusAddr#", {0x1000, 0x10}), 0x1010u);
  EXPECT_EQ(one("plusAddr#", {0x10, static_cast<uint64_t>(-0x20)}), 0xFFFFFFF0u);
  EXPECT_EQ(one("plusAddr#", {0xFFFFFFF0u, 0x20}), 0x10u);
  EXPECT_EQ(one("int2Addr#", {kAll}), 0xFFFFFFFFu);
  EXPECT_EQ(one("addr2Int#", {0xFFFFFFFFu}), 0xFFFFFFFFu);
  EXPECT_EQ(one("minusAddr#", {0x10, 0x20}), static_cast<uint64_t>(-0x10));
  EXPECT_EQ(one("remAddr#", {0x1003, 8}), 3u);
  EXPECT_EQ(one("remAddr#", {0x1003, kAll}), 0x1003u);  // unsigned, as GHC's mo_wordURem
  EXPECT_EQ(trap("remAddr#", {0x1003, 0}), PrimTrap::DivideByZero);
  EXPECT_EQ(one("ltAddr#", {0x10, 0xFFFFFFFFu}), 1u);
}

TEST(PrimopSemantics, DecodeZero) {
  Result r = run("decodeDouble_2Int#", {dbits(-0.0)});
  EXPECT_EQ(r.out, (std::vector<uint64_t>{1, 0, 0, 0}));
  r = run("decodeDouble_2Int#", {dbits(-1.5)});  // -0x18_0000_0000_0000 * 2^-52
  EXPECT_EQ(r.out, (std::vector<uint64_t>{kAll, 0x180000, 0, static_cast<uint64_t>(-52)}));
  r = run("decodeDouble_2Int#", {1});  // min subnormal: 2^52 * 2^-1126
  EXPECT_EQ(r.out, (std::vector<uint64_t>{1, 0x100000, 0, static_cast<uint64_t>(-1126)}));
  r = run("decodeDouble_Int64#", {dbits(-0.0)});
  EXPECT_EQ(r.out, (std::vector<uint64_t>{0, 0}));
  r = run("decodeDouble_Int64#", {dbits(-1.5)});
  EXPECT_EQ(r.out, (std::vector<uint64_t>{static_cast<uint64_t>(-0x18000000000000ll),
                                          static_cast<uint64_t>(-52)}));
  r = run("decodeFloat_Int#", {fbits(-0.0f)});
  EXPECT_EQ(r.out, (std::vector<uint64_t>{0, 0}));
  r = run("decodeFloat_Int#", {fbits(0.75f)});  // 0xC00000 * 2^-24
  EXPECT_EQ(r.out, (std::vector<uint64_t>{0xC00000, static_cast<uint64_t>(-24)}));
}

TEST(PrimopSemantics, CarriesAndWideMultiplies) {
  Result r = run("addIntC#", {kMax, 1});
  EXPECT_EQ(r.out, (std::vector<uint64_t>{kMin, 1}));
  r = run("subIntC#", {kMin, 1});
  EXPECT_EQ(r.out, (std::vector<uint64_t>{kMax, 1}));
  r = run("addWordC#", {kAll, 2});
  EXPECT_EQ(r.out, (std::vector<uint64_t>{1, 1}));
  r = run("subWordC#", {1, 2});
  EXPECT_EQ(r.out, (std::vector<uint64_t>{kAll, 1}));
  r = run("plusWord2#", {kAll, kAll});
  EXPECT_EQ(r.out, (std::vector<uint64_t>{1, kAll - 1}));
  r = run("timesWord2#", {kAll, kAll});
  EXPECT_EQ(r.out, (std::vector<uint64_t>{kAll - 1, 1}));
  r = run("timesInt2#", {kMin, kAll});  // 2^63: high 0, low 2^63 → high needed
  EXPECT_EQ(r.out, (std::vector<uint64_t>{1, 0, kMin}));
  r = run("timesInt2#", {static_cast<uint64_t>(-3), 5});
  EXPECT_EQ(r.out, (std::vector<uint64_t>{0, kAll, static_cast<uint64_t>(-15)}));
  EXPECT_EQ(one("mulIntMayOflo#", {1u << 20, 1u << 20}), 0u);
  EXPECT_NE(one("mulIntMayOflo#", {1ull << 32, 1ull << 31}), 0u);
}

TEST(PrimopSemantics, BitOperations) {
  EXPECT_EQ(one("clz8#", {0x1FF}), 0u);  // only the low 8 bits
  EXPECT_EQ(one("clz8#", {0x100}), 8u);
  EXPECT_EQ(one("clz#", {0}), 64u);
  EXPECT_EQ(one("ctz16#", {0x10000}), 16u);
  EXPECT_EQ(one("ctz#", {kMin}), 63u);
  EXPECT_EQ(one("popCnt8#", {0x1FF}), 8u);
  EXPECT_EQ(one("byteSwap16#", {0xFFFF1234u}), 0x3412u);
  EXPECT_EQ(one("byteSwap32#", {0xFFFFFFFF12345678ull}), 0x78563412u);
  EXPECT_EQ(one("byteSwap#", {0x0102030405060708ull}), 0x0807060504030201ull);
  EXPECT_EQ(one("bitReverse8#", {0x101}), 0x80u);
  EXPECT_EQ(one("bitReverse#", {1}), kMin);
  EXPECT_EQ(one("pdep#", {0b101, 0xF0}), 0x50u);
  EXPECT_EQ(one("pext#", {0x50, 0xF0}), 0b101u);
  // pdep8#/pext8# use the whole mask, like ghc-prim's hs_pdep8 (no narrowing).
  EXPECT_EQ(one("pdep8#", {0xFFF, 0xF00}), 0xF00u);
  EXPECT_EQ(one("pext8#", {0xF00, 0xF00}), 0xFu);
}

TEST(PrimopSemantics, SizedValuesAreExtended) {
  EXPECT_EQ(one("narrowInt8#", {0x80}), static_cast<uint64_t>(-128));
  EXPECT_EQ(one("narrowWord8#", {0x1FF}), 0xFFu);
  EXPECT_EQ(one("plusInt8#", {127, 1}), static_cast<uint64_t>(-128));
  EXPECT_EQ(one("plusWord16#", {0xFFFF, 1}), 0u);
  EXPECT_EQ(one("notWord8#", {0}), 0xFFu);
  EXPECT_EQ(one("negateInt16#", {static_cast<uint64_t>(-32768)}), static_cast<uint64_t>(-32768));
  EXPECT_EQ(one("narrow32Int#", {0x80000000u}), 0xFFFFFFFF80000000ull);
  EXPECT_EQ(one("narrow32Word#", {kAll}), 0xFFFFFFFFu);
  EXPECT_EQ(one("ltInt8#", {static_cast<uint64_t>(-1), 1}), 1u);
  EXPECT_EQ(one("ltWord8#", {0xFF, 1}), 0u);
}

TEST(PrimopSemantics, CharIsTheCodePoint) {
  EXPECT_EQ(one("ord#", {0x10FFFF}), 0x10FFFFu);
  EXPECT_EQ(one("chr#", {kAll}), kAll);
  EXPECT_EQ(one("gtChar#", {kAll, 0}), 1u);  // unsigned comparison
}
