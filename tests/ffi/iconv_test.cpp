// hs_iconv_open/hs_iconv/hs_iconv_close against the host's iconv on the same input, with the
// char** / size_t* arguments in linear memory as GHC.IO.Encoding.Iconv passes them.
#include <iconv.h>

#include <cerrno>

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

TEST_F(Iconv, ConversionsMatchHost) {
  struct Case {
    const char* to;
    const char* from;
    std::string in;
    uint64_t outsize;
  } cases[] = {
      {"UTF-32LE", "UTF-8", "h\xC3\xA9llo \xE2\x82\xAC \xF0\x9F\x98\x80", 256},  // complete
      {"UTF-32LE", "UTF-8", "abcdef", 12},                                       // E2BIG after 3
      {"UTF-32LE", "UTF-8", "ab\xFF" "cd", 256},                                  // EILSEQ at 2
      {"UTF-32LE", "UTF-8", "ab\xE2\x82", 256},                                   // EINVAL: truncated
      {"UTF-8", "UTF-32LE", std::string("A\0\0\0\xAC\x20\0\0", 8), 256},
      {"ANSI_X3.4-1968", "UTF-32LE", std::string("A\0\0\0\xE9\0\0\0", 8), 256},  // unencodable
      {"UTF-8", "ISO-8859-1", "caf\xE9", 256},
  };
  for (auto& c : cases) {
    int64_t h = open(c.to, c.from);
    ASSERT_GT(h, 0) << c.to << " <- " << c.from;
    expect_same(convert(h, c.in, c.outsize), host_convert(c.to, c.from, c.in, c.outsize));
    EXPECT_EQ(call32("hs_iconv_close", {h}), 0);
  }
}

TEST_F(Iconv, HandlesAreSmallAndReused) {
  int64_t a = open("UTF-8", "UTF-32LE"), b = open("UTF-32LE", "UTF-8");
  EXPECT_EQ(a, 1);
  EXPECT_EQ(b, 2);
  EXPECT_EQ(call32("hs_iconv_close", {a}), 0);
  EXPECT_EQ(open("UTF-8", "UTF-16LE"), 1);
  EXPECT_EQ(call32("hs_iconv_close", {a}), 0);
  EXPECT_EQ(call32("hs_iconv_close", {a}), -1);  // already closed
  EXPECT_EQ(ctx.errno_value, EBADF);
  EXPECT_EQ(call32("hs_iconv_close", {77}), -1);
  EXPECT_EQ(icall("hs_iconv", {77, A(kInPtr), A(kInLeft), A(kOutPtr), A(kOutLeft)}), -1);
  EXPECT_EQ(ctx.errno_value, EBADF);
}

TEST_F(Iconv, UnknownEncodingFailsLikeHost) {
  EXPECT_EQ(open("NO-SUCH-CHARSET", "UTF-8"), -1);
  errno = 0;
  EXPECT_EQ(iconv_open("NO-SUCH-CHARSET", "UTF-8"), iconv_t(-1));
  EXPECT_EQ(ctx.errno_value, errno);
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
  EXPECT_THROW(call("hs_iconv", {h, A(kInPtr), A(kInLeft), A(kOutPtr), A(kOutLeft)}), MemoryFault);
  mem.store64(kInPtr, 0x100000000ull + kIn);  // a slot holding a non-32-bit pointer
  EXPECT_THROW(call("hs_iconv", {h, A(kInPtr), A(kInLeft), A(kOutPtr), A(kOutLeft)}), MemoryFault);
}

}  // namespace
}  // namespace stgvm::test
