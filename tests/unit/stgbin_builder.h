// Hand assembly of `module.stgbin` bytes, written from ../shared/docs/extstg-format.md §2
// (Data.Binary encoding of SModule, format V8) and nothing else: every function below
// produces the bytes the spec prescribes for one Haskell value. Values compose by string
// concatenation, so a test reads like the Haskell term it encodes:
//
//   TopLifted(NonRec(Binder("x", U('r', 1)), Closure({}, Updatable, {}, ELit(LitNumber(LitNumInt, Integer(42))))))
//
// Nothing here calls into the loader.
#pragma once
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace stgb {

using Bytes = std::string;

// ---------------------------------------------------------------------------------------------
// §2.2 primitives

inline Bytes u8(uint8_t b) { return Bytes(1, char(b)); }

// Int: 8 bytes, two's complement, big-endian.
inline Bytes Int(int64_t v) {
  Bytes s;
  for (int i = 7; i >= 0; --i) s += char(uint8_t(uint64_t(v) >> (8 * i)));
  return s;
}
inline Bytes Int32(int32_t v) {
  Bytes s;
  for (int i = 3; i >= 0; --i) s += char(uint8_t(uint32_t(v) >> (8 * i)));
  return s;
}
inline Bytes Bool(bool b) { return u8(b ? 1 : 0); }

// Char: the code point in UTF-8 form (1–4 bytes), no validation (surrogates are written as
// ordinary 3-byte sequences).
inline Bytes Char(uint32_t c) {
  Bytes s;
  if (c < 0x80) {
    s += char(c);
  } else if (c < 0x800) {
    s += char(0xC0 | (c >> 6));
    s += char(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    s += char(0xE0 | (c >> 12));
    s += char(0x80 | ((c >> 6) & 0x3F));
    s += char(0x80 | (c & 0x3F));
  } else {
    s += char(0xF0 | (c >> 18));
    s += char(0x80 | ((c >> 12) & 0x3F));
    s += char(0x80 | ((c >> 6) & 0x3F));
    s += char(0x80 | (c & 0x3F));
  }
  return s;
}

// Strict ByteString: Int length, then the bytes.
inline Bytes BS(std::string_view b) { return Int(int64_t(b.size())) + Bytes(b); }

// Lists: Int count, then the elements.
inline Bytes List(const std::vector<Bytes>& xs) {
  Bytes s = Int(int64_t(xs.size()));
  for (auto& x : xs) s += x;
  return s;
}
inline Bytes BSList(const std::vector<std::string>& xs) {
  std::vector<Bytes> e;
  for (auto& x : xs) e.push_back(BS(x));
  return List(e);
}

inline Bytes Nothing() { return u8(0); }
inline Bytes Just(const Bytes& a) { return u8(1) + a; }
inline Bytes Maybe(const std::optional<Bytes>& a) { return a ? Just(*a) : Nothing(); }

// Integer. Small form (00 + Int32) for −2^31 ≤ n ≤ 2^31−1; big form otherwise:
// 01, sign byte (01 positive / FF negative), [Word8] magnitude least-significant byte first.
inline Bytes IntegerBig(bool negative, const std::vector<uint8_t>& mag_le) {
  Bytes s = u8(1) + u8(negative ? 0xFF : 0x01) + Int(int64_t(mag_le.size()));
  for (uint8_t b : mag_le) s += char(b);
  return s;
}
inline std::vector<uint8_t> mag_le_of(uint64_t m) {
  std::vector<uint8_t> v;
  while (m) {
    v.push_back(uint8_t(m & 0xFF));
    m >>= 8;
  }
  return v;
}
inline Bytes Integer(int64_t n) {
  if (n >= INT32_MIN && n <= INT32_MAX) return u8(0) + Int32(int32_t(n));
  uint64_t m = n < 0 ? uint64_t(0) - uint64_t(n) : uint64_t(n);
  return IntegerBig(n < 0, mag_le_of(m));
}
inline Bytes IntegerU64(uint64_t n) {
  if (n <= uint64_t(INT32_MAX)) return Integer(int64_t(n));
  return IntegerBig(false, mag_le_of(n));
}

// Arbitrary-precision magnitudes for big Integer literals (independent of the loader's BigNat).
struct Mag {
  std::vector<uint8_t> le;  // least significant byte first, no leading (high) zero bytes
  static Mag from_decimal(std::string_view d) {
    Mag m;
    for (char c : d) {
      if (c < '0' || c > '9') throw std::invalid_argument("Mag::from_decimal");
      unsigned carry = unsigned(c - '0');
      for (auto& b : m.le) {
        unsigned v = unsigned(b) * 10 + carry;
        b = uint8_t(v & 0xFF);
        carry = v >> 8;
      }
      while (carry) {
        m.le.push_back(uint8_t(carry & 0xFF));
        carry >>= 8;
      }
    }
    return m;
  }
  // Sum of 2^k for every k in `bits`.
  static Mag bits(const std::vector<unsigned>& bits) {
    Mag m;
    for (unsigned k : bits) {
      if (m.le.size() <= k / 8) m.le.resize(k / 8 + 1, 0);
      m.le[k / 8] |= uint8_t(1u << (k % 8));
    }
    return m;
  }
  // Bits lo..hi (inclusive) all set.
  static Mag bit_range(unsigned lo, unsigned hi) {
    std::vector<unsigned> b;
    for (unsigned k = lo; k <= hi; ++k) b.push_back(k);
    return bits(b);
  }
  Mag operator|(const Mag& o) const {
    Mag r = *this;
    if (r.le.size() < o.le.size()) r.le.resize(o.le.size(), 0);
    for (size_t i = 0; i < o.le.size(); ++i) r.le[i] |= o.le[i];
    return r;
  }
};
inline Bytes IntegerMag(bool negative, const Mag& m) { return IntegerBig(negative, m.le); }

inline Bytes Rational(const Bytes& num, const Bytes& den) { return num + den; }

// Hex text → bytes; spaces, '_', '|' and newlines are ignored (for pasting §2.5 examples).
inline Bytes hex(std::string_view h) {
  Bytes s;
  int hi = -1;
  for (char c : h) {
    int v;
    if (c >= '0' && c <= '9') v = c - '0';
    else if (c >= 'a' && c <= 'f') v = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F') v = c - 'A' + 10;
    else if (c == ' ' || c == '_' || c == '|' || c == '\n') continue;
    else throw std::invalid_argument("hex");
    if (hi < 0) hi = v;
    else {
      s += char(hi * 16 + v);
      hi = -1;
    }
  }
  if (hi >= 0) throw std::invalid_argument("hex: odd digit count");
  return s;
}

// ---------------------------------------------------------------------------------------------
// §2.4 identifiers

inline Bytes U(uint32_t tag_char, int64_t n) { return Char(tag_char) + Int(n); }  // Unique

// PrimRep [0..16], PrimElemRep [0..9]
enum Rep : uint8_t {
  VoidRep, LiftedRep, UnliftedRep, Int8Rep, Int16Rep, Int32Rep, Int64Rep, IntRep, Word8Rep, Word16Rep,
  Word32Rep, Word64Rep, WordRep, AddrRep, FloatRep, DoubleRep
};
enum ElemRep : uint8_t {
  Int8ElemRep, Int16ElemRep, Int32ElemRep, Int64ElemRep, Word8ElemRep, Word16ElemRep, Word32ElemRep,
  Word64ElemRep, FloatElemRep, DoubleElemRep
};
inline Bytes R(Rep r) { return u8(r); }
inline Bytes VecRep(int64_t n, ElemRep e) { return u8(16) + Int(n) + u8(e); }
inline Bytes Reps(const std::vector<Bytes>& rs) { return List(rs); }

// Type
inline Bytes SingleValue(const Bytes& rep) { return u8(0) + rep; }
inline Bytes SingleValue(Rep r) { return SingleValue(R(r)); }
inline Bytes UnboxedTuple(const std::vector<Bytes>& reps) { return u8(1) + List(reps); }
inline Bytes PolymorphicRep() { return u8(2); }

// Scope
enum ScopeT : uint8_t { ModulePublic, ModulePrivate, ClosurePrivate };

// CbvMark
inline Bytes MarkedCbv() { return u8(0); }
inline Bytes NotMarkedCbv() { return u8(1); }

// IdDetails
inline Bytes VanillaId() { return u8(0); }
inline Bytes RecSelId() { return u8(1); }
inline Bytes DataConWorkId(const Bytes& dc) { return u8(2) + dc; }
inline Bytes DataConWrapId(const Bytes& dc) { return u8(3) + dc; }
inline Bytes ClassOpId() { return u8(4); }
inline Bytes PrimOpId() { return u8(5); }
inline Bytes FCallId() { return u8(6); }
inline Bytes TickBoxOpId() { return u8(7); }
inline Bytes DFunId() { return u8(8); }
inline Bytes CoVarId() { return u8(9); }
inline Bytes JoinId(int64_t arity, const std::optional<std::vector<Bytes>>& marks) {
  return u8(10) + Int(arity) + (marks ? Just(List(*marks)) : Nothing());
}
inline Bytes WorkerLikeId(const std::vector<Bytes>& marks) { return u8(11) + List(marks); }
inline Bytes RepPolyId() { return u8(12); }

// Source locations
inline Bytes RealSrcSpan(std::string_view file, int64_t l1, int64_t c1, int64_t l2, int64_t c2) {
  return BS(file) + Int(l1) + Int(c1) + Int(l2) + Int(c2);
}
inline Bytes RealSpan(const Bytes& real_src_span, std::optional<std::pair<int64_t, int64_t>> buf = std::nullopt) {
  return u8(0) + real_src_span + (buf ? Just(Int(buf->first) + Int(buf->second)) : Nothing());
}
inline Bytes UnhelpfulNoLocationInfo() { return u8(1) + u8(0); }
inline Bytes UnhelpfulWiredIn() { return u8(1) + u8(1); }
inline Bytes UnhelpfulInteractive() { return u8(1) + u8(2); }
inline Bytes UnhelpfulGenerated() { return u8(1) + u8(3); }
inline Bytes UnhelpfulOther(std::string_view s) { return u8(1) + u8(4) + BS(s); }
inline Bytes NoLoc() { return UnhelpfulNoLocationInfo(); }

// SBinder: name, id, type, typeSig, scope, details, info, defLoc.
inline Bytes SBinder(std::string_view name, const Bytes& id, const Bytes& type, std::string_view sig, ScopeT scope,
                     const Bytes& details, std::string_view info, const Bytes& loc) {
  return BS(name) + id + type + BS(sig) + u8(scope) + details + BS(info) + loc;
}
// The common case: a lifted ClosurePrivate VanillaId without text or location.
inline Bytes Binder(std::string_view name, const Bytes& id, ScopeT scope = ClosurePrivate,
                    const Bytes& type = SingleValue(LiftedRep), const Bytes& details = VanillaId()) {
  return SBinder(name, id, type, "", scope, details, "", NoLoc());
}

// ---------------------------------------------------------------------------------------------
// Literals

enum NumType : uint8_t {
  LitNumInt, LitNumInt8, LitNumInt16, LitNumInt32, LitNumInt64, LitNumWord, LitNumWord8, LitNumWord16,
  LitNumWord32, LitNumWord64
};
inline Bytes LitChar(uint32_t c) { return u8(0) + Char(c); }
inline Bytes LitString(std::string_view s) { return u8(1) + BS(s); }
inline Bytes LitNullAddr() { return u8(2); }
inline Bytes LitFloat(const Bytes& rational) { return u8(3) + rational; }
inline Bytes LitDouble(const Bytes& rational) { return u8(4) + rational; }
inline Bytes FunctionLabel(std::optional<int64_t> size) { return u8(0) + (size ? Just(Int(*size)) : Nothing()); }
inline Bytes DataLabel() { return u8(1); }
inline Bytes LitLabel(std::string_view name, const Bytes& spec) { return u8(5) + BS(name) + spec; }
inline Bytes LitNumber(NumType t, const Bytes& integer) { return u8(6) + u8(t) + integer; }
inline Bytes LitRubbish(const Bytes& type) { return u8(7) + type; }

// ---------------------------------------------------------------------------------------------
// Operations and foreign calls

inline Bytes SourceText(std::string_view s) { return u8(0) + BS(s); }
inline Bytes NoSourceText() { return u8(1); }
inline Bytes StaticTarget(const Bytes& src, std::string_view sym, std::optional<std::string> unit, bool is_fun) {
  return u8(0) + src + BS(sym) + (unit ? Just(BS(*unit)) : Nothing()) + Bool(is_fun);
}
inline Bytes DynamicTarget() { return u8(1); }
enum CConv : uint8_t { CCallConv, CApiConv, StdCallConv, PrimCallConv, JavaScriptCallConv };
enum SafetyT : uint8_t { PlaySafe, PlayInterruptible, PlayRisky };
inline Bytes ForeignCall(const Bytes& target, CConv c, SafetyT s) { return target + u8(c) + u8(s); }
inline Bytes StgPrimOp(std::string_view name) { return u8(0) + BS(name); }
inline Bytes StgPrimCallOp(std::string_view label, std::string_view unit) { return u8(1) + BS(label) + BS(unit); }
inline Bytes StgFCallOp(const Bytes& foreign_call) { return u8(2) + foreign_call; }

// ---------------------------------------------------------------------------------------------
// Expressions

inline Bytes VarArg(const Bytes& id) { return u8(0) + id; }
inline Bytes LitArg(const Bytes& lit) { return u8(1) + lit; }

inline Bytes App(const Bytes& fn, const std::vector<Bytes>& args = {}) { return u8(0) + fn + List(args); }
inline Bytes ELit(const Bytes& lit) { return u8(1) + lit; }
inline Bytes ConApp(const Bytes& dc, const std::vector<Bytes>& args, const std::vector<Bytes>& types) {
  return u8(2) + dc + List(args) + List(types);
}
inline Bytes OpApp(const Bytes& op, const std::vector<Bytes>& args, const Bytes& type,
                   const std::optional<Bytes>& tycon = std::nullopt) {
  return u8(3) + op + List(args) + type + Maybe(tycon);
}
inline Bytes Case(const Bytes& scrut, const Bytes& binder, const Bytes& alt_type, const std::vector<Bytes>& alts) {
  return u8(4) + scrut + binder + alt_type + List(alts);
}
inline Bytes Let(const Bytes& binding, const Bytes& body) { return u8(5) + binding + body; }
inline Bytes LetNoEscape(const Bytes& binding, const Bytes& body) { return u8(6) + binding + body; }
inline Bytes Tick(const Bytes& tickish, const Bytes& body) { return u8(7) + tickish + body; }

inline Bytes ProfNote() { return u8(0); }
inline Bytes HpcTick() { return u8(1); }
inline Bytes Breakpoint() { return u8(2); }
inline Bytes SourceNote(const Bytes& real_src_span, std::string_view name) { return u8(3) + real_src_span + BS(name); }

inline Bytes PolyAlt() { return u8(0); }
inline Bytes MultiValAlt(int64_t n) { return u8(1) + Int(n); }
inline Bytes PrimAlt(const Bytes& rep) { return u8(2) + rep; }
inline Bytes AlgAlt(const Bytes& tycon) { return u8(3) + tycon; }

inline Bytes AltDataCon(const Bytes& dc) { return u8(0) + dc; }
inline Bytes AltLit(const Bytes& lit) { return u8(1) + lit; }
inline Bytes AltDefault() { return u8(2); }
inline Bytes Alt(const Bytes& con, const std::vector<Bytes>& binders, const Bytes& rhs) {
  return con + List(binders) + rhs;
}

enum Flag : uint8_t { ReEntrant, Updatable, SingleEntry };
inline Bytes Closure(const std::vector<Bytes>& fvs, Flag f, const std::vector<Bytes>& params, const Bytes& body) {
  return u8(0) + List(fvs) + u8(f) + List(params) + body;
}
inline Bytes RhsCon(const Bytes& dc, const std::vector<Bytes>& args) { return u8(1) + dc + List(args); }

inline Bytes NonRec(const Bytes& binder, const Bytes& rhs) { return u8(0) + binder + rhs; }
inline Bytes Rec(const std::vector<std::pair<Bytes, Bytes>>& pairs) {
  std::vector<Bytes> e;
  for (auto& [b, r] : pairs) e.push_back(b + r);
  return u8(1) + List(e);
}
inline Bytes TopLifted(const Bytes& binding) { return u8(0) + binding; }
inline Bytes TopString(const Bytes& binder, std::string_view bytes) { return u8(1) + binder + BS(bytes); }

// ---------------------------------------------------------------------------------------------
// Data types

inline Bytes AlgDataCon(const std::vector<Bytes>& reps) { return u8(0) + List(reps); }
inline Bytes UnboxedTupleCon(int64_t arity) { return u8(1) + Int(arity); }
inline Bytes SDataCon(std::string_view name, const Bytes& id, const Bytes& rep, const Bytes& worker,
                      const Bytes& loc = NoLoc()) {
  return BS(name) + id + rep + worker + loc;
}
inline Bytes STyCon(std::string_view name, const Bytes& id, const std::vector<Bytes>& datacons,
                    const Bytes& loc = NoLoc()) {
  return BS(name) + id + List(datacons) + loc;
}

// ---------------------------------------------------------------------------------------------
// Foreign stubs

inline Bytes Header(const Bytes& src, std::string_view name) { return src + BS(name); }
inline Bytes CLabel(std::string_view l) { return u8(0) + BS(l); }
inline Bytes CFunction(const Bytes& target) { return u8(1) + target; }
inline Bytes CWrapper() { return u8(2); }
inline Bytes StubImplImportCWrapper(std::string_view label, std::optional<int64_t> n, bool is_io,
                                    std::string_view res, const std::vector<std::string>& args) {
  return u8(0) + BS(label) + (n ? Just(Int(*n)) : Nothing()) + Bool(is_io) + BS(res) + BSList(args);
}
struct CApiArgB {
  std::optional<Bytes> header;
  std::string text;
  uint32_t chr;
};
inline Bytes StubImplImportCApi(std::string_view name, const std::vector<CApiArgB>& args) {
  std::vector<Bytes> e;
  for (auto& a : args) e.push_back(Maybe(a.header) + BS(a.text) + Char(a.chr));
  return u8(1) + BS(name) + List(e);
}
// StubDeclImport (CImport conv safety (Maybe Header) spec sourceText) (Maybe StubImpl)
inline Bytes StubDeclImport(CConv c, SafetyT s, const std::optional<Bytes>& header, const Bytes& spec,
                            const Bytes& src, const std::optional<Bytes>& impl) {
  return u8(0) + u8(c) + u8(s) + Maybe(header) + spec + src + Maybe(impl);
}
// StubDeclExport (CExport (CExportStatic src name conv) src) binderId bytes
inline Bytes StubDeclExport(const Bytes& static_src, std::string_view name, CConv c, const Bytes& src,
                            const Bytes& binder_id, std::string_view extra) {
  return u8(1) + static_src + BS(name) + u8(c) + src + binder_id + BS(extra);
}
inline Bytes MLK_Initializer(std::string_view s) { return u8(0) + BS(s); }
inline Bytes MLK_InitializerArray() { return u8(1); }
inline Bytes MLK_Finalizer(std::string_view s) { return u8(2) + BS(s); }
inline Bytes MLK_FinalizerArray() { return u8(3); }
inline Bytes MLK_IPEBuffer() { return u8(4); }
inline Bytes ModuleCLabel(std::string_view unit, std::string_view mod, const Bytes& kind) {
  return BS(unit) + BS(mod) + kind;
}
inline Bytes NoStubs() { return u8(0); }
inline Bytes ForeignStubs(std::string_view header, std::string_view csrc, const std::vector<Bytes>& inits,
                          const std::vector<Bytes>& finis, const std::vector<Bytes>& decls) {
  return u8(1) + BS(header) + BS(csrc) + List(inits) + List(finis) + List(decls);
}

// ---------------------------------------------------------------------------------------------
// SModule (10 fields)

// moduleDependency element: (UnitId, [ModuleName])
inline Bytes Dep(std::string_view unit, const std::vector<std::string>& mods) { return BS(unit) + BSList(mods); }
// moduleExternalTopIds element: (UnitId, [(ModuleName, [SBinder])])
inline Bytes ExtUnit(std::string_view unit, const std::vector<std::pair<std::string, std::vector<Bytes>>>& mods) {
  std::vector<Bytes> e;
  for (auto& [m, bs] : mods) e.push_back(BS(m) + List(bs));
  return BS(unit) + List(e);
}
// moduleTyCons element: (UnitId, [(ModuleName, [STyCon])])
inline Bytes TyConUnit(std::string_view unit, const std::vector<std::pair<std::string, std::vector<Bytes>>>& mods) {
  return ExtUnit(unit, mods);  // same shape
}

struct ModuleB {
  std::string phase = "stg", unit = "main", name = "Main";
  std::optional<std::string> source_path;
  Bytes stubs = NoStubs();
  bool has_foreign_exported = false;
  std::vector<Bytes> deps, ext_ids, tycons, binds;

  Bytes build() const {
    return BS(phase) + BS(unit) + BS(name) + (source_path ? Just(BS(*source_path)) : Nothing()) + stubs +
           Bool(has_foreign_exported) + List(deps) + List(ext_ids) + List(tycons) + List(binds);
  }
};

// A module whose only top binding is `x_r1 = \u [] -> <body>` (ModulePublic, VanillaId).
inline Bytes module_with_body(const Bytes& body) {
  ModuleB m;
  m.binds = {TopLifted(NonRec(Binder("x", U('r', 1), ModulePublic), Closure({}, Updatable, {}, body)))};
  return m.build();
}

}  // namespace stgb
