// Pure libm functions on scalars (design.md §4): a fixed whitelist of C99/POSIX (and glibc's
// float Bessel) functions whose arguments and result are double, float, int, long or long
// long — nothing that takes a pointer (frexp, modf, lgamma_r, sincos, nan …). Each entry's C
// type is written once, as the type its address is taken with (the compiler checks it
// against <math.h>), and the entry calls the function directly through a pointer of exactly
// that type; every call is checked against it: a foreign import whose slot representations
// do not fit the C signature stops the VM with a message instead of passing garbage.
//
// `long` is the program's (x86_64: 64 bits). On wasm32, where the C long has 32 bits, the
// long entries are their 64-bit twins: lrint/lround are llrint/llround (identical results
// for every argument), scalbln takes a long long clamped to the host long (the result
// saturates long before 2^31 either way).
//
// errno: natively the host errno is saved, cleared around the call and restored; an errno
// the function set (EDOM, ERANGE) becomes the program's errno, as natively (libm leaves errno
// alone when there is no error). wasm32's libm (musl's) never sets errno, so there the
// program's errno follows glibc's rules instead (libm_glibc_errno below, checked against
// glibc on every native test run).
//
// State: none besides the immutable table.
#include <math.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <climits>
#include <cmath>
#include <iterator>
#include <string>
#include <type_traits>
#include <utility>

#include "ffi/abi.h"
#include "ffi/ffi_internal.h"

