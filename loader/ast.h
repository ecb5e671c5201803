// The external-STG syntax tree (format V8, which also reads V7), as decoded from
// `module.stgbin` and then resolved and linked. Nodes live in the Program's arena; byte
// strings are views into the module buffers the Program keeps alive. Field order and
// constructor numbering follow ../shared/docs/extstg-format.md §2.4.
#pragma once
#include <cstdint>
#include <string_view>

#include "loader/bigint.h"

namespace stgvm::stg {

// Arena-allocated array view.
template <class T>
struct Span {
  T* ptr = nullptr;
  uint32_t n = 0;
  T* begin() const { return ptr; }
  T* end() const { return ptr + n; }
  uint32_t size() const { return n; }
  bool empty() const { return n == 0; }
  T& operator[](size_t i) const { return ptr[i]; }
};

struct Unique {
  uint32_t tag = 0;  // the tag character's code point
  int64_t num = 0;
  bool operator==(const Unique&) const = default;
};

enum class PrimRepTag : uint8_t {
  Void, Lifted, Unlifted, Int8, Int16, Int32, Int64, Int, Word8, Word16, Word32, Word64, Word,
  Addr, Float, Double, Vec
};
enum class PrimElemRep : uint8_t { Int8, Int16, Int32, Int64, Word8, Word16, Word32, Word64, Float, Double };

struct PrimRep {
  PrimRepTag tag = PrimRepTag::Void;
  PrimElemRep elem = PrimElemRep::Int8;  // VecRep only
  int64_t vec_len = 0;                   // VecRep only
};

enum class TypeKind : uint8_t { SingleValue, UnboxedTuple, PolymorphicRep };
struct Type {
  TypeKind kind = TypeKind::PolymorphicRep;
  Span<PrimRep> reps;  // one element for SingleValue
};

enum class Scope : uint8_t { ModulePublic, ModulePrivate, ClosurePrivate };
enum class CbvMark : uint8_t { MarkedCbv, NotMarkedCbv };

enum class IdDetailsKind : uint8_t {
  VanillaId, RecSelId, DataConWorkId, DataConWrapId, ClassOpId, PrimOpId, FCallId, TickBoxOpId,
  DFunId, CoVarId, JoinId, WorkerLikeId, RepPolyId
};
struct IdDetails {
  IdDetailsKind kind = IdDetailsKind::VanillaId;
  bool has_marks = false;     // JoinId: the Maybe; WorkerLikeId: always true
  int64_t join_arity = 0;     // JoinId
  Unique datacon;             // DataConWorkId / DataConWrapId (unresolved, as in the reference reader)
  Span<CbvMark> marks;
};

enum class UnhelpfulReason : uint8_t { NoLocationInfo, WiredIn, Interactive, Generated, Other };
struct RealSrcSpan {
  std::string_view file;
  int64_t start_line = 0, start_col = 0, end_line = 0, end_col = 0;
};
struct SrcSpan {
  bool real = false;
  RealSrcSpan span;           // real
  bool has_buf = false;       // real: Maybe BufSpan
  int64_t buf_start = 0, buf_end = 0;
  UnhelpfulReason reason = UnhelpfulReason::NoLocationInfo;  // unhelpful
  std::string_view other;     // UnhelpfulOther text
};

struct Module;

// A binder: top-level definitions, external references (moduleExternalTopIds, constructor
// workers) and local binders alike. `def` is where occurrences should go after linking:
// the defining top-level binder for external references, itself otherwise (nullptr while an
// external reference is unresolved).
struct Binder {
  std::string_view name;      // sbinderName (unqualified occurrence name)
  Unique id;
  Type type;
  std::string_view type_sig;
  Scope scope = Scope::ClosurePrivate;
  IdDetails details;
  std::string_view info;
  SrcSpan def_loc;

  std::string_view unit;      // defining unit / module (this module's for locals)
  std::string_view module;
  bool top_level = false;
  bool external = false;      // a reference to another module's binder, not a definition
  bool builtin = false;       // a GHC.Prim built-in (void#, realWorld#, (#,#) …)
  bool referenced = false;    // some occurrence in the code points at it
  std::string_view unique_name;  // §3.4 global name; set for top-level binders
  Binder* def = nullptr;

  uint32_t seq = 0;           // decode order within its module: a deterministic sort key

