// `.ghc_stgapp` (link-time application metadata) and a fullpak's `app.info` module list.
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace stgvm {

struct AppDep {
  std::string name, version, id;
  std::vector<std::string> unit_import_dirs, unit_libraries, library_dirs, extra_libraries;
  std::vector<std::string> exposed_modules, hidden_modules, depends;
};

struct AppMetadata {
  std::string ghc_name, ghc_version, target_platform, platform_os;
  bool no_hs_main = false;
  std::string o_suffix = "o";
  std::vector<std::string> ways;
  std::string object_dir, app_unit_id = "main";
  std::vector<std::string> app_modules;
  std::string main_module_name = "Main";
  std::optional<std::string> main_module_object;
  std::vector<std::string> extra_ld_inputs, library_dirs, extra_libraries, ld_options, unit_db_paths;
  std::vector<AppDep> app_deps;
};

// Throws LoadError (no file/entry set) on malformed text or missing required keys.
AppMetadata parse_ghc_stgapp(const std::string& text);

struct LiveModule {
  std::string module_name, package_name, unit_id;
};
// `live-code:` YAML (current) or the older `modules:` text form (package/unit unknown there).
std::vector<LiveModule> parse_app_info(const std::string& text);

}  // namespace stgvm
