// The machine's registers in memory, and the stack and heap operations of RTS routines
// (runtime/machine.h).
#include "runtime/machine.h"

#include <algorithm>
#include <cstring>

#include "runtime/finalizers.h"
#include "runtime/stacks.h"
#include "runtime/trap.h"

namespace stgvm {

namespace L = layout;

namespace {
// The register's word in memory. (Memory never moves: it is reserved up front.)
uint32_t& reg32(Memory& m, L::Addr a) { return *reinterpret_cast<uint32_t*>(m.span(a, 4)); }
constexpr uint32_t kMaxHeapOverflows = 8;
}  // namespace

Machine::Machine(Memory& mem, BlockHeap& los_, StablePtrTable& stable_, Threads& thr_, Collector& gc_,
                 VmStats& stats_)
    : m(mem), los(los_), stable(stable_), thr(thr_), gc(gc_), stats(stats_),
      Sp(reg32(mem, L::reg_addr(L::kRegSp))), SpLim(reg32(mem, L::reg_addr(L::kRegSpLim))),
      Hp(reg32(mem, L::reg_addr(L::kRegHp))), HpLim(reg32(mem, L::reg_addr(L::kRegHpLim))),
      stack_lo(reg32(mem, L::reg_addr(L::kRegStackLo))), stack_hi(reg32(mem, L::reg_addr(L::kRegStackHi))),
      main_stack_hi(reg32(mem, L::reg_addr(L::kRegMainStackHi))), mask(reg32(mem, L::reg_addr(L::kRegMask))),
      cur(reg32(mem, L::kCurrentTso)),
      R(reinterpret_cast<uint64_t*>(mem.span(L::kRegR, 8 * L::kMachineRegs))) {}

// GHC throws StackOverflow / HeapOverflow to the thread; base's top handler reports them.
uint32_t Machine::stack_overflow() const {
  uint32_t e = closure(L::kStackOverflowClosure);
  if (!e) fatal("stack overflow");
  return e;
}

uint32_t Machine::heap_overflow() {
  // Each HeapOverflow the program gets comes with 4 MiB of headroom past the limit, so that
  // its handlers can run (and base's top handler can report it). A program that keeps
  // overflowing without ever getting back under the limit is stopped after a few.
  uint32_t e = closure(L::kHeapOverflowClosure);
  if (!e || gc.heap_overflows() >= kMaxHeapOverflows) fatal("heap exhausted");
  gc.count_heap_overflow();
  return e;
}

// Stacks grow as GHC's do, up to the --stack-size limit (-K), then StackOverflow
// (runtime/stacks.h).
uint32_t Machine::grow_stack(uint32_t need) {
  StackGrowth g = stgvm::grow_stack(m, los, thr, cur, Sp, need, stack_limit());
  if (g.outcome == StackGrowth::Overflow) return stack_overflow();
  if (g.outcome == StackGrowth::NoMemory) return heap_overflow();
  Sp = g.sp;
  stack_lo = thr.half(cur, L::kTsoStackLo);
  stack_hi = thr.half(cur, L::kTsoStackHi);
  SpLim = stack_lo + 8 * L::kStackReserveWords;
  return 0;
}

Machine::Alloc Machine::alloc(uint32_t bytes, uint64_t* const* roots, uint32_t nroots) {
  bytes = (bytes + 7) & ~7u;
  if (!fits(bytes))
    if (uint32_t e = collect(bytes, roots, nroots)) return {0, e};
  uint32_t a = Hp;
  Hp += bytes;
  stats.allocated += bytes;
  if (MemoryObserver* o = m.observer()) o->on_alloc(0, a, bytes);
  std::memset(m.span(a, bytes), 0, bytes);
  return {a, 0};
}

Machine::Alloc Machine::alloc_large(uint32_t bytes, uint32_t align, uint64_t* const* roots, uint32_t nroots) {
  if (align < 16) align = 16;
  if (align & (align - 1)) fatal(("alignment " + std::to_string(align) + " is not a power of two").c_str());
  bytes = (bytes + 15) & ~15u;
  // One object bigger than the whole -M limit can never fit: HeapOverflow at once, as GHC's
  // allocate() does, instead of after the next collection.
  if (uint64_t limit = gc.heap_limit(); limit && bytes > limit) return {0, heap_overflow()};
  // Large allocation counts towards the collection schedule as heap allocation does, so a
  // program churning through big arrays gets its dead ones back.
  bool collected = false;
  if (gc.los_since_gc() + bytes > gc.semi_bytes()) {
    if (uint32_t e = collect(0, roots, nroots)) return {0, e};
    collected = true;
  }
  uint32_t a = los.alloc(bytes, align, L::kArrPayload);
  if (!a && !collected) {
    if (uint32_t e = collect(0, roots, nroots)) return {0, e};
    a = los.alloc(bytes, align, L::kArrPayload);
  }
  if (!a) a = los.alloc_growing(bytes, align, L::kArrPayload);
  if (!a) return {0, heap_overflow()};
  gc.add_los_bytes(bytes);
  stats.allocated += bytes;
  if (MemoryObserver* o = m.observer()) o->on_alloc(0, a, bytes);
  std::memset(m.span(a, bytes), 0, bytes);
  return {a, 0};
}

// The registers that hold heap pointers go to the STG stack first, in frames the collector
// scans like any other, and come back from there: the collector's roots are all in linear
// memory (stacks, TSOs, the runtime page).
uint32_t Machine::collect(uint32_t need, uint64_t* const* regs, uint32_t n, std::vector<uint32_t>* unreachable) {
  for (uint32_t first = 0; first < n; first += L::kSpillFrameValues) {
    uint32_t k = std::min(n - first, L::kSpillFrameValues);
    uint32_t words = 3 + k;
    if (uint32_t e = reserve_stack(words)) return e;  // (raising unwinds the frames pushed so far)
    Sp -= 8 * words;
    m.store64(Sp, info(L::kSpillInfo));
    m.store64(Sp + 8, words);
    m.store64(Sp + 16, k == 64 ? ~uint64_t(0) : (uint64_t(1) << k) - 1);
    for (uint32_t i = 0; i < k; ++i) m.store64(Sp + 24 + 8 * i, *regs[first + i]);
  }
  uint32_t e = collect_heap(need, unreachable);
  for (uint32_t c = (n + L::kSpillFrameValues - 1) / L::kSpillFrameValues; c-- > 0;) {  // top frame first
    uint32_t first = c * L::kSpillFrameValues, k = std::min(n - first, L::kSpillFrameValues);
    for (uint32_t i = 0; i < k; ++i) *regs[first + i] = m.load64(Sp + 24 + 8 * i);
    Sp += 8 * (3 + k);
  }
  return e;
}

void Machine::collect_deadlocked(std::vector<uint32_t>& threads) {
  m.store64(L::reg_addr(L::kRegGcBlock), 0);  // no code is running: no block's CAFs are roots
  collect_heap(0, &threads);
}

uint32_t Machine::collect_heap(uint32_t need, std::vector<uint32_t>* deadlocked) {
  ++stats.gcs;
  // C finalizers of the weaks the last collection found dead run now, before this one (the
  // non-threaded RTS's doIdleGCWork in scheduleDoGC).
  run_dead_c_finalizers(*this);
  if (cur) thr.set_word(cur, L::kTsoSp, Sp);  // the collector walks every stack from its TSO
  Collector::Result r = gc.collect(Hp, need, false, deadlocked);
  Hp = r.hp;
  HpLim = gc.area_end();
  if (r.live > stats.max_heap) stats.max_heap = r.live;
  if (los.live_bytes() > stats.max_large) stats.max_large = los.live_bytes();
  return r.overflow ? heap_overflow() : 0;
}

}  // namespace stgvm
