// The shims' host calls on wasm32-wasi (ffi/host.h): wasi-libc over WASI preview 1, with the
// program's ABI (x86_64 Linux, ffi/abi.h) translated on the way in and out — open flags,
// struct stat, errno values (WASI numbers them differently: ENOENT is 44 there).
//
// What WASI lacks:
// * Paths resolve only under the directories the runner preopened (wasi-libc matches the
//   longest preopened prefix; a relative path is taken from "/", so a runner that preopens
//   the working directory as "." makes relative paths work). A path outside every preopen is
//   EACCES here (WASI's ENOTCAPABLE).
// * No dup: host::dup returns the same host fd and the shims share it (libc_io.cpp). No pipe,
//   mkfifo, chmod or record locks (fcntl F_*LK): ENOSYS. No permission bits: st_mode has the
//   file type only, and open ignores its mode. No FIFOs: pipes (stream sockets to WASI)
//   appear as FIFOs.
// * No terminal control: tcgetattr/tcsetattr fail with ENOTTY (EBADF) on anything that is
//   not a terminal, exactly as natively; on a terminal they work on a per-fd termios the
//   program can read back (initially a cooked terminal's) without changing the real one.
// * No signals: SIGPIPE cannot happen (a closed pipe is EPIPE).
// * F_GETFL: the access mode comes from the fd's WASI rights; O_APPEND/O_NONBLOCK/O_SYNC are
//   what the program asked for (open, F_SETFL), kept here per host fd; O_LARGEFILE is added
//   as Linux does for files and terminals (not for pipes and sockets).
// * Node makes pipes non-blocking behind the program's back; for an fd the program did not
//   make O_NONBLOCK, read and write wait (poll) and retry on EAGAIN, so it blocks as natively.
// * Locales: the host's locale data is not reachable; locale_codeset answers as glibc does on
//   a host with only its built-in locales (C, POSIX, C.UTF-8 in any spelling of its codeset).
// * iconv: ffi/iconv_compat.cpp (glibc's behaviour for the Unicode charsets, ASCII and
//   Latin-1); strerror: glibc's texts (abi::glibc_strerror).
#if defined(__wasm__)
#include "ffi/host.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <wasi/api.h>

#include <cstring>
#include <map>
#include <memory>

#include "ffi/iconv_compat.h"

