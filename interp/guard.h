// Guard-page faults as memory faults (runtime/memory.h, kGuarded). The interpreter's own
// loads and stores skip the bounds check; one that strays outside [kRuntimeBase, size) hits
// an inaccessible page of the reservation. Inside a GuardedRegion the signal handler jumps
// back to the region's sigsetjmp point, which throws the MemoryFault a checked access would
// have thrown (the address is the first inaccessible byte, the size a word: the signal does
// not tell an access's width). A fault anywhere else, or on
// memory that is not the region's, keeps the signal's default action: a crash is a bug.
//
// What runs between the region's start and a fault must own nothing that needs destroying:
// the jump skips destructors. In stgvm that is the interpreter loop (Vm::exec_impl), whose
// frame holds only plain values.
#pragma once
#include <csetjmp>
#include <cstdint>

#include "runtime/memory.h"

namespace stgvm {

class GuardedRegion {
 public:
  explicit GuardedRegion(const Memory& m);
  ~GuardedRegion();
  GuardedRegion(const GuardedRegion&) = delete;
  GuardedRegion& operator=(const GuardedRegion&) = delete;

  sigjmp_buf env;
  // After the jump: throws the fault (natively MemoryFault) for the address that faulted.
  [[noreturn]] void fault() const;

 private:
  friend struct GuardSignals;
  const Memory& m_;
  GuardedRegion* outer_;
  volatile uint64_t at_ = 0;  // the faulting linear address (set by the handler)
};

// Runs `body` inside a GuardedRegion on `m`. (sigsetjmp must be called in the frame that
// stays live until the jump: here, so callers need not write it themselves.)
#define STGVM_GUARDED(m, body)                     \
  do {                                             \
    ::stgvm::GuardedRegion guard_region_(m);       \
    if (sigsetjmp(guard_region_.env, 0)) guard_region_.fault(); \
    body;                                          \
  } while (0)

}  // namespace stgvm
