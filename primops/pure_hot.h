// The commonest pure primops (one result, no trap): Int#, Word#, Char# and Double#
// arithmetic and comparisons (two arguments), identities, negations and conversions (one).
// Their semantics are written here once, as expressions over the argument slots `a` and
// `b`; pure_hot.cpp binds them into the primop table like
// every other pure primop, and an executor may expand the list to run them without a call
// through the table (interp/exec.cpp does). Each entry: X(PrimOpId, expression).
#pragma once

#include "primops/pure_common.h"

// Comparisons first (a Switch on their result is worth a form of its own), then arithmetic.
#define STGVM_HOT_PRIMOPS(X) STGVM_HOT_COMPARISONS(X) STGVM_HOT_ARITHMETIC(X)
#define STGVM_HOT_COMPARISONS(X)                                  \
  X(IntEqOp, b2w(a == b))                                         \
  X(IntNeOp, b2w(a != b))                                         \
  X(IntLtOp, b2w(s64(a) < s64(b)))                                \
  X(IntLeOp, b2w(s64(a) <= s64(b)))                               \
  X(IntGtOp, b2w(s64(a) > s64(b)))                                \
  X(IntGeOp, b2w(s64(a) >= s64(b)))                               \
  X(WordEqOp, b2w(a == b))                                        \
  X(WordNeOp, b2w(a != b))                                        \
  X(WordLtOp, b2w(a < b))                                         \
  X(WordLeOp, b2w(a <= b))                                        \
  X(WordGtOp, b2w(a > b))                                         \
  X(WordGeOp, b2w(a >= b))                                        \
  X(CharEqOp, b2w(a == b))                                        \
  X(CharNeOp, b2w(a != b))                                        \
  X(CharLtOp, b2w(a < b))                                         \
  X(CharLeOp, b2w(a <= b))                                        \
  X(CharGtOp, b2w(a > b))                                         \
  X(CharGeOp, b2w(a >= b))                                        \
  X(DoubleEqOp, b2w(f64(a) == f64(b)))                            \
  X(DoubleNeOp, b2w(f64(a) != f64(b)))                            \
  X(DoubleLtOp, b2w(f64(a) < f64(b)))                             \
  X(DoubleLeOp, b2w(f64(a) <= f64(b)))                            \
  X(DoubleGtOp, b2w(f64(a) > f64(b)))                             \
  X(DoubleGeOp, b2w(f64(a) >= f64(b)))
#define STGVM_HOT_ARITHMETIC(X)                                   \
  X(IntAddOp, a + b)                                              \
  X(IntSubOp, a - b)                                              \
  X(IntMulOp, a * b)                                              \
  X(AndIOp, a & b)                                                \
  X(OrIOp, a | b)                                                 \
  X(XorIOp, a ^ b)                                                \
  X(ISllOp, a << (b & 63))                                        \
  X(ISraOp, u64(s64(a) >> (b & 63)))                              \
  X(ISrlOp, a >> (b & 63))                                        \
  X(AndOp, a & b)                                                 \
  X(OrOp, a | b)                                                  \
  X(XorOp, a ^ b)                                                 \
  X(SllOp, a << (b & 63))                                         \
  X(SrlOp, a >> (b & 63))                                         \
  X(WordAddOp, a + b)                                             \
  X(WordSubOp, a - b)                                             \
  X(WordMulOp, a * b)                                             \
  X(DoubleAddOp, d2s(f64(a) + f64(b)))                            \
  X(DoubleSubOp, d2s(f64(a) - f64(b)))                            \
  X(DoubleMulOp, d2s(f64(a) * f64(b)))                            \
  X(DoubleDivOp, d2s(f64(a) / f64(b)))

// One argument: the identities between Int#, Word# and Char# (each then one dispatch, like
// a move), negations and complements, and the commonest conversions. Each entry:
// X(PrimOpId, expression over the argument slot `a`).
#define STGVM_HOT_UNARY(X)                                        \
  X(OrdOp, a)                                                     \
  X(ChrOp, a)                                                     \
  X(Int2WordOp, a)                                                \
  X(Word2IntOp, a)                                                \
  X(IntNegOp, 0 - a)                                              \
  X(NotIOp, ~a)                                                   \
  X(NotOp, ~a)                                                    \
  X(Narrow8IntOp, sx8(a))                                         \
  X(Narrow8WordOp, zx8(a))                                        \
  X(Int2DoubleOp, d2s(static_cast<double>(s64(a))))               \
  X(Double2IntOp, trunc_sat_s64(f64(a)))                          \
  X(DoubleNegOp, a ^ 0x8000000000000000ull)

namespace stgvm::primops {

// How many there are, and the position of each in the list (or -1).
#define STGVM_HOT_COUNT(ID, EXPR) +1
inline constexpr int kHotPrimOpCount = 0 STGVM_HOT_PRIMOPS(STGVM_HOT_COUNT);
inline constexpr int kHotComparisonCount = 0 STGVM_HOT_COMPARISONS(STGVM_HOT_COUNT);  // (hot_index below it)
inline constexpr int kHotUnaryCount = 0 STGVM_HOT_UNARY(STGVM_HOT_COUNT);
#undef STGVM_HOT_COUNT
int hot_index(PrimOpId id);
int hot_unary_index(PrimOpId id);  // the position in STGVM_HOT_UNARY, or -1

}  // namespace stgvm::primops
