// Shared helpers of the foreign-call shims (not part of the VM-facing interface, foreign.h).
#pragma once
#include <array>
#include <cstdint>
#include <cstring>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "ffi/foreign.h"

namespace stgvm {

// The per-program state behind ForeignContext::state.
struct ForeignState {
  ForeignState() = default;
  ForeignState(const ForeignState&) = delete;
  ForeignState& operator=(const ForeignState&) = delete;
  ~ForeignState();  // closes owned host fds and iconv descriptors

  // ---- virtual file descriptors (libc_io.cpp) ----
  // The program sees virtual fd numbers (deterministic, lowest free first like POSIX); each
  // maps to a host fd. 0/1/2 start mapped to the host's 0/1/2 (not owned: never closed).
  struct Fd {
    int host = -1;
    bool owned = false;
    bool cloexec = false;  // the program's FD_CLOEXEC (virtual: the VM never execs)
  };
  std::map<int, Fd> fds;
  bool fds_ready = false;  // 0/1/2 entered

  // ---- iconv (iconv.cpp): handle h (1-based) ↔ iconvs[h-1]; nullptr = free slot ----
  std::vector<void*> iconvs;
  std::vector<std::pair<std::string, std::string>> iconv_codes;  // (to, from) of each handle (snapshots)
  // (host::iconv_open's handles: glibc iconv_t natively, iconv_compat converters on wasm32)

  // The rest of the shims' state is machine state and lives in linear memory (ShimCells).

  // FileLock.c: (dev, ino) → readers (>0) / writers (<0); id (fd) → (dev, ino).
  std::map<std::pair<uint64_t, uint64_t>, int> locks;
  std::map<uint64_t, std::pair<uint64_t, uint64_t>> lock_keys;
};

ForeignState& foreign_state(ForeignContext& ctx);

// The shims' state that is machine state, in linear memory at layout::kForeignCells (so
// snapshots and the wasm module have it with the rest of memory). Zero means "not yet".
class ShimCells {
 public:
  explicit ShimCells(ForeignContext& ctx) : m_(ctx.mem) {}
  // u32 cells
  static constexpr uint32_t kEnviron = 0;    // the environment: a NULL-terminated char*[] in the C heap
  static constexpr uint32_t kEnvCount = 4;   // its entries
  static constexpr uint32_t kEnvCap = 8;     // its capacity (entries, without the NULL)
  static constexpr uint32_t kArgv = 12;      // getProgArgv's argv block
  static constexpr uint32_t kLocale = 16;    // localeEncoding's string
  static constexpr uint32_t kUmask = 20;     // the virtual umask, valid once kReady is set
  static constexpr uint32_t kFlags = 24;     // kReady | kShutDown | kEnvLoaded
  static constexpr uint32_t kTermios = 28;   // three saved termios pointers (fds 0–2)
  static constexpr uint32_t kSigmask = 40;   // sigprocmask's virtual mask (a glibc sigset_t image, abi::Sigset)
  static constexpr uint32_t kSigActions = 168;  // stg_sig_install: action + 2 per signal 0..64 (0: default)
  static constexpr uint32_t kStrerror = 432;    // strerror's copy per errno 0..254; 255: list of the rest
  static constexpr uint32_t kTzName = 1456;     // the local time zone's name, a C string ("UTC")
  static constexpr uint32_t kTzNameBytes = 16;
  static constexpr uint32_t kReady = 1, kShutDown = 2, kEnvLoaded = 4;
  static_assert(kStrerror + 4 * 256 == kTzName, "strerror's cells end where the zone name starts");
  static_assert(kTzName + kTzNameBytes == layout::kForeignCellsBytes, "the cells fill their region");

