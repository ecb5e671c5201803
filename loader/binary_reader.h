// Data.Binary primitive decoding (big-endian) over an in-memory buffer, with every length
// checked against the bytes that remain before anything is allocated.
#pragma once
#include <cstdint>
#include <cstring>
#include <string_view>

#include "loader/error.h"

namespace stgvm {

class BinaryReader {
 public:
  BinaryReader(const uint8_t* data, size_t size) : begin_(data), p_(data), end_(data + size) {}

  size_t offset() const { return static_cast<size_t>(p_ - begin_); }
  size_t remaining() const { return static_cast<size_t>(end_ - p_); }
  bool at_end() const { return p_ == end_; }

  [[noreturn]] void fail(const std::string& msg) const { fail_at(offset(), msg); }
  [[noreturn]] static void fail_at(size_t off, const std::string& msg) {
    throw LoadError("", "", static_cast<int64_t>(off), msg);
  }

  void need(size_t n, const char* what) const {
    if (remaining() < n) truncated(what);
  }
  [[noreturn]] void truncated(const char* what) const;

  uint8_t u8(const char* what = "byte") {
    need(1, what);
    return *p_++;
  }
  bool boolean(const char* what = "Bool");
  int64_t i64(const char* what = "Int") {
    need(8, what);
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v = (v << 8) | p_[i];
    p_ += 8;
    return static_cast<int64_t>(v);
  }
  int32_t i32(const char* what = "Int32") {
    need(4, what);
    uint32_t v = (uint32_t(p_[0]) << 24) | (uint32_t(p_[1]) << 16) | (uint32_t(p_[2]) << 8) | p_[3];
    p_ += 4;
    return static_cast<int32_t>(v);
  }
  // A sum-type tag: one byte that must be < n_constructors.
  uint8_t tag(unsigned n_constructors, const char* type);
  // Char: UTF-8 form, decoded leniently (surrogates pass through).
  uint32_t utf8_char(const char* what = "Char");
  // Strict ByteString: Int length then raw bytes. The view points into the buffer.
  std::string_view bytes(const char* what = "ByteString");
  // A list count, checked against the remaining bytes given a minimum element size.
  size_t list_count(const char* what, size_t min_elem_size = 1);
  const uint8_t* raw(size_t n, const char* what) {
    need(n, what);
    const uint8_t* r = p_;
    p_ += n;
    return r;
  }

 private:
  const uint8_t* begin_;
  const uint8_t* p_;
  const uint8_t* end_;
};

}  // namespace stgvm
