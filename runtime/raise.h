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
// The restore-mask frame on top ([info, saved state]): the masking state comes back; an
// exception that waited for the thread to unmask arrives now.
uint32_t restore_mask(Machine& M);

}  // namespace stgvm
