// The copying collector (runtime/collector.h).
#include "runtime/collector.h"

#include <algorithm>
#include <cstring>

#include "runtime/closures.h"
#include "runtime/stable_names.h"

namespace stgvm {

namespace L = layout;

void Collector::init(uint32_t heap_lo, uint32_t semi_bytes, uint32_t static_end, uint64_t max_heap) {
  std::memset(m_.span(s_, L::kGcStateBytes), 0, L::kGcStateBytes);
  set32(kFromLo, heap_lo);
  set32(kSemiBytes, semi_bytes);
  set32(kSpareLo, heap_lo + semi_bytes);
  set32(kSpareBytes, semi_bytes);
  m_.store64(s_ + kMaxHeap, max_heap);
  set32(kStaticEnd, static_end);
}

// The closure types whose size is not their info table's layout (object_bytes's switch).
constexpr uint64_t kSizedOtherwise = [] {
  uint64_t m = 0;
  for (uint32_t t : {L::ARR_WORDS, L::MUT_ARR_PTRS_CLEAN, L::MUT_ARR_PTRS_DIRTY, L::MUT_ARR_PTRS_FROZEN_CLEAN,
                     L::MUT_ARR_PTRS_FROZEN_DIRTY, L::SMALL_MUT_ARR_PTRS_CLEAN, L::SMALL_MUT_ARR_PTRS_DIRTY,
                     L::SMALL_MUT_ARR_PTRS_FROZEN_CLEAN, L::SMALL_MUT_ARR_PTRS_FROZEN_DIRTY, L::TREC_CHUNK, L::PAP,
                     L::AP_STACK, L::IND, L::BLACKHOLE})
    m |= uint64_t(1) << t;
  return m;
}();
static_assert(L::SMALL_MUT_ARR_PTRS_FROZEN_CLEAN < 64 && L::TREC_CHUNK < 64, "the types fit the mask");

[[gnu::always_inline]] inline uint32_t Collector::object_bytes(uint32_t a, uint32_t info, uint32_t type) const {
  uint64_t lay = m_.load64(info + L::kInfoLayout);
  uint32_t words = uint32_t(lay) + uint32_t(lay >> 32);
  // (The types sized otherwise are tested first by the mask: nearly every object is a
  // constructor, function or thunk, sized by its layout below.)
  if (type < 64 && (kSizedOtherwise >> type & 1)) [[unlikely]] {
    switch (type) {
      case L::ARR_WORDS: return (L::kArrPayload + uint32_t(m_.load64(a + L::kArrSize)) + 7) & ~7u;
      case L::MUT_ARR_PTRS_CLEAN: case L::MUT_ARR_PTRS_DIRTY: case L::MUT_ARR_PTRS_FROZEN_CLEAN:
      case L::MUT_ARR_PTRS_FROZEN_DIRTY: case L::SMALL_MUT_ARR_PTRS_CLEAN: case L::SMALL_MUT_ARR_PTRS_DIRTY:
      case L::SMALL_MUT_ARR_PTRS_FROZEN_CLEAN: case L::SMALL_MUT_ARR_PTRS_FROZEN_DIRTY: case L::TREC_CHUNK:
        return L::kArrPayload + 8 * uint32_t(m_.load64(a + L::kArrSize));
      case L::PAP: return L::kPapArgs + 8 * uint32_t(m_.load64(a + L::kPapNArgs));
      case L::AP_STACK: return L::kApStackFrames + 8 * uint32_t(m_.load64(a + L::kApStackSize));
      case L::IND: case L::BLACKHOLE: return 16;
      default: break;
    }
  }
  return 8 * ((L::is_thunk_like(type) ? L::kThunkHeaderWords : L::kHeaderWords) + words);
}

uint64_t Collector::evacuate(uint64_t p) {
  if (!in_from_space(p)) {
    // Static closures (the common case) never move and are not in the non-moving space.
    if (p >= static_end_) {
      if (los_.in_space(p) && los_.mark(uint32_t(p))) los_.push_scan(uint32_t(p));
    } else if (p < relevant_end_) {
      mark_static(uint32_t(p));
    }
    return p;
  }
  uint32_t a = uint32_t(p);
  uint64_t hdr = m_.load64(a);
  if (hdr & 1) return hdr & ~uint64_t(1);  // already copied: forwarding address
  uint32_t type = type_of_info(m_, uint32_t(hdr));
  if (type == L::IND) return evacuate(m_.load64(a + L::kIndirectee));  // short-circuit
  if (type == L::THUNK_SELECTOR) return evacuate_selector(a, uint32_t(hdr));
  return copy(a, uint32_t(hdr), type);
}

uint64_t Collector::copy(uint32_t a, uint32_t info, uint32_t type) {
  uint32_t n = object_bytes(a, info, type);
  uint32_t to = hp_;
  hp_ += n;
  std::memcpy(m_.span(to, n), m_.span(a, n), n);
  m_.store64(a, uint64_t(to) | 1);
  return to;
}

// GHC's THUNK_SELECTOR treatment (rts/sm/Evac.c, eval_thunk_selector): a selector thunk
// whose selectee is already evaluated is replaced by the selected field, so a lazy pattern
// binding keeps only the components still wanted, and atomicModifyIORef's result selectors
// do not pile up. A field that is itself a selector thunk is followed in turn (the chains a
// lazy `break`/`span` builds, one link per element, go in one collection): the thunks
// passed on the way are linked through their padding words and marked as forwarded to
// themselves until the end of the chain is known, then forwarded to it. A chain that comes
// back on itself (a selector loop, ⊥) stops there.
uint64_t Collector::evacuate_selector(uint32_t a, uint32_t info) {
  uint32_t chain = 0;
  uint64_t result;
  for (;;) {
    uint64_t v = selected(a, info, 0);
    while (v && in_from_space(v)) {  // past indirections
      uint64_t h = m_.load64(uint32_t(v));
      if ((h & 1) || type_of_info(m_, uint32_t(h)) != L::IND) break;
      v = m_.load64(uint32_t(v) + L::kIndirectee);
    }
    if (v && in_from_space(v)) {
      uint64_t h = m_.load64(uint32_t(v));
      if (v == a) {
        v = 0;  // selects itself
      } else if (!(h & 1) && type_of_info(m_, uint32_t(h)) == L::THUNK_SELECTOR) {
        m_.store64(a + L::kIndirectee, chain);
        m_.store64(a, uint64_t(a) | 1);
        chain = a;
        a = uint32_t(v);
        info = uint32_t(h);
        continue;
      } else if (h == (v | 1)) {
        v = 0;  // on the chain already
      }
    }
    if (v) {
      result = evacuate(v);
      m_.store64(a, result | 1);
    } else {
      result = copy(a, info, L::THUNK_SELECTOR);
    }
    break;
  }
  while (chain) {
    uint32_t next = uint32_t(m_.load64(chain + L::kIndirectee));
    m_.store64(chain, result | 1);
    chain = next;
  }
  return result;
}

// The value the selector thunk at `thunk` stands for, where it is now (not evacuated), if
// its selectee is evaluated; 0 otherwise. A selectee that is itself a selector thunk is
// evaluated the same way, to a bounded depth.
uint64_t Collector::selected(uint64_t thunk, uint32_t info, uint32_t depth) {
  uint32_t want = hi_of_info(m_, info);  // constructor tag << 16 | payload word
  uint64_t c = m_.load64(uint32_t(thunk) + 8 * L::kThunkHeaderWords);
  for (int hops = 0; hops < 16; ++hops) {
    uint64_t h = m_.load64(uint32_t(c));
    if (in_from_space(c) && (h & 1)) {
      if (h == (c | 1)) return 0;  // a thunk on the chain being followed
      c = h & ~uint64_t(1);        // copied already: read the copy
      continue;
    }
    uint32_t type = type_of_info(m_, uint32_t(h));
    if (type == L::IND || type == L::IND_STATIC) {
      c = m_.load64(uint32_t(c) + L::kIndirectee);
      if (!c) return 0;
      continue;
    }
    if (type == L::THUNK_SELECTOR) {
      if (depth + 1 >= L::kMaxSelectorDepth) return 0;
      c = selected(c, uint32_t(h), depth + 1);
      if (!c) return 0;
      continue;
    }
    // Only the constructor the thunk's case expects, and only a pointer field of it (what a
    // well-typed program always has; a malformed archive just keeps its thunk).
    if (!L::is_constr(type) || hi_of_info(m_, uint32_t(h)) != want >> 16) return 0;
    uint32_t slot = want & 0xFFFF;
    if (slot >= m_.load32(uint32_t(h) + L::kInfoLayout)) return 0;
    return m_.load64(uint32_t(c) + 8 * (L::kHeaderWords + slot));
  }
  return 0;
}

void Collector::evacuate_at(uint32_t at) { m_.store64(at, evacuate(m_.load64(at))); }

void Collector::mark_static(uint32_t p) {
  if (p < L::kStaticBase || p >= relevant_end_ || (p & 7)) return;
  uint32_t bit = (p - L::kStaticBase) / 8;
  if (!(m_.load64(relevant_ + 8 * (bit / 64)) >> (bit % 64) & 1)) return;  // reaches no CAF
  uint32_t link = static_link(p);
  if (m_.load64(link)) return;  // reached already
  push_static(static_todo_, p, link);
}

// The lists of static closures reached, threaded through their link words: 0 in a link
// means "not reached", so a list ends with kStaticListEnd.
void Collector::push_static(uint32_t& list, uint32_t p, uint32_t link) {
  m_.store64(link, list ? list : L::kStaticListEnd);
  list = p;
}

uint32_t Collector::next_static(uint32_t link) const {
  uint64_t next = m_.load64(link);
  return next == L::kStaticListEnd ? 0 : uint32_t(next);
}

uint32_t Collector::static_link(uint32_t p) const {
  uint32_t info = info_of(m_, p);
  uint32_t type = type_of_info(m_, info);
  if (type == L::FUN_STATIC) return p + L::kFunStaticLink;
  if (L::is_constr(type)) {
    uint64_t lay = m_.load64(info + L::kInfoLayout);
    return p + 8 * (L::kHeaderWords + uint32_t(lay) + uint32_t(lay >> 32));
  }
  return p + L::kStaticLink;  // a CAF, in whichever state (thunk, blackholed, evaluated, raising)
}

void Collector::scan_srt(uint32_t block) {
  if (block >= srt_blocks_) return;
  uint32_t t = m_.load32(srt_table_ + 4 * block);
  if (!t) return;
  uint64_t n = m_.load64(t);
  for (uint64_t i = 0; i < n; ++i) mark_static(uint32_t(m_.load64(t + 8 * uint32_t(1 + i))));
}

void Collector::scavenge_static(uint32_t p) {
  uint32_t info = info_of(m_, p);
  uint32_t type = type_of_info(m_, info);
  if (type == L::FUN_STATIC || type == L::THUNK_STATIC) {
    scan_srt(uint32_t(m_.load64(info + L::kInfoEntry)));  // its code's table
  } else if (L::is_constr(type)) {
    uint32_t ptrs = m_.load32(info + L::kInfoLayout);
    for (uint32_t i = 0; i < ptrs; ++i) evacuate_at(p + 8 * (L::kHeaderWords + i));
  } else if (m_.load64(p + L::kIndirectee)) {
    evacuate_at(p + L::kIndirectee);  // an evaluated CAF's value, the owner of one under
                                      // evaluation, the exception of one that raised
  }
}

// The static closures reached are unmarked again for the next collection (GHC flips a flag
// instead; here the lists are walked, as long as the static closures reached).
void Collector::clear_static_marks() {
  for (uint32_t* list : {&static_todo_, &static_done_}) {
    for (uint32_t p = *list; p;) {
      uint32_t link = static_link(p);
      p = next_static(link);
      m_.store64(link, 0);
    }
    *list = 0;
  }
}

uint32_t Collector::scavenge_object(uint32_t a) {
  uint32_t info = info_of(m_, a);
  uint32_t type = type_of_info(m_, info);
  const uint32_t bytes = object_bytes(a, info, type);  // (read before its fields change)
  switch (type) {
    case L::ARR_WORDS: return bytes;
    case L::MUT_ARR_PTRS_CLEAN: case L::MUT_ARR_PTRS_DIRTY: case L::MUT_ARR_PTRS_FROZEN_CLEAN:
    case L::MUT_ARR_PTRS_FROZEN_DIRTY: case L::SMALL_MUT_ARR_PTRS_CLEAN: case L::SMALL_MUT_ARR_PTRS_DIRTY:
    case L::SMALL_MUT_ARR_PTRS_FROZEN_CLEAN: case L::SMALL_MUT_ARR_PTRS_FROZEN_DIRTY: case L::TREC_CHUNK: {
      uint32_t n = uint32_t(m_.load64(a + L::kArrSize));
      for (uint32_t i = 0; i < n; ++i) evacuate_at(a + L::kArrPayload + 8 * i);
      return bytes;
    }
    case L::PAP: {
      evacuate_at(a + L::kPapFun);
      uint32_t n = uint32_t(m_.load64(a + L::kPapNArgs));
      uint64_t bm = m_.load64(a + L::kPapBitmap);
      for (uint32_t i = 0; i < n && i < 64; ++i)  // (a PAP has at most 64 arguments)
        if (bm >> i & 1) evacuate_at(a + L::kPapArgs + 8 * i);
      return bytes;
    }
    case L::BLACKHOLE: return bytes;  // the indirectee is the owner, not a heap pointer
    case L::WEAK: return bytes;       // key, value and finalizers: see begin_weaks
    case L::AP_STACK: {         // frozen frames, walked as a stack
      uint32_t f = a + L::kApStackFrames;
      scavenge_stack(f, f + 8 * uint32_t(m_.load64(a + L::kApStackSize)));
      return bytes;
    }
    case L::IND: case L::IND_STATIC:
      if (m_.load64(a + L::kIndirectee)) evacuate_at(a + L::kIndirectee);
      return bytes;
    case L::MVAR_CLEAN: case L::MVAR_DIRTY:
      evacuate_at(a + L::kMVarValue);
      evacuate_at(a + L::kMVarHead);
      evacuate_at(a + L::kMVarTail);
      return bytes;
    case L::TSO: scavenge_tso(a); return bytes;
    default: break;
  }
  if (info == raise_info_) {  // a thunk whose evaluation raised: the exception is its indirectee
    evacuate_at(a + L::kIndirectee);
    return bytes;
  }
  if (!L::is_constr(type)) scan_srt(uint32_t(m_.load64(info + L::kInfoEntry)));  // the CAFs its code uses
  uint32_t ptrs = m_.load32(info + L::kInfoLayout);
  uint32_t hdr = L::is_thunk_like(type) ? L::kThunkHeaderWords : L::kHeaderWords;
  for (uint32_t i = 0; i < ptrs; ++i) evacuate_at(a + 8 * (hdr + i));
  return bytes;
}

void Collector::scavenge_tso(uint32_t t) {
  uint64_t regs = thr_.word(t, L::kTsoRegBitmap);
  if (regs & 1) evacuate_at(t + L::kTsoR0);
  if (regs & 2) evacuate_at(t + L::kTsoR1);
  // Looking for deadlocked threads, the list of all threads does not keep any alive, nor do
  // the links of the global queues (threads in retry or waiting for a BLACKHOLE).
  ThreadState st = thr_.state(t);
  bool global_queue = st == ThreadState::BlockedStm || st == ThreadState::BlockedBlackhole;
  if (!deadlock_ || !global_queue) evacuate_at(t + L::kTsoLink);
  if (!deadlock_) evacuate_at(t + L::kTsoAllLink);
  for (uint32_t f : {L::kTsoBlockedOn, L::kTsoBlockValue, L::kTsoThrowHead, L::kTsoThrowTail, L::kTsoTrec})
    evacuate_at(t + f);
  if (st == ThreadState::Finished) return;
  uint32_t lo = thr_.half(t, L::kTsoStackLo);
  if (los_.is_block(lo)) los_.mark(lo);  // a stack block is scanned here, not as an object
  uint32_t sp = uint32_t(thr_.word(t, L::kTsoSp));  // (one memory read per statement: runtime/trace.h)
  scavenge_stack(sp, thr_.half(t, L::kTsoStackHi));
}

void Collector::scavenge_stack(uint32_t sp, uint32_t hi) {
  while (sp < hi) {
    uint32_t info = uint32_t(m_.load64(sp));
    uint32_t type = type_of_info(m_, info);
    uint32_t words = frame_words(m_, sp);
    switch (type) {
      case L::UPDATE_FRAME: evacuate_at(sp + 8); break;
      case L::CATCH_FRAME: evacuate_at(sp + 8); break;
      case L::RET_BIG: {  // [info, size, bitmap, values…]
        if (info == resume_info_) scan_srt(uint32_t(m_.load64(sp + 24)));  // the block it resumes
        uint64_t bm = m_.load64(sp + 16);
        for (uint32_t i = 0; i + 3 < words && i < 64; ++i)  // (the bitmap covers 64 values)
          if (bm >> i & 1) evacuate_at(sp + 24 + 8 * i);
        break;
      }
      case L::RET_SMALL:
        scan_srt(uint32_t(m_.load64(info + L::kInfoEntry)));  // the continuation's CAFs
        [[fallthrough]];
      case L::ATOMICALLY_FRAME: case L::CATCH_RETRY_FRAME: case L::CATCH_STM_FRAME: {  // (laid out alike)
        uint32_t bitmap = m_.load32(info + L::kInfoLayout + 4);
        for (uint32_t i = 0; i + 1 < words; ++i) {
          if (!bitmap) break;
          if (m_.load64(bitmap + 8 * (i / 64)) >> (i % 64) & 1) evacuate_at(sp + 8 * (1 + i));
        }
        break;
      }
      default: break;
    }
    sp += 8 * words;
  }
}

// Until nothing is left: to-space objects in allocation order, then the non-moving objects
// marked meanwhile.
void Collector::scavenge_all() {
  for (;;) {
    while (scan_ < hp_) scan_ += scavenge_object(scan_);
    if (uint32_t o = los_.pop_scan()) {
      scavenge_object(o);
      continue;
    }
    if (uint32_t p = static_todo_) {  // from the to-do list to the done one, then scavenged
      uint32_t link = static_link(p);
      static_todo_ = next_static(link);
      push_static(static_done_, p, link);
      scavenge_static(p);
      continue;
    }
    break;
  }
}

// Weak pointers as GHC's collector treats them: every weak on the list survives, but its
// value and finalizers are kept only once its key has been found reachable by other paths;
// that can make further keys reachable, so tidying repeats until nothing changes. Weaks
// whose keys stayed unreachable die (key 0) and leave the list; those with finalizers to run
// go to the dead list (runtime/finalizers.h).
bool Collector::alive(uint64_t p) const {
  if (in_from_space(p)) return (m_.load64(uint32_t(p)) & 1) != 0;  // forwarded
  if (p >= static_end_ && los_.in_space(p)) return los_.is_marked(uint32_t(p));
  return true;  // static closures never die
}

// GHC's resurrection of unreachable threads (rts/sm/MarkWeak.c, tidyThreadList): a thread in
// retry is reachable through the TVars it waits for (GHC's watch queues), one waiting for a
// BLACKHOLE through that thunk or its owner (the blocking queue), anything through a weak
// pointer whose key is reachable; until nothing changes.
// The rest are evacuated (they will run their handlers) and listed oldest first.
void Collector::find_deadlocked(std::vector<uint32_t>& out) {
  for (bool more = true; more;) {
    more = false;
    for (uint32_t t = thr_.first_unfinished(); t; t = thr_.next_unfinished(t)) {
      if (los_.is_marked(t)) continue;
      bool wake = false;
      uint32_t on = uint32_t(thr_.word(t, L::kTsoBlockedOn));
      switch (thr_.state(t)) {
        case ThreadState::BlockedStm: {
          uint32_t rec = uint32_t(thr_.word(t, L::kTsoTrec));  // (not evacuated: as it was)
          uint32_t n = rec ? uint32_t(m_.load64(rec + L::kArrSize)) : 0;
          for (uint32_t i = 1; i + 2 < n && !wake; i += 3) {  // [enclosing, (tvar, expected, new)…]
            uint64_t tv = m_.load64(rec + L::kArrPayload + 8 * i);
            if (!tv) break;
            wake = alive(tv);
          }
          break;
        }
        case ThreadState::BlockedBlackhole: {
          uint64_t owner = m_.load64(on + L::kIndirectee);
          wake = alive(on) || (owner && los_.in_space(owner) && los_.is_marked(uint32_t(owner)));
          break;
        }
        default: break;
      }
      if (wake) {
        evacuate(t);
        more = true;
      }
    }
    scavenge_all();
    if (tidy_weaks()) {  // a weak's value is reachable once its key is (tidyWeakList)
      scavenge_all();
      more = true;
    }
  }
  for (uint32_t t = thr_.first_unfinished(); t; t = thr_.next_unfinished(t))
    if (!los_.is_marked(t)) out.push_back(t);
  std::reverse(out.begin(), out.end());  // (the list is newest first)
  deadlock_ = false;  // resurrected: scanned like any thread
  for (uint32_t t : out) evacuate(t);
  scavenge_all();
}

void Collector::begin_weaks() {
  // The dead list is a root: the finalizers of the weaks on it have not been started yet.
  dead_at_ = L::kDeadWeakHead;
  while (uint64_t w = m_.load64(dead_at_)) {
    uint32_t to = uint32_t(evacuate(w));
    m_.store64(dead_at_, to);
    for (uint32_t f : {L::kWeakValue, L::kWeakFinalizer, L::kWeakCFinalizers}) evacuate_at(to + f);
    dead_at_ = to + L::kWeakLink;
  }
  // Every weak on the list is kept, in list order, on the old list until its key is found
  // reachable; finalized ones (key 0) leave it.
  weak_live_ = 0;
  uint32_t at = L::kWeakListHead;
  for (uint64_t w = m_.load64(L::kWeakListHead); w;) {
    uint64_t next = m_.load64(uint32_t(w) + L::kWeakLink);  // the old copy keeps its link
    uint32_t to = uint32_t(evacuate(w));
    if (m_.load64(to + L::kWeakKey)) {
      m_.store64(at, to);
      at = to + L::kWeakLink;
    }
    w = next;
  }
  m_.store64(at, 0);
}

bool Collector::tidy_weaks() {
  // As GHC's tidyWeakList: a weak whose key is reachable leaves the old list for the new
  // one, at its front (so survivors change order at each collection, as in GHC).
  bool moved = false;
  uint32_t at = L::kWeakListHead;
  while (uint32_t w = uint32_t(m_.load64(at))) {
    if (!alive(m_.load64(w + L::kWeakKey))) {
      at = w + L::kWeakLink;
      continue;
    }
    m_.store64(at, m_.load64(w + L::kWeakLink));
    for (uint32_t f : {L::kWeakKey, L::kWeakValue, L::kWeakFinalizer, L::kWeakCFinalizers}) evacuate_at(w + f);
    m_.store64(w + L::kWeakLink, weak_live_);
    weak_live_ = w;
    moved = true;
  }
  return moved;
}

void Collector::end_weaks() {
  for (uint32_t w = uint32_t(m_.load64(L::kWeakListHead)); w;) {
    uint32_t next = uint32_t(m_.load64(w + L::kWeakLink));
    // Dead: GHC's collectDeadWeakPtrs keeps the finalizer, and the value while C
    // finalizers (which may use it) are to run.
    m_.store64(w + L::kWeakKey, 0);
    evacuate_at(w + L::kWeakFinalizer);
    if (m_.load64(w + L::kWeakCFinalizers)) {
      evacuate_at(w + L::kWeakCFinalizers);
      evacuate_at(w + L::kWeakValue);
    } else {
      m_.store64(w + L::kWeakValue, 0);
    }
    m_.store64(w + L::kWeakLink, 0);
    if (m_.load64(w + L::kWeakFinalizer) || m_.load64(w + L::kWeakCFinalizers)) {
      m_.store64(dead_at_, w);
      dead_at_ = w + L::kWeakLink;
    }
    w = next;
  }
  m_.store64(L::kWeakListHead, weak_live_);
  weak_live_ = 0;
}

Collector::Result Collector::collect(uint32_t hp, uint32_t need, bool retry, std::vector<uint32_t>* deadlocked) {
  MemoryObserver* o = m_.observer();
  if (!o) return collect_once(hp, need, retry, deadlocked);
  uint32_t from_lo = get32(kFromLo);  // (read before the event: the trace's order)
  uint64_t los_live = los_.live_bytes();
  o->on_runtime(MemoryObserver::Runtime::GcStart, uint64_t(hp - from_lo) + los_live, 0, 0);
  Result r = collect_once(hp, need, retry, deadlocked);
  uint32_t to_lo = get32(kFromLo);
  o->on_runtime(MemoryObserver::Runtime::GcEnd, r.live, r.overflow && r.hp == hp ? 0 : r.hp - to_lo, 0);
  return r;
}

Collector::Result Collector::collect_once(uint32_t hp, uint32_t need, bool retry, std::vector<uint32_t>* deadlocked) {
  Result r;
  uint32_t from_lo = get32(kFromLo), semi = get32(kSemiBytes);
  uint64_t max_heap = m_.load64(s_ + kMaxHeap);
  // To-space is a semispace as big as from-space (everything in from-space fits in it), or
  // twice that when the last collection found it more than half full: if the spare
  // semispace is too small, a bigger one is placed at the end of memory (memory only grows;
  // the old regions are reused as spares later). If the request does not fit next to what
  // survived, a second collection moves everything into one that is big enough.
  uint64_t want = std::max<uint64_t>(semi, need);
  if (get32(kGrowNext)) want = std::max<uint64_t>(want, 2ull * semi);
  uint64_t limit = heap_limit();
  if (limit && want > limit) want = std::max<uint64_t>(limit, semi);
  if (get32(kSpareBytes) < want) {
    uint64_t size = (want + L::kHeapGrowStep - 1) / L::kHeapGrowStep * L::kHeapGrowStep;
    uint64_t lo = m_.size();
    if (lo + size > (uint64_t(1) << 32) || !m_.grow_to(lo + size)) {
      r.hp = hp;
      r.overflow = true;
      return r;
    }
    set32(kSpareLo, uint32_t(lo));
    set32(kSpareBytes, uint32_t(size));
  }
  old_lo_ = from_lo;
  old_bytes_ = semi;
  static_end_ = get32(kStaticEnd);
  raise_info_ = rts_info(m_, L::kRaiseInfo);
  resume_info_ = rts_info(m_, L::kResumeJumpInfo);
  srt_table_ = get32(kSrtTable);
  srt_blocks_ = get32(kSrtBlocks);
  relevant_ = get32(kRelevant);
  relevant_end_ = std::min(get32(kRelevantEnd), static_end_);
  static_todo_ = static_done_ = 0;
  uint32_t to_lo = get32(kSpareLo), to_bytes = get32(kSpareBytes);
  hp_ = scan_ = to_lo;
  // Every unfinished thread is a root (its TSO, scavenged like any object, keeps its stack);
  // looking for deadlocked threads, only the runnable and the sleeping ones.
  deadlock_ = deadlocked != nullptr;
  for (uint32_t t = thr_.first_unfinished(); t; t = thr_.next_unfinished(t)) {
    ThreadState st = thr_.state(t);
    if (!deadlock_ || st == ThreadState::Runnable || st == ThreadState::Sleeping) evacuate(t);
  }
  // The closures the runtime raises or starts by itself (not main: once its thread runs, what
  // main still needs is on that thread's stack, as in GHC), and the CAFs the code that asked
  // for this collection can still enter.
  for (uint32_t i = 0; i < L::kRtsClosureCount; ++i)
    if (uint32_t c = m_.load32(L::kRtsClosureTable + 4 * i); c && i != L::kMainClosure) mark_static(c);
  scan_srt(m_.load32(L::reg_addr(L::kRegGcBlock)));
  if (uint32_t t = stable_.table()) los_.mark(t);  // the table's entries are updated here
  stable_.for_each_live_entry([&](uint32_t at) { evacuate_at(at); });
  scavenge_all();
  // Weak pointers and unreachable threads as GHC orders them (MarkWeak.c): keys reachable
  // from the roots, then the threads nothing can wake (when looking for them), then the
  // keys those made reachable; the weaks left die.
  begin_weaks();
  while (tidy_weaks()) scavenge_all();
  if (deadlocked) find_deadlocked(*deadlocked);
  while (tidy_weaks()) scavenge_all();
  end_weaks();
  scavenge_all();
  // Stable names hold their objects weakly (the table's own blocks survive).
  StableNameTable(m_, los_).after_collection([&](uint64_t p) { return alive(p); },
                                             [&](uint32_t at) { evacuate_at(at); });
  clear_static_marks();
  los_.sweep();
  m_.store64(s_ + kLosSinceGc, 0);
  set32(kSpareLo, old_lo_);
  set32(kSpareBytes, old_bytes_);
  set32(kFromLo, to_lo);
  set32(kSemiBytes, to_bytes);
  old_lo_ = old_bytes_ = 0;
  r.hp = hp_;
  r.live = uint64_t(hp_ - to_lo) + los_.live_bytes();
  set32(kGrowNext, hp_ - to_lo > to_bytes / 2);  // keep collections proportional to live data
  bool over_limit = limit && r.live > limit;
  if (uint64_t(hp_) + need > uint64_t(to_lo) + to_bytes && !over_limit && !retry) {
    set32(kGrowNext, 1);  // the request does not fit: collect again into a bigger semispace
    return collect_once(hp_, need, true, nullptr);
  }
  r.overflow = uint64_t(hp_) + need > uint64_t(to_lo) + to_bytes || over_limit;
  if (!r.overflow && (!max_heap || r.live <= max_heap)) set32(kHeapOverflows, 0);  // recovered
  return r;
}

}  // namespace stgvm