namespace stgvm::host {

namespace {

// WASI's errno → the ABI's.
int abi_errno(int e) {
  switch (e) {
#define E(name) \
  case name: return abi::k##name;
    E(E2BIG) E(EACCES) E(EADDRINUSE) E(EADDRNOTAVAIL) E(EAFNOSUPPORT) E(EAGAIN) E(EALREADY) E(EBADF) E(EBADMSG)
    E(EBUSY) E(ECANCELED) E(ECHILD) E(ECONNABORTED) E(ECONNREFUSED) E(ECONNRESET) E(EDEADLK) E(EDESTADDRREQ)
    E(EDOM) E(EDQUOT) E(EEXIST) E(EFAULT) E(EFBIG) E(EHOSTUNREACH) E(EIDRM) E(EILSEQ) E(EINPROGRESS) E(EINTR)
    E(EINVAL) E(EIO) E(EISCONN) E(EISDIR) E(ELOOP) E(EMFILE) E(EMLINK) E(EMSGSIZE) E(EMULTIHOP) E(ENAMETOOLONG)
    E(ENETDOWN) E(ENETRESET) E(ENETUNREACH) E(ENFILE) E(ENOBUFS) E(ENODEV) E(ENOENT) E(ENOEXEC) E(ENOLCK)
    E(ENOLINK) E(ENOMEM) E(ENOMSG) E(ENOPROTOOPT) E(ENOSPC) E(ENOSYS) E(ENOTCONN) E(ENOTDIR) E(ENOTEMPTY)
    E(ENOTRECOVERABLE) E(ENOTSOCK) E(ENOTSUP) E(ENOTTY) E(ENXIO) E(EOVERFLOW) E(EOWNERDEAD) E(EPERM) E(EPIPE)
    E(EPROTO) E(EPROTONOSUPPORT) E(EPROTOTYPE) E(ERANGE) E(EROFS) E(ESPIPE) E(ESRCH) E(ESTALE) E(ETIMEDOUT)
    E(ETXTBSY) E(EXDEV)
#undef E
    case ENOTCAPABLE: return abi::kEACCES;  // outside every preopened directory
    case 0: return 0;
    default: return abi::kEIO;
  }
}
int fail() { return -abi_errno(errno); }
int64_t result(int64_t r) { return r < 0 ? fail() : r; }

// The status flags the program set on each host fd (open, F_SETFL); shared by the virtual
// fds that share the host fd, as status flags are shared between duplicates.
constexpr int kStatusFlags =
    abi::kO_APPEND | abi::kO_NONBLOCK | abi::kO_DSYNC | abi::kO_SYNC | abi::kO_ASYNC | abi::kO_DIRECT | abi::kO_NOATIME;
std::map<int, int>& status_flags() {
  static std::map<int, int> m;
  return m;
}
int flags_of(int fd) {
  auto it = status_flags().find(fd);
  return it == status_flags().end() ? 0 : it->second;
}

// Waits until fd is ready for reading/writing (a blocking fd Node made non-blocking).
void wait_ready(int fd, bool for_write) {
  struct pollfd p = {fd, short(for_write ? POLLOUT : POLLIN), 0};
  if (::poll(&p, 1, -1) < 0) {
    struct pollfd none = {-1, 0, 0};
    ::poll(&none, 0, 1);  // cannot wait on the fd: wait a millisecond instead
  }
}

template <class F>
int64_t retrying(int fd, bool for_write, F call) {
  for (;;) {
    ssize_t r = call();
    if (r >= 0) return r;
    if (errno == EINTR) continue;
    if (errno == EAGAIN && !(flags_of(fd) & abi::kO_NONBLOCK)) {
      wait_ready(fd, for_write);
      continue;
    }
    return fail();
  }
}

__wasi_filetype_t filetype(int fd) {
  __wasi_fdstat_t st;
  if (__wasi_fd_fdstat_get(__wasi_fd_t(fd), &st) != 0) return __WASI_FILETYPE_UNKNOWN;
  return st.fs_filetype;
}

// WASI's file type as Linux's S_IF* bits. WASI has no FIFOs: pipes are stream sockets to it
// (wasi-libc's S_IFIFO is S_IFSOCK), and they are what a program's standard streams usually
// are, so they appear as FIFOs, as natively.
uint32_t file_type(mode_t m) {
  switch (m & S_IFMT) {
    case S_IFREG: return abi::kS_IFREG;
    case S_IFDIR: return abi::kS_IFDIR;
    case S_IFCHR: return abi::kS_IFCHR;
    case S_IFBLK: return abi::kS_IFBLK;
    case S_IFLNK: return abi::kS_IFLNK;
    case S_IFSOCK: return abi::kS_IFIFO;
    default: return 0;
  }
}

void to_abi(const struct stat& s, abi::Stat* out) {
  *out = abi::Stat{};
  out->st_dev = uint64_t(s.st_dev);
  out->st_ino = uint64_t(s.st_ino);
  out->st_nlink = uint64_t(s.st_nlink);
  out->st_mode = file_type(s.st_mode) | uint32_t(s.st_mode & 07777);
  out->st_uid = uint32_t(s.st_uid);
  out->st_gid = uint32_t(s.st_gid);
  out->st_rdev = uint64_t(s.st_rdev);
  out->st_size = int64_t(s.st_size);
  out->st_blksize = int64_t(s.st_blksize);
  out->st_blocks = int64_t(s.st_blocks);
  out->st_atim_sec = int64_t(s.st_atim.tv_sec);
  out->st_atim_nsec = int64_t(s.st_atim.tv_nsec);
  out->st_mtim_sec = int64_t(s.st_mtim.tv_sec);
  out->st_mtim_nsec = int64_t(s.st_mtim.tv_nsec);
  out->st_ctim_sec = int64_t(s.st_ctim.tv_sec);
  out->st_ctim_nsec = int64_t(s.st_ctim.tv_nsec);
}
static_assert(SEEK_SET == abi::kSEEK_SET && SEEK_CUR == abi::kSEEK_CUR && SEEK_END == abi::kSEEK_END);

// A cooked terminal's settings (what `stty sane` gives on Linux at 38400 baud, UTF-8).
abi::Termios default_termios() {
  abi::Termios t{};
  t.c_iflag = 02 | 0400 | 02000 | 020000 | 040000;  // BRKINT ICRNL IXON IMAXBEL IUTF8
  t.c_oflag = 01 | 04;                              // OPOST ONLCR
  t.c_cflag = 017 | 060 | 0200;                     // B38400 CS8 CREAD
  t.c_lflag = abi::kISIG | abi::kICANON | abi::kECHO | abi::kECHOE | abi::kECHOK | abi::kECHOCTL | abi::kECHOKE |
              abi::kIEXTEN;
  const uint8_t cc[] = {3, 034, 0177, 025, 4, 0, 1, 0, 021, 023, 032, 0, 022, 017, 027, 026};
  std::memcpy(t.c_cc, cc, sizeof cc);
  t.c_ispeed = t.c_ospeed = 017;
  return t;
}
std::map<int, abi::Termios>& terminals() {
  static std::map<int, abi::Termios> m;
  return m;
}
// 0 if fd is a terminal, else -errno (as tcgetattr would fail).
int check_tty(int fd) {
  if (::isatty(fd)) return 0;
  return fail();
}

}  // namespace

int64_t read(int fd, void* buf, size_t n) {
  int64_t r = retrying(fd, false, [&] { return ::read(fd, buf, n); });
  // A directory has no fd_read right in WASI; Linux says what it is.
  if (r == -abi::kEBADF && filetype(fd) == __WASI_FILETYPE_DIRECTORY) return -abi::kEISDIR;
  return r;
}
int64_t write(int fd, const void* buf, size_t n) {
  return retrying(fd, true, [&] { return ::write(fd, buf, n); });
}

int close(int fd) {
  status_flags().erase(fd);
  terminals().erase(fd);
  return int(result(::close(fd)));
}

int dup(int fd) {
  if (int r = fcntl_getfd(fd); r < 0) return r;
  return fd;  // shared (see the top of the file)
}

int64_t lseek(int fd, int64_t offset, int whence) { return result(::lseek(fd, off_t(offset), whence)); }

int open(const char* path, int flags, uint32_t mode) {
  int acc = flags & abi::kO_ACCMODE;
  int w = acc == abi::kO_RDONLY ? O_RDONLY : acc == abi::kO_WRONLY ? O_WRONLY : O_RDWR;
  if (flags & abi::kO_CREAT) w |= O_CREAT;
  if (flags & abi::kO_EXCL) w |= O_EXCL;
  if (flags & abi::kO_TRUNC) w |= O_TRUNC;
  if (flags & abi::kO_APPEND) w |= O_APPEND;
  if (flags & abi::kO_DIRECTORY) w |= O_DIRECTORY;
  if (flags & abi::kO_NOFOLLOW) w |= O_NOFOLLOW;
  if ((flags & abi::kO_SYNC) == abi::kO_SYNC) w |= O_SYNC;
  else if (flags & abi::kO_DSYNC) w |= O_DSYNC;
  int fd = ::open(path, w, mode_t(mode));
  if (fd < 0) return fail();
  status_flags()[fd] = flags & kStatusFlags;
  return fd;
}

int unlink(const char* path) { return int(result(::unlink(path))); }

int access(const char* path, int mode) {
  int w = (mode & abi::kR_OK ? R_OK : 0) | (mode & abi::kW_OK ? W_OK : 0) | (mode & abi::kX_OK ? X_OK : 0);
  return int(result(::access(path, w ? w : F_OK)));
}

int chmod(const char*, uint32_t) { return -abi::kENOSYS; }
int link(const char* from, const char* to) { return int(result(::link(from, to))); }
int mkfifo(const char*, uint32_t) { return -abi::kENOSYS; }
int pipe(int*) { return -abi::kENOSYS; }
int isatty(int fd) { return ::isatty(fd) ? 1 : fail(); }

int utime(const char* path, const abi::Utimbuf* times) {
  struct timespec ts[2];
  if (!times) {  // now (WASI's "now" flags are not honoured by every runtime: the time is explicit)
    if (clock_gettime(CLOCK_REALTIME, &ts[0]) < 0) return fail();
    ts[1] = ts[0];
  } else {
    ts[0] = {time_t(times->actime), 0};
    ts[1] = {time_t(times->modtime), 0};
  }
  return int(result(::utimensat(AT_FDCWD, path, ts, 0)));
}

int fcntl_getfl(int fd) {
  if (int r = fcntl_getfd(fd); r < 0) return r;
  int fl = ::fcntl(fd, F_GETFL);
  if (fl < 0) return fail();
  int acc = (fl & O_RDWR) == O_RDWR ? abi::kO_RDWR : (fl & O_WRONLY) ? abi::kO_WRONLY : abi::kO_RDONLY;
  __wasi_filetype_t t = filetype(fd);
  bool large = t == __WASI_FILETYPE_REGULAR_FILE || t == __WASI_FILETYPE_DIRECTORY ||
               t == __WASI_FILETYPE_CHARACTER_DEVICE || t == __WASI_FILETYPE_BLOCK_DEVICE;
  return acc | flags_of(fd) | (large ? abi::kO_LARGEFILE : 0);
}

int fcntl_setfl(int fd, int flags) {
  int fl = ::fcntl(fd, F_GETFL);
  if (fl < 0) return fail();
  // Linux changes only these; O_APPEND also on the host (the rest is the shims' business).
  constexpr int kChangeable = abi::kO_APPEND | abi::kO_NONBLOCK | abi::kO_ASYNC | abi::kO_DIRECT | abi::kO_NOATIME;
  int before = flags_of(fd);
  if ((before ^ flags) & abi::kO_APPEND) {
    int w = (fl & (O_DSYNC | O_NONBLOCK | O_RSYNC | O_SYNC)) | (flags & abi::kO_APPEND ? O_APPEND : 0);
    if (::fcntl(fd, F_SETFL, w) < 0) return fail();
  }
  status_flags()[fd] = (before & ~kChangeable) | (flags & kChangeable);
  return 0;
}

int fcntl_getfd(int fd) {
  // (wasi-libc's F_GETFD answers FD_CLOEXEC without looking at the fd)
  __wasi_fdstat_t st;
  if (__wasi_errno_t e = __wasi_fd_fdstat_get(__wasi_fd_t(fd), &st)) return -abi_errno(e);
  return 0;
}
int fcntl_lock(int, int, abi::Flock*) { return -abi::kENOSYS; }

int stat(const char* path, abi::Stat* out) {
  struct stat s;
  if (::stat(path, &s) < 0) return fail();
  to_abi(s, out);
  return 0;
}
int lstat(const char* path, abi::Stat* out) {
  struct stat s;
  if (::lstat(path, &s) < 0) return fail();
  to_abi(s, out);
  return 0;
}
int fstat(int fd, abi::Stat* out) {
  struct stat s;
  if (::fstat(fd, &s) < 0) return fail();
  to_abi(s, out);
  return 0;
}
int ftruncate(int fd, int64_t length) { return int(result(::ftruncate(fd, off_t(length)))); }

int tcgetattr(int fd, abi::Termios* out) {
  if (int r = check_tty(fd)) return r;
  auto it = terminals().find(fd);
  *out = it == terminals().end() ? default_termios() : it->second;
  return 0;
}
int tcsetattr(int fd, int, const abi::Termios* t) {
  if (int r = check_tty(fd)) return r;
  terminals()[fd] = *t;
  return 0;
}

std::string strerror(int e) { return abi::glibc_strerror(e); }

std::string locale_codeset(const std::string& name) {
  // glibc: "C" and "POSIX" are built in; "C.<codeset>" exists when the codeset normalises
  // (lower case, letters and digits only) to "utf8" (Debian's C.utf8). No modifiers.
  size_t dot = name.find('.');
  if (dot != std::string::npos && name.compare(0, dot, "C") == 0 && name.find('@') == std::string::npos) {
    std::string cs;
    for (char c : name.substr(dot + 1)) {
      if (c >= 'A' && c <= 'Z') cs += char(c - 'A' + 'a');
      else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) cs += c;
    }
    if (cs == "utf8") return "UTF-8";
  }
  return "ANSI_X3.4-1968";
}

std::string fd_path(int) { return ""; }

void* iconv_open(const char* to, const char* from, int* err) {
  return iconv_compat::open(to, from, err).release();
}
size_t iconv(void* cd, char** in, size_t* inleft, char** out, size_t* outleft, int* err) {
  auto* c = static_cast<iconv_compat::Converter*>(cd);
  const uint8_t* ip = in ? reinterpret_cast<const uint8_t*>(*in) : nullptr;
  uint8_t* op = out ? reinterpret_cast<uint8_t*>(*out) : nullptr;
  size_t r = c->convert(in ? &ip : nullptr, inleft, out ? &op : nullptr, outleft, err);
  if (in) *in = const_cast<char*>(reinterpret_cast<const char*>(ip));
  if (out) *out = reinterpret_cast<char*>(op);
  return r;
}
int iconv_close(void* cd) {
  delete static_cast<iconv_compat::Converter*>(cd);
  return 0;
}

}  // namespace stgvm::host
#endif
