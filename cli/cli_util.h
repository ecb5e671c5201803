// What the command-line files share: the usage error, size arguments.
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace stgvm::cli {

// A bad command line: reported with the usage text, exit code 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

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

// cli/wasm_commands.cpp
int cmd_wasm(const std::vector<std::string>& args);
int cmd_run_wasm(const std::vector<std::string>& args);
// cli/diff_wasm.cpp
int cmd_diff_wasm(const std::vector<std::string>& args);

}  // namespace stgvm::cli
