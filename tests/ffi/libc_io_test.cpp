// File descriptors and the file system: every result is checked against the host (the file's
// bytes and metadata read back with host calls, host errno values). Values the program passes
// and sees are the ABI's (ffi/abi.h). On wasm32 the host is WASI: what it lacks (pipes,
// FIFOs, chmod, umask, record locks, permission bits) is checked to fail cleanly instead.
#include <fcntl.h>
#include <unistd.h>
#include <utime.h>

#include <cerrno>
#include <fstream>
#include <sstream>

#if !defined(__wasm__)
#include <poll.h>
#include <signal.h>
#endif

#include "ffi/ffi_internal.h"
#include "ffi_test_util.h"

namespace stgvm::test {

class LibcIo : public FfiTest {
 protected:
  void SetUp() override {
    ASSERT_TRUE(tmp.ok());
    dir = tmp.path();
  }
  void TearDown() override {
    ctx.state.reset();  // closes the program's fds
  }
  std::string path(const std::string& name) { return dir + "/" + name; }
  uint32_t cpath(const std::string& name, uint32_t at = kScratch + 0x8000) { return put_string(at, path(name)); }
  static std::string slurp(const std::string& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  static void spit(const std::string& p, const std::string& s) { std::ofstream(p, std::ios::binary) << s; }
  int32_t open_file(const std::string& name, int flags, unsigned mode = 0644) {
    return call32("__hscore_open", {A(cpath(name)), flags, mode});
  }

  int host_fd_of(int vfd) { return host_fd(ctx, vfd); }
#if !defined(__wasm__)
  static mode_t host_umask() {
    mode_t m = ::umask(0);
    ::umask(m);
    return m;
  }
#endif

  TempDir tmp;
  std::string dir;
};

namespace {

TEST_F(LibcIo, OpenWriteSeekReadClose) {
  int fd = open_file("a.txt", abi::kO_CREAT | abi::kO_RDWR | abi::kO_TRUNC);
  ASSERT_EQ(fd, 3);  // lowest free virtual fd, whatever the host numbers are
  put_string(kScratch, "hello, world");
  EXPECT_EQ(icall("write", {fd, A(kScratch), 12u}), 12);
  EXPECT_EQ(slurp(path("a.txt")), "hello, world");
  EXPECT_EQ(icall("lseek", {fd, 7, abi::kSEEK_SET}), 7);
  EXPECT_EQ(icall("read", {fd, A(kScratch + 100), 100u}), 5);
  EXPECT_EQ(get_bytes(kScratch + 100, 5), "world");
  EXPECT_EQ(icall("read", {fd, A(kScratch + 100), 100u}), 0);  // EOF
  EXPECT_EQ(icall("lseek", {fd, -5, abi::kSEEK_END}), 7);
  EXPECT_EQ(icall("lseek", {fd, 0, abi::kSEEK_CUR}), 7);
  EXPECT_EQ(call32("close", {fd}), 0);
  ctx.errno_value = 0;
  EXPECT_EQ(icall("read", {fd, A(kScratch), 1u}), -1);
  EXPECT_EQ(ctx.errno_value, abi::kEBADF);
  EXPECT_EQ(call32("close", {fd}), -1);
  EXPECT_EQ(ctx.errno_value, abi::kEBADF);
}

TEST_F(LibcIo, OpenErrorsAreHostErrno) {
  ctx.errno_value = 0;
  EXPECT_EQ(open_file("missing/x", abi::kO_RDONLY), -1);
  EXPECT_EQ(ctx.errno_value, abi::kENOENT);
  errno = 0;
  EXPECT_EQ(::open(path("missing/x").c_str(), O_RDONLY), -1);
  EXPECT_EQ(errno, ENOENT);
  spit(path("e"), "x");
  EXPECT_EQ(open_file("e", abi::kO_CREAT | abi::kO_EXCL | abi::kO_WRONLY), -1);
  EXPECT_EQ(ctx.errno_value, abi::kEEXIST);
  EXPECT_EQ(call32("open", {A(cpath("e")), abi::kO_RDONLY}), 3);  // plain open, 2 arguments
  // A directory opens (base then finds out what it is with fstat), and reading it is EISDIR.
  int d = call32("open", {A(put_string(kScratch, dir)), abi::kO_RDONLY});
  ASSERT_GE(d, 0);
  EXPECT_EQ(icall("read", {d, A(kScratch + 100), 16u}), -1);
  EXPECT_EQ(ctx.errno_value, abi::kEISDIR);
}

TEST_F(LibcIo, OnlyProgramFdsAreUsable) {
  int host = ::open(path("h").c_str(), O_CREAT | O_RDONLY, 0644);
  ASSERT_GE(host, 3);
  ctx.errno_value = 0;
  EXPECT_EQ(icall("read", {host, A(kScratch), 1u}), -1);  // not opened by the program
  EXPECT_EQ(ctx.errno_value, abi::kEBADF);
  for (const char* fn : {"isatty", "dup", "close"}) {
    ctx.errno_value = 0;
    EXPECT_EQ(call32(fn, {host}), -1) << fn;
    EXPECT_EQ(ctx.errno_value, abi::kEBADF) << fn;
  }
  EXPECT_EQ(call32("fdReady", {host, 0, 0L, 0}), -1);
  EXPECT_EQ(call32("fcntl", {host, abi::kF_GETFL}), -1);
  EXPECT_EQ(call32("__hscore_ftruncate", {host, 0L}), -1);
  EXPECT_EQ(call32("__hscore_fstat", {host, A(kScratch)}), -1);
  EXPECT_EQ(ctx.errno_value, abi::kEBADF);
  EXPECT_TRUE(host_fd_open(host));  // untouched
#if !defined(__wasm__)
  EXPECT_EQ(fcntl(host, F_GETFD), 0);
#endif
  ::close(host);
}

#if !defined(__wasm__)  // needs host pipes and dup2 (WASI has neither)
TEST_F(LibcIo, StdoutGoesToHostFd1) {
  int p[2];
  ASSERT_EQ(::pipe(p), 0);
  int saved = ::dup(1);
  ::dup2(p[1], 1);
  put_string(kScratch, "to stdout");
  int64_t n = icall("write", {1, A(kScratch), 9u});
  ::dup2(saved, 1);
  ::close(saved);
  ::close(p[1]);
  EXPECT_EQ(n, 9);
  char buf[32] = {};
  EXPECT_EQ(::read(p[0], buf, sizeof buf), 9);
  EXPECT_EQ(std::string(buf), "to stdout");
  ::close(p[0]);
}

TEST_F(LibcIo, StdinComesFromHostFd0) {
  int p[2];
  ASSERT_EQ(::pipe(p), 0);
  ASSERT_EQ(::write(p[1], "input", 5), 5);
  ::close(p[1]);
  int saved = ::dup(0);
  ::dup2(p[0], 0);
  int64_t n = icall("read", {0, A(kScratch), 64u});
  int64_t eof = icall("read", {0, A(kScratch + 64), 64u});
  ::dup2(saved, 0);
  ::close(saved);
  ::close(p[0]);
  EXPECT_EQ(n, 5);
  EXPECT_EQ(get_bytes(kScratch, 5), "input");
  EXPECT_EQ(eof, 0);
}
#endif

TEST_F(LibcIo, ClosingStdoutUnmapsButKeepsHostFd) {
  EXPECT_EQ(call32("close", {1}), 0);
  EXPECT_TRUE(host_fd_open(1));  // the VM's stdout is still open
  EXPECT_EQ(icall("write", {1, A(kScratch), 0u}), -1);
  EXPECT_EQ(ctx.errno_value, abi::kEBADF);
  // The lowest free number is now 1.
  EXPECT_EQ(open_file("n", abi::kO_CREAT | abi::kO_WRONLY), 1);
}

TEST_F(LibcIo, DupAndDup2) {
  int fd = open_file("d", abi::kO_CREAT | abi::kO_RDWR);
  ASSERT_EQ(fd, 3);
  int d = call32("dup", {fd});
  EXPECT_EQ(d, 4);
  put_string(kScratch, "abc");
  EXPECT_EQ(icall("write", {d, A(kScratch), 3u}), 3);
  EXPECT_EQ(icall("lseek", {fd, 0, abi::kSEEK_CUR}), 3);  // shared file offset, as with host dup
  EXPECT_EQ(call32("dup2", {fd, 10}), 10);
  EXPECT_EQ(icall("write", {10, A(kScratch), 3u}), 3);
  EXPECT_EQ(slurp(path("d")), "abcabc");
  EXPECT_EQ(call32("dup2", {fd, fd}), fd);
  EXPECT_EQ(call32("dup2", {99, 5}), -1);
  EXPECT_EQ(ctx.errno_value, abi::kEBADF);
  // dup2 onto an open fd replaces it.
  int other = open_file("o", abi::kO_CREAT | abi::kO_RDWR);
  EXPECT_EQ(other, 5);
  EXPECT_EQ(call32("dup2", {fd, other}), other);
  EXPECT_EQ(icall("write", {other, A(kScratch), 3u}), 3);
  EXPECT_EQ(slurp(path("d")), "abcabcabc");
  EXPECT_EQ(slurp(path("o")), "");
  // Closing some of the duplicates leaves the file open for the others.
  EXPECT_EQ(call32("close", {fd}), 0);
  EXPECT_EQ(call32("close", {10}), 0);
  EXPECT_EQ(icall("write", {d, A(kScratch), 3u}), 3);
  EXPECT_EQ(call32("close", {d}), 0);
  EXPECT_EQ(icall("write", {other, A(kScratch), 3u}), 3);
  EXPECT_EQ(slurp(path("d")), "abcabcabcabcabc");
  // A duplicate of stdout writes to the VM's stdout and is never the reason it closes.
  int out = call32("dup", {1});
  EXPECT_GE(out, 0);
  EXPECT_EQ(icall("write", {out, A(kScratch), 0u}), 0);
  EXPECT_EQ(call32("close", {out}), 0);
  EXPECT_EQ(call32("close", {1}), 0);
  EXPECT_TRUE(host_fd_open(1));
}

#if !defined(__wasm__)  // WASI has no pipes (ffi/README.md, "wasm32")
TEST_F(LibcIo, Pipe) {
  ASSERT_EQ(call32("pipe", {A(kScratch)}), 0);
  int r = int32_t(mem.load32(kScratch)), w = int32_t(mem.load32(kScratch + 4));
  EXPECT_EQ(r, 3);
  EXPECT_EQ(w, 4);
  put_string(kScratch + 16, "through");
  EXPECT_EQ(icall("write", {w, A(kScratch + 16), 7u}), 7);
  EXPECT_EQ(call32("close", {w}), 0);
  EXPECT_EQ(icall("read", {r, A(kScratch + 64), 64u}), 7);
  EXPECT_EQ(get_bytes(kScratch + 64, 7), "through");
  EXPECT_EQ(icall("read", {r, A(kScratch + 64), 64u}), 0);
  EXPECT_FAULT(call("pipe", {A(kMemBytes - 4)}));
  EXPECT_EQ(call32("fdReady", {5, 0, 0L, 0}), -1);  // no fd leaked by the faulting call
}

// The RTS ignores SIGPIPE: writing to a pipe nobody reads is EPIPE, not death.
TEST_F(LibcIo, BrokenPipeIsEpipeNotSigpipe) {
  ASSERT_EQ(call32("pipe", {A(kScratch)}), 0);
  int r = int32_t(mem.load32(kScratch)), w = int32_t(mem.load32(kScratch + 4));
  EXPECT_EQ(call32("close", {r}), 0);
  ctx.errno_value = 0;
  EXPECT_EQ(icall("write", {w, A(kScratch), 4u}), -1);
  EXPECT_EQ(ctx.errno_value, abi::kEPIPE);
  sigset_t pending;
  sigemptyset(&pending);
  sigpending(&pending);
  EXPECT_EQ(sigismember(&pending, SIGPIPE), 0);  // nothing left behind
}
#else
TEST_F(LibcIo, NoPipesOnWasi) {
  ctx.errno_value = 0;
  EXPECT_EQ(call32("pipe", {A(kScratch)}), -1);
  EXPECT_EQ(ctx.errno_value, abi::kENOSYS);
  EXPECT_EQ(call32("fdReady", {3, 0, 0L, 0}), -1);  // nothing opened
}
#endif

TEST_F(LibcIo, IsattyMatchesHost) {
  int fd = open_file("t", abi::kO_CREAT | abi::kO_RDWR);
  ctx.errno_value = 0;
  EXPECT_EQ(call32("isatty", {fd}), 0);
  EXPECT_EQ(ctx.errno_value, abi::kENOTTY);
  errno = 0;
  EXPECT_EQ(::isatty(host_fd_of(fd)), 0);
  EXPECT_EQ(errno, ENOTTY);
  for (int std_fd = 0; std_fd < 3; ++std_fd) EXPECT_EQ(call32("isatty", {std_fd}), ::isatty(std_fd));
#if !defined(__wasm__)
  ASSERT_EQ(call32("pipe", {A(kScratch)}), 0);
  int r = int32_t(mem.load32(kScratch));
  ctx.errno_value = 0;
  EXPECT_EQ(call32("isatty", {r}), 0);
  int p[2];
  ASSERT_EQ(::pipe(p), 0);
  errno = 0;
  EXPECT_EQ(::isatty(p[0]), 0);
  EXPECT_EQ(ctx.errno_value, errno);
  ::close(p[0]);
  ::close(p[1]);
#endif
}

TEST_F(LibcIo, FileSystemCalls) {
  // creat
  int fd = call32("creat", {A(cpath("c")), 0640u});
  ASSERT_EQ(fd, 3);
  struct stat s;
  ASSERT_EQ(::stat(path("c").c_str(), &s), 0);
  EXPECT_TRUE(S_ISREG(s.st_mode));
  EXPECT_EQ(fcntl(host_fd_of(fd), F_GETFL) & O_ACCMODE, O_WRONLY);
#if !defined(__wasm__)  // WASI has no permission bits
  EXPECT_EQ(s.st_mode & 0777, 0640u & ~host_umask());
#endif
  // access
  EXPECT_EQ(call32("access", {A(cpath("c")), abi::kF_OK}), 0);
  EXPECT_EQ(call32("access", {A(cpath("c")), abi::kR_OK | abi::kW_OK}), 0);
  EXPECT_EQ(call32("access", {A(cpath("nope")), abi::kF_OK}), -1);
  EXPECT_EQ(ctx.errno_value, abi::kENOENT);
  // link
  EXPECT_EQ(call32("link", {A(cpath("c")), A(cpath("c2", kScratch + 0x9000))}), 0);
  ASSERT_EQ(::stat(path("c").c_str(), &s), 0);
  EXPECT_EQ(s.st_nlink, 2u);
  EXPECT_EQ(call32("link", {A(cpath("c")), A(cpath("c2", kScratch + 0x9000))}), -1);
  EXPECT_EQ(ctx.errno_value, abi::kEEXIST);
  // unlink
  EXPECT_EQ(call32("unlink", {A(cpath("c2"))}), 0);
  EXPECT_NE(::access(path("c2").c_str(), F_OK), 0);
  EXPECT_EQ(call32("unlink", {A(cpath("c2"))}), -1);
  EXPECT_EQ(ctx.errno_value, abi::kENOENT);
#if !defined(__wasm__)
  // chmod
  EXPECT_EQ(call32("chmod", {A(cpath("c")), 0600u}), 0);
  ASSERT_EQ(::stat(path("c").c_str(), &s), 0);
  EXPECT_EQ(s.st_mode & 0777, 0600u);
  // mkfifo
  EXPECT_EQ(call32("mkfifo", {A(cpath("f")), 0666u}), 0);
  ASSERT_EQ(::stat(path("f").c_str(), &s), 0);
  EXPECT_TRUE(S_ISFIFO(s.st_mode));
  EXPECT_EQ(s.st_mode & 0777, 0644u & ~host_umask());  // virtual umask 022
#else
  // WASI has neither permissions nor FIFOs.
  EXPECT_EQ(call32("chmod", {A(cpath("c")), 0600u}), -1);
  EXPECT_EQ(ctx.errno_value, abi::kENOSYS);
  EXPECT_EQ(call32("mkfifo", {A(cpath("f")), 0666u}), -1);
  EXPECT_EQ(ctx.errno_value, abi::kENOSYS);
#endif
}

TEST_F(LibcIo, UmaskIsVirtual) {
  EXPECT_EQ(call("umask", {077u}), 022u);
  EXPECT_EQ(call("umask", {077u}), 077u);
#if !defined(__wasm__)  // the host's umask and permission bits
  mode_t host_before = ::umask(022);
  ::umask(host_before);
  EXPECT_EQ(call("umask", {077u}), 077u);
  mode_t host_after = ::umask(022);
  ::umask(host_after);
  EXPECT_EQ(host_before, host_after);
  ::umask(0);  // so only the virtual umask applies
  int fd = open_file("u", abi::kO_CREAT | abi::kO_WRONLY, 0666);
  ::umask(host_before);
  ASSERT_GE(fd, 0);
  struct stat s;
  ASSERT_EQ(::stat(path("u").c_str(), &s), 0);
  EXPECT_EQ(s.st_mode & 0777, 0600u);
#endif
}

TEST_F(LibcIo, Utime) {
  spit(path("t"), "x");
  abi::Utimbuf tb = {1000000000, 1234567890};
  put_bytes(kScratch, &tb, sizeof tb);
  EXPECT_EQ(call32("utime", {A(cpath("t")), A(kScratch)}), 0);
  struct stat s;
  ASSERT_EQ(::stat(path("t").c_str(), &s), 0);
  EXPECT_EQ(s.st_mtime, 1234567890);
  EXPECT_EQ(s.st_atime, 1000000000);
  EXPECT_EQ(call32("utime", {A(cpath("t")), A(0)}), 0);  // now
  ASSERT_EQ(::stat(path("t").c_str(), &s), 0);
  EXPECT_GT(s.st_mtime, 1234567890);
  EXPECT_EQ(call32("utime", {A(cpath("none")), A(kScratch)}), -1);
  EXPECT_EQ(ctx.errno_value, abi::kENOENT);
  // The capi wrapper label behaves the same.
  EXPECT_EQ(call32("ghczuwrapperZC18ZCbaseZCSystemziPosixziInternalsZCutime", {A(cpath("t")), A(kScratch)}), 0);
}

TEST_F(LibcIo, Fcntl) {
  int fd = open_file("fl", abi::kO_CREAT | abi::kO_RDWR | abi::kO_APPEND);
  int h = host_fd_of(fd);
  int fl = call32("fcntl", {fd, abi::kF_GETFL});
  // The access mode and the status flags the program asked for; Linux adds O_LARGEFILE.
  EXPECT_EQ(fl, abi::kO_RDWR | abi::kO_APPEND | abi::kO_LARGEFILE);
#if !defined(__wasm__)
  EXPECT_EQ(fl, ::fcntl(h, F_GETFL));  // the host's answer for the host fd
#endif
  // F_SETFL (c_fcntl_write takes a long).
  EXPECT_EQ(call32("fcntl", {fd, abi::kF_SETFL, long(fl | abi::kO_NONBLOCK)}), 0);
  EXPECT_EQ(call32("fcntl", {fd, abi::kF_GETFL}), fl | abi::kO_NONBLOCK);
#if !defined(__wasm__)
  EXPECT_NE(::fcntl(h, F_GETFL) & O_NONBLOCK, 0);
#endif
  EXPECT_EQ(call32("fcntl", {fd, abi::kF_SETFL, long(abi::kO_RDWR)}), 0);  // clears O_APPEND too
  EXPECT_EQ(call32("fcntl", {fd, abi::kF_GETFL}), abi::kO_RDWR | abi::kO_LARGEFILE);
  // F_SETFD/F_GETFD: the program's flag.
  EXPECT_EQ(call32("fcntl", {fd, abi::kF_GETFD}), 0);
  EXPECT_EQ(call32("fcntl", {fd, abi::kF_SETFD, long(abi::kFD_CLOEXEC)}), 0);
  EXPECT_EQ(call32("fcntl", {fd, abi::kF_GETFD}), abi::kFD_CLOEXEC);
#if !defined(__wasm__)
  EXPECT_NE(::fcntl(h, F_GETFD) & FD_CLOEXEC, 0);  // host fds are always close-on-exec
#endif
  // F_DUPFD: lowest free ≥ arg.
  EXPECT_EQ(call32("fcntl", {fd, abi::kF_DUPFD, 7L}), 7);
  EXPECT_EQ(call32("fcntl", {fd, abi::kF_DUPFD_CLOEXEC, 7L}), 8);
  EXPECT_EQ(call32("fcntl", {8, abi::kF_GETFD}), abi::kFD_CLOEXEC);
  // Unsupported command.
  EXPECT_EQ(call32("fcntl", {fd, 12345}), -1);
  EXPECT_EQ(ctx.errno_value, abi::kEINVAL);
  // The capi wrappers.
  EXPECT_EQ(call32("ghczuwrapperZC15ZCbaseZCSystemziPosixziInternalsZCfcntl", {fd, abi::kF_GETFL}),
            abi::kO_RDWR | abi::kO_LARGEFILE);
  EXPECT_EQ(call32("ghczuwrapperZC16ZCbaseZCSystemziPosixziInternalsZCfcntl", {fd, abi::kF_SETFD, 0L}), 0);
  // Record locks (c_fcntl_lock) with a struct flock in linear memory.
  abi::Flock fl_in = {};
  fl_in.l_type = abi::kF_WRLCK;
  fl_in.l_whence = abi::kSEEK_SET;
  fl_in.l_start = 0;
  fl_in.l_len = 10;
  put_bytes(kScratch, &fl_in, sizeof fl_in);
#if !defined(__wasm__)
  // F_GETLK compared with the host.
  EXPECT_EQ(call32("fcntl", {fd, abi::kF_GETLK, A(kScratch)}), 0);
  struct flock host_fl;
  std::memcpy(&host_fl, &fl_in, sizeof host_fl);
  ASSERT_EQ(::fcntl(h, F_GETLK, &host_fl), 0);
  EXPECT_EQ(get_bytes(kScratch, sizeof host_fl), std::string(reinterpret_cast<char*>(&host_fl), sizeof host_fl));
  EXPECT_EQ(call32("fcntl", {fd, abi::kF_SETLK, A(kScratch)}), 0);
  put_bytes(kScratch, &fl_in, sizeof fl_in);  // F_GETLK wrote F_UNLCK into it
  EXPECT_EQ(call32("ghczuwrapperZC17ZCbaseZCSystemziPosixziInternalsZCfcntl", {fd, abi::kF_GETLK, A(kScratch)}), 0);
#else
  // WASI has no record locks.
  for (int cmd : {abi::kF_GETLK, abi::kF_SETLK, abi::kF_OFD_SETLK}) {
    ctx.errno_value = 0;
    EXPECT_EQ(call32("ghczuwrapperZC17ZCbaseZCSystemziPosixziInternalsZCfcntl", {fd, cmd, A(kScratch)}), -1);
    EXPECT_EQ(ctx.errno_value, abi::kENOSYS);
  }
  (void)h;
#endif
}

TEST_F(LibcIo, ReadyAndPollAreDeterministic) {
  spit(path("r"), "");
  int r = open_file("r", abi::kO_RDONLY), w = open_file("w", abi::kO_CREAT | abi::kO_WRONLY);
  // An empty file is reported ready: the outcome must not depend on timing.
  EXPECT_EQ(call32("fdReady", {r, 0, 0L, 0}), 1);
  EXPECT_EQ(call32("fdReady", {w, 1, 1000L, 0}), 1);
  abi::Pollfd pf[3] = {{r, abi::kPOLLIN, 77}, {w, abi::kPOLLOUT | abi::kPOLLIN, 0}, {42, abi::kPOLLIN, 0}};
  put_bytes(kScratch + 64, pf, sizeof pf);
  EXPECT_EQ(call32("poll", {A(kScratch + 64), 3u, -1}), 3);
  abi::Pollfd out[3];
  std::memcpy(out, mem.span(kScratch + 64, sizeof out), sizeof out);
  EXPECT_EQ(out[0].revents, abi::kPOLLIN);
  EXPECT_EQ(out[1].revents, abi::kPOLLOUT | abi::kPOLLIN);
  EXPECT_EQ(out[2].revents, abi::kPOLLNVAL);
  abi::Pollfd neg = {-1, abi::kPOLLIN, 5};
  put_bytes(kScratch + 64, &neg, sizeof neg);
  EXPECT_EQ(call32("poll", {A(kScratch + 64), 1u, 0}), 0);
  EXPECT_EQ(mem.load16(kScratch + 64 + 6), 0);
#if !defined(__wasm__)
  static_assert(sizeof(struct pollfd) == sizeof(abi::Pollfd) && POLLNVAL == abi::kPOLLNVAL);
#endif
}

TEST_F(LibcIo, CapiReadWriteLseekWrappers) {
  int fd = open_file("w", abi::kO_CREAT | abi::kO_RDWR);
  put_string(kScratch, "0123456789");
  EXPECT_EQ(icall("ghczuwrapperZC19ZCbaseZCSystemziPosixziInternalsZCwrite", {fd, A(kScratch), 5u}), 5);
  EXPECT_EQ(icall("ghczuwrapperZC20ZCbaseZCSystemziPosixziInternalsZCwrite", {fd, A(kScratch + 5), 5u}), 5);
  EXPECT_EQ(icall("ghczuwrapperZC23ZCbaseZCSystemziPosixziInternalsZClseek", {fd, 2L, abi::kSEEK_SET}), 2);
  EXPECT_EQ(icall("ghczuwrapperZC21ZCbaseZCSystemziPosixziInternalsZCread", {fd, A(kScratch + 32), 3u}), 3);
  EXPECT_EQ(icall("ghczuwrapperZC22ZCbaseZCSystemziPosixziInternalsZCread", {fd, A(kScratch + 35), 3u}), 3);
  EXPECT_EQ(get_bytes(kScratch + 32, 6), "234567");
  EXPECT_EQ(slurp(path("w")), "0123456789");
}

TEST_F(LibcIo, ReadIntoBadBufferFaults) {
  int fd = open_file("b", abi::kO_CREAT | abi::kO_RDWR);
  EXPECT_FAULT(call("read", {fd, A(kMemBytes - 4), 8u}));
  EXPECT_FAULT(call("write", {fd, A(0x10), 8u}));
  EXPECT_FAULT(call("__hscore_open", {A(kMemBytes + 16), abi::kO_RDONLY, 0u}));
}

TEST_F(LibcIo, StateReleaseClosesHostFds) {
  int fd = open_file("z", abi::kO_CREAT | abi::kO_RDWR);
  int d = call32("dup", {fd});
  int h = host_fd_of(fd);
  EXPECT_TRUE(host_fd_open(h));
  EXPECT_TRUE(host_fd_open(host_fd_of(d)));
  int hd = host_fd_of(d);
  ctx.state.reset();
  EXPECT_FALSE(host_fd_open(h));
  EXPECT_FALSE(host_fd_open(hd));
}

}  // namespace
}  // namespace stgvm::test
