// Signals (virtual mask; glibc's sigset_t image and rules, natively checked against glibc),
// terminals (a real pseudo-terminal natively), processes, and the threaded I/O manager's
// calls.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#if !defined(__wasm__)
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <termios.h>
#endif

#include "ffi/ffi_internal.h"
#include "ffi_test_util.h"

namespace stgvm::test {
namespace {

class LibcPosix : public FfiTest {};

std::string sigset_bytes(const abi::Sigset& s) { return std::string(reinterpret_cast<const char*>(&s), sizeof s); }
#if !defined(__wasm__)
std::string sigset_bytes(const sigset_t& s) { return std::string(reinterpret_cast<const char*>(&s), sizeof s); }
// A host sigset_t with every byte defined (glibc's sigemptyset clears only the first 8).
void empty_set(sigset_t* s) {
  std::memset(s, 0, sizeof *s);
  sigemptyset(s);
}
#endif
abi::Sigset abi_set(std::initializer_list<int> sigs) {
  abi::Sigset s;
  abi::sigemptyset(s);
  for (int sig : sigs) abi::sigaddset(s, sig);
  return s;
}

TEST_F(LibcPosix, SigsetImagesAreGlibcs) {
  std::memset(mem.span(kScratch, 128), 0xFF, 128);
  EXPECT_EQ(call32("sigemptyset", {A(kScratch)}), 0);
  EXPECT_EQ(get_bytes(kScratch, 128), std::string(128, '\0'));
  for (int sig : {abi::kSIGTTOU, abi::kSIGINT, 1, 64}) EXPECT_EQ(call32("sigaddset", {A(kScratch), sig}), 0);
  // Signal n is bit n-1 of 64-bit words.
  EXPECT_EQ(mem.load64(kScratch), (uint64_t(1) << 63) | (uint64_t(1) << 21) | (uint64_t(1) << 1) | 1u);
  EXPECT_EQ(mem.load64(kScratch + 8), 0u);
  for (int sig : {0, -1, 32, 33, 65, 1000}) {
    ctx.errno_value = 0;
    EXPECT_EQ(call32("sigaddset", {A(kScratch), sig}), -1) << sig;  // glibc refuses its 32 and 33
    EXPECT_EQ(ctx.errno_value, abi::kEINVAL);
  }
  // The capi wrappers.
  EXPECT_EQ(call32("ghczuwrapperZC13ZCbaseZCSystemziPosixziInternalsZCsigemptyset", {A(kScratch)}), 0);
  EXPECT_EQ(call32("ghczuwrapperZC12ZCbaseZCSystemziPosixziInternalsZCsigaddset", {A(kScratch), abi::kSIGTTOU}), 0);
  EXPECT_EQ(get_bytes(kScratch, 128), sigset_bytes(abi_set({abi::kSIGTTOU})));
#if !defined(__wasm__)
  // The same images and answers as glibc's own functions, for every signal number.
  for (int sig = -2; sig < 70; ++sig) {
    sigset_t h;
    empty_set(&h);
    sigaddset(&h, 5);
    abi::Sigset a = abi_set({5});
    errno = 0;
    int hr = sigaddset(&h, sig), he = hr ? errno : 0;
    ctx.errno_value = 0;
    put_bytes(kScratch, &a, sizeof a);
    EXPECT_EQ(call32("sigaddset", {A(kScratch), sig}), hr) << sig;
    EXPECT_EQ(ctx.errno_value, he) << sig;
    EXPECT_EQ(get_bytes(kScratch, 128), sigset_bytes(h)) << sig;
    std::memcpy(&a, mem.span(kScratch, sizeof a), sizeof a);
    EXPECT_EQ(abi::sigismember(a, sig), sigismember(&h, sig) < 0 ? -1 : sigismember(&h, sig)) << sig;
    EXPECT_EQ(abi::sigdelset(a, sig), sigdelset(&h, sig)) << sig;
    EXPECT_EQ(sigset_bytes(a), sigset_bytes(h)) << sig;
  }
#endif
}

// base's tcSetAttr: block SIGTTOU, …, restore the old mask. The mask is virtual.
TEST_F(LibcPosix, SigprocmaskIsVirtual) {
#if !defined(__wasm__)
  sigset_t host_before, host_after;
  empty_set(&host_before);
  empty_set(&host_after);
  pthread_sigmask(SIG_SETMASK, nullptr, &host_before);
#endif
  uint32_t set = kScratch, old = kScratch + 128, old2 = kScratch + 256;
  call("sigemptyset", {A(set)});
  call("sigaddset", {A(set), abi::kSIGTTOU});
  EXPECT_EQ(call32("sigprocmask", {abi::kSIG_BLOCK, A(set), A(old)}), 0);
  abi::Sigset empty = abi_set({}), ttou = abi_set({abi::kSIGTTOU});
  EXPECT_EQ(get_bytes(old, sizeof empty), sigset_bytes(empty));
  EXPECT_EQ(call32("sigprocmask", {abi::kSIG_BLOCK, A(0), A(old2)}), 0);  // query
  EXPECT_EQ(get_bytes(old2, sizeof ttou), sigset_bytes(ttou));
  EXPECT_EQ(call32("ghczuwrapperZC11ZCbaseZCSystemziPosixziInternalsZCsigprocmask", {abi::kSIG_SETMASK, A(old), A(0)}),
            0);
  EXPECT_EQ(call32("sigprocmask", {abi::kSIG_BLOCK, A(0), A(old2)}), 0);
  EXPECT_EQ(get_bytes(old2, sizeof empty), sigset_bytes(empty));
  // SIG_UNBLOCK, SIGKILL cannot be blocked, bad `how`.
  call("sigaddset", {A(set), abi::kSIGKILL});
  call("sigaddset", {A(set), abi::kSIGINT});
  EXPECT_EQ(call32("sigprocmask", {abi::kSIG_SETMASK, A(set), A(0)}), 0);
  call("sigemptyset", {A(set)});
  call("sigaddset", {A(set), abi::kSIGINT});
  EXPECT_EQ(call32("sigprocmask", {abi::kSIG_UNBLOCK, A(set), A(old2)}), 0);
  EXPECT_EQ(call32("sigprocmask", {abi::kSIG_BLOCK, A(0), A(old2)}), 0);
  EXPECT_EQ(get_bytes(old2, sizeof ttou), sigset_bytes(ttou));
  EXPECT_EQ(call32("sigprocmask", {99, A(set), A(0)}), -1);
  EXPECT_EQ(ctx.errno_value, abi::kEINVAL);
#if !defined(__wasm__)
  pthread_sigmask(SIG_SETMASK, nullptr, &host_after);
  EXPECT_EQ(sigset_bytes(host_before), sigset_bytes(host_after));
#endif
}

#if !defined(__wasm__)  // pseudo-terminals (WASI has no terminal control)
class Pty : public LibcPosix {
 protected:
  void SetUp() override {
    master = posix_openpt(O_RDWR | O_NOCTTY);
    if (master < 0 || grantpt(master) != 0 || unlockpt(master) != 0) GTEST_SKIP() << "no pseudo-terminals here";
    slave_name = ptsname(master);
    fd = call32("__hscore_open", {A(put_string(kScratch + 0x8000, slave_name)), abi::kO_RDWR | abi::kO_NOCTTY, 0u});
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

#endif

TEST_F(LibcPosix, TerminalCallsOnNonTerminals) {
  TempDir tmp;
  ASSERT_TRUE(tmp.ok());
  std::string f = tmp.path() + "/f";
  int fd = call32("__hscore_open", {A(put_string(kScratch + 0x8000, f)), abi::kO_CREAT | abi::kO_RDWR, 0644u});
  ASSERT_GE(fd, 3);
  ctx.errno_value = 0;
  EXPECT_EQ(call32("tcgetattr", {fd, A(kScratch + 64)}), -1);
  EXPECT_EQ(ctx.errno_value, abi::kENOTTY);
  abi::Termios t{};
  put_bytes(kScratch + 64, &t, sizeof t);
  ctx.errno_value = 0;
  EXPECT_EQ(call32("tcsetattr", {fd, abi::kTCSANOW, A(kScratch + 64)}), -1);
  EXPECT_EQ(ctx.errno_value, abi::kENOTTY);
  EXPECT_EQ(call32("tcgetattr", {77, A(kScratch + 64)}), -1);
  EXPECT_EQ(ctx.errno_value, abi::kEBADF);
  EXPECT_EQ(call32("tcsetattr", {77, abi::kTCSANOW, A(kScratch + 64)}), -1);
  EXPECT_EQ(ctx.errno_value, abi::kEBADF);
#if !defined(__wasm__)
  ASSERT_EQ(call32("pipe", {A(kScratch)}), 0);
  int r = int32_t(mem.load32(kScratch));
  EXPECT_EQ(call32("tcgetattr", {r, A(kScratch + 64)}), -1);
  int p[2];
  ASSERT_EQ(::pipe(p), 0);
  struct termios ht;
  errno = 0;
  EXPECT_EQ(::tcgetattr(p[0], &ht), -1);
  EXPECT_EQ(ctx.errno_value, errno);
  ::close(p[0]);
  ::close(p[1]);
#endif
  ctx.state.reset();
}

#if defined(__wasm__)
// WASI cannot change a terminal's modes: on a terminal, tcgetattr starts from a cooked
// terminal's settings and tcsetattr's settings are what tcgetattr gives back (base's hSetEcho
// and hSetBuffering then work). Run ffi-tests.wasm on a terminal to exercise it.
TEST_F(LibcPosix, TerminalSettingsOnWasi) {
  int fd = ::isatty(0) ? 0 : ::isatty(1) ? 1 : -1;
  if (fd < 0) GTEST_SKIP() << "not on a terminal";
  ASSERT_EQ(call32("isatty", {fd}), 1);
  ASSERT_EQ(call32("tcgetattr", {fd, A(kScratch)}), 0);
  uint32_t lflag = uint32_t(call("__hscore_lflag", {A(kScratch)}));
  EXPECT_EQ(lflag & (abi::kECHO | abi::kICANON), abi::kECHO | abi::kICANON);
  call("__hscore_poke_lflag", {A(kScratch), lflag & ~abi::kECHO});
  EXPECT_EQ(call32("tcsetattr", {fd, abi::kTCSANOW, A(kScratch)}), 0);
  ASSERT_EQ(call32("tcgetattr", {fd, A(kScratch + 128)}), 0);
  EXPECT_EQ(uint32_t(call("__hscore_lflag", {A(kScratch + 128)})), lflag & ~abi::kECHO);
}
#endif

TEST_F(LibcPosix, Processes) {
  EXPECT_EQ(call32("getpid"), 1000);
  EXPECT_EQ(call32("getpid"), 1000);
  EXPECT_EQ(call32("fork"), -1);
  EXPECT_EQ(ctx.errno_value, abi::kENOSYS);
  ctx.errno_value = 0;
  EXPECT_EQ(call32("waitpid", {-1, A(kScratch), 0}), -1);
  EXPECT_EQ(ctx.errno_value, abi::kECHILD);
}

// Every clock is the VM's virtual one: the CPU clocks its executed-code time, the others the
// time slept too; timespec is {int64 sec; int64 nsec}.
TEST_F(LibcPosix, ClocksReadTheVirtualClock) {
  host.clock = 5000000123;
  host.cpu = 2000000070;
  std::memset(mem.span(kScratch, 16), 0xFF, 16);
  for (int id : {0, 1, 4, 5, 6, 7}) {
    EXPECT_EQ(call32("clock_gettime", {id, A(kScratch)}), 0) << id;
    EXPECT_EQ(mem.load64(kScratch), 5u) << id;
    EXPECT_EQ(mem.load64(kScratch + 8), 123u) << id;
  }
  // System.CPUTime's capi import of clock_gettime(CLOCK_PROCESS_CPUTIME_ID, …).
  EXPECT_EQ(call32("ghczuwrapperZC0ZCbaseZCSystemziCPUTimeziPosixziClockGetTimeZCclockzugettime", {2, A(kScratch)}), 0);
  EXPECT_EQ(mem.load64(kScratch), 2u);
  EXPECT_EQ(mem.load64(kScratch + 8), 70u);
  EXPECT_EQ(call32("clock_getres", {2, A(kScratch)}), 0);
  EXPECT_EQ(mem.load64(kScratch), 0u);
  EXPECT_EQ(mem.load64(kScratch + 8), 10u);
  EXPECT_EQ(call32("clock_getres", {1, A(kScratch)}), 0);
  EXPECT_EQ(mem.load64(kScratch + 8), 1u);
  EXPECT_EQ(call32("clock_getres", {1, A(0)}), 0);  // res may be NULL
  for (int id : {-1, 8, 11, 1000}) {
    ctx.errno_value = 0;
    EXPECT_EQ(call32("clock_gettime", {id, A(kScratch)}), -1) << id;
    EXPECT_EQ(ctx.errno_value, abi::kEINVAL);
    ctx.errno_value = 0;
    EXPECT_EQ(call32("clock_getres", {id, A(kScratch)}), -1) << id;
    EXPECT_EQ(ctx.errno_value, abi::kEINVAL);
  }
}

TEST_F(LibcPosix, IoManagerCallsFailWithEnosys) {
  ctx.errno_value = 0;
  EXPECT_EQ(call32("epoll_create", {1}), -1);
  EXPECT_EQ(ctx.errno_value, abi::kENOSYS);
  ctx.errno_value = 0;
  EXPECT_EQ(call32("epoll_ctl", {3, 1, 4, A(kScratch)}), -1);
  EXPECT_EQ(ctx.errno_value, abi::kENOSYS);
  ctx.errno_value = 0;
  EXPECT_EQ(call32("epoll_wait", {3, A(kScratch), 8, -1}), -1);
  EXPECT_EQ(ctx.errno_value, abi::kENOSYS);
  ctx.errno_value = 0;
  EXPECT_EQ(call32("eventfd", {0, 0}), -1);
  EXPECT_EQ(ctx.errno_value, abi::kENOSYS);
  ctx.errno_value = 0;
  EXPECT_EQ(call32("eventfd_write", {3, 1ull}), -1);
  EXPECT_EQ(ctx.errno_value, abi::kENOSYS);
}

}  // namespace
}  // namespace stgvm::test
