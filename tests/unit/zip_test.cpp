// §1.1–1.4: zip containers (methods 0/8/93, Zip64 local extra fields, any entry order),
// fullpak / modpak loading, caps, corruption.
#include <gtest/gtest.h>

#include <chrono>

#include "examples.h"
#include "exporter/zip_writer.h"
#include "hand_zip.h"
#include "loader/load.h"
#include "loader/zip_archive.h"
#include "stgbin_builder.h"
#include "test_util.h"

using namespace stgb;
namespace stg = stgvm::stg;
using stgtest::catch_load_error;

namespace {

const uint8_t* u8p(const std::string& s) { return reinterpret_cast<const uint8_t*>(s.data()); }
std::string entry_string(const stgvm::ZipEntryData& e) { return std::string(reinterpret_cast<const char*>(e.data.get()), e.size); }
uint16_t get16(const std::string& s, size_t at) { return uint16_t(uint8_t(s[at]) | (uint8_t(s[at + 1]) << 8)); }

// Deterministic pseudo-random bytes (compressible but not trivially).
std::string sample_bytes(size_t n, uint32_t seed) {
  std::string s(n, '\0');
  uint32_t x = seed;
  for (size_t i = 0; i < n; ++i) {
    x = x * 1103515245u + 12345u;
    s[i] = char("abcdefgh\0\xff"[(x >> 16) % 10]);
  }
  return s;
}

TEST(HandZip, ZstdEntryWithZip64LocalExtraAndNoContentSize) {
  std::string payload = stgtest::worked_example();
  handzip::Layout L = handzip::build({{"module.stgbin", payload, 93}});
  const std::string& z = L.bytes;
  size_t lh = L.local_at[0];
  // The local header is shaped as §1.1 says (checks the test writer itself).
  EXPECT_EQ(handzip::get32(z, lh), 0x04034b50u);
  EXPECT_EQ(get16(z, lh + 4), 63);          // version needed 6.3
  EXPECT_EQ(get16(z, lh + 8), 93);          // method
  EXPECT_EQ(handzip::get32(z, lh + 18), 0xFFFFFFFFu);
  EXPECT_EQ(handzip::get32(z, lh + 22), 0xFFFFFFFFu);
  EXPECT_EQ(get16(z, lh + 28), 20);         // extra length
  size_t extra = lh + 30 + std::string("module.stgbin").size();
  EXPECT_EQ(get16(z, extra), 0x0001);
  EXPECT_EQ(get16(z, extra + 2), 16);
  EXPECT_EQ(ZSTD_getFrameContentSize(z.data() + L.data_at[0], L.data_size[0]), ZSTD_CONTENTSIZE_UNKNOWN);
  // Central directory: no Zip64 field.
  EXPECT_EQ(get16(z, L.central_at[0] + 30), 0);

  stgvm::ZipArchive a("mem.zip", u8p(z), z.size());
  EXPECT_EQ(a.names(), (std::vector<std::string>{"module.stgbin"}));
  EXPECT_TRUE(a.contains("module.stgbin"));
  EXPECT_FALSE(a.contains("module.info"));
  auto e = a.read_one("module.stgbin");
  EXPECT_EQ(e.name, "module.stgbin");
  EXPECT_EQ(entry_string(e), payload);
}

TEST(HandZip, StoreDeflateZstdInAnyOrder) {
  std::string big = sample_bytes(300000, 7);
  handzip::Layout L = handzip::build({{"zeta/z.bin", big, 93},
                                      {"alpha.txt", "hello, store", 0},
                                      {"mid/deflated.yaml", sample_bytes(5000, 3), 8},
                                      {"empty0", "", 0},
                                      {"empty8", "", 8},
                                      {"empty93", "", 93}});
  stgvm::ZipArchive a("mem.zip", u8p(L.bytes), L.bytes.size());
  EXPECT_EQ(a.names(), (std::vector<std::string>{"alpha.txt", "empty0", "empty8", "empty93", "mid/deflated.yaml", "zeta/z.bin"}));
  auto es = a.read({"zeta/z.bin", "mid/deflated.yaml", "alpha.txt", "empty93", "empty8", "empty0"});
  ASSERT_EQ(es.size(), 6u);
  EXPECT_EQ(es[0].name, "zeta/z.bin");
  EXPECT_EQ(entry_string(es[0]), big);
  EXPECT_EQ(entry_string(es[1]), sample_bytes(5000, 3));
  EXPECT_EQ(entry_string(es[2]), "hello, store");
  EXPECT_EQ(es[3].size, 0u);
  EXPECT_EQ(es[4].size, 0u);
  EXPECT_EQ(es[5].size, 0u);
  EXPECT_EQ(entry_string(a.read_one("alpha.txt")), "hello, store");
}

TEST(HandZip, FromFileOnDisk) {
  stgtest::TempDir dir;
  handzip::Layout L = handzip::build({{"b", "bee", 8}, {"a", "ay", 93}});
  std::string path = dir.write("x.zip", L.bytes);
  stgvm::ZipArchive a(path);
  EXPECT_EQ(a.path(), path);
  EXPECT_EQ(entry_string(a.read_one("a")), "ay");
  EXPECT_EQ(entry_string(a.read_one("b")), "bee");
}

TEST(ExporterZip, BuildZipRoundTripsAllMethods) {
  std::string blob = sample_bytes(200000, 11);
  std::string z = stgvm::build_zip({{"m/module.stgbin", blob, stgvm::ZipMethod::Zstd},
                                    {"app.info", "live-code:\n", stgvm::ZipMethod::Deflate},
                                    {"raw", "raw bytes", stgvm::ZipMethod::Store}});
  stgvm::ZipArchive a("mem.zip", u8p(z), z.size());
  EXPECT_EQ(a.names(), (std::vector<std::string>{"app.info", "m/module.stgbin", "raw"}));
  auto es = a.read({"raw", "m/module.stgbin", "app.info"});
  EXPECT_EQ(entry_string(es[0]), "raw bytes");
  EXPECT_EQ(entry_string(es[1]), blob);
  EXPECT_EQ(entry_string(es[2]), "live-code:\n");
}

TEST(Zip, UnknownEntryNameIsALoadError) {
  handzip::Layout L = handzip::build({{"a", "x", 0}});
  stgvm::ZipArchive a("mem.zip", u8p(L.bytes), L.bytes.size());
  auto e = catch_load_error([&] { a.read_one("b"); });
  EXPECT_EQ(e.entry, "b");
  EXPECT_EQ(e.file, "mem.zip");
}

TEST(Zip, NotAZip) {
  std::string junk = "this is not a zip archive at all, just text\n";
  EXPECT_THROW(stgvm::ZipArchive("junk", u8p(junk), junk.size()), stgvm::LoadError);
  std::string empty;
  EXPECT_THROW(stgvm::ZipArchive("empty", u8p(empty), 0), stgvm::LoadError);
  stgtest::TempDir dir;
  EXPECT_THROW(stgvm::ZipArchive(dir.file("missing.zip")), stgvm::LoadError);
}

TEST(Zip, DuplicateEntryNamesAreRejected) {
  handzip::Layout L = handzip::build({{"same", "1", 0}, {"same", "2", 0}});
  EXPECT_THROW(stgvm::ZipArchive("dup", u8p(L.bytes), L.bytes.size()), stgvm::LoadError);
}

TEST(Zip, Utf8EntryNamesWhateverTheLocale) {
  // §1.1: names are UTF-8, with general-purpose bit 11 set when they are not ASCII. The test
  // process runs in the "C" locale (gtest_main does not call setlocale), like the CLI.
  const std::string name = "haskell/main/M\xc3\xa4in/module.stgbin";
  const std::string other = "cbits-source/pkg/f\xc3\xa9.c";
  handzip::Layout L = handzip::build({{name, stgtest::worked_example(), 93}, {other, "int x;", 93}});
  EXPECT_EQ(get16(L.bytes, L.local_at[0] + 6), 1 << 11);
  stgvm::ZipArchive a("utf8", u8p(L.bytes), L.bytes.size());
  EXPECT_EQ(a.names(), (std::vector<std::string>{other, name}));
  EXPECT_EQ(entry_string(a.read_one(name)), stgtest::worked_example());
  EXPECT_EQ(entry_string(a.read_one(other)), "int x;");
  std::string z = stgvm::build_zip({{name, "abc", stgvm::ZipMethod::Zstd}, {"plain", "p", stgvm::ZipMethod::Store}});
  stgvm::ZipArchive b("utf8", u8p(z), z.size());
  EXPECT_EQ(entry_string(b.read_one(name)), "abc");
}

// ---------------------------------------------------------------------------------------------
// Caps

TEST(ZipLimits, EntryCountCap) {
  std::vector<handzip::Entry> es;
  for (int i = 0; i < 5; ++i) es.push_back({"e" + std::to_string(i), "x", 0});
  handzip::Layout L = handzip::build(es);
  stgvm::ZipLimits lim;
  lim.max_entries = 4;
  EXPECT_THROW(stgvm::ZipArchive("m", u8p(L.bytes), L.bytes.size(), lim), stgvm::LoadError);
  lim.max_entries = 5;
  EXPECT_NO_THROW(stgvm::ZipArchive("m", u8p(L.bytes), L.bytes.size(), lim));
}

TEST(ZipLimits, EntrySizeCap) {
  handzip::Layout L = handzip::build({{"big", std::string(1000, 'a'), 93}});
  stgvm::ZipLimits lim;
  lim.max_entry_size = 999;
  auto e = catch_load_error([&] { stgvm::ZipArchive("m", u8p(L.bytes), L.bytes.size(), lim); });
  EXPECT_EQ(e.entry, "big");
  lim.max_entry_size = 1000;
  stgvm::ZipArchive ok("m", u8p(L.bytes), L.bytes.size(), lim);
  EXPECT_EQ(ok.read_one("big").size, 1000u);
}

TEST(ZipLimits, TotalSizeCap) {
  handzip::Layout L = handzip::build({{"a", std::string(400, 'a'), 93}, {"b", std::string(400, 'b'), 8}, {"c", std::string(400, 'c'), 0}});
  stgvm::ZipLimits lim;
  lim.max_total_size = 1199;
  EXPECT_THROW(stgvm::ZipArchive("m", u8p(L.bytes), L.bytes.size(), lim), stgvm::LoadError);
  lim.max_total_size = 1200;
  EXPECT_NO_THROW(stgvm::ZipArchive("m", u8p(L.bytes), L.bytes.size(), lim));
}

TEST(ZipLimits, HundredGigabyteClaimFailsFastBeforeAllocation) {
  const uint64_t claim = uint64_t(100) << 30;
  handzip::Layout L = handzip::build({{"module.stgbin", stgtest::worked_example(), 93, claim}});
  // The central directory carries the claim in a Zip64 extra field.
  EXPECT_EQ(handzip::get32(L.bytes, L.central_at[0] + 24), 0xFFFFFFFFu);
  auto t0 = std::chrono::steady_clock::now();
  auto e = catch_load_error([&] { stgvm::ZipArchive("huge", u8p(L.bytes), L.bytes.size()); });
  EXPECT_EQ(e.file, "huge");
  stgtest::TempDir dir;
  std::string path = dir.write("huge.o_modpak", L.bytes);
  EXPECT_THROW(stgvm::load_program(path), stgvm::LoadError);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(2));
}

