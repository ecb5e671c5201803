// Raising exceptions (runtime/raise.h); the stack walks themselves are runtime/unwind.*.
#include "runtime/raise.h"

#include <string>

#include "runtime/apply.h"
#include "runtime/stm.h"
#include "runtime/trap.h"
#include "runtime/unwind.h"
#include "runtime/updates.h"

namespace stgvm {

namespace L = layout;

uint32_t unwind_async(Machine& M, uint64_t& exc, bool to_atomically) {
  uint32_t p = M.Sp;
  for (;;) {
    uint32_t type = type_of_info(M.m, uint32_t(M.m.load64(p)));
    bool stop = to_atomically ? type == L::ATOMICALLY_FRAME || type == L::STOP_FRAME
                              : type == L::CATCH_FRAME || type == L::STOP_FRAME || (type == L::UPDATE_FRAME && p == M.Sp);
    if (stop) {
      M.Sp = p;
      return 0;
    }
    if (type != L::UPDATE_FRAME) {
      if (L::is_stm_frame(type)) stm_unwind_past(M, type);  // (catchSTM# does not catch these)
      p += 8 * frame_words(M.m, p);
      continue;
    }
    // Freeze [Sp, p) into an AP_STACK. Allocating may collect, and a collection may move the
    // stack (its growth): positions are kept relative to the stack's top.
    uint32_t words = (p - M.Sp) / 8;
    uint32_t p_off = M.stack_hi - p;
    uint64_t* root = &exc;
    Machine::Alloc a = M.alloc(L::kApStackFrames + 8 * words, &root, 1);
    if (!a.addr) return a.raise;
    p = M.stack_hi - p_off;
    freeze_into_ap_stack(M.m, M.thr, M.static_end(), M.Sp, p, a.addr);
    M.Sp = p;  // (the update frame, now stg_enter of the thunk, starts the next frozen chunk)
    p += 16;
  }
}

uint32_t raise(Machine& M, uint64_t exc, bool async) {
  if (!exc) fatal("an exception was raised but its closure is missing from the program");
  if (MemoryObserver* o = M.m.observer()) o->on_runtime(MemoryObserver::Runtime::Raise, exc, async, 0);
  for (;;) {
    if (!async) {
      M.Sp = unwind_to_handler(M.m, M.thr, M.static_end(), M.Sp, exc);
    } else if (uint32_t e = unwind_async(M, exc, false)) {
      exc = e;  // (no memory to freeze with: the thread gets HeapOverflow instead)
      async = false;
      continue;
    }
    uint32_t type = type_of_info(M.m, info_of(M.m, M.Sp));
    if (type == L::UPDATE_FRAME) {
      uint32_t static_end = M.static_end();  // (one memory read per statement: traces must not
      uint32_t updatee = uint32_t(M.m.load64(M.Sp + 8));  // depend on a compiler's argument order)
      uint32_t raise_info = M.info(L::kRaiseInfo);
      overwrite_thunk(M.m, M.thr, static_end, updatee, raise_info, exc);
      M.Sp += 8 * L::kUpdateFrameWords;
      continue;
    }
    if (L::is_stm_frame(type)) {
      if (uint32_t next = stm_raise_at_frame(M, type, exc)) return next;
      continue;  // (popped: unwinding goes on from the frame below)
    }
    if (type == L::CATCH_FRAME) {
      uint64_t handler = M.m.load64(M.Sp + 8);
      uint64_t saved_mask = M.m.load64(M.Sp + 16);
      M.Sp += 8 * L::kCatchFrameWords;
      // The handler runs masked: interruptibly, unless catch# was called uninterruptibly
      // masked (rts/Exception.cmm); the previous state comes back when it returns. (The
      // catch frame just popped leaves room for the restore frame.)
      M.push(saved_mask);
      M.push(M.info(L::kRestoreMaskInfo));
      M.mask = saved_mask == 2 ? 2 : 1;
      M.R[0] = handler;
      M.R[1] = exc;
      M.R[2] = 0;
      return apply(M, 2, 1);
    }
    if (type == L::STOP_FRAME) {
      // A forked thread killed before its own handler was installed (it never ran) just
      // ends, as in GHC. The main thread always runs under base's top handler.
      if (!M.is_main_thread(M.cur)) return kBlockDone;
      fatal("uncaught exception reached the bottom of the stack");
    }
    fatal(("corrupt stack: unwinding stopped at frame type " + std::to_string(type)).c_str());
  }
}

uint32_t restore_mask(Machine& M) {
  M.mask = uint32_t(M.m.load64(M.Sp + 8));
  M.Sp += 16;
  if (M.mask == 0)  // unmasked again: an exception thrown meanwhile arrives now
    if (uint64_t e = M.thr.take_pending_exception(M.cur)) return raise(M, e);
  return return_to_frame(M);
}

}  // namespace stgvm
