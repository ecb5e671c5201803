// §3.3–3.5: per-module resolution with lexical scoping, unique names, free variables, and
// program-wide linking of hand-built modules.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <set>

#include "examples.h"
#include "loader/link.h"
#include "loader/load.h"
#include "loader/program.h"
#include "loader/resolve.h"
#include "stgbin_builder.h"
#include "test_util.h"

using namespace stgb;
namespace stg = stgvm::stg;
using stgtest::catch_load_error;

namespace {

std::unique_ptr<stgvm::Program> link(const std::vector<Bytes>& modules) {
  auto p = std::make_unique<stgvm::Program>();
  for (const Bytes& b : modules) {
    std::unique_ptr<uint8_t[]> buf(new uint8_t[b.size() + 1]);
    std::memcpy(buf.get(), b.data(), b.size());
    stg::Module* m = stgvm::decode_module(p->arena, buf.get(), b.size());
    stgvm::resolve_module(p->arena, *m);
    p->buffers.push_back(std::move(buf));
    p->modules.push_back(m);
  }
  stgvm::link_program(*p);
  return p;
}

// Decode + resolve one module; returns the module (kept alive by `d`).
stg::Module* resolved(stgtest::Decoded& d, const Bytes& bytes) {
  stg::Module* m = d.decode(bytes);
  stgvm::resolve_module(d.arena(), *m);
  return m;
}

std::set<std::string> names(const stg::Span<stg::Binder*>& bs) {
  std::set<std::string> s;
  for (stg::Binder* b : bs) s.insert(std::string(b->name));
  return s;
}

// ---------------------------------------------------------------------------------------------
// Two modules: ghc-prim:GHC.Types defines Bool = False | True, their workers and `not`;
// main:Main refers to them through moduleTyCons / moduleExternalTopIds (with its own uniques).

Bytes ghc_types() {
  ModuleB m;
  m.unit = "ghc-prim";
  m.name = "GHC.Types";
  Bytes false_w = Binder("False", U('r', 3), ModulePublic, SingleValue(LiftedRep), DataConWorkId(U('r', 2)));
  Bytes true_w = Binder("True", U('r', 5), ModulePublic, SingleValue(LiftedRep), DataConWorkId(U('r', 4)));
  m.tycons = {TyConUnit("ghc-prim", {{"GHC.Types",
                                      {STyCon("Bool", U('r', 1),
                                              {SDataCon("False", U('r', 2), AlgDataCon({}), false_w),
                                               SDataCon("True", U('r', 4), AlgDataCon({}), true_w)})}}})};
  m.binds = {
      TopLifted(NonRec(false_w, RhsCon(U('r', 2), {}))),
      TopLifted(NonRec(true_w, RhsCon(U('r', 4), {}))),
      // not = \r [b] -> case b of wild { False -> True; True -> False }
      TopLifted(NonRec(Binder("not", U('r', 6), ModulePublic),
                       Closure({}, ReEntrant, {Binder("b", U('a', 1))},
                               Case(App(U('a', 1)), Binder("wild", U('w', 1)), AlgAlt(U('r', 1)),
                                    {Alt(AltDataCon(U('r', 2)), {}, App(U('r', 5))),
                                     Alt(AltDataCon(U('r', 4)), {}, App(U('r', 3)))})))),
  };
  return m.build();
}

Bytes main_module() {
  ModuleB m;
  m.deps = {Dep("ghc-prim", {"GHC.Types"}), Dep("base", {"GHC.Base"})};
  // Main's own uniques for the imported tycon, datacons and workers.
  m.tycons = {TyConUnit(
      "ghc-prim",
      {{"GHC.Types",
        {STyCon("Bool", U('t', 1),
                {SDataCon("False", U('t', 2), AlgDataCon({}),
                          Binder("False", U('t', 3), ModulePublic, SingleValue(LiftedRep), DataConWorkId(U('t', 2)))),
                 SDataCon("True", U('t', 4), AlgDataCon({}),
                          Binder("True", U('t', 5), ModulePublic, SingleValue(LiftedRep), DataConWorkId(U('t', 4))))})}}})};
  m.ext_ids = {
      ExtUnit("ghc-prim", {{"GHC.Types", {Binder("not", U('e', 1), ModulePublic)}},
                           {"GHC.Prim",
                            {Binder("void#", U('0', 10), ModulePublic), Binder("realWorld#", U('0', 11), ModulePublic),
                             Binder("(#,#)", U('0', 12), ModulePublic)}}}),
      // Scope is forced to ModulePublic for external ids, whatever the file says.
      ExtUnit("base", {{"GHC.Base", {Binder("map", U('e', 2), ClosurePrivate), Binder("unused", U('e', 3), ModulePublic)}}}),
  };
  m.binds = {
      // :Main.main = \u [] -> Main.main
      TopLifted(NonRec(Binder("main", U('0', 101), ModulePublic), Closure({}, Updatable, {}, App(U('r', 20))))),
      // Main.main = \u [] -> case not True of wild { False -> map; True -> realWorld# }
      TopLifted(NonRec(Binder("main", U('r', 20), ModulePublic),
                       Closure({}, Updatable, {},
                               Case(App(U('e', 1), {VarArg(U('t', 5))}), Binder("wild", U('s', 1)), AlgAlt(U('t', 1)),
                                    {Alt(AltDataCon(U('t', 2)), {}, App(U('e', 2))),
                                     Alt(AltDataCon(U('t', 4)), {}, ConApp(U('t', 4), {}, {}))})))),
      // go = \r [n] -> go n void#     (a non-exported top-level binder: ClosurePrivate)
      TopLifted(NonRec(Binder("go", U('r', 1234), ClosurePrivate),
                       Closure({}, ReEntrant, {Binder("n", U('a', 1))}, App(U('r', 1234), {VarArg(U('a', 1)), VarArg(U('0', 10))})))),
      TopString(Binder("str", U('r', 30), ClosurePrivate, SingleValue(AddrRep)), std::string("hi\0", 3)),
      TopLifted(NonRec(Binder("rw", U('r', 31), ClosurePrivate), Closure({}, Updatable, {}, App(U('0', 11))))),
      TopLifted(NonRec(Binder("tup", U('r', 32), ModulePrivate), Closure({}, Updatable, {}, App(U('0', 12))))),
  };
  return m.build();
}

TEST(UniqueNames, PrintUniqueBase62) {
  EXPECT_EQ(stgvm::print_unique({'r', 1234}), "rjU");  // 1234 = 19·62 + 56 → 'j' 'U'
  EXPECT_EQ(stgvm::print_unique({'0', 101}), "01D");   // 101 = 1·62 + 39 → '1' 'D'
  EXPECT_EQ(stgvm::print_unique({'a', 0}), "a0");
  EXPECT_EQ(stgvm::print_unique({'a', 61}), "aZ");
  EXPECT_EQ(stgvm::print_unique({'a', 62}), "a10");
  EXPECT_EQ(stgvm::print_unique({0xE9, 1}), "\xc3\xa9" "1");
}

TEST(Linking, UniqueNamesOfTopLevelBinders) {
  auto p = link({ghc_types(), main_module()});
  ASSERT_NE(p->main, nullptr);
  EXPECT_EQ(p->main->unique_name, "main_:Main.main");
  EXPECT_EQ(p->main->id, (stg::Unique{'0', 101}));
  EXPECT_EQ(p->main->module, "Main");
  stg::Binder* mm = p->find_binder("main_Main.main");
  ASSERT_NE(mm, nullptr);
  EXPECT_EQ(mm->id, (stg::Unique{'r', 20}));
  stg::Binder* go = p->find_binder("main_Main.go_rjU");
  ASSERT_NE(go, nullptr);
  EXPECT_EQ(go->name, "go");
  EXPECT_TRUE(go->top_level);
  EXPECT_NE(p->find_binder("main_Main.str_ru"), nullptr);  // 30 → 'u'
  EXPECT_NE(p->find_binder("main_Main.tup_rw"), nullptr);  // ModulePrivate also gets the suffix; 32 → 'w'
  EXPECT_NE(p->find_binder("ghc-prim_GHC.Types.True"), nullptr);
  EXPECT_NE(p->find_binder("ghc-prim_GHC.Types.False"), nullptr);
  EXPECT_NE(p->find_binder("ghc-prim_GHC.Types.not"), nullptr);
  EXPECT_EQ(p->find_binder("main_Main.go"), nullptr);
  // Exactly the top-level definitions of both modules (3 + 6).
  EXPECT_EQ(p->binders.size(), 9u);
}

TEST(Linking, OccurrencesTargetDefinitionsInOtherModules) {
  auto p = link({ghc_types(), main_module()});
  stg::Binder* mm = p->find_binder("main_Main.main");
  ASSERT_NE(mm, nullptr);
  // Find Main.main's rhs.
  const stg::Module* main = p->modules[1];
  ASSERT_EQ(main->name, "Main");
  const stg::Rhs* r = main->top_bindings[1].binding.rhss[0];
  auto* cs = r->body->as<stg::ECase>();
  auto* app = cs->scrut->as<stg::EApp>();
  stg::Binder* not_def = p->find_binder("ghc-prim_GHC.Types.not");
  ASSERT_NE(app->fn.binder, nullptr);
  EXPECT_TRUE(app->fn.binder->external);
  EXPECT_EQ(app->fn.target(), not_def);
  EXPECT_EQ(app->args[0].var.target(), p->find_binder("ghc-prim_GHC.Types.True"));
  // The root calls Main.main inside its own module.
  auto* root_app = main->top_bindings[0].binding.rhss[0]->body->as<stg::EApp>();
  EXPECT_EQ(root_app->fn.target(), mm);
  // Recursive self-reference of go.
  auto* go_app = main->top_bindings[2].binding.rhss[0]->body->as<stg::EApp>();
  EXPECT_EQ(go_app->fn.target(), p->find_binder("main_Main.go_rjU"));
  EXPECT_EQ(go_app->args[0].var.target(), main->top_bindings[2].binding.rhss[0]->params[0]);
}

TEST(Linking, DataConsAreCanonicalAndTaggedByPosition) {
  auto p = link({ghc_types(), main_module()});
  const stg::Module* types = p->modules[0];
  const stg::Module* main = p->modules[1];
  stg::DataCon* t = p->find_datacon("ghc-prim_GHC.Types.True");
  stg::DataCon* f = p->find_datacon("ghc-prim_GHC.Types.False");
  ASSERT_NE(t, nullptr);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->tag, 0u);
  EXPECT_EQ(t->tag, 1u);
  EXPECT_EQ(t->name, "True");
  // Both modules' copies share the canonical representative.
  const stg::TyCon* tc_types = types->tycons[0].tycons[0];
  const stg::TyCon* tc_main = main->tycons[0].tycons[0];
  EXPECT_EQ(tc_types->datacons[1].canonical, t);
  EXPECT_EQ(tc_main->datacons[1].canonical, t);
  EXPECT_EQ(tc_main->datacons[0].canonical, f);
  EXPECT_EQ(tc_main->datacons[1].unique_name, "ghc-prim_GHC.Types.True");
  EXPECT_EQ(tc_main->datacons[1].tag, 1u);
  stg::TyCon* bool_tc = p->tycons.at("ghc-prim_GHC.Types.Bool");
  EXPECT_EQ(tc_types->canonical, bool_tc);
  EXPECT_EQ(tc_main->canonical, bool_tc);
  // Occurrences in Main resolve to Main's copies, whose targets are canonical.
  auto* cs = main->top_bindings[1].binding.rhss[0]->body->as<stg::ECase>();
  EXPECT_EQ(cs->alt_type.tycon.tycon, tc_main);
  EXPECT_EQ(cs->alt_type.tycon.target(), bool_tc);
  EXPECT_EQ(cs->alts[0].con.target(), f);
  EXPECT_EQ(cs->alts[1].con.target(), t);
  EXPECT_EQ(cs->alts[1].rhs->as<stg::EConApp>()->con.target(), t);
  // And in GHC.Types too.
  auto* nc = types->top_bindings[2].binding.rhss[0]->body->as<stg::ECase>();
  EXPECT_EQ(nc->alts[1].con.target(), t);
  EXPECT_EQ(types->top_bindings[1].binding.rhss[0]->con.target(), t);
  // Main's worker binder for True links to the definition in GHC.Types.
  EXPECT_EQ(tc_main->datacons[1].worker->def, p->find_binder("ghc-prim_GHC.Types.True"));
}