// ---------------------------------------------------------------------------------------------
// Corruption

TEST(ZipCorruption, StoredDataByteChangedFailsTheCrc) {
  handzip::Layout L = handzip::build({{"a", "some stored data", 0}});
  std::string z = L.bytes;
  z[L.data_at[0] + 3] ^= 0x20;
  auto e = catch_load_error([&] {
    stgvm::ZipArchive a("crc", u8p(z), z.size());
    a.read_one("a");
  });
  EXPECT_EQ(e.file, "crc");
}

TEST(ZipCorruption, WrongCrcInBothHeaders) {
  for (uint16_t method : {uint16_t(0), uint16_t(8), uint16_t(93)}) {
    SCOPED_TRACE(method);
    handzip::Layout L = handzip::build({{"a", sample_bytes(2000, 5), method}});
    std::string z = L.bytes;
    uint32_t bad = handzip::get32(z, L.local_at[0] + 14) ^ 0x00010000u;
    handzip::patch32(z, L.local_at[0] + 14, bad);
    handzip::patch32(z, L.central_at[0] + 16, bad);
    EXPECT_THROW(
        {
          stgvm::ZipArchive a("crc", u8p(z), z.size());
          a.read_one("a");
        },
        stgvm::LoadError);
  }
}

TEST(ZipCorruption, WrongCrcInLocalHeaderOnly) {
  handzip::Layout L = handzip::build({{"a", sample_bytes(2000, 5), 93}});
  std::string z = L.bytes;
  handzip::patch32(z, L.local_at[0] + 14, handzip::get32(z, L.local_at[0] + 14) ^ 1u);
  EXPECT_THROW(
      {
        stgvm::ZipArchive a("crc", u8p(z), z.size());
        a.read_one("a");
      },
      stgvm::LoadError);
}

