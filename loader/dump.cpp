// Text rendering of modules in the format of docs/dump-format.md. The Haskell exporter
// prints the same text from what it serialised; tests compare the two.
#include "loader/dump.h"

#include <cstdio>

#include "loader/resolve.h"

namespace stgvm {
namespace {

using namespace stg;

class Printer {
 public:
  Printer(std::string& out, bool full) : o_(out), full_(full) {}

  void module(const Module& m) {
    o_ += "module ";
    o_ += m.unit;
    o_ += ':';
    o_ += m.name;
    o_ += "\nphase ";
    str(m.phase);
    o_ += "\nsource ";
    if (m.has_source_path) str(m.source_path);
    else o_ += '-';
    o_ += "\nhas-foreign-exported ";
    o_ += m.has_foreign_exported ? "true" : "false";
    o_ += '\n';
    stubs(m.stubs);
    for (auto& d : m.dependency) {
      o_ += "dependency ";
      o_ += d.unit;
      o_ += ':';
      for (auto& mod : d.modules) {
        o_ += ' ';
        o_ += mod;
      }
      o_ += '\n';
    }
    if (full_) {
      for (auto& g : m.external_ids) {
        o_ += "external-ids ";
        o_ += g.unit;
        o_ += ':';
        o_ += g.module;
        o_ += '\n';
        for (Binder* b : g.binders) {
          indent(1);
          bdecl(b);
          o_ += '\n';
        }
      }
      for (auto& g : m.tycons) {
        o_ += "tycons ";
        o_ += g.unit;
        o_ += ':';
        o_ += g.module;
        o_ += '\n';
        for (TyCon* tc : g.tycons) {
          indent(1);
          o_ += "tycon ";
          occ(tc->name, tc->id);
          o_ += " loc ";
          span(tc->def_loc);
          o_ += '\n';
          for (DataCon& dc : tc->datacons) {
            indent(2);
            o_ += "datacon ";
            occ(dc.name, dc.id);
            if (dc.unboxed_tuple) {
              o_ += " utuple ";
              o_ += std::to_string(dc.utuple_arity);
            } else {
              o_ += " alg [";
              for (uint32_t i = 0; i < dc.fields.size(); ++i) {
                if (i) o_ += ',';
                rep(dc.fields[i]);
              }
              o_ += ']';
            }
            o_ += " loc ";
            span(dc.def_loc);
            o_ += '\n';
            indent(3);
            o_ += "worker ";
            bdecl(dc.worker);
            o_ += '\n';
          }
        }
      }
    }
    for (auto& tb : m.top_bindings) {
      if (tb.string_lit) {
        bdecl(tb.string_binder);
        o_ += " = string ";
        str(tb.string_bytes);
        o_ += '\n';
      } else {
        binding(tb.binding, 0);
      }
      o_ += '\n';
    }
  }

 private:
  std::string& o_;
  bool full_;

  void indent(int i) { o_.append(size_t(2 * i), ' '); }

  void str(std::string_view s) {
    static const char hex[] = "0123456789ABCDEF";
    o_ += '"';
    for (unsigned char c : s) {
      if (c == '"') o_ += "\\\"";
      else if (c == '\\') o_ += "\\\\";
      else if (c < 0x20 || c >= 0x7f) {
        o_ += "\\x";
        o_ += hex[c >> 4];
        o_ += hex[c & 15];
      } else o_ += char(c);
    }
    o_ += '"';
  }

  void occ(std::string_view name, const Unique& u) {
    o_ += name;
    o_ += '_';
    o_ += print_unique(u);
  }
  void occ(const BinderRef& r) {
    // An unresolved occurrence cannot exist after resolve_module; print the raw id defensively.
    if (r.binder) occ(r.binder->name, r.id);
    else o_ += "?_" + print_unique(r.id);
  }
  void occ(const Binder* b) { occ(b->name, b->id); }
  void occ(const DataConRef& r) { occ(r.con ? r.con->name : std::string_view("?"), r.id); }
  void occ(const TyConRef& r) { occ(r.tycon ? r.tycon->name : std::string_view("?"), r.id); }

