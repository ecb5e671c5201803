// __hsbase_MD5* shims with the context, data and digest in linear memory: RFC 1321's test
// suite (appendix A.5), chunked updates, and bad pointers.
#include <cstdio>

#include "ffi_test_util.h"

namespace stgvm::test {
namespace {

class Md5 : public FfiTest {
 protected:
  std::string hex_digest(const std::vector<std::string>& chunks) {
    uint32_t ctxp = kScratch, data = kScratch + 0x100, out = kScratch + 0x80;
    std::memset(mem.span(ctxp, 88), 0xEE, 88);
    call("__hsbase_MD5Init", {A(ctxp)});
    for (const std::string& c : chunks) {
      put_bytes(data, c.data(), c.size());
      call("__hsbase_MD5Update", {A(ctxp), A(data), int(c.size())});
    }
    call("__hsbase_MD5Final", {A(out), A(ctxp)});
    std::string h;
    char b[3];
    for (int i = 0; i < 16; ++i) {
      std::snprintf(b, sizeof b, "%02x", mem.load8(out + uint32_t(i)));
      h += b;
    }
    return h;
  }
};

// RFC 1321, A.5 Test suite.
TEST_F(Md5, Rfc1321Vectors) {
  struct V {
    std::string in, md5;
  } vs[] = {
      {"", "d41d8cd98f00b204e9800998ecf8427e"},
      {"a", "0cc175b9c0f1b6a831c399e269772661"},
      {"abc", "900150983cd24fb0d6963f7d28e17f72"},
      {"message digest", "f96b697d7cb7938d525a2f31aaf161d0"},
      {"abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"},
      {"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "d174ab98d277d9f5a5611c2c9f419d9f"},
      {"12345678901234567890123456789012345678901234567890123456789012345678901234567890",
       "57edf4a22be3c955ac49da2e2107b67a"},
  };
  for (const V& v : vs) {
    EXPECT_EQ(hex_digest({v.in}), v.md5) << v.in;
    // The same message in uneven chunks (exercises md5.c's buffering across updates).
    std::vector<std::string> chunks;
    for (size_t i = 0, k = 1; i < v.in.size(); i += k, k = k * 3 % 17 + 1) chunks.push_back(v.in.substr(i, k));
    EXPECT_EQ(hex_digest(chunks), v.md5) << v.in;
  }
}

TEST_F(Md5, ContextLivesInLinearMemory) {
  call("__hsbase_MD5Init", {A(kScratch)});
  // MD5Init's constants, little-endian, in buf[0..3]; byte counts zero.
  EXPECT_EQ(mem.load32(kScratch), 0x67452301u);
  EXPECT_EQ(mem.load32(kScratch + 4), 0xefcdab89u);
  EXPECT_EQ(mem.load32(kScratch + 8), 0x98badcfeu);
  EXPECT_EQ(mem.load32(kScratch + 12), 0x10325476u);
  EXPECT_EQ(mem.load64(kScratch + 16), 0u);
  put_string(kScratch + 0x100, "abc");
  call("__hsbase_MD5Update", {A(kScratch), A(kScratch + 0x100), 3});
  EXPECT_EQ(mem.load32(kScratch + 16), 3u);
}

TEST_F(Md5, BadPointersFault) {
  EXPECT_FAULT(call("__hsbase_MD5Init", {A(kMemBytes - 40)}));
  call("__hsbase_MD5Init", {A(kScratch)});
  EXPECT_FAULT(call("__hsbase_MD5Update", {A(kScratch), A(kMemBytes - 2), 8}));
  EXPECT_FAULT(call("__hsbase_MD5Update", {A(kScratch), A(kScratch + 0x100), -1}));
  EXPECT_FAULT(call("__hsbase_MD5Final", {A(0x20), A(kScratch)}));
  // Zero-length update with any pointer is fine.
  call("__hsbase_MD5Update", {A(kScratch), A(0), 0});
}

}  // namespace
}  // namespace stgvm::test
