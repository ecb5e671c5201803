// Hostile inputs: every truncation and every single-bit flip of a realistic module and of a
// zip holding it must end in success or LoadError (never a crash, hang or other exception);
// nesting beyond DecodeLimits::max_depth is a LoadError, not a stack overflow.
#include <gtest/gtest.h>

#include <chrono>

#include "hand_zip.h"
#include "loader/dump.h"
#include "loader/large_stack.h"
#include "loader/resolve.h"
#include "loader/zip_archive.h"
#include "stgbin_builder.h"
#include "test_util.h"

using namespace stgb;
namespace stg = stgvm::stg;

namespace {

// A module with a bit of everything: tycons, external ids, stubs, string literal, rec
// group, case/let/letjoin/tick, primops, FFI, rationals, big integers, labels.
Bytes realistic_module() {
  ModuleB m;
  m.unit = "main";
  m.name = "Main";
  m.source_path = "app/Main.hs";
  m.has_foreign_exported = true;
  m.stubs = ForeignStubs("#include \"HsFFI.h\"\n", "HsInt hs_f(void);\n", {ModuleCLabel("main", "Main", MLK_Initializer("init"))},
                         {ModuleCLabel("main", "Main", MLK_FinalizerArray())},
                         {StubDeclImport(CCallConv, PlaySafe, Header(NoSourceText(), "math.h"),
                                         CFunction(StaticTarget(NoSourceText(), "sin", std::nullopt, true)), NoSourceText(),
                                         StubImplImportCWrapper("w", 4, true, "HsDouble", {"HsDouble"})),
                          StubDeclExport(NoSourceText(), "hs_f", CCallConv, NoSourceText(), U('r', 3), "")});
  m.deps = {Dep("ghc-prim", {"GHC.Types", "GHC.Prim"})};
  Bytes false_w = Binder("False", U('t', 3), ModulePublic, SingleValue(LiftedRep), DataConWorkId(U('t', 2)));
  Bytes true_w = Binder("True", U('t', 5), ModulePublic, SingleValue(LiftedRep), DataConWorkId(U('t', 4)));
  m.tycons = {TyConUnit("ghc-prim", {{"GHC.Types",
                                      {STyCon("Bool", U('t', 1),
                                              {SDataCon("False", U('t', 2), AlgDataCon({}), false_w),
                                               SDataCon("True", U('t', 4), AlgDataCon({}), true_w)}),
                                       STyCon("(#,#)", U('t', 6), {SDataCon("(#,#)", U('t', 7), UnboxedTupleCon(2), Binder("(#,#)", U('t', 8), ModulePublic))})}}})};
  m.ext_ids = {ExtUnit("ghc-prim", {{"GHC.Prim", {Binder("void#", U('0', 10), ModulePublic)}}}),
               ExtUnit("base", {{"GHC.Show", {Binder("show", U('e', 1), ModulePublic), Binder("$fShowInt", U('e', 2), ModulePublic)}}})};
  Bytes span = RealSrcSpan("app/Main.hs", 3, 1, 9, 20);
  Bytes f_body = Case(
      OpApp(StgPrimOp("+#"), {VarArg(U('a', 1)), LitArg(LitNumber(LitNumInt, Integer(1)))}, SingleValue(IntRep)),
      Binder("s", U('s', 1), ClosurePrivate, SingleValue(IntRep)), PrimAlt(R(IntRep)),
      {Alt(AltDefault(), {},
           Let(NonRec(Binder("t", U('c', 1)), Closure({}, Updatable, {}, App(U('r', 1), {VarArg(U('s', 1))}))),
               Case(App(U('c', 1)), Binder("w", U('w', 1)), AlgAlt(U('t', 1)),
                    {Alt(AltDefault(), {}, ELit(LitDouble(Rational(Integer(5), Integer(2))))),
                     Alt(AltDataCon(U('t', 4)), {}, ConApp(U('t', 4), {}, {}))}))),
       Alt(AltLit(LitNumber(LitNumInt, Integer(0))), {},
           LetNoEscape(NonRec(Binder("j", U('j', 1), ClosurePrivate, SingleValue(LiftedRep), JoinId(1, std::vector<Bytes>{MarkedCbv()})),
                              Closure({}, ReEntrant, {Binder("q", U('a', 9), ClosurePrivate, SingleValue(IntRep))},
                                      ConApp(U('t', 7), {VarArg(U('a', 9)), LitArg(LitFloat(Rational(Integer(1), Integer(10))))},
                                             {UnboxedTuple({R(IntRep), R(FloatRep)})}))),
                       App(U('j', 1), {LitArg(LitNumber(LitNumWord64, IntegerU64(UINT64_MAX)))})))});
  m.binds = {
      TopString(Binder("str", U('r', 9), ClosurePrivate, SingleValue(AddrRep)), std::string("hello\0world\n", 12)),
      TopLifted(NonRec(SBinder("f", U('r', 1), SingleValue(LiftedRep), "Int# -> Int", ModulePublic, VanillaId(), "Arity=1",
                               RealSpan(span, std::make_pair(int64_t(10), int64_t(99)))),
                       Closure({}, ReEntrant, {Binder("x", U('a', 1), ClosurePrivate, SingleValue(IntRep))}, Tick(SourceNote(span, "f"), f_body)))),
      TopLifted(Rec({{Binder("g", U('r', 2)), Closure({}, Updatable, {}, App(U('r', 4), {VarArg(U('e', 2))}))},
                     {Binder("h", U('r', 4), ClosurePrivate, SingleValue(LiftedRep), WorkerLikeId({NotMarkedCbv()})),
                      Closure({}, ReEntrant, {Binder("d", U('a', 2))}, App(U('e', 1), {VarArg(U('a', 2)), VarArg(U('r', 2))}))}})),
      TopLifted(NonRec(Binder("hs_f", U('r', 3), ModulePublic),
                       Closure({}, ReEntrant, {Binder("v", U('a', 3), ClosurePrivate, SingleValue(VoidRep))},
                               OpApp(StgFCallOp(ForeignCall(StaticTarget(SourceText("puts"), "puts", std::string("base"), true), CCallConv, PlayRisky)),
                                     {LitArg(LitLabel("str_label", FunctionLabel(std::nullopt))), VarArg(U('0', 10))},
                                     UnboxedTuple({R(IntRep)}), U('t', 1))))),
      TopLifted(NonRec(Binder("c", U('r', 5)), RhsCon(U('t', 4), {}))),
      TopLifted(NonRec(Binder("big", U('r', 6)),
                       Closure({}, Updatable, {},
                               ELit(LitDouble(Rational(IntegerMag(false, Mag::from_decimal("123456789012345678901234567890")),
                                                       IntegerMag(false, Mag::from_decimal("1" + std::string(30, '0'))))))))),
      TopLifted(NonRec(Binder("r", U('r', 7)), Closure({}, SingleEntry, {}, ELit(LitRubbish(PolymorphicRep()))))),
      TopLifted(NonRec(Binder("lbl", U('r', 8)), Closure({}, Updatable, {}, ELit(LitLabel("data_sym", DataLabel()))))),
  };
  return m.build();
}

// Decode, resolve and print; returns normally or throws (LoadError expected).
void load_and_print(const std::string& bytes) {
  stgtest::Decoded d;
  stg::Module* m = d.decode(bytes);
  stgvm::resolve_module(d.arena(), *m);
  std::string out;
  stgvm::dump_module(out, *m, true);
}

TEST(Robustness, RealisticModuleIsValid) {
  std::string bytes = realistic_module();
  ASSERT_NO_THROW(load_and_print(bytes));
  EXPECT_GT(bytes.size(), 1500u);
}

TEST(Robustness, EveryTruncationOfAModuleFails) {
  std::string bytes = realistic_module();
  for (size_t n = 0; n < bytes.size(); ++n) {
    std::string t = bytes.substr(0, n);
    try {
      stgtest::Decoded d;
      d.decode(t);
      ADD_FAILURE() << "truncation at " << n << " of " << bytes.size() << " decoded";
    } catch (const stgvm::LoadError& e) {
      if (e.offset < 0 || size_t(e.offset) > n) ADD_FAILURE() << "bad offset " << e.offset << " for length " << n;
    } catch (const std::exception& e) {
      ADD_FAILURE() << "truncation at " << n << ": unexpected exception " << e.what();
    }
  }
}

TEST(Robustness, EveryBitFlipOfAModuleSucceedsOrFailsCleanly) {
  std::string bytes = realistic_module();
  size_t ok = 0, rejected = 0;
  for (size_t i = 0; i < bytes.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      std::string f = bytes;
      f[i] = char(uint8_t(f[i]) ^ (1u << bit));
      try {
        load_and_print(f);
        ++ok;
      } catch (const stgvm::LoadError&) {
        ++rejected;
      } catch (const std::exception& e) {
        ADD_FAILURE() << "flip of bit " << bit << " of byte " << i << ": unexpected exception " << e.what();
      }
    }
  }
  // Both outcomes occur (flips in names/text still decode; flips in tags/lengths do not).
  EXPECT_GT(ok, 0u);
  EXPECT_GT(rejected, 0u);
}

