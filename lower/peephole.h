// Block-local clean-ups of generated code (lower/peephole.cpp).
#pragma once
#include <cstdint>
#include <vector>

#include "lower/attribution.h"
#include "lower/image_array.h"
#include "lower/ir.h"

namespace stgvm {

// Removes machine-register writes of values the registers still hold and a pop immediately
// undone by a push of the same size; moves branch targets (in `pool`) and call sites along.
// In block `self`, orders the leading register reads so that jumps to `self` can skip the
// reads of registers they leave unchanged (ir.h, Jump).
void tidy_block(std::vector<ir::Instr>& code, std::vector<CallSite>& sites, ImageArray<uint32_t>& pool, uint32_t nregs,
                uint32_t self);

}  // namespace stgvm
