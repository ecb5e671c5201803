// Simulated wasm32-style linear memory: u32 addresses, little-endian, 64 KiB pages, grows
// only in whole pages up to a declared maximum. Every access is bounds-checked; an access
// to the null guard page or past the end raises MemoryFault (a deterministic VM error, never
// a host crash). Accesses can be observed through an optional hook (memory traces).
#pragma once
#include <sys/mman.h>

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "interp/events.h"
#include "lower/layout.h"

namespace stgvm {

struct MemoryFault : std::runtime_error {
  uint32_t addr;
  uint32_t size;
  MemoryFault(uint32_t a, uint32_t s, const std::string& why)
      : std::runtime_error("memory fault: " + why + " at address 0x" + hex(a) + " (" + std::to_string(s) +
                           " bytes)"),
        addr(a), size(s) {}
  static std::string hex(uint32_t v) {
    char b[16];
    snprintf(b, sizeof b, "%08x", v);
    return b;
  }
};

class Memory {
 public:
  // The whole declared maximum is reserved as address space up front (pages are committed
  // by the host only when touched), so growing never moves memory.
  explicit Memory(uint32_t initial_bytes = 0, uint64_t max_bytes = layout::kDefaultMaxMemory)
      : max_(max_bytes > 0xFFFFFFFFull ? 0xFFFFFFFFull : max_bytes) {
    void* p = mmap(nullptr, size_t(max_), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) throw std::runtime_error("cannot reserve " + std::to_string(max_) + " bytes of linear memory");
    base_ = static_cast<uint8_t*>(p);
    if (!grow_to(initial_bytes)) {
      munmap(base_, size_t(max_));
      throw std::runtime_error("initial memory larger than the maximum");
    }
  }
  ~Memory() { munmap(base_, size_t(max_)); }
  Memory(const Memory&) = delete;
  Memory& operator=(const Memory&) = delete;

  uint32_t size() const { return size_; }
  uint64_t max_size() const { return max_; }

  // Grows to at least `n` bytes (rounded up to pages). Returns false if that exceeds the max.
  bool grow_to(uint64_t n) {
    uint64_t pages = (n + layout::kPage - 1) / layout::kPage;
    uint64_t bytes = pages * layout::kPage;
    if (bytes > max_) return false;
    if (bytes > size_) size_ = uint32_t(bytes);
    return true;
  }

  // Checked raw access for bulk operations (memcpy-like shims): returns a host pointer valid
  // until the next grow. Faults if [a, a+n) is not entirely mapped or touches the guard page.
  uint8_t* span(uint32_t a, uint32_t n) {
    check(a, n);
    return base_ + a;
  }
  const uint8_t* span(uint32_t a, uint32_t n) const {
    check(a, n);
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
  void store64_unobserved(uint32_t a, uint64_t v) {
    check(a, 8);
    std::memcpy(base_ + a, &v, 8);
  }

  // Reads a NUL-terminated string starting at `a` (bounded by `max_len`).
  std::string c_string(uint32_t a, uint32_t max_len = 1u << 20) const {
    std::string s;
    for (uint32_t i = 0; i < max_len; ++i) {
      uint8_t c = load8(a + i);
      if (!c) return s;
      s += char(c);
    }
    throw MemoryFault(a, max_len, "unterminated string");
  }

  const uint8_t* data() const { return base_; }
  // Every load and store is reported to `e` (nullptr: none; the only cost is this test).
  void set_observer(VmEvents* e) { observer_ = e; }

 private:
  uint8_t* base_ = nullptr;
  VmEvents* observer_ = nullptr;
  uint32_t size_ = 0;
  uint64_t max_;

  void check(uint32_t a, uint32_t n) const {
    // One comparison on the fast path: below the runtime page wraps around to a huge value.
    if (uint64_t(a) - layout::kRuntimeBase + n > uint64_t(size_) - layout::kRuntimeBase) [[unlikely]]
      fault(a, n);
  }
  [[noreturn]] void fault(uint32_t a, uint32_t n) const {
    if (a < layout::kRuntimeBase) throw MemoryFault(a, n, "access to the null guard page");
    throw MemoryFault(a, n, "access beyond the end of memory");
  }
  template <class T>
  T load(uint32_t a) const {
    check(a, sizeof(T));
    T v;
    std::memcpy(&v, base_ + a, sizeof(T));  // host is little-endian (static_assert below)
    if (observer_) [[unlikely]]
      observer_->on_memory(false, a, sizeof(T), v);
    return v;
  }
  template <class T>
  void store(uint32_t a, T v) {
    check(a, sizeof(T));
    std::memcpy(base_ + a, &v, sizeof(T));
    if (observer_) [[unlikely]]
      observer_->on_memory(true, a, sizeof(T), v);
  }
};

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "linear memory is little-endian; so must the host be");

}  // namespace stgvm
