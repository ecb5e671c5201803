// Signals, terminals, processes and the threaded-RTS-only I/O-manager calls.
//
// * sigemptyset/sigaddset work on a sigset_t image in linear memory (glibc's layout and
//   rules, ffi/abi.h).
// * sigprocmask changes a virtual per-program mask only: the VM delivers no signals to the
//   program, and the host's mask is the VM's business.
// * tcgetattr/tcsetattr are the host's, on the virtual fd's host fd (the program runs on the
//   real terminal); tcsetattr blocks SIGTTOU around the call as base does around it
//   (ffi/host.h; WASI has no terminal control, see ffi/host_wasi.cpp).
// * getpid is a fixed 1000 (no host pids in a deterministic run); fork fails with ENOSYS;
//   waitpid fails with ECHILD (there can be no children).
// * gettimeofday reads the virtual CLOCK_REALTIME; the time package's
//   get_current_timezone_seconds says the local zone is UTC (no host time zone leaks in).
// * epoll_*/eventfd*: only the threaded RTS's I/O manager uses them: -1/ENOSYS.
// * clock_gettime/clock_getres read the VM's virtual clock, never the host's (design.md
//   §determinism): the monotonic clocks and CLOCK_REALTIME (which starts at the Unix epoch)
//   see executed code plus time slept; the CPU-time clocks see executed code only, 10 ns per
//   code block, so sleeping costs no CPU time as on a real machine.
#include "ffi/abi.h"
#include "ffi/ffi_internal.h"
#include "ffi/host.h"

