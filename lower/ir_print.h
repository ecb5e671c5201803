// Readable listings of lowered code blocks (lower/ir_print.cpp).
#pragma once
#include <cstdint>
#include <string>

#include "lower/image.h"

namespace stgvm {

// Block `block` of `img` (a valid index): a header line, then one line per instruction.
std::string print_block(const Image& img, uint32_t block);

}  // namespace stgvm