TEST(ZipCorruption, WrongCrcInCentralDirectoryOnlyNeverYieldsWrongData) {
  // The data still matches the local header's CRC. The loader may reject the inconsistent
  // archive or return the intact data, but must not return anything else.
  std::string data = sample_bytes(2000, 5);
  handzip::Layout L = handzip::build({{"a", data, 93}});
  std::string z = L.bytes;
  handzip::patch32(z, L.central_at[0] + 16, handzip::get32(z, L.central_at[0] + 16) ^ 1u);
  try {
    stgvm::ZipArchive a("crc", u8p(z), z.size());
    EXPECT_EQ(entry_string(a.read_one("a")), data);
  } catch (const stgvm::LoadError&) {
  }
  // Tampering: data changed and the local CRC updated to match, the central CRC left as it
  // was. Either a LoadError or the tampered data (checked by the local CRC) is possible.
  handzip::Layout S = handzip::build({{"a", data, 0}});  // stored, so the data can be edited in place
  std::string z2 = S.bytes;
  std::string tampered = data.substr(0, 1999) + "!";
  z2[S.data_at[0] + 1999] = '!';
  handzip::patch32(z2, S.local_at[0] + 14, handzip::crc(tampered));
  try {
    stgvm::ZipArchive a("crc", u8p(z2), z2.size());
    std::string got = entry_string(a.read_one("a"));
    EXPECT_TRUE(got == data || got == tampered);
  } catch (const stgvm::LoadError&) {
  }
}

