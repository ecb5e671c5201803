#include "loader/zip_archive.h"

#include <archive.h>
#include <archive_entry.h>

#include <locale.h>

#include <algorithm>
#include <cstring>
#include <map>

#include "loader/error.h"

namespace stgvm {
namespace {

// libarchive converts entry names to the charset of the current locale and fails on every
// non-ASCII name in the default "C" locale (archive_entry_pathname() is NULL). Names in these
// archives are UTF-8 (extstg-format.md §1.1), so readers run with a UTF-8 LC_CTYPE on this
// thread only.
struct Utf8Ctype {
  locale_t loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", locale_t(0));
  locale_t old = loc ? uselocale(loc) : locale_t(0);
  ~Utf8Ctype() {
    if (loc) {
      uselocale(old);
      freelocale(loc);
    }
  }
};

struct Reader {
  Utf8Ctype ctype;  // first member: outlives the archive
  archive* a = nullptr;
  ~Reader() {
    if (a) archive_read_free(a);
  }
};

}  // namespace

ZipArchive::ZipArchive(std::string path, ZipLimits limits) : path_(std::move(path)), limits_(limits) { scan(); }

ZipArchive::ZipArchive(std::string display_name, const uint8_t* data, size_t size, ZipLimits limits)
    : path_(std::move(display_name)), mem_(data), mem_size_(size), limits_(limits) {
  scan();
}

bool ZipArchive::contains(const std::string& name) const {
  return std::binary_search(names_.begin(), names_.end(), name);
}

namespace {

// Opens a fresh libarchive reader positioned before the first entry.
void open_reader(Reader& r, const std::string& path, const uint8_t* mem, size_t mem_size) {
  r.a = archive_read_new();
  if (!r.a) throw LoadError(path, "", -1, "out of memory opening the archive");
  archive_read_support_format_zip_seekable(r.a);
  int rc = mem ? archive_read_open_memory(r.a, mem, mem_size) : archive_read_open_filename(r.a, path.c_str(), 1 << 16);
  if (rc != ARCHIVE_OK) {
    const char* e = archive_error_string(r.a);
    throw LoadError(path, "", -1, std::string("not a readable zip archive: ") + (e ? e : "unknown error"));
  }
}

[[noreturn]] void archive_fail(archive* a, const std::string& path, const std::string& entry, const char* what) {
  const char* e = archive_error_string(a);
  int64_t pos = archive_read_header_position(a);
  throw LoadError(path, entry, pos >= 0 ? pos : -1, std::string(what) + ": " + (e ? e : "unknown error"));
}

}  // namespace

void ZipArchive::scan() {
  Reader r;
  open_reader(r, path_, mem_, mem_size_);
  uint64_t total = 0;
  archive_entry* e = nullptr;
  for (;;) {
    int rc = archive_read_next_header(r.a, &e);
    if (rc == ARCHIVE_EOF) break;
    // A warning means the central directory and a local header disagree (or similar): for
    // an input we must trust byte for byte, that is corruption too.
    if (rc != ARCHIVE_OK) archive_fail(r.a, path_, "", "corrupt zip directory");
    const char* nm = archive_entry_pathname(e);
    std::string name = nm ? nm : "";
    if (name.empty()) archive_fail(r.a, path_, "", "zip entry without a name");
    if (names_.size() >= limits_.max_entries)
      throw LoadError(path_, "", -1, "more than " + std::to_string(limits_.max_entries) + " entries");
    if (archive_entry_size_is_set(e)) {
      int64_t sz = archive_entry_size(e);
      if (sz < 0 || uint64_t(sz) > limits_.max_entry_size)
        throw LoadError(path_, name, -1,
                        "entry declares " + std::to_string(sz) + " bytes, above the limit of " +
                            std::to_string(limits_.max_entry_size));
      total += uint64_t(sz);
      if (total > limits_.max_total_size)
        throw LoadError(path_, name, -1,
                        "archive declares more than " + std::to_string(limits_.max_total_size) +
                            " uncompressed bytes in all");
    }
    names_.push_back(std::move(name));
  }
  std::sort(names_.begin(), names_.end());
  auto dup = std::adjacent_find(names_.begin(), names_.end());
  if (dup != names_.end()) throw LoadError(path_, *dup, -1, "duplicate entry name");
}

std::vector<ZipEntryData> ZipArchive::read(const std::vector<std::string>& wanted) const {
  std::map<std::string, size_t> want;
  for (size_t i = 0; i < wanted.size(); ++i) {
    if (!contains(wanted[i])) throw LoadError(path_, wanted[i], -1, "entry not found in the archive");
    want.emplace(wanted[i], i);
  }
  std::vector<ZipEntryData> out(wanted.size());
  Reader r;
  open_reader(r, path_, mem_, mem_size_);
  archive_entry* e = nullptr;
  size_t found = 0;
  while (found < want.size()) {
    int rc = archive_read_next_header(r.a, &e);
    if (rc == ARCHIVE_EOF) break;
    // A warning means the central directory and a local header disagree (or similar): for
    // an input we must trust byte for byte, that is corruption too.
    if (rc != ARCHIVE_OK) archive_fail(r.a, path_, "", "corrupt zip directory");
    const char* nm = archive_entry_pathname(e);
    auto it = want.find(nm ? nm : "");
    if (it == want.end()) continue;
    const std::string& name = it->first;
    ZipEntryData& d = out[it->second];
    d.name = name;
    // The directory scan already capped declared sizes. An entry without a declared size is
    // read in chunks up to the per-entry cap.
    uint64_t cap = limits_.max_entry_size;
    size_t declared = archive_entry_size_is_set(e) ? size_t(archive_entry_size(e)) : 0;
    size_t capacity = archive_entry_size_is_set(e) ? declared : 0;
    std::unique_ptr<uint8_t[]> buf(new uint8_t[capacity ? capacity : 1]);
    size_t len = 0;
    for (;;) {
      if (len == capacity) {
        if (archive_entry_size_is_set(e)) {
          // Declared size reached: the entry must end here.
          uint8_t probe;
          la_ssize_t n = archive_read_data(r.a, &probe, 1);
          if (n < 0) archive_fail(r.a, path_, name, "cannot decompress entry");
          if (n > 0)
            throw LoadError(path_, name, int64_t(len), "entry holds more data than its declared size");
          break;
        }
        size_t grow = capacity ? capacity * 2 : 1 << 16;
        if (grow > cap) grow = size_t(cap);
        if (grow <= capacity) throw LoadError(path_, name, int64_t(len), "entry larger than the size limit");
        std::unique_ptr<uint8_t[]> nb(new uint8_t[grow]);
        std::memcpy(nb.get(), buf.get(), len);
        buf = std::move(nb);
        capacity = grow;
      }
      la_ssize_t n = archive_read_data(r.a, buf.get() + len, capacity - len);
      if (n < 0) archive_fail(r.a, path_, name, "cannot decompress entry");
      if (n == 0) break;
      len += size_t(n);
    }
    if (archive_entry_size_is_set(e) && len != declared)
      throw LoadError(path_, name, int64_t(len),
                      "entry ends after " + std::to_string(len) + " of its declared " + std::to_string(declared) +
                          " bytes");
    d.data = std::move(buf);
    d.size = len;
    ++found;
  }
  if (found != want.size()) throw LoadError(path_, "", -1, "archive changed while reading");
  return out;
}

}  // namespace stgvm
