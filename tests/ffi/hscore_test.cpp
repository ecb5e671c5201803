// __hscore_* helpers: constants (the ABI's, natively also against the host headers), errno,
// struct stat read back through the accessors against host stat() of the same file, S_IS*
// against the host macros on real files of every kind the host has.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>

#if !defined(__wasm__)
#include <signal.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <termios.h>
#endif

#include "ffi/ffi_internal.h"
#include "ffi_test_util.h"

namespace stgvm::test {
namespace {

class Hscore : public FfiTest {};

TEST_F(Hscore, ConstantsAreTheAbis) {
  struct C {
    const char* name;
    int64_t value;
  } cases[] = {
      {"__hscore_bufsiz", abi::kBUFSIZ},         {"__hscore_o_binary", 0},
      {"__hscore_o_rdonly", abi::kO_RDONLY},     {"__hscore_o_wronly", abi::kO_WRONLY},
      {"__hscore_o_rdwr", abi::kO_RDWR},         {"__hscore_o_append", abi::kO_APPEND},
      {"__hscore_o_creat", abi::kO_CREAT},       {"__hscore_o_excl", abi::kO_EXCL},
      {"__hscore_o_trunc", abi::kO_TRUNC},       {"__hscore_o_noctty", abi::kO_NOCTTY},
      {"__hscore_o_nonblock", abi::kO_NONBLOCK}, {"__hscore_sizeof_stat", sizeof(abi::Stat)},
      {"__hscore_sizeof_termios", sizeof(abi::Termios)},
      {"__hscore_sizeof_sigset_t", abi::kSigsetBytes},
      {"__hscore_sizeof_siginfo_t", abi::kSiginfoBytes},
      {"__hscore_echo", abi::kECHO},             {"__hscore_tcsanow", abi::kTCSANOW},
      {"__hscore_icanon", abi::kICANON},         {"__hscore_vmin", abi::kVMIN},
      {"__hscore_vtime", abi::kVTIME},           {"__hscore_sigttou", abi::kSIGTTOU},
      {"__hscore_sig_block", abi::kSIG_BLOCK},   {"__hscore_sig_setmask", abi::kSIG_SETMASK},
      {"__hscore_f_getfl", abi::kF_GETFL},       {"__hscore_f_setfl", abi::kF_SETFL},
      {"__hscore_f_setfd", abi::kF_SETFD},       {"__hscore_fd_cloexec", abi::kFD_CLOEXEC},
      {"ghczuwrapperZC0ZCbaseZCSystemziPosixziInternalsZCSEEKzuEND", abi::kSEEK_END},
      {"ghczuwrapperZC1ZCbaseZCSystemziPosixziInternalsZCSEEKzuSET", abi::kSEEK_SET},
      {"ghczuwrapperZC2ZCbaseZCSystemziPosixziInternalsZCSEEKzuCUR", abi::kSEEK_CUR},
  };
  for (auto& c : cases) EXPECT_EQ(icall(c.name), c.value) << c.name;
  // x86_64 Linux glibc facts base relies on (the same on every target).
  EXPECT_EQ(icall("__hscore_sizeof_stat"), 144);
  EXPECT_EQ(icall("__hscore_sizeof_termios"), 60);
  EXPECT_EQ(icall("__hscore_sizeof_sigset_t"), 128);
  EXPECT_EQ(icall("__hscore_bufsiz"), 8192);
  EXPECT_EQ(icall("__hscore_o_creat"), 0100);
  EXPECT_EQ(icall("__hscore_o_nonblock"), 04000);
  EXPECT_EQ(icall("__hscore_f_getfl"), 3);
#if !defined(__wasm__)
  // Natively the ABI is the host's.
  const int64_t host[] = {BUFSIZ, 0, O_RDONLY, O_WRONLY, O_RDWR, O_APPEND, O_CREAT, O_EXCL, O_TRUNC, O_NOCTTY,
                          O_NONBLOCK, sizeof(struct stat), sizeof(struct termios), sizeof(sigset_t),
                          sizeof(siginfo_t), ECHO, TCSANOW, ICANON, VMIN, VTIME, SIGTTOU, SIG_BLOCK, SIG_SETMASK,
                          F_GETFL, F_SETFL, F_SETFD, FD_CLOEXEC, SEEK_END, SEEK_SET, SEEK_CUR};
  static_assert(std::size(host) == std::size(cases));
  for (size_t i = 0; i < std::size(host); ++i) EXPECT_EQ(cases[i].value, host[i]) << cases[i].name;
#endif
}

// What base asks about the standard streams when it makes stdin/stdout/stderr: fstat (the
// device type: a character device, FIFO or file is a Stream or RegularFile), isatty (line or
// block buffering), fcntl F_GETFL (O_NONBLOCK), all in the ABI's values on both targets.
TEST_F(Hscore, StandardStreamsAsBaseSeesThem) {
  uint32_t buf = kScratch + 0x1000;
  for (int fd = 0; fd < 3; ++fd) {
    if (call32("__hscore_fstat", {fd, A(buf)}) != 0) continue;  // not open here
    uint32_t type = uint32_t(call("__hscore_st_mode", {A(buf)})) & abi::kS_IFMT;
    EXPECT_TRUE(type == abi::kS_IFCHR || type == abi::kS_IFIFO || type == abi::kS_IFREG || type == abi::kS_IFSOCK)
        << fd << ": " << type;
    ctx.errno_value = 0;
    int tty = call32("isatty", {fd});
    EXPECT_TRUE(tty == 0 || tty == 1) << fd;
    if (tty == 0) {
      EXPECT_EQ(ctx.errno_value, abi::kENOTTY) << fd;
    }
    EXPECT_EQ(tty, ::isatty(fd) ? 1 : 0) << fd;
    int fl = call32("fcntl", {fd, abi::kF_GETFL});
    ASSERT_GE(fl, 0) << fd;
    EXPECT_LE(fl & abi::kO_ACCMODE, abi::kO_RDWR) << fd;
    EXPECT_EQ(fl & ~(abi::kO_ACCMODE | abi::kO_APPEND | abi::kO_NONBLOCK | abi::kO_LARGEFILE | abi::kO_DSYNC |
                     abi::kO_SYNC | abi::kO_ASYNC | abi::kO_DIRECT | abi::kO_NOATIME | abi::kO_CREAT | abi::kO_TRUNC),
              0)
        << fd << ": " << fl;
  }
  EXPECT_EQ(icall("__hscore_bufsiz"), 8192);
}

TEST_F(Hscore, Errno) {
  EXPECT_EQ(call32("__hscore_get_errno"), 0);
  call("__hscore_set_errno", {abi::kEAGAIN});
  EXPECT_EQ(ctx.errno_value, abi::kEAGAIN);
  EXPECT_EQ(call32("__hscore_get_errno"), abi::kEAGAIN);
  call("__hscore_set_errno", {-5});
  EXPECT_EQ(call32("__hscore_get_errno"), -5);
}

class HscoreFiles : public Hscore {
 protected:
  void SetUp() override {
    ASSERT_TRUE(tmp.ok());
    dir = tmp.path();
  }
  void TearDown() override { ctx.state.reset(); }
  // Fields read through the accessors equal the host's stat of the same file.
  void expect_fields(uint32_t buf, const struct stat& s) {
    EXPECT_EQ(icall("__hscore_st_mtime", {A(buf)}), int64_t(s.st_mtime));
    EXPECT_EQ(icall("__hscore_st_size", {A(buf)}), int64_t(s.st_size));
    // The file type only, on both targets (WASI reports no permission bits, ffi/hscore.cpp);
    // WASI's pipes are FIFOs to the program (ffi/host_wasi.cpp).
    EXPECT_EQ(call("__hscore_st_mode", {A(buf)}), S_ISFIFO(s.st_mode) ? abi::kS_IFIFO : uint64_t(s.st_mode & S_IFMT));
    // What WASI cannot report reads 0 on both targets.
    abi::Stat image = load_struct<abi::Stat>(mem, buf);
    EXPECT_EQ(image.st_uid, 0u);
    EXPECT_EQ(image.st_gid, 0u);
    EXPECT_EQ(image.st_rdev, 0u);
    EXPECT_EQ(image.st_blksize, 0);
    EXPECT_EQ(image.st_blocks, 0);
    EXPECT_EQ(call("__hscore_st_dev", {A(buf)}), uint64_t(s.st_dev));
    EXPECT_EQ(call("__hscore_st_ino", {A(buf)}), uint64_t(s.st_ino));
  }
  TempDir tmp;
  std::string dir;
};

TEST_F(HscoreFiles, StatFstatLstat) {
  std::string f = dir + "/file";
  std::ofstream(f) << std::string(12345, 'x');
  std::string l = dir + "/link";
  ASSERT_EQ(::symlink("file", l.c_str()), 0);  // relative: WASI refuses absolute link targets
  uint32_t buf = kScratch + 0x1000;
  struct stat hs;

  ASSERT_EQ(call32("__hscore_stat", {A(put_string(kScratch, f)), A(buf)}), 0);
  ASSERT_EQ(::stat(f.c_str(), &hs), 0);
  expect_fields(buf, hs);
  EXPECT_EQ(icall("__hscore_st_size", {A(buf)}), 12345);

  // stat follows the link, lstat does not.
  ASSERT_EQ(call32("__hscore_stat", {A(put_string(kScratch, l)), A(buf)}), 0);
  expect_fields(buf, hs);
  ASSERT_EQ(call32("__hscore_lstat", {A(put_string(kScratch, l)), A(buf)}), 0);
  ASSERT_EQ(::lstat(l.c_str(), &hs), 0);
  expect_fields(buf, hs);
  EXPECT_EQ(call("__hscore_st_mode", {A(buf)}) & abi::kS_IFMT, abi::kS_IFLNK);

  int fd = call32("__hscore_open", {A(put_string(kScratch, f)), abi::kO_RDONLY, 0u});
  ASSERT_GE(fd, 0);
  ASSERT_EQ(call32("__hscore_fstat", {fd, A(buf)}), 0);
  ASSERT_EQ(::fstat(host_fd(ctx, fd), &hs), 0);
  expect_fields(buf, hs);
#if !defined(__wasm__)
  // The struct image is the host's, less what WASI cannot report (zero).
  hs.st_mode &= S_IFMT;
  hs.st_uid = hs.st_gid = 0;
  hs.st_rdev = 0;
  hs.st_blksize = hs.st_blocks = 0;
  EXPECT_EQ(get_bytes(buf, sizeof hs), std::string(reinterpret_cast<char*>(&hs), sizeof hs));
#endif
  // The ABI's layout: st_size at 48, st_mtime at 88.
  EXPECT_EQ(int64_t(mem.load64(buf + 48)), 12345);
  EXPECT_EQ(int64_t(mem.load64(buf + 88)), int64_t(hs.st_mtime));

  // The standard streams (base's fdStat on them) are character devices, FIFOs or files.
  for (int std_fd = 0; std_fd < 3; ++std_fd) {
    if (call32("__hscore_fstat", {std_fd, A(buf)}) != 0) continue;  // not open here
    uint64_t type = call("__hscore_st_mode", {A(buf)}) & abi::kS_IFMT;
    EXPECT_TRUE(type == abi::kS_IFCHR || type == abi::kS_IFIFO || type == abi::kS_IFREG ||
                type == abi::kS_IFSOCK)
        << std_fd << ": " << type;
  }

  ctx.errno_value = 0;
  EXPECT_EQ(call32("__hscore_stat", {A(put_string(kScratch, dir + "/none")), A(buf)}), -1);
  EXPECT_EQ(ctx.errno_value, abi::kENOENT);
  EXPECT_FAULT(call("__hscore_stat", {A(put_string(kScratch, f)), A(kMemBytes - 64)}));
}

TEST_F(HscoreFiles, Ftruncate) {
  std::string f = dir + "/t";
  std::ofstream(f) << "0123456789";
  int fd = call32("__hscore_open", {A(put_string(kScratch, f)), abi::kO_RDWR, 0u});
  EXPECT_EQ(call32("__hscore_ftruncate", {fd, 4L}), 0);
  struct stat hs;
  ASSERT_EQ(::stat(f.c_str(), &hs), 0);
  EXPECT_EQ(hs.st_size, 4);
  EXPECT_EQ(call32("__hscore_ftruncate", {fd, -1L}), -1);
  EXPECT_EQ(ctx.errno_value, abi::kEINVAL);
}

// The S_IS* capi wrappers on every file type's st_mode (the ABI's values).
TEST_F(Hscore, ModePredicatesOnEveryType) {
  const uint32_t types[] = {abi::kS_IFREG, abi::kS_IFDIR, abi::kS_IFCHR, abi::kS_IFBLK,
                            abi::kS_IFIFO, abi::kS_IFSOCK, abi::kS_IFLNK};
  const char* names[] = {"S_ISREG", "S_ISDIR", "S_ISCHR", "S_ISBLK", "S_ISFIFO", "S_ISSOCK", "S_ISLNK"};
  for (size_t t = 0; t < std::size(types); ++t)
    for (size_t p = 0; p < std::size(names); ++p)
      EXPECT_EQ(call32(names[p], {unsigned(types[t] | 0644)}), t == p ? 1 : 0) << names[p] << " " << types[t];
}

#if !defined(__wasm__)  // FIFOs, sockets and /dev/null on the host (WASI has none of them)
// S_IS* capi wrappers on the st_mode of a regular file, a directory, a FIFO, a character
// device, a socket and a symlink, against the host macros.
TEST_F(HscoreFiles, ModePredicates) {
  std::vector<std::string> paths = {dir + "/reg", dir, dir + "/fifo", "/dev/null", dir + "/sock", dir + "/lnk"};
  std::ofstream(paths[0]) << "x";
  ASSERT_EQ(::mkfifo(paths[2].c_str(), 0600), 0);
  int s = ::socket(AF_UNIX, SOCK_STREAM, 0);
  struct sockaddr_un sa = {};
  sa.sun_family = AF_UNIX;
  std::snprintf(sa.sun_path, sizeof sa.sun_path, "%s", paths[4].c_str());
  ASSERT_EQ(::bind(s, reinterpret_cast<struct sockaddr*>(&sa), sizeof sa), 0);
  ASSERT_EQ(::symlink(paths[0].c_str(), paths[5].c_str()), 0);
  const char* kBase = "ghczuwrapperZC%dZCbaseZCSystemziPosixziInternalsZCSzuIS%s";
  struct P {
    int n;
    const char* what;
    bool (*host)(mode_t);
  } preds[] = {
      {8, "REG", [](mode_t m) { return bool(S_ISREG(m)); }},   {7, "CHR", [](mode_t m) { return bool(S_ISCHR(m)); }},
      {6, "BLK", [](mode_t m) { return bool(S_ISBLK(m)); }},   {5, "DIR", [](mode_t m) { return bool(S_ISDIR(m)); }},
      {4, "FIFO", [](mode_t m) { return bool(S_ISFIFO(m)); }}, {3, "SOCK", [](mode_t m) { return bool(S_ISSOCK(m)); }},
  };
  int hits = 0;
  for (const auto& p : paths) {
    struct stat st;
    ASSERT_EQ(::lstat(p.c_str(), &st), 0) << p;
    for (auto& pr : preds) {
      char label[128];
      std::snprintf(label, sizeof label, kBase, pr.n, pr.what);
      int32_t r = call32(label, {unsigned(st.st_mode)});
      EXPECT_EQ(r != 0, pr.host(st.st_mode)) << label << " " << p;
      hits += r != 0;
    }
    EXPECT_EQ(call32("S_ISLNK", {unsigned(st.st_mode)}) != 0, bool(S_ISLNK(st.st_mode)));
  }
  EXPECT_EQ(hits, 5);  // one kind each, the symlink none
  ::close(s);
  // Block devices, if the host has one.
  struct stat st;
  if (::stat("/dev/loop0", &st) == 0 && S_ISBLK(st.st_mode)) {
    EXPECT_EQ(call32("S_ISBLK", {unsigned(st.st_mode)}), 1);
  }
  EXPECT_EQ(call32("S_ISBLK", {unsigned(S_IFBLK | 0600)}), 1);
}
#endif

TEST_F(Hscore, TermiosAccessorsUseTheAbisOffsets) {
  abi::Termios t{};
  t.c_lflag = 0x12345678;
  t.c_cc[abi::kVMIN] = 9;
  put_bytes(kScratch, &t, sizeof t);
  EXPECT_EQ(call("__hscore_lflag", {A(kScratch)}), 0x12345678u);
  call("__hscore_poke_lflag", {A(kScratch), 0xCAFEu});
  std::memcpy(&t, mem.span(kScratch, sizeof t), sizeof t);
  EXPECT_EQ(t.c_lflag, 0xCAFEu);
  EXPECT_EQ(t.c_cc[abi::kVMIN], 9);
  EXPECT_EQ(mem.load32(kScratch + 12), 0xCAFEu);  // c_lflag at 12, c_cc at 17
  EXPECT_EQ(call("__hscore_ptr_c_cc", {A(kScratch)}), kScratch + 17u);
#if !defined(__wasm__)
  EXPECT_EQ(offsetof(struct termios, c_cc), 17u);
  EXPECT_EQ(offsetof(struct termios, c_lflag), 12u);
#endif
}

TEST_F(Hscore, SavedTermiosSlots) {
  for (int fd = 0; fd < 3; ++fd) EXPECT_EQ(call("__hscore_get_saved_termios", {fd}), 0u);
  call("__hscore_set_saved_termios", {1, A(kScratch)});
  EXPECT_EQ(call("__hscore_get_saved_termios", {1}), kScratch);
  EXPECT_EQ(call("__hscore_get_saved_termios", {0}), 0u);
  call("__hscore_set_saved_termios", {3, A(kScratch)});  // ignored, as in rts/posix/TTY.c
  EXPECT_EQ(call("__hscore_get_saved_termios", {3}), 0u);
  EXPECT_EQ(call("__hscore_get_saved_termios", {-1}), 0u);
}

}  // namespace
}  // namespace stgvm::test
