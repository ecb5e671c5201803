// Copying collector (Cheney) over the two heap semispaces. Roots: the registers the caller
// lists, every stack frame (walked through the info-table layouts), updated CAFs and the
// stable-pointer table. Objects outside from-space never move: the static image, and the
// non-moving space (pinned and large objects), whose objects are marked when reached,
// scavenged in place, and swept into its free list when not.
// Deterministic: collections happen only when an allocation does not fit, and the traversal
// order is fixed.
#include <algorithm>
#include <cstring>

#include "interp/vm.h"

namespace stgvm {

namespace L = layout;
constexpr uint64_t kHeapGrowStep = layout::kHeapGrowStep;

uint32_t Vm::object_bytes(uint32_t a) const {
  uint32_t info = info_of(a);
  uint32_t type = type_of_info(info);
  uint64_t lay = mem_.load64(info + L::kInfoLayout);
  uint32_t words = uint32_t(lay) + uint32_t(lay >> 32);
  switch (type) {
    case L::ARR_WORDS: return (L::kArrPayload + uint32_t(mem_.load64(a + L::kArrSize)) + 7) & ~7u;
    case L::MUT_ARR_PTRS_CLEAN: case L::MUT_ARR_PTRS_DIRTY: case L::MUT_ARR_PTRS_FROZEN_CLEAN:
    case L::MUT_ARR_PTRS_FROZEN_DIRTY: case L::SMALL_MUT_ARR_PTRS_CLEAN: case L::SMALL_MUT_ARR_PTRS_DIRTY:
    case L::SMALL_MUT_ARR_PTRS_FROZEN_CLEAN: case L::SMALL_MUT_ARR_PTRS_FROZEN_DIRTY:
      return L::kArrPayload + 8 * uint32_t(mem_.load64(a + L::kArrSize));
    case L::PAP: return L::kPapArgs + 8 * uint32_t(mem_.load64(a + L::kPapNArgs));
    case L::AP_STACK: return L::kApStackFrames + 8 * uint32_t(mem_.load64(a + L::kApStackSize));
    case L::IND: case L::BLACKHOLE: return 16;
    default:
      if (L::is_thunk_like(type)) return 8 * (L::kThunkHeaderWords + words);
      return 8 * (L::kHeaderWords + words);
  }
}

uint64_t Vm::evacuate(uint64_t p) {
  if (!in_from_space(p)) {
    // Static closures (the common case) never move and are not in the non-moving space.
    if (p >= static_end_ && los_.in_space(p) && los_.mark(uint32_t(p))) los_.push_scan(uint32_t(p));
    return p;
  }
  uint32_t a = uint32_t(p);
  uint64_t hdr = mem_.load64(a);
  if (hdr & 1) return hdr & ~uint64_t(1);  // already copied: forwarding address
  uint32_t info = uint32_t(hdr);
  uint32_t type = type_of_info(info);
  if (type == L::IND) return evacuate(mem_.load64(a + L::kIndirectee));  // short-circuit
  uint32_t n = object_bytes(a);
  uint32_t to = Hp;
  Hp += n;
  std::memcpy(mem_.span(to, n), mem_.span(a, n), n);
  mem_.store64(a, uint64_t(to) | 1);
  return to;
}

void Vm::evacuate_at(uint32_t at) { mem_.store64(at, evacuate(mem_.load64(at))); }

void Vm::scavenge_object(uint32_t a) {
  uint32_t info = info_of(a);
  uint32_t type = type_of_info(info);
  switch (type) {
    case L::ARR_WORDS: return;
    case L::MUT_ARR_PTRS_CLEAN: case L::MUT_ARR_PTRS_DIRTY: case L::MUT_ARR_PTRS_FROZEN_CLEAN:
    case L::MUT_ARR_PTRS_FROZEN_DIRTY: case L::SMALL_MUT_ARR_PTRS_CLEAN: case L::SMALL_MUT_ARR_PTRS_DIRTY:
    case L::SMALL_MUT_ARR_PTRS_FROZEN_CLEAN: case L::SMALL_MUT_ARR_PTRS_FROZEN_DIRTY: {
      uint32_t n = uint32_t(mem_.load64(a + L::kArrSize));
      for (uint32_t i = 0; i < n; ++i) evacuate_at(a + L::kArrPayload + 8 * i);
      return;
    }
    case L::PAP: {
      evacuate_at(a + L::kPapFun);
      uint32_t n = uint32_t(mem_.load64(a + L::kPapNArgs));
      uint64_t bm = mem_.load64(a + L::kPapBitmap);
      for (uint32_t i = 0; i < n; ++i)
        if (bm >> i & 1) evacuate_at(a + L::kPapArgs + 8 * i);
      return;
    }
    case L::BLACKHOLE: return;  // the indirectee is the owner, not a heap pointer
    case L::WEAK: return;       // key, value and finalizer: see collect_weaks
    case L::AP_STACK: {         // frozen frames, walked as a stack
      uint32_t f = a + L::kApStackFrames;
      scavenge_stack(f, f + 8 * uint32_t(mem_.load64(a + L::kApStackSize)));
      return;
    }
    case L::IND: case L::IND_STATIC: {
      uint64_t v = mem_.load64(a + L::kIndirectee);
      if (v) evacuate_at(a + L::kIndirectee);
      return;
    }
    case L::MVAR_CLEAN: case L::MVAR_DIRTY:
      evacuate_at(a + L::kMVarValue);
      evacuate_at(a + L::kMVarHead);
      evacuate_at(a + L::kMVarTail);
      return;
    case L::TSO: scavenge_tso(a); return;
    default: break;
  }
  uint32_t ptrs = mem_.load32(info + L::kInfoLayout);
  uint32_t hdr = L::is_thunk_like(type) ? L::kThunkHeaderWords : L::kHeaderWords;
  if (info == img_.rts_info[kRaiseInfo]) {
    evacuate_at(a + L::kIndirectee);
    return;
  }
  for (uint32_t i = 0; i < ptrs; ++i) evacuate_at(a + 8 * (hdr + i));
}

void Vm::scavenge_tso(uint32_t t) {
  uint64_t regs = thr_.word(t, L::kTsoRegBitmap);
  if (regs & 1) evacuate_at(t + L::kTsoR0);
  if (regs & 2) evacuate_at(t + L::kTsoR1);
  for (uint32_t f : {L::kTsoLink, L::kTsoAllLink, L::kTsoBlockedOn, L::kTsoBlockValue, L::kTsoThrowHead, L::kTsoThrowTail})
    evacuate_at(t + f);
  if (thr_.state(t) == ThreadState::Finished) return;
  uint32_t lo = thr_.half(t, L::kTsoStackLo);
  if (los_.is_block(lo)) los_.mark(lo);  // a stack block is scanned here, not as an object
  if (t == cur_) scavenge_stack(Sp, stack_hi_);
  else scavenge_stack(uint32_t(thr_.word(t, L::kTsoSp)), thr_.half(t, L::kTsoStackHi));
}

void Vm::scavenge_stack(uint32_t sp, uint32_t hi) {
  while (sp < hi) {
    uint32_t info = uint32_t(mem_.load64(sp));
    uint32_t type = type_of_info(info);
    uint32_t words = frame_words(sp);
    switch (type) {
      case L::UPDATE_FRAME: evacuate_at(sp + 8); break;
      case L::CATCH_FRAME: evacuate_at(sp + 8); break;
      case L::RET_BIG: {  // apply frame [info, size, bitmap, args…]
        uint64_t bm = mem_.load64(sp + 16);
        for (uint32_t i = 0; i + 3 < words; ++i)
          if (bm >> i & 1) evacuate_at(sp + 24 + 8 * i);
        break;
      }
      case L::RET_SMALL: {
        uint32_t bitmap = mem_.load32(info + L::kInfoLayout + 4);
        for (uint32_t i = 0; i + 1 < words; ++i) {
          if (!bitmap) break;
          if (mem_.load64(bitmap + 8 * (i / 64)) >> (i % 64) & 1) evacuate_at(sp + 8 * (1 + i));
        }
        break;
      }
      default: break;
    }
    sp += 8 * words;
  }
}

// Weak pointers as GHC's collector treats them: every weak on the list survives, but its
// value and finalizer are kept only once its key has been found reachable by other paths;
// that can make further keys reachable, so this repeats until nothing changes. Weaks whose
// keys stayed unreachable die (key, value and finalizer cleared) and leave the list.
// (Running finalizers is the runtime-fidelity work; here they are dropped.)
template <class F>
void Vm::collect_weaks(F& scavenge_all) {
  auto alive = [&](uint64_t p) {
    if (in_from_space(p)) return (mem_.load64(uint32_t(p)) & 1) != 0;  // forwarded
    if (p >= static_end_ && los_.in_space(p)) return los_.is_marked(uint32_t(p));
    return true;  // static closures never die
  };
  uint64_t pending = 0, live = 0;
  for (uint64_t w = mem_.load64(L::kWeakListHead); w;) {
    uint64_t next = mem_.load64(uint32_t(w) + L::kWeakLink);  // the old copy keeps its link
    uint32_t to = uint32_t(evacuate(w));
    mem_.store64(to + L::kWeakLink, pending);
    pending = to;
    w = next;
  }
  for (bool moved = true; moved;) {
    scavenge_all();
    moved = false;
    uint64_t still = 0;
    for (uint64_t w = pending; w;) {
      uint32_t a = uint32_t(w);
      uint64_t next = mem_.load64(a + L::kWeakLink);
      if (alive(mem_.load64(a + L::kWeakKey))) {
        for (uint32_t f : {L::kWeakKey, L::kWeakValue, L::kWeakFinalizer})
          evacuate_at(a + f);
        mem_.store64(a + L::kWeakLink, live);
        live = w;
        moved = true;
      } else {
        mem_.store64(a + L::kWeakLink, still);
        still = w;
      }
      w = next;
    }
    pending = still;
  }
  for (uint64_t w = pending; w;) {
    uint32_t a = uint32_t(w);
    w = mem_.load64(a + L::kWeakLink);
    for (uint32_t f : {L::kWeakKey, L::kWeakValue, L::kWeakFinalizer, L::kWeakLink}) mem_.store64(a + f, 0);
  }
  mem_.store64(L::kWeakListHead, live);
}

// The registers that hold heap pointers go to the STG stack first, in frames the collector
// scans like any other, and come back from there: the collector's roots are all in linear
// memory (stacks, TSOs, the runtime page), never host locations.
void Vm::collect(uint32_t need, const std::vector<uint64_t*>& regs) {
  uint32_t n = uint32_t(regs.size());
  for (uint32_t first = 0; first < n; first += L::kSpillFrameValues) {
    uint32_t k = std::min(n - first, L::kSpillFrameValues);
    uint32_t words = 3 + k;
    reserve_stack(words);
    Sp -= 8 * words;
    mem_.store64(Sp, img_.rts_info[kSpillInfo]);
    mem_.store64(Sp + 8, words);
    mem_.store64(Sp + 16, k == 64 ? ~uint64_t(0) : (uint64_t(1) << k) - 1);
    for (uint32_t i = 0; i < k; ++i) mem_.store64(Sp + 24 + 8 * i, *regs[first + i]);
  }
  collect_heap(need);
  for (uint32_t c = (n + L::kSpillFrameValues - 1) / L::kSpillFrameValues; c-- > 0;) {  // top frame first
    uint32_t first = c * L::kSpillFrameValues, k = std::min(n - first, L::kSpillFrameValues);
    for (uint32_t i = 0; i < k; ++i) *regs[first + i] = mem_.load64(Sp + 24 + 8 * i);
    Sp += 8 * (3 + k);
  }
}

void Vm::collect_heap(uint32_t need) {
  ++stats_.gcs;
  // To-space must hold everything that might survive plus the request: if the spare
  // semispace is too small, a bigger one is placed at the end of memory (memory only grows;
  // the old regions are reused as spares later).
  uint64_t used = Hp - from_lo_;
  uint64_t want = std::max<uint64_t>(semi_bytes_, used + need);
  if (grow_next_) want = std::max<uint64_t>(want, 2ull * semi_bytes_);
  uint64_t limit = opts_.max_heap ? opts_.max_heap + uint64_t(heap_overflows_) * (4u << 20) : 0;
  if (limit && want > limit) want = std::max<uint64_t>(limit, semi_bytes_);
  if (spare_bytes_ < want) {
    uint64_t size = (want + kHeapGrowStep - 1) / kHeapGrowStep * kHeapGrowStep;
    uint64_t lo = mem_.size();
    if (!mem_.grow_to(lo + size)) heap_overflow();
    spare_lo_ = uint32_t(lo);
    spare_bytes_ = uint32_t(size);
  }
  old_lo_ = from_lo_;
  old_bytes_ = semi_bytes_;
  uint32_t to_lo = spare_lo_, to_bytes = spare_bytes_;
  Hp = to_lo;
  // Every unfinished thread is a root (its TSO, scavenged like any object, keeps its stack).
  for (uint32_t t = thr_.first_unfinished(); t; t = thr_.next_unfinished(t)) evacuate(t);
  for (uint64_t c = mem_.load64(L::kCafListHead); c != L::kCafListEnd; c = mem_.load64(uint32_t(c) + L::kStaticLink))
    evacuate_at(uint32_t(c) + L::kIndirectee);
  if (uint32_t t = stable_.table()) los_.mark(t);  // the table's entries are updated here
  stable_.for_each_live_entry([&](uint32_t at) { evacuate_at(at); });
  uint32_t scan = to_lo;
  auto scavenge_all = [&] {
    for (;;) {
      while (scan < Hp) {
        uint32_t n = object_bytes(scan);
        scavenge_object(scan);
        scan += n;
      }
      uint32_t o = los_.pop_scan();
      if (!o) break;
      scavenge_object(o);
    }
  };
  scavenge_all();
  collect_weaks(scavenge_all);
  los_.sweep();
  los_since_gc_ = 0;
  spare_lo_ = old_lo_;
  spare_bytes_ = old_bytes_;
  from_lo_ = to_lo;
  semi_bytes_ = to_bytes;
  HpLim = from_lo_ + semi_bytes_;
  old_lo_ = old_bytes_ = 0;
  uint64_t live = Hp - from_lo_ + los_.live_bytes();
  if (live > stats_.max_heap) stats_.max_heap = live;
  if (los_.live_bytes() > stats_.max_large) stats_.max_large = los_.live_bytes();
  grow_next_ = Hp - from_lo_ > semi_bytes_ / 2;  // keep collections proportional to live data
  if (uint64_t(Hp) + need > HpLim || (limit && live > limit)) heap_overflow();
  if (!opts_.max_heap || live <= opts_.max_heap) heap_overflows_ = 0;  // recovered: a new overflow is a new exception
}

}  // namespace stgvm
