// base's HsBase.h helpers (__hscore_*): errno, the host's constants, struct stat and struct
// termios access. The structs live in linear memory with the host's (x86_64 glibc) layout:
// stat/fstat/lstat copy the host struct's bytes in, the accessors read fields at the host's
// offsetof. The values of O_*, F_*, termios and signal constants are the host's — the same as
// the x86_64 Linux GHC that compiled the program saw.
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>

#include "ffi/ffi_internal.h"

namespace stgvm {

namespace {

uint64_t h_get_errno(ForeignContext& ctx, const ForeignCall&) { return ret_i32(ctx.errno_value); }
uint64_t h_set_errno(ForeignContext& ctx, const ForeignCall& c) {
  ctx.errno_value = Args(c).i32(0);
  return 0;
}

#define CONST_SHIM(fn, value) \
  uint64_t fn(ForeignContext&, const ForeignCall&) { return ret_i64(int64_t(value)); }
CONST_SHIM(h_bufsiz, BUFSIZ)
CONST_SHIM(h_o_binary, 0)  // CONST_O_BINARY: 0 on POSIX
CONST_SHIM(h_o_rdonly, O_RDONLY)
CONST_SHIM(h_o_wronly, O_WRONLY)
CONST_SHIM(h_o_rdwr, O_RDWR)
CONST_SHIM(h_o_append, O_APPEND)
CONST_SHIM(h_o_creat, O_CREAT)
CONST_SHIM(h_o_excl, O_EXCL)
CONST_SHIM(h_o_trunc, O_TRUNC)
CONST_SHIM(h_o_noctty, O_NOCTTY)
CONST_SHIM(h_o_nonblock, O_NONBLOCK)
CONST_SHIM(h_sizeof_stat, sizeof(struct stat))
CONST_SHIM(h_sizeof_termios, sizeof(struct termios))
CONST_SHIM(h_sizeof_sigset_t, sizeof(sigset_t))
CONST_SHIM(h_sizeof_siginfo_t, sizeof(siginfo_t))
CONST_SHIM(h_echo, ECHO)
CONST_SHIM(h_tcsanow, TCSANOW)
CONST_SHIM(h_icanon, ICANON)
CONST_SHIM(h_vmin, VMIN)
CONST_SHIM(h_vtime, VTIME)
CONST_SHIM(h_sigttou, SIGTTOU)
CONST_SHIM(h_sig_block, SIG_BLOCK)
CONST_SHIM(h_sig_setmask, SIG_SETMASK)
CONST_SHIM(h_f_getfl, F_GETFL)
CONST_SHIM(h_f_setfl, F_SETFL)
CONST_SHIM(h_f_setfd, F_SETFD)
CONST_SHIM(h_fd_cloexec, FD_CLOEXEC)
#undef CONST_SHIM

// A field of a host struct at `base` in linear memory, extended to 64 bits by its C type.
template <class Field>
uint64_t load_field(const Memory& m, uint32_t base, size_t offset) {
  static_assert(sizeof(Field) <= 8);
  Field f;
  std::memcpy(&f, m.span(uint32_t(base + offset), sizeof(Field)), sizeof(Field));
  if constexpr (std::is_signed_v<Field>)
    return uint64_t(int64_t(f));
  else
    return uint64_t(f);
}

#define STAT_FIELD(fn, field)                                                                      \
  uint64_t fn(ForeignContext& ctx, const ForeignCall& c) {                                         \
    return load_field<decltype(((struct stat*)nullptr)->field)>(ctx.mem, Args(c).addr(0),          \
                                                                offsetof(struct stat, field));     \
  }
STAT_FIELD(h_st_mtime, st_mtime)
STAT_FIELD(h_st_size, st_size)
STAT_FIELD(h_st_mode, st_mode)
STAT_FIELD(h_st_dev, st_dev)
STAT_FIELD(h_st_ino, st_ino)
#undef STAT_FIELD

// Copies a host struct stat into linear memory (padding zeroed: no stray host bytes).
template <class F>
uint64_t do_stat(ForeignContext& ctx, uint32_t buf, F call) {
  ctx.mem.span(buf, sizeof(struct stat));
  struct stat s;
  std::memset(&s, 0, sizeof s);
  if (call(&s) < 0) return fail_errno(ctx, errno);
  store_struct(ctx.mem, buf, s);
  return 0;
}

uint64_t h_stat(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  std::string path = ctx.mem.c_string(a.addr(0));
  return do_stat(ctx, a.addr(1), [&](struct stat* s) { return ::stat(path.c_str(), s); });
}
uint64_t h_lstat(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  std::string path = ctx.mem.c_string(a.addr(0));
  return do_stat(ctx, a.addr(1), [&](struct stat* s) { return ::lstat(path.c_str(), s); });
}
uint64_t h_fstat(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  int h = host_fd(ctx, a.i32(0));
  return do_stat(ctx, a.addr(1), [&](struct stat* s) {
    if (h < 0) {
      errno = EBADF;
      return -1;
    }
    return ::fstat(h, s);
  });
}

uint64_t h_ftruncate(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  int h = host_fd(ctx, a.i32(0));
  if (h < 0) return fail_errno(ctx, EBADF);
  if (::ftruncate(h, off_t(a.i64(1))) < 0) return fail_errno(ctx, errno);
  return 0;
}

// termios accessors (tcflag_t is unsigned 32-bit).
uint64_t h_lflag(ForeignContext& ctx, const ForeignCall& c) {
  return load_field<tcflag_t>(ctx.mem, Args(c).addr(0), offsetof(struct termios, c_lflag));
}
uint64_t h_poke_lflag(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  ctx.mem.store32(uint32_t(a.addr(0) + offsetof(struct termios, c_lflag)), a.u32(1));
  return 0;
}
uint64_t h_ptr_c_cc(ForeignContext& ctx, const ForeignCall& c) {
  uint32_t p = Args(c).addr(0);
  (void)ctx;
  return uint32_t(p + offsetof(struct termios, c_cc));
}

// void *__hscore_get_saved_termios(int fd) / __hscore_set_saved_termios(int fd, void *ts)
// (rts/posix/TTY.c): one slot per fd 0..2; restored by foreign_shutdown.
uint64_t h_get_saved_termios(ForeignContext& ctx, const ForeignCall& c) {
  int fd = Args(c).i32(0);
  return (fd >= 0 && fd < 3) ? ShimCells(ctx).get(ShimCells::kTermios + 4 * uint32_t(fd)) : 0;
}
uint64_t h_set_saved_termios(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  int fd = a.i32(0);
  uint32_t p = a.addr(1);
  if (fd >= 0 && fd < 3) ShimCells(ctx).set(ShimCells::kTermios + 4 * uint32_t(fd), p);
  return 0;
}

const ForeignSymbol kSymbols[] = {
    {"__hscore_get_errno", h_get_errno, 0},
    {"__hscore_set_errno", h_set_errno, 1},
    {"__hscore_bufsiz", h_bufsiz, 0},
    {"__hscore_o_binary", h_o_binary, 0},
    {"__hscore_o_rdonly", h_o_rdonly, 0},
    {"__hscore_o_wronly", h_o_wronly, 0},
    {"__hscore_o_rdwr", h_o_rdwr, 0},
    {"__hscore_o_append", h_o_append, 0},
    {"__hscore_o_creat", h_o_creat, 0},
    {"__hscore_o_excl", h_o_excl, 0},
    {"__hscore_o_trunc", h_o_trunc, 0},
    {"__hscore_o_noctty", h_o_noctty, 0},
    {"__hscore_o_nonblock", h_o_nonblock, 0},
    {"__hscore_sizeof_stat", h_sizeof_stat, 0},
    {"__hscore_sizeof_termios", h_sizeof_termios, 0},
    {"__hscore_sizeof_sigset_t", h_sizeof_sigset_t, 0},
    {"__hscore_sizeof_siginfo_t", h_sizeof_siginfo_t, 0},
    {"__hscore_echo", h_echo, 0},
    {"__hscore_tcsanow", h_tcsanow, 0},
    {"__hscore_icanon", h_icanon, 0},
    {"__hscore_vmin", h_vmin, 0},
    {"__hscore_vtime", h_vtime, 0},
    {"__hscore_sigttou", h_sigttou, 0},
    {"__hscore_sig_block", h_sig_block, 0},
    {"__hscore_sig_setmask", h_sig_setmask, 0},
    {"__hscore_f_getfl", h_f_getfl, 0},
    {"__hscore_f_setfl", h_f_setfl, 0},
    {"__hscore_f_setfd", h_f_setfd, 0},
    {"__hscore_fd_cloexec", h_fd_cloexec, 0},
    {"__hscore_st_mtime", h_st_mtime, 1},
    {"__hscore_st_size", h_st_size, 1},
    {"__hscore_st_mode", h_st_mode, 1},
    {"__hscore_st_dev", h_st_dev, 1},
    {"__hscore_st_ino", h_st_ino, 1},
    {"__hscore_stat", h_stat, 2},
    {"__hscore_lstat", h_lstat, 2},
    {"__hscore_fstat", h_fstat, 2},
    {"__hscore_ftruncate", h_ftruncate, 2},
    {"__hscore_lflag", h_lflag, 1},
    {"__hscore_poke_lflag", h_poke_lflag, 2},
    {"__hscore_ptr_c_cc", h_ptr_c_cc, 1},
    {"__hscore_get_saved_termios", h_get_saved_termios, 1},
    {"__hscore_set_saved_termios", h_set_saved_termios, 2},
};
}  // namespace

std::span<const ForeignSymbol> hscore_symbols() { return kSymbols; }

}  // namespace stgvm
