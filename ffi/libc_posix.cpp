// Signals, terminals, processes and the threaded-RTS-only I/O-manager calls.
//
// * sigemptyset/sigaddset work on a sigset_t image in linear memory (host glibc layout).
// * sigprocmask changes a virtual per-program mask only: the VM delivers no signals to the
//   program, and the host's mask is the VM's business.
// * tcgetattr/tcsetattr are the host's, on the virtual fd's host fd (the program runs on the
//   real terminal); tcsetattr blocks SIGTTOU around the call as base does around it.
// * getpid is a fixed 1000 (no host pids in a deterministic run); fork fails with ENOSYS;
//   waitpid fails with ECHILD (there can be no children).
// * epoll_*/eventfd*: only the threaded RTS's I/O manager uses them: -1/ENOSYS.
#include <pthread.h>
#include <signal.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>

#include "ffi/ffi_internal.h"

namespace stgvm {

namespace {

constexpr int32_t kVirtualPid = 1000;

static_assert(sizeof(sigset_t) == ShimCells::kSigActions - ShimCells::kSigmask, "sigset_t image size");

uint64_t c_sigemptyset(ForeignContext& ctx, const ForeignCall& c) {
  uint32_t p = Args(c).addr(0);
  sigset_t s;
  std::memset(&s, 0, sizeof s);  // glibc only clears the kernel's 8 bytes: no stray host bytes
  sigemptyset(&s);
  store_struct(ctx.mem, p, s);
  return 0;
}

uint64_t c_sigaddset(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  uint32_t p = a.addr(0);
  sigset_t s = load_struct<sigset_t>(ctx.mem, p);
  if (sigaddset(&s, a.i32(1)) < 0) return fail_errno(ctx, errno);
  store_struct(ctx.mem, p, s);
  return 0;
}

// int sigprocmask(int how, const sigset_t *set, sigset_t *oldset) on the virtual mask.
uint64_t c_sigprocmask(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  int how = a.i32(0);
  uint32_t setp = a.addr(1), oldp = a.addr(2);
  ShimCells cells(ctx);
  static_assert(sizeof(sigset_t) == 128, "the cell holds a host sigset_t image");
  sigset_t cur = load_struct<sigset_t>(ctx.mem, cells.addr(ShimCells::kSigmask));
  sigset_t next = cur;
  if (setp) {
    sigset_t s = load_struct<sigset_t>(ctx.mem, setp);
    switch (how) {
      case SIG_BLOCK: sigorset(&next, &cur, &s); break;
      case SIG_UNBLOCK:
        for (int sig = 1; sig < NSIG; ++sig)
          if (sigismember(&s, sig) == 1) sigdelset(&next, sig);
        break;
      case SIG_SETMASK: next = s; break;
      default: return fail_errno(ctx, EINVAL);
    }
    sigdelset(&next, SIGKILL);  // cannot be blocked (the kernel ignores them silently)
    sigdelset(&next, SIGSTOP);
  }
  if (oldp) store_struct(ctx.mem, oldp, cur);
  store_struct(ctx.mem, cells.addr(ShimCells::kSigmask), next);
  return 0;
}

uint64_t c_tcgetattr(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  int h = host_fd(ctx, a.i32(0));
  uint32_t p = a.addr(1);
  ctx.mem.span(p, sizeof(struct termios));
  if (h < 0) return fail_errno(ctx, EBADF);
  struct termios t;
  std::memset(&t, 0, sizeof t);
  if (::tcgetattr(h, &t) < 0) return fail_errno(ctx, errno);
  store_struct(ctx.mem, p, t);
  return 0;
}

uint64_t c_tcsetattr(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  int h = host_fd(ctx, a.i32(0));
  int act = a.i32(1);
  struct termios t = load_struct<struct termios>(ctx.mem, a.addr(2));
  if (h < 0) return fail_errno(ctx, EBADF);
  sigset_t ttou, old;
  sigemptyset(&ttou);
  sigaddset(&ttou, SIGTTOU);
  pthread_sigmask(SIG_BLOCK, &ttou, &old);
  int r = ::tcsetattr(h, act, &t);
  int e = errno;
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  if (r < 0) return fail_errno(ctx, e);
  return 0;
}

uint64_t c_getpid(ForeignContext&, const ForeignCall&) { return ret_i32(kVirtualPid); }
uint64_t c_fork(ForeignContext& ctx, const ForeignCall&) { return fail_errno(ctx, ENOSYS); }
uint64_t c_waitpid(ForeignContext& ctx, const ForeignCall&) { return fail_errno(ctx, ECHILD); }
uint64_t c_enosys(ForeignContext& ctx, const ForeignCall&) { return fail_errno(ctx, ENOSYS); }

const ForeignSymbol kSymbols[] = {
    {"sigemptyset", c_sigemptyset, 1}, {"sigaddset", c_sigaddset, 2},     {"sigprocmask", c_sigprocmask, 3},
    {"tcgetattr", c_tcgetattr, 2},     {"tcsetattr", c_tcsetattr, 3},     {"getpid", c_getpid, 0},
    {"fork", c_fork, 0},               {"waitpid", c_waitpid, 3},         {"epoll_create", c_enosys, 1},
    {"epoll_ctl", c_enosys, 4},        {"epoll_wait", c_enosys, 4},       {"eventfd", c_enosys, 2},
    {"eventfd_write", c_enosys, 2},
};
}  // namespace

std::span<const ForeignSymbol> libc_posix_symbols() { return kSymbols; }

}  // namespace stgvm
