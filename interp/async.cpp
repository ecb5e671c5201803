// Asynchronous exceptions and frozen evaluations, as GHC's rts/RaiseAsync.c does them. A
// thread interrupted by throwTo (or by deadlock detection) first gets what it was about to
// do written as a frame on its stack (runtime/unwind.h freeze_resume_state), so its stack
// alone describes its computation. Then, when the exception
// unwinds it, every thunk under evaluation is not poisoned but frozen: the frames above its
// update frame become an AP_STACK the thunk is updated with, and whoever forces the thunk
// next resumes the evaluation where it stopped.
#include <cstring>

#include "interp/vm.h"

namespace stgvm {

namespace L = layout;

// Unwinds the running thread's stack for an asynchronous exception. Returns the stack
// pointer of the frame the exception stops at (a catch frame or the stop frame); the frames
// above it are gone, every thunk on the way is frozen.
uint32_t Vm::unwind_async(uint64_t& exc) {
  uint32_t p = Sp;
  for (;;) {
    uint32_t type = type_of_info(uint32_t(mem_.load64(p)));
    if (type == L::CATCH_FRAME || type == L::STOP_FRAME) return p;
    if (type != L::UPDATE_FRAME || p == Sp) {
      // (An update frame on top has nothing above it to freeze: it is poisoned as a
      // synchronous exception would, by the caller.)
      if (type == L::UPDATE_FRAME) return p;
      p += 8 * frame_words(p);
      continue;
    }
    // Freeze [Sp, p) into an AP_STACK. Allocating may collect, and a collection may move the
    // stack (its growth): positions are kept relative to the stack's top.
    uint32_t words = (p - Sp) / 8;
    uint32_t p_off = stack_hi_ - p;
    uint32_t ap = alloc(L::kApStackFrames + 8 * words, {&exc});
    p = stack_hi_ - p_off;
    freeze_into_ap_stack(mem_, thr_, static_end_, Sp, p, ap);
    Sp = p;  // (the update frame, now stg_enter of the thunk, starts the next frozen chunk)
    p += 16;
  }
}

uint32_t Vm::enter_ap_stack() {
  uint32_t ap = uint32_t(R[0]);
  uint32_t words = uint32_t(mem_.load64(ap + L::kApStackSize));
  reserve_stack(2 + words);
  ap = uint32_t(R[0]);  // (growing the stack does not collect; the closure has not moved)
  Sp = push_ap_stack(mem_, Sp, ap, cur_);
  if (stack_hi_ - Sp > stats_.max_stack) stats_.max_stack = stack_hi_ - Sp;
  return return_to_frame();
}

}  // namespace stgvm