TEST(Linking, PrimBuiltinsAndUnresolved) {
  auto p = link({ghc_types(), main_module()});
  std::vector<std::string> b;
  for (stg::Binder* x : p->builtins) {
    b.push_back(std::string(x->unique_name));
    EXPECT_TRUE(x->builtin);
  }
  EXPECT_EQ(b, (std::vector<std::string>{"ghc-prim_GHC.Prim.(#,#)", "ghc-prim_GHC.Prim.realWorld#",
                                         "ghc-prim_GHC.Prim.void#"}));
  ASSERT_EQ(p->unresolved.size(), 1u);
  EXPECT_EQ(p->unresolved[0]->unique_name, "base_GHC.Base.map");
  // The occurrence of void# in go targets the builtin.
  const stg::Module* main = p->modules[1];
  auto* go_app = main->top_bindings[2].binding.rhss[0]->body->as<stg::EApp>();
  ASSERT_NE(go_app->args[1].var.target(), nullptr);
  EXPECT_TRUE(go_app->args[1].var.target()->builtin);
  EXPECT_EQ(go_app->args[1].var.target()->unique_name, "ghc-prim_GHC.Prim.void#");
  // map is unresolved: its occurrence has no target.
  auto* cs = main->top_bindings[1].binding.rhss[0]->body->as<stg::ECase>();
  EXPECT_EQ(cs->alts[0].rhs->as<stg::EApp>()->fn.target(), nullptr);
  EXPECT_TRUE(stgvm::is_prim_builtin("ghc-prim", "GHC.Prim", "(#,,#)"));
  EXPECT_TRUE(stgvm::is_prim_builtin("ghc-prim", "GHC.Prim", "realWorld#"));
  EXPECT_FALSE(stgvm::is_prim_builtin("ghc-prim", "GHC.Prim", "(#,a#)"));
  EXPECT_FALSE(stgvm::is_prim_builtin("base", "GHC.Prim", "void#"));
}

