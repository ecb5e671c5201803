// Internal helpers shared by the pure primop families (pure_*.cpp). Not part of the API.
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <type_traits>

#include "primops/primop_table.h"

namespace stgvm::primops::detail {

// One implemented primop: its id, semantics and (for divisions) trap predicate.
struct PureBinding {
  PrimOpId id;
  PrimFn fn;
  PrimTrapFn trap;
};

// Each family file defines one of these.
std::span<const PureBinding> sized_bindings();   // Int8#, Word8#, Int16#, Word16#, Narrowings
std::span<const PureBinding> int_bindings();
std::span<const PureBinding> word_bindings();
std::span<const PureBinding> double_bindings();
std::span<const PureBinding> float_bindings();
std::span<const PureBinding> addr_bindings();
std::span<const PureBinding> hot_bindings();     // pure_hot.h: the commonest, across families (all of Char#)

// The x86 default NaN ("QNaN floating-point indefinite"), which is what native GHC produces
// for 0/0, inf-inf, sqrt(-1), ... Every NaN result is canonicalised to it.
inline constexpr uint64_t kCanonicalNaN64 = 0xFFF8000000000000ull;
inline constexpr uint32_t kCanonicalNaN32 = 0xFFC00000u;

// ---- slot conversions
inline int64_t s64(uint64_t x) { return static_cast<int64_t>(x); }
inline uint64_t u64(int64_t x) { return static_cast<uint64_t>(x); }
inline uint64_t b2w(bool b) { return b ? 1u : 0u; }

inline double f64(uint64_t x) { return std::bit_cast<double>(x); }
inline float f32(uint64_t x) { return std::bit_cast<float>(static_cast<uint32_t>(x)); }
// Results: NaNs canonicalised.
inline uint64_t d2s(double d) { return std::isnan(d) ? kCanonicalNaN64 : std::bit_cast<uint64_t>(d); }
inline uint64_t f2s(float f) {
  return std::isnan(f) ? kCanonicalNaN32 : static_cast<uint64_t>(std::bit_cast<uint32_t>(f));
}

// ---- sub-word values (C++20: conversions to narrower signed types are modular)
inline uint64_t sx8(uint64_t x) { return u64(static_cast<int8_t>(x)); }
inline uint64_t sx16(uint64_t x) { return u64(static_cast<int16_t>(x)); }
inline uint64_t sx32(uint64_t x) { return u64(static_cast<int32_t>(x)); }
inline uint64_t zx8(uint64_t x) { return x & 0xFFu; }
inline uint64_t zx16(uint64_t x) { return x & 0xFFFFu; }
inline uint64_t zx32(uint64_t x) { return x & 0xFFFFFFFFu; }

// ---- float → Int# conversion, wasm i64.trunc_sat_f64_s / _f32_s semantics.
// (x86 cvttsd2si would give 0x8000000000000000 for NaN and every out-of-range input.)
template <typename F>
inline uint64_t trunc_sat_s64(F x) {
  if (std::isnan(x)) return 0;
  if (x >= static_cast<F>(9223372036854775808.0)) return u64(std::numeric_limits<int64_t>::max());
  if (x < static_cast<F>(-9223372036854775808.0)) return u64(std::numeric_limits<int64_t>::min());
  return u64(static_cast<int64_t>(x));
}

// ---- common trap predicates
inline PrimTrap trap_div0_w(const uint64_t* in) {
  return in[1] == 0 ? PrimTrap::DivideByZero : PrimTrap::None;
}

}  // namespace stgvm::primops::detail

// Shorthand for binding tables: PURE(IntAddOp, out[0] = in[0] + in[1])
#define STGVM_PURE(ID, ...) \
  ::stgvm::primops::detail::PureBinding { \
    ::stgvm::primops::PrimOpId::ID, \
        [](const uint64_t* in, uint64_t* out) { \
          (void)in; \
          __VA_ARGS__; \
        }, \
        nullptr \
  }
#define STGVM_PURE_TRAP(ID, TRAP, ...) \
  ::stgvm::primops::detail::PureBinding { \
    ::stgvm::primops::PrimOpId::ID, \
        [](const uint64_t* in, uint64_t* out) { \
          (void)in; \
          __VA_ARGS__; \
        }, \
        TRAP \
  }
