// memcpy/memmove/memset/memcmp/strlen/strerror and the malloc-family shims, against the host
// libc on the same bytes.
#include <cerrno>
#include <random>

#include "ffi_test_util.h"

namespace stgvm::test {
namespace {

class LibcMemory : public FfiTest {};

TEST_F(LibcMemory, MemcpyAndMemmoveMatchHostMemmove) {
  std::mt19937 rng(7);
  std::vector<uint8_t> ref(512);
  for (auto& b : ref) b = uint8_t(rng());
  for (const char* fn : {"memcpy", "memmove"}) {
    for (int trial = 0; trial < 50; ++trial) {
      put_bytes(kScratch, ref.data(), ref.size());
      std::vector<uint8_t> host = ref;
      uint32_t d = uint32_t(rng() % 256), s = uint32_t(rng() % 256), n = uint32_t(rng() % 256);
      if (std::string(fn) == "memcpy" && ((d < s + n) && (s < d + n))) continue;  // UB natively
      EXPECT_EQ(call(fn, {A(kScratch + d), A(kScratch + s), n}), kScratch + d);
      std::memmove(host.data() + d, host.data() + s, n);
      EXPECT_EQ(get_bytes(kScratch, 512), std::string(host.begin(), host.end())) << fn;
    }
  }
}

TEST_F(LibcMemory, ZeroLengthNeedsNoValidPointer) {
  EXPECT_EQ(call("memcpy", {A(0), A(0), 0u}), 0u);
  EXPECT_EQ(call("memmove", {A(0), A(16), 0u}), 0u);
  EXPECT_EQ(call("memset", {A(0), 0, 0u}), 0u);
  EXPECT_EQ(call("memcmp", {A(0), A(0), 0u}), 0u);
}

TEST_F(LibcMemory, BadPointersFault) {
  EXPECT_FAULT(call("memcpy", {A(0x100), A(kScratch), 4u}));       // guard page
  EXPECT_FAULT(call("memcpy", {A(kScratch), A(kMemBytes - 2), 4u}));  // past the end
  EXPECT_FAULT(call("memset", {A(kMemBytes - 8), 0, 16u}));
  EXPECT_FAULT(call("memcpy", {A(kScratch), A(kScratch), uint64_t(1) << 33}));
  EXPECT_FAULT(call("strlen", {A(8)}));
}

TEST_F(LibcMemory, Memset) {
  std::vector<uint8_t> host(64, 0x11);
  put_bytes(kScratch, host.data(), 64);
  EXPECT_EQ(call("memset", {A(kScratch + 3), 0x1AB, 40u}), kScratch + 3);  // int converted to unsigned char
  std::memset(host.data() + 3, 0x1AB, 40);
  EXPECT_EQ(get_bytes(kScratch, 64), std::string(host.begin(), host.end()));
}

TEST_F(LibcMemory, MemcmpSignMatchesHost) {
  const std::pair<std::string, std::string> pairs[] = {{"abc", "abd"},
                                                       {"abd", "abc"},
                                                       {"sam", "sam"},
                                                       {std::string("\x80\0\0", 3), std::string("\x01\0\0", 3)},
                                                       {std::string("a\0b", 3), std::string("a\0c", 3)}};
  for (auto& [x, y] : pairs) {
    put_bytes(kScratch, x.data(), 3);
    put_bytes(kScratch + 16, y.data(), 3);
    int h = std::memcmp(x.data(), y.data(), 3);
    int expect = h < 0 ? -1 : h > 0 ? 1 : 0;
    EXPECT_EQ(call32("memcmp", {A(kScratch), A(kScratch + 16), 3u}), expect);
  }
}

TEST_F(LibcMemory, StrlenMatchesHost) {
  for (const std::string& s : std::vector<std::string>{"", "a", "hello, world", std::string(1000, 'x')}) {
    put_string(kScratch, s);
    EXPECT_EQ(call("strlen", {A(kScratch)}), std::strlen(s.c_str()));
  }
}

// glibc's texts (natively also checked against the host's strerror), one C-heap copy each.
TEST_F(LibcMemory, StrerrorIsGlibcsAndIsStable) {
  const std::pair<int, const char*> cases[] = {
      {0, "Success"},
      {abi::kEPERM, "Operation not permitted"},
      {abi::kENOENT, "No such file or directory"},
      {abi::kEBADF, "Bad file descriptor"},
      {abi::kEAGAIN, "Resource temporarily unavailable"},
      {abi::kENOTTY, "Inappropriate ioctl for device"},
      {abi::kENOSYS, "Function not implemented"},
      {abi::kEILSEQ, "Invalid or incomplete multibyte or wide character"},
      {9999, "Unknown error 9999"},
      {-1, "Unknown error -1"},
  };
  for (auto [e, text] : cases) {
    uint32_t p = uint32_t(call("strerror", {e}));
    ASSERT_NE(p, 0u);
    EXPECT_EQ(get_string(p), text) << e;
#if !defined(__wasm__)
    EXPECT_EQ(get_string(p), std::string(strerror(e))) << e;
#endif
    EXPECT_GE(p, kHeap);
    EXPECT_EQ(call("strerror", {e}), p);
  }
}

TEST_F(LibcMemory, MallocFamily) {
  uint32_t a = uint32_t(call("malloc", {100u}));
  EXPECT_NE(a, 0u);
  EXPECT_EQ(a % 16, 0u);
  EXPECT_EQ(cheap.block_size(a), 112u);
  uint32_t z = uint32_t(call("malloc", {0u}));
  EXPECT_NE(z, 0u);
  EXPECT_NE(z, a);
  std::memset(mem.span(a, 100), 0x5A, 100);
  uint32_t b = uint32_t(call("realloc", {A(a), 300u}));
  ASSERT_NE(b, 0u);
  for (uint32_t i = 0; i < 100; ++i) ASSERT_EQ(mem.load8(b + i), 0x5A);
  uint32_t c = uint32_t(call("calloc", {10u, 10u}));
  ASSERT_NE(c, 0u);
  for (uint32_t i = 0; i < 100; ++i) ASSERT_EQ(mem.load8(c + i), 0);
  EXPECT_EQ(call("free", {A(b)}), 0u);
  EXPECT_EQ(cheap.block_size(b), 0u);
  EXPECT_EQ(call("free", {A(0)}), 0u);
  EXPECT_EQ(call("realloc", {A(0), 16u}) % 16, 0u);

  ctx.errno_value = 0;
  EXPECT_EQ(call("malloc", {uint64_t(kHeapSize) + 1}), 0u);
  EXPECT_EQ(ctx.errno_value, abi::kENOMEM);
  ctx.errno_value = 0;
  EXPECT_EQ(call("calloc", {uint64_t(1) << 40, uint64_t(1) << 40}), 0u);
  EXPECT_EQ(ctx.errno_value, abi::kENOMEM);
}

TEST_F(LibcMemory, FreeOfAForeignPointerIsReported) {
  uint32_t a = uint32_t(call("malloc", {32u}));
  call("free", {A(a)});
  const ForeignSymbol* f = find_foreign("free");
  uint64_t slot = a;
  CRep rep = CRep::Addr;
  ForeignCall c{&slot, &rep, 1, CRep::Void};
  call_foreign(*f, ctx, c);
  EXPECT_NE(ctx.failure.find("double free"), std::string::npos) << ctx.failure;
  ctx.failure.clear();
  uint64_t slots[] = {kScratch, 8};
  CRep reps[] = {CRep::Addr, CRep::Word};
  call_foreign(*find_foreign("realloc"), ctx, ForeignCall{slots, reps, 2, CRep::Addr});
  EXPECT_NE(ctx.failure.find("realloc"), std::string::npos);
}

}  // namespace
}  // namespace stgvm::test
