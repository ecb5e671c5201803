// libFuzzer target: module.stgbin decoding and per-module resolution must reject any byte
// string with a LoadError — never crash, hang or leak.
#include <cstddef>
#include <cstdint>

#include "loader/arena.h"
#include "loader/error.h"
#include "loader/resolve.h"
#include "loader/stgbin_decoder.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  stgvm::Arena arena;
  stgvm::DecodeLimits lim;
  lim.max_depth = 2000;  // libFuzzer runs on the default stack
  try {
    stgvm::stg::Module* m = stgvm::decode_module(arena, data, size, lim);
    stgvm::resolve_module(arena, *m);
  } catch (const stgvm::LoadError&) {
  }
  return 0;
}