  // Scratch state of the resolver's free-variable pass (closure depths).
  int32_t bind_depth = -1;
  int32_t fv_depth = -1;
};

struct BinderRef {
  Unique id;
  Binder* binder = nullptr;  // resolved occurrence (before linking, may be an external stub)
  Binder* target() const { return binder ? binder->def : nullptr; }
};

struct TyCon;
struct DataCon {
  std::string_view name;
  Unique id;
  bool unboxed_tuple = false;
  int64_t utuple_arity = 0;       // UnboxedTupleCon
  Span<PrimRep> fields;           // AlgDataCon
  Binder* worker = nullptr;
  SrcSpan def_loc;
  TyCon* tycon = nullptr;
  uint32_t tag = 0;               // 0-based index in the TyCon's data constructor list
  std::string_view unique_name;   // <unit>_<module>.<name>
  DataCon* canonical = nullptr;   // the program-wide representative (first one linked)
};

struct TyCon {
  std::string_view name;
  Unique id;
  Span<DataCon> datacons;
  SrcSpan def_loc;
  std::string_view unit, module;  // defining unit / module
  std::string_view unique_name;
  TyCon* canonical = nullptr;
};

struct DataConRef {
  Unique id;
  DataCon* con = nullptr;
  DataCon* target() const { return con ? con->canonical : nullptr; }
};
struct TyConRef {
  Unique id;
  TyCon* tycon = nullptr;
  TyCon* target() const { return tycon ? tycon->canonical : nullptr; }
};

enum class LitNumType : uint8_t { Int, Int8, Int16, Int32, Int64, Word, Word8, Word16, Word32, Word64 };
enum class LitKind : uint8_t { Char, String, NullAddr, Float, Double, Label, Number, Rubbish };
struct Lit {
  LitKind kind = LitKind::NullAddr;
  uint32_t chr = 0;                 // Char
  std::string_view bytes;           // String; Label name
  Integer num, den;                 // Float/Double (num/den); Number (num)
  LitNumType num_type = LitNumType::Int;
  bool label_is_function = false;   // LabelSpec: FunctionLabel vs DataLabel
  bool label_has_size = false;      // FunctionLabel (Just n)
  int64_t label_size = 0;
  Type rubbish;                     // Rubbish
};

enum class ArgKind : uint8_t { Var, Lit };
struct Arg {
  ArgKind kind = ArgKind::Var;
  BinderRef var;
  Lit* lit = nullptr;
};

enum class UpdateFlag : uint8_t { ReEntrant, Updatable, SingleEntry };
enum class CCallConv : uint8_t { CCall, CApi, StdCall, PrimCall, JavaScript };
enum class Safety : uint8_t { Safe, Interruptible, Unsafe };

struct SourceText {
  bool present = false;
  std::string_view text;
};

struct CCallTarget {
  bool dynamic = false;
  SourceText source;
  std::string_view symbol;
  bool has_unit = false;
  std::string_view unit;
  bool is_function = true;
};

enum class OpKind : uint8_t { PrimOp, PrimCall, FCall };
struct StgOp {
  OpKind kind = OpKind::PrimOp;
  std::string_view name;         // PrimOp name; PrimCall label
  std::string_view unit;         // PrimCall unit
  CCallTarget target;            // FCall
  CCallConv conv = CCallConv::CCall;
  Safety safety = Safety::Safe;
};

enum class TickishKind : uint8_t { ProfNote, HpcTick, Breakpoint, SourceNote };
struct Tickish {
  TickishKind kind = TickishKind::ProfNote;
  RealSrcSpan span;
  std::string_view name;
};

enum class AltTypeKind : uint8_t { PolyAlt, MultiValAlt, PrimAlt, AlgAlt };
struct AltType {
  AltTypeKind kind = AltTypeKind::PolyAlt;
  int64_t arity = 0;     // MultiValAlt
  PrimRep rep;           // PrimAlt
  TyConRef tycon;        // AlgAlt
};

enum class AltConKind : uint8_t { DataCon, Lit, Default };
struct Expr;
struct Alt {
  AltConKind con_kind = AltConKind::Default;
  DataConRef con;
  Lit* lit = nullptr;
  Span<Binder*> binders;
  Expr* rhs = nullptr;
};

struct Rhs;
struct Binding {
  bool rec = false;
  Span<Binder*> binders;  // one for NonRec
  Span<Rhs*> rhss;
};

enum class ExprKind : uint8_t { App, Lit, ConApp, OpApp, Case, Let, LetNoEscape, Tick };
// Expressions are a small class hierarchy discriminated by `kind` (no virtuals): each node is
// allocated at its own size. Use `as<T>()` after checking the kind.
struct Expr {
  ExprKind kind;
  template <class T>
  T* as() { return static_cast<T*>(this); }
  template <class T>
  const T* as() const { return static_cast<const T*>(this); }
};
struct EApp : Expr {
  BinderRef fn;
  Span<Arg> args;
};
struct ELit : Expr {
  Lit* lit = nullptr;
};
struct EConApp : Expr {
  DataConRef con;
  Span<Arg> args;
  Span<Type> types;
};
struct EOpApp : Expr {
  StgOp* op = nullptr;
  Span<Arg> args;
  Type result_type;
  bool has_result_tycon = false;
  TyConRef result_tycon;  // Maybe TyConId
};
struct ECase : Expr {
  Expr* scrut = nullptr;
  Binder* binder = nullptr;
  AltType alt_type;
  Span<Alt> alts;  // a default alternative, if any, comes first
};
struct ELet : Expr {  // StgLet and StgLetNoEscape
  Binding* binding = nullptr;
  Expr* body = nullptr;
};
struct ETick : Expr {
  Tickish* tick = nullptr;
  Expr* body = nullptr;
};

enum class RhsKind : uint8_t { Closure, Con };
struct Rhs {
  RhsKind kind = RhsKind::Closure;
  Span<BinderRef> free_vars;   // as stored in the file (usually empty)
  Span<Binder*> computed_free_vars;  // computed by the loader (non-top-level binders)
  UpdateFlag flag = UpdateFlag::ReEntrant;
  Span<Binder*> params;
  Expr* body = nullptr;
  DataConRef con;              // Con
  Span<Arg> args;              // Con
};

struct TopBinding {
  bool string_lit = false;
  Binding binding;             // StgTopLifted
  Binder* string_binder = nullptr;  // StgTopStringLit
  std::string_view string_bytes;
};

// Foreign stubs (V8; kept for completeness and `dump`).
struct Header {
  SourceText source;
  std::string_view name;
};
enum class CImportSpecKind : uint8_t { CLabel, CFunction, CWrapper };
struct StubImpl {
  bool capi = false;
  // CWrapper
  std::string_view label;
  bool has_int = false;
  int64_t int_value = 0;
  bool is_io = false;
  std::string_view result_type;
  Span<std::string_view> arg_types;
  // CApi
  std::string_view capi_name;
  struct CApiArg {
    bool has_header = false;
    Header header;
    std::string_view text;
    uint32_t chr = 0;
  };
  Span<CApiArg> capi_args;
};
struct StubDecl {
  bool is_export = false;
  // import
  CCallConv conv = CCallConv::CCall;
  Safety safety = Safety::Safe;
  bool has_header = false;
  Header header;
  CImportSpecKind spec = CImportSpecKind::CLabel;
  std::string_view label;      // CLabel
  CCallTarget target;          // CFunction
  SourceText import_source;
  bool has_impl = false;
  StubImpl impl;
  // export
  SourceText export_static_source;
  std::string_view export_name;
  CCallConv export_conv = CCallConv::CCall;
  SourceText export_source;
  Unique export_binder;
  std::string_view export_extra;
};
enum class ModuleLabelKind : uint8_t { Initializer, InitializerArray, Finalizer, FinalizerArray, IPEBuffer };
struct ModuleCLabel {
  std::string_view unit, module;
  ModuleLabelKind kind = ModuleLabelKind::Initializer;
  std::string_view text;
};
struct ForeignStubs {
  bool present = false;
  std::string_view header, c_source;
  Span<ModuleCLabel> initializers, finalizers;
  Span<StubDecl> decls;
};

struct ModuleDeps {
  std::string_view unit;
  Span<std::string_view> modules;
};
struct BinderGroup {  // (UnitId, [(ModuleName, [SBinder])]) flattened per module
  std::string_view unit, module;
  Span<Binder*> binders;
};
struct TyConGroup {
  std::string_view unit, module;
  Span<TyCon*> tycons;
};

struct Module {
  std::string_view phase, unit, name;
  bool has_source_path = false;
  std::string_view source_path;
  ForeignStubs stubs;
  bool has_foreign_exported = false;
  Span<ModuleDeps> dependency;
  Span<BinderGroup> external_ids;
  Span<TyConGroup> tycons;
  Span<TopBinding> top_bindings;

  // Provenance, for error messages.
  std::string_view package;     // package name from the archive path / app.info
  std::string_view source_file; // archive or file on disk
  std::string_view entry;       // entry name inside the archive
};

}  // namespace stgvm::stg
