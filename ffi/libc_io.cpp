// File-descriptor and file-system calls of libc (System.Posix.Internals, GHC.IO.FD), on a
// virtual fd table.
//
// The program sees virtual fd numbers, allocated lowest-free-first like POSIX, so they do not
// depend on what the VM process itself has open. 0/1/2 start mapped to the host's real
// stdin/stdout/stderr (the VM runs the program on them); every other virtual fd is a host fd
// the program opened (open/creat/dup/dup2/pipe/fcntl F_DUPFD), always O_CLOEXEC on the host.
// Only those can be used: any other number is EBADF. Closing virtual 0/1/2 unmaps them but
// never closes the VM's own stdio. Where the host cannot duplicate fds (WASI), duplicates
// share the host fd, which is closed with the last virtual fd using it.
//
// Readiness is decided deterministically: fdReady and poll report every open fd as ready at
// once (the following read/write then blocks on the host if it must); the outcome depends on
// the bytes, not on their timing.
//
// Values (flags, commands, errno, struct layouts) are the program's ABI (ffi/abi.h); the host
// calls go through ffi/host.h.
#include <algorithm>

#include "ffi/abi.h"
#include "ffi/ffi_internal.h"
#include "ffi/host.h"

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

void close_all_fds(ForeignState& st) {
  std::vector<int> closed;
  for (auto& [v, fd] : st.fds)
    if (fd.owned && fd.host >= 0 && std::find(closed.begin(), closed.end(), fd.host) == closed.end()) {
      host::close(fd.host);
      closed.push_back(fd.host);
    }
  st.fds.clear();
}

// Closes the host fd of an entry removed from the table, unless it is the VM's stdio or
// another virtual fd still shares it. Returns close's result (0 when nothing was closed).
int release_host_fd(ForeignState& st, const ForeignState::Fd& fd) {
  if (!fd.owned || fd.host < 0) return 0;
  for (auto& [v, e] : st.fds)
    if (e.host == fd.host) return 0;
  return host::close(fd.host);
}

namespace {

// The result of a host call (-errno on failure): errno copied, -1 returned.
uint64_t host_result(ForeignContext& ctx, int64_t r) {
  if (r < 0) return fail_errno(ctx, int(-r));
  return ret_i64(r);
}

// Runs `f(host_fd)` for a virtual fd, or fails with EBADF.
template <class F>
uint64_t with_fd(ForeignContext& ctx, int vfd, F f) {
  int h = host_fd(ctx, vfd);
  if (h < 0) return fail_errno(ctx, abi::kEBADF);
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
    return host_result(ctx, host::read(h, p, size_t(n)));
  });
}

// ssize_t write(int fd, const void *buf, size_t n)
uint64_t c_write(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  uint32_t buf = a.addr(1);
  uint64_t n = a.u64(2);
  return with_fd(ctx, a.i32(0), [&](int h) {
    const uint8_t* p = mem_span(ctx.mem, buf, n);
    return host_result(ctx, host::write(h, p, size_t(n)));
  });
}

uint64_t c_close(ForeignContext& ctx, const ForeignCall& c) {
  int vfd = Args(c).i32(0);
  ForeignState& st = foreign_state(ctx);
  init_fds(st);
  auto it = st.fds.find(vfd);
  if (it == st.fds.end()) return fail_errno(ctx, abi::kEBADF);
  ForeignState::Fd fd = it->second;
  st.fds.erase(it);
  return host_result(ctx, release_host_fd(st, fd));
}

// A table entry for a new virtual fd on the same open file as `e`: a new host fd (O_CLOEXEC,
// above the VM's stdio), or on a host without dup the same one, owned as `e`'s is. -errno
// when the host fails.
int dup_entry(const ForeignState::Fd& e, ForeignState::Fd* out) {
  int d = host::dup(e.host);
  if (d < 0) return d;
  *out = ForeignState::Fd{d, d != e.host || e.owned, false};
  return 0;
}

int add_entry(ForeignContext& ctx, const ForeignState::Fd& e, int min_vfd, bool cloexec) {
  int v = add_vfd(ctx, e.host, min_vfd, cloexec);
  foreign_state(ctx).fds[v].owned = e.owned;
  return v;
}

uint64_t c_dup(ForeignContext& ctx, const ForeignCall& c) {
  ForeignState::Fd* e = vfd_entry(ctx, Args(c).i32(0));
  if (!e) return fail_errno(ctx, abi::kEBADF);
  ForeignState::Fd d;
  if (int r = dup_entry(*e, &d)) return fail_errno(ctx, -r);
  return ret_i32(add_entry(ctx, d, 0, false));
}

uint64_t c_dup2(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  int oldfd = a.i32(0), newfd = a.i32(1);
  ForeignState::Fd* e = vfd_entry(ctx, oldfd);
  if (!e || newfd < 0) return fail_errno(ctx, abi::kEBADF);
  if (oldfd == newfd) return ret_i32(newfd);
  ForeignState::Fd d;
  if (int r = dup_entry(*e, &d)) return fail_errno(ctx, -r);
  ForeignState& st = foreign_state(ctx);
  auto it = st.fds.find(newfd);
  if (it != st.fds.end()) {
    ForeignState::Fd old = it->second;
    st.fds.erase(it);
    release_host_fd(st, old);
  }
  st.fds[newfd] = d;
  return ret_i32(newfd);
}

// off_t lseek(int fd, off_t offset, int whence)
uint64_t c_lseek(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  return with_fd(ctx, a.i32(0), [&](int h) { return host_result(ctx, host::lseek(h, a.i64(1), a.i32(2))); });
}

