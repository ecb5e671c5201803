// __hscore_* helpers: constants against the host headers, errno, struct stat read back
// through the accessors against host stat() of the same file, S_IS* against the host macros
// on real files of every kind.
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>

#include "ffi/ffi_internal.h"
#include "ffi_test_util.h"

namespace stgvm::test {
namespace {

class Hscore : public FfiTest {};

TEST_F(Hscore, ConstantsAreTheHosts) {
  struct C {
    const char* name;
    int64_t value;
  } cases[] = {
      {"__hscore_bufsiz", BUFSIZ},          {"__hscore_o_binary", 0},
      {"__hscore_o_rdonly", O_RDONLY},      {"__hscore_o_wronly", O_WRONLY},
      {"__hscore_o_rdwr", O_RDWR},          {"__hscore_o_append", O_APPEND},
      {"__hscore_o_creat", O_CREAT},        {"__hscore_o_excl", O_EXCL},
      {"__hscore_o_trunc", O_TRUNC},        {"__hscore_o_noctty", O_NOCTTY},
      {"__hscore_o_nonblock", O_NONBLOCK},  {"__hscore_sizeof_stat", sizeof(struct stat)},
      {"__hscore_sizeof_termios", sizeof(struct termios)},
      {"__hscore_sizeof_sigset_t", sizeof(sigset_t)},
      {"__hscore_sizeof_siginfo_t", sizeof(siginfo_t)},
      {"__hscore_echo", ECHO},              {"__hscore_tcsanow", TCSANOW},
      {"__hscore_icanon", ICANON},          {"__hscore_vmin", VMIN},
      {"__hscore_vtime", VTIME},            {"__hscore_sigttou", SIGTTOU},
      {"__hscore_sig_block", SIG_BLOCK},    {"__hscore_sig_setmask", SIG_SETMASK},
      {"__hscore_f_getfl", F_GETFL},        {"__hscore_f_setfl", F_SETFL},
      {"__hscore_f_setfd", F_SETFD},        {"__hscore_fd_cloexec", FD_CLOEXEC},
      {"ghczuwrapperZC0ZCbaseZCSystemziPosixziInternalsZCSEEKzuEND", SEEK_END},
      {"ghczuwrapperZC1ZCbaseZCSystemziPosixziInternalsZCSEEKzuSET", SEEK_SET},
      {"ghczuwrapperZC2ZCbaseZCSystemziPosixziInternalsZCSEEKzuCUR", SEEK_CUR},
  };
  for (auto& c : cases) EXPECT_EQ(icall(c.name), c.value) << c.name;
  // x86_64 glibc facts base relies on.
  EXPECT_EQ(icall("__hscore_sizeof_stat"), 144);
  EXPECT_EQ(icall("__hscore_sizeof_termios"), 60);
  EXPECT_EQ(icall("__hscore_sizeof_sigset_t"), 128);
}

TEST_F(Hscore, Errno) {
  EXPECT_EQ(call32("__hscore_get_errno"), 0);
  call("__hscore_set_errno", {EAGAIN});
  EXPECT_EQ(ctx.errno_value, EAGAIN);
  EXPECT_EQ(call32("__hscore_get_errno"), EAGAIN);
  call("__hscore_set_errno", {-5});
  EXPECT_EQ(call32("__hscore_get_errno"), -5);
}

class HscoreFiles : public Hscore {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/stgvm-ffi-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir = tmpl;
  }
  void TearDown() override {
    ctx.state.reset();
    std::string cmd = "rm -rf '" + dir + "'";
    ASSERT_EQ(std::system(cmd.c_str()), 0);
  }
  // Fields read through the accessors equal the host's stat of the same file.
  void expect_fields(uint32_t buf, const struct stat& s) {
    EXPECT_EQ(icall("__hscore_st_mtime", {A(buf)}), int64_t(s.st_mtime));
    EXPECT_EQ(icall("__hscore_st_size", {A(buf)}), int64_t(s.st_size));
    EXPECT_EQ(call("__hscore_st_mode", {A(buf)}), uint64_t(s.st_mode));
    EXPECT_EQ(call("__hscore_st_dev", {A(buf)}), uint64_t(s.st_dev));
    EXPECT_EQ(call("__hscore_st_ino", {A(buf)}), uint64_t(s.st_ino));
  }
  std::string dir;
};

TEST_F(HscoreFiles, StatFstatLstat) {
  std::string f = dir + "/file";
  std::ofstream(f) << std::string(12345, 'x');
  std::string l = dir + "/link";
  ASSERT_EQ(::symlink(f.c_str(), l.c_str()), 0);
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
  EXPECT_TRUE(S_ISLNK(uint32_t(call("__hscore_st_mode", {A(buf)}))));

  int fd = call32("__hscore_open", {A(put_string(kScratch, f)), O_RDONLY, 0u});
  ASSERT_GE(fd, 0);
  ASSERT_EQ(call32("__hscore_fstat", {fd, A(buf)}), 0);
  ASSERT_EQ(::fstat(host_fd(ctx, fd), &hs), 0);
  expect_fields(buf, hs);
  // The whole struct image is the host's.
  EXPECT_EQ(get_bytes(buf, sizeof hs), std::string(reinterpret_cast<char*>(&hs), sizeof hs));

  ctx.errno_value = 0;
  EXPECT_EQ(call32("__hscore_stat", {A(put_string(kScratch, dir + "/none")), A(buf)}), -1);
  EXPECT_EQ(ctx.errno_value, ENOENT);
  EXPECT_THROW(call("__hscore_stat", {A(put_string(kScratch, f)), A(kMemBytes - 64)}), MemoryFault);
}

TEST_F(HscoreFiles, Ftruncate) {
  std::string f = dir + "/t";
  std::ofstream(f) << "0123456789";
  int fd = call32("__hscore_open", {A(put_string(kScratch, f)), O_RDWR, 0u});
  EXPECT_EQ(call32("__hscore_ftruncate", {fd, 4L}), 0);
  struct stat hs;
  ASSERT_EQ(::stat(f.c_str(), &hs), 0);
  EXPECT_EQ(hs.st_size, 4);
  EXPECT_EQ(call32("__hscore_ftruncate", {fd, -1L}), -1);
  EXPECT_EQ(ctx.errno_value, EINVAL);
}

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

TEST_F(Hscore, TermiosAccessorsUseHostOffsets) {
  struct termios t;
  std::memset(&t, 0, sizeof t);
  t.c_lflag = 0x12345678;
  t.c_cc[VMIN] = 9;
  put_bytes(kScratch, &t, sizeof t);
  EXPECT_EQ(call("__hscore_lflag", {A(kScratch)}), 0x12345678u);
  call("__hscore_poke_lflag", {A(kScratch), 0xCAFEu});
  std::memcpy(&t, mem.span(kScratch, sizeof t), sizeof t);
  EXPECT_EQ(t.c_lflag, 0xCAFEu);
  EXPECT_EQ(t.c_cc[VMIN], 9);
  EXPECT_EQ(call("__hscore_ptr_c_cc", {A(kScratch)}), kScratch + offsetof(struct termios, c_cc));
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
