// The collector of the runtime library (runtime/collector.h) on objects laid out by hand in a
// small memory: what survives and where it goes, sharing and indirections, the non-moving
// space, thread stacks walked by their frames' bitmaps (a non-pointer word that looks like
// a heap address stays as it is), selector thunks, weak pointers, stable names, the -M limit, and that two identical heaps
// collect to identical bytes. Built natively against GoogleTest and for wasm32-wasi.
#include "runtime/collector.h"

#include <cstring>
#include <vector>

#include "runtime/closures.h"
#include "runtime/stable_names.h"
#include "test_api.h"

namespace stgvm {
namespace {

namespace L = layout;

constexpr uint32_t kLosLo = 0x40000, kLosBytes = 0x20000;
constexpr uint32_t kHeapLo = 0x60000, kSemi = 0x10000;

// A machine's memory with a static region of hand-made info tables, the non-moving space,
// two semispaces, and the runtime's views of them.
struct Heap {
  Memory mem{kHeapLo + 2 * kSemi, 8u << 20};
  BlockHeap los{mem, L::kLosState};
  StablePtrTable stable{mem, los};
  Threads thr{mem};
  Collector gc{mem, los, stable, thr};
  uint32_t hp = kHeapLo;
  uint32_t statics = L::kStaticBase;
  // Info tables (static, built by hand the way lower/ lays them out).
  uint32_t con2, con1n, thunk1, ind, arr_words, mut_arr, pap, weak, cfin, tso_info, ret2, stop, raise;

