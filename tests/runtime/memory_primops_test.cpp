// The primops over memory in the runtime library (runtime/memory_primops.h), called directly on
// the rig's machine: what each family builds in memory, and how its allocations collect (the
// caller's live words and pointer arguments follow their objects) or give HeapOverflow.
// Bounds checks of every family are tested through the interpreter
// (tests/interp/memory_primops_test.cpp). Built natively against GoogleTest and for wasm32-wasi.
#include "runtime/memory_primops.h"

#include <array>
#include <cstdint>
#include <vector>
#include <initializer_list>
#include <string>

#include "machine_rig.h"
#include "primops/primop_table.h"
#include "runtime/finalizers.h"
#include "runtime/trap.h"
#include "test_api.h"

namespace stgvm {
namespace {

namespace L = layout;

constexpr uint64_t kUnset = 0xDEADBEEFDEADBEEFull;  // a result the primop did not write

class RuntimeMemoryPrimops : public ::testing::Test, protected test_rig::MachineRig {
 protected:
  uint64_t args[8] = {}, res[4] = {};
  // A static nullary constructor: a pointer element that never moves.
  uint32_t unit = static_closure(con0);

  static uint32_t id(const char* name) {
    const primops::PrimOpDesc* d = primops::find_primop(name);
    return d ? uint32_t(d->id) : 0xFFFFu;
  }
  // Runs primop `name`; bit i of `ptrs`: args[i] is a heap pointer. `args` and the `live` words
  // come back as a collection left them.
  uint32_t call(const char* name, std::initializer_list<uint64_t> a, uint64_t ptrs = 0,
                std::initializer_list<uint64_t*> live = {}) {
    const primops::PrimOpDesc* d = primops::find_primop(name);
    if (!d) {
      ADD_FAILURE() << "no primop " << name;
      return 0;
    }
    uint32_t n = 0;
    for (uint64_t v : a) args[n++] = v;
    for (uint64_t& r : res) r = kUnset;
    // The live words go into the executor's frame, and come back from it.
    uint64_t frame[8];
    uint32_t idx[8], k = 0;
    for (uint64_t* w : live) frame[k] = *w, idx[k] = k, ++k;
    PrimOperands o{args, n, ptrs, res, d->n_results, frame, idx, k};
    uint32_t r = memory_primop(M, uint32_t(d->id), o);
    k = 0;
    for (uint64_t* w : live) *w = frame[k++];
    return r;
  }
  // A primop that must succeed: its first result.
  uint64_t call1(const char* name, std::initializer_list<uint64_t> a, uint64_t ptrs = 0,
                 std::initializer_list<uint64_t*> live = {}) {
    uint32_t r = call(name, a, ptrs, live);
    EXPECT_EQ(r, 0u) << name;
    return res[0];
  }
  uint64_t word(uint64_t addr, uint32_t off = 0) const { return mem.load64(uint32_t(addr) + off); }
  uint64_t elem(uint64_t arr, uint32_t i) const { return word(arr, L::kArrPayload + 8 * i); }
};

TEST_F(RuntimeMemoryPrimops, ByteArrayWriteReadAndSize) {
  uint64_t a = call1("newByteArray#", {24});
  ASSERT_TRUE(in_area(a));
  EXPECT_EQ(info_of(mem, a), M.info(L::kArrWordsInfo));
  EXPECT_EQ(M.Hp, a + L::kArrPayload + 24);
  EXPECT_EQ(call1("sizeofByteArray#", {a}), 24u);
  EXPECT_EQ(call1("sizeofMutableByteArray#", {a}), 24u);
  EXPECT_EQ(call("writeIntArray#", {a, 2, uint64_t(-5)}), 0u);
  EXPECT_EQ(call("writeIntArray#", {a, 0, 77}), 0u);
  EXPECT_EQ(call1("readIntArray#", {a, 2}), uint64_t(-5));
  EXPECT_EQ(call1("readIntArray#", {a, 0}), 77u);
  EXPECT_EQ(call1("readIntArray#", {a, 1}), 0u);  // new arrays come zeroed
  EXPECT_EQ(word(a, L::kArrPayload + 16), uint64_t(-5));
  EXPECT_EQ(call1("isByteArrayPinned#", {a}), 0u);
  EXPECT_EQ(call1("isMutableByteArrayPinned#", {a}), 0u);
}

// The interpreter's direct path for newByteArray#: the same object as the primop's, or 0
// (then the primop decides) for a large array or a nursery without room, with nothing done.
TEST_F(RuntimeMemoryPrimops, NewByteArrayInTheNurseryIsThePrimopsCommonCase) {
  uint32_t hp = M.Hp;
  uint32_t a = new_byte_array_in_nursery(M, 20);
  ASSERT_EQ(a, hp);
  EXPECT_EQ(info_of(mem, a), M.info(L::kArrWordsInfo));
  EXPECT_EQ(call1("sizeofByteArray#", {a}), 20u);
  EXPECT_EQ(M.Hp, a + L::kArrPayload + 24);  // whole words, as GHC allocates
  for (uint32_t i = 0; i < 3; ++i) EXPECT_EQ(call1("readWordArray#", {a, i}), 0u);
  uint64_t b = call1("newByteArray#", {20});
  EXPECT_EQ(M.Hp, b + L::kArrPayload + 24);
  for (uint32_t off = 0; off < L::kArrPayload + 24; off += 8) EXPECT_EQ(word(a, off), word(b, off)) << off;

  hp = M.Hp;
  EXPECT_EQ(new_byte_array_in_nursery(M, L::kLargeObjectBytes - L::kArrPayload), 0u);  // header and all: large
  EXPECT_EQ(new_byte_array_in_nursery(M, uint64_t(-1)), 0u);
  EXPECT_EQ(M.Hp, hp);
  fill_heap();
  hp = M.Hp;
  EXPECT_EQ(new_byte_array_in_nursery(M, 8), 0u);
  EXPECT_EQ(M.Hp, hp);
  EXPECT_EQ(stats.gcs, 0u);
}

// The executors' direct path: an access decoded once (elem_access_of), then elem_access.
TEST_F(RuntimeMemoryPrimops, DecodedElementAccessesReadAndWriteLikeThePrimops) {
  ElemAccess w32 = elem_access_of(id("writeWord8ArrayAsInt32#"));
  ElemAccess r32 = elem_access_of(id("readWord8ArrayAsInt32#"));
  ElemAccess r8 = elem_access_of(id("indexInt8Array#"));
  ElemAccess rw8 = elem_access_of(id("readWord8Array#"));
  ElemAccess addr = elem_access_of(id("indexWord16OffAddr#"));
  for (ElemAccess a : {w32, r32, r8, rw8, addr}) ASSERT_NE(a, 0u);
  EXPECT_TRUE(elem_access_writes(w32));
  EXPECT_FALSE(elem_access_writes(r32));
  EXPECT_EQ(elem_access_of(id("newByteArray#")), 0u);
  EXPECT_EQ(elem_access_of(id("+#")), 0u);
  // The call-site shapes the executors may take directly: reads one result, writes none.
  EXPECT_EQ(elem_access_at(id("readWord8ArrayAsInt32#"), 1, 2), r32);
  EXPECT_EQ(elem_access_at(id("readWord8ArrayAsInt32#"), 0, 2), 0u);
  EXPECT_EQ(elem_access_at(id("writeWord8ArrayAsInt32#"), 0, 3), w32);
  EXPECT_EQ(elem_access_at(id("writeWord8ArrayAsInt32#"), 0, 2), 0u);

  uint64_t a = call1("newByteArray#", {16});
  elem_access(mem, w32, a, 3, 0xFFFFFF85u);  // a byte offset: bytes 3..6
  EXPECT_EQ(elem_access(mem, r32, a, 3, 0), uint64_t(int64_t(int32_t(0xFFFFFF85u))));  // sign-extended
  EXPECT_EQ(elem_access(mem, r8, a, 3, 0), uint64_t(-123));
  EXPECT_EQ(elem_access(mem, rw8, a, 3, 0), 0x85u);
  EXPECT_EQ(elem_access(mem, rw8, a, 7, 0), 0u);
  EXPECT_EQ(call1("readWord8ArrayAsInt32#", {a, 3}), elem_access(mem, r32, a, 3, 0));
  uint32_t p = uint32_t(a) + L::kArrPayload + 2;  // Addr#: element 1 (bytes 4, 5) from here
  EXPECT_EQ(elem_access(mem, addr, p, 1, 0), 0xFFFFu);
#if !defined(__wasm__)
  EXPECT_THROW(elem_access(mem, r32, a, 13, 0), RuntimeFatal);  // bytes 13..16 of 16
#endif
  // Sizes, MutVar# values and freezes: the object and no index.
  ElemAccess size = elem_access_at(id("getSizeofMutableByteArray#"), 1, 1);
  ElemAccess freeze = elem_access_at(id("unsafeFreezeByteArray#"), 1, 1);
  ElemAccess rd = elem_access_at(id("readMutVar#"), 1, 1);
  ElemAccess wr = elem_access_at(id("writeMutVar#"), 0, 2);
  for (ElemAccess x : {size, freeze, rd, wr}) ASSERT_NE(x, 0u);
  EXPECT_EQ(elem_access_args(wr).val, 1);
  EXPECT_EQ(elem_access_args(rd).off, -1);
  EXPECT_EQ(elem_access(mem, size, a, 0, 0), 16u);
  EXPECT_EQ(elem_access(mem, freeze, a, 0, 0), a);
  uint64_t mv = call1("newMutVar#", {unit}, 1, {&a});  // (a collection would move `a`)
  elem_access(mem, wr, mv, 0, a);
  EXPECT_EQ(elem_access(mem, rd, mv, 0, 0), a);
  EXPECT_EQ(call1("readMutVar#", {mv}, 1), a);
}

// 409 words and up is a large object (layout::is_large_object), header included.
TEST_F(RuntimeMemoryPrimops, PinnedAndLargeByteArraysLiveInTheNonMovingSpace) {
  uint64_t small = call1("newByteArray#", {408 * 8 - 16});
  EXPECT_TRUE(in_area(small));
  EXPECT_EQ(call1("isByteArrayPinned#", {small}), 0u);
  uint64_t large = call1("newByteArray#", {408 * 8 - 15});
  EXPECT_TRUE(los.is_block(uint32_t(large)));
  EXPECT_FALSE(in_area(large));
  EXPECT_EQ(call1("isByteArrayPinned#", {large}), 1u);
  EXPECT_EQ(call1("sizeofByteArray#", {large}), 408u * 8 - 15);
  EXPECT_EQ(info_of(mem, large), M.info(L::kArrWordsInfo));
  uint64_t pinned = call1("newPinnedByteArray#", {10});
  EXPECT_TRUE(los.is_block(uint32_t(pinned)));
  EXPECT_EQ(call1("isMutableByteArrayPinned#", {pinned}), 1u);
  EXPECT_EQ(call1("byteArrayContents#", {pinned}), pinned + L::kArrPayload);
  uint64_t aligned = call1("newAlignedPinnedByteArray#", {100, 256});
  EXPECT_EQ(call1("isByteArrayPinned#", {aligned}), 1u);
  EXPECT_EQ(call1("byteArrayContents#", {aligned}) % 256, 0u);
  EXPECT_EQ(call("writeIntArray#", {aligned, 12, 9}), 0u);
  EXPECT_EQ(call1("readIntArray#", {aligned, 12}), 9u);
}

TEST_F(RuntimeMemoryPrimops, ArraysWriteReadCopyAndClone) {
  uint64_t a = call1("newArray#", {5, unit}, 0b10);
  ASSERT_TRUE(in_area(a));
  EXPECT_EQ(info_of(mem, a), M.info(L::kMutArrInfo));
  EXPECT_EQ(call1("sizeofMutableArray#", {a}), 5u);
  for (uint32_t i = 0; i < 5; ++i) EXPECT_EQ(elem(a, i), unit) << "element " << i;
  uint64_t b[5];
  for (uint32_t i = 0; i < 5; ++i) {
    b[i] = boxed(100 + i);
    EXPECT_EQ(call("writeArray#", {a, i, b[i]}, 0b101), 0u);
  }
  EXPECT_EQ(call1("readArray#", {a, 3}, 0b1), b[3]);
  EXPECT_EQ(call1("readArray#", {a, 0}, 0b1), b[0]);

  uint64_t d = call1("newArray#", {5, unit}, 0b10);
  EXPECT_EQ(call("copyArray#", {a, 1, d, 2, 3}, 0b101), 0u);
  EXPECT_EQ(elem(d, 0), unit);
  EXPECT_EQ(elem(d, 1), unit);
  EXPECT_EQ(elem(d, 2), b[1]);
  EXPECT_EQ(elem(d, 3), b[2]);
  EXPECT_EQ(elem(d, 4), b[3]);
  EXPECT_EQ(elem(a, 1), b[1]);  // the source is unchanged

  uint64_t c = call1("cloneArray#", {a, 1, 3}, 0b1);
  ASSERT_TRUE(in_area(c));
  EXPECT_NE(c, a);
  EXPECT_EQ(info_of(mem, c), M.info(L::kMutArrInfo));
  EXPECT_EQ(call1("sizeofArray#", {c}), 3u);
  for (uint32_t i = 0; i < 3; ++i) EXPECT_EQ(elem(c, i), b[1 + i]) << "element " << i;
  EXPECT_EQ(call("writeArray#", {c, 0, unit}, 0b101), 0u);  // a fresh object: `a` keeps its element
  EXPECT_EQ(elem(a, 1), b[1]);

  // Overlapping copy within one array: as memmove.
  EXPECT_EQ(call("copyMutableArray#", {a, 0, a, 1, 3}, 0b101), 0u);
  uint64_t want[5] = {b[0], b[0], b[1], b[2], b[4]};
  for (uint32_t i = 0; i < 5; ++i) EXPECT_EQ(elem(a, i), want[i]) << "element " << i;
}

TEST_F(RuntimeMemoryPrimops, NewByteArrayWithTheHeapFullCollectsAndTheLiveWordsFollow) {
  uint64_t keep = boxed(42);
  boxed(7);  // garbage
  uint64_t old = keep;
  uint32_t sp = M.Sp;
  fill_heap();
  ASSERT_EQ(call("newByteArray#", {100}, 0, {&keep}), 0u);
  EXPECT_EQ(stats.gcs, 1u);
  EXPECT_EQ(M.Sp, sp);
  EXPECT_NE(keep, old);
  ASSERT_TRUE(in_area(keep));
  EXPECT_EQ(info_of(mem, keep), boxed_info);
  EXPECT_EQ(word(keep, 8), 42u);
  uint64_t a = res[0];
  EXPECT_EQ(a, gc.area_lo() + 16u);  // right after the one live object
  EXPECT_EQ(info_of(mem, a), M.info(L::kArrWordsInfo));
  EXPECT_EQ(call1("sizeofByteArray#", {a}), 100u);
  EXPECT_EQ(M.Hp, a + L::kArrPayload + 104);
  EXPECT_EQ(call("writeIntArray#", {a, 11, 5}), 0u);
  EXPECT_EQ(call1("readIntArray#", {a, 11}), 5u);
  EXPECT_EQ(word(keep, 8), 42u);  // the write stayed inside the array
}

TEST_F(RuntimeMemoryPrimops, NewMutVarWithTheHeapFullKeepsItsArgument) {
  uint64_t keep = cons(boxed(1), boxed(2));
  uint64_t v = boxed(99), old_v = v, old_keep = keep;
  boxed(8);  // garbage
  fill_heap();
  ASSERT_EQ(call("newMutVar#", {v}, 0b1, {&keep}), 0u);
  EXPECT_EQ(stats.gcs, 1u);
  uint64_t moved = args[0];
  EXPECT_NE(moved, old_v);
  ASSERT_TRUE(in_area(moved));
  EXPECT_EQ(word(moved, 8), 99u);
  EXPECT_NE(keep, old_keep);
  ASSERT_TRUE(in_area(keep));
  EXPECT_EQ(word(word(keep, 8), 8), 1u);
  EXPECT_EQ(word(word(keep, 16), 8), 2u);
  uint64_t mv = res[0];
  ASSERT_TRUE(in_area(mv));
  EXPECT_EQ(info_of(mem, mv), M.info(L::kMutVarInfo));
  EXPECT_EQ(word(mv, L::kMutVarValue), moved);
  EXPECT_EQ(call1("readMutVar#", {mv}, 0b1), moved);
}

// The init value of newArray# is a pointer argument: a collection moves it, and the new
// array's elements must be the moved object, not the old address.
TEST_F(RuntimeMemoryPrimops, NewArrayWithTheHeapFullFillsItWithTheMovedInitValue) {
  for (const char* op : {"newArray#", "newSmallArray#"}) {
    uint64_t init = boxed(31), old_init = init;
    fill_heap();
    ASSERT_EQ(call(op, {4, init}, 0b10), 0u) << op;
    EXPECT_NE(args[1], old_init) << op;
    ASSERT_TRUE(in_area(args[1])) << op;
    EXPECT_EQ(word(args[1], 8), 31u) << op;
    uint64_t a = res[0];
    ASSERT_TRUE(in_area(a)) << op;
    for (uint32_t i = 0; i < 4; ++i) EXPECT_EQ(elem(a, i), args[1]) << op << ", element " << i;
  }
  EXPECT_EQ(stats.gcs, 2u);
}

TEST_F(RuntimeMemoryPrimops, CloneArrayWithTheHeapFullCopiesTheMovedElements) {
  uint64_t a = call1("newArray#", {3, unit}, 0b10);
  for (uint32_t i = 0; i < 3; ++i) ASSERT_EQ(call("writeArray#", {a, i, boxed(10 + i)}, 0b101), 0u);
  uint64_t old_a = a;
  fill_heap();
  ASSERT_EQ(call("cloneMutableArray#", {a, 0, 3}, 0b1, {&a}), 0u);
  EXPECT_EQ(stats.gcs, 1u);
  EXPECT_NE(a, old_a);
  ASSERT_TRUE(in_area(a));
  uint64_t c = res[0];
  ASSERT_TRUE(in_area(c));
  EXPECT_NE(c, a);
  for (uint32_t i = 0; i < 3; ++i) {
    EXPECT_TRUE(in_area(elem(c, i))) << "element " << i;
    EXPECT_EQ(elem(c, i), elem(a, i)) << "element " << i;
    EXPECT_EQ(word(elem(c, i), 8), 10u + i) << "element " << i;
  }
}

// -M: live data (21 byte arrays of 3000 bytes, held by an array) leaves no room for one more.
TEST_F(RuntimeMemoryPrimops, UnderTheHeapLimitAnAllocationThatCannotFitIsAHeapOverflow) {
  gc.init(kHeapLo, kSemi, kStaticEnd, kSemi);
  M.Hp = gc.area_lo();
  M.HpLim = gc.area_end();
  constexpr uint32_t n = 21, bytes = 3000;
  uint64_t arr = call1("newArray#", {n, unit}, 0b10);
  for (uint32_t i = 0; i < n; ++i) {
    uint64_t b = call1("newByteArray#", {bytes}, 0, {&arr});
    ASSERT_NE(b, 0u) << "array " << i;
    ASSERT_EQ(call("writeIntArray#", {b, 0, 1000 + i}), 0u);
    ASSERT_EQ(call("writeArray#", {arr, i, b}, 0b101), 0u);
  }
  ASSERT_EQ(gc.heap_overflows(), 0u);
  uint32_t live = L::kArrPayload + 8 * n + n * (L::kArrPayload + bytes);
  ASSERT_LE(live, kSemi);
  ASSERT_GT(live + L::kArrPayload + bytes, kSemi);
  uint32_t sp = M.Sp, size = mem.size();
  fill_heap();
  EXPECT_EQ(call("newByteArray#", {bytes}, 0, {&arr}), heap_overflow_exc);
  EXPECT_EQ(res[0], 0u);  // no array
  EXPECT_EQ(gc.heap_overflows(), 1u);
  EXPECT_EQ(mem.size(), size);
  EXPECT_EQ(M.Sp, sp);
  EXPECT_EQ(M.Hp, gc.area_lo() + live);  // only what survived: nothing allocated
  EXPECT_LE(M.Hp, M.HpLim);
  ASSERT_TRUE(in_area(arr));
  for (uint32_t i = 0; i < n; ++i) {
    uint64_t b = elem(arr, i);
    ASSERT_TRUE(in_area(b)) << "array " << i;
    EXPECT_EQ(call1("sizeofByteArray#", {b}), bytes) << "array " << i;
    EXPECT_EQ(call1("readIntArray#", {b, 0}), 1000u + i) << "array " << i;
  }
}

TEST_F(RuntimeMemoryPrimops, AtomicModifyMutVar2InstallsASelectorOverAnAp) {
  uint64_t old = boxed(5), f = static_closure(fun_info(1, 400));
  uint64_t mv = call1("newMutVar#", {old}, 0b1);
  ASSERT_EQ(call("atomicModifyMutVar2#", {mv, f}, 0b11), 0u);
  EXPECT_EQ(res[0], old);
  uint64_t ap = res[1];
  ASSERT_TRUE(in_area(ap));
  EXPECT_EQ(info_of(mem, ap), M.info(L::kApInfo));
  EXPECT_EQ(word(ap, 16), f);
  EXPECT_EQ(word(ap, 24), old);
  uint64_t sel = word(mv, L::kMutVarValue);
  ASSERT_TRUE(in_area(sel));
  EXPECT_NE(sel, ap);
  EXPECT_EQ(info_of(mem, sel), M.info(L::kSelInfo));
  EXPECT_EQ(word(sel, 16), ap);
}

// Room for the AP but not the selector: the collection between them must move the AP too.
TEST_F(RuntimeMemoryPrimops, AtomicModifyMutVar2CollectingBetweenItsAllocationsKeepsTheAp) {
  uint64_t f = static_closure(fun_info(1, 400));
  uint64_t mv = call1("newMutVar#", {boxed(5)}, 0b1);
  uint64_t old_mv = mv;
  M.Hp = M.HpLim - 32;
  ASSERT_EQ(call("atomicModifyMutVar2#", {mv, f}, 0b11), 0u);
  EXPECT_EQ(stats.gcs, 1u);
  mv = args[0];
  EXPECT_NE(mv, old_mv);
  ASSERT_TRUE(in_area(mv));
  uint64_t ap = res[1];
  ASSERT_TRUE(in_area(ap));
  EXPECT_EQ(info_of(mem, ap), M.info(L::kApInfo));
  EXPECT_EQ(word(ap, 16), f);
  uint64_t old = word(ap, 24);
  ASSERT_TRUE(in_area(old));
  EXPECT_EQ(word(old, 8), 5u);
  EXPECT_EQ(res[0], old);
  uint64_t sel = word(mv, L::kMutVarValue);
  ASSERT_TRUE(in_area(sel));
  EXPECT_EQ(info_of(mem, sel), M.info(L::kSelInfo));
  EXPECT_EQ(word(sel, 16), ap);
}

TEST_F(RuntimeMemoryPrimops, MVarNonBlockingOperations) {
  uint64_t mv = call1("newMVar#", {});
  ASSERT_TRUE(in_area(mv));
  EXPECT_EQ(info_of(mem, mv), M.info(L::kMVarInfo));
  EXPECT_EQ(call1("isEmptyMVar#", {mv}, 0b1), 1u);
  EXPECT_EQ(call("tryReadMVar#", {mv}, 0b1), 0u);
  EXPECT_EQ(res[0], 0u);
  EXPECT_EQ(call("tryTakeMVar#", {mv}, 0b1), 0u);
  EXPECT_EQ(res[0], 0u);
  uint64_t x = boxed(1), y = boxed(2);
  EXPECT_EQ(call1("tryPutMVar#", {mv, x}, 0b11), 1u);
  EXPECT_EQ(call1("tryPutMVar#", {mv, y}, 0b11), 0u);  // full: y is not put
  EXPECT_EQ(word(mv, L::kMVarValue), x);
  EXPECT_EQ(call1("isEmptyMVar#", {mv}, 0b1), 0u);
  EXPECT_EQ(call("tryReadMVar#", {mv}, 0b1), 0u);
  EXPECT_EQ(res[0], 1u);
  EXPECT_EQ(res[1], x);
  EXPECT_EQ(word(mv, L::kMVarValue), x);  // reading leaves it full
  EXPECT_EQ(call("tryTakeMVar#", {mv}, 0b1), 0u);
  EXPECT_EQ(res[0], 1u);
  EXPECT_EQ(res[1], x);
  EXPECT_EQ(call1("isEmptyMVar#", {mv}, 0b1), 1u);
  EXPECT_EQ(call("tryTakeMVar#", {mv}, 0b1), 0u);
  EXPECT_EQ(res[0], 0u);
  EXPECT_EQ(call1("tryPutMVar#", {mv, y}, 0b11), 1u);
  EXPECT_EQ(word(mv, L::kMVarValue), y);
}

TEST_F(RuntimeMemoryPrimops, WeakPointersLinkDerefAndFinalize) {
  EXPECT_EQ(mem.load64(L::kWeakListHead), 0u);
  uint64_t k1 = boxed(1), v1 = boxed(2), fin = static_closure(fun_info(1, 400));
  uint64_t w1 = call1("mkWeak#", {k1, v1, fin}, 0b111);
  ASSERT_TRUE(in_area(w1));
  EXPECT_EQ(info_of(mem, w1), M.info(L::kWeakInfo));
  EXPECT_EQ(mem.load64(L::kWeakListHead), w1);
  EXPECT_EQ(word(w1, L::kWeakLink), 0u);
  uint64_t w2 = call1("mkWeakNoFinalizer#", {boxed(3), boxed(4)}, 0b11);
  EXPECT_EQ(mem.load64(L::kWeakListHead), w2);
  EXPECT_EQ(word(w2, L::kWeakLink), w1);

  EXPECT_EQ(call("deRefWeak#", {w1}, 0b1), 0u);
  EXPECT_EQ(res[0], 1u);
  EXPECT_EQ(res[1], v1);
  EXPECT_EQ(call("finalizeWeak#", {w1}, 0b1), 0u);
  EXPECT_EQ(res[0], 1u);
  EXPECT_EQ(res[1], fin);
  EXPECT_EQ(word(w1, L::kWeakKey), 0u);
  EXPECT_EQ(word(w1, L::kWeakValue), 0u);
  EXPECT_EQ(word(w1, L::kWeakFinalizer), 0u);
  EXPECT_EQ(call("deRefWeak#", {w1}, 0b1), 0u);
  EXPECT_EQ(res[0], 0u);
  EXPECT_EQ(call("finalizeWeak#", {w1}, 0b1), 0u);  // only once
  EXPECT_EQ(res[0], 0u);
  EXPECT_EQ(call("finalizeWeak#", {w2}, 0b1), 0u);  // no finalizer
  EXPECT_EQ(res[0], 0u);
}

// Records the C finalizers the runtime calls.
struct RecordingCaller : CFinalizerCaller {
  std::vector<std::array<uint64_t, 4>> calls;
  void call_c_finalizer(uint64_t fn, uint64_t ptr, uint64_t env, bool has_env) override {
    calls.push_back({fn, ptr, env, has_env});
  }
};

TEST_F(RuntimeMemoryPrimops, CFinalizersRunNewestFirstWhenTheWeakIsFinalized) {
  RecordingCaller rec;
  M.cfin = &rec;
  uint64_t fin = static_closure(fun_info(1, 400));
  uint64_t w = call1("mkWeak#", {boxed(1), boxed(2), fin}, 0b111);
  EXPECT_EQ(call1("addCFinalizerToWeak#", {0x100, 0x2000, 0, 0, w}, 0b10000), 1u);
  EXPECT_EQ(call1("addCFinalizerToWeak#", {0x108, 0x3000, 1, 0x4000, w}, 0b10000), 1u);
  EXPECT_TRUE(rec.calls.empty());
  EXPECT_EQ(call("finalizeWeak#", {w}, 0b1), 0u);
  EXPECT_EQ(res[0], 1u);
  EXPECT_EQ(res[1], fin);  // the Haskell finalizer is the caller's to run
  using C = std::array<uint64_t, 4>;
  EXPECT_EQ(rec.calls, (std::vector<C>{C{0x108, 0x3000, 0x4000, 1}, C{0x100, 0x2000, 0, 0}}));
  // Dead now: no C finalizer can be added (the caller runs it itself), none runs again.
  EXPECT_EQ(call1("addCFinalizerToWeak#", {0x100, 0x2000, 0, 0, w}, 0b10000), 0u);
  EXPECT_EQ(call("finalizeWeak#", {w}, 0b1), 0u);
  EXPECT_EQ(res[0], 0u);
  EXPECT_EQ(rec.calls.size(), 2u);
  M.cfin = nullptr;
}

TEST_F(RuntimeMemoryPrimops, DeadWeaksFinalizersRunInOneNewThread) {
  RecordingCaller rec;
  M.cfin = &rec;
  uint32_t batch = static_closure(fun_info(3, 500));
  uint32_t int_box = info(L::CONSTR, ptrs(0, 1), 1, uint32_t(RtsBlock::ReturnSelf));
  mem.store32(L::kRtsClosureTable + 4 * L::kRunFinalizerBatchClosure, batch);
  mem.store32(L::kRtsInfoTable + 4 * L::kIntBoxInfo, int_box);
  uint64_t f1 = static_closure(fun_info(1, 401)), f2 = static_closure(fun_info(1, 402));
  // Dead weaks as a collection leaves them: w1 (Haskell finalizer), w2 (a C one), w3 (both).
  uint64_t w1 = call1("mkWeak#", {boxed(1), boxed(2), f1}, 0b111);
  uint64_t w2 = call1("mkWeakNoFinalizer#", {boxed(3), boxed(4)}, 0b11);
  uint64_t w3 = call1("mkWeak#", {boxed(5), boxed(6), f2}, 0b111);
  EXPECT_EQ(call1("addCFinalizerToWeak#", {0x100, 0x2000, 0, 0, w2}, 0b10000), 1u);
  EXPECT_EQ(call1("addCFinalizerToWeak#", {0x108, 0x3000, 0, 0, w3}, 0b10000), 1u);
  mem.store64(L::kWeakListHead, 0);
  for (uint64_t w : {w1, w2, w3}) mem.store64(uint32_t(w) + L::kWeakKey, 0);
  mem.store64(L::kDeadWeakHead, w1);
  mem.store64(uint32_t(w1) + L::kWeakLink, w2);
  mem.store64(uint32_t(w2) + L::kWeakLink, w3);
  mem.store64(uint32_t(w3) + L::kWeakLink, 0);
  run_dead_c_finalizers(M);  // (what the next collection does first)
  using C = std::array<uint64_t, 4>;
  EXPECT_EQ(rec.calls, (std::vector<C>{C{0x100, 0x2000, 0, 0}, C{0x108, 0x3000, 0, 0}}));
  EXPECT_EQ(mem.load64(L::kDeadWeakHead), w1);  // w2 had nothing else to run
  EXPECT_EQ(word(w1, L::kWeakLink), w3);
  ASSERT_TRUE(finalizers_pending(M));
  ASSERT_TRUE(thr.run_queue_empty());
  start_finalizer_thread(M);
  EXPECT_FALSE(finalizers_pending(M));
  uint32_t t = thr.next_to_run();
  ASSERT_NE(t, 0u);
  // It applies runFinalizerBatch (I# 2) [f2, f1]: the batch runs the last element first.
  uint64_t pap = thr.word(t, L::kTsoR0);
  ASSERT_EQ(info_of(mem, pap), M.info(L::kPapInfo));
  EXPECT_EQ(word(pap, L::kPapFun), batch);
  EXPECT_EQ(word(pap, L::kPapNArgs), 2u);
  EXPECT_EQ(word(pap, L::kPapBitmap), 0b11u);
  uint64_t n = word(pap, L::kPapArgs), arr = word(pap, L::kPapArgs + 8);
  EXPECT_EQ(info_of(mem, n), int_box);
  EXPECT_EQ(word(n, 8), 2u);
  EXPECT_EQ(word(arr, L::kArrSize), 2u);
  EXPECT_EQ(elem(arr, 0), f2);
  EXPECT_EQ(elem(arr, 1), f1);
  EXPECT_EQ(word(w1, L::kWeakFinalizer), 0u);  // started: never again
  M.cfin = nullptr;
}

TEST_F(RuntimeMemoryPrimops, AWeakWithOnlyCFinalizersWaitsForTheNextCollection) {
  // A switch of threads before the next collection: the finalizer thread gets only the
  // Haskell finalizers; the C-only weak stays on the dead list until its C finalizer runs.
  RecordingCaller rec;
  M.cfin = &rec;
  uint32_t batch = static_closure(fun_info(3, 500));
  mem.store32(L::kRtsClosureTable + 4 * L::kRunFinalizerBatchClosure, batch);
  mem.store32(L::kRtsInfoTable + 4 * L::kIntBoxInfo, boxed_info);
  uint64_t f1 = static_closure(fun_info(1, 401));
  uint64_t w1 = call1("mkWeakNoFinalizer#", {boxed(1), boxed(2)}, 0b11);
  uint64_t w2 = call1("mkWeak#", {boxed(3), boxed(4), f1}, 0b111);
  EXPECT_EQ(call1("addCFinalizerToWeak#", {0x100, 0x2000, 0, 0, w1}, 0b10000), 1u);
  mem.store64(L::kWeakListHead, 0);
  for (uint64_t w : {w1, w2}) mem.store64(uint32_t(w) + L::kWeakKey, 0);
  mem.store64(L::kDeadWeakHead, w1);
  mem.store64(uint32_t(w1) + L::kWeakLink, w2);
  mem.store64(uint32_t(w2) + L::kWeakLink, 0);
  ASSERT_TRUE(finalizers_pending(M));
  start_finalizer_thread(M);
  uint32_t t = thr.next_to_run();
  ASSERT_NE(t, 0u);
  uint64_t arr = word(thr.word(t, L::kTsoR0), L::kPapArgs + 8);
  EXPECT_EQ(word(arr, L::kArrSize), 1u);
  EXPECT_EQ(elem(arr, 0), f1);
  EXPECT_EQ(mem.load64(L::kDeadWeakHead), w1);  // its C finalizer has not run yet
  EXPECT_EQ(word(w1, L::kWeakLink), 0u);
  EXPECT_FALSE(finalizers_pending(M));
  start_finalizer_thread(M);  // nothing for a thread
  EXPECT_EQ(thr.next_to_run(), 0u);
  EXPECT_TRUE(rec.calls.empty());
  run_dead_c_finalizers(M);
  EXPECT_EQ(rec.calls.size(), 1u);
  EXPECT_EQ(mem.load64(L::kDeadWeakHead), 0u);
  M.cfin = nullptr;
}

TEST_F(RuntimeMemoryPrimops, AWeakWithALiveKeySurvivesACollection) {
  uint64_t key = boxed(1);
  uint64_t w = call1("mkWeak#", {key, boxed(2), unit}, 0b111);
  fill_heap();
  ASSERT_EQ(call("newByteArray#", {8}, 0, {&key, &w}), 0u);
  ASSERT_TRUE(in_area(w));
  EXPECT_EQ(mem.load64(L::kWeakListHead), w);
  EXPECT_EQ(word(w, L::kWeakKey), key);
  EXPECT_EQ(call("deRefWeak#", {w}, 0b1), 0u);
  EXPECT_EQ(res[0], 1u);
  ASSERT_TRUE(in_area(res[1]));
  EXPECT_EQ(word(res[1], 8), 2u);
}

TEST_F(RuntimeMemoryPrimops, StablePointersRoundTripAndKeepTheirObjects) {
  uint64_t p = boxed(61), q = boxed(62);
  uint64_t s = call1("makeStablePtr#", {p}, 0b1), t = call1("makeStablePtr#", {q}, 0b1);
  EXPECT_NE(s, 0u);
  EXPECT_NE(s, t);
  EXPECT_EQ(call1("deRefStablePtr#", {s}), p);
  EXPECT_EQ(call1("deRefStablePtr#", {t}), q);
  EXPECT_EQ(call1("eqStablePtr#", {s, s}), 1u);
  EXPECT_EQ(call1("eqStablePtr#", {s, t}), 0u);
  fill_heap();
  ASSERT_EQ(call("newByteArray#", {8}), 0u);  // no other root
  uint64_t p2 = call1("deRefStablePtr#", {s});
  EXPECT_NE(p2, p);
  ASSERT_TRUE(in_area(p2));
  EXPECT_EQ(word(p2, 8), 61u);
  EXPECT_EQ(word(call1("deRefStablePtr#", {t}), 8), 62u);
}

TEST_F(RuntimeMemoryPrimops, ForkCreatesARunnableThread) {
  ASSERT_TRUE(thr.run_queue_empty());
  uint64_t io = boxed(1);
  uint64_t t1 = call1("fork#", {io}, 0b1);
  ASSERT_NE(t1, 0u);
  EXPECT_TRUE(los.is_block(uint32_t(t1)));
  EXPECT_EQ(info_of(mem, t1), M.info(L::kTsoInfo));
  EXPECT_EQ(thr.word(uint32_t(t1), L::kTsoId), 2u);  // main is 1
  EXPECT_EQ(uint32_t(thr.state(uint32_t(t1))), uint32_t(ThreadState::Runnable));
  EXPECT_EQ(thr.word(uint32_t(t1), L::kTsoR0), io);  // it applies io when it first runs
  EXPECT_EQ(thr.first(L::kRunQueueHead), t1);
  uint64_t t2 = call1("fork#", {io}, 0b1);
  EXPECT_EQ(thr.word(uint32_t(t2), L::kTsoId), 3u);
  EXPECT_EQ(mem.load64(L::kNextThreadId), 3u);
  EXPECT_EQ(thr.first(L::kRunQueueHead), t1);  // FIFO
  EXPECT_EQ(thr.next(uint32_t(t1)), t2);
  EXPECT_EQ(thr.next(uint32_t(t2)), 0u);
  EXPECT_EQ(M.cur, main_tso);  // the caller keeps running
}

TEST_F(RuntimeMemoryPrimops, OtherPrimopsAreNotMemoryPrimops) {
  for (const char* name : {"+#", "catch#", "raise#", "putMVar#", "clearCCS#"}) {
    ASSERT_NE(id(name), 0xFFFFu) << name;
    uint32_t hp = M.Hp;
    EXPECT_EQ(call(name, {1, 2}), kNotMemoryPrimop) << name;
    EXPECT_EQ(res[0], kUnset) << name;
    EXPECT_EQ(M.Hp, hp) << name;
  }
}

#if !defined(__wasm__)
TEST_F(RuntimeMemoryPrimops, AnOutOfRangeIndexIsFatalNamingThePrimop) {
  uint64_t a = call1("newByteArray#", {64});
  EXPECT_EQ(call("readIntArray#", {a, 7}), 0u);
  for (uint64_t i : {uint64_t(8), ~uint64_t(0), uint64_t(1) << 32}) {
    try {
      call("readIntArray#", {a, i});
      ADD_FAILURE() << "index " << i << " accepted";
    } catch (const RuntimeFatal& e) {
      EXPECT_EQ(std::string(e.what()).rfind("readIntArray#: ", 0), 0u) << e.what();
    }
  }
  EXPECT_THROW(call("writeIntArray#", {a, 8, 1}), RuntimeFatal);
}
#endif

}  // namespace
}  // namespace stgvm
