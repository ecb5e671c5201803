// Thunk updates (runtime/updates.h).
#include "runtime/updates.h"

#include "runtime/closures.h"

namespace stgvm {

namespace L = layout;

void overwrite_thunk(Memory& m, Threads& thr, uint32_t static_end, uint32_t thunk, uint32_t info, uint64_t indirectee) {
  overwrite_thunk_as<true>(m, thr, static_end, thunk, info, indirectee);
}

}  // namespace stgvm
