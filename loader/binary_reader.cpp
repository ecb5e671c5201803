#include "loader/binary_reader.h"

#include <string>

namespace stgvm {

void BinaryReader::truncated(const char* what) const {
  fail(std::string("truncated input: need more bytes for ") + what + " (" + std::to_string(remaining()) +
       " left)");
}

bool BinaryReader::boolean(const char* what) {
  size_t at = offset();
  uint8_t b = u8(what);
  if (b > 1) fail_at(at, std::string("bad ") + what + " value " + std::to_string(b) + " (expected 0 or 1)");
  return b == 1;
}

uint8_t BinaryReader::tag(unsigned n, const char* type) {
  size_t at = offset();
  uint8_t t = u8(type);
  if (t >= n)
    fail_at(at, std::string("bad constructor tag ") + std::to_string(t) + " for " + type + " (has " +
                    std::to_string(n) + " constructors)");
  return t;
}

uint32_t BinaryReader::utf8_char(const char* what) {
  size_t at = offset();
  uint8_t b0 = u8(what);
  if (b0 < 0x80) return b0;
  size_t extra = b0 < 0xE0 ? 1 : b0 < 0xF0 ? 2 : 3;
  need(extra, what);
  uint32_t cp = b0 < 0xE0 ? (b0 & 0x1F) : b0 < 0xF0 ? (b0 & 0x0F) : (b0 & 0x07);
  for (size_t i = 0; i < extra; ++i) cp = (cp << 6) | (u8(what) & 0x3F);
  if (cp > 0x10FFFF) fail_at(at, std::string("bad ") + what + ": code point above U+10FFFF");
  return cp;
}

std::string_view BinaryReader::bytes(const char* what) {
  size_t at = offset();
  int64_t n = i64(what);
  if (n < 0) fail_at(at, std::string("negative length ") + std::to_string(n) + " for " + what);
  if (static_cast<uint64_t>(n) > remaining())
    fail_at(at, std::string("length ") + std::to_string(n) + " of " + what + " exceeds the " +
                    std::to_string(remaining()) + " bytes that remain");
  const uint8_t* r = raw(static_cast<size_t>(n), what);
  return {reinterpret_cast<const char*>(r), static_cast<size_t>(n)};
}

size_t BinaryReader::list_count(const char* what, size_t min_elem_size) {
  size_t at = offset();
  int64_t n = i64(what);
  if (n < 0) fail_at(at, std::string("negative list length ") + std::to_string(n) + " for " + what);
  if (min_elem_size == 0) min_elem_size = 1;
  if (static_cast<uint64_t>(n) > remaining() / min_elem_size)
    fail_at(at, std::string("list length ") + std::to_string(n) + " of " + what + " exceeds what the " +
                    std::to_string(remaining()) + " remaining bytes can hold");
  return static_cast<size_t>(n);
}

}  // namespace stgvm
