// One error type for every way an input can be bad. It carries where the problem is
// (file, archive entry, byte offset) so the CLI can print a single precise line.
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>

namespace stgvm {

struct LoadError : std::runtime_error {
  std::string file;   // path of the archive or file on disk ("" if unknown)
  std::string entry;  // archive entry name ("" if not inside an archive)
  int64_t offset;     // byte offset inside the entry (or file); -1 if not applicable
  std::string what_wrong;

  LoadError(std::string file_, std::string entry_, int64_t offset_, std::string msg)
      : std::runtime_error(format(file_, entry_, offset_, msg)),
        file(std::move(file_)), entry(std::move(entry_)), offset(offset_), what_wrong(std::move(msg)) {}

  // Re-throw with the file/entry context filled in (decoders know only offsets).
  LoadError in(const std::string& file_, const std::string& entry_) const {
    return LoadError(file.empty() ? file_ : file, entry.empty() ? entry_ : entry, offset, what_wrong);
  }

  static std::string format(const std::string& f, const std::string& e, int64_t off, const std::string& m) {
    std::string s;
    if (!f.empty()) s += f + ": ";
    if (!e.empty()) s += e + ": ";
    if (off >= 0) s += "offset " + std::to_string(off) + ": ";
    return s + m;
  }
};

}  // namespace stgvm
