// Stack walks for raising exceptions (runtime/unwind.h).
#include "runtime/unwind.h"

#include <cstring>

#include "runtime/closures.h"
#include "runtime/updates.h"

namespace stgvm {

namespace L = layout;

uint32_t unwind_to_handler(Memory& m, Threads& thr, uint32_t static_end, uint32_t sp, uint64_t exc) {
  for (;;) {
    uint32_t type = type_of_info(m, uint32_t(m.load64(sp)));
    if (type == L::CATCH_FRAME || type == L::STOP_FRAME || L::is_stm_frame(type)) return sp;
    // (Threads waiting on an updated thunk enter it again and get the exception too.)
    if (type == L::UPDATE_FRAME) {
      uint32_t updatee = uint32_t(m.load64(sp + 8));  // (one memory read per statement)
      overwrite_thunk(m, thr, static_end, updatee, rts_info(m, L::kRaiseInfo), exc);
    }
    sp += 8 * frame_words(m, sp);
  }
}

void freeze_into_ap_stack(Memory& m, Threads& thr, uint32_t static_end, uint32_t sp, uint32_t p, uint32_t ap) {
  // (`ap` comes zeroed from the allocator: its pad word stays 0.)
  uint32_t words = (p - sp) / 8;
  m.store64(ap, rts_info(m, L::kApStackInfo));
  m.store64(ap + L::kApStackSize, words);
  std::memcpy(m.span(ap + L::kApStackFrames, 8 * words), m.span(sp, 8 * words), 8 * words);
  uint32_t updatee = uint32_t(m.load64(p + 8));  // (one memory read per statement)
  overwrite_thunk(m, thr, static_end, updatee, rts_info(m, L::kIndInfo), ap);
  m.store64(p, rts_info(m, L::kEnterFrameInfo));
}

uint32_t push_ap_stack(Memory& m, uint32_t sp, uint32_t ap, uint32_t tso) {
  uint32_t words = uint32_t(m.load64(ap + L::kApStackSize));
  sp -= 8 * L::kUpdateFrameWords;
  m.store64(sp, rts_info(m, L::kUpdateFrameInfo));
  m.store64(sp + 8, ap);
  sp -= 8 * words;
  std::memcpy(m.span(sp, 8 * words), m.span(ap + L::kApStackFrames, 8 * words), 8 * words);
  m.store64(ap, rts_info(m, L::kBlackholeInfo));
  m.store64(ap + L::kIndirectee, tso);
  return sp;
}

void freeze_resume_state(Memory& m, Threads& thr, uint32_t tso) {
  uint64_t w[4];
  uint32_t n = 0;
  uint32_t on = uint32_t(thr.word(tso, L::kTsoBlockedOn));
  ThreadState st = thr.state(tso);
  switch (st) {
    case ThreadState::BlockedTake:
    case ThreadState::BlockedRead:
    case ThreadState::BlockedPut: {
      uint64_t op = st == ThreadState::BlockedTake ? 0 : st == ThreadState::BlockedRead ? 1 : 2;
      w[0] = rts_info(m, L::kRetryMVarInfo), w[1] = op, w[2] = on, w[3] = thr.word(tso, L::kTsoBlockValue), n = 4;
      break;
    }
    case ThreadState::BlockedThrowTo:
      w[0] = rts_info(m, L::kRetryThrowToInfo), w[1] = on, w[2] = thr.word(tso, L::kTsoBlockValue), n = 3;
      break;
    default: {
      Resume how = Resume(thr.half(tso, L::kTsoResume));
      uint32_t regs = thr.half(tso, L::kTsoNArgs);
      if (how == Resume::Enter) w[0] = rts_info(m, L::kEnterFrameInfo), w[1] = thr.word(tso, L::kTsoR0), n = 2;
      else if (how == Resume::Return && regs == 1) w[0] = rts_info(m, L::kRetValueInfo), w[1] = thr.word(tso, L::kTsoR0), n = 2;
      break;
    }
  }
  if (!n) return;
  uint32_t sp = uint32_t(thr.word(tso, L::kTsoSp)) - 8 * n;
  for (uint32_t i = 0; i < n; ++i) m.store64(sp + 8 * i, w[i]);
  thr.set_word(tso, L::kTsoSp, sp);
}

}  // namespace stgvm
