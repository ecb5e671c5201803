// File-descriptor and file-system calls of libc (System.Posix.Internals, GHC.IO.FD), on a
// virtual fd table.
//
// The program sees virtual fd numbers, allocated lowest-free-first like POSIX, so they do not
// depend on what the VM process itself has open. 0/1/2 start mapped to the host's real
// stdin/stdout/stderr (the VM runs the program on them); every other virtual fd is a host fd
// the program opened (open/creat/dup/dup2/pipe/fcntl F_DUPFD), always O_CLOEXEC on the host.
// Only those can be used: any other number is EBADF. Closing virtual 0/1/2 unmaps them but
// never closes the VM's own stdio.
//
// Readiness is decided deterministically: fdReady and poll report every open fd as ready at
// once (the following read/write then blocks on the host if it must); the outcome depends on
// the bytes, not on their timing.
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>
#include <utime.h>

#include <cerrno>

#include "ffi/ffi_internal.h"

namespace stgvm {

namespace {
void init_fds(ForeignState& st) {
  if (st.fds_ready) return;
  st.fds_ready = true;
  for (int i = 0; i < 3; ++i) st.fds[i] = ForeignState::Fd{i, false, false};
}
}  // namespace

ForeignState::Fd* vfd_entry(ForeignContext& ctx, int vfd) {
  ForeignState& st = foreign_state(ctx);
  init_fds(st);
  auto it = st.fds.find(vfd);
  return it == st.fds.end() ? nullptr : &it->second;
}

int host_fd(ForeignContext& ctx, int vfd) {
  ForeignState::Fd* e = vfd_entry(ctx, vfd);
  return e ? e->host : -1;
}

int add_vfd(ForeignContext& ctx, int host, int min_vfd, bool cloexec) {
  ForeignState& st = foreign_state(ctx);
  init_fds(st);
  int v = min_vfd < 0 ? 0 : min_vfd;
  while (st.fds.count(v)) ++v;
  st.fds[v] = ForeignState::Fd{host, true, cloexec};
  return v;
}

long host_write(int fd, const void* buf, size_t n) {
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
  errno = e;
  return r;
}

void close_all_fds(ForeignState& st) {
  for (auto& [v, fd] : st.fds)
    if (fd.owned && fd.host >= 0) ::close(fd.host);
  st.fds.clear();
}

namespace {

// The result of a host call returning int/ssize_t/off_t: errno copied on failure.
uint64_t host_result(ForeignContext& ctx, int64_t r) {
  if (r < 0) ctx.errno_value = errno;
  return ret_i64(r);
}

// Runs `f(host_fd)` for a virtual fd, or fails with EBADF.
template <class F>
uint64_t with_fd(ForeignContext& ctx, int vfd, F f) {
  int h = host_fd(ctx, vfd);
  if (h < 0) return fail_errno(ctx, EBADF);
  return f(h);
}

std::string path_arg(ForeignContext& ctx, const Args& a, uint32_t i) { return ctx.mem.c_string(a.addr(i)); }

// ssize_t read(int fd, void *buf, size_t n)
uint64_t c_read(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  uint32_t buf = a.addr(1);
  uint64_t n = a.u64(2);
  return with_fd(ctx, a.i32(0), [&](int h) {
    uint8_t* p = mem_span(ctx.mem, buf, n);
    return host_result(ctx, ::read(h, p, size_t(n)));
  });
}

// ssize_t write(int fd, const void *buf, size_t n)
uint64_t c_write(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  uint32_t buf = a.addr(1);
  uint64_t n = a.u64(2);
  return with_fd(ctx, a.i32(0), [&](int h) {
    const uint8_t* p = mem_span(ctx.mem, buf, n);
    return host_result(ctx, host_write(h, p, size_t(n)));
  });
}

uint64_t c_close(ForeignContext& ctx, const ForeignCall& c) {
  int vfd = Args(c).i32(0);
  ForeignState& st = foreign_state(ctx);
  init_fds(st);
  auto it = st.fds.find(vfd);
  if (it == st.fds.end()) return fail_errno(ctx, EBADF);
  ForeignState::Fd fd = it->second;
  st.fds.erase(it);
  if (!fd.owned) return 0;
  return host_result(ctx, ::close(fd.host));
}

// A new host fd for the same open file (O_CLOEXEC, above the VM's stdio).
int host_dup(int h) { return ::fcntl(h, F_DUPFD_CLOEXEC, 3); }

uint64_t c_dup(ForeignContext& ctx, const ForeignCall& c) {
  return with_fd(ctx, Args(c).i32(0), [&](int h) {
    int d = host_dup(h);
    if (d < 0) return fail_errno(ctx, errno);
    return ret_i32(add_vfd(ctx, d));
  });
}

uint64_t c_dup2(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  int oldfd = a.i32(0), newfd = a.i32(1);
  int h = host_fd(ctx, oldfd);
  if (h < 0 || newfd < 0) return fail_errno(ctx, EBADF);
  if (oldfd == newfd) return ret_i32(newfd);
  int d = host_dup(h);
  if (d < 0) return fail_errno(ctx, errno);
  ForeignState& st = foreign_state(ctx);
  auto it = st.fds.find(newfd);
  if (it != st.fds.end() && it->second.owned) ::close(it->second.host);
  st.fds[newfd] = ForeignState::Fd{d, true, false};
  return ret_i32(newfd);
}

// off_t lseek(int fd, off_t offset, int whence)
uint64_t c_lseek(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  return with_fd(ctx, a.i32(0), [&](int h) { return host_result(ctx, ::lseek(h, off_t(a.i64(1)), a.i32(2))); });
}

int open_vfd(ForeignContext& ctx, const std::string& path, int flags, uint32_t mode) {
  int h = ::open(path.c_str(), flags | O_CLOEXEC, mode_t(mode & ~ShimCells(ctx).umask() & 07777));
  if (h < 0) {
    ctx.errno_value = errno;
    return -1;
  }
  return add_vfd(ctx, h, 0, (flags & O_CLOEXEC) != 0);
}

// int open(const char *path, int flags, mode_t mode) (base's __hscore_open; also plain open)
uint64_t c_open(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  std::string path = path_arg(ctx, a, 0);
  return ret_i32(open_vfd(ctx, path, a.i32(1), a.count() > 2 ? a.u32(2) : 0));
}

uint64_t c_creat(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  std::string path = path_arg(ctx, a, 0);
  return ret_i32(open_vfd(ctx, path, O_CREAT | O_WRONLY | O_TRUNC, a.u32(1)));
}

uint64_t c_unlink(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  return host_result(ctx, ::unlink(path_arg(ctx, a, 0).c_str()));
}

uint64_t c_access(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  return host_result(ctx, ::access(path_arg(ctx, a, 0).c_str(), a.i32(1)));
}

uint64_t c_chmod(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  return host_result(ctx, ::chmod(path_arg(ctx, a, 0).c_str(), mode_t(a.u32(1))));
}

uint64_t c_link(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  std::string from = path_arg(ctx, a, 0), to = path_arg(ctx, a, 1);
  return host_result(ctx, ::link(from.c_str(), to.c_str()));
}

uint64_t c_mkfifo(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  return host_result(ctx, ::mkfifo(path_arg(ctx, a, 0).c_str(), mode_t(a.u32(1) & ~ShimCells(ctx).umask() & 07777)));
}

// int pipe(int fds[2])
uint64_t c_pipe(ForeignContext& ctx, const ForeignCall& c) {
  uint32_t p = Args(c).addr(0);
  ctx.mem.span(p, 8);  // fault before creating anything
  int h[2];
  if (::pipe2(h, O_CLOEXEC) < 0) return fail_errno(ctx, errno);
  int r = add_vfd(ctx, h[0]);
  int w = add_vfd(ctx, h[1]);
  ctx.mem.store32(p, uint32_t(r));
  ctx.mem.store32(p + 4, uint32_t(w));
  return 0;
}

uint64_t c_isatty(ForeignContext& ctx, const ForeignCall& c) {
  return with_fd(ctx, Args(c).i32(0), [&](int h) {
    int r = ::isatty(h);
    if (!r) ctx.errno_value = errno;
    return ret_i32(r);
  });
}

// int utime(const char *path, const struct utimbuf *times)
uint64_t c_utime(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  std::string path = path_arg(ctx, a, 0);
  uint32_t tp = a.addr(1);
  if (tp == 0) return host_result(ctx, ::utime(path.c_str(), nullptr));
  struct utimbuf t = load_struct<struct utimbuf>(ctx.mem, tp);
  return host_result(ctx, ::utime(path.c_str(), &t));
}

// int fcntl(int fd, int cmd, ...): the capi wrappers for c_fcntl_read (2 args), c_fcntl_write
// (long) and c_fcntl_lock (struct flock *) all land here; the command decides.
uint64_t c_fcntl(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  int vfd = a.i32(0), cmd = a.i32(1);
  ForeignState::Fd* e = vfd_entry(ctx, vfd);
  if (!e) return fail_errno(ctx, EBADF);
  int h = e->host;
  switch (cmd) {
    case F_GETFL:
      return host_result(ctx, ::fcntl(h, F_GETFL));
    case F_SETFL:
      return host_result(ctx, ::fcntl(h, F_SETFL, int(a.i64(2))));
    case F_GETFD: {
      // The program's close-on-exec flag is virtual (the VM never execs; host fds it opened
      // are always FD_CLOEXEC): report what the program set.
      if (::fcntl(h, F_GETFD) < 0) return fail_errno(ctx, errno);
      return ret_i32(e->cloexec ? FD_CLOEXEC : 0);
    }
    case F_SETFD:
      if (::fcntl(h, F_GETFD) < 0) return fail_errno(ctx, errno);
      e->cloexec = (a.i64(2) & FD_CLOEXEC) != 0;
      return 0;
    case F_DUPFD:
    case F_DUPFD_CLOEXEC: {
      int64_t min = a.i64(2);
      if (min < 0 || min > 1 << 20) return fail_errno(ctx, EINVAL);
      int d = host_dup(h);
      if (d < 0) return fail_errno(ctx, errno);
      return ret_i32(add_vfd(ctx, d, int(min), cmd == F_DUPFD_CLOEXEC));
    }
    case F_GETLK:
    case F_SETLK:
    case F_SETLKW:
    case F_OFD_GETLK:
    case F_OFD_SETLK:
    case F_OFD_SETLKW: {
      uint32_t p = a.addr(2);
      struct flock fl = load_struct<struct flock>(ctx.mem, p);
      int r = ::fcntl(h, cmd, &fl);
      if (r < 0) return fail_errno(ctx, errno);
      store_struct(ctx.mem, p, fl);
      return ret_i32(r);
    }
    default:
      return fail_errno(ctx, EINVAL);
  }
}

// int fdReady(int fd, bool write, int64_t msecs, bool isSock) (base cbits/inputReady.c):
// 1 = ready, 0 = not ready, -1 = error. Deterministic: every open fd is ready.
uint64_t c_fdReady(ForeignContext& ctx, const ForeignCall& c) {
  return with_fd(ctx, Args(c).i32(0), [&](int) { return ret_i32(1); });
}

// int poll(struct pollfd *fds, nfds_t n, int timeout): deterministic, never waits: an open fd
// has every requested POLLIN/POLLOUT-class event, an unknown one POLLNVAL.
uint64_t c_poll(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  uint32_t p = a.addr(0);
  uint64_t n = a.u64(1);
  if (n > (1u << 20)) return fail_errno(ctx, EINVAL);
  mem_span(ctx.mem, p, n * sizeof(struct pollfd));
  int ready = 0;
  for (uint64_t i = 0; i < n; ++i) {
    uint32_t e = uint32_t(p + i * sizeof(struct pollfd));
    struct pollfd pf = load_struct<struct pollfd>(ctx.mem, e);
    pf.revents = 0;
    if (pf.fd >= 0) {
      if (host_fd(ctx, pf.fd) < 0)
        pf.revents = POLLNVAL;
      else
        pf.revents = short(pf.events & (POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM));
      if (pf.revents) ++ready;
    }
    store_struct(ctx.mem, e, pf);
  }
  return ret_i32(ready);
}

// mode_t umask(mode_t mask): a virtual umask (starts at 022), applied by open/creat/mkfifo.
uint64_t c_umask(ForeignContext& ctx, const ForeignCall& c) {
  ShimCells cells(ctx);
  uint32_t old = cells.umask();
  cells.set_umask(Args(c).u32(0) & 0777);
  return old;
}

const ForeignSymbol kSymbols[] = {
    {"read", c_read, 3},     {"write", c_write, 3},   {"close", c_close, 1},     {"dup", c_dup, 1},
    {"dup2", c_dup2, 2},     {"lseek", c_lseek, 3},   {"open", c_open, -1},      {"__hscore_open", c_open, 3},
    {"creat", c_creat, 2},   {"unlink", c_unlink, 1}, {"access", c_access, 2},   {"chmod", c_chmod, 2},
    {"link", c_link, 2},     {"mkfifo", c_mkfifo, 2}, {"pipe", c_pipe, 1},       {"isatty", c_isatty, 1},
    {"utime", c_utime, 2},   {"fcntl", c_fcntl, -1},  {"fdReady", c_fdReady, 4}, {"poll", c_poll, 3},
    {"umask", c_umask, 1},
};
}  // namespace

std::span<const ForeignSymbol> libc_io_symbols() { return kSymbols; }

}  // namespace stgvm
