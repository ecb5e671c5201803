#include "loader/load.h"

#include <algorithm>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "loader/error.h"
#include "loader/link.h"
#include "loader/resolve.h"

namespace stgvm {

namespace fs = std::filesystem;

std::string read_file(const std::string& path, uint64_t max_size) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) throw LoadError(path, "", -1, "is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw LoadError(path, "", -1, std::string("cannot open: ") + std::strerror(errno));
  in.seekg(0, std::ios::end);
  std::streamoff n = in.tellg();
  if (n < 0) throw LoadError(path, "", -1, "cannot determine the file size");
  if (uint64_t(n) > max_size) throw LoadError(path, "", -1, "file larger than " + std::to_string(max_size) + " bytes");
  in.seekg(0);
  std::string s(size_t(n), '\0');
  if (n && !in.read(s.data(), n)) throw LoadError(path, "", -1, "read error");
  return s;
}

const std::vector<std::pair<std::string, std::string>>& rts_root_modules() {
  static const std::vector<std::pair<std::string, std::string>> roots = {
      {"ghc-prim", "GHC.Tuple"},        {"ghc-prim", "GHC.Types"},
      {"base", "Control.Exception.Base"}, {"base", "GHC.Conc.IO"},
      {"base", "GHC.Conc.Signal"},      {"base", "GHC.Conc.Sync"},
      {"base", "GHC.Event.Thread"},     {"base", "GHC.Exception.Type"},
      {"base", "GHC.IOPort"},           {"base", "GHC.IO.Exception"},
      {"base", "GHC.Int"},              {"base", "GHC.Pack"},
      {"base", "GHC.Ptr"},              {"base", "GHC.Stable"},
      {"base", "GHC.TopHandler"},       {"base", "GHC.Weak"},
      {"base", "GHC.Word"},
  };
  return roots;
}

namespace {

bool ends_with(std::string_view s, std::string_view suf) {
  return s.size() >= suf.size() && s.substr(s.size() - suf.size()) == suf;
}

struct RawModule {
  std::unique_ptr<uint8_t[]> data;
  size_t size = 0;
  std::string file, entry, package;
};

class Loader {
 public:
  Loader(const std::string& path, const LoadOptions& o) : opts_(o), p_(std::make_unique<Program>()) {
    p_->input_path = path;
  }

  std::unique_ptr<Program> run() {
    const std::string& path = p_->input_path;
    if (ends_with(path, "ghc_stgapp")) load_stgapp(path);
    else if (ends_with(path, ".stgbin")) load_bare(path);
    else load_zip(path);
    for (auto& raw : raws_) add_module(raw);
    try {
      link_program(*p_);
    } catch (const LoadError& e) {
      throw e.in(path, "");
    }
    return std::move(p_);
  }

 private:
  LoadOptions opts_;
  std::unique_ptr<Program> p_;
  std::vector<RawModule> raws_;

  void add_module(RawModule& raw) {
    stg::Module* m = nullptr;
    try {
      m = decode_module(p_->arena, raw.data.get(), raw.size, opts_.decode);
      m->source_file = p_->arena.str(raw.file);
      m->entry = p_->arena.str(raw.entry);
      m->package = p_->arena.str(raw.package.empty() ? std::string(m->unit) : raw.package);
      resolve_module(p_->arena, *m);
    } catch (const LoadError& e) {
      throw e.in(raw.file, raw.entry);
    }
    p_->buffers.push_back(std::move(raw.data));
    p_->modules.push_back(m);
  }

  void load_bare(const std::string& path) {
    std::string s = read_file(path, opts_.zip.max_entry_size);
    RawModule r;
    r.size = s.size();
    r.data.reset(new uint8_t[s.size() ? s.size() : 1]);
    std::memcpy(r.data.get(), s.data(), s.size());
    r.file = path;
    raws_.push_back(std::move(r));
  }

  void load_zip(const std::string& path) {
    ZipArchive z(path, opts_.zip);
    std::vector<std::string> wanted;
    std::vector<std::string> packages;
    if (z.contains("module.stgbin")) {  // a modpak
      wanted.push_back("module.stgbin");
      packages.push_back("");
    } else {
      if (z.contains("app.ghc_stgapp")) {
        auto e = z.read_one("app.ghc_stgapp");
        try {
          p_->app = parse_ghc_stgapp(std::string(reinterpret_cast<char*>(e.data.get()), e.size));
          p_->has_app_metadata = true;
        } catch (const LoadError& err) {
          throw err.in(path, "app.ghc_stgapp");
        }
      }
      if (z.contains("app.info")) {
        auto e = z.read_one("app.info");
        std::vector<LiveModule> live;
        try {
          live = parse_app_info(std::string(reinterpret_cast<char*>(e.data.get()), e.size));
        } catch (const LoadError& err) {
          throw err.in(path, "app.info");
        }
        for (auto& m : live) {
          std::string current = "haskell/" + m.package_name + "/" + m.module_name + "/module.stgbin";
          std::string old = m.module_name + "/module.stgbin";
          if (!m.package_name.empty() && z.contains(current)) wanted.push_back(current);
          else if (z.contains(old)) wanted.push_back(old);
          else throw LoadError(path, "app.info", -1, "lists module " + m.module_name + " but the archive has no " + current);
          packages.push_back(m.package_name);
        }
      } else {
        for (auto& n : z.names()) {
          if (!ends_with(n, "/module.stgbin")) continue;
          size_t slashes = size_t(std::count(n.begin(), n.end(), '/'));
          if (n.rfind("haskell/", 0) == 0 && slashes == 3) {
            wanted.push_back(n);
            packages.push_back(n.substr(8, n.find('/', 8) - 8));
          } else if (slashes == 1) {
            wanted.push_back(n);
            packages.push_back("");
          }
        }
      }
      if (wanted.empty()) throw LoadError(path, "", -1, "archive holds no module.stgbin (neither a fullpak nor a modpak)");
    }
    auto entries = z.read(wanted);
    for (size_t i = 0; i < entries.size(); ++i) {
      RawModule r;
      r.data = std::move(entries[i].data);
      r.size = entries[i].size;
      r.file = path;
      r.entry = wanted[i];
      r.package = packages[i];
      raws_.push_back(std::move(r));
    }
  }