// Reads every entry of a (possibly damaged) zip held in memory and decodes module.stgbin.
void open_zip_and_decode(const std::string& z) {
  stgvm::ZipArchive a("fuzz.zip", reinterpret_cast<const uint8_t*>(z.data()), z.size());
  auto es = a.read(a.names());
  for (auto& e : es)
    if (e.name == "module.stgbin") load_and_print(std::string(reinterpret_cast<const char*>(e.data.get()), e.size));
}

handzip::Layout realistic_zip() {
  return handzip::build({{"module.stgbin", realistic_module(), 93},
                         {"module.info", "ghc_version: \"9.10.3\"\n", 8},
                         {"module.hs", "main = pure ()\n", 0}});
}

TEST(Robustness, RealisticZipIsValid) {
  handzip::Layout L = realistic_zip();
  ASSERT_NO_THROW(open_zip_and_decode(L.bytes));
}

TEST(Robustness, EveryTruncationOfAZipFails) {
  handzip::Layout L = realistic_zip();
  for (size_t n = 0; n < L.bytes.size(); ++n) {
    try {
      open_zip_and_decode(L.bytes.substr(0, n));
      ADD_FAILURE() << "zip truncated at " << n << " was accepted";
    } catch (const stgvm::LoadError&) {
    } catch (const std::exception& e) {
      ADD_FAILURE() << "zip truncated at " << n << ": unexpected exception " << e.what();
    }
  }
}

