// Reading zip archives (.modpak, .fullpak) through libarchive: entries are found by name,
// never by order; methods 0 (store), 8 (deflate) and 93 (zstd), Zip64 extra fields. Sizes are
// checked against caps before anything is allocated, so hostile archives cannot exhaust memory.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace stgvm {

struct ZipLimits {
  size_t max_entries = 100000;
  uint64_t max_entry_size = uint64_t(1) << 30;       // 1 GiB uncompressed per entry
  uint64_t max_total_size = uint64_t(4) << 30;       // 4 GiB uncompressed in all
};

struct ZipEntryData {
  std::string name;
  std::unique_ptr<uint8_t[]> data;
  size_t size = 0;
};

class ZipArchive {
 public:
  // Opens `path` and reads its directory. Throws LoadError naming the file.
  explicit ZipArchive(std::string path, ZipLimits limits = {});
  // Same over bytes in memory (kept by the caller for the lifetime of this object).
  ZipArchive(std::string display_name, const uint8_t* data, size_t size, ZipLimits limits = {});

  const std::string& path() const { return path_; }
  const std::vector<std::string>& names() const { return names_; }  // sorted
  bool contains(const std::string& name) const;

  // Extracts the named entries (any order). Unknown names are an error. Every entry of the
  // archive is inspected so the caps apply to the whole archive.
  std::vector<ZipEntryData> read(const std::vector<std::string>& wanted) const;
  ZipEntryData read_one(const std::string& name) const { return std::move(read({name})[0]); }

 private:
  std::string path_;
  const uint8_t* mem_ = nullptr;
  size_t mem_size_ = 0;
  ZipLimits limits_;
  std::vector<std::string> names_;
  void scan();
};

}  // namespace stgvm
