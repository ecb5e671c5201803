// The shims' only way to the host: file descriptors, the file system, terminals, locale data,
// iconv and strerror, in the program's ABI (ffi/abi.h: x86_64 Linux values and structure
// layouts). Two implementations, one per target, each a whole file: host_linux.cpp (the
// Linux calls themselves; the ABI is the host's) and host_wasi.cpp (wasi-libc over WASI
// preview 1, translating flags, structures and errno values).
//
// Every function returns what the C function returns on success and -errno on failure (errno
// in the ABI's numbering), except where noted. Host fds are the host's own numbers (the shims
// keep the program's virtual fds, libc_io.cpp).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

#include "ffi/abi.h"

namespace stgvm::host {

// read(2) / write(2). write never raises SIGPIPE (the RTS ignores it, so a closed pipe is
// -EPIPE for base's top handler to judge). Both block when the program's fd is blocking.
int64_t read(int fd, void* buf, size_t n);
int64_t write(int fd, const void* buf, size_t n);
int close(int fd);
// A host fd for the same open file (offset and status flags shared), close-on-exec. Where the
// host cannot duplicate descriptors (WASI) it returns `fd` itself: the shims then share the
// host fd between virtual fds and close it with the last of them.
int dup(int fd);
int64_t lseek(int fd, int64_t offset, int whence);
// open(2) with the ABI's flags (O_CLOEXEC always added on the host); `mode` already has the
// program's umask applied.
int open(const char* path, int flags, uint32_t mode);
int unlink(const char* path);
int access(const char* path, int mode);
int chmod(const char* path, uint32_t mode);
int link(const char* from, const char* to);
int mkfifo(const char* path, uint32_t mode);
int pipe(int fds[2]);  // both ends close-on-exec
// 1 for a terminal, else -errno (ENOTTY, EBADF), as isatty(3) with its errno.
int isatty(int fd);
int utime(const char* path, const abi::Utimbuf* times);  // times may be null: now
// fcntl(2): F_GETFL / F_SETFL with the ABI's O_* flags, F_GETFD (only as a validity check:
// the shims keep FD_CLOEXEC themselves), and the record locks (F_GETLK … F_OFD_SETLKW).
int fcntl_getfl(int fd);
int fcntl_setfl(int fd, int flags);
int fcntl_getfd(int fd);
int fcntl_lock(int fd, int cmd, abi::Flock* lock);
int stat(const char* path, abi::Stat* out);
int lstat(const char* path, abi::Stat* out);
int fstat(int fd, abi::Stat* out);
int ftruncate(int fd, int64_t length);
// tcgetattr/tcsetattr (SIGTTOU blocked around tcsetattr, as base does).
int tcgetattr(int fd, abi::Termios* out);
int tcsetattr(int fd, int action, const abi::Termios* t);

// strerror(3) of an ABI errno value: glibc's text in the "C" locale.
std::string strerror(int e);
// nl_langinfo(CODESET) for the locale setlocale(LC_CTYPE, name) selects, or for "C" when the
// host has no such locale.
std::string locale_codeset(const std::string& name);
// The path of the file behind a host fd (snapshots), or "" if the host cannot tell.
std::string fd_path(int fd);

// iconv(3). iconv_open returns a handle or nullptr (*err set); iconv returns (size_t)-1 with
// *err set on failure. The buffers are host memory.
void* iconv_open(const char* to, const char* from, int* err);
size_t iconv(void* cd, char** in, size_t* inleft, char** out, size_t* outleft, int* err);
int iconv_close(void* cd);

}  // namespace stgvm::host
