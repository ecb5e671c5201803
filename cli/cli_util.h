// What the command-line files share: the usage error, size arguments.
#pragma once
#include <sys/stat.h>

#include <cstdint>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

namespace stgvm::cli {

// A bad command line: reported with the usage text, exit code 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A whole file's bytes (false if it cannot be opened or read): block reads into a buffer
// sized from the file's size, because start-up reads the archive and its cache entry whole.
inline bool read_whole_file(const std::string& path, std::string& out) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return false;
  out.clear();
  struct stat st;
  if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode)) out.reserve(size_t(st.st_size));
  char buf[1 << 16];
  for (size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) out.append(buf, n);
  bool ok = !std::ferror(f);
  std::fclose(f);
  return ok;
}

// "64M", "512K", "1G", or bytes.
inline uint64_t parse_size(const std::string& flag, const std::string& v) {
  size_t used = 0;
  unsigned long long n = 0;
  try {
    n = std::stoull(v, &used);
  } catch (...) {
    throw UsageError(flag + ": not a size: " + v);
  }
  std::string suffix = v.substr(used);
  if (suffix == "K" || suffix == "k") n <<= 10;
  else if (suffix == "M" || suffix == "m") n <<= 20;
  else if (suffix == "G" || suffix == "g") n <<= 30;
  else if (!suffix.empty()) throw UsageError(flag + ": not a size: " + v);
  return n;
}

// The program's name, as GHC's RTS and the Haskell interpreter give it (argv[0]): the file's
// base name without its extension. `run`, `run-wasm` and `diff-wasm` use the same one.
inline std::string program_name(const std::string& file) {
  std::string name = file.substr(file.find_last_of('/') == std::string::npos ? 0 : file.find_last_of('/') + 1);
  if (auto dot = name.rfind('.'); dot != std::string::npos && dot > 0) name = name.substr(0, dot);
  return name;
}

}  // namespace stgvm::cli
