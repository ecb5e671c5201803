// The common packages' C helpers: bytestring's (fpstring.c, itoa.c) and text's (cbits.c)
// against the packages' own C code compiled natively as oracles (tests/ffi/oracle/, verbatim
// from the GHC 9.0.2 source tarball), plus memchr and the time package's time zone call.
#include <cstdint>

#include "ffi_test_util.h"

extern "C" {
// tests/ffi/oracle/*.c
void fps_reverse(unsigned char* q, unsigned char* p, unsigned long n);
void fps_intersperse(unsigned char* q, unsigned char* p, unsigned long n, unsigned char c);
unsigned char fps_maximum(unsigned char* p, unsigned long len);
unsigned char fps_minimum(unsigned char* p, unsigned long len);
unsigned long fps_count(unsigned char* p, unsigned long len, unsigned char w);
char* _hs_bytestring_int_dec(int x, char* buf);
char* _hs_bytestring_long_long_int_dec(long long x, char* buf);
char* _hs_bytestring_uint_dec(unsigned x, char* buf);
char* _hs_bytestring_long_long_uint_dec(unsigned long long x, char* buf);
char* _hs_bytestring_uint_hex(unsigned x, char* buf);
char* _hs_bytestring_long_long_uint_hex(unsigned long long x, char* buf);
void _hs_bytestring_int_dec_padded9(int x, char* buf);
void _hs_bytestring_long_long_int_dec_padded18(long long x, char* buf);
const uint8_t* _hs_text_decode_utf8_state(uint16_t* dest, size_t* destoff, const uint8_t** src, const uint8_t* srcend,
                                          uint32_t* codepoint0, uint32_t* state0);
void _hs_text_decode_latin1(uint16_t* dest, const uint8_t* src, const uint8_t* srcend);
void _hs_text_encode_utf8(uint8_t** destp, const uint16_t* src, size_t srcoff, size_t srclen);
}