TEST(Linking, LoadOrderDoesNotMatter) {
  auto p = link({main_module(), ghc_types()});
  ASSERT_NE(p->main, nullptr);
  const stg::Module* main = p->modules[0];
  auto* cs = main->top_bindings[1].binding.rhss[0]->body->as<stg::ECase>();
  EXPECT_EQ(cs->scrut->as<stg::EApp>()->fn.target(), p->find_binder("ghc-prim_GHC.Types.not"));
  stg::DataCon* t = p->find_datacon("ghc-prim_GHC.Types.True");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->tag, 1u);
  EXPECT_EQ(cs->alts[1].con.target(), t);
  EXPECT_EQ(p->modules[1]->tycons[0].tycons[0]->datacons[1].canonical, t);
}

TEST(Linking, DuplicateDefinitionsAcrossModulesAreAnError) {
  auto e = catch_load_error([] { link({stgtest::worked_example(), ghc_types(), stgtest::worked_example()}); });
  EXPECT_NE(e.what_wrong.find("main_Main.x"), std::string::npos) << e.what();
}

TEST(Linking, ConflictingTyConDefinitionsAreAnError) {
  // A second module claims GHC.Types.Bool has only one constructor.
  ModuleB m;
  m.tycons = {TyConUnit("ghc-prim", {{"GHC.Types", {STyCon("Bool", U('t', 1), {SDataCon("True", U('t', 4), AlgDataCon({}), Binder("True", U('t', 5), ModulePublic))})}}})};
  auto e = catch_load_error([&] { link({ghc_types(), m.build()}); });
  EXPECT_NE(e.what_wrong.find("ghc-prim_GHC.Types.Bool"), std::string::npos) << e.what();
}

