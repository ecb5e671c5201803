// Raising exceptions, the parts that are walks over a thread's stack in memory: synchronous
// unwinding to the nearest handler, writing an interrupted thread's next step as a frame so
// that its stack alone describes its computation, and freezing evaluations into AP_STACKs
// and back (rts/RaiseAsync.c). The executor allocates each AP_STACK (its allocator knows its
// own live registers).
#pragma once
#include <cstdint>

#include "runtime/threads.h"

namespace stgvm {

// Unwinds from `sp` for the synchronous exception `exc`: every thunk under evaluation on
// the way (update frame) becomes a closure that raises `exc` again when entered. Returns the
// stack pointer of the frame it stops at: the nearest catch frame, STM frame (runtime/stm.h:
// the transaction decides), or the stop frame.
uint32_t unwind_to_handler(Memory& m, Threads& thr, uint32_t static_end, uint32_t sp, uint64_t exc);

// Asynchronous unwinding freezes a thunk under evaluation: the frames [sp, p) above its update
// frame at p go into `ap`, an AP_STACK the caller allocated (layout::kApStackFrames + (p - sp)
// bytes); the thunk becomes an indirection to it, and the update frame becomes "evaluate the
// thunk" (stg_enter), so that an outer frozen evaluation resumes this one first.
void freeze_into_ap_stack(Memory& m, Threads& thr, uint32_t static_end, uint32_t sp, uint32_t p, uint32_t ap);
// Entering the AP_STACK `ap` on `tso`'s stack at `sp` (the caller made room for its frames
// and an update frame): its frames go back under an update frame for it, and it is under
// evaluation by `tso` again. Returns the new stack pointer.
uint32_t push_ap_stack(Memory& m, uint32_t sp, uint32_t ap, uint32_t tso);

// Before an asynchronous exception unwinds the suspended thread `tso`: what it was about to
// do goes on top of its stack as a frame — evaluate a closure (stg_enter), return a value
// (stg_ret_p), or retry the MVar operation or throwTo it was blocked in — so that frozen
// evaluations resume it. (A void return, a thread that never ran or one already raising
// needs nothing.) The stack's reserve below its limit always has room for these few words.
void freeze_resume_state(Memory& m, Threads& thr, uint32_t tso);

}  // namespace stgvm
