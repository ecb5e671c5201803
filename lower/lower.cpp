// STG → machine IR. One code block per closure entry, case continuation and join point;
// variables live in block registers, across evaluations in continuation frames.
#include "lower/lower.h"
#include "lower/reachable.h"

#include <algorithm>
#include <iterator>
#include <cstring>
#include <map>
#include <unordered_map>

#include "lower/free_vars.h"
#include "lower/lower_ctx.h"
#include "lower/peephole.h"
#include "primops/primop_table.h"

namespace stgvm {

using namespace stg;
using ir::Instr;
using ir::Op;
using ir::Reg;

// ---- helpers shared with lower_expr.cpp -------------------------------------------------

bool rep_is_ptr(const PrimRep& r) { return r.tag == PrimRepTag::Lifted || r.tag == PrimRepTag::Unlifted; }

bool binder_is_ptr(const Binder* b) {
  const Type& t = b->type;
  if (t.kind == TypeKind::SingleValue) return rep_is_ptr(t.reps[0]);
  return t.kind == TypeKind::PolymorphicRep;
}

CRep crep_of(const PrimRep& r) {
  switch (r.tag) {
    case PrimRepTag::Void: return CRep::Void;
    case PrimRepTag::Int8: return CRep::Int8;
    case PrimRepTag::Int16: return CRep::Int16;
    case PrimRepTag::Int32: return CRep::Int32;
    case PrimRepTag::Int64: return CRep::Int64;
    case PrimRepTag::Int: return CRep::Int;
    case PrimRepTag::Word8: return CRep::Word8;
    case PrimRepTag::Word16: return CRep::Word16;
    case PrimRepTag::Word32: return CRep::Word32;
    case PrimRepTag::Word64: return CRep::Word64;
    case PrimRepTag::Word: return CRep::Word;
    case PrimRepTag::Float: return CRep::Float;
    case PrimRepTag::Double: return CRep::Double;
    // An unlifted heap object: the Driver passes an array (ByteArray#, Array#, … under whatever
    // synonym its type is written with) as a pointer to its contents, as GHC does.
    case PrimRepTag::Unlifted: return CRep::Unlifted;
    default: return CRep::Addr;  // Addr#
  }
}

Lowerer::Lowerer(const Program& p, const std::unordered_set<const Binder*>* live)
    : p_(p), st_(img_.static_bytes.own()), live_(live) {}

const TopSym& Lowerer::top(const Binder* b) const {
  auto it = top_.find(b);
  if (it == top_.end())
    throw LowerError("internal error: " + std::string(b->unique_name) + " is referenced but was not found reachable");
  return it->second;
}

uint32_t Lowerer::new_block(ir::BlockKind kind, std::string_view name) {
  ir::Block b;
  b.kind = kind;
  b.name = uint32_t(img_.names.size());
  img_.names.emplace_back(name);
  img_.blocks.push_back(b);
  return uint32_t(img_.blocks.size() - 1);
}

void Lowerer::finish(Gen& g) {
  tidy_block(g.code, g.sites, img_.pool, g.nregs, g.block);
  ir::Block& b = img_.blocks[g.block];
  b.first = uint32_t(img_.code.size());
  b.count = uint32_t(g.code.size());
  b.nregs = g.nregs;
  if (g.owner) {
    if (img_.attr.block_owner.size() <= g.block) img_.attr.block_owner.resize(g.block + 1);
    img_.attr.block_owner[g.block] = g.owner;
  }
  for (CallSite s : g.sites) {
    s.code += b.first;
    img_.attr.sites.push_back(s);
  }
  img_.code.append(g.code.begin(), g.code.end());
}

uint32_t Lowerer::info_table(uint32_t entry, uint32_t ptrs, uint32_t nptrs, uint32_t type, uint32_t tag_or_arity,
                             std::string_view name, uint64_t fun_arg_bitmap) {
  bool fun = layout::is_fun(type);
  uint32_t a = st_.alloc(8 * (fun ? layout::kFunInfoWords : layout::kInfoWords));
  infos_.push_back(a);
  st_.put64(a + layout::kInfoEntry, entry);
  st_.put64(a + layout::kInfoLayout, uint64_t(ptrs) | (uint64_t(nptrs) << 32));
  st_.put64(a + layout::kInfoType, uint64_t(type) | (uint64_t(tag_or_arity) << 32));
  st_.put64(a + layout::kInfoName, st_.bytes(name));
  if (fun) st_.put64(a + layout::kInfoFunArgBitmap, fun_arg_bitmap);
  return a;
}

const ConLayout& Lowerer::con_layout(const DataCon* dc) {
  dc = dc->canonical ? dc->canonical : dc;
  auto it = cons_.find(dc);
  if (it != cons_.end()) return it->second;
  ConLayout c;
  uint32_t nptr = 0;
  for (const PrimRep& r : dc->fields) nptr += rep_is_ptr(r);
  uint32_t ip = 0, in = nptr;
  for (const PrimRep& r : dc->fields) {
    bool ptr = rep_is_ptr(r);
    c.slot.push_back(ptr ? ip++ : in++);
    c.is_ptr.push_back(ptr);
  }
  c.nwords = uint32_t(dc->fields.size());
  c.info = info_table(uint32_t(RtsBlock::ReturnSelf), nptr, c.nwords - nptr, layout::CONSTR, dc->tag, dc->unique_name);
  if (c.nwords == 0) {
    c.nullary_closure = st_.alloc(8);
    st_.put64(c.nullary_closure, c.info);
  }
  return cons_.emplace(dc, std::move(c)).first->second;
}

uint32_t Lowerer::enum_table(const TyCon* tc) {
  tc = tc->canonical ? tc->canonical : tc;
  auto it = enum_tables_.find(tc);
  if (it != enum_tables_.end()) return it->second;
  std::vector<uint32_t> closures;
  for (const DataCon& dc : tc->datacons) closures.push_back(con_layout(&dc).nullary_closure);
  uint32_t t = st_.alloc(uint32_t(8 * std::max<size_t>(1, closures.size())));
  for (size_t i = 0; i < closures.size(); ++i) st_.put64(t + uint32_t(8 * i), closures[i]);
  enum_tables_.emplace(tc, t);
  return t;
}

uint32_t Lowerer::label_cell(std::string_view name) {
  auto it = labels_.find(std::string(name));
  if (it != labels_.end()) return it->second;
  uint32_t a = st_.alloc(8);
  st_.put64(a, img_.labels.size());
  img_.labels.emplace_back(name);
  img_.label_cells.push_back(a);
  labels_.emplace(std::string(name), a);
  return a;
}

uint32_t Lowerer::data_label(std::string_view name) {
  // The RTS's own variables that libraries read (base's getNumCapabilities reads
  // enabled_capabilities): static data with the non-threaded RTS's values. Other data labels
  // stand for their names, as function labels do (a foreign call resolves them).
  static const struct {
    const char* name;
    uint64_t value;
  } kRtsData[] = {{"enabled_capabilities", 1}, {"n_capabilities", 1}};
  for (const auto& d : kRtsData) {
    if (name != d.name) continue;
    auto [it, fresh] = labels_.try_emplace("data:" + std::string(name), 0);
    if (fresh) {
      it->second = st_.alloc(8);
      st_.put64(it->second, d.value);
    }
    return it->second;
  }
  return label_cell(name);
}

uint32_t Lowerer::name_index(std::string_view name) {
  img_.names.emplace_back(name);
  return uint32_t(img_.names.size() - 1);
}

uint32_t Lowerer::foreign_site(const StgOp& op, const std::vector<CRep>& args, CRep result) {
  ForeignSite s;
  s.dynamic = op.target.dynamic;
  s.symbol = std::string(op.target.symbol);
  s.arg_reps = args;
  s.result_rep = result;
  std::string key = s.symbol + (s.dynamic ? "#dyn" : "") + ":" + char('A' + int(result));
  for (CRep r : args) key += char('A' + int(r));
  auto it = foreign_index_.find(key);
  if (it != foreign_index_.end()) return it->second;
  uint32_t i = uint32_t(img_.foreign.size());
  img_.foreign.push_back(std::move(s));
  foreign_index_.emplace(key, i);
  return i;
}

// ---- static layout of top-level bindings ---------------------------------------------------

void Lowerer::plan_top_level() {
  // RTS info tables first (fixed order: the executors find them through Image::rts_info).
  auto rts = [&](RtsInfo i, uint32_t entry, uint32_t ptrs, uint32_t nptrs, uint32_t type, const char* name) {
    img_.rts_info[i] = info_table(entry, ptrs, nptrs, type, 0, name);
  };
  rts(kBlackholeInfo, uint32_t(RtsBlock::Blackhole), 1, 0, layout::BLACKHOLE, "stg_BLACKHOLE");
  rts(kIndInfo, uint32_t(RtsBlock::Indirection), 1, 0, layout::IND, "stg_IND");
  rts(kIndStaticInfo, uint32_t(RtsBlock::Indirection), 1, 0, layout::IND_STATIC, "stg_IND_STATIC");
  rts(kUpdateFrameInfo, uint32_t(RtsBlock::Update), 2, 0, layout::UPDATE_FRAME, "stg_upd_frame");
  rts(kCatchFrameInfo, uint32_t(RtsBlock::CatchFrame), 3, 0, layout::CATCH_FRAME, "stg_catch_frame");
  rts(kStopFrameInfo, uint32_t(RtsBlock::Stop), 1, 0, layout::STOP_FRAME, "stg_stop_thread");
  rts(kPapInfo, uint32_t(RtsBlock::ReturnSelf), 0, 0, layout::PAP, "stg_PAP");
  rts(kApplyFrameInfo, uint32_t(RtsBlock::ApplyFrame), 0, 0, layout::RET_BIG, "stg_ap_frame");
  rts(kRestoreMaskInfo, uint32_t(RtsBlock::RestoreMask), 2, 0, layout::RET_SMALL, "stg_restore_mask");
  rts(kArrWordsInfo, uint32_t(RtsBlock::ReturnSelf), 0, 0, layout::ARR_WORDS, "stg_ARR_WORDS");
  rts(kMutArrInfo, uint32_t(RtsBlock::ReturnSelf), 0, 0, layout::MUT_ARR_PTRS_CLEAN, "stg_MUT_ARR_PTRS");
  rts(kSmallMutArrInfo, uint32_t(RtsBlock::ReturnSelf), 0, 0, layout::SMALL_MUT_ARR_PTRS_CLEAN, "stg_SMALL_MUT_ARR_PTRS");
  rts(kMutVarInfo, uint32_t(RtsBlock::ReturnSelf), 1, 0, layout::MUT_VAR_CLEAN, "stg_MUT_VAR");
  rts(kMVarInfo, uint32_t(RtsBlock::ReturnSelf), 3, 0, layout::MVAR_CLEAN, "stg_MVAR");
  rts(kTsoInfo, uint32_t(RtsBlock::ReturnSelf), 0, 0, layout::TSO, "stg_TSO");
  rts(kWeakInfo, uint32_t(RtsBlock::ReturnSelf), 5, 0, layout::WEAK, "stg_WEAK");
  rts(kCFinalizerInfo, uint32_t(RtsBlock::ReturnSelf), 1, 4, layout::CONSTR, "stg_C_FINALIZER_LIST");
  rts(kStableNameInfo, uint32_t(RtsBlock::ReturnSelf), 0, 1, layout::CONSTR, "stg_STABLE_NAME");
  rts(kRaiseInfo, uint32_t(RtsBlock::Raise), 1, 0, layout::THUNK, "stg_raise");
  rts(kApInfo, uint32_t(RtsBlock::ApThunk), 2, 0, layout::THUNK, "stg_ap_1_upd");
  rts(kSelInfo, uint32_t(RtsBlock::SelThunk), 1, 0, layout::THUNK_SELECTOR, "stg_sel_0_upd");
  rts(kSelFrameInfo, uint32_t(RtsBlock::SelFrame), 0, 0, layout::RET_SMALL, "stg_sel_ret");
  st_.put64(img_.rts_info[kSelFrameInfo] + layout::kInfoLayout, 1);  // frame of one word, no bitmap
  rts(kResumeJumpInfo, uint32_t(RtsBlock::ResumeJump), 0, 0, layout::RET_BIG, "stg_resume_jump");
  // Registers saved around a collection (never returned to: popped by the code that pushed it).
  rts(kSpillInfo, 0, 0, 0, layout::RET_BIG, "stg_gc_spill");
  // Frames an asynchronous exception leaves (interp/async.cpp): RET_SMALL with their size and
  // pointer bitmap in the layout word.
  auto frame = [&](RtsInfo i, RtsBlock b, uint32_t words, uint64_t ptr_bits, const char* name,
                   uint32_t type = layout::RET_SMALL) {
    rts(i, uint32_t(b), 0, 0, type, name);
    uint32_t bitmap = st_.alloc(8);
    st_.put64(bitmap, ptr_bits);
    st_.put64(img_.rts_info[i] + layout::kInfoLayout, uint64_t(words) | (uint64_t(bitmap) << 32));
  };
  rts(kApStackInfo, uint32_t(RtsBlock::ApStack), 0, 0, layout::AP_STACK, "stg_AP_STACK");
  frame(kEnterFrameInfo, RtsBlock::EnterFrame, 2, 1, "stg_enter");
  frame(kRetValueInfo, RtsBlock::RetValue, 2, 1, "stg_ret_p");
  frame(kRetryMVarInfo, RtsBlock::RetryMVar, 4, 0b110, "stg_block_mvar_retry");
  frame(kRetryThrowToInfo, RtsBlock::RetryThrowTo, 3, 0b11, "stg_block_throwto_retry");
  // STM (runtime/stm.h): TVars, transaction records and the frames of atomically#, orElse and
  // catchSTM#, laid out like RET_SMALL frames but with GHC's frame types.
  rts(kTVarInfo, uint32_t(RtsBlock::ReturnSelf), 1, 0, layout::TVAR, "stg_TVAR");
  rts(kTRecInfo, uint32_t(RtsBlock::ReturnSelf), 0, 0, layout::TREC_CHUNK, "stg_TREC_CHUNK");
  frame(kAtomicallyFrameInfo, RtsBlock::AtomicallyFrame, layout::kAtomicallyFrameWords, 0b1, "stg_atomically_frame",
        layout::ATOMICALLY_FRAME);
  frame(kAtomicallyWaitingInfo, RtsBlock::AtomicallyWaiting, layout::kAtomicallyFrameWords, 0b1,
        "stg_atomically_waiting_frame", layout::ATOMICALLY_FRAME);
  frame(kCatchRetryFrameInfo, RtsBlock::CatchRetryFrame, layout::kCatchRetryFrameWords, 0b011, "stg_catch_retry_frame",
        layout::CATCH_RETRY_FRAME);
  frame(kCatchStmFrameInfo, RtsBlock::CatchStmFrame, layout::kCatchStmFrameWords, 0b11, "stg_catch_stm_frame",
        layout::CATCH_STM_FRAME);
  // The runtime boxes the finalizer count it passes to base's runFinalizerBatch.
  if (const DataCon* dc = p_.find_datacon("ghc-prim_GHC.Types.I#")) img_.rts_info[kIntBoxInfo] = con_layout(dc).info;

  for (const Module* m : p_.modules) {
    for (const TopBinding& tb : m->top_bindings) {
      if (tb.string_lit) {
        if (!lowered(tb.string_binder)) continue;
        TopSym t;
        t.kind = TopSym::String;
        t.addr = st_.bytes(tb.string_bytes);
        top_.emplace(tb.string_binder, t);
        continue;
      }
      for (uint32_t i = 0; i < tb.binding.binders.size(); ++i) {
        const Binder* b = tb.binding.binders[i];
        const Rhs* r = tb.binding.rhss[i];
        if (!lowered(b)) continue;
        TopSym t;
        t.rhs = r;
        if (r->kind == RhsKind::Con) {
          t.kind = TopSym::Con;
          const ConLayout& c = con_layout(r->con.target());
          t.addr = st_.alloc(8 * (1 + c.nwords) + 8);  // (and the static link word)
        } else if (!r->params.empty()) {
          t.kind = TopSym::Fun;
          t.arity = r->params.size();
          t.entry = new_block(ir::BlockKind::ClosureEntry, b->unique_name);
          uint64_t bitmap = 0;
          for (uint32_t k = 0; k < r->params.size() && k < 64; ++k)
            if (binder_is_ptr(r->params[k])) bitmap |= uint64_t(1) << k;
          t.info = info_table(t.entry, 0, 0, layout::FUN_STATIC, t.arity, b->unique_name, bitmap);
          t.addr = st_.alloc(8 * layout::kFunStaticWords);
          st_.put64(t.addr, t.info);
        } else {
          t.kind = TopSym::Thunk;
          t.entry = new_block(ir::BlockKind::ClosureEntry, b->unique_name);
          t.info = info_table(t.entry, 0, 0, layout::THUNK_STATIC, 0, b->unique_name);
          t.addr = st_.alloc(8 * layout::kStaticThunkWords);
          st_.put64(t.addr, t.info);
        }
        top_.emplace(b, t);
      }
    }
  }
  // Static constructor payloads (other static closures, literals), now that every top-level
  // address is known.
  for (const Module* m : p_.modules) {
    for (const TopBinding& tb : m->top_bindings) {
      if (tb.string_lit) continue;
      for (uint32_t i = 0; i < tb.binding.binders.size(); ++i) {
        if (!lowered(tb.binding.binders[i])) continue;
        const TopSym& t = top(tb.binding.binders[i]);
        if (t.kind != TopSym::Con) continue;
        const ConLayout& c = con_layout(t.rhs->con.target());
        st_.put64(t.addr, c.info);
        for (uint32_t k = 0; k < t.rhs->args.size() && k < c.slot.size(); ++k)
          st_.put64(t.addr + 8 * (1 + c.slot[k]), static_atom(t.rhs->args[k]));
      }
    }
  }
  if (p_.main) img_.main_closure = top(p_.main).addr;
  uint32_t* const wired[] = {&img_.flush_std_handles, &img_.non_termination, &img_.div_zero, &img_.overflow,
                             &img_.underflow,         &img_.heap_overflow,   &img_.stack_overflow,
                             &img_.blocked_on_mvar,   &img_.blocked_on_stm,  &img_.nested_atomically,
                             &img_.run_finalizer_batch};
  static_assert(std::size(wired) == std::size(kRuntimeRootNames), "one field per runtime root");
  for (size_t i = 0; i < std::size(wired); ++i) {
    const Binder* b = p_.find_binder(kRuntimeRootNames[i]);
    *wired[i] = b ? top(b).addr : 0;
  }
}

uint64_t Lowerer::static_atom(const Arg& a) {
  if (a.kind == ArgKind::Lit) return lit_value(*a.lit);
  const Binder* d = a.var.target();
  if (!d) throw LowerError("unresolved reference " + std::string(a.var.binder ? a.var.binder->unique_name : "?"));
  if (d->builtin) return 0;
  return top(d).addr;
}

uint64_t Lowerer::lit_value(const Lit& l) {
  switch (l.kind) {
    case LitKind::Char: return l.chr;
    case LitKind::String: return st_.bytes(l.bytes);
    case LitKind::NullAddr: return 0;
    case LitKind::Float: {
      float f = rational_to_float(l.num, l.den);
      uint32_t bits;
      std::memcpy(&bits, &f, 4);
      return bits;
    }
    case LitKind::Double: {
      double d = rational_to_double(l.num, l.den);
      uint64_t bits;
      std::memcpy(&bits, &d, 8);
      return bits;
    }
    case LitKind::Label: return l.label_is_function ? label_cell(l.bytes) : data_label(l.bytes);
    case LitKind::Number: {
      uint64_t v = l.num.wrap_u64();
      switch (l.num_type) {
        case LitNumType::Int8: return uint64_t(int64_t(int8_t(v)));
        case LitNumType::Int16: return uint64_t(int64_t(int16_t(v)));
        case LitNumType::Int32: return uint64_t(int64_t(int32_t(v)));
        case LitNumType::Word8: return v & 0xFF;
        case LitNumType::Word16: return v & 0xFFFF;
        case LitNumType::Word32: return v & 0xFFFFFFFF;
        default: return v;
      }
    }
    case LitKind::Rubbish: return 0;
  }
  return 0;
}

void Lowerer::lower_all() {
  // RTS blocks occupy the first indices (their code is native to each executor).
  img_.blocks.emplace_back();  // 0: none
  img_.names.emplace_back("");
  static const char* const rts_names[] = {"",           "stg_stop_thread", "stg_return_self", "stg_upd_frame",
                                          "stg_IND",    "stg_BLACKHOLE",   "stg_catch_frame", "stg_ap_frame",
                                          "stg_restore_mask", "stg_raise", "stg_ap_1_upd",
                                          "stg_sel_0_upd", "stg_sel_ret", "stg_resume_jump",
                                          "stg_AP_STACK", "stg_enter", "stg_ret_p", "stg_block_mvar_retry",
                                          "stg_block_throwto_retry", "stg_atomically_frame",
                                          "stg_atomically_waiting_frame", "stg_catch_retry_frame",
                                          "stg_catch_stm_frame"};
  static_assert(std::size(rts_names) == size_t(RtsBlock::Count), "one name per runtime block");
  for (uint32_t i = 1; i < uint32_t(RtsBlock::Count); ++i) new_block(ir::BlockKind::Rts, rts_names[i]);
  plan_top_level();
  lower_rts_code();
  for (const Module* m : p_.modules) {
    for (const TopBinding& tb : m->top_bindings) {
      if (tb.string_lit) continue;
      for (uint32_t i = 0; i < tb.binding.binders.size(); ++i) {
        if (!lowered(tb.binding.binders[i])) continue;
        const TopSym& t = top(tb.binding.binders[i]);
        if (t.kind == TopSym::Con) continue;
        fv_.clear();
        joins_.clear();
        local_funs_.clear();
        bound_as_.clear();
        fv_.of(t.rhs->body);
        lower_closure(tb.binding.binders[i], t.rhs, t.entry, {}, /*top=*/true);
      }
    }
  }
  img_.attr.block_point.resize(img_.blocks.size());
  img_.attr.block_owner.resize(img_.blocks.size());
  build_srts();
}

Image lower_program(const Program& p, const layout::RegionSizes& sizes, bool all) {
  std::unordered_set<const Binder*> live;
  if (!all) live = reachable_top_level(p);
  Lowerer l(p, all ? nullptr : &live);
  l.lower_all();
  Image img = l.take();
  img.regions = layout::plan_regions(img.static_end(), sizes);
  return img;
}

}  // namespace stgvm
