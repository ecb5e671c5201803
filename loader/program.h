// A linked whole program: every decoded module plus program-wide tables keyed by the
// §3.4 unique names. This is what lowering and analysis consume.
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <boost/container/flat_map.hpp>

#include "loader/app_metadata.h"
#include "loader/arena.h"
#include "loader/ast.h"

namespace stgvm {

struct Program {
  Arena arena;
  std::vector<std::unique_ptr<uint8_t[]>> buffers;  // module bytes; AST views point into them
  std::vector<stg::Module*> modules;

  std::string input_path;
  AppMetadata app;             // from app.ghc_stgapp / .ghc_stgapp when present
  bool has_app_metadata = false;

  // Program-wide tables (sorted by unique name, for deterministic iteration).
  boost::container::flat_map<std::string_view, stg::Binder*> binders;   // top-level definitions
  boost::container::flat_map<std::string_view, stg::DataCon*> datacons; // canonical constructors
  boost::container::flat_map<std::string_view, stg::TyCon*> tycons;     // canonical type constructors
  std::vector<stg::Binder*> builtins;     // synthetic GHC.Prim ids, sorted by unique name
  std::vector<stg::Binder*> unresolved;   // one representative per unresolved unique name, sorted
  stg::Binder* main = nullptr;            // main_:Main.main

  stg::Binder* find_binder(std::string_view unique_name) const {
    auto it = binders.find(unique_name);
    return it == binders.end() ? nullptr : it->second;
  }
  stg::DataCon* find_datacon(std::string_view unique_name) const {
    auto it = datacons.find(unique_name);
    return it == datacons.end() ? nullptr : it->second;
  }
};

}  // namespace stgvm
