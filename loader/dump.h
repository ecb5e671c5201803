// `stgvm dump`: readable STG, format in docs/dump-format.md.
#pragma once
#include <string>

#include "loader/ast.h"

namespace stgvm {

// Appends the rendering of `m` to `out`. `full` prints every field of every binder and the
// external-id and type-constructor tables (the form the exporter cross-check compares).
void dump_module(std::string& out, const stg::Module& m, bool full);

}  // namespace stgvm
