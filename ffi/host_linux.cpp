// The shims' host calls on Linux (ffi/host.h): the system calls themselves. The program's ABI
// (ffi/abi.h) is this host's, which the static_asserts below check value by value and field
// by field; structures are copied byte for byte.
#if !defined(__wasm__)
#include "ffi/host.h"

#include <fcntl.h>
#include <iconv.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>
#include <utime.h>

#include <cerrno>
#include <cstddef>
#include <cstring>
#include <utility>

namespace stgvm::host {

// ---- the ABI is this host's ------------------------------------------------------------------
#define X(name, value, msg) static_assert(abi::k##name == name, #name);
#include "ffi/abi_errno.inc"
#undef X
static_assert(abi::kEWOULDBLOCK == EWOULDBLOCK && abi::kENOTSUP == ENOTSUP);
#define SAME(name) static_assert(abi::k##name == name, #name)
SAME(O_RDONLY);
SAME(O_WRONLY);
SAME(O_RDWR);
SAME(O_ACCMODE);
SAME(O_CREAT);
SAME(O_EXCL);
SAME(O_NOCTTY);
SAME(O_TRUNC);
SAME(O_APPEND);
SAME(O_NONBLOCK);
SAME(O_DSYNC);
SAME(O_ASYNC);
SAME(O_DIRECT);
SAME(O_DIRECTORY);
SAME(O_NOFOLLOW);
SAME(O_NOATIME);
SAME(O_CLOEXEC);
SAME(O_SYNC);
SAME(O_PATH);
SAME(F_DUPFD);
SAME(F_GETFD);
SAME(F_SETFD);
SAME(F_GETFL);
SAME(F_SETFL);
SAME(F_GETLK);
SAME(F_SETLK);
SAME(F_SETLKW);
SAME(F_OFD_GETLK);
SAME(F_OFD_SETLK);
SAME(F_OFD_SETLKW);
SAME(F_DUPFD_CLOEXEC);
SAME(FD_CLOEXEC);
SAME(F_RDLCK);
SAME(F_WRLCK);
SAME(F_UNLCK);
SAME(F_OK);
SAME(X_OK);
SAME(W_OK);
SAME(R_OK);
SAME(SEEK_SET);
SAME(SEEK_CUR);
SAME(SEEK_END);
SAME(S_IFMT);
SAME(S_IFSOCK);
SAME(S_IFLNK);
SAME(S_IFREG);
SAME(S_IFBLK);
SAME(S_IFDIR);
SAME(S_IFCHR);
SAME(S_IFIFO);
SAME(POLLIN);
SAME(POLLPRI);
SAME(POLLOUT);
SAME(POLLERR);
SAME(POLLHUP);
SAME(POLLNVAL);
SAME(POLLRDNORM);
SAME(POLLRDBAND);
SAME(POLLWRNORM);
SAME(POLLWRBAND);
SAME(ECHO);
SAME(ICANON);
SAME(ISIG);
SAME(ECHOE);
SAME(ECHOK);
SAME(ECHOCTL);
SAME(ECHOKE);
SAME(IEXTEN);
SAME(VINTR);
SAME(VQUIT);
SAME(VERASE);
SAME(VKILL);
SAME(VEOF);
SAME(VTIME);
SAME(VMIN);
SAME(VSTART);
SAME(VSTOP);
SAME(VSUSP);
SAME(VREPRINT);
SAME(VDISCARD);
SAME(VWERASE);
SAME(VLNEXT);
SAME(TCSANOW);
SAME(NCCS);
SAME(SIGINT);
SAME(SIGKILL);
SAME(SIGPIPE);
SAME(SIGSTOP);
SAME(SIGTTOU);
SAME(NSIG);
SAME(SIG_BLOCK);
SAME(SIG_UNBLOCK);
SAME(SIG_SETMASK);
SAME(BUFSIZ);
#undef SAME

using HostStat = struct stat;
using HostTermios = struct termios;
using HostFlock = struct flock;
using HostPollfd = struct pollfd;
using HostUtimbuf = struct utimbuf;
#define SAME_FIELD(S, T, f, g)                                                                    \
  static_assert(offsetof(S, f) == offsetof(T, g) &&                                                \
                    sizeof(std::declval<S&>().f) == sizeof(std::declval<T&>().g), #f)
static_assert(sizeof(struct stat) == sizeof(abi::Stat));
SAME_FIELD(HostStat, abi::Stat, st_dev, st_dev);
SAME_FIELD(HostStat, abi::Stat, st_ino, st_ino);
SAME_FIELD(HostStat, abi::Stat, st_nlink, st_nlink);
SAME_FIELD(HostStat, abi::Stat, st_mode, st_mode);
SAME_FIELD(HostStat, abi::Stat, st_uid, st_uid);
SAME_FIELD(HostStat, abi::Stat, st_gid, st_gid);
SAME_FIELD(HostStat, abi::Stat, st_rdev, st_rdev);
SAME_FIELD(HostStat, abi::Stat, st_size, st_size);
SAME_FIELD(HostStat, abi::Stat, st_blksize, st_blksize);
SAME_FIELD(HostStat, abi::Stat, st_blocks, st_blocks);
SAME_FIELD(HostStat, abi::Stat, st_atim.tv_sec, st_atim_sec);
SAME_FIELD(HostStat, abi::Stat, st_atim.tv_nsec, st_atim_nsec);
SAME_FIELD(HostStat, abi::Stat, st_mtim.tv_sec, st_mtim_sec);
SAME_FIELD(HostStat, abi::Stat, st_mtim.tv_nsec, st_mtim_nsec);
SAME_FIELD(HostStat, abi::Stat, st_ctim.tv_sec, st_ctim_sec);
SAME_FIELD(HostStat, abi::Stat, st_ctim.tv_nsec, st_ctim_nsec);
static_assert(sizeof(struct termios) == sizeof(abi::Termios));
SAME_FIELD(HostTermios, abi::Termios, c_iflag, c_iflag);
SAME_FIELD(HostTermios, abi::Termios, c_oflag, c_oflag);
SAME_FIELD(HostTermios, abi::Termios, c_cflag, c_cflag);
SAME_FIELD(HostTermios, abi::Termios, c_lflag, c_lflag);
SAME_FIELD(HostTermios, abi::Termios, c_line, c_line);
SAME_FIELD(HostTermios, abi::Termios, c_cc, c_cc);
SAME_FIELD(HostTermios, abi::Termios, c_ispeed, c_ispeed);
SAME_FIELD(HostTermios, abi::Termios, c_ospeed, c_ospeed);
static_assert(sizeof(struct flock) == sizeof(abi::Flock));
SAME_FIELD(HostFlock, abi::Flock, l_type, l_type);
SAME_FIELD(HostFlock, abi::Flock, l_whence, l_whence);
SAME_FIELD(HostFlock, abi::Flock, l_start, l_start);
SAME_FIELD(HostFlock, abi::Flock, l_len, l_len);
SAME_FIELD(HostFlock, abi::Flock, l_pid, l_pid);
static_assert(sizeof(struct pollfd) == sizeof(abi::Pollfd));
SAME_FIELD(HostPollfd, abi::Pollfd, fd, fd);
SAME_FIELD(HostPollfd, abi::Pollfd, events, events);
SAME_FIELD(HostPollfd, abi::Pollfd, revents, revents);
static_assert(sizeof(struct utimbuf) == sizeof(abi::Utimbuf));
SAME_FIELD(HostUtimbuf, abi::Utimbuf, actime, actime);
SAME_FIELD(HostUtimbuf, abi::Utimbuf, modtime, modtime);
static_assert(sizeof(sigset_t) == abi::kSigsetBytes && sizeof(siginfo_t) == abi::kSiginfoBytes);
#undef SAME_FIELD

namespace {
int64_t result(int64_t r) { return r < 0 ? -errno : r; }
}  // namespace

int64_t read(int fd, void* buf, size_t n) { return result(::read(fd, buf, n)); }

int64_t write(int fd, const void* buf, size_t n) {
  sigset_t pipe_set, old, pending;
  sigemptyset(&pipe_set);
  sigaddset(&pipe_set, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
  sigemptyset(&pending);
  sigpending(&pending);
  bool was_pending = sigismember(&pending, SIGPIPE) == 1;
  ssize_t r = ::write(fd, buf, n);
  int e = errno;
  if (r < 0 && e == EPIPE && !was_pending) {
    struct timespec zero = {0, 0};
    while (sigtimedwait(&pipe_set, nullptr, &zero) < 0 && errno == EINTR) {
    }
  }
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  return r < 0 ? -e : r;
}

int close(int fd) { return int(result(::close(fd))); }
int dup(int fd) { return int(result(::fcntl(fd, F_DUPFD_CLOEXEC, 3))); }
int64_t lseek(int fd, int64_t offset, int whence) { return result(::lseek(fd, off_t(offset), whence)); }
int open(const char* path, int flags, uint32_t mode) {
  return int(result(::open(path, flags | O_CLOEXEC, mode_t(mode))));
}
int unlink(const char* path) { return int(result(::unlink(path))); }
int access(const char* path, int mode) { return int(result(::access(path, mode))); }
int chmod(const char* path, uint32_t mode) { return int(result(::chmod(path, mode_t(mode)))); }
int link(const char* from, const char* to) { return int(result(::link(from, to))); }
int mkfifo(const char* path, uint32_t mode) { return int(result(::mkfifo(path, mode_t(mode)))); }
int pipe(int fds[2]) { return int(result(::pipe2(fds, O_CLOEXEC))); }
int isatty(int fd) { return ::isatty(fd) ? 1 : -errno; }

int utime(const char* path, const abi::Utimbuf* times) {
  if (!times) return int(result(::utime(path, nullptr)));
  struct utimbuf t;
  std::memcpy(&t, times, sizeof t);
  return int(result(::utime(path, &t)));
}

int fcntl_getfl(int fd) { return int(result(::fcntl(fd, F_GETFL))); }
int fcntl_setfl(int fd, int flags) { return int(result(::fcntl(fd, F_SETFL, flags))); }
int fcntl_getfd(int fd) { return int(result(::fcntl(fd, F_GETFD))); }
int fcntl_lock(int fd, int cmd, abi::Flock* lock) {
  struct flock fl;
  std::memcpy(&fl, lock, sizeof fl);
  int r = ::fcntl(fd, cmd, &fl);
  if (r < 0) return -errno;
  std::memcpy(lock, &fl, sizeof fl);
  return r;
}

namespace {
// A host struct stat as the ABI's image (padding zeroed: no stray host bytes).
template <class F>
int do_stat(abi::Stat* out, F call) {
  struct stat s;
  std::memset(&s, 0, sizeof s);
  if (call(&s) < 0) return -errno;
  std::memcpy(out, &s, sizeof s);
  return 0;
}
}  // namespace

int stat(const char* path, abi::Stat* out) {
  return do_stat(out, [&](struct stat* s) { return ::stat(path, s); });
}
int lstat(const char* path, abi::Stat* out) {
  return do_stat(out, [&](struct stat* s) { return ::lstat(path, s); });
}
int fstat(int fd, abi::Stat* out) {
  return do_stat(out, [&](struct stat* s) { return ::fstat(fd, s); });
}
int ftruncate(int fd, int64_t length) { return int(result(::ftruncate(fd, off_t(length)))); }

int tcgetattr(int fd, abi::Termios* out) {
  struct termios t;
  std::memset(&t, 0, sizeof t);  // glibc leaves the padding alone
  if (::tcgetattr(fd, &t) < 0) return -errno;
  std::memcpy(out, &t, sizeof t);
  return 0;
}

int tcsetattr(int fd, int action, const abi::Termios* t) {
  struct termios ht;
  std::memcpy(&ht, t, sizeof ht);
  sigset_t ttou, old;
  sigemptyset(&ttou);
  sigaddset(&ttou, SIGTTOU);
  pthread_sigmask(SIG_BLOCK, &ttou, &old);
  int r = ::tcsetattr(fd, action, &ht);
  int e = errno;
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  return r < 0 ? -e : 0;
}

std::string strerror(int e) {
  char buf[256];
  return strerror_r(e, buf, sizeof buf);  // GNU strerror_r: returns the message
}

std::string locale_codeset(const std::string& name) {
  locale_t loc = newlocale(LC_CTYPE_MASK, name.c_str(), locale_t(0));
  if (!loc) loc = newlocale(LC_CTYPE_MASK, "C", locale_t(0));
  std::string codeset = loc ? nl_langinfo_l(CODESET, loc) : "ANSI_X3.4-1968";
  if (loc) freelocale(loc);
  return codeset;
}

std::string fd_path(int fd) {
  char link[64], path[4096];
  snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  ssize_t n = readlink(link, path, sizeof path - 1);
  return n > 0 ? std::string(path, size_t(n)) : std::string();
}

void* iconv_open(const char* to, const char* from, int* err) {
  iconv_t cd = ::iconv_open(to, from);
  if (cd == iconv_t(-1)) {
    *err = errno;
    return nullptr;
  }
  return cd;
}

size_t iconv(void* cd, char** in, size_t* inleft, char** out, size_t* outleft, int* err) {
  size_t r = ::iconv(static_cast<iconv_t>(cd), in, inleft, out, outleft);
  if (r == size_t(-1)) *err = errno;
  return r;
}

int iconv_close(void* cd) { return ::iconv_close(static_cast<iconv_t>(cd)) < 0 ? -errno : 0; }

}  // namespace stgvm::host
#endif