int open_vfd(ForeignContext& ctx, const std::string& path, int flags, uint32_t mode) {
  int h = host::open(path.c_str(), flags, mode & ~ShimCells(ctx).umask() & 07777);
  if (h < 0) {
    ctx.errno_value = -h;
    return -1;
  }
  return add_vfd(ctx, h, 0, (flags & abi::kO_CLOEXEC) != 0);
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
  return ret_i32(open_vfd(ctx, path, abi::kO_CREAT | abi::kO_WRONLY | abi::kO_TRUNC, a.u32(1)));
}

uint64_t c_unlink(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  return host_result(ctx, host::unlink(path_arg(ctx, a, 0).c_str()));
}

uint64_t c_access(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  return host_result(ctx, host::access(path_arg(ctx, a, 0).c_str(), a.i32(1)));
}

uint64_t c_chmod(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  return host_result(ctx, host::chmod(path_arg(ctx, a, 0).c_str(), a.u32(1)));
}

uint64_t c_link(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  std::string from = path_arg(ctx, a, 0), to = path_arg(ctx, a, 1);
  return host_result(ctx, host::link(from.c_str(), to.c_str()));
}

uint64_t c_mkfifo(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  return host_result(ctx, host::mkfifo(path_arg(ctx, a, 0).c_str(), a.u32(1) & ~ShimCells(ctx).umask() & 07777));
}

// int pipe(int fds[2])
uint64_t c_pipe(ForeignContext& ctx, const ForeignCall& c) {
  uint32_t p = Args(c).addr(0);
  ctx.mem.span(p, 8);  // fault before creating anything
  int h[2];
  if (int r = host::pipe(h); r < 0) return fail_errno(ctx, -r);
  int r = add_vfd(ctx, h[0]);
  int w = add_vfd(ctx, h[1]);
  ctx.mem.store32(p, uint32_t(r));
  ctx.mem.store32(p + 4, uint32_t(w));
  return 0;
}

uint64_t c_isatty(ForeignContext& ctx, const ForeignCall& c) {
  return with_fd(ctx, Args(c).i32(0), [&](int h) {
    int r = host::isatty(h);
    if (r < 0) {
      ctx.errno_value = -r;
      return ret_i32(0);
    }
    return ret_i32(1);
  });
}

// int utime(const char *path, const struct utimbuf *times)
uint64_t c_utime(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  std::string path = path_arg(ctx, a, 0);
  uint32_t tp = a.addr(1);
  if (tp == 0) return host_result(ctx, host::utime(path.c_str(), nullptr));
  abi::Utimbuf t = load_struct<abi::Utimbuf>(ctx.mem, tp);
  return host_result(ctx, host::utime(path.c_str(), &t));
}

// int fcntl(int fd, int cmd, ...): the capi wrappers for c_fcntl_read (2 args), c_fcntl_write
// (long) and c_fcntl_lock (struct flock *) all land here; the command decides.
uint64_t c_fcntl(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  int vfd = a.i32(0), cmd = a.i32(1);
  ForeignState::Fd* e = vfd_entry(ctx, vfd);
  if (!e) return fail_errno(ctx, abi::kEBADF);
  int h = e->host;
  switch (cmd) {
    case abi::kF_GETFL:
      return host_result(ctx, host::fcntl_getfl(h));
    case abi::kF_SETFL:
      return host_result(ctx, host::fcntl_setfl(h, int(a.i64(2))));
    case abi::kF_GETFD: {
      // The program's close-on-exec flag is virtual (the VM never execs; host fds it opened
      // are always FD_CLOEXEC): report what the program set.
      if (int r = host::fcntl_getfd(h); r < 0) return fail_errno(ctx, -r);
      return ret_i32(e->cloexec ? abi::kFD_CLOEXEC : 0);
    }
    case abi::kF_SETFD:
      if (int r = host::fcntl_getfd(h); r < 0) return fail_errno(ctx, -r);
      e->cloexec = (a.i64(2) & abi::kFD_CLOEXEC) != 0;
      return 0;
    case abi::kF_DUPFD:
    case abi::kF_DUPFD_CLOEXEC: {
      int64_t min = a.i64(2);
      if (min < 0 || min > 1 << 20) return fail_errno(ctx, abi::kEINVAL);
      ForeignState::Fd d;
      if (int r = dup_entry(*e, &d)) return fail_errno(ctx, -r);
      return ret_i32(add_entry(ctx, d, int(min), cmd == abi::kF_DUPFD_CLOEXEC));
    }
    case abi::kF_GETLK:
    case abi::kF_SETLK:
    case abi::kF_SETLKW:
    case abi::kF_OFD_GETLK:
    case abi::kF_OFD_SETLK:
    case abi::kF_OFD_SETLKW: {
      uint32_t p = a.addr(2);
      abi::Flock fl = load_struct<abi::Flock>(ctx.mem, p);
      int r = host::fcntl_lock(h, cmd, &fl);
      if (r < 0) return fail_errno(ctx, -r);
      store_struct(ctx.mem, p, fl);
      return ret_i32(r);
    }
    default:
      return fail_errno(ctx, abi::kEINVAL);
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
  if (n > (1u << 20)) return fail_errno(ctx, abi::kEINVAL);
  mem_span(ctx.mem, p, n * sizeof(abi::Pollfd));
  int ready = 0;
  for (uint64_t i = 0; i < n; ++i) {
    uint32_t e = uint32_t(p + i * sizeof(abi::Pollfd));
    abi::Pollfd pf = load_struct<abi::Pollfd>(ctx.mem, e);
    pf.revents = 0;
    if (pf.fd >= 0) {
      if (host_fd(ctx, pf.fd) < 0)
        pf.revents = abi::kPOLLNVAL;
      else
        pf.revents = int16_t(pf.events & (abi::kPOLLIN | abi::kPOLLOUT | abi::kPOLLRDNORM | abi::kPOLLWRNORM));
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
