// The interpreter's side of a collection: its registers that hold heap pointers go to the
// STG stack around it. The collector is the runtime library's (runtime/collector.*).
#include <algorithm>

#include "interp/vm.h"

namespace stgvm {

namespace L = layout;

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
  if (cur_) thr_.set_word(cur_, L::kTsoSp, Sp);  // the collector walks every stack from its TSO
  Collector::Result r = gc_.collect(Hp, need);
  Hp = r.hp;
  HpLim = gc_.area_end();
  if (r.live > stats_.max_heap) stats_.max_heap = r.live;
  if (los_.live_bytes() > stats_.max_large) stats_.max_large = los_.live_bytes();
  if (r.overflow) heap_overflow();
}

}  // namespace stgvm
