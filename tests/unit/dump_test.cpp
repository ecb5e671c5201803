// docs/dump-format.md: the `dump` text of hand-built modules, expected text written by hand
// from the document.
#include <gtest/gtest.h>

#include "examples.h"
#include "loader/dump.h"
#include "loader/resolve.h"
#include "stgbin_builder.h"
#include "test_util.h"

using namespace stgb;
namespace stg = stgvm::stg;

namespace {

std::string dump(const std::string& bytes, bool full) {
  stgtest::Decoded d;
  stg::Module* m = d.decode(bytes);
  stgvm::resolve_module(d.arena(), *m);
  std::string out;
  stgvm::dump_module(out, *m, full);
  return out;
}

TEST(Dump, WorkedExampleFull) {
  const std::string expected =
      "module main:Main\n"
      "phase \"stg\"\n"
      "source -\n"
      "has-foreign-exported false\n"
      "stubs none\n"
      "x_r1 : LiftedRep public VanillaId sig \"Int\" info \"\" loc <no-location> = \\u {} [] ->\n"
      "  lit int 42\n"
      "\n";
  EXPECT_EQ(dump(stgtest::worked_example(), true), expected);
}

TEST(Dump, WorkedExampleShort) {
  const std::string expected =
      "module main:Main\n"
      "phase \"stg\"\n"
      "source -\n"
      "has-foreign-exported false\n"
      "stubs none\n"
      "x_r1 = \\u {} [] ->\n"
      "  lit int 42\n"
      "\n";
  EXPECT_EQ(dump(stgtest::worked_example(), false), expected);
}

TEST(Dump, DumpAppendsToTheOutput) {
  stgtest::Decoded d;
  stg::Module* m = d.decode(stgtest::worked_example());
  stgvm::resolve_module(d.arena(), *m);
  std::string out = "prefix\n";
  stgvm::dump_module(out, *m, false);
  EXPECT_EQ(out.rfind("prefix\nmodule main:Main\n", 0), 0u);
}

Bytes plain(std::string_view name, const Bytes& id, ScopeT scope = ClosurePrivate, const Bytes& type = SingleValue(LiftedRep),
            const Bytes& details = VanillaId(), const Bytes& loc = NoLoc()) {
  return SBinder(name, id, type, "", scope, details, "", loc);
}

Bytes rich_module() {
  ModuleB m;
  m.unit = "main";
  m.name = "Dump";
  m.source_path = std::string("D\x01.hs");
  m.has_foreign_exported = true;
  m.stubs = ForeignStubs(
      "hdr", "src\n", {ModuleCLabel("main", "Dump", MLK_Initializer("ini"))}, {ModuleCLabel("main", "Dump", MLK_IPEBuffer())},
      {StubDeclImport(CCallConv, PlaySafe, Header(SourceText("s"), "stdio.h"), CLabel("lab"), NoSourceText(), std::nullopt),
       StubDeclImport(CApiConv, PlayRisky, std::nullopt, CFunction(StaticTarget(NoSourceText(), "sin", std::string("m"), true)),
                      SourceText("x"), StubImplImportCWrapper("w", 4, true, "HsInt", {"a", "b"})),
       StubDeclImport(StdCallConv, PlayInterruptible, std::nullopt, CWrapper(), NoSourceText(),
                      StubImplImportCApi("cn", {{Header(NoSourceText(), "h.h"), "int", 'i'}})),
       StubDeclExport(SourceText("e"), "cname", CCallConv, NoSourceText(), U('r', 77), "")});
  m.deps = {Dep("ghc-prim", {"GHC.Types", "GHC.Prim"}), Dep("base", {})};
  m.ext_ids = {ExtUnit("ghc-prim", {{"GHC.Prim", {plain("void#", U('0', 10), ModulePublic, SingleValue(VoidRep))}}})};
  m.tycons = {TyConUnit(
      "main", {{"Dump",
                {STyCon("T", U('r', 5),
                        {SDataCon("A", U('r', 6), AlgDataCon({}), plain("A", U('r', 7), ModulePublic, SingleValue(LiftedRep), DataConWorkId(U('r', 6)))),
                         SDataCon("B", U('r', 8), AlgDataCon({R(IntRep), VecRep(4, FloatElemRep)}),
                                  plain("B", U('r', 9), ModulePublic, SingleValue(LiftedRep), DataConWorkId(U('r', 8))),
                                  RealSpan(RealSrcSpan("D.hs", 1, 2, 3, 4), std::make_pair(int64_t(5), int64_t(6))))},
                        UnhelpfulWiredIn())}}})};

  Bytes x = plain("x", U('a', 1), ClosurePrivate, SingleValue(IntRep));
  Bytes f_body = Tick(
      SourceNote(RealSrcSpan("D.hs", 3, 5, 3, 9), "f"),
      Case(OpApp(StgPrimOp("+#"), {VarArg(U('a', 1)), LitArg(LitNumber(LitNumInt, Integer(1)))}, SingleValue(IntRep)),
           plain("s", U('s', 1), ClosurePrivate, SingleValue(IntRep)), PrimAlt(R(IntRep)),
           {Alt(AltDefault(), {},
                Let(NonRec(plain("t", U('c', 1)), Closure({}, Updatable, {}, App(U('r', 1), {VarArg(U('s', 1))}))), App(U('c', 1)))),
            Alt(AltLit(LitNumber(LitNumInt, Integer(0))), {},
                LetNoEscape(NonRec(plain("j", U('j', 1), ClosurePrivate, SingleValue(LiftedRep), JoinId(1, std::nullopt)),
                                   Closure({}, ReEntrant, {plain("q", U('a', 2), ClosurePrivate, SingleValue(IntRep))},
                                           ConApp(U('r', 8), {VarArg(U('a', 2)), LitArg(LitDouble(Rational(Integer(5), Integer(2))))},
                                                  {UnboxedTuple({R(IntRep), R(DoubleRep)})}))),
                            App(U('j', 1), {LitArg(LitNumber(LitNumWord64, IntegerU64(UINT64_MAX)))})))}));
  Bytes h_body = Case(App(U('r', 2)), plain("w", U('w', 1)), AlgAlt(U('r', 5)),
                      {Alt(AltDataCon(U('r', 6)), {}, ELit(LitChar(0xE9))),
                       Alt(AltDataCon(U('r', 8)),
                           {plain("p", U('p', 1), ClosurePrivate, SingleValue(IntRep)),
                            plain("p", U('p', 2), ClosurePrivate, PolymorphicRep(), VanillaId(), UnhelpfulOther("why"))},
                           ELit(LitLabel("lbl", FunctionLabel(8))))});
  Bytes k_body =
      Case(OpApp(StgFCallOp(ForeignCall(StaticTarget(SourceText("puts"), "puts", std::string("base"), true), CCallConv, PlayRisky)),
                 {LitArg(LitString("hi\n")), VarArg(U('a', 3)), VarArg(U('0', 10))}, UnboxedTuple({R(IntRep)}), U('r', 5)),
           plain("u", U('u', 1), ClosurePrivate, UnboxedTuple({R(IntRep)})), MultiValAlt(1),
           {Alt(AltDefault(), {plain("r", U('a', 4), ClosurePrivate, SingleValue(IntRep))},
                Tick(ProfNote(), Tick(HpcTick(), Tick(Breakpoint(), ELit(LitRubbish(UnboxedTuple({R(AddrRep), R(Int8Rep)})))))))});
  Bytes m_body = Case(OpApp(StgPrimCallOp("stg_x", "mypkg"), {}, PolymorphicRep()), plain("z", U('z', 1), ClosurePrivate, PolymorphicRep()),
                      PolyAlt(),
                      {Alt(AltDefault(), {},
                           Case(OpApp(StgFCallOp(ForeignCall(DynamicTarget(), StdCallConv, PlayInterruptible)), {}, UnboxedTuple({})),
                                plain("y", U('z', 2), ClosurePrivate, UnboxedTuple({})), MultiValAlt(0),
                                {Alt(AltDefault(), {}, ELit(LitFloat(Rational(Integer(1), Integer(10)))))}))});
  m.binds = {
      TopString(plain("s", U('r', 10), ClosurePrivate, SingleValue(AddrRep)), std::string("a\0\"\\\x7f\xff\x1f~", 8)),
      TopLifted(NonRec(SBinder("f", U('r', 1), SingleValue(LiftedRep), "Int -> Int", ModulePublic, WorkerLikeId({NotMarkedCbv()}),
                               "Arity=1", RealSpan(RealSrcSpan("D.hs", 1, 1, 2, 10))),
                       Closure({}, ReEntrant, {x}, f_body))),
      TopLifted(Rec({{plain("g", U('r', 2)), Closure({}, Updatable, {}, App(U('r', 3)))},
                     {plain("h", U('r', 3), ClosurePrivate, SingleValue(LiftedRep), JoinId(0, std::vector<Bytes>{})),
                      Closure({}, SingleEntry, {}, h_body)}})),
      TopLifted(NonRec(plain("c", U('r', 4), ModulePublic, SingleValue(LiftedRep), DataConWrapId(U('r', 8)), UnhelpfulGenerated()),
                       RhsCon(U('r', 8), {LitArg(LitNumber(LitNumInt8, Integer(-3))), LitArg(LitNullAddr())}))),
      TopLifted(NonRec(plain("k", U('r', 11), ModulePublic, SingleValue(LiftedRep), VanillaId(), UnhelpfulInteractive()),
                       Closure({}, ReEntrant, {plain("v", U('a', 3), ClosurePrivate, SingleValue(VoidRep))}, k_body))),
      TopLifted(NonRec(plain("m", U('r', 12), ClosurePrivate, SingleValue(LiftedRep), RepPolyId()), Closure({}, Updatable, {}, m_body))),
  };
  return m.build();
}

const char* kNoLoc = "sig \"\" info \"\" loc <no-location>";

TEST(Dump, RichModuleFull) {
  std::string n = kNoLoc;
  const std::string expected =
      "module main:Dump\n"
      "phase \"stg\"\n"
      "source \"D\\x01.hs\"\n"
      "has-foreign-exported true\n"
      "stubs\n"
      "  header \"hdr\"\n"
      "  c-source \"src\\x0A\"\n"
      "  initializer main:Dump initializer \"ini\"\n"
      "  finalizer main:Dump ipe-buffer\n"
      "  import ccall safe header src\"s\"/\"stdio.h\" label \"lab\" nosrc\n"
      "  import capi unsafe header - function static nosrc \"sin\" m true src\"x\" impl cwrapper \"w\" 4 true \"HsInt\" [\"a\",\"b\"]\n"
      "  import stdcall interruptible header - wrapper nosrc impl capi \"cn\" [(nosrc/\"h.h\",\"int\",U+0069)]\n"
      "  export src\"e\" \"cname\" ccall nosrc r1f \"\"\n"
      "dependency ghc-prim: GHC.Types GHC.Prim\n"
      "dependency base:\n"
      "external-ids ghc-prim:GHC.Prim\n"
      "  void#_0a : VoidRep public VanillaId " + n + "\n"
      "tycons main:Dump\n"
      "  tycon T_r5 loc <wired-in>\n"
      "    datacon A_r6 alg [] loc <no-location>\n"
      "      worker A_r7 : LiftedRep public DataConWorkId(r6) " + n + "\n"
      "    datacon B_r8 alg [IntRep,VecRep<4,FloatElemRep>] loc \"D.hs\":1:2-3:4 buf 5 6\n"
      "      worker B_r9 : LiftedRep public DataConWorkId(r8) " + n + "\n"
      "s_ra : AddrRep closure VanillaId " + n + " = string \"a\\x00\\\"\\\\\\x7F\\xFF\\x1F~\"\n"
      "\n"
      "f_r1 : LiftedRep public WorkerLikeId([NotMarkedCbv]) sig \"Int -> Int\" info \"Arity=1\" loc \"D.hs\":1:1-2:10 = "
      "\\r {} [x_a1 : IntRep closure VanillaId " + n + "] ->\n"
      "  tick source \"D.hs\":3:5-3:9 \"f\"\n"
      "    case\n"
      "      op prim \"+#\" x_a1 (int 1) :: IntRep\n"
      "    of s_s1 : IntRep closure VanillaId " + n + " prim IntRep\n"
      "      default [] ->\n"
      "        let\n"
      "          t_c1 : LiftedRep closure VanillaId " + n + " = \\u {} [] ->\n"
      "            app f_r1 s_s1\n"
      "        in\n"
      "          app t_c1\n"
      "      lit (int 0) [] ->\n"
      "        letjoin\n"
      "          j_j1 : LiftedRep closure JoinId(1) " + n + " = \\r {} [q_a2 : IntRep closure VanillaId " + n + "] ->\n"
      "            conapp B_r8 q_a2 (double 5/2) :: [(#IntRep,DoubleRep#)]\n"
      "        in\n"
      "          app j_j1 (word64 18446744073709551615)\n"
      "\n"
      "rec\n"
      "  g_r2 : LiftedRep closure VanillaId " + n + " = \\u {} [] ->\n"
      "    app h_r3\n"
      "  h_r3 : LiftedRep closure JoinId(0,[]) " + n + " = \\s {} [] ->\n"
      "    case\n"
      "      app g_r2\n"
      "    of w_w1 : LiftedRep closure VanillaId " + n + " alg T_r5\n"
      "      con A_r6 [] ->\n"
      "        lit char U+00E9\n"
      "      con B_r8 [p_p1 : IntRep closure VanillaId " + n + " p_p2 : PolymorphicRep closure VanillaId sig \"\" info \"\" loc <other \"why\">] ->\n"
      "        lit label \"lbl\" function(8)\n"
      "end\n"
      "\n"
      "c_r4 : LiftedRep public DataConWrapId(r8) sig \"\" info \"\" loc <generated> = con B_r8 (int8 -3) (nulladdr)\n"
      "\n"
      "k_rb : LiftedRep public VanillaId sig \"\" info \"\" loc <interactive> = \\r {} [v_a3 : VoidRep closure VanillaId " + n + "] ->\n"
      "  case\n"
      "    op ffi static src\"puts\" \"puts\" base true ccall unsafe (string \"hi\\x0A\") v_a3 void#_0a :: (#IntRep#) @T_r5\n"
      "  of u_u1 : (#IntRep#) closure VanillaId " + n + " multi 1\n"
      "    default [r_a4 : IntRep closure VanillaId " + n + "] ->\n"
      "      tick profnote\n"
      "        tick hpc\n"
      "          tick breakpoint\n"
      "            lit rubbish (#AddrRep,Int8Rep#)\n"
      "\n"
      "m_rc : LiftedRep closure RepPolyId " + n + " = \\u {} [] ->\n"
      "  case\n"
      "    op primcall \"stg_x\" mypkg :: PolymorphicRep\n"
      "  of z_z1 : PolymorphicRep closure VanillaId " + n + " poly\n"
      "    default [] ->\n"
      "      case\n"
      "        op ffi dynamic stdcall interruptible :: (##)\n"
      "      of y_z2 : (##) closure VanillaId " + n + " multi 0\n"
      "        default [] ->\n"
      "          lit float 1/10\n"
      "\n";
  std::string got = dump(rich_module(), true);
  EXPECT_EQ(got, expected);
  if (got != expected) {  // first differing line, for a readable failure
    size_t i = 0;
    while (i < got.size() && i < expected.size() && got[i] == expected[i]) ++i;
    size_t ls = expected.rfind('\n', i);
    ls = ls == std::string::npos ? 0 : ls + 1;
    ADD_FAILURE() << "first difference in line: " << expected.substr(ls, expected.find('\n', i) - ls) << "\n got: "
                  << got.substr(ls, got.find('\n', i) - ls);
  }
}

TEST(Dump, RichModuleShortFormOmitsTablesAndDeclarationDetails) {
  std::string got = dump(rich_module(), false);
  EXPECT_EQ(got.find("external-ids"), std::string::npos);
  EXPECT_EQ(got.find("tycons"), std::string::npos);
  EXPECT_EQ(got.find(" sig "), std::string::npos);
  EXPECT_NE(got.find("s_ra = string \"a\\x00\\\"\\\\\\x7F\\xFF\\x1F~\"\n"), std::string::npos) << got;
  EXPECT_NE(got.find("f_r1 = \\r {} [x_a1] ->\n"), std::string::npos) << got;
  EXPECT_NE(got.find("    of s_s1 prim IntRep\n"), std::string::npos) << got;
  EXPECT_NE(got.find("      con B_r8 [p_p1 p_p2] ->\n"), std::string::npos) << got;
  // Stubs and dependencies are printed in both forms.
  EXPECT_NE(got.find("  export src\"e\" \"cname\" ccall nosrc r1f \"\"\n"), std::string::npos);
  EXPECT_NE(got.find("dependency base:\n"), std::string::npos);
}

TEST(Dump, FreeVariablesAndVecRepsAndNegativeUniques) {
  ModuleB m;
  m.binds = {TopLifted(NonRec(plain("f", U('r', -63), ModulePublic, UnboxedTuple({VecRep(16, Word8ElemRep), R(UnliftedRep)})),
                              Closure({U('r', -63), U(0xE9, 1)}, ReEntrant, {}, ELit(LitChar(0x1F600)))))};
  // The file's (non-empty) free-variable list resolves against the top-level binder itself
  // and an external id.
  m.ext_ids = {ExtUnit("u", {{"M", {plain("e", U(0xE9, 1), ModulePublic)}}})};
  std::string got = dump(m.build(), true);
  const std::string expected =
      "module main:Main\n"
      "phase \"stg\"\n"
      "source -\n"
      "has-foreign-exported false\n"
      "stubs none\n"
      "external-ids u:M\n"
      "  e_\xc3\xa9" "1 : LiftedRep public VanillaId sig \"\" info \"\" loc <no-location>\n"
      "f_r-11 : (#VecRep<16,Word8ElemRep>,UnliftedRep#) public VanillaId sig \"\" info \"\" loc <no-location> = "
      "\\r {f_r-11 e_\xc3\xa9" "1} [] ->\n"
      "  lit char U+1F600\n"
      "\n";
  EXPECT_EQ(got, expected);
}

}  // namespace
