// Builder for the static region of linear memory: info tables, static closures, string
// literals, frame bitmaps, names. Append-only, 8-byte aligned, deterministic.
#pragma once
#include <cstdint>
#include <cstring>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "lower/layout.h"

namespace stgvm {

class StaticImage {
 public:
  explicit StaticImage(std::vector<uint8_t>& bytes) : b_(bytes) {}

  uint32_t here() const { return layout::kStaticBase + uint32_t(b_.size()); }

  // Reserves n bytes (zeroed), 8-byte aligned. Returns the address.
  uint32_t alloc(uint32_t n) {
    size_t off = (b_.size() + 7) & ~size_t(7);
    b_.resize(off + n, 0);
    return layout::kStaticBase + uint32_t(off);
  }
  void put64(uint32_t addr, uint64_t v) {
    uint32_t off = addr - layout::kStaticBase;
    std::memcpy(b_.data() + off, &v, 8);
  }
  void put32(uint32_t addr, uint32_t v) { std::memcpy(b_.data() + (addr - layout::kStaticBase), &v, 4); }
  uint64_t get64(uint32_t addr) const {
    uint64_t v;
    std::memcpy(&v, b_.data() + (addr - layout::kStaticBase), 8);
    return v;
  }
  // Raw bytes followed by a NUL (string literals may contain NULs). Identical literals share
  // one copy.
  uint32_t bytes(std::string_view s) {
    auto it = strings_.find(std::string(s));
    if (it != strings_.end()) return it->second;
    uint32_t a = alloc(uint32_t(s.size()) + 1);
    std::memcpy(b_.data() + (a - layout::kStaticBase), s.data(), s.size());
    strings_.emplace(std::string(s), a);
    return a;
  }

 private:
  std::vector<uint8_t>& b_;
  std::map<std::string, uint32_t> strings_;
};

}  // namespace stgvm
