// libFuzzer target: the zip layer (libarchive with our caps) over arbitrary bytes, reading
// every entry.
#include <cstddef>
#include <cstdint>

#include "loader/error.h"
#include "loader/zip_archive.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  stgvm::ZipLimits lim;
  lim.max_entries = 64;
  lim.max_entry_size = 1 << 20;
  lim.max_total_size = 4 << 20;
  try {
    stgvm::ZipArchive z("fuzz.zip", data, size, lim);
    z.read(z.names());
  } catch (const stgvm::LoadError&) {
  }
  return 0;
}
