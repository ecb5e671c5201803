// Decoder for `module.stgbin` (Data.Binary encoding of SModule, format V8; V7 files are a
// subset). Pure syntax: occurrences are left unresolved (see resolve.h).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "loader/arena.h"
#include "loader/ast.h"

namespace stgvm {

struct DecodeLimits {
  size_t max_depth = 20000;          // expression / binding nesting
  size_t max_integer_bytes = 16384;  // magnitude of one Integer literal
};

// Decodes one module. The bytes must stay alive as long as the result (views point into
// them). Throws LoadError (offset set, file/entry empty) on any malformed input, including
// left-over bytes at the end.
stg::Module* decode_module(Arena& arena, const uint8_t* data, size_t size, const DecodeLimits& limits = {});

// Module identity and dependency edges only (fields 1–7), without decoding the rest.
struct ModuleHeader {
  std::string_view phase, unit, name;
  std::vector<std::pair<std::string_view, std::vector<std::string_view>>> dependency;
  bool has_foreign_exported = false;
};
ModuleHeader decode_module_header(const uint8_t* data, size_t size);

}  // namespace stgvm
