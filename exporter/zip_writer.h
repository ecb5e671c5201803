// Writes zip archives the way the ext-stg tooling's Haskell `zip` library does: entries in
// name order, a Zip64 extra field in every local header, Zstd (93), Deflate (8) or Store (0).
// Output goes to a temporary file renamed into place, so a failed write leaves nothing behind.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace stgvm {

enum class ZipMethod : uint16_t { Store = 0, Deflate = 8, Zstd = 93 };

struct ZipInput {
  std::string name;
  std::string data;
  ZipMethod method = ZipMethod::Zstd;
};

// Builds the archive bytes (entries sorted by name).
std::string build_zip(std::vector<ZipInput> entries);
// build_zip + atomic write to `path`. Throws std::runtime_error on I/O errors.
void write_zip(const std::string& path, std::vector<ZipInput> entries);
// Atomic file write helper (temp file in the same directory, then rename).
void write_file_atomic(const std::string& path, const std::string& bytes);

}  // namespace stgvm
