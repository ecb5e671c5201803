// §1.3–1.4: the YAML subset of `.ghc_stgapp` / `app.info`, and the metadata parsers.
#include <gtest/gtest.h>

#include "loader/app_metadata.h"
#include "loader/yaml_subset.h"
#include "test_util.h"

using stgvm::YamlNode;
using stgtest::catch_load_error;

namespace {

// The §1.3 example, completed with the remaining keys of the table.
const char* kStgapp =
    "ghc-name: \"ghc\"\n"
    "ghc-version: \"9.10.3\"\n"
    "target-platform: \"x86_64-unknown-linux\"\n"
    "platform-os: \"linux\"\n"
    "no-hs-main: false\n"
    "o-suffix: \"o\"\n"
    "ways:\n"
    "object-dir: \"/home/u/hello/dist/build/hello/hello-tmp\"\n"
    "app-unit-id: \"main\"\n"
    "app-modules:\n"
    "  - \"Main\"\n"
    "  - \"Lib.Util\"\n"
    "app-main-module-name: \"Main\"\n"
    "app-main-module-object: \"Main.o\"\n"
    "extra-ld-inputs:\n"
    "library-dirs:\n"
    "  - \"/usr/lib\"\n"
    "extra-libraries:\n"
    "  - \"m\"\n"
    "  - \"ffi\"\n"
    "framework-dirs:\n"
    "extra-frameworks:\n"
    "ld-options:\n"
    "  - \"-Wl,--no-as-needed\"\n"
    "unit-db-paths:\n"
    "  - \"/home/u/.ghc/package.db\"\n"
    "wired-in-unit-ids:\n"
    "  - \"ghc-prim\"\n"
    "  - \"ghc-internal\"\n"
    "app-deps:\n"
    "  -\n"
    "    name: \"ghc-prim\"\n"
    "    version: \"0.12.0\"\n"
    "    id: \"ghc-prim\"\n"
    "    unit-import-dirs:\n"
    "      - \"/lib/x86_64-linux-ghc-9.10.3/ghc-prim-0.12.0\"\n"
    "    unit-libraries:\n"
    "      - \"HSghc-prim-0.12.0\"\n"
    "    library-dirs:\n"
    "    extra-libraries:\n"
    "    framework-dirs:\n"
    "    extra-frameworks:\n"
    "    ld-options:\n"
    "    exposed-modules:\n"
    "      - \"GHC.Types\"\n"
    "      - \"GHC.Classes\"\n"
    "    hidden-modules:\n"
    "    depends:\n"
    "      - \"rts\"\n"
    "  -\n"
    "    name: \"base\"\n"
    "    version: \"4.20.0.0\"\n"
    "    id: \"base-4.20.0.0\"\n"
    "    unit-import-dirs:\n"
    "      - \"/lib/base\"\n"
    "    unit-libraries:\n"
    "      - \"HSbase-4.20.0.0\"\n"
    "    exposed-modules:\n"
    "      - \"Prelude\"\n"
    "    hidden-modules:\n"
    "      - \"GHC.Hidden\"\n"
    "    depends:\n"
    "      - \"ghc-prim\"\n"
    "      - \"ghc-internal\"\n";

TEST(Yaml, GhcStgappStructure) {
  YamlNode doc = stgvm::parse_yaml(kStgapp);
  ASSERT_EQ(doc.kind, YamlNode::Kind::Map);
  EXPECT_EQ(doc.keys[0], "ghc-name");  // document order kept
  const YamlNode* v = doc.get("ghc-version");
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->kind, YamlNode::Kind::Scalar);
  EXPECT_TRUE(v->quoted);
  EXPECT_EQ(v->scalar, "9.10.3");
  const YamlNode* nohs = doc.get("no-hs-main");
  EXPECT_FALSE(nohs->quoted);
  EXPECT_EQ(nohs->scalar, "false");
  // Bare `key:` is null (= empty list).
  ASSERT_NE(doc.get("ways"), nullptr);
  EXPECT_TRUE(doc.get("ways")->is_null());
  const YamlNode* mods = doc.get("app-modules");
  ASSERT_EQ(mods->kind, YamlNode::Kind::Seq);
  ASSERT_EQ(mods->items.size(), 2u);
  EXPECT_EQ(mods->items[1].scalar, "Lib.Util");
  // `-` object items.
  const YamlNode* deps = doc.get("app-deps");
  ASSERT_EQ(deps->kind, YamlNode::Kind::Seq);
  ASSERT_EQ(deps->items.size(), 2u);
  const YamlNode& d0 = deps->items[0];
  ASSERT_EQ(d0.kind, YamlNode::Kind::Map);
  EXPECT_EQ(d0.get("name")->scalar, "ghc-prim");
  EXPECT_TRUE(d0.get("library-dirs")->is_null());
  ASSERT_EQ(d0.get("exposed-modules")->kind, YamlNode::Kind::Seq);
  EXPECT_EQ(d0.get("exposed-modules")->items[1].scalar, "GHC.Classes");
  EXPECT_EQ(doc.get("missing"), nullptr);
}

