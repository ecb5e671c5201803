// Entry point of the loader: any supported input file → linked Program.
//   .fullpak           whole-program archive (app.info + haskell/<pkg>/<Module>/module.stgbin)
//   .modpak / *_modpak one module's archive
//   *.ghc_stgapp       link metadata; modpaks are found on disk (extstg-format.md §1.2–1.3)
//   *.stgbin           a bare module.stgbin
#pragma once
#include <memory>
#include <tuple>
#include <string>
#include <vector>

#include "loader/program.h"
#include "loader/stgbin_decoder.h"
#include "loader/zip_archive.h"

namespace stgvm {

struct LoadOptions {
  ZipLimits zip;
  DecodeLimits decode;
};

std::unique_ptr<Program> load_program(const std::string& path, const LoadOptions& opts = {});

// Modules every program needs besides main, because the RTS refers to their closures
// (the `-Wl,-u,…` symbols of GHC 9.0.2's rts.conf).
struct ModuleId {
  std::string unit, package, module;
  bool operator<(const ModuleId& o) const { return std::tie(unit, module) < std::tie(o.unit, o.module); }
  bool operator==(const ModuleId& o) const { return unit == o.unit && module == o.module; }
};
const std::vector<std::pair<std::string, std::string>>& rts_root_modules();  // (package, module)

// The modpaks of an application described by a .ghc_stgapp, restricted to the modules
// reachable from the main module and the RTS roots through moduleDependency edges (the
// rule mkfullpak uses). Modules without a modpak on disk (GHC.Prim) are skipped.
struct ModpakFile {
  ModuleId id;
  std::string path;
};
std::vector<ModpakFile> find_app_modpaks(const std::string& stgapp_path, const AppMetadata& app,
                                         bool include_all = false, const ZipLimits& limits = {});

std::string read_file(const std::string& path, uint64_t max_size = uint64_t(1) << 30);

}  // namespace stgvm
