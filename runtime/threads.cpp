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

Threads::Queue Threads::queue_of(ThreadState why, uint32_t on) {
  switch (why) {
    case ThreadState::BlockedTake:
    case ThreadState::BlockedRead:
    case ThreadState::BlockedPut: return {on + L::kMVarHead, on + L::kMVarTail};
    case ThreadState::BlockedThrowTo: return {on + L::kTsoThrowHead, on + L::kTsoThrowTail};
    case ThreadState::BlockedBlackhole: return {L::kBlackholeWaitersHead, L::kBlackholeWaitersTail};
    case ThreadState::BlockedStm: return {L::kStmWaitersHead, L::kStmWaitersTail};
    case ThreadState::Sleeping: return {L::kSleepersHead, L::kSleepersTail};
    default: return {0, 0};
  }
}

void Threads::unlink_blocked(uint32_t tso) {
  ThreadState st = state(tso);  // (one memory read per statement: see runtime/trace.h)
  Queue q = queue_of(st, uint32_t(word(tso, L::kTsoBlockedOn)));
  if (q.head) remove(q.head, q.tail, tso);
}

void Threads::save_resume(uint32_t tso, Resume how, uint32_t nregs, uint64_t r0, uint64_t r1, uint64_t bitmap) {
  set_half(tso, L::kTsoResume, uint32_t(how));
  set_half(tso, L::kTsoNArgs, how == Resume::Apply ? nregs - 1 : nregs);
  set_word(tso, L::kTsoRegBitmap, bitmap);
  set_word(tso, L::kTsoR0, r0);
  set_word(tso, L::kTsoR1, r1);
}

void Threads::block(uint32_t tso, ThreadState why, uint64_t on, uint64_t value) {
  set_state(tso, why);
  set_word(tso, L::kTsoBlockedOn, on);
  set_word(tso, L::kTsoBlockValue, value);
  Queue q = queue_of(why, uint32_t(on));
  if (q.head) enqueue(q.head, q.tail, tso);
  save_resume(tso, Resume::Return, 0, 0, 0, 0);
}

void Threads::wake(uint32_t tso, Resume how, uint32_t nregs, uint64_t r0, uint64_t bitmap) {
  // A runnable thread other than the current one is already waiting in the run queue.
  bool queued = state(tso) == ThreadState::Runnable;
  unlink_blocked(tso);
  set_state(tso, ThreadState::Runnable);
  set_word(tso, L::kTsoBlockedOn, 0);
  set_word(tso, L::kTsoBlockValue, 0);
  save_resume(tso, how, nregs, r0, 0, bitmap);
  if (!queued) make_runnable(tso);
}

uint64_t Threads::mvar_take(uint32_t mv) {
  uint64_t v = m_.load64(mv + L::kMVarValue);
  m_.store64(mv + L::kMVarValue, 0);
  if (uint32_t p = first(mv + L::kMVarHead)) {
    uint64_t pv = word(p, L::kTsoBlockValue);
    wake(p);
    mvar_put(mv, pv);
  }
  return v;
}

void Threads::mvar_put(uint32_t mv, uint64_t v) {
  // (While a taker refills the MVar from a blocked putter, the queue holds the other putters.)
  for (uint32_t t = first(mv + L::kMVarHead); t;) {
    uint32_t n = next(t);
    if (state(t) == ThreadState::BlockedRead) wake(t, Resume::Return, 1, v, 1);
    t = n;
  }
  uint32_t t = first(mv + L::kMVarHead);
  if (t && state(t) == ThreadState::BlockedTake) {
    wake(t, Resume::Return, 1, v, 1);
    return;
  }
  m_.store64(mv + L::kMVarValue, v);  // (the queue, if any, holds putters: it is full now)
}

uint64_t Threads::take_pending_exception(uint32_t tso) {
  uint32_t w = first(tso + L::kTsoThrowHead);
  if (!w) return 0;
  uint64_t exc = word(w, L::kTsoBlockValue);
  wake(w);  // its throwTo returns
  return exc;
}

void Threads::wake_blackhole_waiters(uint32_t closure) {
  for (uint32_t t = first(L::kBlackholeWaitersHead); t;) {
    uint32_t n = next(t);
    if (word(t, L::kTsoBlockedOn) == closure) wake(t, Resume::Enter, 1, closure, 1);
    t = n;
  }
}

void Threads::sleep(uint32_t tso, uint64_t wake_ns) {
  set_state(tso, ThreadState::Sleeping);
  set_word(tso, L::kTsoBlockedOn, 0);
  set_word(tso, L::kTsoBlockValue, 0);
  set_word(tso, L::kTsoWakeTime, wake_ns);
  save_resume(tso, Resume::Return, 0, 0, 0, 0);
  uint32_t prev = 0, t = first(L::kSleepersHead);
  while (t) {
    uint64_t w = word(t, L::kTsoWakeTime);  // (one memory read per statement: runtime/trace.h)
    if (w >= wake_ns) break;
    prev = t;
    t = next(t);
  }
  set_word(tso, L::kTsoLink, t);
  if (prev) set_word(prev, L::kTsoLink, tso);
  else m_.store64(L::kSleepersHead, tso);
  if (!t) m_.store64(L::kSleepersTail, tso);
}

void Threads::wake_sleepers(uint64_t now_ns) {
  while (uint32_t t = first(L::kSleepersHead)) {
    uint64_t w = word(t, L::kTsoWakeTime);
    if (w > now_ns) break;
    wake(t);
  }
}

}  // namespace stgvm