TEST(Yaml, ParseGhcStgapp) {
  stgvm::AppMetadata a = stgvm::parse_ghc_stgapp(kStgapp);
  EXPECT_EQ(a.ghc_name, "ghc");
  EXPECT_EQ(a.ghc_version, "9.10.3");
  EXPECT_EQ(a.target_platform, "x86_64-unknown-linux");
  EXPECT_EQ(a.platform_os, "linux");
  EXPECT_FALSE(a.no_hs_main);
  EXPECT_EQ(a.o_suffix, "o");
  EXPECT_TRUE(a.ways.empty());
  EXPECT_EQ(a.object_dir, "/home/u/hello/dist/build/hello/hello-tmp");
  EXPECT_EQ(a.app_unit_id, "main");
  EXPECT_EQ(a.app_modules, (std::vector<std::string>{"Main", "Lib.Util"}));
  EXPECT_EQ(a.main_module_name, "Main");
  ASSERT_TRUE(a.main_module_object.has_value());
  EXPECT_EQ(*a.main_module_object, "Main.o");
  EXPECT_TRUE(a.extra_ld_inputs.empty());
  EXPECT_EQ(a.library_dirs, (std::vector<std::string>{"/usr/lib"}));
  EXPECT_EQ(a.extra_libraries, (std::vector<std::string>{"m", "ffi"}));
  EXPECT_EQ(a.ld_options, (std::vector<std::string>{"-Wl,--no-as-needed"}));
  EXPECT_EQ(a.unit_db_paths, (std::vector<std::string>{"/home/u/.ghc/package.db"}));
  ASSERT_EQ(a.app_deps.size(), 2u);
  EXPECT_EQ(a.app_deps[0].name, "ghc-prim");
  EXPECT_EQ(a.app_deps[0].version, "0.12.0");
  EXPECT_EQ(a.app_deps[0].id, "ghc-prim");
  EXPECT_EQ(a.app_deps[0].unit_import_dirs, (std::vector<std::string>{"/lib/x86_64-linux-ghc-9.10.3/ghc-prim-0.12.0"}));
  EXPECT_EQ(a.app_deps[0].unit_libraries, (std::vector<std::string>{"HSghc-prim-0.12.0"}));
  EXPECT_TRUE(a.app_deps[0].library_dirs.empty());
  EXPECT_EQ(a.app_deps[0].exposed_modules, (std::vector<std::string>{"GHC.Types", "GHC.Classes"}));
  EXPECT_TRUE(a.app_deps[0].hidden_modules.empty());
  EXPECT_EQ(a.app_deps[0].depends, (std::vector<std::string>{"rts"}));
  EXPECT_EQ(a.app_deps[1].id, "base-4.20.0.0");
  EXPECT_EQ(a.app_deps[1].hidden_modules, (std::vector<std::string>{"GHC.Hidden"}));
  EXPECT_EQ(a.app_deps[1].depends, (std::vector<std::string>{"ghc-prim", "ghc-internal"}));
}

