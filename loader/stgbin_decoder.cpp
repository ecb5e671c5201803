#include "loader/stgbin_decoder.h"

#include <string>

#include "loader/binary_reader.h"

namespace stgvm {
namespace {

using namespace stg;

// Smallest encodings, used to bound list counts before allocating.
// SBinder: name 8 + Unique 9 + Type 1 (PolymorphicRep) + sig 8 + Scope 1 + IdDetails 1 +
// info 8 + SrcSpan 2 (UnhelpfulSpan reason) = 38.
constexpr size_t kMinBinder = 38;

class Decoder {
 public:
  Decoder(Arena& a, const uint8_t* d, size_t n, const DecodeLimits& lim) : arena_(a), r_(d, n), lim_(lim) {}

  Module* module() {
    Module* m = arena_.make<Module>();
    m->phase = r_.bytes("modulePhase");
    m->unit = r_.bytes("moduleUnitId");
    m->name = r_.bytes("moduleName");
    if ((m->has_source_path = maybe("moduleSourceFilePath"))) m->source_path = r_.bytes("moduleSourceFilePath");
    m->stubs = foreign_stubs();
    m->has_foreign_exported = r_.boolean("moduleHasForeignExported");
    m->dependency = dependency();
    m->external_ids = external_ids();
    m->tycons = tycon_groups();
    size_t n = count("moduleTopBindings", 2);
    m->top_bindings = arena_.array<TopBinding>(n);
    for (auto& tb : m->top_bindings) top_binding(tb);
    if (!r_.at_end())
      r_.fail(std::to_string(r_.remaining()) + " bytes left over after the module (format version mismatch?)");
    return m;
  }

  ModuleHeader header() {
    ModuleHeader h;
    h.phase = r_.bytes("modulePhase");
    h.unit = r_.bytes("moduleUnitId");
    h.name = r_.bytes("moduleName");
    if (maybe("moduleSourceFilePath")) r_.bytes("moduleSourceFilePath");
    foreign_stubs();
    h.has_foreign_exported = r_.boolean("moduleHasForeignExported");
    for (auto& d : dependency()) {
      std::vector<std::string_view> mods(d.modules.begin(), d.modules.end());
      h.dependency.emplace_back(d.unit, std::move(mods));
    }
    return h;
  }

 private:
  Arena& arena_;
  BinaryReader r_;
  DecodeLimits lim_;
  size_t depth_ = 0;
  uint32_t next_seq_ = 0;

  struct DepthGuard {
    Decoder& d;
    explicit DepthGuard(Decoder& d_) : d(d_) {
      if (++d.depth_ > d.lim_.max_depth)
        d.r_.fail("expression nesting deeper than " + std::to_string(d.lim_.max_depth));
    }
    ~DepthGuard() { --d.depth_; }
  };

  size_t count(const char* what, size_t min_elem) {
    size_t n = r_.list_count(what, min_elem);
    if (n > UINT32_MAX) r_.fail(std::string("list too long for ") + what);
    return n;
  }
  bool maybe(const char* what) { return r_.tag(2, what) == 1; }

  Span<std::string_view> bytes_list(const char* what) {
    auto s = arena_.array<std::string_view>(count(what, 8));
    for (auto& b : s) b = r_.bytes(what);
    return s;
  }

  Unique unique() {
    Unique u;
    u.tag = r_.utf8_char("Unique tag");
    u.num = r_.i64("Unique number");
    return u;
  }

  Integer integer() {
    Integer v;
    size_t at = r_.offset();
    if (r_.tag(2, "Integer") == 0) {
      v.small = r_.i32("Integer (small form)");
      return v;
    }
    uint8_t sign = r_.u8("Integer sign");
    if (sign != 0x01 && sign != 0xFF)
      BinaryReader::fail_at(at + 1, "bad Integer sign byte " + std::to_string(sign));
    v.negative = sign == 0xFF;
    size_t n = count("Integer magnitude", 1);
    if (n > lim_.max_integer_bytes)
      BinaryReader::fail_at(at, "Integer literal of " + std::to_string(n) + " bytes exceeds the limit of " +
                                    std::to_string(lim_.max_integer_bytes));
    const uint8_t* p = r_.raw(n, "Integer magnitude");
    v.mag_le = {reinterpret_cast<const char*>(p), n};
    if (n == 0) v.negative = false;  // keep the invariant "mag_le empty ⇔ small form" meaningful
    return v;
  }

