// Per-module name resolution and free-variable computation (extstg-format.md §3.3–3.4).
#pragma once
#include <string>

#include "loader/arena.h"
#include "loader/ast.h"

namespace stgvm {

// Resolves every occurrence in `m` against module-local tables with lexical scoping, sets the
// unique names of top-level binders and of data/type constructors, and fills
// Rhs::computed_free_vars. Throws LoadError naming the module on an unknown id.
void resolve_module(Arena& arena, stg::Module& m);

// A Unique as GHC prints it: tag character, then the number in base 62 (0-9a-zA-Z).
std::string print_unique(const stg::Unique& u);

}  // namespace stgvm