// ---------------------------------------------------------------------------------------------
// Lexical scoping inside one module

TEST(Scoping, UnknownBinderNamesTheModule) {
  auto e = catch_load_error([] {
    stgtest::Decoded d;
    resolved(d, module_with_body(App(U('z', 99))));
  });
  EXPECT_NE(e.what_wrong.find("main:Main"), std::string::npos) << e.what();
  EXPECT_NE(e.what_wrong.find("z1B"), std::string::npos) << e.what();  // 99 = 1·62 + 37
}

TEST(Scoping, UnknownBinderThroughLoadProgramNamesModuleAndFile) {
  stgtest::TempDir dir;
  ModuleB m;
  m.unit = "mypkg";
  m.name = "Data.Thing";
  m.binds = {TopLifted(NonRec(Binder("x", U('r', 1), ModulePublic), Closure({}, Updatable, {}, App(U('z', 99)))))};
  std::string path = dir.write("Thing.stgbin", m.build());
  auto e = catch_load_error([&] { stgvm::load_program(path); });
  EXPECT_NE(e.what_wrong.find("mypkg:Data.Thing"), std::string::npos) << e.what();
  EXPECT_EQ(e.file, path);
}

TEST(Scoping, CaseBinderIsVisibleInAltsNotInScrutinee) {
  Bytes bad = module_with_body(Case(App(U('b', 1)), Binder("b", U('b', 1)), PolyAlt(), {Alt(AltDefault(), {}, ELit(LitNullAddr()))}));
  auto e = catch_load_error([&] {
    stgtest::Decoded d;
    resolved(d, bad);
  });
  EXPECT_NE(e.what_wrong.find("unknown"), std::string::npos) << e.what();

  Bytes good = module_with_body(Case(ELit(LitNullAddr()), Binder("b", U('b', 1)), PolyAlt(), {Alt(AltDefault(), {}, App(U('b', 1)))}));
  stgtest::Decoded d;
  stg::Module* m = resolved(d, good);
  auto* cs = m->top_bindings[0].binding.rhss[0]->body->as<stg::ECase>();
  EXPECT_EQ(cs->alts[0].rhs->as<stg::EApp>()->fn.binder, cs->binder);
  EXPECT_FALSE(cs->binder->top_level);
  EXPECT_EQ(cs->binder->unit, "main");
}

