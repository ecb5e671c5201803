// `stgvm info`: what a loaded program contains — modules, binders, constructors, primops and
// foreign symbols with use counts, references nothing defines — as text or JSON.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "loader/program.h"

namespace stgvm {

struct ProgramInfo {
  std::string ghc_version;  // from the app metadata, else from nothing ("")
  size_t modules = 0, top_binders = 0, datacons = 0, tycons = 0;
  size_t closures = 0, expressions = 0;
  std::map<std::string, size_t> primops;        // name → use count
  std::map<std::string, size_t> foreign_calls;  // C symbol → use count ("<dynamic>" for calls through pointers)
  std::map<std::string, size_t> prim_calls;     // foreign import prim labels
  std::vector<std::string> builtins, unresolved;
  std::vector<std::string> unknown_primops;   // names not in GHC 9.0.2's primop table
  std::vector<std::string> unknown_foreign;   // C symbols with no shim in ffi/
  bool has_main = false;
};

ProgramInfo collect_info(const Program& p);
std::string info_text(const Program& p, const ProgramInfo& info);
std::string info_json(const Program& p, const ProgramInfo& info);

}  // namespace stgvm