namespace stgvm::test {
namespace {

// A deterministic byte generator (xorshift).
struct Rng {
  uint64_t s = 0x9E3779B97F4A7C15ull;
  uint64_t next() {
    s ^= s << 13;
    s ^= s >> 7;
    s ^= s << 17;
    return s;
  }
};

class Packages : public FfiTest {};

TEST_F(Packages, FpstringAgainstBytestringsC) {
  Rng r;
  const uint32_t in = kScratch, out = kScratch + 0x1000;
  for (unsigned n : {1u, 2u, 3u, 7u, 64u, 255u}) {
    std::vector<unsigned char> bytes(n), want(2 * n);
    for (auto& b : bytes) b = uint8_t(r.next());
    put_bytes(in, bytes.data(), n);
    call("fps_reverse", {A(out), A(in), n});
    fps_reverse(want.data(), bytes.data(), n);
    EXPECT_EQ(get_bytes(out, n), std::string(want.begin(), want.begin() + n)) << n;
    call("fps_intersperse", {A(out), A(in), n, unsigned(',')});
    fps_intersperse(want.data(), bytes.data(), n, ',');
    EXPECT_EQ(get_bytes(out, 2 * n - 1), std::string(want.begin(), want.begin() + 2 * n - 1)) << n;
    EXPECT_EQ(call("fps_maximum", {A(in), n}), fps_maximum(bytes.data(), n));
    EXPECT_EQ(call("fps_minimum", {A(in), n}), fps_minimum(bytes.data(), n));
    EXPECT_EQ(call("fps_count", {A(in), n, unsigned(bytes[0])}), fps_count(bytes.data(), n, bytes[0]));
  }
  // Zero bytes: nothing written; maximum reads the first byte anyway, as the C code does.
  mem.store8(out, 0x77);
  call("fps_reverse", {A(out), A(in), 0u});
  call("fps_intersperse", {A(out), A(in), 0u, 1u});
  EXPECT_EQ(mem.load8(out), 0x77);
  EXPECT_EQ(call("fps_maximum", {A(out), 0u}), 0x77u);
  // A reversal in place (bytestring never asks for one, but the result must not be garbage).
  put_bytes(in, "abcde", 5);
  call("fps_reverse", {A(in), A(in), 5u});
  EXPECT_EQ(get_bytes(in, 5), "edcba");
  EXPECT_FAULT(invoke("fps_count", {A(kMemBytes - 4), 8u, 0u}));
}

TEST_F(Packages, FpsMemcpyOffsets) {
  put_bytes(kScratch, "0123456789", 10);
  EXPECT_EQ(call("fps_memcpy_offsets", {A(kScratch + 0x100), 3u, A(kScratch), 4u, 5u}), kScratch + 0x103u);
  EXPECT_EQ(get_bytes(kScratch + 0x103, 5), "45678");
}

TEST_F(Packages, ItoaAgainstBytestringsC) {
  const uint32_t buf = kScratch + 64;
  char want[80];
  auto check = [&](const char* fn, uint64_t result, const char* end) {
    size_t n = size_t(end - want);
    EXPECT_EQ(result, buf + n) << fn;
    EXPECT_EQ(get_bytes(buf, n), std::string(want, n)) << fn;
  };
  for (int x : {0, 7, -1, 10, -10, 123456789, INT32_MIN, INT32_MAX}) {
    check("int_dec", call("_hs_bytestring_int_dec", {x, A(buf)}), _hs_bytestring_int_dec(x, want));
    check("uint_dec", call("_hs_bytestring_uint_dec", {unsigned(x), A(buf)}), _hs_bytestring_uint_dec(unsigned(x), want));
    check("uint_hex", call("_hs_bytestring_uint_hex", {unsigned(x), A(buf)}), _hs_bytestring_uint_hex(unsigned(x), want));
  }
  for (long long x : {0LL, -5LL, 1000000000000LL, (long long)INT64_MIN, (long long)INT64_MAX}) {
    check("long_long_int_dec", call("_hs_bytestring_long_long_int_dec", {x, A(buf)}),
          _hs_bytestring_long_long_int_dec(x, want));
    unsigned long long u = static_cast<unsigned long long>(x);
    check("long_long_uint_dec", call("_hs_bytestring_long_long_uint_dec", {u, A(buf)}),
          _hs_bytestring_long_long_uint_dec(u, want));
    check("long_long_uint_hex", call("_hs_bytestring_long_long_uint_hex", {u, A(buf)}),
          _hs_bytestring_long_long_uint_hex(u, want));
  }
  // Padded fields: exactly 9 (18) bytes, zero-filled on the left; nothing outside them.
  for (int x : {0, 5, 123, 999999999}) {
    std::memset(mem.span(buf - 8, 40), '#', 40);
    call("_hs_bytestring_int_dec_padded9", {x, A(buf)});
    _hs_bytestring_int_dec_padded9(x, want);
    EXPECT_EQ(get_bytes(buf, 9), std::string(want, 9)) << x;
    EXPECT_EQ(get_bytes(buf - 8, 8), std::string(8, '#'));
    EXPECT_EQ(mem.load8(buf + 9), '#');
  }
  for (long long x : {0LL, 42LL, 999999999999999999LL}) {
    call("_hs_bytestring_long_long_int_dec_padded18", {x, A(buf)});
    _hs_bytestring_long_long_int_dec_padded18(x, want);
    EXPECT_EQ(get_bytes(buf, 18), std::string(want, 18)) << x;
  }
  EXPECT_FAULT(invoke("_hs_bytestring_int_dec", {-1, A(kMemBytes - 1)}));
}

// UTF-8 inputs that exercise every decoder path: ASCII runs (the C code's 8-byte fast path),
// 2-, 3- and 4-byte sequences, surrogates encoded in UTF-8, overlong forms, truncation.
std::vector<std::string> utf8_cases() {
  std::vector<std::string> v = {
      "",
      "plain ascii longer than eight bytes",
      "Gr\xc3\xbc\xc3\x9f" "e \xe2\x82\xac \xf0\x9f\x98\x80!",
      "bad \xff here",
      "\xc3\x28 overlong \xc0\x80 and \xe0\x80\xaf",
      "surrogate \xed\xa0\x80 end",
      "cut \xf0\x9f\x98",
      "\xe2\x82",
  };
  Rng r;
  for (int i = 0; i < 40; ++i) {
    std::string s;
    for (int k = int(r.next() % 40); k > 0; --k) {
      uint64_t x = r.next();
      s += char(x % 5 == 0 ? 0x80 | (x >> 8) : x % 3 == 0 ? 0xc0 | (x >> 8) % 0x38 : 0x20 + (x >> 8) % 0x5f);
    }
    v.push_back(s);
  }
  return v;
}

TEST_F(Packages, Utf8DecoderAgainstTextsC) {
  const uint32_t src = kScratch, dest = kScratch + 0x1000, cells = kScratch + 0x3000;
  const uint32_t destoff_p = cells, src_p = cells + 8, cp_p = cells + 16, st_p = cells + 20;
  for (const std::string& s : utf8_cases()) {
    // Decode in two pieces split at every position, carrying the state across, as
    // Data.Text.Encoding.streamDecodeUtf8 does.
    for (size_t cut = 0; cut <= s.size(); cut += s.size() > 20 ? 7 : 1) {
      std::vector<uint16_t> want(2 * s.size() + 2);
      size_t want_off = 3;
      uint32_t want_cp = 0, want_st = 0;
      const uint8_t* bytes = reinterpret_cast<const uint8_t*>(s.data());
      put_bytes(src, s.data(), s.size());
      mem.store64(destoff_p, 3);
      mem.store32(cp_p, 0);
      mem.store32(st_p, 0);
      for (auto [lo, hi] : {std::pair<size_t, size_t>{0, cut}, {cut, s.size()}}) {
        const uint8_t* p = bytes + lo;
        const uint8_t* ret = _hs_text_decode_utf8_state(want.data(), &want_off, &p, bytes + hi, &want_cp, &want_st);
        mem.store64(src_p, src + lo);
        uint64_t got = call("_hs_text_decode_utf8_state",
                            {A(dest), A(destoff_p), A(src_p), A(uint32_t(src + hi)), A(cp_p), A(st_p)});
        ASSERT_EQ(got, src + uint64_t(ret - bytes)) << s << " cut " << cut;
        ASSERT_EQ(mem.load64(src_p), src + uint64_t(p - bytes));
        ASSERT_EQ(mem.load64(destoff_p), want_off);
        ASSERT_EQ(mem.load32(st_p), want_st);
        ASSERT_EQ(mem.load32(cp_p), want_cp);
        if (want_st == 12) break;  // rejected: text stops here
      }
      for (size_t i = 3; i < want_off; ++i) ASSERT_EQ(mem.load16(dest + 2 * uint32_t(i)), want[i]) << s << " unit " << i;
    }
    // The one-shot decoder: the same units and stop point as a single stateful call.
    std::vector<uint16_t> want(2 * s.size() + 2);
    size_t want_off = 0;
    uint32_t cp = 0, st = 0;
    const uint8_t* p = reinterpret_cast<const uint8_t*>(s.data());
    _hs_text_decode_utf8_state(want.data(), &want_off, &p, p + s.size(), &cp, &st);
    put_bytes(src, s.data(), s.size());
    mem.store64(destoff_p, 0);
    uint64_t got = call("_hs_text_decode_utf8", {A(dest), A(destoff_p), A(src), A(uint32_t(src + s.size()))});
    EXPECT_EQ(got, src + uint64_t(p - reinterpret_cast<const uint8_t*>(s.data())));
    EXPECT_EQ(mem.load64(destoff_p), want_off);
  }
}

TEST_F(Packages, Latin1AndUtf8EncoderAgainstTextsC) {
  std::string latin = "caf\xe9 \xff\x80 plain";
  std::vector<uint16_t> want(latin.size());
  const uint8_t* b = reinterpret_cast<const uint8_t*>(latin.data());
  _hs_text_decode_latin1(want.data(), b, b + latin.size());
  put_bytes(kScratch, latin.data(), latin.size());
  call("_hs_text_decode_latin1", {A(kScratch + 0x1000), A(kScratch), A(uint32_t(kScratch + latin.size()))});
  for (size_t i = 0; i < latin.size(); ++i) EXPECT_EQ(mem.load16(kScratch + 0x1000 + 2 * uint32_t(i)), want[i]);

  // UTF-16 units: ASCII runs, 2- and 3-byte forms, a surrogate pair, from an offset.
  std::vector<uint16_t> units = {'x', 'y', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 0xe9, 0x20ac, 0xd83d,
                                 0xde00, 'z', 0x7ff, 0x800, 0xffff, 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y'};
  const uint32_t src = kScratch, dest = kScratch + 0x1000, destp = kScratch + 0x2000;
  put_bytes(src, units.data(), units.size() * 2);
  for (size_t off : {size_t(0), size_t(2), size_t(13)}) {
    std::vector<uint8_t> out(4 * units.size());
    uint8_t* d = out.data();
    _hs_text_encode_utf8(&d, units.data(), off, units.size() - off);
    mem.store64(destp, dest);
    call("_hs_text_encode_utf8", {A(destp), A(src), uint64_t(off), uint64_t(units.size() - off)});
    size_t n = size_t(d - out.data());
    EXPECT_EQ(mem.load64(destp), dest + n);
    EXPECT_EQ(get_bytes(dest, n), std::string(out.begin(), out.begin() + long(n)));
  }
}

TEST_F(Packages, TextArrayCopyAndCompare) {
  std::vector<uint16_t> a = {1, 2, 3, 4, 5, 6}, b = {9, 3, 4, 7};
  put_bytes(kScratch, a.data(), 12);
  put_bytes(kScratch + 0x100, b.data(), 8);
  EXPECT_EQ(call32("_hs_text_memcmp", {A(kScratch), 2u, A(kScratch + 0x100), 1u, 2u}), 0);
  EXPECT_LT(call32("_hs_text_memcmp", {A(kScratch), 2u, A(kScratch + 0x100), 1u, 3u}), 0);
  call("_hs_text_memcpy", {A(kScratch + 0x100), 1u, A(kScratch), 4u, 2u});
  EXPECT_EQ(mem.load16(kScratch + 0x102), 5);
  EXPECT_EQ(mem.load16(kScratch + 0x104), 6);
  EXPECT_EQ(mem.load16(kScratch + 0x106), 7);
}

TEST_F(Packages, Memchr) {
  put_bytes(kScratch, "hello\0world", 11);
  EXPECT_EQ(call("memchr", {A(kScratch), int('o'), 11ul}), kScratch + 4u);
  EXPECT_EQ(call("memchr", {A(kScratch), 0, 11ul}), kScratch + 5u);
  EXPECT_EQ(call("memchr", {A(kScratch), int('d'), 10ul}), 0u);
  EXPECT_EQ(call("memchr", {A(kScratch), 0x100 + 'w', 11ul}), kScratch + 6u);  // (unsigned char)c
  EXPECT_EQ(call("memchr", {A(0), int('x'), 0ul}), 0u);
}

TEST_F(Packages, TimeZoneIsUtcAndClockIsVirtual) {
  const uint32_t pdst = kScratch, pname = kScratch + 8;
  mem.store32(pdst, 7);
  EXPECT_EQ(icall("get_current_timezone_seconds", {1700000000L, A(pdst), A(pname)}), 0);
  EXPECT_EQ(mem.load32(pdst), 0u);
  EXPECT_EQ(get_string(uint32_t(mem.load64(pname))), "UTC");
  host.clock = 1234567891234ull;  // ns
  EXPECT_EQ(call32("gettimeofday", {A(kScratch + 16), A(0)}), 0);
  EXPECT_EQ(mem.load64(kScratch + 16), 1234u);
  EXPECT_EQ(mem.load64(kScratch + 24), 567891u);
}

}  // namespace
}  // namespace stgvm::test