  PrimRep prim_rep() {
    PrimRep p;
    p.tag = static_cast<PrimRepTag>(r_.tag(17, "PrimRep"));
    if (p.tag == PrimRepTag::Vec) {
      p.vec_len = r_.i64("VecRep length");
      p.elem = static_cast<PrimElemRep>(r_.tag(10, "PrimElemRep"));
    }
    return p;
  }
  Span<PrimRep> prim_reps(const char* what) {
    auto s = arena_.array<PrimRep>(count(what, 1));
    for (auto& p : s) p = prim_rep();
    return s;
  }

  Type type() {
    Type t;
    t.kind = static_cast<TypeKind>(r_.tag(3, "Type"));
    if (t.kind == TypeKind::SingleValue) {
      t.reps = arena_.array<PrimRep>(1);
      t.reps[0] = prim_rep();
    } else if (t.kind == TypeKind::UnboxedTuple) {
      t.reps = prim_reps("UnboxedTuple reps");
    }
    return t;
  }

  RealSrcSpan real_span() {
    RealSrcSpan s;
    s.file = r_.bytes("RealSrcSpan file");
    s.start_line = r_.i64("RealSrcSpan");
    s.start_col = r_.i64("RealSrcSpan");
    s.end_line = r_.i64("RealSrcSpan");
    s.end_col = r_.i64("RealSrcSpan");
    return s;
  }

  SrcSpan src_span() {
    SrcSpan s;
    if (r_.tag(2, "SrcSpan") == 0) {
      s.real = true;
      s.span = real_span();
      if ((s.has_buf = maybe("Maybe BufSpan"))) {
        s.buf_start = r_.i64("BufSpan");
        s.buf_end = r_.i64("BufSpan");
      }
    } else {
      s.reason = static_cast<UnhelpfulReason>(r_.tag(5, "UnhelpfulSpanReason"));
      if (s.reason == UnhelpfulReason::Other) s.other = r_.bytes("UnhelpfulOther");
    }
    return s;
  }

  Span<CbvMark> cbv_marks() {
    auto s = arena_.array<CbvMark>(count("[CbvMark]", 1));
    for (auto& m : s) m = static_cast<CbvMark>(r_.tag(2, "CbvMark"));
    return s;
  }

  IdDetails id_details() {
    IdDetails d;
    d.kind = static_cast<IdDetailsKind>(r_.tag(13, "IdDetails"));
    switch (d.kind) {
      case IdDetailsKind::DataConWorkId:
      case IdDetailsKind::DataConWrapId: d.datacon = unique(); break;
      case IdDetailsKind::JoinId:
        d.join_arity = r_.i64("JoinId arity");
        if ((d.has_marks = maybe("JoinId marks"))) d.marks = cbv_marks();
        break;
      case IdDetailsKind::WorkerLikeId:
        d.has_marks = true;
        d.marks = cbv_marks();
        break;
      default: break;
    }
    return d;
  }

  Binder* binder() {
    Binder* b = arena_.make<Binder>();
    b->name = r_.bytes("sbinderName");
    b->id = unique();
    b->type = type();
    b->type_sig = r_.bytes("sbinderTypeSig");
    b->scope = static_cast<Scope>(r_.tag(3, "Scope"));
    b->details = id_details();
    b->info = r_.bytes("sbinderInfo");
    b->def_loc = src_span();
    b->def = b;
    b->seq = next_seq_++;
    return b;
  }
  Span<Binder*> binders(const char* what) {
    auto s = arena_.array<Binder*>(count(what, kMinBinder));
    for (auto& b : s) b = binder();
    return s;
  }

  SourceText source_text() {
    SourceText s;
    if (r_.tag(2, "SourceText") == 0) {
      s.present = true;
      s.text = r_.bytes("SourceText");
    }
    return s;
  }

  CCallTarget ccall_target() {
    CCallTarget t;
    if (r_.tag(2, "CCallTarget") == 1) {
      t.dynamic = true;
      return t;
    }
    t.source = source_text();
    t.symbol = r_.bytes("StaticTarget symbol");
    if ((t.has_unit = maybe("StaticTarget unit"))) t.unit = r_.bytes("StaticTarget unit");
    t.is_function = r_.boolean("StaticTarget is-function");
    return t;
  }

  CCallConv cconv() { return static_cast<CCallConv>(r_.tag(5, "CCallConv")); }
  Safety safety() { return static_cast<Safety>(r_.tag(3, "Safety")); }

  Header header_value() {
    Header h;
    h.source = source_text();
    h.name = r_.bytes("Header");
    return h;
  }

