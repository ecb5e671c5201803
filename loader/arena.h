// Bump allocation for the syntax tree: one arena per Program, freed all at once.
#pragma once
#include <cstring>
#include <memory_resource>
#include <new>
#include <string>
#include <string_view>
#include <type_traits>

#include "loader/ast.h"

namespace stgvm {

class Arena {
 public:
  Arena() : res_(1 << 20) {}
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;

  template <class T>
  T* make() {
    static_assert(std::is_trivially_destructible_v<T>, "arena objects are never destroyed");
    return new (res_.allocate(sizeof(T), alignof(T))) T();
  }
  template <class T>
  stg::Span<T> array(size_t n) {
    static_assert(std::is_trivially_destructible_v<T>, "arena objects are never destroyed");
    stg::Span<T> s;
    if (n == 0) return s;
    s.ptr = static_cast<T*>(res_.allocate(sizeof(T) * n, alignof(T)));
    for (size_t i = 0; i < n; ++i) new (s.ptr + i) T();
    s.n = static_cast<uint32_t>(n);
    return s;
  }
  std::string_view str(std::string_view v) {
    if (v.empty()) return {};
    char* p = static_cast<char*>(res_.allocate(v.size(), 1));
    std::memcpy(p, v.data(), v.size());
    return {p, v.size()};
  }

 private:
  std::pmr::monotonic_buffer_resource res_;
};

}  // namespace stgvm