TEST(Robustness, EveryBitFlipOfAZipSucceedsOrFailsCleanly) {
  handzip::Layout L = realistic_zip();
  size_t rejected = 0;
  for (size_t i = 0; i < L.bytes.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      std::string f = L.bytes;
      f[i] = char(uint8_t(f[i]) ^ (1u << bit));
      try {
        open_zip_and_decode(f);
      } catch (const stgvm::LoadError&) {
        ++rejected;
      } catch (const std::exception& e) {
        ADD_FAILURE() << "flip of bit " << bit << " of byte " << i << ": unexpected exception " << e.what();
      }
    }
  }
  EXPECT_GT(rejected, 0u);
}

TEST(Robustness, CompressedDataFlipsAreAlwaysDetected) {
  // Inside the compressed payload a flip either breaks the zstd frame or the CRC-32.
  handzip::Layout L = realistic_zip();
  for (size_t i = L.data_at[0]; i < L.data_at[0] + L.data_size[0]; ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      std::string f = L.bytes;
      f[i] = char(uint8_t(f[i]) ^ (1u << bit));
      try {
        stgvm::ZipArchive a("fuzz.zip", reinterpret_cast<const uint8_t*>(f.data()), f.size());
        auto e = a.read_one("module.stgbin");
        if (std::string(reinterpret_cast<const char*>(e.data.get()), e.size) != realistic_module())
          ADD_FAILURE() << "flip of bit " << bit << " of byte " << i << " returned different bytes without an error";
      } catch (const stgvm::LoadError&) {
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Nesting depth

// n nested `StgTick ProfNote` around a literal, as the body of x_r1.
Bytes nested_ticks(size_t n) {
  Bytes ticks;
  ticks.reserve(2 * n);
  for (size_t i = 0; i < n; ++i) ticks += Tick(ProfNote(), "");
  return module_with_body(ticks + ELit(LitNullAddr()));
}

// n nested `let y_i = \u [] -> <inner> in y_i`.
Bytes nested_lets(size_t n) {
  Bytes pre;
  std::vector<Bytes> post(n);
  for (size_t i = 0; i < n; ++i) {
    pre += u8(5) + u8(0) + Binder("y", U('y', int64_t(i))) + u8(0) + List({}) + u8(Updatable) + List({});  // Let NonRec y_i (Closure [] u [] …
    post[i] = App(U('y', int64_t(i)));                                                                    // … ) in y_i
  }
  Bytes out = pre + ELit(LitNullAddr());
  for (size_t i = n; i-- > 0;) out += post[i];
  return module_with_body(out);
}

// n nested case scrutinees.
Bytes nested_cases(size_t n) {
  Bytes out(n, char(4));  // StgCase tags; each case's scrutinee is the next one
  out += ELit(LitNullAddr());
  for (size_t i = n; i-- > 0;)
    out += Binder("c", U('c', int64_t(i))) + PolyAlt() + List({Alt(AltDefault(), {}, ELit(LitNullAddr()))});
  return module_with_body(out);
}

// Decodes `bytes`, which must fail; returns the error. Runs on the caller's thread: the
// tests below call it inside one run_with_large_stack (as the CLI does), so the deep stack
// is set up once.
stgvm::LoadError deep_error(const Bytes& bytes, const stgvm::DecodeLimits& lim = {}) {
  try {
    stgtest::Decoded d;
    d.decode(bytes, lim);
  } catch (const stgvm::LoadError& e) {
    return e;
  }
  ADD_FAILURE() << "deep nesting was accepted";
  return stgvm::LoadError("", "", -2, "<none>");
}

TEST(Depth, BeyondMaxDepthIsALoadError) {
  stgvm::DecodeLimits lim;
  ASSERT_EQ(lim.max_depth, 20000u);
  stgvm::run_with_large_stack([&] {
    for (size_t n : {size_t(20001), size_t(200000)}) {
      SCOPED_TRACE(n);
      auto e = deep_error(nested_ticks(n));
      EXPECT_NE(e.what_wrong.find("nesting"), std::string::npos) << e.what();
      EXPECT_GT(e.offset, 0);
    }
    EXPECT_NE(deep_error(nested_lets(20001)).what_wrong.find("nesting"), std::string::npos);
    EXPECT_NE(deep_error(nested_cases(20001)).what_wrong.find("nesting"), std::string::npos);
  });
}

TEST(Depth, CustomLimit) {
  stgvm::DecodeLimits lim;
  lim.max_depth = 100;
  stgvm::run_with_large_stack([&] {
    EXPECT_NE(deep_error(nested_ticks(150), lim).what_wrong.find("100"), std::string::npos);
    EXPECT_NE(deep_error(nested_lets(101), lim).what_wrong.find("nesting"), std::string::npos);
  });
  stgtest::Decoded d;
  EXPECT_NO_THROW(d.decode(nested_ticks(50), lim));
  EXPECT_NO_THROW(d.decode(nested_lets(30), lim));
}

TEST(Depth, DeepButAllowedNestingDecodesResolvesAndPrints) {
  bool done = false;
  stgvm::run_with_large_stack([&] {
    {
      stgtest::Decoded d;
      stg::Module* m = d.decode(nested_ticks(19000));
      stgvm::resolve_module(d.arena(), *m);
    }
    {
      stgtest::Decoded d;
      stg::Module* m = d.decode(nested_lets(9000));  // two depth units per level (let + rhs)
      stgvm::resolve_module(d.arena(), *m);
      // Each y_i is referenced only in its own let body, outside every closure.
      EXPECT_TRUE(m->top_bindings[0].binding.rhss[0]->body->as<stg::ELet>()->binding->rhss[0]->computed_free_vars.empty());
    }
    {  // printing indents 2 spaces per level, so the output grows quadratically: stay smaller
      stgtest::Decoded d;
      stg::Module* m = d.decode(nested_lets(1000));
      stgvm::resolve_module(d.arena(), *m);
      std::string out;
      stgvm::dump_module(out, *m, false);
      EXPECT_GT(out.size(), 2000000u);
    }
    {
      stgtest::Decoded d;
      stg::Module* m = d.decode(nested_cases(19000));
      stgvm::resolve_module(d.arena(), *m);
    }
    done = true;
  });
  EXPECT_TRUE(done);
}

}  // namespace