  ModuleCLabel module_clabel() {
    ModuleCLabel l;
    l.unit = r_.bytes("ModuleCLabel unit");
    l.module = r_.bytes("ModuleCLabel module");
    l.kind = static_cast<ModuleLabelKind>(r_.tag(5, "ModuleLabelKind"));
    if (l.kind == ModuleLabelKind::Initializer || l.kind == ModuleLabelKind::Finalizer)
      l.text = r_.bytes("ModuleLabelKind label");
    return l;
  }
  Span<ModuleCLabel> module_clabels(const char* what) {
    auto s = arena_.array<ModuleCLabel>(count(what, 17));
    for (auto& l : s) l = module_clabel();
    return s;
  }

  StubImpl stub_impl() {
    StubImpl s;
    if (r_.tag(2, "StubImpl") == 0) {
      s.label = r_.bytes("StubImplImportCWrapper label");
      if ((s.has_int = maybe("StubImplImportCWrapper Maybe Int"))) s.int_value = r_.i64("StubImplImportCWrapper Int");
      s.is_io = r_.boolean("StubImplImportCWrapper is-IO");
      s.result_type = r_.bytes("StubImplImportCWrapper result type");
      s.arg_types = bytes_list("StubImplImportCWrapper argument types");
    } else {
      s.capi = true;
      s.capi_name = r_.bytes("StubImplImportCApi name");
      auto args = arena_.array<StubImpl::CApiArg>(count("StubImplImportCApi arguments", 10));
      for (auto& a : args) {
        if ((a.has_header = maybe("Maybe Header"))) a.header = header_value();
        a.text = r_.bytes("StubImplImportCApi argument");
        a.chr = r_.utf8_char("StubImplImportCApi Char");
      }
      s.capi_args = args;
    }
    return s;
  }

  StubDecl stub_decl() {
    StubDecl d;
    if (r_.tag(2, "StubDecl") == 0) {
      d.conv = cconv();
      d.safety = safety();
      if ((d.has_header = maybe("Maybe Header"))) d.header = header_value();
      d.spec = static_cast<CImportSpecKind>(r_.tag(3, "CImportSpec"));
      if (d.spec == CImportSpecKind::CLabel) d.label = r_.bytes("CLabel");
      else if (d.spec == CImportSpecKind::CFunction) d.target = ccall_target();
      d.import_source = source_text();
      if ((d.has_impl = maybe("Maybe StubImpl"))) d.impl = stub_impl();
    } else {
      d.is_export = true;
      d.export_static_source = source_text();
      d.export_name = r_.bytes("CExportStatic name");
      d.export_conv = cconv();
      d.export_source = source_text();
      d.export_binder = unique();
      d.export_extra = r_.bytes("StubDeclExport");
    }
    return d;
  }

  ForeignStubs foreign_stubs() {
    ForeignStubs s;
    if (r_.tag(2, "ForeignStubs") == 0) return s;
    s.present = true;
    s.header = r_.bytes("ForeignStubs header");
    s.c_source = r_.bytes("ForeignStubs C source");
    s.initializers = module_clabels("ForeignStubs initializers");
    s.finalizers = module_clabels("ForeignStubs finalizers");
    auto decls = arena_.array<StubDecl>(count("ForeignStubs decls", 2));
    for (auto& d : decls) d = stub_decl();
    s.decls = decls;
    return s;
  }

  Span<ModuleDeps> dependency() {
    auto s = arena_.array<ModuleDeps>(count("moduleDependency", 16));
    for (auto& d : s) {
      d.unit = r_.bytes("moduleDependency unit");
      d.modules = bytes_list("moduleDependency modules");
    }
    return s;
  }

  // (UnitId, [(ModuleName, [SBinder])]) is flattened into one group per (unit, module).
  Span<BinderGroup> external_ids() {
    std::vector<BinderGroup> groups;
    size_t nu = count("moduleExternalTopIds", 16);
    for (size_t i = 0; i < nu; ++i) {
      std::string_view unit = r_.bytes("moduleExternalTopIds unit");
      size_t nm = count("moduleExternalTopIds modules", 16);
      for (size_t j = 0; j < nm; ++j) {
        BinderGroup g;
        g.unit = unit;
        g.module = r_.bytes("moduleExternalTopIds module");
        g.binders = binders("moduleExternalTopIds binders");
        groups.push_back(g);
      }
    }
    auto s = arena_.array<BinderGroup>(groups.size());
    for (size_t i = 0; i < groups.size(); ++i) s[i] = groups[i];
    return s;
  }

