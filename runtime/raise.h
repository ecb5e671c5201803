// Raising a Haskell exception in the running thread (GHC's rts/Exception.cmm raise# and
// rts/RaiseAsync.c): unwinding to the nearest catch frame, then running its handler masked.
// Returns the block the thread continues at (runtime/machine.h).
#pragma once
#include <cstdint>

#include "runtime/machine.h"

namespace stgvm {

// Synchronous (raise#): thunks under evaluation raise the exception again when entered.
// Asynchronous (throwTo, deadlock detection): they are frozen into AP_STACKs for whoever
// forces them next.
uint32_t raise(Machine& M, uint64_t exc, bool async = false);
// Unwinds the running thread's stack as an asynchronous exception does, freezing every thunk
// on the way, down to the frame it stops at, which becomes Sp: a catch frame, the stop frame,
// or an update frame on top (nothing above it to freeze); with `to_atomically`, the
// atomically frame (catch frames are passed: GHC's raiseAsync without an exception).
// 0, or an exception (heap exhausted) that replaces `exc`.
uint32_t unwind_async(Machine& M, uint64_t& exc, bool to_atomically);
// The restore-mask frame on top ([info, saved state]): the masking state comes back; an
// exception that waited for the thread to unmask arrives now.
uint32_t restore_mask(Machine& M);

}  // namespace stgvm