TEST(Scoping, AltBindersAreVisibleOnlyInTheirAlt) {
  Bytes scrut = ELit(LitNullAddr());
  Bytes alt_p = Alt(AltDefault(), {Binder("p", U('p', 1))}, App(U('p', 1)));
  // Visible in its own alternative …
  {
    stgtest::Decoded d;
    stg::Module* m = resolved(d, module_with_body(Case(scrut, Binder("w", U('w', 1)), PolyAlt(), {alt_p})));
    auto* cs = m->top_bindings[0].binding.rhss[0]->body->as<stg::ECase>();
    EXPECT_EQ(cs->alts[0].rhs->as<stg::EApp>()->fn.binder, cs->alts[0].binders[0]);
  }
  // … but not in the next one.
  Bytes bad = module_with_body(Case(scrut, Binder("w", U('w', 1)), PrimAlt(R(AddrRep)), {alt_p, Alt(AltLit(LitNullAddr()), {}, App(U('p', 1)))}));
  auto e0 = catch_load_error([&] {
    stgtest::Decoded d;
    resolved(d, bad);
  });
  EXPECT_NE(e0.what_wrong.find("p1"), std::string::npos) << e0.what();
  // The case binder is not visible after the case either.
  Bytes after = module_with_body(
      Case(Case(scrut, Binder("w", U('w', 1)), PolyAlt(), {Alt(AltDefault(), {}, ELit(LitNullAddr()))}), Binder("v", U('w', 2)),
           PolyAlt(), {Alt(AltDefault(), {}, App(U('w', 1)))}));
  auto e = catch_load_error([&] {
    stgtest::Decoded d;
    resolved(d, after);
  });
  EXPECT_NE(e.what_wrong.find("w1"), std::string::npos) << e.what();
}

