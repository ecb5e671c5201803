// The end of a thunk's evaluation, whatever it was — an update frame returning a value, a
// synchronous exception making it raise again, an asynchronous one freezing it into an
// AP_STACK — in one place: the runtime library's.
#pragma once
#include <cstdint>

#include "runtime/closures.h"
#include "runtime/collector.h"
#include "runtime/threads.h"

namespace stgvm {

// The thunk becomes `info` (IND for a value, the raise closure, …) with `indirectee`. A
// static thunk (below `static_end`) gets IND_STATIC for IND (the collector keeps its value
// while code that uses it is alive: runtime/collector.h); threads waiting on its BLACKHOLE
// are woken to enter it again.
void overwrite_thunk(Memory& m, Threads& thr, uint32_t static_end, uint32_t thunk, uint32_t info, uint64_t indirectee);

// The same, observed (kObservable) or with the raw accesses of the interpreter's unobserved
// loop, which runs inside a GuardedRegion (interp/guard.h).
template <bool kObservable>
inline void overwrite_thunk_as(Memory& m, Threads& thr, uint32_t static_end, uint32_t thunk, uint32_t info,
                               uint64_t indirectee) {
  bool is_static = thunk < static_end;
  if (is_static && info == rts_info<kObservable>(m, layout::kIndInfo)) info = rts_info<kObservable>(m, layout::kIndStaticInfo);
  m.store_as<uint64_t, kObservable>(thunk + layout::kIndirectee, indirectee);
  m.store_as<uint64_t, kObservable>(thunk, info);
  if (thr.first<kObservable>(layout::kBlackholeWaitersHead)) thr.wake_blackhole_waiters(thunk);  // usually nobody waits
}

// An update frame on top of the stack at `sp` receives `value`: the thunk it names becomes
// an indirection to it, and the frame is popped. (The machine's parts one by one, not the
// Machine: the interpreter passes its own view of Sp, and each reference through a Machine
// costs a load on every update. One memory read per statement: the order of a call's
// arguments differs between compilers, and traces of the two executors must agree.)
template <bool kObservable>
inline void update_from_frame(Memory& m, Threads& thr, const Collector& gc, uint32_t& sp, uint64_t value) {
  uint32_t updatee = uint32_t(m.load64_as<kObservable>(sp + 8));
  sp += 8 * layout::kUpdateFrameWords;
  uint32_t static_end = gc.static_end<kObservable>();
  uint32_t ind = rts_info<kObservable>(m, layout::kIndInfo);
  overwrite_thunk_as<kObservable>(m, thr, static_end, updatee, ind, value);
}

}  // namespace stgvm