  void data_con(DataCon& dc) {
    dc.name = r_.bytes("sdcName");
    dc.id = unique();
    if (r_.tag(2, "DataConRep") == 0) {
      dc.fields = prim_reps("AlgDataCon reps");
    } else {
      dc.unboxed_tuple = true;
      dc.utuple_arity = r_.i64("UnboxedTupleCon arity");
    }
    dc.worker = binder();
    dc.def_loc = src_span();
  }

  TyCon* tycon() {
    TyCon* tc = arena_.make<TyCon>();
    tc->name = r_.bytes("stcName");
    tc->id = unique();
    tc->datacons = arena_.array<DataCon>(count("stcDataCons", 50));
    uint32_t tag = 0;
    for (auto& dc : tc->datacons) {
      data_con(dc);
      dc.tycon = tc;
      dc.tag = tag++;
    }
    tc->def_loc = src_span();
    return tc;
  }

  Span<TyConGroup> tycon_groups() {
    std::vector<TyConGroup> groups;
    size_t nu = count("moduleTyCons", 16);
    for (size_t i = 0; i < nu; ++i) {
      std::string_view unit = r_.bytes("moduleTyCons unit");
      size_t nm = count("moduleTyCons modules", 16);
      for (size_t j = 0; j < nm; ++j) {
        TyConGroup g;
        g.unit = unit;
        g.module = r_.bytes("moduleTyCons module");
        g.tycons = arena_.array<TyCon*>(count("moduleTyCons tycons", 20));
        for (auto& t : g.tycons) {
          t = tycon();
          t->unit = unit;
          t->module = g.module;
        }
        groups.push_back(g);
      }
    }
    auto s = arena_.array<TyConGroup>(groups.size());
    for (size_t i = 0; i < groups.size(); ++i) s[i] = groups[i];
    return s;
  }

  Lit* lit() {
    Lit* l = arena_.make<Lit>();
    l->kind = static_cast<LitKind>(r_.tag(8, "Lit"));
    switch (l->kind) {
      case LitKind::Char: l->chr = r_.utf8_char("LitChar"); break;
      case LitKind::String: l->bytes = r_.bytes("LitString"); break;
      case LitKind::NullAddr: break;
      case LitKind::Float:
      case LitKind::Double: {
        size_t at = r_.offset();
        l->num = integer();
        l->den = integer();
        auto d = l->den.to_i64();
        bool positive = l->den.is_small() ? l->den.small > 0 : (!l->den.negative && !l->den.mag_le.empty());
        if (!positive || (d && *d == 0)) BinaryReader::fail_at(at, "Rational literal with a non-positive denominator");
        break;
      }
      case LitKind::Label:
        l->bytes = r_.bytes("LitLabel name");
        if (r_.tag(2, "LabelSpec") == 0) {
          l->label_is_function = true;
          if ((l->label_has_size = maybe("FunctionLabel size"))) l->label_size = r_.i64("FunctionLabel size");
        }
        break;
      case LitKind::Number:
        l->num_type = static_cast<LitNumType>(r_.tag(10, "LitNumType"));
        l->num = integer();
        break;
      case LitKind::Rubbish: l->rubbish = type(); break;
    }
    return l;
  }

  Arg arg() {
    Arg a;
    if (r_.tag(2, "Arg") == 0) {
      a.kind = ArgKind::Var;
      a.var.id = unique();
    } else {
      a.kind = ArgKind::Lit;
      a.lit = lit();
    }
    return a;
  }
  Span<Arg> args(const char* what) {
    auto s = arena_.array<Arg>(count(what, 2));
    for (auto& a : s) a = arg();
    return s;
  }

  StgOp* op() {
    StgOp* o = arena_.make<StgOp>();
    o->kind = static_cast<OpKind>(r_.tag(3, "StgOp"));
    switch (o->kind) {
      case OpKind::PrimOp: o->name = r_.bytes("StgPrimOp name"); break;
      case OpKind::PrimCall:
        o->name = r_.bytes("PrimCall label");
        o->unit = r_.bytes("PrimCall unit");
        break;
      case OpKind::FCall:
        o->target = ccall_target();
        o->conv = cconv();
        o->safety = safety();
        break;
    }
    return o;
  }

  AltType alt_type() {
    AltType t;
    t.kind = static_cast<AltTypeKind>(r_.tag(4, "AltType"));
    if (t.kind == AltTypeKind::MultiValAlt) t.arity = r_.i64("MultiValAlt arity");
    else if (t.kind == AltTypeKind::PrimAlt) t.rep = prim_rep();
    else if (t.kind == AltTypeKind::AlgAlt) t.tycon.id = unique();
    return t;
  }