  uint32_t info(uint32_t type, uint32_t ptrs, uint32_t nptrs, uint32_t tag = 0) {
    uint32_t a = statics;
    statics += 8 * L::kFunInfoWords;
    mem.store64(a + L::kInfoEntry, 0);
    mem.store64(a + L::kInfoLayout, uint64_t(ptrs) | (uint64_t(nptrs) << 32));
    mem.store64(a + L::kInfoType, uint64_t(type) | (uint64_t(tag) << 32));
    return a;
  }
  // A RET_SMALL frame info of `words` words (info included) with a one-word bitmap.
  uint32_t frame_info(uint32_t words, uint64_t bits) {
    uint32_t a = info(L::RET_SMALL, 0, 0);
    uint32_t bm = statics;
    statics += 8;
    mem.store64(bm, bits);
    mem.store64(a + L::kInfoLayout, uint64_t(words) | (uint64_t(bm) << 32));
    return a;
  }
  Heap() {
    con2 = info(L::CONSTR, 2, 0, 1);
    con1n = info(L::CONSTR, 0, 1, 2);
    thunk1 = info(L::THUNK, 1, 0);
    ind = info(L::IND, 1, 0);
    arr_words = info(L::ARR_WORDS, 0, 0);
    mut_arr = info(L::MUT_ARR_PTRS_CLEAN, 0, 0);
    pap = info(L::PAP, 0, 0);
    weak = info(L::WEAK, 5, 0);
    cfin = info(L::CONSTR, 1, 4);
    tso_info = info(L::TSO, 0, 0);
    ret2 = frame_info(3, 0b01);  // [info, pointer, non-pointer]
    stop = info(L::STOP_FRAME, 0, 0);
    raise = info(L::THUNK, 1, 0);
    mem.store32(L::kRtsInfoTable + 4 * L::kRaiseInfo, raise);
    los.init(BlockHeap::kBestFit);
    los.add_chunk(kLosLo, kLosBytes);
    stable.init();
    gc.init(kHeapLo, kSemi, statics + 0x1000, 0);
  }
  uint32_t alloc(uint32_t bytes) {
    uint32_t a = hp;
    hp += bytes;
    return a;
  }
  uint32_t cons(uint64_t a, uint64_t b) {
    uint32_t c = alloc(24);
    mem.store64(c, con2);
    mem.store64(c + 8, a);
    mem.store64(c + 16, b);
    return c;
  }
  uint32_t boxed(uint64_t v) {  // a constructor with one non-pointer field
    uint32_t c = alloc(16);
    mem.store64(c, con1n);
    mem.store64(c + 8, v);
    return c;
  }
  uint64_t root(uint64_t p) { return stable.make(p); }
  uint64_t deref(uint64_t sp) { return stable.deref(sp); }
  Collector::Result collect(uint32_t need = 0) {
    Collector::Result r = gc.collect(hp, need);
    hp = r.hp;
    return r;
  }
  bool in_area(uint64_t p) const { return p >= gc.area_lo() && p < gc.area_end(); }
};

class CollectorTest : public ::testing::Test, protected Heap {};

TEST_F(CollectorTest, LiveObjectsMoveWithTheirContentsAndGarbageIsLeftBehind) {
  uint32_t leaf = boxed(42);
  boxed(7);  // garbage
  cons(leaf, leaf);  // garbage pointing at live data
  uint32_t list = cons(leaf, boxed(43));
  uint64_t sp = root(list);
  Collector::Result r = collect();
  EXPECT_FALSE(r.overflow);
  uint32_t moved = uint32_t(deref(sp));
  EXPECT_NE(moved, list);
  EXPECT_TRUE(in_area(moved));
  EXPECT_EQ(info_of(mem, moved), con2);
  uint32_t a = uint32_t(mem.load64(moved + 8)), b = uint32_t(mem.load64(moved + 16));
  EXPECT_EQ(mem.load64(a + 8), 42u);
  EXPECT_EQ(mem.load64(b + 8), 43u);
  // Exactly the three live objects were copied.
  EXPECT_EQ(hp - gc.area_lo(), 24u + 16u + 16u);
}

TEST_F(CollectorTest, SharingIsKeptAndIndirectionsAreShortCut) {
  uint32_t leaf = boxed(5);
  uint32_t i = alloc(16);
  mem.store64(i, ind);
  mem.store64(i + 8, leaf);
  uint64_t sp = root(cons(leaf, i));
  collect();
  uint32_t c = uint32_t(deref(sp));
  EXPECT_EQ(mem.load64(c + 8), mem.load64(c + 16));  // one copy, reached twice
  EXPECT_EQ(info_of(mem, mem.load64(c + 16)), con1n);
  EXPECT_EQ(hp - gc.area_lo(), 24u + 16u);
}

TEST_F(CollectorTest, ArraysAndPapsKeepOnlyTheirPointers) {
  uint32_t x = boxed(1), y = boxed(2);
  uint32_t arr = alloc(L::kArrPayload + 16);
  mem.store64(arr, mut_arr);
  mem.store64(arr + L::kArrSize, 2);
  mem.store64(arr + L::kArrPayload, x);
  mem.store64(arr + L::kArrPayload + 8, y);
  uint32_t bytes = alloc(L::kArrPayload + 8);
  mem.store64(bytes, arr_words);
  mem.store64(bytes + L::kArrSize, 5);
  mem.store64(bytes + L::kArrPayload, 0x0102030405ull);
  uint32_t p = alloc(L::kPapArgs + 16);
  mem.store64(p, pap);
  mem.store64(p + L::kPapFun, arr);
  mem.store64(p + L::kPapNArgs, 2);
  mem.store64(p + L::kPapBitmap, 0b10);
  mem.store64(p + L::kPapArgs, x);  // a non-pointer argument that looks like an address
  mem.store64(p + L::kPapArgs + 8, bytes);
  uint64_t sp = root(p);
  collect();
  uint32_t p2 = uint32_t(deref(sp));
  EXPECT_EQ(mem.load64(p2 + L::kPapArgs), x);  // untouched
  uint32_t arr2 = uint32_t(mem.load64(p2 + L::kPapFun)), bytes2 = uint32_t(mem.load64(p2 + L::kPapArgs + 8));
  EXPECT_TRUE(in_area(arr2));
  EXPECT_EQ(mem.load64(bytes2 + L::kArrPayload), 0x0102030405ull);
  EXPECT_EQ(mem.load64(mem.load64(arr2 + L::kArrPayload + 8) + 8), 2u);
}

TEST_F(CollectorTest, NonMovingObjectsStayPutAndUnreachableOnesAreSwept) {
  uint32_t kept = los.alloc(L::kArrPayload + 8), dropped = los.alloc(L::kArrPayload + 8);
  for (uint32_t o : {kept, dropped}) {
    mem.store64(o, mut_arr);
    mem.store64(o + L::kArrSize, 1);
  }
  uint32_t leaf = boxed(9);
  mem.store64(kept + L::kArrPayload, leaf);
  mem.store64(dropped + L::kArrPayload, leaf);
  uint64_t sp = root(kept);
  uint32_t blocks = los.live_blocks();
  collect();
  EXPECT_EQ(deref(sp), kept);
  EXPECT_TRUE(los.is_block(kept));
  EXPECT_FALSE(los.is_block(dropped));
  EXPECT_EQ(los.live_blocks(), blocks - 1);
  uint32_t leaf2 = uint32_t(mem.load64(kept + L::kArrPayload));
  EXPECT_TRUE(in_area(leaf2));
  EXPECT_EQ(mem.load64(leaf2 + 8), 9u);
}

TEST_F(CollectorTest, AThreadStackIsWalkedByItsFramesBitmaps) {
  uint32_t t = los.alloc(L::kTsoBytes), stack = los.alloc(256);
  std::memset(mem.span(t, L::kTsoBytes), 0, L::kTsoBytes);
  mem.store64(t, tso_info);
  thr.set_state(t, ThreadState::Runnable);
  thr.set_half(t, L::kTsoStackLo, stack);
  thr.set_half(t, L::kTsoStackHi, stack + 256);
  uint32_t sp = stack + 256 - 8 * 4;  // [ret2 frame: info, ptr, word] [stop]
  uint32_t live = boxed(77), lookalike = boxed(78);
  mem.store64(sp, ret2);
  mem.store64(sp + 8, live);
  mem.store64(sp + 16, lookalike);  // an Int# whose value is a heap address
  mem.store64(sp + 24, stop);
  thr.set_word(t, L::kTsoSp, sp);
  thr.add_unfinished(t);
  collect();
  uint32_t moved = uint32_t(mem.load64(sp + 8));
  EXPECT_NE(moved, live);
  EXPECT_EQ(mem.load64(moved + 8), 77u);
  EXPECT_EQ(mem.load64(sp + 16), lookalike);
  EXPECT_EQ(hp - gc.area_lo(), 16u);  // the look-alike was not copied
  EXPECT_TRUE(los.is_block(stack));  // the stack block was marked through its thread
}

TEST_F(CollectorTest, AWeakPointerKeepsItsValueOnlyWhileItsKeyIsReachable) {
  auto make_weak = [&](uint64_t key, uint64_t value) {
    uint32_t w = alloc(L::kWeakBytes);
    mem.store64(w, weak);
    mem.store64(w + L::kWeakKey, key);
    mem.store64(w + L::kWeakValue, value);
    mem.store64(w + L::kWeakFinalizer, 0);
    mem.store64(w + L::kWeakLink, mem.load64(L::kWeakListHead));
    mem.store64(L::kWeakListHead, w);
    return w;
  };
  uint32_t key = boxed(1), dead_key = boxed(2);
  uint64_t w_live = root(make_weak(key, boxed(10)));
  uint64_t w_dead = root(make_weak(dead_key, boxed(20)));
  uint64_t k = root(key);
  collect();
  uint32_t wl = uint32_t(deref(w_live)), wd = uint32_t(deref(w_dead));
  EXPECT_EQ(mem.load64(wl + L::kWeakKey), deref(k));
  EXPECT_EQ(mem.load64(mem.load64(wl + L::kWeakValue) + 8), 10u);
  EXPECT_EQ(mem.load64(wd + L::kWeakKey), 0u);
  EXPECT_EQ(mem.load64(wd + L::kWeakValue), 0u);
  EXPECT_EQ(mem.load64(L::kWeakListHead), wl);  // only the live one stays on the list
  EXPECT_EQ(mem.load64(wl + L::kWeakLink), 0u);
}

// A weak on the list (newest first), as mkWeak# makes it.
uint32_t make_weak(Heap& h, uint64_t key, uint64_t value, uint64_t fin, uint64_t cfins = 0) {
  uint32_t w = h.alloc(L::kWeakBytes);
  h.mem.store64(w, h.weak);
  h.mem.store64(w + L::kWeakKey, key);
  h.mem.store64(w + L::kWeakValue, value);
  h.mem.store64(w + L::kWeakFinalizer, fin);
  h.mem.store64(w + L::kWeakCFinalizers, cfins);
  h.mem.store64(w + L::kWeakLink, h.mem.load64(L::kWeakListHead));
  h.mem.store64(L::kWeakListHead, w);
  return w;
}

TEST_F(CollectorTest, DeadWeaksKeepTheirFinalizersOnTheDeadListInListOrder) {
  uint32_t c = alloc(L::kCFinBytes);  // a C finalizer: (function, pointer) = (0x1234, 0x5678)
  mem.store64(c, cfin);
  mem.store64(c + L::kCFinFn, 0x1234);
  mem.store64(c + L::kCFinPtr, 0x5678);
  uint32_t alive_key = boxed(1);
  make_weak(*this, boxed(2), boxed(20), boxed(200));           // w1: dies, Haskell finalizer
  make_weak(*this, alive_key, boxed(30), boxed(300));          // w2: lives
  make_weak(*this, boxed(4), boxed(40), 0, c);                 // w3: dies, C finalizer only
  make_weak(*this, boxed(5), boxed(50), 0);                    // w4: dies, nothing to run
  uint64_t k = root(alive_key);
  collect();
  uint32_t live = uint32_t(mem.load64(L::kWeakListHead));
  ASSERT_NE(live, 0u);
  EXPECT_EQ(mem.load64(live + L::kWeakKey), deref(k));
  EXPECT_EQ(mem.load64(mem.load64(live + L::kWeakFinalizer) + 8), 300u);
  EXPECT_EQ(mem.load64(live + L::kWeakLink), 0u);
  // Dead, in list order (the newest first): w3, then w1; w4 has nothing to run.
  uint32_t d1 = uint32_t(mem.load64(L::kDeadWeakHead));
  ASSERT_NE(d1, 0u);
  uint32_t d2 = uint32_t(mem.load64(d1 + L::kWeakLink));
  ASSERT_NE(d2, 0u);
  EXPECT_EQ(mem.load64(d2 + L::kWeakLink), 0u);
  EXPECT_EQ(mem.load64(d1 + L::kWeakKey), 0u);
  EXPECT_EQ(mem.load64(mem.load64(d1 + L::kWeakValue) + 8), 40u);  // kept for its C finalizer
  uint32_t c2 = uint32_t(mem.load64(d1 + L::kWeakCFinalizers));
  ASSERT_NE(c2, 0u);
  EXPECT_EQ(mem.load64(c2 + L::kCFinFn), 0x1234u);
  EXPECT_EQ(mem.load64(c2 + L::kCFinPtr), 0x5678u);
  EXPECT_EQ(mem.load64(d2 + L::kWeakKey), 0u);
  EXPECT_EQ(mem.load64(d2 + L::kWeakValue), 0u);  // no C finalizer: the value died
  EXPECT_EQ(mem.load64(mem.load64(d2 + L::kWeakFinalizer) + 8), 200u);
  // The dead list is a root until its finalizers are started.
  collect();
  d1 = uint32_t(mem.load64(L::kDeadWeakHead));
  d2 = uint32_t(mem.load64(d1 + L::kWeakLink));
  EXPECT_EQ(mem.load64(mem.load64(d2 + L::kWeakFinalizer) + 8), 200u);
  EXPECT_EQ(mem.load64(uint32_t(mem.load64(d1 + L::kWeakCFinalizers)) + L::kCFinPtr), 0x5678u);
}

TEST_F(CollectorTest, WeaksThatSurviveChangeOrderAndKeysFollowValues) {
  // GHC's tidyWeakList puts each weak it finds alive at the front of the new list. w2's key
  // is reachable only through w1's value, so it is found alive in the second round.
  uint32_t k1 = boxed(1), k2 = boxed(2), k3 = boxed(3);
  make_weak(*this, k1, k2, 0);
  make_weak(*this, k2, boxed(22), 0);
  make_weak(*this, k3, boxed(33), 0);  // list: w3, w2, w1
  uint64_t r1 = root(k1), r3 = root(k3);
  collect();
  std::vector<uint64_t> keys;
  for (uint64_t w = mem.load64(L::kWeakListHead); w; w = mem.load64(uint32_t(w) + L::kWeakLink))
    keys.push_back(mem.load64(mem.load64(uint32_t(w) + L::kWeakKey) + 8));
  // Round one finds w3 and w1 (in list order, each put in front), round two w2.
  EXPECT_EQ(keys, (std::vector<uint64_t>{2, 1, 3}));
  EXPECT_EQ(mem.load64(L::kDeadWeakHead), 0u);
  (void)r1;
  (void)r3;
}

// CAFs as GHC keeps them: an evaluated CAF's value lives while code that may still enter
// the CAF is alive — a closure whose code's static reference table names it, or the block
// that asked for the collection — and not after.
struct CafHeap : Heap {
  static constexpr uint32_t kBlocks = 8, kFunBlock = 7, kOtherBlock = 6;
  uint32_t caf = 0, fun_info = 0;
  CafHeap() {
    uint32_t ind_static = info(L::IND_STATIC, 1, 0);
    fun_info = info(L::FUN, 0, 0);
    mem.store64(fun_info + L::kInfoEntry, kFunBlock);
    caf = statics;  // a static thunk: [info, indirectee, link]
    statics += 8 * L::kStaticThunkWords;
    uint32_t srt = statics;  // [n, closures…]
    statics += 16;
    mem.store64(srt, 1);
    mem.store64(srt + 8, caf);
    uint32_t table = statics;  // one u32 per block
    statics += 4 * kBlocks;
    mem.store32(table + 4 * kFunBlock, srt);
    uint32_t bitmap = (statics + 7) & ~7u;  // the CAF-reaching static closures
    statics = bitmap + L::StaticTables::bitmap_bytes(caf + 8);
    uint32_t bit = (caf - L::kStaticBase) / 8;
    mem.store64(bitmap + 8 * (bit / 64), uint64_t(1) << (bit % 64));
    gc.init(kHeapLo, kSemi, statics, 0);
    gc.set_static_tables({table, kBlocks, bitmap, caf + 8});
    uint32_t exc = boxed(3);
    uint32_t r = alloc(16);  // the CAF's value: a thunk whose evaluation raised `exc`
    mem.store64(r, raise);
    mem.store64(r + L::kIndirectee, exc);
    mem.store64(caf, ind_static);
    mem.store64(caf + L::kIndirectee, r);
  }
  uint32_t fun() {  // a function closure without free variables whose code uses the CAF
    uint32_t f = alloc(8);
    mem.store64(f, fun_info);
    return f;
  }
  bool caf_value_intact() {
    uint32_t r2 = uint32_t(mem.load64(caf + L::kIndirectee));
    return in_area(r2) && info_of(mem, r2) == raise && mem.load64(mem.load64(r2 + L::kIndirectee) + 8) == 3;
  }
};
class CafTest : public ::testing::Test, protected CafHeap {};

TEST_F(CafTest, ACafLivesWhileAClosureWhoseCodeUsesItLives) {
  uint64_t sp = root(fun());
  collect();
  EXPECT_TRUE(caf_value_intact());
  EXPECT_EQ(mem.load64(caf + L::kStaticLink), 0u);  // (unmarked for the next collection)
  collect();  // (marked and followed again)
  EXPECT_TRUE(caf_value_intact());
  EXPECT_EQ(hp - gc.area_lo(), 8u + 24u + 16u);  // the function, the raise thunk, the exception
  stable.free(sp);
  collect();  // nothing refers to the CAF: its value is not kept
  EXPECT_FALSE(in_area(mem.load64(caf + L::kIndirectee)));
  EXPECT_EQ(hp, gc.area_lo());
}

TEST_F(CafTest, TheBlockThatAskedForTheCollectionKeepsItsCafs) {
  mem.store64(L::reg_addr(L::kRegGcBlock), kFunBlock);
  collect();
  EXPECT_TRUE(caf_value_intact());
  mem.store64(L::reg_addr(L::kRegGcBlock), kOtherBlock);  // a block whose code does not use it
  collect();
  EXPECT_FALSE(in_area(mem.load64(caf + L::kIndirectee)));
}

TEST_F(CafTest, WithoutTablesNoStaticClosureIsFollowed) {
  gc.set_static_tables({});
  uint64_t sp = root(fun());
  collect();
  EXPECT_FALSE(in_area(mem.load64(caf + L::kIndirectee)));
  EXPECT_TRUE(in_area(deref(sp)));
}

TEST_F(CollectorTest, TheLiveHeapLimitIsReportedAsAnOverflow) {
  Collector limited{mem, los, stable, thr};
  limited.init(kHeapLo, kSemi, statics + 0x1000, 1024);  // -M 1 KiB
  uint64_t list = boxed(0);
  for (uint32_t i = 1; i <= 30; ++i) list = cons(boxed(i), list);  // 1.2 KiB
  uint64_t sp = root(list);
  Collector::Result r = limited.collect(hp, 0);
  EXPECT_TRUE(r.overflow);
  EXPECT_EQ(mem.load64(mem.load64(deref(sp) + 8) + 8), 30u);  // the heap is still whole
  EXPECT_EQ(limited.heap_overflows(), 0u);
  limited.count_heap_overflow();  // the program got HeapOverflow: 4 MiB more headroom
  r = limited.collect(r.hp, 0);
  EXPECT_FALSE(r.overflow);
  EXPECT_EQ(limited.heap_overflows(), 1u);  // still over the limit: a further one counts on
  stable.free(sp);
  r = limited.collect(r.hp, 0);
  EXPECT_FALSE(r.overflow);
  EXPECT_EQ(r.live, los.live_bytes());  // only the stable-pointer table
  EXPECT_EQ(limited.heap_overflows(), 0u);  // back under the limit: a new overflow starts over
}

TEST_F(CollectorTest, ARequestBiggerThanTheSemispaceGrowsToSpace) {
  uint64_t sp = root(boxed(11));
  Collector::Result r = collect(3 * kSemi);
  EXPECT_FALSE(r.overflow);
  EXPECT_GE(gc.area_end() - hp, 3 * kSemi);
  EXPECT_EQ(mem.load64(deref(sp) + 8), 11u);
}

TEST(CollectorDeterminism, TheSameHeapCollectsToTheSameBytes) {
  auto run = [](Heap& h) {
    uint64_t list = 0;
    std::vector<uint64_t> roots;
    for (uint32_t i = 0; i < 300; ++i) {
      uint32_t x = h.boxed(i);
      if (i % 3) list = h.cons(x, list ? list : x);
      if (i % 50 == 0) roots.push_back(h.root(list ? list : x));
    }
    h.collect();
    h.collect();  // and back: both semispaces used
    uint32_t n = h.mem.size() - L::kRuntimeBase;
    const uint8_t* p = h.mem.span(L::kRuntimeBase, n);
    return std::vector<uint8_t>(p, p + n);
  };
  Heap a, b;
  std::vector<uint8_t> x = run(a), y = run(b);
  EXPECT_EQ(a.hp, b.hp);
  EXPECT_GT(a.hp - a.gc.area_lo(), 100u * 16u);
  EXPECT_TRUE(x == y);
}

// Selector thunks (GHC's THUNK_SELECTOR): [info, pad, selectee]; the info's high word is
// the constructor tag << 16 | the payload word selected.
struct Selectors : Heap {
  uint32_t sel(uint32_t tag, uint32_t slot) { return info(L::THUNK_SELECTOR, 1, 0, tag << 16 | slot); }
  uint32_t thunk(uint32_t info, uint64_t selectee) {
    uint32_t t = alloc(24);
    mem.store64(t, info);
    mem.store64(t + 8, 0xdead);  // the padding word holds anything
    mem.store64(t + 16, selectee);
    return t;
  }
  uint64_t value_of(uint64_t sp) { return mem.load64(deref(sp) + 8); }  // a boxed value's field
};
class SelectorTest : public ::testing::Test, protected Selectors {};

TEST_F(SelectorTest, ASelectorOfAnEvaluatedConstructorBecomesTheField) {
  uint32_t fst = sel(1, 0), snd = sel(1, 1);
  uint32_t pair = cons(boxed(10), boxed(20));
  uint32_t i = alloc(16);  // reached through an indirection, as after an update
  mem.store64(i, ind);
  mem.store64(i + 8, pair);
  uint64_t a = root(thunk(fst, pair)), b = root(thunk(snd, i)), a2 = root(thunk(fst, pair));
  collect();
  EXPECT_EQ(info_of(mem, deref(a)), con1n);
  EXPECT_EQ(value_of(a), 10u);
  EXPECT_EQ(value_of(b), 20u);
  EXPECT_EQ(deref(a2), deref(a));  // one copy of the field
  EXPECT_EQ(hp - gc.area_lo(), 16u + 16u);  // neither the pair nor the thunks were kept
}

TEST_F(SelectorTest, ThunksWhoseSelecteeIsNotTheExpectedValueStay) {
  uint32_t pair = cons(boxed(1), boxed(2));
  uint32_t lazy = alloc(24);  // an unevaluated thunk
  mem.store64(lazy, thunk1);
  mem.store64(lazy + 16, pair);
  uint64_t unevaluated = root(thunk(sel(1, 0), lazy));
  uint64_t other_con = root(thunk(sel(3, 0), pair));     // a constructor of another tag
  uint64_t not_ptr = root(thunk(sel(2, 0), boxed(5)));  // con1n's field is not a pointer
  collect();
  for (uint64_t sp : {unevaluated, other_con, not_ptr}) EXPECT_EQ(type_of_info(mem, info_of(mem, deref(sp))), uint32_t(L::THUNK_SELECTOR));
  EXPECT_EQ(info_of(mem, mem.load64(deref(unevaluated) + 16)), thunk1);
  EXPECT_EQ(mem.load64(mem.load64(deref(not_ptr) + 16) + 8), 5u);
}

// A lazy `break`'s back half: each pair's second field is a selector of the next pair. The
// whole chain, far longer than the nesting limit, goes in one collection.
TEST_F(SelectorTest, AChainOfSelectorsCollapsesToItsEndInOneCollection) {
  uint32_t snd = sel(1, 1);
  uint64_t next = boxed(999);
  std::vector<uint64_t> roots;
  for (int k = 0; k < 200; ++k) {
    uint32_t t = thunk(snd, cons(boxed(k), next));
    next = t;
    if (k % 50 == 0) roots.push_back(root(t));
  }
  uint64_t head = root(next);
  collect();
  EXPECT_EQ(value_of(head), 999u);
  for (uint64_t sp : roots) EXPECT_EQ(deref(sp), deref(head));
  EXPECT_EQ(hp - gc.area_lo(), 16u);
}

TEST_F(SelectorTest, ASelectorOfASelectorIsEvaluatedToo) {
  uint32_t fst = sel(1, 0);
  uint32_t outer = cons(cons(boxed(1), boxed(2)), boxed(3));
  uint64_t sp = root(thunk(fst, thunk(fst, outer)));
  collect();
  EXPECT_EQ(value_of(sp), 1u);
  EXPECT_EQ(hp - gc.area_lo(), 16u);
}

// `let p = (x, 0); x = fst p`: x selects itself. The loop stays a thunk (entering it is
// <<loop>>), and the collection ends.
TEST_F(SelectorTest, ASelectorLoopStaysAThunk) {
  uint32_t fst = sel(1, 0);
  uint32_t p = cons(0, boxed(0));
  uint32_t x = thunk(fst, p);
  mem.store64(p + 8, x);
  uint32_t q = cons(0, boxed(0));  // and a loop through two selectors
  uint32_t y = thunk(fst, q), z = thunk(fst, cons(y, boxed(0)));
  mem.store64(q + 8, z);
  uint64_t sx = root(x), sy = root(y);
  collect();
  uint32_t x2 = uint32_t(deref(sx));
  EXPECT_EQ(info_of(mem, x2), fst);
  EXPECT_EQ(mem.load64(mem.load64(x2 + 16) + 8), x2);
  EXPECT_EQ(info_of(mem, deref(sy)), fst);
  collect();  // and again, from the copies
  EXPECT_EQ(info_of(mem, deref(sx)), fst);
  EXPECT_EQ(info_of(mem, deref(sy)), fst);
}

// Stable names (runtime/stable_names.h): the table holds objects weakly and its STABLE_NAME
// objects decide how long an entry lives.
class StableNameTest : public CollectorTest {
 protected:
  StableNameTable names{mem, los};
  // A name for `p` as makeStableName# makes one: its STABLE_NAME object (a one-word
  // constructor holding the index), then the entry.
  uint32_t name(uint64_t p) {
    uint32_t o = boxed(0);
    uint32_t i = names.insert(p);
    EXPECT_NE(i, 0u);
    mem.store64(o + 8, i);
    names.set_object(i, o);
    return o;
  }
  uint32_t index(uint64_t sn_obj) { return uint32_t(mem.load64(uint32_t(sn_obj) + 8)); }
};

TEST_F(StableNameTest, NamesAreNumberedFromOneAndFoundAgainAfterTheirObjectsMove) {
  uint32_t a = boxed(1), b = boxed(2);
  uint64_t ra = root(a), rb = root(b);
  uint64_t na = root(name(a)), nb = root(name(b));
  EXPECT_EQ(index(deref(na)), 1u);
  EXPECT_EQ(index(deref(nb)), 2u);
  EXPECT_EQ(names.lookup(a), 1u);
  collect();
  ASSERT_NE(deref(ra), a);  // moved
  EXPECT_EQ(names.lookup(deref(ra)), 1u);
  EXPECT_EQ(names.lookup(deref(rb)), 2u);
  EXPECT_EQ(names.lookup(a), 0u);  // the old address names nothing any more
  EXPECT_EQ(names.object(1), deref(na));  // the STABLE_NAME objects moved too
  EXPECT_EQ(names.object(2), deref(nb));
}

TEST_F(StableNameTest, AnEntryLivesAsLongAsItsNameAndIsReusedAfterwards) {
  uint32_t a = boxed(1), b = boxed(2);
  uint64_t ra = root(a), rb = root(b);
  uint64_t na = root(name(a));
  name(b);  // nobody keeps b's name
  collect();
  EXPECT_EQ(names.lookup(deref(ra)), 1u);
  EXPECT_EQ(names.lookup(deref(rb)), 0u);  // entry 2 was freed with its name
  uint32_t c = boxed(3);
  uint64_t nc = root(name(c));
  EXPECT_EQ(index(deref(nc)), 2u);  // and is the next one given out
  EXPECT_EQ(index(deref(na)), 1u);
}

TEST_F(StableNameTest, TheObjectIsHeldWeakly) {
  uint32_t a = boxed(1);
  uint64_t na = root(name(a));  // the name is kept, the object is not
  collect();
  EXPECT_EQ(names.object(1), deref(na));
  EXPECT_EQ(names.lookup(a), 0u);
  uint32_t b = boxed(2);
  EXPECT_EQ(index(name(b)), 2u);  // entry 1 still belongs to the live name
}

TEST_F(StableNameTest, TheTablesGrowAndKeepEveryName) {
  std::vector<uint64_t> objs, sns;
  for (uint32_t i = 0; i < 200; ++i) {
    uint32_t o = boxed(i);
    objs.push_back(root(o));
    sns.push_back(root(name(o)));
  }
  collect();
  for (uint32_t i = 0; i < 200; ++i) {
    EXPECT_EQ(names.lookup(deref(objs[i])), i + 1);
    EXPECT_EQ(index(deref(sns[i])), i + 1);
  }
}

}  // namespace
}  // namespace stgvm