  void rep(const PrimRep& r) {
    static const char* names[] = {"VoidRep",   "LiftedRep", "UnliftedRep", "Int8Rep",   "Int16Rep",  "Int32Rep",
                                  "Int64Rep",  "IntRep",    "Word8Rep",    "Word16Rep", "Word32Rep", "Word64Rep",
                                  "WordRep",   "AddrRep",   "FloatRep",    "DoubleRep"};
    static const char* elems[] = {"Int8ElemRep",  "Int16ElemRep",  "Int32ElemRep", "Int64ElemRep", "Word8ElemRep",
                                  "Word16ElemRep", "Word32ElemRep", "Word64ElemRep", "FloatElemRep", "DoubleElemRep"};
    if (r.tag == PrimRepTag::Vec) {
      o_ += "VecRep<";
      o_ += std::to_string(r.vec_len);
      o_ += ',';
      o_ += elems[size_t(r.elem)];
      o_ += '>';
    } else {
      o_ += names[size_t(r.tag)];
    }
  }

  void type(const Type& t) {
    switch (t.kind) {
      case TypeKind::SingleValue: rep(t.reps[0]); break;
      case TypeKind::UnboxedTuple:
        o_ += "(#";
        for (uint32_t i = 0; i < t.reps.size(); ++i) {
          if (i) o_ += ',';
          rep(t.reps[i]);
        }
        o_ += "#)";
        break;
      case TypeKind::PolymorphicRep: o_ += "PolymorphicRep"; break;
    }
  }

  void marks(const Span<CbvMark>& ms) {
    o_ += '[';
    for (uint32_t i = 0; i < ms.size(); ++i) {
      if (i) o_ += ',';
      o_ += ms[i] == CbvMark::MarkedCbv ? "MarkedCbv" : "NotMarkedCbv";
    }
    o_ += ']';
  }

  void details(const IdDetails& d) {
    static const char* names[] = {"VanillaId", "RecSelId",    "DataConWorkId", "DataConWrapId", "ClassOpId",
                                  "PrimOpId",  "FCallId",     "TickBoxOpId",   "DFunId",        "CoVarId",
                                  "JoinId",    "WorkerLikeId", "RepPolyId"};
    o_ += names[size_t(d.kind)];
    switch (d.kind) {
      case IdDetailsKind::DataConWorkId:
      case IdDetailsKind::DataConWrapId:
        o_ += '(';
        o_ += print_unique(d.datacon);
        o_ += ')';
        break;
      case IdDetailsKind::JoinId:
        o_ += '(';
        o_ += std::to_string(d.join_arity);
        if (d.has_marks) {
          o_ += ',';
          marks(d.marks);
        }
        o_ += ')';
        break;
      case IdDetailsKind::WorkerLikeId:
        o_ += '(';
        marks(d.marks);
        o_ += ')';
        break;
      default: break;
    }
  }

  void real_span(const RealSrcSpan& s) {
    str(s.file);
    o_ += ':' + std::to_string(s.start_line) + ':' + std::to_string(s.start_col) + '-' +
          std::to_string(s.end_line) + ':' + std::to_string(s.end_col);
  }

  void span(const SrcSpan& s) {
    if (s.real) {
      real_span(s.span);
      if (s.has_buf) o_ += " buf " + std::to_string(s.buf_start) + ' ' + std::to_string(s.buf_end);
      return;
    }
    switch (s.reason) {
      case UnhelpfulReason::NoLocationInfo: o_ += "<no-location>"; break;
      case UnhelpfulReason::WiredIn: o_ += "<wired-in>"; break;
      case UnhelpfulReason::Interactive: o_ += "<interactive>"; break;
      case UnhelpfulReason::Generated: o_ += "<generated>"; break;
      case UnhelpfulReason::Other:
        o_ += "<other ";
        str(s.other);
        o_ += '>';
        break;
    }
  }

