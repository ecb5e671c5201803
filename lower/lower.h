// Program → Image (docs/vm-design.md): lays out the static image and turns every closure,
// case continuation and join point into machine-IR code blocks. Executor-neutral.
#pragma once
#include <stdexcept>
#include <string>

#include "loader/program.h"
#include "lower/image.h"

namespace stgvm {

struct LowerError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Deterministic: the same Program gives the same Image, byte for byte. Only the top-level
// bindings reachable from main and the runtime's roots are lowered (lower/reachable.h);
// `all`: every binding of every module (to check that all of them lower).
Image lower_program(const Program& p, const layout::RegionSizes& sizes = {}, bool all = false);

// Structural checks every Image must pass (used by tests and in debug runs): every path of
// every block ends in a terminator, branch targets are forward and in range, registers are
// below the block's count, operand lists are inside the pool. Returns "" if valid.
std::string verify_image(const Image& img);
// Every index in the attribution tables (lower/attribution.h) in range, sites in order.
std::string verify_attribution(const Image& img);

// FNV-1a over everything an executor consumes (code, blocks, pool, static bytes, foreign
// sites, labels, regions): the same Program and sizes always give the same hash.
uint64_t image_hash(const Image& img);

}  // namespace stgvm
