// Primop table: every primop of GHC 9.0.2's primops.txt.pp (x86_64), with the value-level
// semantics of the pure ones.
//
// * PrimOpId has one value per primop, in primops.txt.pp order (vector primops expanded
//   exactly as GHC's genprimopcode does), so the numbering equals GHC's primOpTag - 1.
//   The list is generated: primops/gen/gen_primops.py → primops/primop_list.inc.
// * Counts and slot representations are AFTER unarisation, as the VM sees the STG:
//   State# (zero-width) arguments/results are dropped and unboxed tuples are flattened.
// * Pure primops (no memory, heap, stack or threads) carry `fn`; all others have
//   fn == nullptr and are implemented by the VM.
//
// Value representation: every argument/result is one u64 slot.
//   Int#, Word#: 64-bit two's complement.  Int8#/Int16#: sign-extended; Word8#/Word16#:
//   zero-extended (GHC 9.0.2 has no Int32#/Word32#/Int64#/Word64# on 64-bit targets).
//   Char#: the code point (ord#/chr# are identities on the 64-bit value, as in GHC).
//   Double#: IEEE bit pattern.  Float#: bit pattern in the low 32 bits, upper bits zero.
//   Addr#: a u32 linear-memory address, zero-extended.
//
// Semantics follow native GHC 9.0.2 on x86_64 bit for bit except where native behaviour is
// undefined or host-dependent; there the rules of WebAssembly apply so both executors agree
// (see primops/README.md for the full list and the reasons):
//   - shift counts are taken mod 64 (x86 does the same for non-constant counts);
//   - division traps (PrimTrap) instead of SIGFPE; fn itself is total and never UB;
//   - float→int conversions saturate (wasm trunc_sat): NaN → 0, out of range → min/max;
//   - every NaN produced by arithmetic, conversion or libm is canonicalised to the x86
//     default NaN (Double 0xFFF8000000000000, Float 0xFFC00000); negate/fabs are sign-bit
//     operations and keep the payload.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace stgvm::primops {

enum class PrimOpId : uint16_t {
#define STGVM_PRIMOP(ident, name, family, nargs, nres, argreps, resreps, flags) ident,
#include "primops/primop_list.inc"
#undef STGVM_PRIMOP
};

inline constexpr std::size_t kPrimOpCount = 0
#define STGVM_PRIMOP(ident, name, family, nargs, nres, argreps, resreps, flags) +1
#include "primops/primop_list.inc"
#undef STGVM_PRIMOP
    ;

// primops.txt.pp's `section`s, in file order.
enum class PrimFamily : uint8_t {
#define STGVM_PRIMOP_FAMILY(ident, title) ident,
#include "primops/primop_list.inc"
#undef STGVM_PRIMOP_FAMILY
};

// Attribute flags from primops.txt.pp (`with ... = True`).
inline constexpr uint8_t kSideEffects = 1;  // has_side_effects
inline constexpr uint8_t kOutOfLine = 2;    // out_of_line
inline constexpr uint8_t kCanFail = 4;      // can_fail
inline constexpr uint8_t kCommutable = 8;   // commutable
inline constexpr uint8_t kLlvmOnly = 16;    // llvm_only (SIMD)

// Slot representation letters used in PrimOpDesc::arg_reps / result_reps:
//   'I' Int#   'W' Word#   'C' Char#   'A' Addr# or StablePtr# (non-pointer word)
//   'F' Float# 'D' Double# 'b' Int8#   'B' Word8#  'h' Int16#  'H' Word16#
//   'P' pointer to a heap object (lifted value, Array#, MutVar#, function, ...)
//   'V' SIMD vector (llvm_only; not representable in one slot)
//   '?' levity-polymorphic type variable (o/p in primops.txt.pp: raise#, touch#,
//       mkWeak#, keepAlive#): counted as one slot here; the real arity depends on the
//       instantiation, so the lowering must take it from the STG call site.

// A division-style primop can trap. The VM turns a trap into a run-time error naming the
// primop (native GHC would die with SIGFPE or compute garbage).
enum class PrimTrap : uint8_t { None = 0, DivideByZero, Overflow };

using PrimFn = void (*)(const uint64_t* in, uint64_t* out);
using PrimTrapFn = PrimTrap (*)(const uint64_t* in);

struct PrimOpDesc {
  std::string_view name;         // exactly as in primops.txt.pp, e.g. "+#", "decodeDouble_2Int#"
  PrimOpId id;
  PrimFamily family;
  uint8_t n_args;                // value arguments after unarisation
  uint8_t n_results;             // value results after unarisation
  uint8_t flags;                 // kSideEffects | kOutOfLine | ...
  std::string_view arg_reps;     // n_args letters (see above)
  std::string_view result_reps;  // n_results letters
  // Pure semantics: reads in[0..n_args), writes out[0..n_results). Total: defined (and
  // free of C++ UB) for every input, including those for which `trap` reports a trap.
  // nullptr: not a pure value op (memory, heap, threads, ...): the VM implements it.
  PrimFn fn;
  // For primops that can trap (divisions): call before fn; non-None means "raise".
  // nullptr: never traps.
  PrimTrapFn trap;

  bool is_pure() const { return fn != nullptr; }
  bool has_flag(uint8_t f) const { return (flags & f) != 0; }
};

// All primops, indexed by PrimOpId.
std::span<const PrimOpDesc> all_primops();
const PrimOpDesc& primop(PrimOpId id);
// nullptr if `name` is not a GHC 9.0.2 primop.
const PrimOpDesc* find_primop(std::string_view name);

std::string_view family_name(PrimFamily family);  // the section title, e.g. "Int#"
std::string_view trap_message(PrimTrap trap);     // e.g. "divide by zero"

// Checks the trap predicate (if any) and, if none fires, runs fn. On a trap `out` is not
// written. Precondition: d.is_pure().
inline PrimTrap apply_pure(const PrimOpDesc& d, const uint64_t* in, uint64_t* out) {
  if (d.trap) {
    PrimTrap t = d.trap(in);
    if (t != PrimTrap::None) return t;
  }
  d.fn(in, out);
  return PrimTrap::None;
}

}  // namespace stgvm::primops
