// §2.3–2.5: every constructor of every V8 type, decoded from hand-assembled bytes and
// checked field by field; the worked example; bad tags for every sum type.
#include <gtest/gtest.h>

#include <functional>

#include "examples.h"
#include "loader/ast.h"
#include "loader/bigint.h"
#include "loader/stgbin_decoder.h"
#include "stgbin_builder.h"
#include "test_util.h"

using namespace stgb;
namespace stg = stgvm::stg;
using stgtest::Decoded;
using stgtest::decode_error;

namespace {

// A module whose moduleExternalTopIds hold `binders` under (u, M).
Bytes ext_module(const std::vector<Bytes>& binders) {
  ModuleB m;
  m.ext_ids = {ExtUnit("u", {{"M", binders}})};
  return m.build();
}
// A module with one top-level thunk per body.
Bytes bodies_module(const std::vector<Bytes>& bodies) {
  ModuleB m;
  int64_t i = 1;
  for (auto& b : bodies) m.binds.push_back(TopLifted(NonRec(Binder("x", U('r', i++)), Closure({}, Updatable, {}, b))));
  return m.build();
}
const stg::Expr* body(const stg::Module* m, size_t i = 0) { return m->top_bindings[i].binding.rhss[0]->body; }
const stg::Lit* body_lit(const stg::Module* m, size_t i = 0) {
  const stg::Expr* e = body(m, i);
  EXPECT_EQ(e->kind, stg::ExprKind::Lit);
  return e->as<stg::ELit>()->lit;
}
bool is_no_location(const stg::SrcSpan& s) { return !s.real && s.reason == stg::UnhelpfulReason::NoLocationInfo; }

// ---------------------------------------------------------------------------------------------
// §2.5 worked example

TEST(WorkedExample, Is141BytesAndBuilderAgrees) {
  std::string w = stgtest::worked_example();
  ASSERT_EQ(w.size(), stgtest::kWorkedExampleSize);
  // The builder must reproduce the spec's bytes exactly.
  ModuleB m;
  m.binds = {TopLifted(NonRec(SBinder("x", U('r', 1), SingleValue(LiftedRep), "Int", ModulePublic, VanillaId(), "", NoLoc()),
                              Closure({}, Updatable, {}, ELit(LitNumber(LitNumInt, Integer(42))))))};
  EXPECT_EQ(m.build(), w);
}

TEST(WorkedExample, DecodesFieldByField) {
  Decoded d;
  const stg::Module* m = d.decode(stgtest::worked_example());
  EXPECT_EQ(m->phase, "stg");
  EXPECT_EQ(m->unit, "main");
  EXPECT_EQ(m->name, "Main");
  EXPECT_FALSE(m->has_source_path);
  EXPECT_FALSE(m->stubs.present);
  EXPECT_FALSE(m->has_foreign_exported);
  EXPECT_TRUE(m->dependency.empty());
  EXPECT_TRUE(m->external_ids.empty());
  EXPECT_TRUE(m->tycons.empty());
  ASSERT_EQ(m->top_bindings.size(), 1u);
  const stg::TopBinding& tb = m->top_bindings[0];
  EXPECT_FALSE(tb.string_lit);
  EXPECT_FALSE(tb.binding.rec);
  ASSERT_EQ(tb.binding.binders.size(), 1u);
  const stg::Binder* x = tb.binding.binders[0];
  EXPECT_EQ(x->name, "x");
  EXPECT_EQ(x->id, (stg::Unique{'r', 1}));
  EXPECT_EQ(x->type.kind, stg::TypeKind::SingleValue);
  ASSERT_EQ(x->type.reps.size(), 1u);
  EXPECT_EQ(x->type.reps[0].tag, stg::PrimRepTag::Lifted);
  EXPECT_EQ(x->type_sig, "Int");
  EXPECT_EQ(x->scope, stg::Scope::ModulePublic);
  EXPECT_EQ(x->details.kind, stg::IdDetailsKind::VanillaId);
  EXPECT_EQ(x->info, "");
  EXPECT_TRUE(is_no_location(x->def_loc));
  const stg::Rhs* r = tb.binding.rhss[0];
  EXPECT_EQ(r->kind, stg::RhsKind::Closure);
  EXPECT_TRUE(r->free_vars.empty());
  EXPECT_EQ(r->flag, stg::UpdateFlag::Updatable);
  EXPECT_TRUE(r->params.empty());
  const stg::Lit* l = body_lit(m);
  EXPECT_EQ(l->kind, stg::LitKind::Number);
  EXPECT_EQ(l->num_type, stg::LitNumType::Int);
  EXPECT_EQ(l->num.to_i64(), 42);
}

TEST(WorkedExample, TrailingBytesAreRejectedWithTheOffset) {
  auto e = decode_error(stgtest::worked_example() + hex("00"));
  EXPECT_EQ(e.offset, 141);
  EXPECT_NE(e.what_wrong.find("left over"), std::string::npos) << e.what_wrong;
  auto e2 = decode_error(stgtest::worked_example() + hex("00 00 00 00 00 00 00 00 00 00"));
  EXPECT_EQ(e2.offset, 141);
}

TEST(WorkedExample, HeaderOnly) {
  std::string w = stgtest::worked_example();
  auto h = stgvm::decode_module_header(reinterpret_cast<const uint8_t*>(w.data()), w.size());
  EXPECT_EQ(h.phase, "stg");
  EXPECT_EQ(h.unit, "main");
  EXPECT_EQ(h.name, "Main");
  EXPECT_FALSE(h.has_foreign_exported);
  EXPECT_TRUE(h.dependency.empty());
}

// ---------------------------------------------------------------------------------------------
// Module fields

TEST(ModuleFields, SourcePathForeignExportedDependencies) {
  ModuleB mb;
  mb.unit = "base";
  mb.name = "Data.Foo";
  mb.phase = "stg";
  mb.source_path = "src/Data/Foo.hs";
  mb.has_foreign_exported = true;
  mb.deps = {Dep("ghc-prim", {"GHC.Types", "GHC.Classes"}), Dep("base", {}), Dep("ghc-internal", {"GHC.Internal.Base"})};
  std::string bytes = mb.build();
  Decoded d;
  const stg::Module* m = d.decode(bytes);
  EXPECT_EQ(m->unit, "base");
  EXPECT_EQ(m->name, "Data.Foo");
  EXPECT_TRUE(m->has_source_path);
  EXPECT_EQ(m->source_path, "src/Data/Foo.hs");
  EXPECT_TRUE(m->has_foreign_exported);
  ASSERT_EQ(m->dependency.size(), 3u);
  EXPECT_EQ(m->dependency[0].unit, "ghc-prim");
  ASSERT_EQ(m->dependency[0].modules.size(), 2u);
  EXPECT_EQ(m->dependency[0].modules[0], "GHC.Types");
  EXPECT_EQ(m->dependency[0].modules[1], "GHC.Classes");
  EXPECT_EQ(m->dependency[1].unit, "base");
  EXPECT_TRUE(m->dependency[1].modules.empty());
  EXPECT_EQ(m->dependency[2].modules[0], "GHC.Internal.Base");
  EXPECT_TRUE(m->top_bindings.empty());

  auto h = stgvm::decode_module_header(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  EXPECT_EQ(h.name, "Data.Foo");
  EXPECT_TRUE(h.has_foreign_exported);
  ASSERT_EQ(h.dependency.size(), 3u);
  EXPECT_EQ(h.dependency[0].first, "ghc-prim");
  EXPECT_EQ(h.dependency[0].second, (std::vector<std::string_view>{"GHC.Types", "GHC.Classes"}));
}

TEST(ModuleFields, ExternalTopIdsAreGroupedPerUnitAndModule) {
  ModuleB mb;
  mb.ext_ids = {ExtUnit("ghc-prim", {{"GHC.Types", {Binder("True", U('r', 1), ModulePublic), Binder("I#", U('r', 2), ModulePublic)}},
                                      {"GHC.Prim", {Binder("void#", U('0', 3), ModulePublic)}}}),
                ExtUnit("base", {{"GHC.Base", {Binder("map", U('r', 4), ModulePublic)}}})};
  Decoded d;
  const stg::Module* m = d.decode(mb.build());
  ASSERT_EQ(m->external_ids.size(), 3u);
  EXPECT_EQ(m->external_ids[0].unit, "ghc-prim");
  EXPECT_EQ(m->external_ids[0].module, "GHC.Types");
  ASSERT_EQ(m->external_ids[0].binders.size(), 2u);
  EXPECT_EQ(m->external_ids[0].binders[1]->name, "I#");
  EXPECT_EQ(m->external_ids[1].unit, "ghc-prim");
  EXPECT_EQ(m->external_ids[1].module, "GHC.Prim");
  EXPECT_EQ(m->external_ids[1].binders[0]->id, (stg::Unique{'0', 3}));
  EXPECT_EQ(m->external_ids[2].unit, "base");
  EXPECT_EQ(m->external_ids[2].binders[0]->name, "map");
}

// ---------------------------------------------------------------------------------------------
// Binders: types, scopes, details, locations

TEST(Binders, AllSeventeenPrimReps) {
  std::vector<Bytes> reps;
  for (int r = VoidRep; r <= DoubleRep; ++r) reps.push_back(R(Rep(r)));
  reps.push_back(VecRep(4, Int32ElemRep));
  EXPECT_EQ(R(DoubleRep), hex("0f"));  // §2.3 checked tags
  EXPECT_EQ(VecRep(4, Int32ElemRep).substr(0, 1), hex("10"));
  Decoded d;
  const stg::Module* m = d.decode(ext_module({Binder("t", U('a', 1), ClosurePrivate, UnboxedTuple(reps))}));
  const stg::Type& t = m->external_ids[0].binders[0]->type;
  EXPECT_EQ(t.kind, stg::TypeKind::UnboxedTuple);
  ASSERT_EQ(t.reps.size(), 17u);
  const stg::PrimRepTag expected[] = {
      stg::PrimRepTag::Void,   stg::PrimRepTag::Lifted, stg::PrimRepTag::Unlifted, stg::PrimRepTag::Int8,
      stg::PrimRepTag::Int16,  stg::PrimRepTag::Int32,  stg::PrimRepTag::Int64,    stg::PrimRepTag::Int,
      stg::PrimRepTag::Word8,  stg::PrimRepTag::Word16, stg::PrimRepTag::Word32,   stg::PrimRepTag::Word64,
      stg::PrimRepTag::Word,   stg::PrimRepTag::Addr,   stg::PrimRepTag::Float,    stg::PrimRepTag::Double,
      stg::PrimRepTag::Vec};
  for (size_t i = 0; i < 17; ++i) EXPECT_EQ(t.reps[i].tag, expected[i]) << i;
  EXPECT_EQ(t.reps[16].vec_len, 4);
  EXPECT_EQ(t.reps[16].elem, stg::PrimElemRep::Int32);
}

TEST(Binders, AllTenPrimElemReps) {
  std::vector<Bytes> reps;
  for (int e = Int8ElemRep; e <= DoubleElemRep; ++e) reps.push_back(VecRep(2 + e, ElemRep(e)));
  Decoded d;
  const stg::Module* m = d.decode(ext_module({Binder("t", U('a', 1), ClosurePrivate, UnboxedTuple(reps))}));
  const stg::Type& t = m->external_ids[0].binders[0]->type;
  ASSERT_EQ(t.reps.size(), 10u);
  const stg::PrimElemRep expected[] = {stg::PrimElemRep::Int8,   stg::PrimElemRep::Int16,  stg::PrimElemRep::Int32,
                                       stg::PrimElemRep::Int64,  stg::PrimElemRep::Word8,  stg::PrimElemRep::Word16,
                                       stg::PrimElemRep::Word32, stg::PrimElemRep::Word64, stg::PrimElemRep::Float,
                                       stg::PrimElemRep::Double};
  for (size_t i = 0; i < 10; ++i) {
    EXPECT_EQ(t.reps[i].tag, stg::PrimRepTag::Vec);
    EXPECT_EQ(t.reps[i].elem, expected[i]) << i;
    EXPECT_EQ(t.reps[i].vec_len, int64_t(2 + i));
  }
}

TEST(Binders, ThreeTypes) {
  Decoded d;
  const stg::Module* m = d.decode(ext_module({Binder("a", U('a', 1), ClosurePrivate, SingleValue(IntRep)),
                                             Binder("b", U('a', 2), ClosurePrivate, UnboxedTuple({})),
                                             Binder("c", U('a', 3), ClosurePrivate, UnboxedTuple({R(IntRep), R(WordRep)})),
                                             Binder("e", U('a', 4), ClosurePrivate, PolymorphicRep())}));
  auto& bs = m->external_ids[0].binders;
  EXPECT_EQ(bs[0]->type.kind, stg::TypeKind::SingleValue);
  ASSERT_EQ(bs[0]->type.reps.size(), 1u);
  EXPECT_EQ(bs[0]->type.reps[0].tag, stg::PrimRepTag::Int);
  EXPECT_EQ(bs[1]->type.kind, stg::TypeKind::UnboxedTuple);
  EXPECT_TRUE(bs[1]->type.reps.empty());
  EXPECT_EQ(bs[2]->type.kind, stg::TypeKind::UnboxedTuple);
  ASSERT_EQ(bs[2]->type.reps.size(), 2u);
  EXPECT_EQ(bs[2]->type.reps[1].tag, stg::PrimRepTag::Word);
  EXPECT_EQ(bs[3]->type.kind, stg::TypeKind::PolymorphicRep);
  EXPECT_TRUE(bs[3]->type.reps.empty());
}

TEST(Binders, ThreeScopesAndTextFields) {
  Decoded d;
  const stg::Module* m = d.decode(ext_module(
      {SBinder("p", U('a', 1), SingleValue(LiftedRep), "Int -> Int", ModulePublic, VanillaId(), "Arity=1", NoLoc()),
       SBinder("q", U('a', 2), SingleValue(LiftedRep), "", ModulePrivate, VanillaId(), "", NoLoc()),
       SBinder("r", U('a', 3), SingleValue(LiftedRep), "a\x01", ClosurePrivate, VanillaId(), std::string("\0\xff", 2), NoLoc())}));
  auto& bs = m->external_ids[0].binders;
  EXPECT_EQ(bs[0]->scope, stg::Scope::ModulePublic);
  EXPECT_EQ(bs[0]->type_sig, "Int -> Int");
  EXPECT_EQ(bs[0]->info, "Arity=1");
  EXPECT_EQ(bs[1]->scope, stg::Scope::ModulePrivate);
  EXPECT_EQ(bs[2]->scope, stg::Scope::ClosurePrivate);
  EXPECT_EQ(bs[2]->type_sig, "a\x01");
  EXPECT_EQ(bs[2]->info, std::string_view("\0\xff", 2));
}

TEST(Binders, AllIdDetails) {
  EXPECT_EQ(RepPolyId(), hex("0c"));
  std::vector<Bytes> details = {
      VanillaId(),
      RecSelId(),
      DataConWorkId(U('d', 7)),
      DataConWrapId(U('d', 8)),
      ClassOpId(),
      PrimOpId(),
      FCallId(),
      TickBoxOpId(),
      DFunId(),
      CoVarId(),
      JoinId(2, std::nullopt),
      JoinId(3, std::vector<Bytes>{MarkedCbv(), NotMarkedCbv()}),
      JoinId(0, std::vector<Bytes>{}),
      WorkerLikeId({NotMarkedCbv(), MarkedCbv(), MarkedCbv()}),
      WorkerLikeId({}),
      RepPolyId(),
  };
  std::vector<Bytes> binders;
  for (size_t i = 0; i < details.size(); ++i)
    binders.push_back(Binder("b", U('a', int64_t(i)), ClosurePrivate, SingleValue(LiftedRep), details[i]));
  Decoded d;
  const stg::Module* m = d.decode(ext_module(binders));
  auto& bs = m->external_ids[0].binders;
  ASSERT_EQ(bs.size(), details.size());
  using K = stg::IdDetailsKind;
  const K kinds[] = {K::VanillaId, K::RecSelId, K::DataConWorkId, K::DataConWrapId, K::ClassOpId, K::PrimOpId,
                     K::FCallId,   K::TickBoxOpId, K::DFunId,     K::CoVarId,       K::JoinId,    K::JoinId,
                     K::JoinId,    K::WorkerLikeId, K::WorkerLikeId, K::RepPolyId};
  for (size_t i = 0; i < details.size(); ++i) EXPECT_EQ(bs[i]->details.kind, kinds[i]) << i;
  // Declaration indices of §2.4.
  EXPECT_EQ(int(K::JoinId), 10);
  EXPECT_EQ(int(K::WorkerLikeId), 11);
  EXPECT_EQ(int(K::RepPolyId), 12);
  EXPECT_EQ(bs[2]->details.datacon, (stg::Unique{'d', 7}));
  EXPECT_EQ(bs[3]->details.datacon, (stg::Unique{'d', 8}));
  EXPECT_EQ(bs[10]->details.join_arity, 2);
  EXPECT_FALSE(bs[10]->details.has_marks);
  EXPECT_EQ(bs[11]->details.join_arity, 3);
  EXPECT_TRUE(bs[11]->details.has_marks);
  ASSERT_EQ(bs[11]->details.marks.size(), 2u);
  EXPECT_EQ(bs[11]->details.marks[0], stg::CbvMark::MarkedCbv);
  EXPECT_EQ(bs[11]->details.marks[1], stg::CbvMark::NotMarkedCbv);
  EXPECT_EQ(bs[12]->details.join_arity, 0);
  EXPECT_TRUE(bs[12]->details.has_marks);  // Just []
  EXPECT_TRUE(bs[12]->details.marks.empty());
  ASSERT_EQ(bs[13]->details.marks.size(), 3u);
  EXPECT_EQ(bs[13]->details.marks[0], stg::CbvMark::NotMarkedCbv);
  EXPECT_EQ(bs[13]->details.marks[2], stg::CbvMark::MarkedCbv);
  EXPECT_TRUE(bs[14]->details.marks.empty());
}

TEST(Binders, SrcSpans) {
  Decoded d;
  const stg::Module* m = d.decode(ext_module({
      SBinder("a", U('a', 1), PolymorphicRep(), "", ClosurePrivate, VanillaId(), "", RealSpan(RealSrcSpan("A.hs", 1, 2, 3, 4))),
      SBinder("b", U('a', 2), PolymorphicRep(), "", ClosurePrivate, VanillaId(), "",
              RealSpan(RealSrcSpan("B.hs", 10, 20, 30, 40), std::make_pair(int64_t(100), int64_t(250)))),
      SBinder("c", U('a', 3), PolymorphicRep(), "", ClosurePrivate, VanillaId(), "", UnhelpfulNoLocationInfo()),
      SBinder("e", U('a', 4), PolymorphicRep(), "", ClosurePrivate, VanillaId(), "", UnhelpfulWiredIn()),
      SBinder("f", U('a', 5), PolymorphicRep(), "", ClosurePrivate, VanillaId(), "", UnhelpfulInteractive()),
      SBinder("g", U('a', 6), PolymorphicRep(), "", ClosurePrivate, VanillaId(), "", UnhelpfulGenerated()),
      SBinder("h", U('a', 7), PolymorphicRep(), "", ClosurePrivate, VanillaId(), "", UnhelpfulOther("<built-in>")),
  }));
  auto& bs = m->external_ids[0].binders;
  const stg::SrcSpan& a = bs[0]->def_loc;
  EXPECT_TRUE(a.real);
  EXPECT_EQ(a.span.file, "A.hs");
  EXPECT_EQ(a.span.start_line, 1);
  EXPECT_EQ(a.span.start_col, 2);
  EXPECT_EQ(a.span.end_line, 3);
  EXPECT_EQ(a.span.end_col, 4);
  EXPECT_FALSE(a.has_buf);
  const stg::SrcSpan& b = bs[1]->def_loc;
  EXPECT_TRUE(b.real);
  EXPECT_EQ(b.span.file, "B.hs");
  EXPECT_EQ(b.span.end_col, 40);
  EXPECT_TRUE(b.has_buf);
  EXPECT_EQ(b.buf_start, 100);
  EXPECT_EQ(b.buf_end, 250);
  const stg::UnhelpfulReason reasons[] = {stg::UnhelpfulReason::NoLocationInfo, stg::UnhelpfulReason::WiredIn,
                                          stg::UnhelpfulReason::Interactive, stg::UnhelpfulReason::Generated,
                                          stg::UnhelpfulReason::Other};
  for (size_t i = 0; i < 5; ++i) {
    EXPECT_FALSE(bs[2 + i]->def_loc.real);
    EXPECT_EQ(bs[2 + i]->def_loc.reason, reasons[i]) << i;
  }
  EXPECT_EQ(bs[6]->def_loc.other, "<built-in>");
}

TEST(Binders, UniqueWithMultiByteTagFromSpec) {
  Bytes id = hex("c3 a9 00 00 00 00 00 00 00 01");  // §2.5: Unique 'é' 1
  EXPECT_EQ(U(0xE9, 1), id);
  Decoded d;
  const stg::Module* m = d.decode(ext_module({Binder("e", id), Binder("s", U(0x1F600, -7))}));
  EXPECT_EQ(m->external_ids[0].binders[0]->id, (stg::Unique{0xE9, 1}));
  EXPECT_EQ(m->external_ids[0].binders[1]->id, (stg::Unique{0x1F600, -7}));
}

// ---------------------------------------------------------------------------------------------
// Data types

TEST(DataTypes, TyConsDataConsAndReps) {
  Bytes alg_spec = hex("00 00 00 00 00 00 00 00 02 01 07");  // §2.5 AlgDataCon [LiftedRep, IntRep]
  Bytes utup_spec = hex("01 00 00 00 00 00 00 00 02");        // §2.5 UnboxedTupleCon 2
  EXPECT_EQ(AlgDataCon({R(LiftedRep), R(IntRep)}), alg_spec);
  EXPECT_EQ(UnboxedTupleCon(2), utup_spec);
  ModuleB mb;
  mb.tycons = {
      TyConUnit("base", {{"GHC.Maybe",
                          {STyCon("Maybe", U('r', 10),
                                  {SDataCon("Nothing", U('r', 11), AlgDataCon({}),
                                            Binder("Nothing", U('r', 12), ModulePublic, SingleValue(LiftedRep), DataConWorkId(U('r', 11)))),
                                   SDataCon("Just", U('r', 13), alg_spec,
                                            Binder("Just", U('r', 14), ModulePublic, SingleValue(LiftedRep), DataConWorkId(U('r', 13))),
                                            RealSpan(RealSrcSpan("M.hs", 5, 1, 5, 9)))},
                                  UnhelpfulWiredIn())}}}),
      TyConUnit("ghc-prim", {{"GHC.Prim",
                              {STyCon("(#,#)", U('4', 2), {SDataCon("(#,#)", U('5', 2), utup_spec, Binder("(#,#)", U('6', 2), ModulePublic))})}}})};
  Decoded d;
  const stg::Module* m = d.decode(mb.build());
  ASSERT_EQ(m->tycons.size(), 2u);
  EXPECT_EQ(m->tycons[0].unit, "base");
  EXPECT_EQ(m->tycons[0].module, "GHC.Maybe");
  ASSERT_EQ(m->tycons[0].tycons.size(), 1u);
  const stg::TyCon* tc = m->tycons[0].tycons[0];
  EXPECT_EQ(tc->name, "Maybe");
  EXPECT_EQ(tc->id, (stg::Unique{'r', 10}));
  EXPECT_EQ(tc->def_loc.reason, stg::UnhelpfulReason::WiredIn);
  EXPECT_EQ(tc->unit, "base");
  EXPECT_EQ(tc->module, "GHC.Maybe");
  ASSERT_EQ(tc->datacons.size(), 2u);
  const stg::DataCon& no = tc->datacons[0];
  const stg::DataCon& just = tc->datacons[1];
  EXPECT_EQ(no.name, "Nothing");
  EXPECT_EQ(no.id, (stg::Unique{'r', 11}));
  EXPECT_FALSE(no.unboxed_tuple);
  EXPECT_TRUE(no.fields.empty());
  EXPECT_EQ(no.tag, 0u);
  EXPECT_EQ(no.tycon, tc);
  ASSERT_NE(no.worker, nullptr);
  EXPECT_EQ(no.worker->name, "Nothing");
  EXPECT_EQ(no.worker->details.kind, stg::IdDetailsKind::DataConWorkId);
  EXPECT_EQ(no.worker->details.datacon, (stg::Unique{'r', 11}));
  EXPECT_EQ(just.name, "Just");
  EXPECT_EQ(just.tag, 1u);
  ASSERT_EQ(just.fields.size(), 2u);
  EXPECT_EQ(just.fields[0].tag, stg::PrimRepTag::Lifted);
  EXPECT_EQ(just.fields[1].tag, stg::PrimRepTag::Int);
  EXPECT_TRUE(just.def_loc.real);
  EXPECT_EQ(just.def_loc.span.file, "M.hs");
  EXPECT_EQ(just.worker->id, (stg::Unique{'r', 14}));
  const stg::TyCon* ut = m->tycons[1].tycons[0];
  EXPECT_EQ(m->tycons[1].module, "GHC.Prim");
  EXPECT_EQ(ut->name, "(#,#)");
  ASSERT_EQ(ut->datacons.size(), 1u);
  EXPECT_TRUE(ut->datacons[0].unboxed_tuple);
  EXPECT_EQ(ut->datacons[0].utuple_arity, 2);
}

// ---------------------------------------------------------------------------------------------
// Literals

TEST(Literals, CharStringNullAddr) {
  Decoded d;
  const stg::Module* m = d.decode(bodies_module({ELit(LitChar('a')), ELit(LitChar(0xE9)), ELit(LitChar(0x1F600)),
                                                 ELit(LitChar(0xD800)), ELit(LitString(std::string("hi\0\n\xff", 5))),
                                                 ELit(LitString("")), ELit(LitNullAddr())}));
  EXPECT_EQ(body_lit(m, 0)->kind, stg::LitKind::Char);
  EXPECT_EQ(body_lit(m, 0)->chr, uint32_t('a'));
  EXPECT_EQ(body_lit(m, 1)->chr, 0xE9u);
  EXPECT_EQ(body_lit(m, 2)->chr, 0x1F600u);
  EXPECT_EQ(body_lit(m, 3)->chr, 0xD800u);
  EXPECT_EQ(body_lit(m, 4)->kind, stg::LitKind::String);
  EXPECT_EQ(body_lit(m, 4)->bytes, std::string_view("hi\0\n\xff", 5));
  EXPECT_EQ(body_lit(m, 5)->kind, stg::LitKind::String);
  EXPECT_EQ(body_lit(m, 5)->bytes.size(), 0u);
  EXPECT_EQ(body_lit(m, 6)->kind, stg::LitKind::NullAddr);
}

TEST(Literals, FloatAndDoubleAreExactRationals) {
  Mag big = Mag::from_decimal("1" + std::string(40, '0'));  // 10^40
  Decoded d;
  const stg::Module* m = d.decode(bodies_module({
      ELit(LitFloat(Rational(Integer(1), Integer(10)))),
      ELit(LitDouble(Rational(Integer(-7), Integer(2)))),
      ELit(LitDouble(Rational(IntegerMag(false, big), Integer(3)))),
  }));
  const stg::Lit* f = body_lit(m, 0);
  EXPECT_EQ(f->kind, stg::LitKind::Float);
  EXPECT_EQ(f->num.to_decimal(), "1");
  EXPECT_EQ(f->den.to_decimal(), "10");
  const stg::Lit* g = body_lit(m, 1);
  EXPECT_EQ(g->kind, stg::LitKind::Double);
  EXPECT_EQ(g->num.to_decimal(), "-7");
  EXPECT_EQ(g->den.to_decimal(), "2");
  const stg::Lit* h = body_lit(m, 2);
  EXPECT_EQ(h->num.to_decimal(), "1" + std::string(40, '0'));
  EXPECT_FALSE(h->num.is_small());
  EXPECT_EQ(h->den.to_decimal(), "3");
}

TEST(Literals, Labels) {
  Decoded d;
  const stg::Module* m = d.decode(bodies_module({ELit(LitLabel("foo", FunctionLabel(std::nullopt))),
                                                 ELit(LitLabel("bar@12", FunctionLabel(12))),
                                                 ELit(LitLabel("baz", DataLabel()))}));
  const stg::Lit* a = body_lit(m, 0);
  EXPECT_EQ(a->kind, stg::LitKind::Label);
  EXPECT_EQ(a->bytes, "foo");
  EXPECT_TRUE(a->label_is_function);
  EXPECT_FALSE(a->label_has_size);
  const stg::Lit* b = body_lit(m, 1);
  EXPECT_EQ(b->bytes, "bar@12");
  EXPECT_TRUE(b->label_is_function);
  EXPECT_TRUE(b->label_has_size);
  EXPECT_EQ(b->label_size, 12);
  const stg::Lit* c = body_lit(m, 2);
  EXPECT_EQ(c->bytes, "baz");
  EXPECT_FALSE(c->label_is_function);
}

TEST(Literals, AllTenLitNumTypes) {
  std::vector<Bytes> bodies;
  for (int t = LitNumInt; t <= LitNumWord64; ++t) bodies.push_back(ELit(LitNumber(NumType(t), Integer(100 + t))));
  bodies.push_back(ELit(LitNumber(LitNumWord64, IntegerU64(UINT64_MAX))));
  bodies.push_back(ELit(LitNumber(LitNumInt64, Integer(INT64_MIN))));
  Decoded d;
  const stg::Module* m = d.decode(bodies_module(bodies));
  using T = stg::LitNumType;
  const T types[] = {T::Int, T::Int8, T::Int16, T::Int32, T::Int64, T::Word, T::Word8, T::Word16, T::Word32, T::Word64};
  for (size_t i = 0; i < 10; ++i) {
    const stg::Lit* l = body_lit(m, i);
    EXPECT_EQ(l->kind, stg::LitKind::Number);
    EXPECT_EQ(l->num_type, types[i]) << i;
    EXPECT_EQ(l->num.to_i64(), int64_t(100 + i));
  }
  EXPECT_EQ(body_lit(m, 10)->num.to_u64(), UINT64_MAX);
  EXPECT_EQ(body_lit(m, 11)->num.to_i64(), INT64_MIN);
}

TEST(Literals, Rubbish) {
  Decoded d;
  const stg::Module* m =
      d.decode(bodies_module({ELit(LitRubbish(SingleValue(IntRep))), ELit(LitRubbish(UnboxedTuple({R(AddrRep), VecRep(8, FloatElemRep)}))),
                              ELit(LitRubbish(PolymorphicRep()))}));
  const stg::Lit* a = body_lit(m, 0);
  EXPECT_EQ(a->kind, stg::LitKind::Rubbish);
  EXPECT_EQ(a->rubbish.kind, stg::TypeKind::SingleValue);
  EXPECT_EQ(a->rubbish.reps[0].tag, stg::PrimRepTag::Int);
  const stg::Lit* b = body_lit(m, 1);
  ASSERT_EQ(b->rubbish.reps.size(), 2u);
  EXPECT_EQ(b->rubbish.reps[0].tag, stg::PrimRepTag::Addr);
  EXPECT_EQ(b->rubbish.reps[1].elem, stg::PrimElemRep::Float);
  EXPECT_EQ(b->rubbish.reps[1].vec_len, 8);
  EXPECT_EQ(body_lit(m, 2)->rubbish.kind, stg::TypeKind::PolymorphicRep);
}

// ---------------------------------------------------------------------------------------------
// Expressions

TEST(Expressions, AppWithBothArgKinds) {
  Decoded d;
  const stg::Module* m = d.decode(module_with_body(App(U('f', 1), {VarArg(U('a', 2)), LitArg(LitNullAddr()), LitArg(LitChar('z'))})));
  const stg::Expr* e = body(m);
  ASSERT_EQ(e->kind, stg::ExprKind::App);
  auto* a = e->as<stg::EApp>();
  EXPECT_EQ(a->fn.id, (stg::Unique{'f', 1}));
  ASSERT_EQ(a->args.size(), 3u);
  EXPECT_EQ(a->args[0].kind, stg::ArgKind::Var);
  EXPECT_EQ(a->args[0].var.id, (stg::Unique{'a', 2}));
  EXPECT_EQ(a->args[1].kind, stg::ArgKind::Lit);
  EXPECT_EQ(a->args[1].lit->kind, stg::LitKind::NullAddr);
  EXPECT_EQ(a->args[2].lit->chr, uint32_t('z'));
}

TEST(Expressions, ConApp) {
  Decoded d;
  const stg::Module* m = d.decode(module_with_body(
      ConApp(U('d', 1), {VarArg(U('a', 1)), LitArg(LitNumber(LitNumInt, Integer(3)))}, {UnboxedTuple({R(LiftedRep)}), UnboxedTuple({R(IntRep)})})));
  const stg::Expr* e = body(m);
  ASSERT_EQ(e->kind, stg::ExprKind::ConApp);
  auto* c = e->as<stg::EConApp>();
  EXPECT_EQ(c->con.id, (stg::Unique{'d', 1}));
  ASSERT_EQ(c->args.size(), 2u);
  EXPECT_EQ(c->args[1].lit->num.to_i64(), 3);
  ASSERT_EQ(c->types.size(), 2u);
  EXPECT_EQ(c->types[0].kind, stg::TypeKind::UnboxedTuple);
  EXPECT_EQ(c->types[1].reps[0].tag, stg::PrimRepTag::Int);
}

TEST(Expressions, ForeignCallPutsFromSpec) {
  Bytes spec = hex(
      "03 | 02 | 00 01 00000000_00000004 70 75 74 73 00 01 | 00 | 02 | 00000000_00000001 01 02 | 01 00000000_00000001 07 | 00");
  EXPECT_EQ(OpApp(StgFCallOp(ForeignCall(StaticTarget(NoSourceText(), "puts", std::nullopt, true), CCallConv, PlayRisky)),
                  {LitArg(LitNullAddr())}, UnboxedTuple({R(IntRep)})),
            spec);
  Decoded d;
  const stg::Module* m = d.decode(module_with_body(spec));
  const stg::Expr* e = body(m);
  ASSERT_EQ(e->kind, stg::ExprKind::OpApp);
  auto* o = e->as<stg::EOpApp>();
  EXPECT_EQ(o->op->kind, stg::OpKind::FCall);
  EXPECT_FALSE(o->op->target.dynamic);
  EXPECT_FALSE(o->op->target.source.present);
  EXPECT_EQ(o->op->target.symbol, "puts");
  EXPECT_FALSE(o->op->target.has_unit);
  EXPECT_TRUE(o->op->target.is_function);
  EXPECT_EQ(o->op->conv, stg::CCallConv::CCall);
  EXPECT_EQ(o->op->safety, stg::Safety::Unsafe);
  ASSERT_EQ(o->args.size(), 1u);
  EXPECT_EQ(o->args[0].kind, stg::ArgKind::Lit);
  EXPECT_EQ(o->args[0].lit->kind, stg::LitKind::NullAddr);
  EXPECT_EQ(o->result_type.kind, stg::TypeKind::UnboxedTuple);
  ASSERT_EQ(o->result_type.reps.size(), 1u);
  EXPECT_EQ(o->result_type.reps[0].tag, stg::PrimRepTag::Int);
  EXPECT_FALSE(o->has_result_tycon);
}

TEST(Expressions, PrimOpPlusFromSpec) {
  Bytes spec = hex("03 00 00000000_00000002 2b 23 00000000_00000002 00 61 00000000_00000001 01 06 00 00 00000001 00 07 00");
  EXPECT_EQ(OpApp(StgPrimOp("+#"), {VarArg(U('a', 1)), LitArg(LitNumber(LitNumInt, Integer(1)))}, SingleValue(IntRep)), spec);
  Decoded d;
  const stg::Module* m = d.decode(module_with_body(spec));
  auto* o = body(m)->as<stg::EOpApp>();
  ASSERT_EQ(body(m)->kind, stg::ExprKind::OpApp);
  EXPECT_EQ(o->op->kind, stg::OpKind::PrimOp);
  EXPECT_EQ(o->op->name, "+#");
  ASSERT_EQ(o->args.size(), 2u);
  EXPECT_EQ(o->args[0].kind, stg::ArgKind::Var);
  EXPECT_EQ(o->args[0].var.id, (stg::Unique{'a', 1}));
  EXPECT_EQ(o->args[1].lit->num_type, stg::LitNumType::Int);
  EXPECT_EQ(o->args[1].lit->num.to_i64(), 1);
  EXPECT_EQ(o->result_type.kind, stg::TypeKind::SingleValue);
  EXPECT_EQ(o->result_type.reps[0].tag, stg::PrimRepTag::Int);
  EXPECT_FALSE(o->has_result_tycon);
}

TEST(Expressions, AllStgOpsTargetsConventionsAndSafeties) {
  std::vector<Bytes> bodies = {
      OpApp(StgPrimCallOp("stg_foo", "mypkg"), {}, SingleValue(WordRep), U('t', 9)),
      OpApp(StgFCallOp(ForeignCall(StaticTarget(SourceText("\"puts\""), "puts", std::string("base"), false), CApiConv,
                                   PlayInterruptible)),
            {}, UnboxedTuple({})),
      OpApp(StgFCallOp(ForeignCall(DynamicTarget(), StdCallConv, PlaySafe)), {VarArg(U('p', 1))}, PolymorphicRep()),
      OpApp(StgFCallOp(ForeignCall(DynamicTarget(), PrimCallConv, PlayRisky)), {}, PolymorphicRep()),
      OpApp(StgFCallOp(ForeignCall(DynamicTarget(), JavaScriptCallConv, PlayRisky)), {}, PolymorphicRep()),
      OpApp(StgFCallOp(ForeignCall(DynamicTarget(), CCallConv, PlaySafe)), {}, PolymorphicRep()),
  };
  EXPECT_EQ(Bytes(1, char(JavaScriptCallConv)), hex("04"));  // §2.3 checked tag
  Decoded d;
  const stg::Module* m = d.decode(bodies_module(bodies));
  auto op = [&](size_t i) { return body(m, i)->as<stg::EOpApp>(); };
  EXPECT_EQ(op(0)->op->kind, stg::OpKind::PrimCall);
  EXPECT_EQ(op(0)->op->name, "stg_foo");
  EXPECT_EQ(op(0)->op->unit, "mypkg");
  EXPECT_TRUE(op(0)->has_result_tycon);
  EXPECT_EQ(op(0)->result_tycon.id, (stg::Unique{'t', 9}));
  const stg::StgOp* f = op(1)->op;
  EXPECT_EQ(f->kind, stg::OpKind::FCall);
  EXPECT_TRUE(f->target.source.present);
  EXPECT_EQ(f->target.source.text, "\"puts\"");
  EXPECT_TRUE(f->target.has_unit);
  EXPECT_EQ(f->target.unit, "base");
  EXPECT_FALSE(f->target.is_function);
  EXPECT_EQ(f->conv, stg::CCallConv::CApi);
  EXPECT_EQ(f->safety, stg::Safety::Interruptible);
  EXPECT_TRUE(op(2)->op->target.dynamic);
  EXPECT_EQ(op(2)->op->conv, stg::CCallConv::StdCall);
  EXPECT_EQ(op(2)->op->safety, stg::Safety::Safe);
  EXPECT_EQ(op(3)->op->conv, stg::CCallConv::PrimCall);
  EXPECT_EQ(op(3)->op->safety, stg::Safety::Unsafe);
  EXPECT_EQ(op(4)->op->conv, stg::CCallConv::JavaScript);
  EXPECT_EQ(op(5)->op->conv, stg::CCallConv::CCall);
}

TEST(Expressions, CaseWithAllAltTypesAndAltCons) {
  Bytes algalt = hex("03 72 00 00 00 00 00 00 00 05");  // §2.5 AlgAlt (TyConId (Unique 'r' 5))
  EXPECT_EQ(AlgAlt(U('r', 5)), algalt);
  // §2.5: Alt (AltDataCon dc) [] (StgLit LitNullAddr) → 00 <9-byte unique> 00×8 01 02
  Bytes alt_spec = hex("00  64 00 00 00 00 00 00 00 03  00 00 00 00 00 00 00 00  01 02");
  EXPECT_EQ(Alt(AltDataCon(U('d', 3)), {}, ELit(LitNullAddr())), alt_spec);
  Bytes scrut = ELit(LitNullAddr());
  std::vector<Bytes> bodies = {
      Case(scrut, Binder("b", U('b', 1)), PolyAlt(), {Alt(AltDefault(), {}, App(U('b', 1)))}),
      Case(scrut, Binder("b", U('b', 2)), MultiValAlt(2),
           {Alt(AltDataCon(U('u', 2)), {Binder("p", U('p', 1)), Binder("q", U('p', 2))}, App(U('p', 1)))}),
      Case(scrut, Binder("b", U('b', 3), ClosurePrivate, SingleValue(IntRep)), PrimAlt(R(IntRep)),
           {Alt(AltDefault(), {}, ELit(LitNullAddr())), Alt(AltLit(LitNumber(LitNumInt, Integer(1))), {}, ELit(LitNullAddr()))}),
      Case(scrut, Binder("b", U('b', 4)), algalt, {alt_spec}),
  };
  Decoded d;
  const stg::Module* m = d.decode(bodies_module(bodies));
  auto cs = [&](size_t i) {
    EXPECT_EQ(body(m, i)->kind, stg::ExprKind::Case);
    return body(m, i)->as<stg::ECase>();
  };
  EXPECT_EQ(cs(0)->scrut->kind, stg::ExprKind::Lit);
  EXPECT_EQ(cs(0)->binder->id, (stg::Unique{'b', 1}));
  EXPECT_EQ(cs(0)->alt_type.kind, stg::AltTypeKind::PolyAlt);
  ASSERT_EQ(cs(0)->alts.size(), 1u);
  EXPECT_EQ(cs(0)->alts[0].con_kind, stg::AltConKind::Default);
  EXPECT_TRUE(cs(0)->alts[0].binders.empty());
  EXPECT_EQ(cs(0)->alts[0].rhs->kind, stg::ExprKind::App);

  EXPECT_EQ(cs(1)->alt_type.kind, stg::AltTypeKind::MultiValAlt);
  EXPECT_EQ(cs(1)->alt_type.arity, 2);
  EXPECT_EQ(cs(1)->alts[0].con_kind, stg::AltConKind::DataCon);
  EXPECT_EQ(cs(1)->alts[0].con.id, (stg::Unique{'u', 2}));
  ASSERT_EQ(cs(1)->alts[0].binders.size(), 2u);
  EXPECT_EQ(cs(1)->alts[0].binders[1]->id, (stg::Unique{'p', 2}));

  EXPECT_EQ(cs(2)->alt_type.kind, stg::AltTypeKind::PrimAlt);
  EXPECT_EQ(cs(2)->alt_type.rep.tag, stg::PrimRepTag::Int);
  ASSERT_EQ(cs(2)->alts.size(), 2u);
  EXPECT_EQ(cs(2)->alts[0].con_kind, stg::AltConKind::Default);
  EXPECT_EQ(cs(2)->alts[1].con_kind, stg::AltConKind::Lit);
  EXPECT_EQ(cs(2)->alts[1].lit->num.to_i64(), 1);

  EXPECT_EQ(cs(3)->alt_type.kind, stg::AltTypeKind::AlgAlt);
  EXPECT_EQ(cs(3)->alt_type.tycon.id, (stg::Unique{'r', 5}));
  ASSERT_EQ(cs(3)->alts.size(), 1u);
  EXPECT_EQ(cs(3)->alts[0].con_kind, stg::AltConKind::DataCon);
  EXPECT_EQ(cs(3)->alts[0].con.id, (stg::Unique{'d', 3}));
  EXPECT_TRUE(cs(3)->alts[0].binders.empty());
  EXPECT_EQ(cs(3)->alts[0].rhs->as<stg::ELit>()->lit->kind, stg::LitKind::NullAddr);
}

TEST(Expressions, LetLetNoEscapeTick) {
  Bytes inner = ELit(LitNullAddr());
  Bytes span = RealSrcSpan("T.hs", 7, 3, 7, 12);
  std::vector<Bytes> bodies = {
      Let(NonRec(Binder("y", U('y', 1)), Closure({}, SingleEntry, {}, inner)), App(U('y', 1))),
      LetNoEscape(NonRec(Binder("j", U('j', 1), ClosurePrivate, SingleValue(LiftedRep), JoinId(1, std::nullopt)),
                         Closure({}, ReEntrant, {Binder("a", U('a', 1))}, App(U('a', 1)))),
                  App(U('j', 1), {LitArg(LitNullAddr())})),
      Tick(ProfNote(), Tick(HpcTick(), Tick(Breakpoint(), Tick(SourceNote(span, "f"), inner)))),
  };
  Decoded d;
  const stg::Module* m = d.decode(bodies_module(bodies));
  ASSERT_EQ(body(m, 0)->kind, stg::ExprKind::Let);
  auto* let = body(m, 0)->as<stg::ELet>();
  EXPECT_FALSE(let->binding->rec);
  EXPECT_EQ(let->binding->binders[0]->id, (stg::Unique{'y', 1}));
  EXPECT_EQ(let->binding->rhss[0]->flag, stg::UpdateFlag::SingleEntry);
  EXPECT_EQ(let->body->kind, stg::ExprKind::App);

  ASSERT_EQ(body(m, 1)->kind, stg::ExprKind::LetNoEscape);
  auto* lne = body(m, 1)->as<stg::ELet>();
  EXPECT_EQ(lne->binding->binders[0]->details.kind, stg::IdDetailsKind::JoinId);
  EXPECT_EQ(lne->binding->rhss[0]->flag, stg::UpdateFlag::ReEntrant);
  ASSERT_EQ(lne->binding->rhss[0]->params.size(), 1u);
  EXPECT_EQ(lne->binding->rhss[0]->params[0]->id, (stg::Unique{'a', 1}));

  const stg::Expr* e = body(m, 2);
  const stg::TickishKind kinds[] = {stg::TickishKind::ProfNote, stg::TickishKind::HpcTick, stg::TickishKind::Breakpoint,
                                    stg::TickishKind::SourceNote};
  for (auto k : kinds) {
    ASSERT_EQ(e->kind, stg::ExprKind::Tick);
    EXPECT_EQ(e->as<stg::ETick>()->tick->kind, k);
    if (k == stg::TickishKind::SourceNote) {
      const stg::Tickish* t = e->as<stg::ETick>()->tick;
      EXPECT_EQ(t->span.file, "T.hs");
      EXPECT_EQ(t->span.start_line, 7);
      EXPECT_EQ(t->span.start_col, 3);
      EXPECT_EQ(t->span.end_col, 12);
      EXPECT_EQ(t->name, "f");
    }
    e = e->as<stg::ETick>()->body;
  }
  EXPECT_EQ(e->kind, stg::ExprKind::Lit);
}

// ---------------------------------------------------------------------------------------------
// Rhs, bindings, top bindings

TEST(Bindings, RhsKindsUpdateFlagsRecAndStringLiterals) {
  ModuleB mb;
  mb.binds = {
      TopLifted(NonRec(Binder("f", U('r', 1)),
                       Closure({U('v', 1), U('v', 2)}, ReEntrant, {Binder("a", U('a', 1)), Binder("b", U('a', 2))}, App(U('a', 1))))),
      TopLifted(NonRec(Binder("c", U('r', 2)), RhsCon(U('d', 1), {VarArg(U('r', 1)), LitArg(LitChar('q'))}))),
      TopLifted(Rec({{Binder("g", U('r', 3)), Closure({}, Updatable, {}, App(U('r', 4)))},
                     {Binder("h", U('r', 4)), Closure({}, SingleEntry, {}, App(U('r', 3)))}})),
      TopString(Binder("s", U('r', 5), ModulePublic, SingleValue(AddrRep)), std::string("a\0b\0", 4)),
      TopLifted(Rec({})),
  };
  Decoded d;
  const stg::Module* m = d.decode(mb.build());
  ASSERT_EQ(m->top_bindings.size(), 5u);
  const stg::Rhs* f = m->top_bindings[0].binding.rhss[0];
  EXPECT_EQ(f->kind, stg::RhsKind::Closure);
  ASSERT_EQ(f->free_vars.size(), 2u);  // as stored in the file
  EXPECT_EQ(f->free_vars[1].id, (stg::Unique{'v', 2}));
  EXPECT_EQ(f->flag, stg::UpdateFlag::ReEntrant);
  ASSERT_EQ(f->params.size(), 2u);
  EXPECT_EQ(f->params[1]->name, "b");

  const stg::Rhs* c = m->top_bindings[1].binding.rhss[0];
  EXPECT_EQ(c->kind, stg::RhsKind::Con);
  EXPECT_EQ(c->con.id, (stg::Unique{'d', 1}));
  ASSERT_EQ(c->args.size(), 2u);
  EXPECT_EQ(c->args[0].var.id, (stg::Unique{'r', 1}));
  EXPECT_EQ(c->args[1].lit->chr, uint32_t('q'));

  const stg::Binding& rec = m->top_bindings[2].binding;
  EXPECT_TRUE(rec.rec);
  ASSERT_EQ(rec.binders.size(), 2u);
  ASSERT_EQ(rec.rhss.size(), 2u);
  EXPECT_EQ(rec.binders[0]->name, "g");
  EXPECT_EQ(rec.binders[1]->name, "h");
  EXPECT_EQ(rec.rhss[0]->flag, stg::UpdateFlag::Updatable);
  EXPECT_EQ(rec.rhss[1]->flag, stg::UpdateFlag::SingleEntry);

  const stg::TopBinding& s = m->top_bindings[3];
  EXPECT_TRUE(s.string_lit);
  ASSERT_NE(s.string_binder, nullptr);
  EXPECT_EQ(s.string_binder->name, "s");
  EXPECT_EQ(s.string_bytes.size(), 4u);
  EXPECT_EQ(s.string_bytes, std::string_view("a\0b\0", 4));

  EXPECT_TRUE(m->top_bindings[4].binding.rec);
  EXPECT_TRUE(m->top_bindings[4].binding.binders.empty());
}

// ---------------------------------------------------------------------------------------------
// Foreign stubs

TEST(ForeignStubs, EveryStubConstructor) {
  ModuleB mb;
  mb.stubs = ForeignStubs(
      "#include \"HsFFI.h\"\n", "void f(void) {}\n",
      {ModuleCLabel("main", "Main", MLK_Initializer("init_f")), ModuleCLabel("main", "Main", MLK_InitializerArray())},
      {ModuleCLabel("base", "M", MLK_Finalizer("fini_f")), ModuleCLabel("base", "M", MLK_FinalizerArray()),
       ModuleCLabel("main", "Main", MLK_IPEBuffer())},
      {
          StubDeclImport(CCallConv, PlaySafe, Header(SourceText("\"stdio.h\""), "stdio.h"), CLabel("environ"), NoSourceText(),
                         std::nullopt),
          StubDeclImport(CApiConv, PlayRisky, std::nullopt, CFunction(StaticTarget(NoSourceText(), "sin", std::nullopt, true)),
                         SourceText("math.h sin"),
                         StubImplImportCWrapper("wlabel", 8, true, "HsInt", {"HsPtr", "HsWord"})),
          StubDeclImport(StdCallConv, PlayInterruptible, std::nullopt, CWrapper(), NoSourceText(),
                         StubImplImportCApi("capi_fn", {{Header(NoSourceText(), "h.h"), "int", 'i'}, {std::nullopt, "x", 0xE9}})),
          StubDeclImport(CCallConv, PlaySafe, std::nullopt, CFunction(DynamicTarget()), NoSourceText(),
                         StubImplImportCWrapper("l", std::nullopt, false, "void", {})),
          StubDeclExport(SourceText("\"hs_f\""), "hs_f", CCallConv, NoSourceText(), U('r', 77), ""),
      });
  Decoded d;
  const stg::Module* m = d.decode(mb.build());
  const stg::ForeignStubs& s = m->stubs;
  ASSERT_TRUE(s.present);
  EXPECT_EQ(s.header, "#include \"HsFFI.h\"\n");
  EXPECT_EQ(s.c_source, "void f(void) {}\n");
  ASSERT_EQ(s.initializers.size(), 2u);
  EXPECT_EQ(s.initializers[0].unit, "main");
  EXPECT_EQ(s.initializers[0].module, "Main");
  EXPECT_EQ(s.initializers[0].kind, stg::ModuleLabelKind::Initializer);
  EXPECT_EQ(s.initializers[0].text, "init_f");
  EXPECT_EQ(s.initializers[1].kind, stg::ModuleLabelKind::InitializerArray);
  ASSERT_EQ(s.finalizers.size(), 3u);
  EXPECT_EQ(s.finalizers[0].unit, "base");
  EXPECT_EQ(s.finalizers[0].kind, stg::ModuleLabelKind::Finalizer);
  EXPECT_EQ(s.finalizers[0].text, "fini_f");
  EXPECT_EQ(s.finalizers[1].kind, stg::ModuleLabelKind::FinalizerArray);
  EXPECT_EQ(s.finalizers[2].kind, stg::ModuleLabelKind::IPEBuffer);
  ASSERT_EQ(s.decls.size(), 5u);

  const stg::StubDecl& a = s.decls[0];
  EXPECT_FALSE(a.is_export);
  EXPECT_EQ(a.conv, stg::CCallConv::CCall);
  EXPECT_EQ(a.safety, stg::Safety::Safe);
  EXPECT_TRUE(a.has_header);
  EXPECT_TRUE(a.header.source.present);
  EXPECT_EQ(a.header.source.text, "\"stdio.h\"");
  EXPECT_EQ(a.header.name, "stdio.h");
  EXPECT_EQ(a.spec, stg::CImportSpecKind::CLabel);
  EXPECT_EQ(a.label, "environ");
  EXPECT_FALSE(a.import_source.present);
  EXPECT_FALSE(a.has_impl);

  const stg::StubDecl& b = s.decls[1];
  EXPECT_EQ(b.conv, stg::CCallConv::CApi);
  EXPECT_EQ(b.safety, stg::Safety::Unsafe);
  EXPECT_FALSE(b.has_header);
  EXPECT_EQ(b.spec, stg::CImportSpecKind::CFunction);
  EXPECT_FALSE(b.target.dynamic);
  EXPECT_EQ(b.target.symbol, "sin");
  EXPECT_TRUE(b.target.is_function);
  EXPECT_TRUE(b.import_source.present);
  EXPECT_EQ(b.import_source.text, "math.h sin");
  ASSERT_TRUE(b.has_impl);
  EXPECT_FALSE(b.impl.capi);
  EXPECT_EQ(b.impl.label, "wlabel");
  EXPECT_TRUE(b.impl.has_int);
  EXPECT_EQ(b.impl.int_value, 8);
  EXPECT_TRUE(b.impl.is_io);
  EXPECT_EQ(b.impl.result_type, "HsInt");
  ASSERT_EQ(b.impl.arg_types.size(), 2u);
  EXPECT_EQ(b.impl.arg_types[0], "HsPtr");
  EXPECT_EQ(b.impl.arg_types[1], "HsWord");

  const stg::StubDecl& c = s.decls[2];
  EXPECT_EQ(c.conv, stg::CCallConv::StdCall);
  EXPECT_EQ(c.safety, stg::Safety::Interruptible);
  EXPECT_EQ(c.spec, stg::CImportSpecKind::CWrapper);
  ASSERT_TRUE(c.has_impl);
  EXPECT_TRUE(c.impl.capi);
  EXPECT_EQ(c.impl.capi_name, "capi_fn");
  ASSERT_EQ(c.impl.capi_args.size(), 2u);
  EXPECT_TRUE(c.impl.capi_args[0].has_header);
  EXPECT_FALSE(c.impl.capi_args[0].header.source.present);
  EXPECT_EQ(c.impl.capi_args[0].header.name, "h.h");
  EXPECT_EQ(c.impl.capi_args[0].text, "int");
  EXPECT_EQ(c.impl.capi_args[0].chr, uint32_t('i'));
  EXPECT_FALSE(c.impl.capi_args[1].has_header);
  EXPECT_EQ(c.impl.capi_args[1].text, "x");
  EXPECT_EQ(c.impl.capi_args[1].chr, 0xE9u);

  const stg::StubDecl& dd = s.decls[3];
  EXPECT_EQ(dd.spec, stg::CImportSpecKind::CFunction);
  EXPECT_TRUE(dd.target.dynamic);
  EXPECT_FALSE(dd.impl.has_int);
  EXPECT_FALSE(dd.impl.is_io);
  EXPECT_EQ(dd.impl.result_type, "void");
  EXPECT_TRUE(dd.impl.arg_types.empty());

  const stg::StubDecl& e = s.decls[4];
  EXPECT_TRUE(e.is_export);
  EXPECT_TRUE(e.export_static_source.present);
  EXPECT_EQ(e.export_static_source.text, "\"hs_f\"");
  EXPECT_EQ(e.export_name, "hs_f");
  EXPECT_EQ(e.export_conv, stg::CCallConv::CCall);
  EXPECT_FALSE(e.export_source.present);
  EXPECT_EQ(e.export_binder, (stg::Unique{'r', 77}));
  EXPECT_EQ(e.export_extra, "");
}

// ---------------------------------------------------------------------------------------------
// Minimal-size elements packed at the very end of the input must still decode: the decoder
// bounds list counts by the remaining bytes, and those bounds must not exceed the true
// minimum encodings (an SBinder can be 38 bytes: empty name/sig/info, PolymorphicRep,
// VanillaId, UnhelpfulSpan NoLocationInfo).

Bytes min_binder(int64_t n) {
  Bytes b = SBinder("", U('p', n), PolymorphicRep(), "", ClosurePrivate, VanillaId(), "", NoLoc());
  EXPECT_EQ(b.size(), 38u);
  return b;
}

TEST(MinimalEncodings, ClosureParamsAtEndOfInput) {
  std::vector<Bytes> params;
  for (int i = 0; i < 5; ++i) params.push_back(min_binder(i));
  ModuleB mb;
  mb.binds = {TopLifted(NonRec(Binder("f", U('r', 1)), Closure({}, ReEntrant, params, ELit(LitNullAddr()))))};
  Decoded d;
  const stg::Module* m = nullptr;
  ASSERT_NO_THROW(m = d.decode(mb.build()));
  EXPECT_EQ(m->top_bindings[0].binding.rhss[0]->params.size(), 5u);
}

TEST(MinimalEncodings, AltBindersAtEndOfInput) {
  std::vector<Bytes> bs;
  for (int i = 0; i < 4; ++i) bs.push_back(min_binder(i));
  Bytes e = Case(ELit(LitNullAddr()), Binder("b", U('b', 1)), MultiValAlt(4), {Alt(AltDataCon(U('u', 4)), bs, ELit(LitNullAddr()))});
  Decoded d;
  const stg::Module* m = nullptr;
  ASSERT_NO_THROW(m = d.decode(module_with_body(e)));
  EXPECT_EQ(body(m)->as<stg::ECase>()->alts[0].binders.size(), 4u);
}

TEST(MinimalEncodings, ExternalIdsAtEndOfInput) {
  std::vector<Bytes> bs;
  for (int i = 0; i < 20; ++i) bs.push_back(min_binder(i));
  Decoded d;
  const stg::Module* m = nullptr;
  ASSERT_NO_THROW(m = d.decode(ext_module(bs)));  // followed only by two empty lists (16 bytes)
  EXPECT_EQ(m->external_ids[0].binders.size(), 20u);
}

// ---------------------------------------------------------------------------------------------
// Bad tags: for every sum type, a tag equal to its constructor count is rejected at its offset.

const Bytes kHole = hex("f7 5a a5 3c c3 69 96 0f e1 1e");

struct BadTagCase {
  const char* type;
  unsigned count;
  std::function<Bytes(const Bytes& hole)> build;
};

Bytes binder_prefix() { return BS("x") + U('x', 1); }

std::vector<BadTagCase> bad_tag_cases() {
  auto body = [](const Bytes& h) { return module_with_body(h); };
  auto ext = [](const Bytes& b) { return ext_module({b}); };
  auto stubs = [](const Bytes& h) {
    ModuleB m;
    m.stubs = h;
    return m.build();
  };
  auto one_decl = [stubs](const Bytes& decl) { return stubs(u8(1) + BS("") + BS("") + List({}) + List({}) + Int(1) + decl); };
  auto fcall = [body](const Bytes& h) { return body(u8(3) + u8(2) + h); };
  return {
      {"TopBinding", 2, [](const Bytes& h) { ModuleB m; m.binds = {h}; return m.build(); }},
      {"Binding", 2, [](const Bytes& h) { ModuleB m; m.binds = {TopLifted(h)}; return m.build(); }},
      {"Rhs", 2, [](const Bytes& h) { ModuleB m; m.binds = {TopLifted(u8(0) + Binder("x", U('x', 1)) + h)}; return m.build(); }},
      {"UpdateFlag", 3,
       [](const Bytes& h) { ModuleB m; m.binds = {TopLifted(u8(0) + Binder("x", U('x', 1)) + u8(0) + List({}) + h)}; return m.build(); }},
      {"Expr", 8, body},
      {"Arg", 2, [body](const Bytes& h) { return body(App(U('f', 1), {h})); }},
      {"AltCon", 3, [body](const Bytes& h) { return body(Case(ELit(LitNullAddr()), Binder("b", U('b', 1)), PolyAlt(), {h})); }},
      {"AltType", 4, [body](const Bytes& h) { return body(u8(4) + ELit(LitNullAddr()) + Binder("b", U('b', 1)) + h); }},
      {"Type", 3, [ext](const Bytes& h) { return ext(binder_prefix() + h); }},
      {"PrimRep", 17, [ext](const Bytes& h) { return ext(binder_prefix() + u8(0) + h); }},
      {"PrimElemRep", 10, [ext](const Bytes& h) { return ext(binder_prefix() + u8(0) + u8(16) + Int(4) + h); }},
      {"Scope", 3, [ext](const Bytes& h) { return ext(binder_prefix() + SingleValue(LiftedRep) + BS("") + h); }},
      {"IdDetails", 13, [ext](const Bytes& h) { return ext(binder_prefix() + SingleValue(LiftedRep) + BS("") + u8(0) + h); }},
      {"CbvMark", 2,
       [ext](const Bytes& h) { return ext(binder_prefix() + SingleValue(LiftedRep) + BS("") + u8(0) + u8(11) + Int(1) + h); }},
      {"Maybe [CbvMark]", 2,
       [ext](const Bytes& h) { return ext(binder_prefix() + SingleValue(LiftedRep) + BS("") + u8(0) + u8(10) + Int(1) + h); }},
      {"SrcSpan", 2,
       [ext](const Bytes& h) { return ext(binder_prefix() + SingleValue(LiftedRep) + BS("") + u8(0) + VanillaId() + BS("") + h); }},
      {"UnhelpfulSpanReason", 5,
       [ext](const Bytes& h) {
         return ext(binder_prefix() + SingleValue(LiftedRep) + BS("") + u8(0) + VanillaId() + BS("") + u8(1) + h);
       }},
      {"Maybe BufSpan", 2,
       [ext](const Bytes& h) {
         return ext(binder_prefix() + SingleValue(LiftedRep) + BS("") + u8(0) + VanillaId() + BS("") + u8(0) +
                    RealSrcSpan("f", 1, 1, 1, 1) + h);
       }},
      {"DataConRep", 2,
       [](const Bytes& h) { ModuleB m; m.tycons = {TyConUnit("u", {{"M", {STyCon("T", U('t', 1), {BS("D") + U('d', 1) + h})}}})}; return m.build(); }},
      {"Lit", 8, [](const Bytes& h) { return stgtest::worked_example_with_lit(h); }},
      {"LitNumType", 10, [](const Bytes& h) { return stgtest::worked_example_with_lit(u8(6) + h); }},
      {"LabelSpec", 2, [](const Bytes& h) { return stgtest::worked_example_with_lit(u8(5) + BS("l") + h); }},
      {"Maybe Int (FunctionLabel)", 2, [](const Bytes& h) { return stgtest::worked_example_with_lit(u8(5) + BS("l") + u8(0) + h); }},
      {"Integer", 2, [](const Bytes& h) { return stgtest::worked_example_with_lit(u8(6) + u8(0) + h); }},
      {"StgOp", 3, [body](const Bytes& h) { return body(u8(3) + h); }},
      {"CCallTarget", 2, fcall},
      {"SourceText", 2, [fcall](const Bytes& h) { return fcall(u8(0) + h); }},
      {"Maybe UnitId", 2, [fcall](const Bytes& h) { return fcall(u8(0) + NoSourceText() + BS("f") + h); }},
      {"Bool (is-function)", 2, [fcall](const Bytes& h) { return fcall(u8(0) + NoSourceText() + BS("f") + Nothing() + h); }},
      {"CCallConv", 5, [fcall](const Bytes& h) { return fcall(DynamicTarget() + h); }},
      {"Safety", 3, [fcall](const Bytes& h) { return fcall(DynamicTarget() + u8(0) + h); }},
      {"Maybe TyConId", 2, [body](const Bytes& h) { return body(u8(3) + StgPrimOp("f") + List({}) + PolymorphicRep() + h); }},
      {"Tickish", 4, [body](const Bytes& h) { return body(u8(7) + h); }},
      {"Maybe FilePath", 2, [](const Bytes& h) { return BS("stg") + BS("main") + BS("Main") + h; }},
      {"ForeignStubs", 2, stubs},
      {"Bool (hasForeignExported)", 2, [](const Bytes& h) { return BS("stg") + BS("main") + BS("Main") + Nothing() + NoStubs() + h; }},
      {"ModuleLabelKind", 5,
       [stubs](const Bytes& h) { return stubs(u8(1) + BS("") + BS("") + List({BS("u") + BS("m") + h}) + List({}) + List({})); }},
      {"StubDecl", 2, one_decl},
      {"Maybe Header", 2, [one_decl](const Bytes& h) { return one_decl(u8(0) + u8(0) + u8(0) + h); }},
      {"CImportSpec", 3, [one_decl](const Bytes& h) { return one_decl(u8(0) + u8(0) + u8(0) + Nothing() + h); }},
      {"Maybe StubImpl", 2, [one_decl](const Bytes& h) { return one_decl(u8(0) + u8(0) + u8(0) + Nothing() + CWrapper() + NoSourceText() + h); }},
      {"StubImpl", 2,
       [one_decl](const Bytes& h) { return one_decl(u8(0) + u8(0) + u8(0) + Nothing() + CWrapper() + NoSourceText() + u8(1) + h); }},
      {"Bool (StubImpl is-IO)", 2,
       [one_decl](const Bytes& h) {
         return one_decl(u8(0) + u8(0) + u8(0) + Nothing() + CWrapper() + NoSourceText() + u8(1) + u8(0) + BS("l") + Nothing() + h);
       }},
  };
}

TEST(BadTags, TagEqualToConstructorCountIsRejectedForEverySumType) {
  for (const BadTagCase& c : bad_tag_cases()) {
    SCOPED_TRACE(c.type);
    Bytes with_hole = c.build(kHole);
    size_t at = with_hole.find(kHole);
    ASSERT_NE(at, std::string::npos);
    ASSERT_EQ(with_hole.find(kHole, at + 1), std::string::npos);
    // Padding keeps the list-count plausibility checks (counts bounded by the remaining
    // bytes) from firing before the decoder reaches the tag; it is never read.
    const Bytes pad(256, '\0');
    Bytes bad = with_hole.substr(0, at) + u8(uint8_t(c.count)) + with_hole.substr(at + kHole.size()) + pad;
    auto e = decode_error(bad);
    EXPECT_EQ(e.offset, int64_t(at)) << e.what();
    EXPECT_NE(e.what_wrong.find(std::to_string(c.count)), std::string::npos) << e.what();
    // 0xFF is never a valid tag either.
    Bytes ff = with_hole.substr(0, at) + u8(0xFF) + with_hole.substr(at + kHole.size()) + pad;
    EXPECT_EQ(decode_error(ff).offset, int64_t(at));
  }
}

}  // namespace