  uint32_t get(uint32_t off) const { return m_.load32(layout::kForeignCells + off); }
  void set(uint32_t off, uint32_t v) { m_.store32(layout::kForeignCells + off, v); }
  bool flag(uint32_t f) const { return get(kFlags) & f; }
  void set_flag(uint32_t f) { set(kFlags, get(kFlags) | f); }
  uint32_t umask() const { return flag(kReady) ? get(kUmask) : 022; }
  void set_umask(uint32_t v) {
    set(kUmask, v);
    set_flag(kReady);
  }
  uint32_t addr(uint32_t off) const { return layout::kForeignCells + off; }

 private:
  Memory& m_;
};

// A computed pointer as a linear-memory address: a value that does not fit in 32 bits cannot
// point into linear memory and faults like any out-of-range access (reporting its low half).
inline uint32_t linear_addr(uint64_t v) {
  if (v >> 32) memory_fault(uint32_t(v), 0, "pointer outside linear memory");
  return uint32_t(v);
}

// Non-Void arguments of a call.
class Args {
 public:
  explicit Args(const ForeignCall& call) {
    if (call.c_slots) {  // (the interpreter's calls: read in place)
      p_ = call.args;
      n_ = avail_ = call.nargs;
      return;
    }
    for (uint32_t i = 0; i < call.nargs; ++i) {
      if (call.arg_reps && call.arg_reps[i] == CRep::Void) continue;
      if (n_ < kMax) v_[n_] = call.args[i];
      ++n_;
    }
    avail_ = n_ < kMax ? n_ : kMax;  // (more than any shim takes: its count check reports them)
    p_ = v_;
  }
  Args(const Args&) = delete;  // (p_ may point into v_)
  Args& operator=(const Args&) = delete;
  uint32_t count() const { return n_; }
  uint64_t raw(uint32_t i) const { return i < avail_ ? p_[i] : 0; }
  int32_t i32(uint32_t i) const { return int32_t(uint32_t(raw(i))); }
  uint32_t u32(uint32_t i) const { return uint32_t(raw(i)); }
  int64_t i64(uint32_t i) const { return int64_t(raw(i)); }
  uint64_t u64(uint32_t i) const { return raw(i); }
  uint8_t u8(uint32_t i) const { return uint8_t(raw(i)); }
  // A linear-memory address. A value that does not fit in 32 bits cannot point into linear
  // memory: it faults like any out-of-range access (the address reported is its low half).
  uint32_t addr(uint32_t i) const { return linear_addr(raw(i)); }
  float f32(uint32_t i) const {
    uint32_t b = uint32_t(raw(i));
    float f;
    std::memcpy(&f, &b, 4);
    return f;
  }
  double f64(uint32_t i) const {
    uint64_t b = raw(i);
    double d;
    std::memcpy(&d, &b, 8);
    return d;
  }

