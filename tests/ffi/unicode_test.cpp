// u_* shims against base's cbits/WCsubst.c compiled natively as a separate object (taken from
// the GHC 9.0.2 source tarball when cached, see CMakeLists.txt), for every code point.
#include <fstream>
#include <sstream>

#include "ffi_test_util.h"

// The oracle object: base's own functions under their own names.
extern "C" {
int64_t u_iswupper(int64_t);
int64_t u_iswdigit(int64_t);
int64_t u_iswalpha(int64_t);
int64_t u_iswcntrl(int64_t);
int64_t u_iswspace(int64_t);
int64_t u_iswprint(int64_t);
int64_t u_iswlower(int64_t);
int64_t u_iswalnum(int64_t);
int64_t u_towlower(int64_t);
int64_t u_towupper(int64_t);
int64_t u_towtitle(int64_t);
int64_t u_gencat(int64_t);
}

namespace stgvm::test {
namespace {

struct Fn {
  const char* name;
  int64_t (*oracle)(int64_t);
};
const Fn kFns[] = {
    {"u_iswupper", u_iswupper}, {"u_iswdigit", u_iswdigit}, {"u_iswalpha", u_iswalpha},
    {"u_iswcntrl", u_iswcntrl}, {"u_iswspace", u_iswspace}, {"u_iswprint", u_iswprint},
    {"u_iswlower", u_iswlower}, {"u_iswalnum", u_iswalnum}, {"u_towlower", u_towlower},
    {"u_towupper", u_towupper}, {"u_towtitle", u_towtitle}, {"u_gencat", u_gencat},
};

TEST(Unicode, EveryCodePointMatchesBase) {
  for (const Fn& f : kFns) {
    const ForeignSymbol* s = find_foreign(f.name);
    ASSERT_NE(s, nullptr) << f.name;
    CRep rep = CRep::Int;
    Memory mem(0x20000, 0x20000);
    CHeap cheap(mem, 0x10000, 0);
    FakeHost host;
    ForeignContext ctx{mem, cheap, host};
    size_t mismatches = 0;
    std::vector<int64_t> extra = {-1, -0x80000000LL, 0x110000, 0x7FFFFFFF, 0x100000041LL, INT64_MIN, INT64_MAX};
    for (int64_t c = 0; c <= 0x10FFFF + int64_t(extra.size()); ++c) {
      int64_t arg = c <= 0x10FFFF ? c : extra[size_t(c - 0x110000)];
      uint64_t slot = uint64_t(arg);
      ForeignCall call{&slot, &rep, 1, CRep::Int};
      int64_t got = int64_t(s->fn(ctx, call));
      int64_t want = f.oracle(arg);
      if (got != want && ++mismatches < 5) ADD_FAILURE() << f.name << "(" << arg << ") = " << got << ", base: " << want;
    }
    EXPECT_EQ(mismatches, 0u) << f.name;
  }
}

// Spot checks that do not depend on the oracle (GHC.Unicode's documented categories).
TEST(Unicode, SpotChecks) {
  auto call = [](const char* name, int64_t c) {
    Memory mem(0x20000, 0x20000);
    CHeap cheap(mem, 0x10000, 0);
    FakeHost host;
    ForeignContext ctx{mem, cheap, host};
    uint64_t slot = uint64_t(c);
    CRep rep = CRep::Int;
    return int64_t(find_foreign(name)->fn(ctx, ForeignCall{&slot, &rep, 1, CRep::Int}));
  };
  EXPECT_EQ(call("u_towupper", 'a'), 'A');
  EXPECT_EQ(call("u_towlower", 'Z'), 'z');
  EXPECT_EQ(call("u_towupper", 0xDF), 0xDF);     // ß has no single-char upper case
  EXPECT_EQ(call("u_towtitle", 0x01C6), 0x01C5);  // ǆ → ǅ
  EXPECT_EQ(call("u_gencat", 'A'), 0);            // Lu
  EXPECT_EQ(call("u_gencat", '0'), 8);            // Nd
  EXPECT_EQ(call("u_gencat", ' '), 22);           // Zs
  EXPECT_EQ(call("u_gencat", 0xE000), 28);        // Co
  EXPECT_EQ(call("u_gencat", 0x10FFFF), 29);      // Cn
  EXPECT_NE(call("u_iswspace", 0x3000), 0);
  EXPECT_EQ(call("u_iswspace", '\n'), 0);         // only Zs (isSpace handles \t\n… itself)
  EXPECT_NE(call("u_iswalpha", 0x3BB), 0);
}

std::string slurp(const std::string& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// ffi/cbits holds base's files verbatim.
TEST(Unicode, VendoredCbitsAreVerbatim) {
  if (!STGVM_FFI_HAVE_TARBALL) GTEST_SKIP() << "GHC source tarball not in the cache";
  std::string v = STGVM_FFI_VENDORED_DIR, t = STGVM_FFI_TARBALL_BASE_DIR;
  for (const char* f : {"WCsubst.c", "md5.c", "primFloat.c"})
    EXPECT_EQ(slurp(v + "/" + f), slurp(t + "/cbits/" + f)) << f;
  for (const char* f : {"WCsubst.h", "md5.h"}) EXPECT_EQ(slurp(v + "/" + f), slurp(t + "/include/" + f)) << f;
  EXPECT_EQ(slurp(v + "/LICENSE"), slurp(t + "/LICENSE"));
  EXPECT_GT(slurp(v + "/WCsubst.c").size(), 100000u);
}

}  // namespace
}  // namespace stgvm::test
