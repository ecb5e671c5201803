// The start-up cache: the lowered Image of an archive, kept on disk so that a later run of
// the same archive by the same stgvm build reads it instead of decoding and lowering the
// program again. An entry is keyed by the archive's bytes (two independent 64-bit hashes and
// the size) and the executable's build ID; it holds them again and a checksum, and is
// verified like any untrusted input (lower/image_file.h): a corrupt or stale entry is
// rebuilt, never trusted. Entries are written to a temporary file and renamed, so
// concurrent runs never see half an entry.
//
// Where: $STGVM_CACHE_DIR, else $XDG_CACHE_HOME/stgvm/images, else ~/.cache/stgvm/images. A
// cache that cannot be read or written is skipped silently (the run lowers as without one).
// Writing an entry removes the entries no run has used for 30 days.
#pragma once
#include <string>

#include "lower/image.h"

namespace stgvm {

// The Image of the program in `file` (regions planned for `sizes`); `use_cache` false
// (--no-cache): decode and lower, neither reading nor writing the cache.
Image program_image(const std::string& file, const layout::RegionSizes& sizes, bool use_cache);

}  // namespace stgvm