TEST(Scoping, ClosureParamsAreNotVisibleOutside) {
  Bytes bad = module_with_body(Let(NonRec(Binder("f", U('f', 1)), Closure({}, ReEntrant, {Binder("p", U('p', 1))}, App(U('p', 1)))),
                                   App(U('p', 1))));
  EXPECT_THROW(
      {
        stgtest::Decoded d;
        resolved(d, bad);
      },
      stgvm::LoadError);
}

TEST(Scoping, LetBindersAreNotVisibleAfterTheLet) {
  Bytes inner = Let(NonRec(Binder("y", U('y', 1)), Closure({}, Updatable, {}, ELit(LitNullAddr()))), App(U('y', 1)));
  Bytes bad = module_with_body(Case(inner, Binder("w", U('w', 1)), PolyAlt(), {Alt(AltDefault(), {}, App(U('y', 1)))}));
  EXPECT_THROW(
      {
        stgtest::Decoded d;
        resolved(d, bad);
      },
      stgvm::LoadError);
}

TEST(Scoping, LetRecBindersSeeEachOther) {
  Bytes body = Let(Rec({{Binder("a", U('l', 1)), Closure({}, Updatable, {}, App(U('l', 2)))},
                        {Binder("b", U('l', 2)), Closure({}, Updatable, {}, App(U('l', 1)))}}),
                   App(U('l', 1)));
  stgtest::Decoded d;
  stg::Module* m = resolved(d, module_with_body(body));
  auto* let = m->top_bindings[0].binding.rhss[0]->body->as<stg::ELet>();
  stg::Binder* a = let->binding->binders[0];
  stg::Binder* b = let->binding->binders[1];
  EXPECT_EQ(let->binding->rhss[0]->body->as<stg::EApp>()->fn.binder, b);
  EXPECT_EQ(let->binding->rhss[1]->body->as<stg::EApp>()->fn.binder, a);
  EXPECT_EQ(let->body->as<stg::EApp>()->fn.binder, a);
  EXPECT_EQ(names(let->binding->rhss[0]->computed_free_vars), (std::set<std::string>{"b"}));
  EXPECT_EQ(names(let->binding->rhss[1]->computed_free_vars), (std::set<std::string>{"a"}));
}

TEST(Scoping, ShadowingRestoresTheOuterBinder) {
  // case lit of x { default -> case (let x' = … in x') of x { default -> x } } — the inner
  // case binder reuses the outer's unique; after the inner case the outer is visible again.
  Bytes lit = ELit(LitNullAddr());
  Bytes inner = Case(lit, Binder("x2", U('x', 1)), PolyAlt(), {Alt(AltDefault(), {}, App(U('x', 1)))});
  Bytes body = Case(lit, Binder("x1", U('x', 1)), PolyAlt(),
                    {Alt(AltDefault(), {}, Case(inner, Binder("y", U('y', 1)), PolyAlt(), {Alt(AltDefault(), {}, App(U('x', 1)))}))});
  stgtest::Decoded d;
  stg::Module* m = resolved(d, module_with_body(body));
  auto* outer = m->top_bindings[0].binding.rhss[0]->body->as<stg::ECase>();
  auto* mid = outer->alts[0].rhs->as<stg::ECase>();
  auto* in = mid->scrut->as<stg::ECase>();
  EXPECT_EQ(in->alts[0].rhs->as<stg::EApp>()->fn.binder->name, "x2");
  EXPECT_EQ(mid->alts[0].rhs->as<stg::EApp>()->fn.binder->name, "x1");
}

TEST(Scoping, UnknownDataConAndTyCon) {
  auto e1 = catch_load_error([] {
    stgtest::Decoded d;
    resolved(d, module_with_body(ConApp(U('d', 1), {}, {})));
  });
  EXPECT_NE(e1.what_wrong.find("main:Main"), std::string::npos);
  auto e2 = catch_load_error([] {
    stgtest::Decoded d;
    resolved(d, module_with_body(Case(ELit(LitNullAddr()), Binder("b", U('b', 1)), AlgAlt(U('t', 1)), {})));
  });
  EXPECT_NE(e2.what_wrong.find("main:Main"), std::string::npos);
}

