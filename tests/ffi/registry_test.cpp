// Symbol resolution: the corpus coverage gate, capi wrapper labels, z-decoding, arity checks.
#include <cstdio>
#include <fstream>

#include "ffi_test_util.h"

namespace stgvm::test {
namespace {

std::vector<std::string> corpus_symbols() {
  std::ifstream in(STGVM_FFI_CORPUS_SYMBOLS);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(line);
  return out;
}

// The coverage gate: every foreign symbol the corpus programs reach resolves to a shim.
TEST(FfiRegistry, EveryCorpusSymbolResolves) {
  auto syms = corpus_symbols();
  ASSERT_GE(syms.size(), 160u);
  std::vector<std::string> missing;
  for (const auto& s : syms)
    if (!find_foreign(s)) missing.push_back(s);
  EXPECT_TRUE(missing.empty()) << "unresolved: " << ::testing::PrintToString(missing);
}

TEST(FfiRegistry, TableSortedUniqueAndSelfResolving) {
  const auto& t = foreign_symbols();
  ASSERT_FALSE(t.empty());
  for (size_t i = 1; i < t.size(); ++i) EXPECT_LT(t[i - 1].name, t[i].name);
  for (const auto& s : t) {
    EXPECT_EQ(find_foreign(s.name), &s) << s.name;
    EXPECT_NE(s.fn, nullptr) << s.name;
  }
  EXPECT_EQ(find_foreign("no_such_symbol_xyz"), nullptr);
  EXPECT_EQ(find_foreign(""), nullptr);
}

// Expected decodings follow GHC.Utils.Encoding's table (GHC 9.0.2 compiler source).
TEST(FfiRegistry, ZDecode) {
  EXPECT_EQ(z_decode("SEEKzuEND"), "SEEK_END");
  EXPECT_EQ(z_decode("SystemziPosixziInternals"), "System.Posix.Internals");
  EXPECT_EQ(z_decode("ZLZRZMZNZCZZzz"), "()[]:Zz");
  EXPECT_EQ(z_decode("zazbzczdzezgzhzizlzmznzpzqzrzsztzuzv"), "&|^$=>#.<-!+'\\/*_%");
  EXPECT_EQ(z_decode("Z0T"), "()");
  EXPECT_EQ(z_decode("Z3T"), "(,,)");
  EXPECT_EQ(z_decode("Z1H"), "(# #)");
  EXPECT_EQ(z_decode("Z3H"), "(#,,#)");
  EXPECT_EQ(z_decode("az3bbUb"), "a\xCE\xBB" "b");  // U+03BB
  EXPECT_EQ(z_decode("z1f600U"), "\xF0\x9F\x98\x80");
  EXPECT_EQ(z_decode("plain"), "plain");
  // Malformed escapes stay literal (GHC would error).
  EXPECT_EQ(z_decode("Z"), "Z");
  EXPECT_EQ(z_decode("z12"), "z12");
}

TEST(FfiRegistry, ForeignEntity) {
  EXPECT_EQ(foreign_entity("ghczuwrapperZC0ZCbaseZCSystemziPosixziInternalsZCSEEKzuEND"), "SEEK_END");
  EXPECT_EQ(foreign_entity("ghczuwrapperZC23ZCbaseZCSystemziPosixziInternalsZClseek"), "lseek");
  EXPECT_EQ(foreign_entity("ghczuwrapperZC5ZCcontainerszm0zi6zi5zi1ZCDataziFooZCmyzufn"), "my_fn");
  EXPECT_EQ(foreign_entity("memcpy"), "memcpy");
  EXPECT_EQ(foreign_entity("ghczuwrapperZCxZCbaseZCMZCf"), "ghczuwrapperZCxZCbaseZCMZCf");  // n not a number
  EXPECT_EQ(foreign_entity("ghczuwrapperZC1ZCbase"), "ghczuwrapperZC1ZCbase");
  // Every wrapper label of the corpus decodes to a symbol of the table.
  for (const auto& s : corpus_symbols()) {
    if (s.rfind("ghczuwrapper", 0) != 0) continue;
    std::string e = foreign_entity(s);
    EXPECT_NE(e, s);
    const ForeignSymbol* f = find_foreign(s);
    ASSERT_NE(f, nullptr) << s;
    EXPECT_EQ(f->name, e);
  }
}

class FfiCall : public FfiTest {};

TEST_F(FfiCall, ArityIsChecked) {
  const ForeignSymbol* s = find_foreign("strlen");
  ASSERT_NE(s, nullptr);
  ForeignCall c{nullptr, nullptr, 0, CRep::Word};
  EXPECT_EQ(call_foreign(*s, ctx, c), 0u);
  EXPECT_NE(ctx.failure.find("strlen"), std::string::npos);
}

TEST_F(FfiCall, VoidArgumentsAreSkipped) {
  uint32_t p = put_string(kScratch, "hello");
  const ForeignSymbol* s = find_foreign("strlen");
  uint64_t slots[] = {0, p, 0};
  CRep reps[] = {CRep::Void, CRep::Addr, CRep::Void};
  ForeignCall c{slots, reps, 3, CRep::Word};
  EXPECT_EQ(call_foreign(*s, ctx, c), 5u);
  EXPECT_EQ(ctx.failure, "");
}

TEST_F(FfiCall, PointerAbove4GiBFaults) {
  uint64_t slots[] = {0x100000000ull | kScratch};
  CRep reps[] = {CRep::Addr};
  ForeignCall c{slots, reps, 1, CRep::Word};
  EXPECT_FAULT(call_foreign(*find_foreign("strlen"), ctx, c));
}

TEST_F(FfiCall, WrapperLabelCallsTheEntity) {
  EXPECT_EQ(call32("ghczuwrapperZC0ZCbaseZCSystemziPosixziInternalsZCSEEKzuEND"), abi::kSEEK_END);
  EXPECT_EQ(call32("ghczuwrapperZC1ZCbaseZCSystemziPosixziInternalsZCSEEKzuSET"), abi::kSEEK_SET);
  EXPECT_EQ(call32("ghczuwrapperZC2ZCbaseZCSystemziPosixziInternalsZCSEEKzuCUR"), abi::kSEEK_CUR);
}

}  // namespace
}  // namespace stgvm::test