  void load_stgapp(const std::string& path) {
    std::string text = read_file(path, 64 << 20);
    try {
      p_->app = parse_ghc_stgapp(text);
    } catch (const LoadError& e) {
      throw e.in(path, "");
    }
    p_->has_app_metadata = true;
    for (auto& f : find_app_modpaks(path, p_->app, false, opts_.zip)) {
      ZipArchive z(f.path, opts_.zip);
      auto e = z.read_one("module.stgbin");
      RawModule r;
      r.data = std::move(e.data);
      r.size = e.size;
      r.file = f.path;
      r.entry = "module.stgbin";
      r.package = f.id.package;
      raws_.push_back(std::move(r));
    }
  }
};

std::string module_path(const std::string& module) {
  std::string p = module;
  std::replace(p.begin(), p.end(), '.', '/');
  return p;
}

}  // namespace

std::vector<ModpakFile> find_app_modpaks(const std::string& stgapp_path, const AppMetadata& app, bool include_all,
                                         const ZipLimits& limits) {
  const std::string suffix = "." + app.o_suffix + "_modpak";
  const std::string sub = "extra-compilation-artifacts/wpc-plugin/modpaks/";
  std::map<std::pair<std::string, std::string>, ModpakFile> candidates;  // (unit, module)
  std::error_code ec;
  fs::path base = fs::path(stgapp_path).parent_path();
  fs::path objdir = app.object_dir.empty() ? base : fs::path(app.object_dir);
  if (objdir.is_relative()) objdir = base / objdir;
  for (auto& m : app.app_modules) {
    fs::path p = objdir / sub / (module_path(m) + suffix);
    if (fs::exists(p, ec)) candidates[{app.app_unit_id, m}] = {{app.app_unit_id, app.app_unit_id, m}, p.string()};
  }
  for (auto& d : app.app_deps) {
    std::vector<std::string> mods = d.exposed_modules;
    mods.insert(mods.end(), d.hidden_modules.begin(), d.hidden_modules.end());
    for (auto& m : mods) {
      for (auto& dir : d.unit_import_dirs) {
        fs::path p = fs::path(dir) / sub / (module_path(m) + suffix);
        if (fs::exists(p, ec)) {
          candidates[{d.id, m}] = {{d.id, d.name, m}, p.string()};
          break;
        }
      }
    }
  }
  if (candidates.find({app.app_unit_id, app.main_module_name}) == candidates.end() && !app.no_hs_main)
    throw LoadError(stgapp_path, "", -1,
                    "no modpak for the main module " + app.main_module_name + " under " + (objdir / sub).string());
  std::vector<ModpakFile> out;
  if (include_all) {
    for (auto& [k, f] : candidates) out.push_back(f);
    return out;
  }
  // Breadth-first over moduleDependency edges from main, the RTS roots and foreign exporters.
  std::set<std::pair<std::string, std::string>> seen;
  std::deque<std::pair<std::string, std::string>> queue;
  auto push = [&](const std::string& unit, const std::string& mod) {
    auto key = std::make_pair(unit, mod);
    if (!candidates.count(key) || !seen.insert(key).second) return;
    queue.push_back(key);
  };
  push(app.app_unit_id, app.main_module_name);
  std::map<std::string, std::string> unit_of_package;
  for (auto& d : app.app_deps) unit_of_package[d.name] = d.id;
  for (auto& [pkg, mod] : rts_root_modules())
    if (auto it = unit_of_package.find(pkg); it != unit_of_package.end()) push(it->second, mod);
  std::vector<std::pair<std::string, std::string>> order;
  while (!queue.empty()) {
    auto key = queue.front();
    queue.pop_front();
    order.push_back(key);
    const ModpakFile& f = candidates[key];
    ZipArchive z(f.path, limits);
    auto e = z.read_one("module.stgbin");
    ModuleHeader h;
    try {
      h = decode_module_header(e.data.get(), e.size);
    } catch (const LoadError& err) {
      throw err.in(f.path, "module.stgbin");
    }
    for (auto& [unit, mods] : h.dependency)
      for (auto& m : mods) push(std::string(unit), std::string(m));
  }
  std::sort(order.begin(), order.end());
  for (auto& k : order) out.push_back(candidates[k]);
  return out;
}

std::unique_ptr<Program> load_program(const std::string& path, const LoadOptions& opts) {
  return Loader(path, opts).run();
}

}  // namespace stgvm