  void bdecl(const Binder* b) {
    occ(b);
    if (!full_) return;
    o_ += " : ";
    type(b->type);
    static const char* scopes[] = {"public", "private", "closure"};
    o_ += ' ';
    o_ += scopes[size_t(b->scope)];
    o_ += ' ';
    details(b->details);
    o_ += " sig ";
    str(b->type_sig);
    o_ += " info ";
    str(b->info);
    o_ += " loc ";
    span(b->def_loc);
  }

  void source_text(const SourceText& s) {
    if (s.present) {
      o_ += "src";
      str(s.text);
    } else {
      o_ += "nosrc";
    }
  }
  void cconv(CCallConv c) {
    static const char* names[] = {"ccall", "capi", "stdcall", "prim", "javascript"};
    o_ += names[size_t(c)];
  }
  void safety(Safety s) {
    static const char* names[] = {"safe", "interruptible", "unsafe"};
    o_ += names[size_t(s)];
  }
  void target(const CCallTarget& t) {
    if (t.dynamic) {
      o_ += "dynamic";
      return;
    }
    o_ += "static ";
    source_text(t.source);
    o_ += ' ';
    str(t.symbol);
    o_ += ' ';
    if (t.has_unit) o_ += t.unit;
    else o_ += '-';
    o_ += t.is_function ? " true" : " false";
  }
  void header(bool has, const Header& h) {
    if (!has) {
      o_ += '-';
      return;
    }
    source_text(h.source);
    o_ += '/';
    str(h.name);
  }
  void clabel(const ModuleCLabel& l) {
    o_ += l.unit;
    o_ += ':';
    o_ += l.module;
    o_ += ' ';
    switch (l.kind) {
      case ModuleLabelKind::Initializer: o_ += "initializer "; str(l.text); break;
      case ModuleLabelKind::InitializerArray: o_ += "initializer-array"; break;
      case ModuleLabelKind::Finalizer: o_ += "finalizer "; str(l.text); break;
      case ModuleLabelKind::FinalizerArray: o_ += "finalizer-array"; break;
      case ModuleLabelKind::IPEBuffer: o_ += "ipe-buffer"; break;
    }
  }
  void unicode_char(uint32_t c) {
    char buf[16];
    snprintf(buf, sizeof buf, "U+%04X", c);
    o_ += buf;
  }

  void stubs(const ForeignStubs& s) {
    if (!s.present) {
      o_ += "stubs none\n";
      return;
    }
    o_ += "stubs\n";
    indent(1);
    o_ += "header ";
    str(s.header);
    o_ += '\n';
    indent(1);
    o_ += "c-source ";
    str(s.c_source);
    o_ += '\n';
    for (auto& l : s.initializers) {
      indent(1);
      o_ += "initializer ";
      clabel(l);
      o_ += '\n';
    }
    for (auto& l : s.finalizers) {
      indent(1);
      o_ += "finalizer ";
      clabel(l);
      o_ += '\n';
    }
    for (auto& d : s.decls) {
      indent(1);
      if (d.is_export) {
        o_ += "export ";
        source_text(d.export_static_source);
        o_ += ' ';
        str(d.export_name);
        o_ += ' ';
        cconv(d.export_conv);
        o_ += ' ';
        source_text(d.export_source);
        o_ += ' ';
        o_ += print_unique(d.export_binder);
        o_ += ' ';
        str(d.export_extra);
      } else {
        o_ += "import ";
        cconv(d.conv);
        o_ += ' ';
        safety(d.safety);
        o_ += " header ";
        header(d.has_header, d.header);
        o_ += ' ';
        switch (d.spec) {
          case CImportSpecKind::CLabel: o_ += "label "; str(d.label); break;
          case CImportSpecKind::CFunction: o_ += "function "; target(d.target); break;
          case CImportSpecKind::CWrapper: o_ += "wrapper"; break;
        }
        o_ += ' ';
        source_text(d.import_source);
        if (d.has_impl) {
          o_ += " impl ";
          const StubImpl& im = d.impl;
          if (!im.capi) {
            o_ += "cwrapper ";
            str(im.label);
            o_ += ' ';
            if (im.has_int) o_ += std::to_string(im.int_value);
            else o_ += '-';
            o_ += im.is_io ? " true " : " false ";
            str(im.result_type);
            o_ += " [";
            for (uint32_t i = 0; i < im.arg_types.size(); ++i) {
              if (i) o_ += ',';
              str(im.arg_types[i]);
            }
            o_ += ']';
          } else {
            o_ += "capi ";
            str(im.capi_name);
            o_ += " [";
            for (uint32_t i = 0; i < im.capi_args.size(); ++i) {
              if (i) o_ += ',';
              auto& a = im.capi_args[i];
              o_ += '(';
              header(a.has_header, a.header);
              o_ += ',';
              str(a.text);
              o_ += ',';
              unicode_char(a.chr);
              o_ += ')';
            }
            o_ += ']';
          }
        }
      }
      o_ += '\n';
    }
  }