TEST(Yaml, WaysNullMainObjectAndNoHsMain) {
  std::string text =
      "ghc-version: \"9.10.1\"\n"
      "no-hs-main: true\n"
      "ways:\n"
      "  - \"WayThreaded\"\n"
      "  - \"WayCustom foo\"\n"
      "app-main-module-object: null\n";
  stgvm::AppMetadata a = stgvm::parse_ghc_stgapp(text);
  EXPECT_TRUE(a.no_hs_main);
  EXPECT_EQ(a.ways, (std::vector<std::string>{"WayThreaded", "WayCustom foo"}));
  EXPECT_FALSE(a.main_module_object.has_value());
  EXPECT_EQ(a.app_unit_id, "main");  // defaults
  EXPECT_EQ(a.main_module_name, "Main");
  EXPECT_EQ(a.o_suffix, "o");
}

TEST(Yaml, JsonEscapes) {
  YamlNode doc = stgvm::parse_yaml(
      "s: \"q\\\"b\\\\s\\/n\\nt\\tr\\rb\\bf\\fe\\u00e9\\u20AC\"\n"
      "plain: some text\n"
      "single: 'it''s'\n"
      "empty: \"\"\n"
      "colon: \"a: b\"\n");
  EXPECT_EQ(doc.get("s")->scalar, "q\"b\\s/n\nt\tr\rb\bf\fe\xc3\xa9\xe2\x82\xac");
  EXPECT_EQ(doc.get("plain")->scalar, "some text");
  EXPECT_FALSE(doc.get("plain")->quoted);
  EXPECT_EQ(doc.get("single")->scalar, "it's");
  EXPECT_TRUE(doc.get("single")->quoted);
  EXPECT_EQ(doc.get("empty")->kind, YamlNode::Kind::Scalar);
  EXPECT_EQ(doc.get("empty")->scalar, "");
  EXPECT_EQ(doc.get("colon")->scalar, "a: b");
}

// JSON escapes non-BMP characters as UTF-16 surrogate pairs: U+1F600 is F0 9F 98 80 in UTF-8.
TEST(Yaml, JsonSurrogatePairIsOneCharacter) {
  YamlNode doc = stgvm::parse_yaml("s: \"a\\uD83D\\uDE00b\"\nlone: \"\\uD83Dx\"\n");
  EXPECT_EQ(doc.get("s")->scalar, "a\xF0\x9F\x98\x80" "b");
  EXPECT_EQ(doc.get("lone")->scalar, "\xED\xA0\xBDx");  // unpaired: kept as its 3-byte form
}

TEST(Yaml, FlowEmptiesCommentsDocumentMarkersAndCrLf) {
  YamlNode doc = stgvm::parse_yaml("---\r\n# comment\r\na: []\r\nb: {}\r\nc: ~\r\nd:\r\n  - \"x\"\r\n...\r\n");
  EXPECT_EQ(doc.get("a")->kind, YamlNode::Kind::Seq);
  EXPECT_TRUE(doc.get("a")->items.empty());
  EXPECT_EQ(doc.get("b")->kind, YamlNode::Kind::Map);
  EXPECT_TRUE(doc.get("c")->is_null());
  ASSERT_EQ(doc.get("d")->items.size(), 1u);
  EXPECT_EQ(doc.get("d")->items[0].scalar, "x");
  EXPECT_TRUE(stgvm::parse_yaml("").is_null());
  EXPECT_TRUE(stgvm::parse_yaml("# only a comment\n").is_null());
}

