// Signals (virtual mask), terminals (a real pseudo-terminal), processes, and the threaded
// I/O manager's calls.
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>

#include "ffi/ffi_internal.h"
#include "ffi_test_util.h"

namespace stgvm::test {
namespace {

class LibcPosix : public FfiTest {};

std::string sigset_bytes(const sigset_t& s) { return std::string(reinterpret_cast<const char*>(&s), sizeof s); }
// A host sigset_t with every byte defined (glibc's sigemptyset clears only the first 8).
void empty_set(sigset_t* s) {
  std::memset(s, 0, sizeof *s);
  sigemptyset(s);
}

TEST_F(LibcPosix, SigsetImagesMatchHost) {
  std::memset(mem.span(kScratch, 128), 0xFF, 128);
  EXPECT_EQ(call32("sigemptyset", {A(kScratch)}), 0);
  sigset_t h;
  empty_set(&h);
  EXPECT_EQ(get_bytes(kScratch, sizeof h), sigset_bytes(h));
  for (int sig : {SIGTTOU, SIGINT, 1, 64}) {
    EXPECT_EQ(call32("sigaddset", {A(kScratch), sig}), 0);
    sigaddset(&h, sig);
  }
  EXPECT_EQ(get_bytes(kScratch, sizeof h), sigset_bytes(h));
  EXPECT_EQ(call32("sigaddset", {A(kScratch), 0}), -1);
  EXPECT_EQ(ctx.errno_value, EINVAL);
  EXPECT_EQ(call32("sigaddset", {A(kScratch), 65}), -1);
  // The capi wrappers.
  EXPECT_EQ(call32("ghczuwrapperZC13ZCbaseZCSystemziPosixziInternalsZCsigemptyset", {A(kScratch)}), 0);
  EXPECT_EQ(call32("ghczuwrapperZC12ZCbaseZCSystemziPosixziInternalsZCsigaddset", {A(kScratch), SIGTTOU}), 0);
  empty_set(&h);
  sigaddset(&h, SIGTTOU);
  EXPECT_EQ(get_bytes(kScratch, sizeof h), sigset_bytes(h));
}

// base's tcSetAttr: block SIGTTOU, …, restore the old mask. The mask is virtual.
TEST_F(LibcPosix, SigprocmaskIsVirtual) {
  sigset_t host_before, host_after;
  empty_set(&host_before);
  empty_set(&host_after);
  pthread_sigmask(SIG_SETMASK, nullptr, &host_before);
  uint32_t set = kScratch, old = kScratch + 128, old2 = kScratch + 256;
  call("sigemptyset", {A(set)});
  call("sigaddset", {A(set), SIGTTOU});
  EXPECT_EQ(call32("sigprocmask", {SIG_BLOCK, A(set), A(old)}), 0);
  sigset_t empty, ttou;
  empty_set(&empty);
  empty_set(&ttou);
  sigaddset(&ttou, SIGTTOU);
  EXPECT_EQ(get_bytes(old, sizeof empty), sigset_bytes(empty));
  EXPECT_EQ(call32("sigprocmask", {SIG_BLOCK, A(0), A(old2)}), 0);  // query
  EXPECT_EQ(get_bytes(old2, sizeof ttou), sigset_bytes(ttou));
  EXPECT_EQ(call32("ghczuwrapperZC11ZCbaseZCSystemziPosixziInternalsZCsigprocmask", {SIG_SETMASK, A(old), A(0)}), 0);
  EXPECT_EQ(call32("sigprocmask", {SIG_BLOCK, A(0), A(old2)}), 0);
  EXPECT_EQ(get_bytes(old2, sizeof empty), sigset_bytes(empty));
  // SIG_UNBLOCK, SIGKILL cannot be blocked, bad `how`.
  call("sigaddset", {A(set), SIGKILL});
  call("sigaddset", {A(set), SIGINT});
  EXPECT_EQ(call32("sigprocmask", {SIG_SETMASK, A(set), A(0)}), 0);
  call("sigemptyset", {A(set)});
  call("sigaddset", {A(set), SIGINT});
  EXPECT_EQ(call32("sigprocmask", {SIG_UNBLOCK, A(set), A(old2)}), 0);
  EXPECT_EQ(call32("sigprocmask", {SIG_BLOCK, A(0), A(old2)}), 0);
  EXPECT_EQ(get_bytes(old2, sizeof ttou), sigset_bytes(ttou));
  EXPECT_EQ(call32("sigprocmask", {99, A(set), A(0)}), -1);
  EXPECT_EQ(ctx.errno_value, EINVAL);
  pthread_sigmask(SIG_SETMASK, nullptr, &host_after);
  EXPECT_EQ(sigset_bytes(host_before), sigset_bytes(host_after));
}

class Pty : public LibcPosix {
 protected:
  void SetUp() override {
    master = posix_openpt(O_RDWR | O_NOCTTY);
    if (master < 0 || grantpt(master) != 0 || unlockpt(master) != 0) GTEST_SKIP() << "no pseudo-terminals here";
    slave_name = ptsname(master);
    fd = call32("__hscore_open", {A(put_string(kScratch + 0x8000, slave_name)), O_RDWR | O_NOCTTY, 0u});
    ASSERT_GE(fd, 3);
    host = host_fd(ctx, fd);
  }
  void TearDown() override {
    ctx.state.reset();
    if (master >= 0) ::close(master);
  }
  int master = -1, fd = -1, host = -1;
  std::string slave_name;
};

TEST_F(Pty, TcgetattrCopiesHostStruct) {
  EXPECT_EQ(call32("tcgetattr", {fd, A(kScratch)}), 0);
  struct termios t;
  std::memset(&t, 0, sizeof t);  // glibc leaves the padding alone; the shim zeroes it
  ASSERT_EQ(::tcgetattr(host, &t), 0);
  EXPECT_EQ(get_bytes(kScratch, sizeof t), std::string(reinterpret_cast<char*>(&t), sizeof t));
  EXPECT_EQ(call("__hscore_lflag", {A(kScratch)}), t.c_lflag);
  EXPECT_EQ(call32("isatty", {fd}), 1);
  EXPECT_EQ(call32("ghczuwrapperZC10ZCbaseZCSystemziPosixziInternalsZCtcgetattr", {fd, A(kScratch + 256)}), 0);
  EXPECT_EQ(get_bytes(kScratch + 256, sizeof t), std::string(reinterpret_cast<char*>(&t), sizeof t));
}

// What base's setEcho/setCooked do, checked on the host terminal.
TEST_F(Pty, TcsetattrReachesTheHostTerminal) {
  ASSERT_EQ(call32("tcgetattr", {fd, A(kScratch)}), 0);
  uint32_t lflag = uint32_t(call("__hscore_lflag", {A(kScratch)}));
  uint32_t echo = uint32_t(call32("__hscore_echo")), icanon = uint32_t(call32("__hscore_icanon"));
  call("__hscore_poke_lflag", {A(kScratch), lflag & ~(echo | icanon)});
  uint32_t cc = uint32_t(call("__hscore_ptr_c_cc", {A(kScratch)}));
  mem.store8(cc + uint32_t(call32("__hscore_vmin")), 1);
  mem.store8(cc + uint32_t(call32("__hscore_vtime")), 0);
  EXPECT_EQ(call32("tcsetattr", {fd, call32("__hscore_tcsanow"), A(kScratch)}), 0);
  struct termios t;
  ASSERT_EQ(::tcgetattr(host, &t), 0);
  EXPECT_EQ(t.c_lflag & (ECHO | ICANON), 0u);
  EXPECT_EQ(t.c_cc[VMIN], 1);
  EXPECT_EQ(t.c_cc[VTIME], 0);
  call("__hscore_poke_lflag", {A(kScratch), lflag | echo});
  EXPECT_EQ(call32("ghczuwrapperZC9ZCbaseZCSystemziPosixziInternalsZCtcsetattr", {fd, TCSANOW, A(kScratch)}), 0);
  ASSERT_EQ(::tcgetattr(host, &t), 0);
  EXPECT_NE(t.c_lflag & ECHO, 0u);
}

TEST_F(Pty, ShutdownRestoresSavedTermios) {
  // foreign_shutdown restores fds 0-2 (the RTS's resetTerminalSettings); make fd 0 the pty.
  int saved0 = ::dup(0);
  ::dup2(host, 0);
  struct termios orig;
  ASSERT_EQ(::tcgetattr(0, &orig), 0);
  uint32_t copy = uint32_t(call("malloc", {uint64_t(sizeof orig)}));
  put_bytes(copy, &orig, sizeof orig);
  call("__hscore_set_saved_termios", {0, A(copy)});
  EXPECT_EQ(call("__hscore_get_saved_termios", {0}), copy);
  struct termios raw = orig;
  raw.c_lflag &= ~tcflag_t(ECHO);
  ASSERT_EQ(::tcsetattr(0, TCSANOW, &raw), 0);
  foreign_shutdown(ctx);
  struct termios now;
  ASSERT_EQ(::tcgetattr(0, &now), 0);
  ::dup2(saved0, 0);
  ::close(saved0);
  EXPECT_NE(now.c_lflag & ECHO, 0u);
}

TEST_F(LibcPosix, TerminalCallsOnNonTerminals) {
  ASSERT_EQ(call32("pipe", {A(kScratch)}), 0);
  int r = int32_t(mem.load32(kScratch));
  EXPECT_EQ(call32("tcgetattr", {r, A(kScratch + 64)}), -1);
  int p[2];
  ASSERT_EQ(::pipe(p), 0);
  struct termios t;
  errno = 0;
  EXPECT_EQ(::tcgetattr(p[0], &t), -1);
  EXPECT_EQ(ctx.errno_value, errno);
  ::close(p[0]);
  ::close(p[1]);
  EXPECT_EQ(call32("tcgetattr", {77, A(kScratch + 64)}), -1);
  EXPECT_EQ(ctx.errno_value, EBADF);
  EXPECT_EQ(call32("tcsetattr", {77, TCSANOW, A(kScratch + 64)}), -1);
  EXPECT_EQ(ctx.errno_value, EBADF);
}

TEST_F(LibcPosix, Processes) {
  EXPECT_EQ(call32("getpid"), 1000);
  EXPECT_EQ(call32("getpid"), 1000);
  EXPECT_EQ(call32("fork"), -1);
  EXPECT_EQ(ctx.errno_value, ENOSYS);
  ctx.errno_value = 0;
  EXPECT_EQ(call32("waitpid", {-1, A(kScratch), 0}), -1);
  EXPECT_EQ(ctx.errno_value, ECHILD);
}

TEST_F(LibcPosix, IoManagerCallsFailWithEnosys) {
  ctx.errno_value = 0;
  EXPECT_EQ(call32("epoll_create", {1}), -1);
  EXPECT_EQ(ctx.errno_value, ENOSYS);
  ctx.errno_value = 0;
  EXPECT_EQ(call32("epoll_ctl", {3, 1, 4, A(kScratch)}), -1);
  EXPECT_EQ(ctx.errno_value, ENOSYS);
  ctx.errno_value = 0;
  EXPECT_EQ(call32("epoll_wait", {3, A(kScratch), 8, -1}), -1);
  EXPECT_EQ(ctx.errno_value, ENOSYS);
  ctx.errno_value = 0;
  EXPECT_EQ(call32("eventfd", {0, 0}), -1);
  EXPECT_EQ(ctx.errno_value, ENOSYS);
  ctx.errno_value = 0;
  EXPECT_EQ(call32("eventfd_write", {3, 1ull}), -1);
  EXPECT_EQ(ctx.errno_value, ENOSYS);
}

}  // namespace
}  // namespace stgvm::test
