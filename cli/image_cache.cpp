// The start-up cache (cli/image_cache.h).
#include "cli/image_cache.h"

#include <elf.h>
#include <link.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>

#include <xxhash.h>

#include "exporter/zip_writer.h"
#include "loader/load.h"
#include "loader/mapped_file.h"
#include "lower/image_file.h"
#include "lower/lower.h"
#include "runtime/serial.h"

namespace stgvm {

namespace {

// The executable's GNU build ID (a hash the linker computes over the output), as hex: a
// different stgvm build may lower differently. "" if there is none (then no caching).
std::string build_id() {
  std::string id;
  dl_iterate_phdr(
      [](dl_phdr_info* info, size_t, void* out) -> int {
        if (info->dlpi_name && info->dlpi_name[0]) return 0;  // the main program comes first, unnamed
        for (int i = 0; i < info->dlpi_phnum; ++i) {
          const ElfW(Phdr)& ph = info->dlpi_phdr[i];
          if (ph.p_type != PT_NOTE) continue;
          const char* p = reinterpret_cast<const char*>(info->dlpi_addr + ph.p_vaddr);
          const char* end = p + ph.p_memsz;
          while (p + sizeof(ElfW(Nhdr)) <= end) {
            auto* nh = reinterpret_cast<const ElfW(Nhdr)*>(p);
            const char* name = p + sizeof(ElfW(Nhdr));
            const unsigned char* desc = reinterpret_cast<const unsigned char*>(name + ((nh->n_namesz + 3) & ~3u));
            if (nh->n_type == NT_GNU_BUILD_ID && nh->n_namesz == 4 && std::memcmp(name, "GNU", 4) == 0) {
              auto* s = static_cast<std::string*>(out);
              char hex[3];
              for (uint32_t k = 0; k < nh->n_descsz; ++k) {
                std::snprintf(hex, sizeof hex, "%02x", desc[k]);
                *s += hex;
              }
              return 1;
            }
            p = reinterpret_cast<const char*>(desc) + ((nh->n_descsz + 3) & ~3u);
          }
        }
        return 1;
      },
      &id);
  return id;
}

std::string cache_dir() {
  if (const char* d = std::getenv("STGVM_CACHE_DIR"); d && *d) return d;
  if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) return std::string(x) + "/stgvm/images";
  if (const char* h = std::getenv("HOME"); h && *h) return std::string(h) + "/.cache/stgvm/images";
  return "";
}

// The entry's name: the archive's 128-bit XXH3 hash and its size (every run hashes the whole
// archive, so the hash must run at memory speed).
std::string key_of(const MappedFile& f) {
  XXH128_hash_t h = XXH3_128bits(f.data(), size_t(f.size()));
  char s[64];
  std::snprintf(s, sizeof s, "%016llx%016llx-%llx", (unsigned long long)h.high64, (unsigned long long)h.low64,
                (unsigned long long)f.size());
  return s;
}

constexpr char kEntryMagic[8] = {'S', 'T', 'G', 'V', 'M', 'C', 'A', 'C'};

// Entries not used for this long are removed when a new one is written (a hit marks its
// entry used); temporary files of runs that were killed, after a day.
constexpr auto kUnusedEntryAge = std::chrono::hours(24 * 30);
constexpr auto kLeftoverAge = std::chrono::hours(24);

void prune(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  auto now = fs::file_time_type::clock::now();
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    bool entry = name.size() > 4 && name.compare(name.size() - 4, 4, ".img") == 0;
    bool leftover = name.find(".img.tmp.") != std::string::npos;
    if (!entry && !leftover) continue;  // (not ours: left alone)
    std::error_code e;
    auto t = fs::last_write_time(it->path(), e);
    if (!e && now - t > (entry ? kUnusedEntryAge : kLeftoverAge)) fs::remove(it->path(), e);
  }
}

}  // namespace

Image program_image(const std::string& file, const layout::RegionSizes& sizes, bool use_cache) {
  std::string dir = use_cache ? cache_dir() : "";
  std::string id = dir.empty() ? "" : build_id();
  std::string entry_path, header;
  if (MappedFile archive; !id.empty() && archive.open(file)) {
    std::string key = key_of(archive);
    entry_path = dir + "/" + key + ".img";
    // The entry starts with what it is for: magic, build ID, key (checked, not just named),
    // padded to 8 bytes so that the image's arrays are aligned where they lie.
    header = std::string(kEntryMagic, 8) + id + "\n" + key + "\n";
    header.resize((header.size() + 7) / 8 * 8, '\n');
    auto entry = std::make_shared<MappedFile>();
    if (entry->open(entry_path) && entry->size() > header.size() &&
        std::memcmp(entry->data(), header.data(), header.size()) == 0) {
      Image img;  // (its large arrays are the entry's bytes, mapped: the image keeps them)
      if (decode_image(entry->data() + header.size(), size_t(entry->size() - header.size()), img, entry).empty()) {
        img.regions = layout::plan_regions(img.static_end(), sizes);
        std::error_code ec;  // used now: not pruned for another while
        std::filesystem::last_write_time(entry_path, std::filesystem::file_time_type::clock::now(), ec);
        return img;
      }
    }
  }
  auto program = load_program(file);
  Image img = lower_program(*program, sizes);
  if (!entry_path.empty()) {
    std::vector<uint8_t> bytes = encode_image(img);
    try {  // (its temporary file is ENTRY.tmp.PID, which prune() knows)
      write_file_atomic(entry_path, header + std::string(bytes.begin(), bytes.end()));
    } catch (const std::exception&) {
      return img;  // an unwritable cache is no cache
    }
    prune(dir);
  }
  return img;
}

}  // namespace stgvm