namespace stgvm {

namespace {

constexpr int32_t kVirtualPid = 1000;

static_assert(abi::kSigsetBytes == ShimCells::kSigActions - ShimCells::kSigmask, "sigset_t image size");

uint64_t c_sigemptyset(ForeignContext& ctx, const ForeignCall& c) {
  uint32_t p = Args(c).addr(0);
  abi::Sigset s;
  abi::sigemptyset(s);
  store_struct(ctx.mem, p, s);
  return 0;
}

uint64_t c_sigaddset(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  uint32_t p = a.addr(0);
  abi::Sigset s = load_struct<abi::Sigset>(ctx.mem, p);
  if (abi::sigaddset(s, a.i32(1)) < 0) return fail_errno(ctx, abi::kEINVAL);
  store_struct(ctx.mem, p, s);
  return 0;
}

// int sigprocmask(int how, const sigset_t *set, sigset_t *oldset) on the virtual mask.
uint64_t c_sigprocmask(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  int how = a.i32(0);
  uint32_t setp = a.addr(1), oldp = a.addr(2);
  ShimCells cells(ctx);
  abi::Sigset cur = load_struct<abi::Sigset>(ctx.mem, cells.addr(ShimCells::kSigmask));
  abi::Sigset next = cur;
  if (setp) {
    abi::Sigset s = load_struct<abi::Sigset>(ctx.mem, setp);
    switch (how) {
      case abi::kSIG_BLOCK: abi::sigorset(next, cur, s); break;
      case abi::kSIG_UNBLOCK:
        for (int sig = 1; sig < abi::kNSIG; ++sig)
          if (abi::sigismember(s, sig) == 1) abi::sigdelset(next, sig);
        break;
      case abi::kSIG_SETMASK: next = s; break;
      default: return fail_errno(ctx, abi::kEINVAL);
    }
    abi::sigdelset(next, abi::kSIGKILL);  // cannot be blocked (the kernel ignores them silently)
    abi::sigdelset(next, abi::kSIGSTOP);
  }
  if (oldp) store_struct(ctx.mem, oldp, cur);
  store_struct(ctx.mem, cells.addr(ShimCells::kSigmask), next);
  return 0;
}

uint64_t c_tcgetattr(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  int h = host_fd(ctx, a.i32(0));
  uint32_t p = a.addr(1);
  ctx.mem.span(p, sizeof(abi::Termios));
  if (h < 0) return fail_errno(ctx, abi::kEBADF);
  abi::Termios t;
  if (int r = host::tcgetattr(h, &t); r < 0) return fail_errno(ctx, -r);
  store_struct(ctx.mem, p, t);
  return 0;
}

uint64_t c_tcsetattr(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  int h = host_fd(ctx, a.i32(0));
  int act = a.i32(1);
  abi::Termios t = load_struct<abi::Termios>(ctx.mem, a.addr(2));
  if (h < 0) return fail_errno(ctx, abi::kEBADF);
  if (int r = host::tcsetattr(h, act, &t); r < 0) return fail_errno(ctx, -r);
  return 0;
}

uint64_t c_getpid(ForeignContext&, const ForeignCall&) { return ret_i32(kVirtualPid); }
uint64_t c_fork(ForeignContext& ctx, const ForeignCall&) { return fail_errno(ctx, abi::kENOSYS); }
uint64_t c_waitpid(ForeignContext& ctx, const ForeignCall&) { return fail_errno(ctx, abi::kECHILD); }
// Linux's clock ids: REALTIME, MONOTONIC, PROCESS_CPUTIME_ID, THREAD_CPUTIME_ID,
// MONOTONIC_RAW, REALTIME_COARSE, MONOTONIC_COARSE, BOOTTIME.
bool is_cpu_clock(int id) { return id == 2 || id == 3; }
bool is_known_clock(int id) { return id >= 0 && id <= 7; }

// struct timespec as the program's C compiler laid it out (x86-64: two 64-bit fields).
void store_timespec(ForeignContext& ctx, uint32_t p, uint64_t ns) {
  ctx.mem.store64(p, ns / 1000000000u);
  ctx.mem.store64(p + 8, ns % 1000000000u);
}

// int clock_gettime(clockid_t id, struct timespec *tp)
uint64_t c_clock_gettime(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  int id = a.i32(0);
  if (!is_known_clock(id)) return fail_errno(ctx, abi::kEINVAL);
  store_timespec(ctx, a.addr(1), is_cpu_clock(id) ? ctx.host.cpu_ns() : ctx.host.monotonic_ns());
  return 0;
}

// int clock_getres(clockid_t id, struct timespec *res): the CPU clocks tick once per code
// block; the others can jump by any number of ns (a sleep), so 1 ns as Linux reports.
uint64_t c_clock_getres(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  int id = a.i32(0);
  if (!is_known_clock(id)) return fail_errno(ctx, abi::kEINVAL);
  if (uint32_t p = a.addr(1)) store_timespec(ctx, p, is_cpu_clock(id) ? ctx.host.cpu_ns_per_tick() : 1);
  return 0;
}

// int gettimeofday(struct timeval *tv, void *tz): CLOCK_REALTIME in microseconds (x86-64's
// struct timeval: two 64-bit fields); the obsolete time zone argument is ignored, as glibc does.
uint64_t c_gettimeofday(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  if (uint32_t p = a.addr(0)) {
    uint64_t ns = ctx.host.monotonic_ns();
    ctx.mem.store64(p, ns / 1000000000u);
    ctx.mem.store64(p + 8, ns % 1000000000u / 1000u);
  }
  return 0;
}

// long get_current_timezone_seconds(time_t t, int *pdst, char const **pname) (the time
// package's HsTime.c, over localtime_r): the VM's local time zone is UTC whatever the host's
// (deterministic runs): offset 0, no summer time, named "UTC" by a string in the shims' cells.
uint64_t c_get_current_timezone_seconds(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  uint32_t pdst = a.addr(1), pname = a.addr(2);
  ShimCells cells(ctx);
  uint32_t name = cells.addr(ShimCells::kTzName);
  std::memcpy(ctx.mem.span(name, 4), "UTC", 4);
  ctx.mem.store32(pdst, 0);
  ctx.mem.store64(pname, name);
  return 0;
}

uint64_t c_enosys(ForeignContext& ctx, const ForeignCall&) { return fail_errno(ctx, abi::kENOSYS); }

const ForeignSymbol kSymbols[] = {
    {"sigemptyset", c_sigemptyset, 1}, {"sigaddset", c_sigaddset, 2},     {"sigprocmask", c_sigprocmask, 3},
    {"tcgetattr", c_tcgetattr, 2},     {"tcsetattr", c_tcsetattr, 3},     {"getpid", c_getpid, 0},
    {"fork", c_fork, 0},               {"waitpid", c_waitpid, 3},         {"epoll_create", c_enosys, 1},
    {"epoll_ctl", c_enosys, 4},        {"epoll_wait", c_enosys, 4},       {"eventfd", c_enosys, 2},
    {"eventfd_write", c_enosys, 2},    {"clock_gettime", c_clock_gettime, 2}, {"clock_getres", c_clock_getres, 2},
    {"gettimeofday", c_gettimeofday, 2}, {"get_current_timezone_seconds", c_get_current_timezone_seconds, 3},
};
}  // namespace

std::span<const ForeignSymbol> libc_posix_symbols() { return kSymbols; }

}  // namespace stgvm
