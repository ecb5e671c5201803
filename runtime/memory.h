// Simulated wasm32-style linear memory: u32 addresses, little-endian, 64 KiB pages, grows
// only in whole pages up to a declared maximum. An access to the null guard page or past the
// end is a memory fault (a deterministic VM error, never a host crash): every access is
// bounds-checked, except the *_raw ones, which guard pages catch (below). Accesses can be
// observed through an optional hook (memory traces).
//
// Part of the runtime library (runtime/README.md): compiled natively into stgvm and for
// wasm32-wasi. Natively the memory is an mmap reservation and a fault throws MemoryFault (a
// fatal error the command line reports, never control flow); on wasm32 it is a buffer inside
// the module's own memory and a fault ends the program through runtime/trap.h.
//
// Guard pages (natively, without AddressSanitizer): the reservation covers every 32-bit
// address plus one access, and only [kRuntimeBase, size) is accessible. The interpreter's own
// loads and stores (the *_raw accessors) then need no comparison: a stray one hits an
// inaccessible page, and interp/guard.h turns the signal into the same MemoryFault.
#pragma once
#include <cstdint>
#include <cstring>
#include <string>

#include "lower/layout.h"
#include "runtime/trap.h"

#if !defined(__wasm__)
#include <sys/mman.h>

#include <stdexcept>
#endif

