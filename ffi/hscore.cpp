// base's HsBase.h helpers (__hscore_*): errno, the platform's constants, struct stat and
// struct termios access. The constants and the structs are the program's ABI (x86_64 Linux
// glibc, ffi/abi.h) — the same values the x86_64 Linux GHC that compiled the program saw:
// stat/fstat/lstat write the ABI's struct stat image, the accessors read fields at its
// offsets.
#include <type_traits>

#include "ffi/abi.h"
#include "ffi/ffi_internal.h"
#include "ffi/host.h"

namespace stgvm {

namespace {

uint64_t h_get_errno(ForeignContext& ctx, const ForeignCall&) { return ret_i32(ctx.errno_value); }
uint64_t h_set_errno(ForeignContext& ctx, const ForeignCall& c) {
  ctx.errno_value = Args(c).i32(0);
  return 0;
}

#define CONST_SHIM(fn, value) \
  uint64_t fn(ForeignContext&, const ForeignCall&) { return ret_i64(int64_t(value)); }
CONST_SHIM(h_bufsiz, abi::kBUFSIZ)
CONST_SHIM(h_o_binary, 0)  // CONST_O_BINARY: 0 on POSIX
CONST_SHIM(h_o_rdonly, abi::kO_RDONLY)
CONST_SHIM(h_o_wronly, abi::kO_WRONLY)
CONST_SHIM(h_o_rdwr, abi::kO_RDWR)
CONST_SHIM(h_o_append, abi::kO_APPEND)
CONST_SHIM(h_o_creat, abi::kO_CREAT)
CONST_SHIM(h_o_excl, abi::kO_EXCL)
CONST_SHIM(h_o_trunc, abi::kO_TRUNC)
CONST_SHIM(h_o_noctty, abi::kO_NOCTTY)
CONST_SHIM(h_o_nonblock, abi::kO_NONBLOCK)
CONST_SHIM(h_sizeof_stat, sizeof(abi::Stat))
CONST_SHIM(h_sizeof_termios, sizeof(abi::Termios))
CONST_SHIM(h_sizeof_sigset_t, abi::kSigsetBytes)
CONST_SHIM(h_sizeof_siginfo_t, abi::kSiginfoBytes)
CONST_SHIM(h_echo, abi::kECHO)
CONST_SHIM(h_tcsanow, abi::kTCSANOW)
CONST_SHIM(h_icanon, abi::kICANON)
CONST_SHIM(h_vmin, abi::kVMIN)
CONST_SHIM(h_vtime, abi::kVTIME)
CONST_SHIM(h_sigttou, abi::kSIGTTOU)
CONST_SHIM(h_sig_block, abi::kSIG_BLOCK)
CONST_SHIM(h_sig_setmask, abi::kSIG_SETMASK)
CONST_SHIM(h_f_getfl, abi::kF_GETFL)
CONST_SHIM(h_f_setfl, abi::kF_SETFL)
CONST_SHIM(h_f_setfd, abi::kF_SETFD)
CONST_SHIM(h_fd_cloexec, abi::kFD_CLOEXEC)
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
    return load_field<decltype(abi::Stat::field)>(ctx.mem, Args(c).addr(0), offsetof(abi::Stat, field)); \
  }
STAT_FIELD(h_st_mtime, st_mtim_sec)
STAT_FIELD(h_st_size, st_size)
STAT_FIELD(h_st_mode, st_mode)
STAT_FIELD(h_st_dev, st_dev)
STAT_FIELD(h_st_ino, st_ino)
#undef STAT_FIELD

// Writes the struct stat image of a host stat call (-errno on failure) into linear memory.
template <class F>
uint64_t do_stat(ForeignContext& ctx, uint32_t buf, F call) {
  ctx.mem.span(buf, sizeof(abi::Stat));
  abi::Stat s{};
  if (int r = call(&s); r < 0) return fail_errno(ctx, -r);
  // Only what both executors' hosts report: WASI's filestat has no owner, group, device
  // number, block size or count and no permission bits, so those read 0 natively too and the
  // interpreter and the wasm module put the same bytes into the program's memory (base reads
  // the file type, size, device and inode only).
  s.st_mode &= abi::kS_IFMT;
  s.st_uid = s.st_gid = 0;
  s.st_rdev = 0;
  s.st_blksize = s.st_blocks = 0;
  store_struct(ctx.mem, buf, s);
  return 0;
}

uint64_t h_stat(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  std::string path = ctx.mem.c_string(a.addr(0));
  return do_stat(ctx, a.addr(1), [&](abi::Stat* s) { return host::stat(path.c_str(), s); });
}
uint64_t h_lstat(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  std::string path = ctx.mem.c_string(a.addr(0));
  return do_stat(ctx, a.addr(1), [&](abi::Stat* s) { return host::lstat(path.c_str(), s); });
}
uint64_t h_fstat(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  int h = host_fd(ctx, a.i32(0));
  return do_stat(ctx, a.addr(1), [&](abi::Stat* s) { return h < 0 ? -abi::kEBADF : host::fstat(h, s); });
}

uint64_t h_ftruncate(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  int h = host_fd(ctx, a.i32(0));
  if (h < 0) return fail_errno(ctx, abi::kEBADF);
  if (int r = host::ftruncate(h, a.i64(1)); r < 0) return fail_errno(ctx, -r);
  return 0;
}

// termios accessors (tcflag_t is unsigned 32-bit).
uint64_t h_lflag(ForeignContext& ctx, const ForeignCall& c) {
  return load_field<uint32_t>(ctx.mem, Args(c).addr(0), offsetof(abi::Termios, c_lflag));
}
uint64_t h_poke_lflag(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  ctx.mem.store32(uint32_t(a.addr(0) + offsetof(abi::Termios, c_lflag)), a.u32(1));
  return 0;
}
uint64_t h_ptr_c_cc(ForeignContext& ctx, const ForeignCall& c) {
  uint32_t p = Args(c).addr(0);
  (void)ctx;
  return uint32_t(p + offsetof(abi::Termios, c_cc));
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
