// Raising exceptions, the parts that are walks over a thread's stack in memory: synchronous
// unwinding to the nearest handler, and writing an interrupted thread's next step as a
// frame so that its stack alone describes its computation (rts/RaiseAsync.c). Freezing
// thunks into AP_STACKs allocates, so it stays with the executor's allocator for now.
#pragma once
#include <cstdint>

#include "runtime/threads.h"

namespace stgvm {

// Unwinds from `sp` for the synchronous exception `exc`: every thunk under evaluation on
// the way (update frame) becomes a closure that raises `exc` again when entered. Returns the
// stack pointer of the frame it stops at: the nearest catch frame, or the stop frame.
uint32_t unwind_to_handler(Memory& m, Threads& thr, uint32_t static_end, uint32_t sp, uint64_t exc);

// Before an asynchronous exception unwinds the suspended thread `tso`: what it was about to
// do goes on top of its stack as a frame — evaluate a closure (stg_enter), return a value
// (stg_ret_p), or retry the MVar operation or throwTo it was blocked in — so that frozen
// evaluations resume it. (A void return, a thread that never ran or one already raising
// needs nothing.) The stack's reserve below its limit always has room for these few words.
void freeze_resume_state(Memory& m, Threads& thr, uint32_t tso);

}  // namespace stgvm
