#include "exporter/pak_writer.h"

#include <algorithm>
#include <filesystem>

#include "exporter/zip_writer.h"
#include "loader/error.h"
#include "loader/load.h"

namespace stgvm {

namespace fs = std::filesystem;

namespace {

// Entry names a modpak may hold (extstg-format.md §1.2); anything else in the directory
// (our own module.stgdump, temporary files) stays out.
const char* const kModpakEntries[] = {"module.stgbin", "module.fullcore-hi", "module.ghcstg", "module.ghccore",
                                      "module.cmm",    "module.s",           "module.info",   "module.hs",
                                      "module_stub.h", "module_stub.c"};

bool is_modpak_entry(const std::string& n) {
  return std::any_of(std::begin(kModpakEntries), std::end(kModpakEntries), [&](const char* e) { return n == e; });
}

}  // namespace

size_t pack_modpaks(const std::string& objdir) {
  fs::path root = fs::path(objdir) / "extra-compilation-artifacts" / "wpc-plugin";
  fs::path hs = root / "hs-modules";
  std::error_code ec;
  if (!fs::is_directory(hs, ec)) throw LoadError(hs.string(), "", -1, "no exporter output directory");
  std::vector<fs::path> dirs;
  for (auto it = fs::recursive_directory_iterator(hs, ec); it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) break;
    if (it->is_regular_file() && it->path().filename() == "module.stgbin") dirs.push_back(it->path().parent_path());
  }
  if (ec) throw LoadError(hs.string(), "", -1, "cannot list: " + ec.message());
  std::sort(dirs.begin(), dirs.end());
  for (auto& d : dirs) {
    std::vector<ZipInput> entries;
    for (auto& f : fs::directory_iterator(d)) {
      std::string name = f.path().filename().string();
      if (!f.is_regular_file() || !is_modpak_entry(name)) continue;
      entries.push_back({name, read_file(f.path().string()), ZipMethod::Zstd});
    }
    fs::path rel = fs::relative(d, hs);
    fs::path out = root / "modpaks" / (rel.string() + "_modpak");
    write_zip(out.string(), std::move(entries));
  }
  return dirs.size();
}

size_t pack_fullpak(const std::string& stgapp_path, const std::string& out_path, const FullpakOptions& opts) {
  std::string stgapp_text = read_file(stgapp_path, 64 << 20);
  AppMetadata app;
  try {
    app = parse_ghc_stgapp(stgapp_text);
  } catch (const LoadError& e) {
    throw e.in(stgapp_path, "");
  }
  auto modpaks = find_app_modpaks(stgapp_path, app, opts.include_all);
  std::vector<ZipInput> entries;
  std::string info = "live-code:\n";
  for (auto& f : modpaks) {
    ZipArchive z(f.path);
    std::vector<std::string> names;
    for (auto& n : z.names())
      if (n == "module.stgbin" || (!opts.stgbins_only && is_modpak_entry(n))) names.push_back(n);
    auto data = z.read(names);
    std::string prefix = "haskell/" + f.id.package + "/" + f.id.module + "/";
    for (auto& e : data)
      entries.push_back({prefix + e.name, std::string(reinterpret_cast<char*>(e.data.get()), e.size), ZipMethod::Zstd});
    info += "- module-name: " + f.id.module + "\n  package-name: " + f.id.package + "\n  unit-id: " + f.id.unit + "\n";
  }
  entries.push_back({"app.info", info, ZipMethod::Deflate});
  entries.push_back({"app.ghc_stgapp", stgapp_text, ZipMethod::Deflate});
  write_zip(out_path, std::move(entries));
  return modpaks.size();
}

}  // namespace stgvm
