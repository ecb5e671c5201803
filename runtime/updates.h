// The end of a thunk's evaluation, whatever it was — an update frame returning a value, a
// synchronous exception making it raise again, an asynchronous one freezing it into an
// AP_STACK — in one place: the runtime library's.
#pragma once
#include <cstdint>

#include "runtime/threads.h"

namespace stgvm {

// The thunk becomes `info` (IND for a value, the raise closure, …) with `indirectee`. A
// static thunk (below `static_end`) gets IND_STATIC for IND (the collector keeps its value
// while code that uses it is alive: runtime/collector.h); threads waiting on its BLACKHOLE
// are woken to enter it again.
void overwrite_thunk(Memory& m, Threads& thr, uint32_t static_end, uint32_t thunk, uint32_t info, uint64_t indirectee);

}  // namespace stgvm
