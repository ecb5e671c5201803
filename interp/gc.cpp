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
    case L::IND: case L::BLACKHOLE: return 16;
    default:
      if (L::is_thunk_like(type)) return 8 * (L::kThunkHeaderWords + words);
      return 8 * (L::kHeaderWords + words);
  }
}

uint64_t Vm::evacuate(uint64_t p) {
  if (!in_from_space(p)) {
    if (los_.in_space(p) && los_.mark(uint32_t(p))) los_scan_.push_back(uint32_t(p));
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

void Vm::scavenge_object(uint32_t a) {
  uint32_t info = info_of(a);
  uint32_t type = type_of_info(info);
  auto fix = [&](uint32_t at) { mem_.store64(at, evacuate(mem_.load64(at))); };
  switch (type) {
    case L::ARR_WORDS: return;
    case L::MUT_ARR_PTRS_CLEAN: case L::MUT_ARR_PTRS_DIRTY: case L::MUT_ARR_PTRS_FROZEN_CLEAN:
    case L::MUT_ARR_PTRS_FROZEN_DIRTY: case L::SMALL_MUT_ARR_PTRS_CLEAN: case L::SMALL_MUT_ARR_PTRS_DIRTY:
    case L::SMALL_MUT_ARR_PTRS_FROZEN_CLEAN: case L::SMALL_MUT_ARR_PTRS_FROZEN_DIRTY: {
      uint32_t n = uint32_t(mem_.load64(a + L::kArrSize));
      for (uint32_t i = 0; i < n; ++i) fix(a + L::kArrPayload + 8 * i);
      return;
    }
    case L::PAP: {
      fix(a + L::kPapFun);
      uint32_t n = uint32_t(mem_.load64(a + L::kPapNArgs));
      uint64_t bm = mem_.load64(a + L::kPapBitmap);
      for (uint32_t i = 0; i < n; ++i)
        if (bm >> i & 1) fix(a + L::kPapArgs + 8 * i);
      return;
    }
    case L::BLACKHOLE: return;  // the indirectee is the owner, not a heap pointer
    case L::IND: case L::IND_STATIC: {
      uint64_t v = mem_.load64(a + L::kIndirectee);
      if (v) fix(a + L::kIndirectee);
      return;
    }
    case L::MVAR_CLEAN: case L::MVAR_DIRTY: {
      if (mem_.load64(a + 8)) fix(a + 8);
      return;
    }
    default: break;
  }
  uint32_t ptrs = mem_.load32(info + L::kInfoLayout);
  uint32_t hdr = L::is_thunk_like(type) ? L::kThunkHeaderWords : L::kHeaderWords;
  if (info == img_.rts_info[kRaiseInfo]) {
    fix(a + L::kIndirectee);
    return;
  }
  for (uint32_t i = 0; i < ptrs; ++i) fix(a + 8 * (hdr + i));
}

void Vm::scavenge_stack(uint32_t sp, uint32_t hi) {
  auto fix = [&](uint32_t at) { mem_.store64(at, evacuate(mem_.load64(at))); };
  while (sp < hi) {
    uint32_t info = uint32_t(mem_.load64(sp));
    uint32_t type = type_of_info(info);
    uint32_t words = frame_words(sp);
    switch (type) {
      case L::UPDATE_FRAME: fix(sp + 8); break;
      case L::CATCH_FRAME: fix(sp + 8); break;
      case L::RET_BIG: {  // apply frame [info, size, bitmap, args…]
        uint64_t bm = mem_.load64(sp + 16);
        for (uint32_t i = 0; i + 3 < words; ++i)
          if (bm >> i & 1) fix(sp + 24 + 8 * i);
        break;
      }
      case L::RET_SMALL: {
        uint32_t bitmap = mem_.load32(info + L::kInfoLayout + 4);
        for (uint32_t i = 0; i + 1 < words; ++i) {
          if (!bitmap) break;
          if (mem_.load64(bitmap + 8 * (i / 64)) >> (i % 64) & 1) fix(sp + 8 * (1 + i));
        }
        break;
      }
      default: break;
    }
    sp += 8 * words;
  }
}

void Vm::collect(uint32_t need, const std::vector<uint64_t*>& roots) {
  ++stats_.gcs;
  // To-space must hold everything that might survive plus the request: if the spare
  // semispace is too small, a bigger one is placed at the end of memory (memory only grows;
  // the old regions are reused as spares later).
  uint64_t used = Hp - from_lo_;
  uint64_t want = std::max<uint64_t>(semi_bytes_, used + need);
  if (grow_next_) want = std::max<uint64_t>(want, 2ull * semi_bytes_);
  uint64_t limit = opts_.max_heap ? opts_.max_heap + (heap_overflowed_ ? 4u << 20 : 0) : 0;
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
  for (uint64_t* r : roots) *r = evacuate(*r);
  for (size_t i = 0; i < threads_.size(); ++i) {
    Thread& t = threads_[i];
    if (t.state == Thread::State::Finished) continue;
    if (i == current_) scavenge_stack(Sp, stack_hi_);
    else scavenge_stack(t.sp, t.stack_hi);
    for (size_t k = 0; k < t.regs.size() && k < 64; ++k)
      if (t.ptr_bitmap >> k & 1) t.regs[k] = evacuate(t.regs[k]);
    t.mvar = evacuate(t.mvar);
    t.put_value = evacuate(t.put_value);
    t.throw_exc = evacuate(t.throw_exc);
  }
  for (const Thread& t : threads_)  // stacks in the non-moving space are kept by their threads
    if (t.state != Thread::State::Finished && los_.in_space(t.stack_lo)) los_.mark(t.stack_lo);
  for (uint32_t caf : cafs_) mem_.store64(caf + L::kIndirectee, evacuate(mem_.load64(caf + L::kIndirectee)));
  for (uint64_t& s : stable_ptrs_)
    if (s) s = evacuate(s);
  uint32_t scan = to_lo;
  for (;;) {
    while (scan < Hp) {
      uint32_t n = object_bytes(scan);
      scavenge_object(scan);
      scan += n;
    }
    if (los_scan_.empty()) break;
    uint32_t o = los_scan_.back();
    los_scan_.pop_back();
    scavenge_object(o);
  }
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
}

}  // namespace stgvm
