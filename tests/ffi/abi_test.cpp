// The program's ABI (ffi/abi.h) and the host seam (ffi/host.h): glibc's strerror texts, the
// locale codesets, and (natively) that the ABI's values are the host's.
#include <cerrno>
#include <cstring>

#include "ffi/host.h"
#include "ffi_test_util.h"

namespace stgvm::test {
namespace {

TEST(Abi, GlibcStrerror) {
  EXPECT_EQ(abi::glibc_strerror(0), "Success");
  EXPECT_EQ(abi::glibc_strerror(abi::kENOENT), "No such file or directory");
  EXPECT_EQ(abi::glibc_strerror(abi::kEAGAIN), "Resource temporarily unavailable");
  EXPECT_EQ(abi::glibc_strerror(abi::kEHWPOISON), "Memory page has hardware error");
  EXPECT_EQ(abi::glibc_strerror(41), "Unknown error 41");  // a gap in Linux's numbering
  EXPECT_EQ(abi::glibc_strerror(134), "Unknown error 134");
  EXPECT_EQ(abi::glibc_strerror(-7), "Unknown error -7");
  EXPECT_EQ(host::strerror(abi::kEPIPE), "Broken pipe");
#if !defined(__wasm__)
  for (int e = -5; e < 300; ++e) EXPECT_EQ(abi::glibc_strerror(e), std::string(strerror(e))) << e;
#endif
}

TEST(Abi, ErrnoValuesAreLinuxs) {
  EXPECT_EQ(abi::kEPERM, 1);
  EXPECT_EQ(abi::kENOENT, 2);
  EXPECT_EQ(abi::kEINTR, 4);
  EXPECT_EQ(abi::kEBADF, 9);
  EXPECT_EQ(abi::kEAGAIN, 11);
  EXPECT_EQ(abi::kEINVAL, 22);
  EXPECT_EQ(abi::kENOTTY, 25);
  EXPECT_EQ(abi::kEPIPE, 32);
  EXPECT_EQ(abi::kENOSYS, 38);
  EXPECT_EQ(abi::kEILSEQ, 84);
}

TEST(Abi, LocaleCodesetsOfTheBuiltinLocales) {
  EXPECT_EQ(host::locale_codeset("C"), "ANSI_X3.4-1968");
  EXPECT_EQ(host::locale_codeset("POSIX"), "ANSI_X3.4-1968");
  EXPECT_EQ(host::locale_codeset("C.UTF-8"), "UTF-8");
  EXPECT_EQ(host::locale_codeset("C.utf8"), "UTF-8");
  EXPECT_EQ(host::locale_codeset("xx_YY.NOPE"), "ANSI_X3.4-1968");
}

// On wasm32 a failing host call reports Linux's errno, not WASI's (ENOENT is 44 there).
TEST(Abi, HostErrnoIsTheAbis) {
  abi::Stat st;
  EXPECT_EQ(host::stat("/tmp/stgvm-no-such-file/x", &st), -abi::kENOENT);
  EXPECT_EQ(host::fstat(12345, &st), -abi::kEBADF);
  EXPECT_EQ(host::close(12345), -abi::kEBADF);
}

}  // namespace
}  // namespace stgvm::test
