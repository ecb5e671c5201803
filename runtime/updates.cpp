// Thunk updates (runtime/updates.h).
#include "runtime/updates.h"

#include "runtime/closures.h"

namespace stgvm {

namespace L = layout;

void overwrite_thunk(Memory& m, Threads& thr, uint32_t static_end, uint32_t thunk, uint32_t info, uint64_t indirectee) {
  bool is_static = thunk < static_end;
  if (is_static && info == rts_info(m, L::kIndInfo)) info = rts_info(m, L::kIndStaticInfo);
  m.store64(thunk + L::kIndirectee, indirectee);
  m.store64(thunk, info);
  if (thr.first(L::kBlackholeWaitersHead)) thr.wake_blackhole_waiters(thunk);  // usually nobody waits
}

}  // namespace stgvm