 private:
  static constexpr uint32_t kMax = 16;
  const uint64_t* p_;
  uint32_t n_ = 0, avail_ = 0;
  uint64_t v_[kMax];  // (only the first n_ are read: not cleared, as this is on every call's path)
};

// Result slots.
inline uint64_t ret_i32(int32_t v) { return uint64_t(int64_t(v)); }
inline uint64_t ret_i64(int64_t v) { return uint64_t(v); }
inline uint64_t ret_u32(uint32_t v) { return v; }
inline uint64_t ret_f32(float f) {
  uint32_t b;
  std::memcpy(&b, &f, 4);
  return b;
}
inline uint64_t ret_f64(double d) {
  uint64_t b;
  std::memcpy(&b, &d, 8);
  return b;
}
// A failed C call: errno := e, result -1.
inline uint64_t fail_errno(ForeignContext& ctx, int e) {
  ctx.errno_value = e;
  return ret_i64(-1);
}

// Linear-memory helpers.
// A pointer slot in linear memory (8 bytes, zero-extended u32 address).
inline uint32_t load_ptr(const Memory& m, uint32_t a) { return linear_addr(m.load64(a)); }
// Whether [a, a+n) is inside memory (what an access would check, without faulting).
inline bool mem_ok(const Memory& m, uint32_t a, uint64_t n) {
  return a >= layout::kRuntimeBase && uint64_t(a) + n <= m.size();
}
// Host view of [a, a+n); n may be 0 (then a is not checked and a dummy pointer is returned).
inline uint8_t* mem_span(Memory& m, uint32_t a, uint64_t n) {
  static uint8_t dummy[1];
  if (n == 0) return dummy;
  if (n > 0xFFFFFFFFull) memory_fault(a, 0xFFFFFFFFu, "access beyond the end of memory");
  return m.span(a, uint32_t(n));
}
// memcpy/memmove over linear memory: n bytes from src to dst, overlapping ranges as memmove
// (deterministic instead of undefined); 0 bytes look at neither pointer.
inline void mem_move(Memory& m, uint32_t dst, uint32_t src, uint64_t n) {
  if (!n) return;
  const uint8_t* s = mem_span(m, src, n);
  std::memmove(mem_span(m, dst, n), s, size_t(n));
}
// memcmp over linear memory, as -1/0/1 by the first differing byte.
inline int mem_compare(Memory& m, uint32_t a, uint32_t b, uint64_t n) {
  if (!n) return 0;
  int r = std::memcmp(mem_span(m, a, n), mem_span(m, b, n), size_t(n));
  return r < 0 ? -1 : r > 0 ? 1 : 0;
}
template <class T>
T load_struct(const Memory& m, uint32_t a) {
  T t;
  std::memcpy(&t, m.span(a, sizeof(T)), sizeof(T));
  return t;
}
template <class T>
void store_struct(Memory& m, uint32_t a, const T& t) {
  std::memcpy(m.span(a, sizeof(T)), &t, sizeof(T));
}
// Copies a string (plus NUL) into a new C-heap block; 0 if the C heap is exhausted.
uint32_t cheap_strdup(ForeignContext& ctx, const std::string& s);

// The host fd behind a virtual fd, or -1 (errno EBADF is the caller's business).
int host_fd(ForeignContext& ctx, int vfd);
// The table entry of a virtual fd, or nullptr.
ForeignState::Fd* vfd_entry(ForeignContext& ctx, int vfd);
// Registers a host fd the shims opened as the lowest free virtual fd ≥ min_vfd.
int add_vfd(ForeignContext& ctx, int host, int min_vfd = 0, bool cloexec = false);

// Families (one table each; registry.cpp merges them).
std::span<const ForeignSymbol> libc_memory_symbols();
std::span<const ForeignSymbol> libc_io_symbols();
std::span<const ForeignSymbol> libc_posix_symbols();
std::span<const ForeignSymbol> hscore_symbols();
std::span<const ForeignSymbol> capi_symbols();
std::span<const ForeignSymbol> unicode_symbols();
std::span<const ForeignSymbol> md5_symbols();
std::span<const ForeignSymbol> iconv_symbols();
std::span<const ForeignSymbol> rts_api_symbols();
std::span<const ForeignSymbol> environment_symbols();
std::span<const ForeignSymbol> float_symbols();
std::span<const ForeignSymbol> bignum_symbols();  // bignum.cpp: ghc-bignum's GMP backend
std::span<const ForeignSymbol> bytestring_symbols();  // bytestring.cpp: bytestring's cbits
std::span<const ForeignSymbol> text_symbols();        // text.cpp: text's cbits
// Pure libm functions called directly (libm.cpp); each ForeignSymbol has its c_signature.
std::span<const ForeignSymbol> libm_symbols();
// The errno glibc leaves after the whitelisted libm function `name` returned `result` for
// `args` (int arguments as doubles): 0, EDOM or ERANGE. What wasm32 reports (its libm sets
// no errno); natively the host's errno is used and tests check this against it.
int libm_glibc_errno(std::string_view name, std::span<const double> args, double result);

// Closing hooks used by ForeignState's destructor / foreign_shutdown.
void close_all_fds(ForeignState& st);
void close_all_iconvs(ForeignState& st);

}  // namespace stgvm
