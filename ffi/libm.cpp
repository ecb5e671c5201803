// Pure libm functions on scalars, called through libffi (design.md §4): a fixed whitelist of
// C99/POSIX (and glibc's float Bessel) functions whose arguments and result are double, float,
// int, long or long long — nothing that takes a pointer (frexp, modf, lgamma_r, sincos, nan …).
// Each entry's C type is written once, as the type its address is taken with (the compiler
// checks it against <math.h>); the libffi call interface is built from that signature, and
// every call is checked against it: a foreign import whose slot representations do not fit
// the C signature stops the VM with a message instead of passing garbage.
//
// State: the immutable table and one ffi_cif per entry, prepared once (thread-safe static
// initialisation). A call changes nothing else in the VM: the host errno is saved, cleared
// around the call and restored; an errno the function set (EDOM, ERANGE) becomes the
// program's errno, as natively (libm leaves errno alone when there is no error).
#include <ffi.h>
#include <math.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <iterator>
#include <memory>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>

#include "ffi/ffi_internal.h"

namespace stgvm {

namespace {

// The whitelist, sorted by name (checked at compile time below).
#define STGVM_LIBM_FUNCTIONS(X)                 \
  X(acos, double(double))                       \
  X(acosf, float(float))                        \
  X(acosh, double(double))                      \
  X(acoshf, float(float))                       \
  X(asin, double(double))                       \
  X(asinf, float(float))                        \
  X(asinh, double(double))                      \
  X(asinhf, float(float))                       \
  X(atan, double(double))                       \
  X(atan2, double(double, double))              \
  X(atan2f, float(float, float))                \
  X(atanf, float(float))                        \
  X(atanh, double(double))                      \
  X(atanhf, float(float))                       \
  X(cbrt, double(double))                       \
  X(cbrtf, float(float))                        \
  X(ceil, double(double))                       \
  X(ceilf, float(float))                        \
  X(copysign, double(double, double))           \
  X(copysignf, float(float, float))             \
  X(cos, double(double))                        \
  X(cosf, float(float))                         \
  X(cosh, double(double))                       \
  X(coshf, float(float))                        \
  X(erf, double(double))                        \
  X(erfc, double(double))                       \
  X(erfcf, float(float))                        \
  X(erff, float(float))                         \
  X(exp, double(double))                        \
  X(exp2, double(double))                       \
  X(exp2f, float(float))                        \
  X(expf, float(float))                         \
  X(expm1, double(double))                      \
  X(expm1f, float(float))                       \
  X(fabs, double(double))                       \
  X(fabsf, float(float))                        \
  X(fdim, double(double, double))               \
  X(fdimf, float(float, float))                 \
  X(floor, double(double))                      \
  X(floorf, float(float))                       \
  X(fma, double(double, double, double))        \
  X(fmaf, float(float, float, float))           \
  X(fmax, double(double, double))               \
  X(fmaxf, float(float, float))                 \
  X(fmin, double(double, double))               \
  X(fminf, float(float, float))                 \
  X(fmod, double(double, double))               \
  X(fmodf, float(float, float))                 \
  X(hypot, double(double, double))              \
  X(hypotf, float(float, float))                \
  X(ilogb, int(double))                         \
  X(ilogbf, int(float))                         \
  X(j0, double(double))                         \
  X(j0f, float(float))                          \
  X(j1, double(double))                         \
  X(j1f, float(float))                          \
  X(jn, double(int, double))                    \
  X(jnf, float(int, float))                     \
  X(ldexp, double(double, int))                 \
  X(ldexpf, float(float, int))                  \
  X(lgamma, double(double))                     \
  X(lgammaf, float(float))                      \
  X(llrint, long long(double))                  \
  X(llrintf, long long(float))                  \
  X(llround, long long(double))                 \
  X(llroundf, long long(float))                 \
  X(log, double(double))                        \
  X(log10, double(double))                      \
  X(log10f, float(float))                       \
  X(log1p, double(double))                      \
  X(log1pf, float(float))                       \
  X(log2, double(double))                       \
  X(log2f, float(float))                        \
  X(logb, double(double))                       \
  X(logbf, float(float))                        \
  X(logf, float(float))                         \
  X(lrint, long(double))                        \
  X(lrintf, long(float))                        \
  X(lround, long(double))                       \
  X(lroundf, long(float))                       \
  X(nearbyint, double(double))                  \
  X(nearbyintf, float(float))                   \
  X(nextafter, double(double, double))          \
  X(nextafterf, float(float, float))            \
  X(pow, double(double, double))                \
  X(powf, float(float, float))                  \
  X(remainder, double(double, double))          \
  X(remainderf, float(float, float))            \
  X(rint, double(double))                       \
  X(rintf, float(float))                        \
  X(round, double(double))                      \
  X(roundf, float(float))                       \
  X(scalbln, double(double, long))              \
  X(scalblnf, float(float, long))               \
  X(scalbn, double(double, int))                \
  X(scalbnf, float(float, int))                 \
  X(sin, double(double))                        \
  X(sinf, float(float))                         \
  X(sinh, double(double))                       \
  X(sinhf, float(float))                        \
  X(sqrt, double(double))                       \
  X(sqrtf, float(float))                        \
  X(tan, double(double))                        \
  X(tanf, float(float))                         \
  X(tanh, double(double))                       \
  X(tanhf, float(float))                        \
  X(tgamma, double(double))                     \
  X(tgammaf, float(float))                      \
  X(trunc, double(double))                      \
  X(truncf, float(float))                       \
  X(y0, double(double))                         \
  X(y0f, float(float))                          \
  X(y1, double(double))                         \
  X(y1f, float(float))                          \
  X(yn, double(int, double))                    \
  X(ynf, float(int, float))

// C scalar types of the whitelist.
enum class CType : uint8_t { Double, Float, Int, Long, LongLong };
static_assert(sizeof(int) == 4 && sizeof(long) == 8 && sizeof(long long) == 8, "LP64 host");

template <class T>
constexpr CType ctype() {
  if constexpr (std::is_same_v<T, double>) return CType::Double;
  else if constexpr (std::is_same_v<T, float>) return CType::Float;
  else if constexpr (std::is_same_v<T, int>) return CType::Int;
  else if constexpr (std::is_same_v<T, long>) return CType::Long;
  else {
    static_assert(std::is_same_v<T, long long>, "libm whitelist: scalar types only");
    return CType::LongLong;
  }
}

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

ffi_type* ffi_type_of(CType t) {
  switch (t) {
    case CType::Double: return &ffi_type_double;
    case CType::Float: return &ffi_type_float;
    case CType::Int: return &ffi_type_sint;
    case CType::Long: return &ffi_type_slong;
    case CType::LongLong: return &ffi_type_sint64;
  }
  return nullptr;
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
                                          "Word8", "Word16", "Word32", "Word64", "Addr",  "Float", "Double"};
  return kRepNames[size_t(r)];
}

constexpr size_t kMaxArgs = 3;

struct LibmFunction {
  std::string_view name;
  CType result;
  uint8_t nargs;
  CType args[kMaxArgs];
  void (*fn)();  // the host function (called only through libffi, with the cif built from above)
};

template <class Sig>
struct SigOf;
template <class R, class... A>
struct SigOf<R(A...)> {
  static_assert(sizeof...(A) >= 1 && sizeof...(A) <= kMaxArgs);
  static LibmFunction make(std::string_view name, R (*fn)(A...)) {
    return LibmFunction{name, ctype<R>(), uint8_t(sizeof...(A)), {ctype<A>()...}, reinterpret_cast<void (*)()>(fn)};
  }
};

#define STGVM_LIBM_NAME(f, sig) std::string_view(#f),
constexpr std::string_view kNames[] = {STGVM_LIBM_FUNCTIONS(STGVM_LIBM_NAME)};
#undef STGVM_LIBM_NAME
constexpr size_t kCount = std::extent_v<decltype(kNames)>;
static_assert(std::is_sorted(std::begin(kNames), std::end(kNames)) &&
                  std::adjacent_find(std::begin(kNames), std::end(kNames)) == std::end(kNames),
              "libm whitelist must be sorted and unique");

// The table (a function-local static: the function pointers make it dynamically initialised,
// and foreign_symbols() may be reached from any translation unit's initialisation).
const LibmFunction* table() {
#define STGVM_LIBM_ENTRY(f, sig) SigOf<sig>::make(#f, &::f),
  static const LibmFunction t[] = {STGVM_LIBM_FUNCTIONS(STGVM_LIBM_ENTRY)};
#undef STGVM_LIBM_ENTRY
  static_assert(std::extent_v<decltype(t)> == kCount);
  return t;
}

// "(double, int) -> double"
std::string c_signature(const LibmFunction& f) {
  std::string s = "(";
  for (uint32_t i = 0; i < f.nargs; ++i) s += std::string(i ? ", " : "") + ctype_name(f.args[i]);
  return s + ") -> " + ctype_name(f.result);
}

// One prepared call interface per entry; never moves after preparation (ffi_cif keeps a pointer
// to its argument-type array).
struct Cif {
  ffi_cif cif;
  ffi_type* args[kMaxArgs];
};

const Cif& cif_of(size_t i) {
  static const std::unique_ptr<Cif[]> cifs = [] {
    auto c = std::make_unique<Cif[]>(kCount);
    for (size_t k = 0; k < kCount; ++k) {
      const LibmFunction& f = table()[k];
      for (uint32_t a = 0; a < f.nargs; ++a) c[k].args[a] = ffi_type_of(f.args[a]);
      if (ffi_prep_cif(&c[k].cif, FFI_DEFAULT_ABI, f.nargs, ffi_type_of(f.result), c[k].args) != FFI_OK)
        throw std::logic_error("ffi: ffi_prep_cif failed for " + std::string(f.name));
    }
    return c;
  }();
  return cifs[i];
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

  union Value {
    double d;
    float f;
    int i;
    long l;
    long long ll;
  };
  Value vals[kMaxArgs];
  void* ptrs[kMaxArgs];
  for (uint32_t i = 0; i < f.nargs; ++i) {
    switch (f.args[i]) {
      case CType::Double: vals[i].d = a.f64(i); break;
      case CType::Float: vals[i].f = a.f32(i); break;
      case CType::Int: vals[i].i = a.i32(i); break;  // C int: the low 32 bits
      case CType::Long: vals[i].l = long(a.i64(i)); break;
      case CType::LongLong: vals[i].ll = a.i64(i); break;
    }
    ptrs[i] = &vals[i];
  }
  // libffi widens integral results narrower than a register to ffi_arg.
  union Result {
    double d;
    float f;
    ffi_sarg i;
    long long ll;
  } res{};
  int saved_errno = errno;
  errno = 0;
  ffi_call(const_cast<ffi_cif*>(&cif_of(index).cif), f.fn, &res, ptrs);
  if (errno != 0) ctx.errno_value = errno;
  errno = saved_errno;
  switch (f.result) {
    case CType::Double: return ret_f64(res.d);
    case CType::Float: return ret_f32(res.f);
    case CType::Int: return ret_i32(int32_t(res.i));
    case CType::Long: return ret_i64(int64_t(res.i));
    case CType::LongLong: return ret_i64(res.ll);
  }
  return 0;
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

}  // namespace

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