namespace stgvm {

// Receives every observed load and store (the analysis event interface derives from it).
class MemoryObserver {
 public:
  virtual ~MemoryObserver() = default;
  virtual void on_memory(bool store, uint32_t addr, uint32_t size, uint64_t value) {
    (void)store, (void)addr, (void)size, (void)value;
  }
  // Heap allocation of `bytes` at `addr` by code block `block` (0: the runtime).
  virtual void on_alloc(uint32_t block, uint32_t addr, uint32_t bytes) { (void)block, (void)addr, (void)bytes; }
  // Whether on_memory is wanted (an observer of allocations only costs loads nothing).
  virtual bool wants_accesses() const { return true; }
  // What the runtime library does beyond single accesses (for memory traces).
  enum class Runtime : uint8_t {
    GcStart,  // a: live bytes before (semispace in use + non-moving space)
    GcEnd,    // a: live bytes after, b: bytes copied (moved objects)
    Raise,    // a: the exception closure, b: 1 if asynchronous (throwTo)
    Copy,     // a: destination, b: source, c: bytes (memmove of a primop over memory)
    Fill,     // a: destination, b: byte value, c: bytes
    Compare,  // a, b: the two ranges, c: bytes
  };
  virtual void on_runtime(Runtime what, uint64_t a, uint64_t b, uint64_t c) { (void)what, (void)a, (void)b, (void)c; }
  // A foreign call to `symbol` starts (returned = false) or has returned.
  virtual void on_foreign_call(const char* symbol, bool returned) { (void)symbol, (void)returned; }
};

inline std::string hex32(uint32_t v) {
  char b[16];
  snprintf(b, sizeof b, "%08x", v);
  return b;
}

#if !defined(__wasm__)
struct MemoryFault : std::runtime_error {
  uint32_t addr;
  uint32_t size;
  MemoryFault(uint32_t a, uint32_t s, const std::string& why)
      : std::runtime_error("memory fault: " + why + " at address 0x" + hex(a) + " (" + std::to_string(s) +
                           " bytes)"),
        addr(a), size(s) {}
  static std::string hex(uint32_t v) { return hex32(v); }
};
#endif

// A memory fault: natively throws MemoryFault; on wasm32 reports it and ends the program.
[[noreturn]] inline void memory_fault(uint32_t a, uint32_t n, const char* why) {
#if !defined(__wasm__)
  throw MemoryFault(a, n, why);
#else
  fatal(("memory fault: " + std::string(why) + " at address 0x" + hex32(a) + " (" + std::to_string(n) + " bytes)").c_str());
#endif
}

#if !defined(__wasm__) && !defined(__SANITIZE_ADDRESS__)
#if defined(__has_feature)
#if !__has_feature(address_sanitizer)
#define STGVM_GUARD_PAGES 1
#endif
#else
#define STGVM_GUARD_PAGES 1
#endif
#endif

class Memory {
 public:
#if defined(STGVM_GUARD_PAGES)
  static constexpr bool kGuarded = true;
#else
  static constexpr bool kGuarded = false;  // (ASan reports a SEGV as an error; wasm checks itself)
#endif
  // The bytes reserved with guard pages: any 32-bit address plus an 8-byte access, in pages.
  static constexpr uint64_t kGuardedSpan = (uint64_t(1) << 32) + layout::kPage;
  // The whole declared maximum (with guard pages: all of kGuardedSpan) is reserved up front,
  // natively as address space whose pages are committed only when touched, so growing never
  // moves memory.
  explicit Memory(uint32_t initial_bytes = 0, uint64_t max_bytes = layout::kDefaultMaxMemory)
      : max_(max_bytes > 0xFFFFFFFFull ? 0xFFFFFFFFull : max_bytes) {
#if !defined(__wasm__)
    void* p = mmap(nullptr, size_t(reserved()), kGuarded ? PROT_NONE : PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED)
      throw std::runtime_error("cannot reserve " + std::to_string(reserved()) +
                               " bytes of address space for linear memory (is `ulimit -v` set?)");
    base_ = static_cast<uint8_t*>(p);
    // Transparent huge pages where the host offers them on request: the heap is written
    // through once per collection cycle, and with 4 KiB pages a page fault per 4 KiB and the
    // TLB misses of a multi-megabyte working set cost a fifth to a third of an
    // allocation-heavy program's time. (Advice only: addresses and contents are unchanged.)
    madvise(p, size_t(reserved()), MADV_HUGEPAGE);
#else
    base_ = static_cast<uint8_t*>(calloc(size_t(max_), 1));
    if (!base_) fatal("cannot reserve linear memory");
#endif
    if (!grow_to(initial_bytes)) {
      release();
#if !defined(__wasm__)
      throw std::runtime_error("initial memory larger than the maximum");
#else
      fatal("initial memory larger than the maximum");
#endif
    }
  }
#if defined(__wasm__)
  // The machine's memory placed at `base` inside the wasm module's own memory, which grows
  // (memory.grow) as this does: the wasm module's generated code addresses it directly, with
  // `base` as the constant offset of every load and store.
  struct AtAddress {
    uint32_t base;
  };
  Memory(AtAddress at, uint64_t max_bytes)
      : base_(reinterpret_cast<uint8_t*>(uintptr_t(at.base))), placed_(true),
        max_(max_bytes > 0xFFFFFFFFull - at.base ? 0xFFFFFFFFull - at.base : max_bytes) {
    if (!grow_to(layout::kStaticBase)) fatal("cannot grow the module's memory");  // the runtime page
  }
#endif
  ~Memory() { release(); }
  Memory(const Memory&) = delete;
  Memory& operator=(const Memory&) = delete;

  uint32_t size() const { return size_; }
  uint64_t max_size() const { return max_; }

  // Grows to at least `n` bytes (rounded up to pages). Returns false if that exceeds the max.
  bool grow_to(uint64_t n) {
    uint64_t pages = (n + layout::kPage - 1) / layout::kPage;
    uint64_t bytes = pages * layout::kPage;
    if (bytes > max_) return false;
#if defined(__wasm__)
    if (placed_ && bytes > size_) {
      uint64_t end = uint64_t(uintptr_t(base_)) + bytes, have = __builtin_wasm_memory_size(0) * uint64_t(layout::kPage);
      if (end > have && __builtin_wasm_memory_grow(0, size_t((end - have + layout::kPage - 1) / layout::kPage)) == size_t(-1))
        return false;
    }
#endif
#if !defined(__wasm__)
    if (kGuarded && bytes > size_ && bytes > layout::kRuntimeBase) {
      uint64_t lo = size_ > layout::kRuntimeBase ? size_ : layout::kRuntimeBase;
      if (mprotect(base_ + lo, size_t(bytes - lo), PROT_READ | PROT_WRITE) != 0) return false;
    }
#endif
    if (bytes > size_) size_ = uint32_t(bytes);
    limit_ = size_ > layout::kRuntimeBase ? size_ - layout::kRuntimeBase : 0;
    return true;
  }