TEST(ZipCorruption, DeclaredSizeDisagreesWithTheData) {
  for (uint16_t method : {uint16_t(8), uint16_t(93)}) {
    SCOPED_TRACE(method);
    std::string data = sample_bytes(5000, 9);
    handzip::Layout small = handzip::build({{"a", data, method, uint64_t(100)}});
    EXPECT_THROW(
        {
          stgvm::ZipArchive a("lie", u8p(small.bytes), small.bytes.size());
          a.read_one("a");
        },
        stgvm::LoadError);
    handzip::Layout large = handzip::build({{"a", data, method, uint64_t(9000)}});
    EXPECT_THROW(
        {
          stgvm::ZipArchive a("lie", u8p(large.bytes), large.bytes.size());
          a.read_one("a");
        },
        stgvm::LoadError);
  }
}

TEST(ZipCorruption, CorruptZstdFrame) {
  handzip::Layout L = handzip::build({{"a", sample_bytes(4000, 1), 93}});
  std::string z = L.bytes;
  z[L.data_at[0]] ^= 0xFF;  // zstd magic number
  EXPECT_THROW(
      {
        stgvm::ZipArchive a("zstd", u8p(z), z.size());
        a.read_one("a");
      },
      stgvm::LoadError);
}

TEST(ZipCorruption, EveryTruncationFails) {
  handzip::Layout L = handzip::build({{"b.txt", "deflated text deflated text", 8}, {"a.bin", stgtest::worked_example(), 93}});
  const std::string& z = L.bytes;
  for (size_t n = 0; n < z.size(); ++n) {
    std::string t = z.substr(0, n);
    try {
      stgvm::ZipArchive a("trunc", u8p(t), t.size());
      a.read({"a.bin", "b.txt"});
      ADD_FAILURE() << "truncation at " << n << " of " << z.size() << " was accepted";
    } catch (const stgvm::LoadError&) {
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Fullpak and modpak loading (load_program over files)

// Two modules (ghc-prim:GHC.Types with Bool, main:Main with the program root).
Bytes types_module() {
  ModuleB m;
  m.unit = "ghc-prim";
  m.name = "GHC.Types";
  Bytes true_w = Binder("True", U('r', 3), ModulePublic, SingleValue(LiftedRep), DataConWorkId(U('r', 2)));
  m.tycons = {TyConUnit("ghc-prim", {{"GHC.Types", {STyCon("Bool", U('r', 1), {SDataCon("True", U('r', 2), AlgDataCon({}), true_w)})}}})};
  m.binds = {TopLifted(NonRec(true_w, RhsCon(U('r', 2), {})))};
  return m.build();
}
Bytes app_main_module() {
  ModuleB m;
  m.deps = {Dep("ghc-prim", {"GHC.Types"})};
  m.ext_ids = {ExtUnit("ghc-prim", {{"GHC.Types", {Binder("True", U('e', 1), ModulePublic)}}})};
  m.binds = {TopLifted(NonRec(Binder("main", U('0', 101), ModulePublic), Closure({}, Updatable, {}, App(U('e', 1)))))};
  return m.build();
}

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
    "app-main-module-name: \"Main\"\n"
    "app-main-module-object: \"Main.o\"\n"
    "app-deps:\n"
    "  -\n"
    "    name: \"ghc-prim\"\n"
    "    version: \"0.12.0\"\n"
    "    id: \"ghc-prim\"\n"
    "    unit-import-dirs:\n"
    "      - \"/lib/ghc-prim-0.12.0\"\n";

const char* kAppInfo =
    "live-code:\n"
    "- module-name: Main\n"
    "  package-name: main\n"
    "  unit-id: main\n"
    "- module-name: GHC.Types\n"
    "  package-name: ghc-prim\n"
    "  unit-id: ghc-prim\n";

void check_two_module_program(const stgvm::Program& p) {
  ASSERT_EQ(p.modules.size(), 2u);
  ASSERT_NE(p.main, nullptr);
  EXPECT_EQ(p.main->unique_name, "main_:Main.main");
  stg::Binder* t = p.find_binder("ghc-prim_GHC.Types.True");
  ASSERT_NE(t, nullptr);
  const stg::Module* app = nullptr;
  for (const stg::Module* m : p.modules)
    if (m->name == "Main") app = m;
  ASSERT_NE(app, nullptr);
  EXPECT_EQ(app->top_bindings[0].binding.rhss[0]->body->as<stg::EApp>()->fn.target(), t);
  EXPECT_TRUE(p.unresolved.empty());
}

TEST(Fullpak, LoadsWithAppInfoAndGhcStgapp) {
  stgtest::TempDir dir;
  // Hand-written zip: Deflate metadata, Zstd modules, extra non-stgbin entries, unsorted.
  handzip::Layout L = handzip::build({{"haskell/main/Main/module.stgbin", app_main_module(), 93},
                                      {"app.ghc_stgapp", kStgapp, 8},
                                      {"haskell/main/Main/module.ghcstg", "Main.main = ...", 93},
                                      {"haskell/ghc-prim/GHC.Types/module.stgbin", types_module(), 93},
                                      {"app.info", kAppInfo, 8},
                                      {"cbits/stub.c", "int x;", 93},
                                      {"cbits-source/ghc-prim/cbits/\xc3\xa9t\xc3\xa9.c", "int y;", 93}});
  std::string path = dir.write("hello.fullpak", L.bytes);
  auto p = stgvm::load_program(path);
  check_two_module_program(*p);
  EXPECT_TRUE(p->has_app_metadata);
  EXPECT_EQ(p->app.ghc_version, "9.10.3");
  EXPECT_EQ(p->app.main_module_name, "Main");
  ASSERT_EQ(p->app.app_deps.size(), 1u);
  EXPECT_EQ(p->app.app_deps[0].name, "ghc-prim");
  for (const stg::Module* m : p->modules) {
    EXPECT_EQ(m->source_file, path);
    if (m->name == "GHC.Types") {
      EXPECT_EQ(m->package, "ghc-prim");
      EXPECT_EQ(m->entry, "haskell/ghc-prim/GHC.Types/module.stgbin");
    } else {
      EXPECT_EQ(m->package, "main");
      EXPECT_EQ(m->entry, "haskell/main/Main/module.stgbin");
    }
  }
}

TEST(Fullpak, ExporterBuiltArchiveLoads) {
  stgtest::TempDir dir;
  std::string path = dir.file("hello.fullpak");
  stgvm::write_zip(path, {{"app.info", kAppInfo, stgvm::ZipMethod::Deflate},
                          {"app.ghc_stgapp", kStgapp, stgvm::ZipMethod::Deflate},
                          {"haskell/main/Main/module.stgbin", app_main_module(), stgvm::ZipMethod::Zstd},
                          {"haskell/ghc-prim/GHC.Types/module.stgbin", types_module(), stgvm::ZipMethod::Zstd}});
  auto p = stgvm::load_program(path);
  check_two_module_program(*p);
}

TEST(Fullpak, WithoutAppInfoModulesAreEnumerated) {
  stgtest::TempDir dir;
  handzip::Layout L = handzip::build({{"haskell/main/Main/module.stgbin", app_main_module(), 93},
                                      {"haskell/ghc-prim/GHC.Types/module.stgbin", types_module(), 93}});
  auto p = stgvm::load_program(dir.write("x.fullpak", L.bytes));
  check_two_module_program(*p);
  EXPECT_FALSE(p->has_app_metadata);
}

TEST(Fullpak, OldLayoutWithModulesList) {
  stgtest::TempDir dir;
  handzip::Layout L = handzip::build({{"app.info", "modules:\n- \"Main\"\n- \"GHC.Types\"\n", 93},
                                      {"Main/module.stgbin", app_main_module(), 93},
                                      {"GHC.Types/module.stgbin", types_module(), 93}});
  auto p = stgvm::load_program(dir.write("old.fullpak", L.bytes));
  check_two_module_program(*p);
}

TEST(Fullpak, AppInfoNamingAMissingModuleIsAnError) {
  stgtest::TempDir dir;
  handzip::Layout L = handzip::build({{"app.info", kAppInfo, 8}, {"haskell/main/Main/module.stgbin", app_main_module(), 93}});
  std::string path = dir.write("x.fullpak", L.bytes);
  auto e = catch_load_error([&] { stgvm::load_program(path); });
  EXPECT_EQ(e.file, path);
  EXPECT_NE(e.what_wrong.find("GHC.Types"), std::string::npos) << e.what();
}

TEST(Fullpak, CorruptModuleReportsFileEntryAndOffset) {
  stgtest::TempDir dir;
  std::string bad = stgtest::worked_example() + "!";
  handzip::Layout L = handzip::build({{"haskell/main/Main/module.stgbin", bad, 93}});
  std::string path = dir.write("x.fullpak", L.bytes);
  auto e = catch_load_error([&] { stgvm::load_program(path); });
  EXPECT_EQ(e.file, path);
  EXPECT_EQ(e.entry, "haskell/main/Main/module.stgbin");
  EXPECT_EQ(e.offset, 141);
}

TEST(Modpak, LoadsModuleStgbin) {
  stgtest::TempDir dir;
  handzip::Layout L = handzip::build({{"module.ghccore", "core", 93},
                                      {"module.stgbin", stgtest::worked_example(), 93},
                                      {"module.info", "ghc_version: \"9.10.3\"\n", 93}});
  std::string path = dir.write("obj/Main.o_modpak", L.bytes);
  auto p = stgvm::load_program(path);
  ASSERT_EQ(p->modules.size(), 1u);
  EXPECT_EQ(p->modules[0]->entry, "module.stgbin");
  EXPECT_EQ(p->modules[0]->name, "Main");
  EXPECT_NE(p->find_binder("main_Main.x"), nullptr);
}

TEST(Modpak, ArchiveWithoutModulesIsAnError) {
  stgtest::TempDir dir;
  handzip::Layout L = handzip::build({{"readme", "nothing here", 0}});
  EXPECT_THROW(stgvm::load_program(dir.write("x.fullpak", L.bytes)), stgvm::LoadError);
}

}  // namespace