TEST(Scoping, TopLevelBinderDefinedTwiceInOneModule) {
  ModuleB m;
  m.binds = {TopLifted(NonRec(Binder("x", U('r', 1)), RhsCon(U('d', 1), {}))),
             TopLifted(NonRec(Binder("y", U('r', 1)), RhsCon(U('d', 1), {})))};
  EXPECT_THROW(
      {
        stgtest::Decoded d;
        resolved(d, m.build());
      },
      stgvm::LoadError);
}

// ---------------------------------------------------------------------------------------------
// Free variables (§3.5: non-top-level binders referenced in the body, not bound inside it,
// excluding the closure's parameters).

TEST(FreeVariables, NestedClosures) {
  // f = \r [x] ->
  //   let g = \r [y] ->
  //         let h = \r [z] -> top x y z
  //         in h x
  //   in let k = \u [] -> x
  //      in case x of w { default -> let t = \u [] -> w in g k t }
  Bytes h = Closure({}, ReEntrant, {Binder("z", U('a', 3))},
                    App(U('r', 2), {VarArg(U('a', 1)), VarArg(U('a', 2)), VarArg(U('a', 3))}));
  Bytes g = Closure({}, ReEntrant, {Binder("y", U('a', 2))},
                    Let(NonRec(Binder("h", U('c', 3)), h), App(U('c', 3), {VarArg(U('a', 1))})));
  Bytes t = Closure({}, Updatable, {}, App(U('w', 1)));
  Bytes body = Let(NonRec(Binder("g", U('c', 2)), g),
                   Let(NonRec(Binder("k", U('c', 4)), Closure({}, Updatable, {}, App(U('a', 1)))),
                       Case(App(U('a', 1)), Binder("w", U('w', 1)), PolyAlt(),
                            {Alt(AltDefault(), {},
                                 Let(NonRec(Binder("t", U('c', 5)), t), App(U('c', 2), {VarArg(U('c', 4)), VarArg(U('c', 5))})))})));
  ModuleB m;
  m.binds = {TopLifted(NonRec(Binder("f", U('r', 1)), Closure({}, ReEntrant, {Binder("x", U('a', 1))}, body))),
             TopLifted(NonRec(Binder("top", U('r', 2)), Closure({}, ReEntrant, {}, ELit(LitNullAddr()))))};
  stgtest::Decoded d;
  stg::Module* mod = resolved(d, m.build());
  const stg::Rhs* f = mod->top_bindings[0].binding.rhss[0];
  EXPECT_TRUE(f->computed_free_vars.empty());
  auto* let_g = f->body->as<stg::ELet>();
  const stg::Rhs* g_rhs = let_g->binding->rhss[0];
  EXPECT_EQ(names(g_rhs->computed_free_vars), (std::set<std::string>{"x"}));
  const stg::Rhs* h_rhs = g_rhs->body->as<stg::ELet>()->binding->rhss[0];
  EXPECT_EQ(names(h_rhs->computed_free_vars), (std::set<std::string>{"x", "y"}));
  auto* let_k = let_g->body->as<stg::ELet>();
  EXPECT_EQ(names(let_k->binding->rhss[0]->computed_free_vars), (std::set<std::string>{"x"}));
  auto* cs = let_k->body->as<stg::ECase>();
  const stg::Rhs* t_rhs = cs->alts[0].rhs->as<stg::ELet>()->binding->rhss[0];
  EXPECT_EQ(names(t_rhs->computed_free_vars), (std::set<std::string>{"w"}));
  // Each free variable is listed once.
  EXPECT_EQ(h_rhs->computed_free_vars.size(), 2u);
}