  void lit(const Lit& l) {
    static const char* numtypes[] = {"int", "int8", "int16", "int32", "int64",
                                     "word", "word8", "word16", "word32", "word64"};
    switch (l.kind) {
      case LitKind::Char: o_ += "char "; unicode_char(l.chr); break;
      case LitKind::String: o_ += "string "; str(l.bytes); break;
      case LitKind::NullAddr: o_ += "nulladdr"; break;
      case LitKind::Float:
      case LitKind::Double:
        o_ += l.kind == LitKind::Float ? "float " : "double ";
        o_ += l.num.to_decimal();
        o_ += '/';
        o_ += l.den.to_decimal();
        break;
      case LitKind::Label:
        o_ += "label ";
        str(l.bytes);
        if (!l.label_is_function) o_ += " data";
        else if (l.label_has_size) o_ += " function(" + std::to_string(l.label_size) + ")";
        else o_ += " function";
        break;
      case LitKind::Number:
        o_ += numtypes[size_t(l.num_type)];
        o_ += ' ';
        o_ += l.num.to_decimal();
        break;
      case LitKind::Rubbish: o_ += "rubbish "; type(l.rubbish); break;
    }
  }

  void arg(const Arg& a) {
    o_ += ' ';
    if (a.kind == ArgKind::Var) {
      occ(a.var);
    } else {
      o_ += '(';
      lit(*a.lit);
      o_ += ')';
    }
  }

  void rhs(const Rhs* r, int i) {
    if (r->kind == RhsKind::Con) {
      o_ += "con ";
      occ(r->con);
      for (auto& a : r->args) arg(a);
      o_ += '\n';
      return;
    }
    static const char flags[] = {'r', 'u', 's'};
    o_ += '\\';
    o_ += flags[size_t(r->flag)];
    o_ += " {";
    for (uint32_t k = 0; k < r->free_vars.size(); ++k) {
      if (k) o_ += ' ';
      occ(r->free_vars[k]);
    }
    o_ += "} [";
    for (uint32_t k = 0; k < r->params.size(); ++k) {
      if (k) o_ += ' ';
      bdecl(r->params[k]);
    }
    o_ += "] ->\n";
    expr(r->body, i + 1);
  }

  // A binding whose first line starts at indentation i.
  void binding(const Binding& b, int i) {
    if (!b.rec) {
      indent(i);
      bdecl(b.binders[0]);
      o_ += " = ";
      rhs(b.rhss[0], i);
      return;
    }
    indent(i);
    o_ += "rec\n";
    for (uint32_t k = 0; k < b.binders.size(); ++k) {
      indent(i + 1);
      bdecl(b.binders[k]);
      o_ += " = ";
      rhs(b.rhss[k], i + 1);
    }
    indent(i);
    o_ += "end\n";
  }

