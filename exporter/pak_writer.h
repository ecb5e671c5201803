// `stgvm pack`: turns the exporter's per-module output into ext-stg archives.
//   modpaks: <objdir>/extra-compilation-artifacts/wpc-plugin/hs-modules/<M/P>.o/ → …/modpaks/<M/P>.o_modpak
//   fullpak: a .ghc_stgapp and the modpaks it names → a .fullpak with the reachable modules
#pragma once
#include <string>

namespace stgvm {

// Returns the number of modpaks written. Throws on I/O or format errors.
size_t pack_modpaks(const std::string& objdir);

struct FullpakOptions {
  bool include_all = false;   // every module of every unit, not only the reachable ones
  bool stgbins_only = false;  // only module.stgbin entries
};
// Returns the number of modules in the fullpak.
size_t pack_fullpak(const std::string& stgapp_path, const std::string& out_path, const FullpakOptions& opts);

}  // namespace stgvm