  Tickish* tickish() {
    Tickish* t = arena_.make<Tickish>();
    t->kind = static_cast<TickishKind>(r_.tag(4, "Tickish"));
    if (t->kind == TickishKind::SourceNote) {
      t->span = real_span();
      t->name = r_.bytes("SourceNote name");
    }
    return t;
  }

  Expr* expr() {
    DepthGuard g(*this);
    auto kind = static_cast<ExprKind>(r_.tag(8, "Expr"));
    switch (kind) {
      case ExprKind::App: {
        auto* e = arena_.make<EApp>();
        e->fn.id = unique();
        e->args = args("StgApp args");
        e->kind = kind;
        return e;
      }
      case ExprKind::Lit: {
        auto* e = arena_.make<ELit>();
        e->lit = lit();
        e->kind = kind;
        return e;
      }
      case ExprKind::ConApp: {
        auto* e = arena_.make<EConApp>();
        e->con.id = unique();
        e->args = args("StgConApp args");
        e->types = arena_.array<Type>(count("StgConApp types", 1));
        for (auto& t : e->types) t = type();
        e->kind = kind;
        return e;
      }
      case ExprKind::OpApp: {
        auto* e = arena_.make<EOpApp>();
        e->op = op();
        e->args = args("StgOpApp args");
        e->result_type = type();
        if ((e->has_result_tycon = maybe("StgOpApp Maybe TyConId"))) e->result_tycon.id = unique();
        e->kind = kind;
        return e;
      }
      case ExprKind::Case: {
        auto* e = arena_.make<ECase>();
        e->scrut = expr();
        e->binder = binder();
        e->alt_type = alt_type();
        e->alts = arena_.array<Alt>(count("StgCase alternatives", 10));
        for (auto& a : e->alts) alt(a);
        e->kind = kind;
        return e;
      }
      case ExprKind::Let:
      case ExprKind::LetNoEscape: {
        auto* e = arena_.make<ELet>();
        e->binding = binding();
        e->body = expr();
        e->kind = kind;
        return e;
      }
      case ExprKind::Tick: {
        auto* e = arena_.make<ETick>();
        e->tick = tickish();
        e->body = expr();
        e->kind = kind;
        return e;
      }
    }
    return nullptr;  // unreachable: tag() checked the range
  }

  void alt(Alt& a) {
    a.con_kind = static_cast<AltConKind>(r_.tag(3, "AltCon"));
    if (a.con_kind == AltConKind::DataCon) a.con.id = unique();
    else if (a.con_kind == AltConKind::Lit) a.lit = lit();
    a.binders = binders("Alt binders");
    a.rhs = expr();
  }

  Rhs* rhs() {
    DepthGuard g(*this);
    Rhs* r = arena_.make<Rhs>();
    r->kind = static_cast<RhsKind>(r_.tag(2, "Rhs"));
    if (r->kind == RhsKind::Closure) {
      r->free_vars = arena_.array<BinderRef>(count("StgRhsClosure free variables", 9));
      for (auto& f : r->free_vars) f.id = unique();
      r->flag = static_cast<UpdateFlag>(r_.tag(3, "UpdateFlag"));
      r->params = binders("StgRhsClosure params");
      r->body = expr();
    } else {
      r->con.id = unique();
      r->args = args("StgRhsCon args");
    }
    return r;
  }

  Binding* binding() {
    Binding* b = arena_.make<Binding>();
    if (r_.tag(2, "Binding") == 0) {
      b->binders = arena_.array<Binder*>(1);
      b->rhss = arena_.array<Rhs*>(1);
      b->binders[0] = binder();
      b->rhss[0] = rhs();
    } else {
      b->rec = true;
      size_t n = count("StgRec bindings", kMinBinder + 2);
      b->binders = arena_.array<Binder*>(n);
      b->rhss = arena_.array<Rhs*>(n);
      for (size_t i = 0; i < n; ++i) {
        b->binders[i] = binder();
        b->rhss[i] = rhs();
      }
    }
    return b;
  }

  void top_binding(TopBinding& tb) {
    if (r_.tag(2, "TopBinding") == 0) {
      Binding* b = binding();
      tb.binding = *b;
    } else {
      tb.string_lit = true;
      tb.string_binder = binder();
      tb.string_bytes = r_.bytes("StgTopStringLit bytes");
    }
  }
};

}  // namespace

stg::Module* decode_module(Arena& arena, const uint8_t* data, size_t size, const DecodeLimits& limits) {
  return Decoder(arena, data, size, limits).module();
}

ModuleHeader decode_module_header(const uint8_t* data, size_t size) {
  Arena scratch;
  return Decoder(scratch, data, size, DecodeLimits{}).header();
}

}  // namespace stgvm
