// A file's bytes, mapped read-only. Start-up reads the archive (to hash it) and its cache
// entry whole; mapping them costs a page-cache lookup per 64 KiB instead of a copy into fresh
// memory, and a trace may be far bigger than memory wants to hold twice.
#pragma once
#include <cstdint>
#include <string>

namespace stgvm {

class MappedFile {
 public:
  MappedFile() = default;
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  // Maps `path` (replacing what was mapped). False if it cannot be opened, is not a regular
  // file or cannot be mapped; `why` then says which (with the system's reason).
  bool open(const std::string& path, std::string* why = nullptr);

  const uint8_t* data() const { return data_; }
  uint64_t size() const { return size_; }

 private:
  void close();
  const uint8_t* data_ = nullptr;  // (nullptr for an empty file)
  uint64_t size_ = 0;
};

}  // namespace stgvm