  void alt_type(const AltType& t) {
    switch (t.kind) {
      case AltTypeKind::PolyAlt: o_ += "poly"; break;
      case AltTypeKind::MultiValAlt: o_ += "multi " + std::to_string(t.arity); break;
      case AltTypeKind::PrimAlt: o_ += "prim "; rep(t.rep); break;
      case AltTypeKind::AlgAlt: o_ += "alg "; occ(t.tycon); break;
    }
  }

  void expr(const Expr* e, int i) {
    indent(i);
    switch (e->kind) {
      case ExprKind::App: {
        auto* a = e->as<EApp>();
        o_ += "app ";
        occ(a->fn);
        for (auto& x : a->args) arg(x);
        o_ += '\n';
        break;
      }
      case ExprKind::Lit:
        o_ += "lit ";
        lit(*e->as<ELit>()->lit);
        o_ += '\n';
        break;
      case ExprKind::ConApp: {
        auto* c = e->as<EConApp>();
        o_ += "conapp ";
        occ(c->con);
        for (auto& x : c->args) arg(x);
        o_ += " :: [";
        for (uint32_t k = 0; k < c->types.size(); ++k) {
          if (k) o_ += ',';
          type(c->types[k]);
        }
        o_ += "]\n";
        break;
      }
      case ExprKind::OpApp: {
        auto* op = e->as<EOpApp>();
        o_ += "op ";
        switch (op->op->kind) {
          case OpKind::PrimOp: o_ += "prim "; str(op->op->name); break;
          case OpKind::PrimCall:
            o_ += "primcall ";
            str(op->op->name);
            o_ += ' ';
            o_ += op->op->unit;
            break;
          case OpKind::FCall:
            o_ += "ffi ";
            target(op->op->target);
            o_ += ' ';
            cconv(op->op->conv);
            o_ += ' ';
            safety(op->op->safety);
            break;
        }
        for (auto& x : op->args) arg(x);
        o_ += " :: ";
        type(op->result_type);
        if (op->has_result_tycon) {
          o_ += " @";
          occ(op->result_tycon);
        }
        o_ += '\n';
        break;
      }
      case ExprKind::Case: {
        auto* c = e->as<ECase>();
        o_ += "case\n";
        expr(c->scrut, i + 1);
        indent(i);
        o_ += "of ";
        bdecl(c->binder);
        o_ += ' ';
        alt_type(c->alt_type);
        o_ += '\n';
        for (auto& a : c->alts) {
          indent(i + 1);
          switch (a.con_kind) {
            case AltConKind::Default: o_ += "default"; break;
            case AltConKind::Lit: o_ += "lit ("; lit(*a.lit); o_ += ')'; break;
            case AltConKind::DataCon: o_ += "con "; occ(a.con); break;
          }
          o_ += " [";
          for (uint32_t k = 0; k < a.binders.size(); ++k) {
            if (k) o_ += ' ';
            bdecl(a.binders[k]);
          }
          o_ += "] ->\n";
          expr(a.rhs, i + 2);
        }
        break;
      }
      case ExprKind::Let:
      case ExprKind::LetNoEscape: {
        auto* l = e->as<ELet>();
        o_ += e->kind == ExprKind::Let ? "let\n" : "letjoin\n";
        binding(*l->binding, i + 1);
        indent(i);
        o_ += "in\n";
        expr(l->body, i + 1);
        break;
      }
      case ExprKind::Tick: {
        auto* t = e->as<ETick>();
        o_ += "tick ";
        switch (t->tick->kind) {
          case TickishKind::ProfNote: o_ += "profnote"; break;
          case TickishKind::HpcTick: o_ += "hpc"; break;
          case TickishKind::Breakpoint: o_ += "breakpoint"; break;
          case TickishKind::SourceNote:
            o_ += "source ";
            real_span(t->tick->span);
            o_ += ' ';
            str(t->tick->name);
            break;
        }
        o_ += '\n';
        expr(t->body, i + 1);
        break;
      }
    }
  }
};

}  // namespace

void dump_module(std::string& out, const stg::Module& m, bool full) { Printer(out, full).module(m); }

}  // namespace stgvm
