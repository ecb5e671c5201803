// hs_iconv_open/hs_iconv/hs_iconv_close against the host's iconv on the same input, with the
// char** / size_t* arguments in linear memory as GHC.IO.Encoding.Iconv passes them. The
// expected results are glibc's, written down so that wasm32 (whose shims use
// ffi/iconv_compat.cpp) checks them too; natively they are checked against glibc, and
// iconv_compat against glibc call for call on random input.
#include <cerrno>
#include <random>

#if !defined(__wasm__)
#include <iconv.h>
#endif

#include "ffi/iconv_compat.h"
#include "ffi_test_util.h"

namespace stgvm::test {
namespace {

class Iconv : public FfiTest {
 protected:
  // Layout: slots at kScratch (inbuf ptr, inleft, outbuf ptr, outleft), data after.
  static constexpr uint32_t kInPtr = kScratch, kInLeft = kScratch + 8, kOutPtr = kScratch + 16,
                            kOutLeft = kScratch + 24, kIn = kScratch + 0x100, kOut = kScratch + 0x1000;
  int64_t open(const std::string& to, const std::string& from) {
    put_string(kScratch + 0x3000, to);
    put_string(kScratch + 0x3100, from);
    return icall("hs_iconv_open", {A(kScratch + 0x3000), A(kScratch + 0x3100)});
  }
  // Runs one hs_iconv over `in` with an output buffer of `outsize` bytes.
  struct Result {
    int64_t r;
    int err;
    uint64_t consumed, produced, inleft, outleft;
    std::string out;
  };
  Result convert(int64_t h, const std::string& in, uint64_t outsize) {
    put_bytes(kIn, in.data(), in.size());
    mem.store64(kInPtr, kIn);
    mem.store64(kInLeft, in.size());
    mem.store64(kOutPtr, kOut);
    mem.store64(kOutLeft, outsize);
    ctx.errno_value = 0;
    Result res;
    res.r = icall("hs_iconv", {h, A(kInPtr), A(kInLeft), A(kOutPtr), A(kOutLeft)});
    res.err = ctx.errno_value;
    res.consumed = mem.load64(kInPtr) - kIn;
    res.produced = mem.load64(kOutPtr) - kOut;
    res.inleft = mem.load64(kInLeft);
    res.outleft = mem.load64(kOutLeft);
    res.out = get_bytes(kOut, res.produced);
    return res;
  }
#if !defined(__wasm__)
  // The same conversion by the host's iconv.
  static Result host_convert(const char* to, const char* from, const std::string& in, uint64_t outsize) {
    iconv_t cd = iconv_open(to, from);
    std::string inb = in;
    std::string outb(outsize, '\0');
    char* ip = inb.data();
    char* op = outb.data();
    size_t il = inb.size(), ol = outsize;
    errno = 0;
    Result res;
    res.r = int64_t(iconv(cd, &ip, &il, &op, &ol));
    res.err = res.r == -1 ? errno : 0;
    res.consumed = uint64_t(ip - inb.data());
    res.produced = uint64_t(op - outb.data());
    res.inleft = il;
    res.outleft = ol;
    res.out = outb.substr(0, res.produced);
    iconv_close(cd);
    return res;
  }
#endif
  void expect_same(const Result& a, const Result& b) {
    EXPECT_EQ(a.r, b.r);
    EXPECT_EQ(a.err, b.err);
    EXPECT_EQ(a.consumed, b.consumed);
    EXPECT_EQ(a.produced, b.produced);
    EXPECT_EQ(a.inleft, b.inleft);
    EXPECT_EQ(a.outleft, b.outleft);
    EXPECT_EQ(a.out, b.out);
  }
};

TEST_F(Iconv, ConversionsAreGlibcs) {
  using S = std::string;
  struct Case {
    const char* to;
    const char* from;
    std::string in;
    uint64_t outsize;
    int64_t r;        // glibc's result …
    int err;          // … errno (0: none) …
    uint64_t consumed;
    std::string out;  // … and output
  } cases[] = {
      {"UTF-32LE", "UTF-8", "h\xC3\xA9llo \xE2\x82\xAC \xF0\x9F\x98\x80", 256, 0, 0, 15,
       S("h\0\0\0\xE9\0\0\0l\0\0\0l\0\0\0o\0\0\0 \0\0\0\xAC\x20\0\0 \0\0\0\0\xF6\x01\0", 36)},
      {"UTF-32LE", "UTF-8", "abcdef", 12, -1, abi::kE2BIG, 3, S("a\0\0\0b\0\0\0c\0\0\0", 12)},
      {"UTF-32LE", "UTF-8", "ab\xFF" "cd", 256, -1, abi::kEILSEQ, 2, S("a\0\0\0b\0\0\0", 8)},
      {"UTF-32LE", "UTF-8", "ab\xE2\x82", 256, -1, abi::kEINVAL, 2, S("a\0\0\0b\0\0\0", 8)},
      {"UTF-8", "UTF-32LE", S("A\0\0\0\xAC\x20\0\0", 8), 256, 0, 0, 8, "A\xE2\x82\xAC"},
      {"ANSI_X3.4-1968", "UTF-32LE", S("A\0\0\0\xE9\0\0\0", 8), 256, -1, abi::kEILSEQ, 4, "A"},  // unencodable
      {"UTF-8", "ISO-8859-1", "caf\xE9", 256, 0, 0, 4, "caf\xC3\xA9"},
      {"ISO-8859-1", "UTF-32LE", S("A\0\0\0\xE9\0\0\0\xAC\x20\0\0", 12), 256, -1, abi::kEILSEQ, 8, "A\xE9"},
      {"UTF-32LE", "ASCII", "a\x80", 256, -1, abi::kEILSEQ, 1, S("a\0\0\0", 4)},
      {"UTF-16", "UTF-32LE", S("A\0\0\0\0\xF6\x01\0", 8), 256, 0, 0, 8, S("\xFF\xFE" "A\0\x3D\xD8\0\xDE", 8)},
      {"UTF-16BE", "UTF-32LE", S("A\0\0\0\0\xF6\x01\0", 8), 256, 0, 0, 8, S("\0A\xD8\x3D\xDE\0", 6)},
      {"UTF-32LE", "UTF-16", S("\xFE\xFF\0A", 4), 256, 0, 0, 4, S("A\0\0\0", 4)},
      {"UTF-32LE", "UTF-16LE", S("A\0\x3D\xD8", 4), 256, -1, abi::kEINVAL, 2, S("A\0\0\0", 4)},
      {"UTF-32", "UTF-8", "A", 256, 0, 0, 1, S("\xFF\xFE\0\0A\0\0\0", 8)},
      {"UTF-8", "UTF-8", "a\xED\xA0\x80", 256, -1, abi::kEILSEQ, 1, "a"},  // a surrogate
      {"ASCII", "UTF-8", "a\xC3\xA9", 1, -1, abi::kE2BIG, 1, "a"},        // full before unencodable
  };
  for (auto& c : cases) {
    int64_t h = open(c.to, c.from);
    ASSERT_GT(h, 0) << c.to << " <- " << c.from;
    Result want{c.r, c.err, c.consumed, c.out.size(), c.in.size() - c.consumed, c.outsize - c.out.size(), c.out};
    Result got = convert(h, c.in, c.outsize);
    expect_same(got, want);
#if !defined(__wasm__)
    expect_same(host_convert(c.to, c.from, c.in, c.outsize), want);
#endif
    EXPECT_EQ(call32("hs_iconv_close", {h}), 0);
  }
}

// The names base's programs use (and glibc's aliases for them) open; others fail like an
// unknown charset.
TEST_F(Iconv, Names) {
  for (const char* name : {"UTF-8", "utf8", "ANSI_X3.4-1968", "ASCII", "US-ASCII", "ISO-8859-1", "latin1", "UTF-16",
                           "UTF-16LE", "UTF-16BE", "UTF-32", "UTF-32LE", "UTF-32BE", "UCS-2", "UCS-4", "WCHAR_T"}) {
    int64_t h = open(name, "UTF-32LE");
    EXPECT_GT(h, 0) << name;
    if (h > 0) {
      EXPECT_EQ(call32("hs_iconv_close", {h}), 0);
    }
  }
  ctx.errno_value = 0;
  EXPECT_EQ(open("NO-SUCH-CHARSET", "UTF-8"), -1);
  EXPECT_EQ(ctx.errno_value, abi::kEINVAL);
}

TEST_F(Iconv, HandlesAreSmallAndReused) {
  int64_t a = open("UTF-8", "UTF-32LE"), b = open("UTF-32LE", "UTF-8");
  EXPECT_EQ(a, 1);
  EXPECT_EQ(b, 2);
  EXPECT_EQ(call32("hs_iconv_close", {a}), 0);
  EXPECT_EQ(open("UTF-8", "UTF-16LE"), 1);
  EXPECT_EQ(call32("hs_iconv_close", {a}), 0);
  EXPECT_EQ(call32("hs_iconv_close", {a}), -1);  // already closed
  EXPECT_EQ(ctx.errno_value, abi::kEBADF);
  EXPECT_EQ(call32("hs_iconv_close", {77}), -1);
  EXPECT_EQ(icall("hs_iconv", {77, A(kInPtr), A(kInLeft), A(kOutPtr), A(kOutLeft)}), -1);
  EXPECT_EQ(ctx.errno_value, abi::kEBADF);
}

TEST_F(Iconv, UnknownEncodingFailsLikeHost) {
  EXPECT_EQ(open("NO-SUCH-CHARSET", "UTF-8"), -1);
  EXPECT_EQ(ctx.errno_value, abi::kEINVAL);
#if !defined(__wasm__)
  errno = 0;
  EXPECT_EQ(iconv_open("NO-SUCH-CHARSET", "UTF-8"), iconv_t(-1));
  EXPECT_EQ(ctx.errno_value, errno);
#endif
}

TEST_F(Iconv, NullInputFlushes) {
  int64_t h = open("UTF-8", "UTF-32LE");
  mem.store64(kInPtr, 0);
  mem.store64(kOutPtr, kOut);
  mem.store64(kOutLeft, 16);
  EXPECT_EQ(icall("hs_iconv", {h, A(kInPtr), A(kInLeft), A(kOutPtr), A(kOutLeft)}), 0);
  EXPECT_EQ(mem.load64(kOutLeft), 16u);
  EXPECT_EQ(icall("hs_iconv", {h, A(0), A(0), A(0), A(0)}), 0);  // reset
}

TEST_F(Iconv, BadBuffersFault) {
  int64_t h = open("UTF-8", "UTF-32LE");
  mem.store64(kInPtr, kMemBytes - 4);
  mem.store64(kInLeft, 16);
  mem.store64(kOutPtr, kOut);
  mem.store64(kOutLeft, 16);
  EXPECT_FAULT(call("hs_iconv", {h, A(kInPtr), A(kInLeft), A(kOutPtr), A(kOutLeft)}));
  mem.store64(kInPtr, 0x100000000ull + kIn);  // a slot holding a non-32-bit pointer
  EXPECT_FAULT(call("hs_iconv", {h, A(kInPtr), A(kInLeft), A(kOutPtr), A(kOutLeft)}));
}

// The UTF-16 BOM state across calls, through the shim (glibc: a BOM at the start of the first
// call after open or reset; an output BOM once per reset).
TEST_F(Iconv, ByteOrderMarksAcrossCalls) {
  int64_t d = open("UTF-32LE", "UTF-16");
  expect_same(convert(d, std::string("\xFE\xFF\0A", 4), 64), Result{0, 0, 4, 4, 0, 60, std::string("A\0\0\0", 4)});
  // Still big-endian, and a second BOM is a character.
  expect_same(convert(d, std::string("\xFE\xFF\0B", 4), 64),
              Result{0, 0, 4, 8, 0, 56, std::string("\xFF\xFE\0\0B\0\0\0", 8)});
  int64_t e = open("UTF-16", "UTF-8");
  expect_same(convert(e, "A", 64), Result{0, 0, 1, 4, 0, 60, std::string("\xFF\xFE" "A\0", 4)});
  expect_same(convert(e, "B", 64), Result{0, 0, 1, 2, 0, 62, std::string("B\0", 2)});
  EXPECT_EQ(icall("hs_iconv", {e, A(0), A(0), A(0), A(0)}), 0);  // reset: a BOM again
  expect_same(convert(e, "C", 64), Result{0, 0, 1, 4, 0, 60, std::string("\xFF\xFE" "C\0", 4)});
}

TEST(IconvCompat, LongRandomConversionsRoundTrip) {
  // UTF-8 → UTF-16LE → UTF-32BE → UTF-8 of random code points, in random pieces.
  std::mt19937 rng(3);
  std::string text;
  for (int i = 0; i < 20000; ++i) {
    uint32_t c = rng() % 4 == 0 ? 0x10000 + rng() % 0x100000 : rng() % 0xD800;
    if (c < 0x80) text += char(c);
    else if (c < 0x800) text += char(0xC0 | (c >> 6)), text += char(0x80 | (c & 0x3F));
    else if (c < 0x10000) text += char(0xE0 | (c >> 12)), text += char(0x80 | ((c >> 6) & 0x3F)), text += char(0x80 | (c & 0x3F));
    else text += char(0xF0 | (c >> 18)), text += char(0x80 | ((c >> 12) & 0x3F)), text += char(0x80 | ((c >> 6) & 0x3F)), text += char(0x80 | (c & 0x3F));
  }
  auto run = [&](const char* to, const char* from, const std::string& in) {
    int err = 0;
    auto cv = iconv_compat::open(to, from, &err);
    EXPECT_NE(cv, nullptr);
    std::string out;
    const uint8_t* p = reinterpret_cast<const uint8_t*>(in.data());
    size_t left = in.size();
    while (left > 0) {
      size_t piece = std::min<size_t>(left, 1 + rng() % 100), before = piece;
      uint8_t buf[64];
      uint8_t* o = buf;
      size_t room = 1 + rng() % sizeof buf;
      size_t r = cv->convert(&p, &piece, &o, &room, &err);
      out.append(reinterpret_cast<char*>(buf), size_t(o - buf));
      left -= before - piece;
      if (r == size_t(-1)) {
        EXPECT_TRUE(err == abi::kE2BIG || err == abi::kEINVAL) << err;
      }
    }
    return out;
  };
  std::string u16 = run("UTF-16LE", "UTF-8", text);
  std::string u32 = run("UTF-32BE", "UTF-16LE", u16);
  EXPECT_EQ(run("UTF-8", "UTF-32BE", u32), text);
}

#if !defined(__wasm__)
// iconv_compat (wasm32's iconv) against glibc on random input for every pair of its charsets:
// results, errno, pointers and counts, after sequences of calls and resets.
TEST(IconvCompat, MatchesGlibcCallForCall) {
  const char* names[] = {"UTF-8",   "ASCII",    "ISO-8859-1", "UTF-16", "UTF-16LE", "UTF-16BE", "UCS-2",
                         "UCS-2BE", "UTF-32",   "UTF-32LE",   "UTF-32BE", "UCS-4",  "UCS-4LE",  "WCHAR_T"};
  static const unsigned char pool[] = {0x00, 0x41, 0x7f, 0x80, 0xbf, 0xc0, 0xc2, 0xc3, 0xdf, 0xe0, 0xe2, 0xed, 0xef,
                                       0xf0, 0xf4, 0xf8, 0xfc, 0xfe, 0xff, 0xd8, 0xdc, 0x01, 0x11, 0x0e, 0x20, 0xac};
  std::mt19937_64 rng(1);
  size_t calls = 0, mismatches = 0;
  for (const char* to : names)
    for (const char* from : names) {
      iconv_t g = iconv_open(to, from);
      int err = 0;
      auto m = iconv_compat::open(to, from, &err);
      ASSERT_EQ(g == iconv_t(-1), m == nullptr) << to << " <- " << from;
      if (!m) {
        EXPECT_EQ(err, EINVAL);
        continue;
      }
      for (int seq = 0; seq < 400 && mismatches < 5; ++seq) {
        iconv(g, nullptr, nullptr, nullptr, nullptr);
        m->convert(nullptr, nullptr, nullptr, nullptr, &err);
        for (int c = 1 + int(rng() % 4); c-- > 0;) {
          ++calls;
          std::string in;
          for (size_t i = rng() % 12; i-- > 0;) in += char(rng() % 3 ? pool[rng() % sizeof pool] : uint8_t(rng()));
          if (rng() % 5 == 0) in = std::string("\xff\xfe", 2) + in;
          if (rng() % 7 == 0) in = std::string("\xfe\xff", 2) + in;
          size_t osz = rng() % 3 ? rng() % 10 : 64;
          bool reset = rng() % 10 == 0;
          std::string ib1 = in, ib2 = in;
          std::vector<char> ob1(80, 0x55), ob2(80, 0x55);
          char* ip1 = ib1.data();
          char* op1 = ob1.data();
          size_t il1 = in.size(), ol1 = osz;
          const uint8_t* ip2 = reinterpret_cast<const uint8_t*>(ib2.data());
          uint8_t* op2 = reinterpret_cast<uint8_t*>(ob2.data());
          size_t il2 = in.size(), ol2 = osz;
          errno = 0;
          int e2 = 0;
          size_t r1 = reset ? iconv(g, nullptr, nullptr, &op1, &ol1) : iconv(g, &ip1, &il1, &op1, &ol1);
          int e1 = r1 == size_t(-1) ? errno : 0;
          size_t r2 = reset ? m->convert(nullptr, nullptr, &op2, &ol2, &e2) : m->convert(&ip2, &il2, &op2, &ol2, &e2);
          if (r2 != size_t(-1)) e2 = 0;
          bool same = r1 == r2 && e1 == e2 && ip1 - ib1.data() == reinterpret_cast<const char*>(ip2) - ib2.data() &&
                      il1 == il2 && ol1 == ol2 && ob1 == ob2;
          if (!same) {
            ++mismatches;
            ADD_FAILURE() << to << " <- " << from << ": call " << c << " differs from glibc on input "
                          << ::testing::PrintToString(in) << " (output room " << osz << ")";
            break;
          }
        }
      }
      iconv_close(g);
    }
  EXPECT_GT(calls, 100000u);
}

// The names glibc accepts for these charsets open; suffixes and other charsets do not.
TEST(IconvCompat, NamesAreGlibcs) {
  for (const char* name : {"utf-8", "Utf8", "UTF-8//", "ISO-10646/UTF8/", "ISO-10646/UTF-8", "UCS-2BE", "UCS-2LE",
                           "UNICODELITTLE", "UNICODEBIG", "WCHAR_T", "UCS4", "ISO-10646", "ISO_646.IRV:1991", "latin1",
                           "l1", "utf 8", "CSUCS4", "10646-1:1993", "10646-1:1993/UCS4/", "ISO-10646/UCS4/",
                           "ISO-10646/UCS2/", "ANSI_X3.4-1968", "US", "8859_1", "UTF32BE", "utf-16le"}) {
    iconv_t g = iconv_open(name, "UTF-8");
    int err = 0;
    auto m = iconv_compat::open(name, "UTF-8", &err);
    EXPECT_NE(g, iconv_t(-1)) << name;
    EXPECT_NE(m, nullptr) << name;
    if (g != iconv_t(-1)) iconv_close(g);
  }
  for (const char* name : {"UTF_8", "INTERNAL", "NO-SUCH"}) {
    iconv_t g = iconv_open(name, "UTF-8");
    int err = 0;
    EXPECT_EQ(g, iconv_t(-1)) << name;
    EXPECT_EQ(iconv_compat::open(name, "UTF-8", &err), nullptr) << name;
    EXPECT_EQ(err, EINVAL);
  }
  // Not reproduced (ffi/README.md): suffixes and the other charsets.
  for (const char* name : {"UTF-8//IGNORE", "ASCII//TRANSLIT", "UNICODE", "CP1252", "UTF-7", "EUC-JP"}) {
    int err = 0;
    EXPECT_EQ(iconv_compat::open(name, "UTF-8", &err), nullptr) << name;
  }
}
#endif

}  // namespace
}  // namespace stgvm::test
