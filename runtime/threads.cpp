// Threads in linear memory (see threads.h).
#include "runtime/threads.h"

namespace stgvm {

namespace L = layout;

void Threads::enqueue(uint32_t head, uint32_t tail, uint32_t tso) {
  set_word(tso, L::kTsoLink, 0);
  uint32_t last = uint32_t(m_.load64(tail));
  if (last) set_word(last, L::kTsoLink, tso);
  else m_.store64(head, tso);
  m_.store64(tail, tso);
}

uint32_t Threads::dequeue(uint32_t head, uint32_t tail) {
  uint32_t t = uint32_t(m_.load64(head));
  if (!t) return 0;
  uint32_t n = next(t);
  m_.store64(head, n);
  if (!n) m_.store64(tail, 0);
  set_word(t, L::kTsoLink, 0);
  return t;
}

bool Threads::remove(uint32_t head, uint32_t tail, uint32_t tso) {
  uint32_t prev = 0;
  for (uint32_t t = first(head); t; prev = t, t = next(t)) {
    if (t != tso) continue;
    uint32_t n = next(t);
    if (prev) set_word(prev, L::kTsoLink, n);
    else m_.store64(head, n);
    if (uint32_t(m_.load64(tail)) == t) m_.store64(tail, prev);
    set_word(t, L::kTsoLink, 0);
    return true;
  }
  return false;
}

void Threads::add_unfinished(uint32_t tso) {
  set_word(tso, L::kTsoAllLink, m_.load64(L::kAllThreads));
  m_.store64(L::kAllThreads, tso);
}

void Threads::remove_unfinished(uint32_t tso) {
  uint32_t prev = 0;
  for (uint32_t t = first_unfinished(); t; prev = t, t = next_unfinished(t)) {
    if (t != tso) continue;
    uint64_t n = word(t, L::kTsoAllLink);
    if (prev) set_word(prev, L::kTsoAllLink, n);
    else m_.store64(L::kAllThreads, n);
    set_word(t, L::kTsoAllLink, 0);
    return;
  }
}

void Threads::unlink_blocked(uint32_t tso) {
  uint32_t on = uint32_t(word(tso, L::kTsoBlockedOn));
  switch (state(tso)) {
    case ThreadState::BlockedTake:
    case ThreadState::BlockedRead:
    case ThreadState::BlockedPut: remove(on + L::kMVarHead, on + L::kMVarTail, tso); break;
    case ThreadState::BlockedThrowTo: remove(on + L::kTsoThrowHead, on + L::kTsoThrowTail, tso); break;
    case ThreadState::BlockedBlackhole: remove(L::kBlackholeWaitersHead, L::kBlackholeWaitersTail, tso); break;
    default: break;
  }
}

}  // namespace stgvm