TEST(FreeVariables, SiblingClosuresEachGetTheirOwn) {
  // f = \r [x y] -> let a = \u [] -> x y in let b = \u [] -> x in let c = \u [] -> y x in a
  Bytes body = Let(NonRec(Binder("a", U('c', 1)), Closure({}, Updatable, {}, App(U('a', 1), {VarArg(U('a', 2))}))),
                   Let(NonRec(Binder("b", U('c', 2)), Closure({}, Updatable, {}, App(U('a', 1)))),
                       Let(NonRec(Binder("c", U('c', 3)), Closure({}, Updatable, {}, App(U('a', 2), {VarArg(U('a', 1))}))),
                           App(U('c', 1)))));
  ModuleB m;
  m.binds = {TopLifted(NonRec(Binder("f", U('r', 1)), Closure({}, ReEntrant, {Binder("x", U('a', 1)), Binder("y", U('a', 2))}, body)))};
  stgtest::Decoded d;
  stg::Module* mod = resolved(d, m.build());
  auto* la = mod->top_bindings[0].binding.rhss[0]->body->as<stg::ELet>();
  auto* lb = la->body->as<stg::ELet>();
  auto* lc = lb->body->as<stg::ELet>();
  EXPECT_EQ(names(la->binding->rhss[0]->computed_free_vars), (std::set<std::string>{"x", "y"}));
  EXPECT_EQ(names(lb->binding->rhss[0]->computed_free_vars), (std::set<std::string>{"x"}));
  EXPECT_EQ(names(lc->binding->rhss[0]->computed_free_vars), (std::set<std::string>{"x", "y"}));
}

TEST(FreeVariables, DeeplyNestedReferenceIsFreeInEveryEnclosingClosure) {
  // f = \r [x] -> let a = \u [] -> let b = \u [] -> let c = \u [] -> x in c in b in a
  Bytes c = Closure({}, Updatable, {}, App(U('a', 1)));
  Bytes b = Closure({}, Updatable, {}, Let(NonRec(Binder("c", U('c', 3)), c), App(U('c', 3))));
  Bytes a = Closure({}, Updatable, {}, Let(NonRec(Binder("b", U('c', 2)), b), App(U('c', 2))));
  ModuleB m;
  m.binds = {TopLifted(NonRec(Binder("f", U('r', 1)),
                              Closure({}, ReEntrant, {Binder("x", U('a', 1))}, Let(NonRec(Binder("a", U('c', 1)), a), App(U('c', 1))))))};
  stgtest::Decoded d;
  stg::Module* mod = resolved(d, m.build());
  auto* la = mod->top_bindings[0].binding.rhss[0]->body->as<stg::ELet>();
  const stg::Rhs* ra = la->binding->rhss[0];
  const stg::Rhs* rb = ra->body->as<stg::ELet>()->binding->rhss[0];
  const stg::Rhs* rc = rb->body->as<stg::ELet>()->binding->rhss[0];
  EXPECT_EQ(names(ra->computed_free_vars), (std::set<std::string>{"x"}));
  EXPECT_EQ(names(rb->computed_free_vars), (std::set<std::string>{"x"}));
  EXPECT_EQ(names(rc->computed_free_vars), (std::set<std::string>{"x"}));
}

// ---------------------------------------------------------------------------------------------
// load_program on a bare module file.

TEST(LoadProgram, BareStgbinFile) {
  stgtest::TempDir dir;
  std::string path = dir.write("x.stgbin", stgtest::worked_example());
  auto p = stgvm::load_program(path);
  ASSERT_EQ(p->modules.size(), 1u);
  EXPECT_EQ(p->modules[0]->source_file, path);
  stg::Binder* x = p->find_binder("main_Main.x");
  ASSERT_NE(x, nullptr);
  EXPECT_EQ(x->type_sig, "Int");
  EXPECT_EQ(p->main, nullptr);
  EXPECT_TRUE(p->unresolved.empty());
}

TEST(LoadProgram, MissingFileIsALoadError) {
  stgtest::TempDir dir;
  auto e = catch_load_error([&] { stgvm::load_program(dir.file("nope.stgbin")); });
  EXPECT_EQ(e.file, dir.file("nope.stgbin"));
}

}  // namespace
