// Program-wide linking (extstg-format.md §3.5): one table of top-level definitions keyed by
// unique name, canonical data/type constructors, GHC.Prim built-ins, the entry point.
#pragma once
#include "loader/program.h"

namespace stgvm {

// Links the resolved modules in `p.modules`. Throws LoadError on conflicting definitions.
// Unresolved references are not an error here: they are listed in `p.unresolved`.
void link_program(Program& p);

// True for ids of the builtin module GHC.Prim that no module defines and the VM provides.
bool is_prim_builtin(std::string_view unit, std::string_view module, std::string_view name);

}  // namespace stgvm