  // Checked raw access for bulk operations: a host pointer valid for the memory's lifetime.
  // Faults if [a, a+n) is not entirely inside memory or touches the guard page. `n` is 64-bit
  // so that no length is ever truncated before it is checked.
  uint8_t* span(uint32_t a, uint64_t n) {
    check_span(a, n);
    return base_ + a;
  }
  const uint8_t* span(uint32_t a, uint64_t n) const {
    check_span(a, n);
    return base_ + a;
  }

  uint64_t load64(uint32_t a) const { return load<uint64_t>(a); }
  uint32_t load32(uint32_t a) const { return load<uint32_t>(a); }
  uint16_t load16(uint32_t a) const { return load<uint16_t>(a); }
  uint8_t load8(uint32_t a) const { return load<uint8_t>(a); }
  void store64(uint32_t a, uint64_t v) { store<uint64_t>(a, v); }
  void store32(uint32_t a, uint32_t v) { store<uint32_t>(a, v); }
  void store16(uint32_t a, uint16_t v) { store<uint16_t>(a, v); }
  void store8(uint32_t a, uint8_t v) { store<uint8_t>(a, v); }
  // The same without reporting to the observer: for executors that know none is attached.
  uint64_t load64_unobserved(uint32_t a) const {
    check(a, 8);
    uint64_t v;
    std::memcpy(&v, base_ + a, 8);
    return v;
  }
  uint32_t load32_unobserved(uint32_t a) const {
    check(a, 4);
    uint32_t v;
    std::memcpy(&v, base_ + a, 4);
    return v;
  }
  // Observed (kObservable) or not: for code shared by an executor's observed and unobserved
  // instantiations, where the unobserved one knows that no observer is attached. The
  // unobserved one is the interpreter's fast path, which runs inside a GuardedRegion: its
  // accesses are the raw ones below.
  template <class T, bool kObservable>
  T load_as(uint32_t a) const {
    if constexpr (kObservable) return load<T>(a);
    else return load_raw<T>(a);
  }
  template <class T, bool kObservable>
  void store_as(uint32_t a, T v) {
    if constexpr (kObservable) store<T>(a, v);
    else store_raw<T>(a, v);
  }
  template <bool kObservable>
  uint64_t load64_as(uint32_t a) const { return load_as<uint64_t, kObservable>(a); }
  template <bool kObservable>
  uint32_t load32_as(uint32_t a) const { return load_as<uint32_t, kObservable>(a); }
  void store64_unobserved(uint32_t a, uint64_t v) {
    check(a, 8);
    std::memcpy(base_ + a, &v, 8);
  }
  // Unobserved and, with guard pages, unchecked: only for code that runs inside a
  // GuardedRegion (interp/guard.h), which reports a stray access as a MemoryFault.
  template <class T>
  T load_raw(uint32_t a) const {
    if (!kGuarded) check(a, sizeof(T));
    T v;
    std::memcpy(&v, base_ + a, sizeof(T));
    return v;
  }
  template <class T>
  void store_raw(uint32_t a, T v) {
    if (!kGuarded) check(a, sizeof(T));
    std::memcpy(base_ + a, &v, sizeof(T));
  }
  uint64_t load64_raw(uint32_t a) const { return load_raw<uint64_t>(a); }
  uint32_t load32_raw(uint32_t a) const { return load_raw<uint32_t>(a); }
  void store64_raw(uint32_t a, uint64_t v) { store_raw<uint64_t>(a, v); }
  // The fault a stray raw access at `a` is reported as (the same as a checked access's).
  [[noreturn]] void raw_fault(uint32_t a, uint32_t n) const { fault(a, n); }

