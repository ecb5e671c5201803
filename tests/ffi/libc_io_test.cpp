// File descriptors and the file system: every result is checked against the host (the file's
// bytes and metadata read back with host calls, host errno values).
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include <utime.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "ffi/ffi_internal.h"
#include "ffi_test_util.h"

namespace stgvm::test {

class LibcIo : public FfiTest {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/stgvm-ffi-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir = tmpl;
  }
  void TearDown() override {
    ctx.state.reset();  // closes the program's fds
    std::string cmd = "rm -rf '" + dir + "'";
    ASSERT_EQ(std::system(cmd.c_str()), 0);
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
  static mode_t host_umask() {
    mode_t m = ::umask(0);
    ::umask(m);
    return m;
  }

  std::string dir;
};

namespace {

TEST_F(LibcIo, OpenWriteSeekReadClose) {
  int fd = open_file("a.txt", O_CREAT | O_RDWR | O_TRUNC);
  ASSERT_EQ(fd, 3);  // lowest free virtual fd, whatever the host numbers are
  put_string(kScratch, "hello, world");
  EXPECT_EQ(icall("write", {fd, A(kScratch), 12u}), 12);
  EXPECT_EQ(slurp(path("a.txt")), "hello, world");
  EXPECT_EQ(icall("lseek", {fd, 7, SEEK_SET}), 7);
  EXPECT_EQ(icall("read", {fd, A(kScratch + 100), 100u}), 5);
  EXPECT_EQ(get_bytes(kScratch + 100, 5), "world");
  EXPECT_EQ(icall("read", {fd, A(kScratch + 100), 100u}), 0);  // EOF
  EXPECT_EQ(icall("lseek", {fd, -5, SEEK_END}), 7);
  EXPECT_EQ(icall("lseek", {fd, 0, SEEK_CUR}), 7);
  EXPECT_EQ(call32("close", {fd}), 0);
  ctx.errno_value = 0;
  EXPECT_EQ(icall("read", {fd, A(kScratch), 1u}), -1);
  EXPECT_EQ(ctx.errno_value, EBADF);
  EXPECT_EQ(call32("close", {fd}), -1);
  EXPECT_EQ(ctx.errno_value, EBADF);
}

TEST_F(LibcIo, OpenErrorsAreHostErrno) {
  ctx.errno_value = 0;
  EXPECT_EQ(open_file("missing/x", O_RDONLY), -1);
  errno = 0;
  EXPECT_EQ(::open(path("missing/x").c_str(), O_RDONLY), -1);
  EXPECT_EQ(ctx.errno_value, errno);
  spit(path("e"), "x");
  EXPECT_EQ(open_file("e", O_CREAT | O_EXCL | O_WRONLY), -1);
  EXPECT_EQ(ctx.errno_value, EEXIST);
  EXPECT_EQ(call32("open", {A(cpath("e")), O_RDONLY}), 3);  // plain open, 2 arguments
}

TEST_F(LibcIo, OnlyProgramFdsAreUsable) {
  int host = ::open("/dev/null", O_RDONLY);
  ASSERT_GE(host, 3);
  ctx.errno_value = 0;
  EXPECT_EQ(icall("read", {host, A(kScratch), 1u}), -1);  // not opened by the program
  EXPECT_EQ(ctx.errno_value, EBADF);
  for (const char* fn : {"isatty", "dup", "close"}) {
    ctx.errno_value = 0;
    EXPECT_EQ(call32(fn, {host}), -1) << fn;
    EXPECT_EQ(ctx.errno_value, EBADF) << fn;
  }
  EXPECT_EQ(call32("fdReady", {host, 0, 0L, 0}), -1);
  EXPECT_EQ(call32("fcntl", {host, F_GETFL}), -1);
  EXPECT_EQ(call32("__hscore_ftruncate", {host, 0L}), -1);
  EXPECT_EQ(call32("__hscore_fstat", {host, A(kScratch)}), -1);
  EXPECT_EQ(ctx.errno_value, EBADF);
  EXPECT_EQ(fcntl(host, F_GETFD), 0);  // untouched
  ::close(host);
}

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

TEST_F(LibcIo, ClosingStdoutUnmapsButKeepsHostFd) {
  EXPECT_EQ(call32("close", {1}), 0);
  EXPECT_GE(fcntl(1, F_GETFD), 0);  // the VM's stdout is still open
  EXPECT_EQ(icall("write", {1, A(kScratch), 0u}), -1);
  EXPECT_EQ(ctx.errno_value, EBADF);
  // The lowest free number is now 1.
  EXPECT_EQ(open_file("n", O_CREAT | O_WRONLY), 1);
}

TEST_F(LibcIo, DupAndDup2) {
  int fd = open_file("d", O_CREAT | O_RDWR);
  ASSERT_EQ(fd, 3);
  int d = call32("dup", {fd});
  EXPECT_EQ(d, 4);
  put_string(kScratch, "abc");
  EXPECT_EQ(icall("write", {d, A(kScratch), 3u}), 3);
  EXPECT_EQ(icall("lseek", {fd, 0, SEEK_CUR}), 3);  // shared file offset, as with host dup
  EXPECT_EQ(call32("dup2", {fd, 10}), 10);
  EXPECT_EQ(icall("write", {10, A(kScratch), 3u}), 3);
  EXPECT_EQ(slurp(path("d")), "abcabc");
  EXPECT_EQ(call32("dup2", {fd, fd}), fd);
  EXPECT_EQ(call32("dup2", {99, 5}), -1);
  EXPECT_EQ(ctx.errno_value, EBADF);
  // dup2 onto an open fd replaces it.
  int other = open_file("o", O_CREAT | O_RDWR);
  EXPECT_EQ(other, 5);
  EXPECT_EQ(call32("dup2", {fd, other}), other);
  EXPECT_EQ(icall("write", {other, A(kScratch), 3u}), 3);
  EXPECT_EQ(slurp(path("d")), "abcabcabc");
  EXPECT_EQ(slurp(path("o")), "");
}

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
  EXPECT_THROW(call("pipe", {A(kMemBytes - 4)}), MemoryFault);
  EXPECT_EQ(call32("fdReady", {5, 0, 0L, 0}), -1);  // no fd leaked by the faulting call
}

// The RTS ignores SIGPIPE: writing to a pipe nobody reads is EPIPE, not death.
TEST_F(LibcIo, BrokenPipeIsEpipeNotSigpipe) {
  ASSERT_EQ(call32("pipe", {A(kScratch)}), 0);
  int r = int32_t(mem.load32(kScratch)), w = int32_t(mem.load32(kScratch + 4));
  EXPECT_EQ(call32("close", {r}), 0);
  ctx.errno_value = 0;
  EXPECT_EQ(icall("write", {w, A(kScratch), 4u}), -1);
  EXPECT_EQ(ctx.errno_value, EPIPE);
  sigset_t pending;
  sigemptyset(&pending);
  sigpending(&pending);
  EXPECT_EQ(sigismember(&pending, SIGPIPE), 0);  // nothing left behind
}

TEST_F(LibcIo, IsattyMatchesHost) {
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
  for (int fd = 0; fd < 3; ++fd) EXPECT_EQ(call32("isatty", {fd}), ::isatty(fd));
}

TEST_F(LibcIo, FileSystemCalls) {
  // creat
  int fd = call32("creat", {A(cpath("c")), 0640u});
  ASSERT_EQ(fd, 3);
  struct stat s;
  ASSERT_EQ(::stat(path("c").c_str(), &s), 0);
  EXPECT_EQ(s.st_mode & 0777, 0640u & ~host_umask());
  EXPECT_EQ(fcntl(host_fd_of(fd), F_GETFL) & O_ACCMODE, O_WRONLY);
  // access
  EXPECT_EQ(call32("access", {A(cpath("c")), F_OK}), 0);
  EXPECT_EQ(call32("access", {A(cpath("nope")), F_OK}), -1);
  EXPECT_EQ(ctx.errno_value, ENOENT);
  // chmod
  EXPECT_EQ(call32("chmod", {A(cpath("c")), 0600u}), 0);
  ASSERT_EQ(::stat(path("c").c_str(), &s), 0);
  EXPECT_EQ(s.st_mode & 0777, 0600u);
  // link
  EXPECT_EQ(call32("link", {A(cpath("c")), A(cpath("c2", kScratch + 0x9000))}), 0);
  ASSERT_EQ(::stat(path("c").c_str(), &s), 0);
  EXPECT_EQ(s.st_nlink, 2u);
  EXPECT_EQ(call32("link", {A(cpath("c")), A(cpath("c2", kScratch + 0x9000))}), -1);
  EXPECT_EQ(ctx.errno_value, EEXIST);
  // unlink
  EXPECT_EQ(call32("unlink", {A(cpath("c2"))}), 0);
  EXPECT_NE(::access(path("c2").c_str(), F_OK), 0);
  EXPECT_EQ(call32("unlink", {A(cpath("c2"))}), -1);
  EXPECT_EQ(ctx.errno_value, ENOENT);
  // mkfifo
  EXPECT_EQ(call32("mkfifo", {A(cpath("f")), 0666u}), 0);
  ASSERT_EQ(::stat(path("f").c_str(), &s), 0);
  EXPECT_TRUE(S_ISFIFO(s.st_mode));
  EXPECT_EQ(s.st_mode & 0777, 0644u & ~host_umask());  // virtual umask 022
}

TEST_F(LibcIo, UmaskIsVirtual) {
  mode_t host_before = ::umask(022);
  ::umask(host_before);
  EXPECT_EQ(call("umask", {077u}), 022u);
  EXPECT_EQ(call("umask", {077u}), 077u);
  mode_t host_after = ::umask(022);
  ::umask(host_after);
  EXPECT_EQ(host_before, host_after);
  ::umask(0);  // so only the virtual umask applies
  int fd = open_file("u", O_CREAT | O_WRONLY, 0666);
  ::umask(host_before);
  ASSERT_GE(fd, 0);
  struct stat s;
  ASSERT_EQ(::stat(path("u").c_str(), &s), 0);
  EXPECT_EQ(s.st_mode & 0777, 0600u);
}

TEST_F(LibcIo, Utime) {
  spit(path("t"), "x");
  struct utimbuf tb = {1000000000, 1234567890};
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
  EXPECT_EQ(ctx.errno_value, ENOENT);
  // The capi wrapper label behaves the same.
  EXPECT_EQ(call32("ghczuwrapperZC18ZCbaseZCSystemziPosixziInternalsZCutime", {A(cpath("t")), A(kScratch)}), 0);
}

TEST_F(LibcIo, Fcntl) {
  int fd = open_file("fl", O_CREAT | O_RDWR | O_APPEND);
  int h = host_fd_of(fd);
  // F_GETFL is the host's answer for the host fd.
  EXPECT_EQ(call32("fcntl", {fd, F_GETFL}), ::fcntl(h, F_GETFL));
  // F_SETFL reaches the host fd (c_fcntl_write takes a long).
  int fl = call32("fcntl", {fd, F_GETFL});
  EXPECT_EQ(call32("fcntl", {fd, F_SETFL, long(fl | O_NONBLOCK)}), 0);
  EXPECT_NE(::fcntl(h, F_GETFL) & O_NONBLOCK, 0);
  // F_SETFD/F_GETFD: the program's flag.
  EXPECT_EQ(call32("fcntl", {fd, F_GETFD}), 0);
  EXPECT_EQ(call32("fcntl", {fd, F_SETFD, long(FD_CLOEXEC)}), 0);
  EXPECT_EQ(call32("fcntl", {fd, F_GETFD}), FD_CLOEXEC);
  EXPECT_NE(::fcntl(h, F_GETFD) & FD_CLOEXEC, 0);  // host fds are always close-on-exec
  // F_DUPFD: lowest free ≥ arg.
  EXPECT_EQ(call32("fcntl", {fd, F_DUPFD, 7L}), 7);
  EXPECT_EQ(call32("fcntl", {fd, F_DUPFD_CLOEXEC, 7L}), 8);
  EXPECT_EQ(call32("fcntl", {8, F_GETFD}), FD_CLOEXEC);
  // F_GETLK with a struct flock in linear memory (c_fcntl_lock), compared with the host.
  struct flock fl_in = {};
  fl_in.l_type = F_WRLCK;
  fl_in.l_whence = SEEK_SET;
  fl_in.l_start = 0;
  fl_in.l_len = 10;
  put_bytes(kScratch, &fl_in, sizeof fl_in);
  EXPECT_EQ(call32("fcntl", {fd, F_GETLK, A(kScratch)}), 0);
  struct flock host_fl = fl_in;
  ASSERT_EQ(::fcntl(h, F_GETLK, &host_fl), 0);
  EXPECT_EQ(get_bytes(kScratch, sizeof host_fl), std::string(reinterpret_cast<char*>(&host_fl), sizeof host_fl));
  EXPECT_EQ(call32("fcntl", {fd, F_SETLK, A(kScratch)}), 0);
  // Unsupported command.
  EXPECT_EQ(call32("fcntl", {fd, 12345}), -1);
  EXPECT_EQ(ctx.errno_value, EINVAL);
  // The three capi wrappers.
  EXPECT_EQ(call32("ghczuwrapperZC15ZCbaseZCSystemziPosixziInternalsZCfcntl", {fd, F_GETFL}), ::fcntl(h, F_GETFL));
  EXPECT_EQ(call32("ghczuwrapperZC16ZCbaseZCSystemziPosixziInternalsZCfcntl", {fd, F_SETFD, 0L}), 0);
  put_bytes(kScratch, &fl_in, sizeof fl_in);  // F_GETLK wrote F_UNLCK into it
  EXPECT_EQ(call32("ghczuwrapperZC17ZCbaseZCSystemziPosixziInternalsZCfcntl", {fd, F_GETLK, A(kScratch)}), 0);
}

TEST_F(LibcIo, ReadyAndPollAreDeterministic) {
  ASSERT_EQ(call32("pipe", {A(kScratch)}), 0);
  int r = int32_t(mem.load32(kScratch)), w = int32_t(mem.load32(kScratch + 4));
  // An empty pipe is reported ready: the outcome must not depend on timing.
  EXPECT_EQ(call32("fdReady", {r, 0, 0L, 0}), 1);
  EXPECT_EQ(call32("fdReady", {w, 1, 1000L, 0}), 1);
  struct pollfd pf[3] = {{r, POLLIN, 77}, {w, POLLOUT | POLLIN, 0}, {42, POLLIN, 0}};
  put_bytes(kScratch + 64, pf, sizeof pf);
  EXPECT_EQ(call32("poll", {A(kScratch + 64), 3u, -1}), 3);
  struct pollfd out[3];
  std::memcpy(out, mem.span(kScratch + 64, sizeof out), sizeof out);
  EXPECT_EQ(out[0].revents, POLLIN);
  EXPECT_EQ(out[1].revents, POLLOUT | POLLIN);
  EXPECT_EQ(out[2].revents, POLLNVAL);
  struct pollfd neg = {-1, POLLIN, 5};
  put_bytes(kScratch + 64, &neg, sizeof neg);
  EXPECT_EQ(call32("poll", {A(kScratch + 64), 1u, 0}), 0);
  EXPECT_EQ(mem.load16(kScratch + 64 + 6), 0);
}

TEST_F(LibcIo, CapiReadWriteLseekWrappers) {
  int fd = open_file("w", O_CREAT | O_RDWR);
  put_string(kScratch, "0123456789");
  EXPECT_EQ(icall("ghczuwrapperZC19ZCbaseZCSystemziPosixziInternalsZCwrite", {fd, A(kScratch), 5u}), 5);
  EXPECT_EQ(icall("ghczuwrapperZC20ZCbaseZCSystemziPosixziInternalsZCwrite", {fd, A(kScratch + 5), 5u}), 5);
  EXPECT_EQ(icall("ghczuwrapperZC23ZCbaseZCSystemziPosixziInternalsZClseek", {fd, 2L, SEEK_SET}), 2);
  EXPECT_EQ(icall("ghczuwrapperZC21ZCbaseZCSystemziPosixziInternalsZCread", {fd, A(kScratch + 32), 3u}), 3);
  EXPECT_EQ(icall("ghczuwrapperZC22ZCbaseZCSystemziPosixziInternalsZCread", {fd, A(kScratch + 35), 3u}), 3);
  EXPECT_EQ(get_bytes(kScratch + 32, 6), "234567");
  EXPECT_EQ(slurp(path("w")), "0123456789");
}

TEST_F(LibcIo, ReadIntoBadBufferFaults) {
  int fd = open_file("b", O_CREAT | O_RDWR);
  EXPECT_THROW(call("read", {fd, A(kMemBytes - 4), 8u}), MemoryFault);
  EXPECT_THROW(call("write", {fd, A(0x10), 8u}), MemoryFault);
  EXPECT_THROW(call("__hscore_open", {A(kMemBytes + 16), O_RDONLY, 0u}), MemoryFault);
}

TEST_F(LibcIo, StateReleaseClosesHostFds) {
  int fd = open_file("z", O_CREAT | O_RDWR);
  int h = host_fd_of(fd);
  EXPECT_GE(::fcntl(h, F_GETFD), 0);
  ctx.state.reset();
  EXPECT_EQ(::fcntl(h, F_GETFD), -1);
}

}  // namespace
}  // namespace stgvm::test