TEST(Yaml, AppInfoLibyamlForm) {
  const char* text =
      "live-code:\n"
      "- module-name: Main\n"
      "  package-name: main\n"
      "  unit-id: main\n"
      "- package-name: ghc-internal\n"
      "  module-name: GHC.Internal.Base\n"
      "  unit-id: ghc-internal\n"
      "- module-name: 'Data.Odd'\n"
      "  package-name: \"weird-pkg\"\n"
      "  unit-id: weird-pkg-1.0-abc\n";
  auto mods = stgvm::parse_app_info(text);
  ASSERT_EQ(mods.size(), 3u);
  EXPECT_EQ(mods[0].module_name, "Main");
  EXPECT_EQ(mods[0].package_name, "main");
  EXPECT_EQ(mods[0].unit_id, "main");
  EXPECT_EQ(mods[1].module_name, "GHC.Internal.Base");
  EXPECT_EQ(mods[1].package_name, "ghc-internal");
  EXPECT_EQ(mods[2].module_name, "Data.Odd");
  EXPECT_EQ(mods[2].package_name, "weird-pkg");
  EXPECT_EQ(mods[2].unit_id, "weird-pkg-1.0-abc");
  EXPECT_TRUE(stgvm::parse_app_info("live-code:\n").empty());
  EXPECT_TRUE(stgvm::parse_app_info("live-code: []\n").empty());
}

TEST(Yaml, AppInfoOldModulesForm) {
  auto mods = stgvm::parse_app_info("modules:\n- \"Main\"\n- \"GHC.Base\"\n");
  ASSERT_EQ(mods.size(), 2u);
  EXPECT_EQ(mods[0].module_name, "Main");
  EXPECT_EQ(mods[1].module_name, "GHC.Base");
  EXPECT_EQ(mods[1].package_name, "");
}

TEST(YamlErrors, MalformedDocuments) {
  struct Case {
    const char* text;
    const char* line;  // expected "line N" in the message
  };
  const Case cases[] = {
      {"a: \"unterminated\n", "line 1"},
      {"a: 1\nb: \"bad \\q escape\"\n", "line 2"},
      {"a: 1\nb: \"x\" trailing\n", "line 2"},
      {"a: 1\nb: \"\\u12\"\n", "line 2"},
      {"a: 1\nb: \"\\uZZZZ\"\n", "line 2"},
      {"a:\n\t- \"x\"\n", "line 2"},
      {"a: 1\n    b: 2\n", "line 2"},
      {"a: 'open\n", "line 1"},
      {"a: 1\nnot a mapping line\n", "line 2"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    auto e = catch_load_error([&] { stgvm::parse_yaml(c.text); });
    EXPECT_NE(e.what_wrong.find(c.line), std::string::npos) << e.what();
  }
}

TEST(YamlErrors, MetadataShapeErrors) {
  EXPECT_THROW(stgvm::parse_ghc_stgapp("ghc-name: \"ghc\"\n"), stgvm::LoadError);  // no ghc-version
  EXPECT_THROW(stgvm::parse_ghc_stgapp("- \"x\"\n"), stgvm::LoadError);
  EXPECT_THROW(stgvm::parse_ghc_stgapp("ghc-version: \"9.10.3\"\nways: \"WayThreaded\"\n"), stgvm::LoadError);
  EXPECT_THROW(stgvm::parse_ghc_stgapp("ghc-version: \"9.10.3\"\nno-hs-main: maybe\n"), stgvm::LoadError);
  EXPECT_THROW(stgvm::parse_ghc_stgapp("ghc-version:\n  - \"9\"\n"), stgvm::LoadError);
  EXPECT_THROW(stgvm::parse_ghc_stgapp("ghc-version: \"9.10.3\"\napp-deps:\n  - \"base\"\n"), stgvm::LoadError);
  EXPECT_THROW(stgvm::parse_ghc_stgapp("ghc-version: \"9.10.3\"\napp-deps:\n  -\n    version: \"1\"\n"), stgvm::LoadError);
  EXPECT_THROW(stgvm::parse_app_info("something-else:\n- a\n"), stgvm::LoadError);
  EXPECT_THROW(stgvm::parse_app_info("live-code:\n- package-name: main\n"), stgvm::LoadError);
  EXPECT_THROW(stgvm::parse_app_info("live-code:\n- \"Main\"\n"), stgvm::LoadError);
  EXPECT_THROW(stgvm::parse_app_info("live-code: Main\n"), stgvm::LoadError);
}

}  // namespace