  // Reads a NUL-terminated string starting at `a` (bounded by `max_len`).
  std::string c_string(uint32_t a, uint32_t max_len = 1u << 20) const {
    std::string s;
    for (uint32_t i = 0; i < max_len; ++i) {
      uint8_t c = load8(a + i);
      if (!c) return s;
      s += char(c);
    }
    memory_fault(a, max_len, "unterminated string");
  }

  const uint8_t* data() const { return base_; }
  // Every byte back to zero (a snapshot being restored over a fresh machine).
  void zero_all() {
#if !defined(__wasm__)
    madvise(base_, size_t(reserved()), MADV_DONTNEED);  // private anonymous pages read as zeros again
#else
    std::memset(base_, 0, placed_ ? size_t(size_) : size_t(max_));
#endif
  }
  // Every load and store is reported to `o` if it wants them, every allocation by the
  // runtime (runtime/machine.cpp) anyway (nullptr: none; the only cost is one test).
  void set_observer(MemoryObserver* o) {
    observer_ = o;
    access_observer_ = o && o->wants_accesses() ? o : nullptr;
  }
  MemoryObserver* observer() const { return observer_; }

 private:
  uint8_t* base_ = nullptr;
#if defined(__wasm__)
  bool placed_ = false;  // inside the module's memory, not owned
#endif
  MemoryObserver* observer_ = nullptr;
  MemoryObserver* access_observer_ = nullptr;
  uint32_t size_ = 0;
  uint64_t limit_ = 0;  // size_ - kRuntimeBase (0 if smaller): what check() compares with
  uint64_t max_;

  uint64_t reserved() const { return kGuarded ? kGuardedSpan : max_; }
  void release() {
#if !defined(__wasm__)
    if (base_) munmap(base_, size_t(reserved()));
#else
    if (!placed_) free(base_);
#endif
    base_ = nullptr;
  }
  // Loads and stores (n ≤ 8): one comparison; below the runtime page wraps to a huge value.
  void check(uint32_t a, uint32_t n) const {
    if (uint64_t(a) - layout::kRuntimeBase + n > limit_) [[unlikely]]
      fault(a, n);
  }
  // Any length, up to 2^64 - 1, without the sum wrapping around.
  void check_span(uint32_t a, uint64_t n) const {
    uint64_t room = size_ > layout::kRuntimeBase ? size_ - layout::kRuntimeBase : 0;
    uint64_t off = uint64_t(a) - layout::kRuntimeBase;
    if (off > room || n > room - off) [[unlikely]]
      fault(a, n);
  }
  [[noreturn]] void fault(uint32_t a, uint64_t n) const {
    uint32_t shown = n > 0xFFFFFFFFull ? 0xFFFFFFFFu : uint32_t(n);
    if (a < layout::kRuntimeBase) memory_fault(a, shown, "access to the null guard page");
    memory_fault(a, shown, "access beyond the end of memory");
  }
  template <class T>
  T load(uint32_t a) const {
    check(a, sizeof(T));
    T v;
    std::memcpy(&v, base_ + a, sizeof(T));  // host is little-endian (static_assert below)
    if (access_observer_) [[unlikely]]
      access_observer_->on_memory(false, a, sizeof(T), uint64_t(v));
    return v;
  }
  template <class T>
  void store(uint32_t a, T v) {
    check(a, sizeof(T));
    std::memcpy(base_ + a, &v, sizeof(T));
    if (access_observer_) [[unlikely]]
      access_observer_->on_memory(true, a, sizeof(T), uint64_t(v));
  }
};

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "linear memory is little-endian; so must the host be");

}  // namespace stgvm