namespace stgvm {

namespace {

// The C long of the program's ABI in the signatures below (never defined: a tag).
struct CLong;

// The whitelist, sorted by name (checked at compile time below). XL: functions with a long.
#define STGVM_LIBM_FUNCTIONS(X, XL)      \
  X(acos, double(double))                \
  X(acosf, float(float))                 \
  X(acosh, double(double))               \
  X(acoshf, float(float))                \
  X(asin, double(double))                \
  X(asinf, float(float))                 \
  X(asinh, double(double))               \
  X(asinhf, float(float))                \
  X(atan, double(double))                \
  X(atan2, double(double, double))       \
  X(atan2f, float(float, float))         \
  X(atanf, float(float))                 \
  X(atanh, double(double))               \
  X(atanhf, float(float))                \
  X(cbrt, double(double))                \
  X(cbrtf, float(float))                 \
  X(ceil, double(double))                \
  X(ceilf, float(float))                 \
  X(copysign, double(double, double))    \
  X(copysignf, float(float, float))      \
  X(cos, double(double))                 \
  X(cosf, float(float))                  \
  X(cosh, double(double))                \
  X(coshf, float(float))                 \
  X(erf, double(double))                 \
  X(erfc, double(double))                \
  X(erfcf, float(float))                 \
  X(erff, float(float))                  \
  X(exp, double(double))                 \
  X(exp2, double(double))                \
  X(exp2f, float(float))                 \
  X(expf, float(float))                  \
  X(expm1, double(double))               \
  X(expm1f, float(float))                \
  X(fabs, double(double))                \
  X(fabsf, float(float))                 \
  X(fdim, double(double, double))        \
  X(fdimf, float(float, float))          \
  X(floor, double(double))               \
  X(floorf, float(float))                \
  X(fma, double(double, double, double)) \
  X(fmaf, float(float, float, float))    \
  X(fmax, double(double, double))        \
  X(fmaxf, float(float, float))          \
  X(fmin, double(double, double))        \
  X(fminf, float(float, float))          \
  X(fmod, double(double, double))        \
  X(fmodf, float(float, float))          \
  X(hypot, double(double, double))       \
  X(hypotf, float(float, float))         \
  X(ilogb, int(double))                  \
  X(ilogbf, int(float))                  \
  X(j0, double(double))                  \
  X(j0f, float(float))                   \
  X(j1, double(double))                  \
  X(j1f, float(float))                   \
  X(jn, double(int, double))             \
  X(jnf, float(int, float))              \
  X(ldexp, double(double, int))          \
  X(ldexpf, float(float, int))           \
  X(lgamma, double(double))              \
  X(lgammaf, float(float))               \
  X(llrint, long long(double))           \
  X(llrintf, long long(float))           \
  X(llround, long long(double))          \
  X(llroundf, long long(float))          \
  X(log, double(double))                 \
  X(log10, double(double))               \
  X(log10f, float(float))                \
  X(log1p, double(double))               \
  X(log1pf, float(float))                \
  X(log2, double(double))                \
  X(log2f, float(float))                 \
  X(logb, double(double))                \
  X(logbf, float(float))                 \
  X(logf, float(float))                  \
  XL(lrint, CLong(double))               \
  XL(lrintf, CLong(float))               \
  XL(lround, CLong(double))              \
  XL(lroundf, CLong(float))              \
  X(nearbyint, double(double))           \
  X(nearbyintf, float(float))            \
  X(nextafter, double(double, double))   \
  X(nextafterf, float(float, float))     \
  X(pow, double(double, double))         \
  X(powf, float(float, float))           \
  X(remainder, double(double, double))   \
  X(remainderf, float(float, float))     \
  X(rint, double(double))                \
  X(rintf, float(float))                 \
  X(round, double(double))               \
  X(roundf, float(float))                \
  XL(scalbln, double(double, CLong))     \
  XL(scalblnf, float(float, CLong))      \
  X(scalbn, double(double, int))         \
  X(scalbnf, float(float, int))          \
  X(sin, double(double))                 \
  X(sinf, float(float))                  \
  X(sinh, double(double))                \
  X(sinhf, float(float))                 \
  X(sqrt, double(double))                \
  X(sqrtf, float(float))                 \
  X(tan, double(double))                 \
  X(tanf, float(float))                  \
  X(tanh, double(double))                \
  X(tanhf, float(float))                 \
  X(tgamma, double(double))              \
  X(tgammaf, float(float))               \
  X(trunc, double(double))               \
  X(truncf, float(float))                \
  X(y0, double(double))                  \
  X(y0f, float(float))                   \
  X(y1, double(double))                  \
  X(y1f, float(float))                   \
  X(yn, double(int, double))             \
  X(ynf, float(int, float))

// The 64-bit long functions (see the top of the file).
namespace long_fns {
#if defined(__wasm__)
long long lrint(double x) { return ::llrint(x); }
long long lrintf(float x) { return ::llrintf(x); }
long long lround(double x) { return ::llround(x); }
long long lroundf(float x) { return ::llroundf(x); }
long host_long(long long n) { return n < LONG_MIN ? LONG_MIN : n > LONG_MAX ? LONG_MAX : long(n); }
double scalbln(double x, long long n) { return ::scalbln(x, host_long(n)); }
float scalblnf(float x, long long n) { return ::scalblnf(x, host_long(n)); }
#else
static_assert(sizeof(long) == 8, "LP64 host");
using ::lrint;
using ::lrintf;
using ::lround;
using ::lroundf;
using ::scalbln;
using ::scalblnf;
#endif
}  // namespace long_fns

// C scalar types of the whitelist.
enum class CType : uint8_t { Double, Float, Int, Long, LongLong };
static_assert(sizeof(int) == 4 && sizeof(long long) == 8);

template <class T>
constexpr CType ctype() {
  if constexpr (std::is_same_v<T, double>) return CType::Double;
  else if constexpr (std::is_same_v<T, float>) return CType::Float;
  else if constexpr (std::is_same_v<T, int>) return CType::Int;
  else if constexpr (std::is_same_v<T, CLong>) return CType::Long;
  else {
    static_assert(std::is_same_v<T, long long>, "libm whitelist: scalar types only");
    return CType::LongLong;
  }
}

// The host type of a signature's type.
template <class T>
struct HostType {
  using type = T;
};
template <>
struct HostType<CLong> {
#if defined(__wasm__)
  using type = long long;
#else
  using type = long;
#endif
};
template <class T>
using host_t = typename HostType<T>::type;

const char* ctype_name(CType t) {
  switch (t) {
    case CType::Double: return "double";
    case CType::Float: return "float";
    case CType::Int: return "int";
    case CType::Long: return "long";
    case CType::LongLong: return "long long";
  }
  return "?";
}

// The slot representations GHC 9.0.2 gives a C type: Double#/Float# for double/float; an Int#
// (CInt, CLong, CLLong are newtypes over Int32/Int64, which box an Int# in 9.0) or, for
// programs that use the sized primitive types directly, Int32#/Int64#.
bool rep_fits(CRep r, CType t) {
  switch (t) {
    case CType::Double: return r == CRep::Double;
    case CType::Float: return r == CRep::Float;
    case CType::Int: return r == CRep::Int || r == CRep::Int32;
    case CType::Long:
    case CType::LongLong: return r == CRep::Int || r == CRep::Int64;
  }
  return false;
}

const char* crep_name(CRep r) {
  static const char* const kRepNames[] = {"Void",  "Int",    "Int8",   "Int16",  "Int32", "Int64", "Word",
                                          "Word8", "Word16", "Word32", "Word64", "Addr",  "Float", "Double", "Unlifted"};
  return kRepNames[size_t(r)];
}

constexpr size_t kMaxArgs = 3;

// An argument slot as the C type T (C int: the low 32 bits).
template <class T>
host_t<T> arg_of(const Args& a, uint32_t i) {
  if constexpr (std::is_same_v<T, double>) return a.f64(i);
  else if constexpr (std::is_same_v<T, float>) return a.f32(i);
  else if constexpr (std::is_same_v<T, int>) return a.i32(i);
  else return host_t<T>(a.i64(i));
}
// A result as its slot (sign-extended integers, Float in the low 32 bits).
template <class T>
uint64_t result_slot(host_t<T> v) {
  if constexpr (std::is_same_v<T, double>) return ret_f64(v);
  else if constexpr (std::is_same_v<T, float>) return ret_f32(v);
  else if constexpr (std::is_same_v<T, int>) return ret_i32(v);
  else return ret_i64(int64_t(v));
}

struct LibmFunction {
  std::string_view name;
  CType result;
  uint8_t nargs;
  CType args[kMaxArgs];
  void (*fn)();                                  // the host function, of the type below
  uint64_t (*invoke)(void (*)(), const Args&);   // calls fn with its own type
};

template <class Sig>
struct SigOf;
template <class R, class... A>
struct SigOf<R(A...)> {
  static_assert(sizeof...(A) >= 1 && sizeof...(A) <= kMaxArgs);
  using Fn = host_t<R> (*)(host_t<A>...);
  static LibmFunction make(std::string_view name, Fn fn) {
    return LibmFunction{name, ctype<R>(), uint8_t(sizeof...(A)), {ctype<A>()...}, reinterpret_cast<void (*)()>(fn),
                        &invoke};
  }
  static uint64_t invoke(void (*fn)(), const Args& a) {
    return call(reinterpret_cast<Fn>(fn), a, std::index_sequence_for<A...>());
  }
  template <size_t... I>
  static uint64_t call(Fn f, const Args& a, std::index_sequence<I...>) {
    return result_slot<R>(f(arg_of<A>(a, uint32_t(I))...));
  }
};

#define STGVM_LIBM_NAME(f, sig) std::string_view(#f),
constexpr std::string_view kNames[] = {STGVM_LIBM_FUNCTIONS(STGVM_LIBM_NAME, STGVM_LIBM_NAME)};
#undef STGVM_LIBM_NAME
constexpr size_t kCount = std::extent_v<decltype(kNames)>;
static_assert(std::is_sorted(std::begin(kNames), std::end(kNames)) &&
                  std::adjacent_find(std::begin(kNames), std::end(kNames)) == std::end(kNames),
              "libm whitelist must be sorted and unique");

// The table (a function-local static: the function pointers make it dynamically initialised,
// and foreign_symbols() may be reached from any translation unit's initialisation).
const LibmFunction* table() {
#define STGVM_LIBM_ENTRY(f, sig) SigOf<sig>::make(#f, &::f),
#define STGVM_LIBM_LONG_ENTRY(f, sig) SigOf<sig>::make(#f, &long_fns::f),
  static const LibmFunction t[] = {STGVM_LIBM_FUNCTIONS(STGVM_LIBM_ENTRY, STGVM_LIBM_LONG_ENTRY)};
#undef STGVM_LIBM_ENTRY
#undef STGVM_LIBM_LONG_ENTRY
  static_assert(std::extent_v<decltype(t)> == kCount);
  return t;
}

// "(double, int) -> double"
std::string c_signature(const LibmFunction& f) {
  std::string s = "(";
  for (uint32_t i = 0; i < f.nargs; ++i) s += std::string(i ? ", " : "") + ctype_name(f.args[i]);
  return s + ") -> " + ctype_name(f.result);
}

// "(Float) -> Float" for the slots of a call (Void argument slots skipped).
std::string call_signature(const ForeignCall& call) {
  std::string s = "(";
  bool first = true;
  for (uint32_t i = 0; i < call.nargs; ++i) {
    CRep r = call.arg_reps ? call.arg_reps[i] : CRep::Int;
    if (r == CRep::Void) continue;
    s += std::string(first ? "" : ", ") + crep_name(r);
    first = false;
  }
  return s + ") -> " + crep_name(call.result_rep);
}

#if defined(__wasm__)
// A slot of type t as a double (for the errno rules).
double slot_value(CType t, uint64_t slot) {
  switch (t) {
    case CType::Double: {
      double d;
      std::memcpy(&d, &slot, 8);
      return d;
    }
    case CType::Float: {
      uint32_t b = uint32_t(slot);
      float f;
      std::memcpy(&f, &b, 4);
      return f;
    }
    case CType::Int: return double(int32_t(uint32_t(slot)));
    default: return double(int64_t(slot));
  }
}
#endif

uint64_t call_libm(size_t index, ForeignContext& ctx, const ForeignCall& call) {
  const LibmFunction& f = table()[index];
  // The call must fit the C signature exactly (count, every argument, the result).
  Args a(call);
  bool fits = a.count() == f.nargs && rep_fits(call.result_rep, f.result);
  for (uint32_t i = 0, k = 0; fits && i < call.nargs; ++i) {
    CRep r = call.arg_reps ? call.arg_reps[i] : CRep::Int;
    if (r == CRep::Void) continue;
    fits = rep_fits(r, f.args[k++]);
  }
  if (!fits) {
    ctx.failure = std::string(f.name) + ": called with " + call_signature(call) + ", C signature is " + c_signature(f);
    return 0;
  }
#if !defined(__wasm__)
  int saved_errno = errno;
  errno = 0;
  uint64_t r = f.invoke(f.fn, a);
  if (errno != 0) ctx.errno_value = errno;
  errno = saved_errno;
#else
  uint64_t r = f.invoke(f.fn, a);
  double args[kMaxArgs];
  for (uint32_t i = 0; i < f.nargs; ++i) args[i] = slot_value(f.args[i], a.raw(i));
  if (int e = libm_glibc_errno(f.name, std::span<const double>(args, f.nargs), slot_value(f.result, r)))
    ctx.errno_value = e;
#endif
  return r;
}

// One ShimFn per entry (the shim signature carries no context, so the index is a template
// argument).
template <size_t I>
uint64_t libm_shim(ForeignContext& ctx, const ForeignCall& call) {
  return call_libm(I, ctx, call);
}
template <size_t... I>
constexpr std::array<ShimFn, kCount> make_shims(std::index_sequence<I...>) {
  return {&libm_shim<I>...};
}
constexpr std::array<ShimFn, kCount> kShims = make_shims(std::make_index_sequence<kCount>());

bool one_of(std::string_view n, std::initializer_list<std::string_view> names) {
  return std::find(names.begin(), names.end(), n) != names.end();
}

}  // namespace

// glibc 2.36's errno rules for the whitelist (x86_64), as observed: no errno for a NaN
// argument; EDOM for a NaN result (not jn's) and for ilogb of 0, ∞ or NaN; ERANGE for an infinite result from finite arguments (not logb(0)), for a zero result
// from finite non-zero arguments of the functions that underflow (exp, exp2, pow, erfc,
// tgamma, atan2, ldexp, scalbn, scalbln, the Bessel functions), for expf/exp2f/powf rounding
// up to the smallest subnormal, and for nextafter leaving the normal range (not from zero);
// never for the exact functions (fabs, copysign, rounding, fmin, fmax, fma, the l*rint and
// l*round family).
int libm_glibc_errno(std::string_view name, std::span<const double> args, double r) {
  std::string_view n = name;
  bool is_float = n.size() > 1 && n.back() == 'f' && n != "erf";
  if (is_float) n.remove_suffix(1);
  if (n == "ilogb") return args[0] == 0 || !std::isfinite(args[0]) ? abi::kEDOM : 0;
  if (one_of(n, {"fabs", "copysign", "round", "floor", "ceil", "trunc", "rint", "nearbyint", "fmin", "fmax", "fma",
                 "lrint", "lround", "llrint", "llround"}))
    return 0;
  // The floating-point arguments (jn/yn take an int first, ldexp/scalbn/scalbln one last).
  size_t first = one_of(n, {"jn", "yn"}) ? 1 : 0;
  size_t last = one_of(n, {"ldexp", "scalbn", "scalbln"}) ? 1 : args.size();
  bool all_finite = true, zero_arg = false;
  for (size_t i = first; i < last; ++i) {
    if (std::isnan(args[i])) return 0;
    if (!std::isfinite(args[i])) all_finite = false;
    if (args[i] == 0) zero_arg = true;
  }
  if (std::isnan(r)) return n == "jn" ? 0 : abi::kEDOM;  // jn's NaN: only for n = INT_MIN
  if (std::isinf(r)) return all_finite && n != "logb" ? abi::kERANGE : 0;
  if (n == "nextafter")
    return args[0] != args[1] && args[0] != 0 && std::fabs(r) < (is_float ? 0x1p-126 : 0x1p-1022) ? abi::kERANGE : 0;
  if (!all_finite || zero_arg) return 0;
  if (r == 0 && one_of(n, {"erfc", "exp", "exp2", "tgamma", "atan2", "pow", "ldexp", "scalbn", "scalbln", "jn", "yn",
                           "j0", "j1", "y0", "y1"}))
    return abi::kERANGE;
  if (is_float && std::fabs(r) == 0x1p-149 && one_of(n, {"exp", "exp2", "pow"})) {
    double exact = n == "exp" ? std::exp(args[0]) : n == "exp2" ? std::exp2(args[0]) : std::pow(args[0], args[1]);
    if (std::fabs(exact) < 0x1p-149) return abi::kERANGE;
  }
  return 0;
}

std::span<const ForeignSymbol> libm_symbols() {
  // The signature strings live as long as the table (ForeignSymbol holds views).
  static const std::vector<std::string> signatures = [] {
    std::vector<std::string> s;
    for (size_t i = 0; i < kCount; ++i) s.push_back(c_signature(table()[i]));
    return s;
  }();
  static const std::vector<ForeignSymbol> symbols = [] {
    std::vector<ForeignSymbol> t;
    for (size_t i = 0; i < kCount; ++i)
      t.push_back(ForeignSymbol{kNames[i], kShims[i], int8_t(table()[i].nargs), signatures[i]});
    return t;
  }();
  return symbols;
}

}  // namespace stgvm
