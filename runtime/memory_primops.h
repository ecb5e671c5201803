// Primops over the heap and linear memory: byte arrays, Addr# accesses, arrays, MutVar#,
// MVar# (the non-blocking operations), stable and weak pointers, fork# and the small thread
// queries. The executor passes the operands' values; out-of-range operands are fatal (one
// line naming the primop and the range), never a memory access outside the object.
#pragma once
#include <cstdint>
#include <initializer_list>
#include <vector>

#include "primops/element_access.h"
#include "runtime/machine.h"

namespace stgvm {

struct PrimOperands {
  uint64_t* args;  // the arguments' values (a collection updates the pointers among them)
  uint32_t nargs;
  uint64_t arg_ptrs;  // bit i: args[i] is a heap pointer
  uint64_t* res;      // the results go here
  uint32_t nres;
  // The executor's other words that hold heap pointers (its live registers):
  // frame[live[0]], …, frame[live[nlive-1]].
  uint64_t* frame;
  const uint32_t* live;
  uint32_t nlive;
};

constexpr uint32_t kNotMemoryPrimop = 0xFFFFFFFFu;
// A primop's heap allocation: if it collects, the executor's live words and the pointer
// arguments (and `extra`) are its roots, updated in place.
Machine::Alloc primop_alloc(Machine& M, PrimOperands& o, uint32_t bytes, std::initializer_list<uint64_t*> extra = {});
std::vector<uint64_t*> operand_roots(PrimOperands& o, std::initializer_list<uint64_t*> extra);
// Runs primop `id`. Returns 0, the exception to raise (the heap is exhausted), or
// kNotMemoryPrimop for a primop that is not one of these.
uint32_t memory_primop(Machine& M, uint32_t id, PrimOperands& o);

// A new byte array's header (its contents are zero: Machine::alloc clears what it allocates).
[[gnu::always_inline]] inline void init_byte_array(Machine& M, uint32_t a, uint64_t n) {
  M.m.store64(a, M.info(layout::kArrWordsInfo));
  M.m.store64(a + layout::kArrSize, n);
}
// newByteArray#'s common case, which the interpreter runs without the general primop path:
// a small array the nursery has room for. Its address, or 0 when the case does not apply
// (memory_primop then decides: a large object, a collection, an error).
[[gnu::always_inline]] inline uint32_t new_byte_array_in_nursery(Machine& M, uint64_t n) {
  if (n >= layout::kLargeObjectBytes) return 0;
  uint32_t bytes = layout::kArrPayload + uint32_t(n);
  if (layout::is_large_object(bytes) || !M.fits(bytes)) return 0;
  uint32_t a = M.alloc(bytes).addr;  // (no collection: it fits)
  init_byte_array(M, a, n);
  return a;
}

// What a range operand of a primop lies in.
enum class MemRange : uint8_t {
  // A byte array: its size word counts bytes. Accesses may reach the rest of the last word:
  // GHC allocates whole words, and the array package's bit arrays (UArray Bool) read and
  // write the word holding their last bits even when the size is not a multiple of 8.
  Bytes,
  ByteSize,  // a new size for a byte array (shrinkMutableByteArray#): at most the size word
  Ptrs,      // an array of pointers (Array#, SmallArray#): its size word counts elements
  Addr,      // an Addr#: mapped linear memory
};

// A range check that failed: fatal, one line naming primop `id` and the range.
[[noreturn]] void range_fault(const Memory& m, uint32_t id, MemRange kind, uint64_t base, uint64_t off, uint64_t len,
                              uint32_t unit);

// The one bounds check of the primops over memory. Units [off, off + len), each `unit`
// bytes, must lie inside the operand: the payload of the array at `base`, checked against
// its own size word (see MemRange), or for an Addr# `base`, mapped linear memory (there `off` may be
// negative: it is pointer arithmetic, wrapping in 64 bits as native code's does). The
// operands are the primop's full 64-bit Int#s — a negative one reads as huge and fails —
// and nothing is narrowed to a 32-bit address before the check. Returns the address of
// unit `off`.
[[gnu::always_inline]] inline uint32_t checked_range(const Memory& m, uint32_t id, MemRange kind, uint64_t base, uint64_t off, uint64_t len, uint32_t unit) {
  if (kind == MemRange::Addr) {
    uint64_t lo = base + off * unit, size = m.size();
    // An empty range touches nothing: native memcpy(p, q, 0) accepts any p, even NULL.
    if (len == 0 || (lo >= layout::kRuntimeBase && lo <= size && len <= size && len * unit <= size - lo)) return uint32_t(lo);
  } else {
    // The size word is read unobserved: the check is not part of the program's memory traffic.
    uint64_t n = m.load64_unobserved(uint32_t(base) + layout::kArrSize);
    if (kind == MemRange::Bytes) n = (n + 7) & ~uint64_t(7);
    uint64_t scale = kind == MemRange::Ptrs ? 1 : unit;  // size words are < 2^31: nothing below overflows
    if (off <= n && len <= n && (off + len) * scale <= n) return uint32_t(base) + layout::kArrPayload + uint32_t(off) * unit;
  }
  range_fault(m, id, kind, base, off, len, unit);
}

// The element accesses (which primops they are, and what each accesses:
// primops/element_access.h). `obj` is the object or address, `off` the index, `val` the
// value a write stores; returns the value a read gives (0 for a write).
static_assert(layout::kArrSize == 8 && layout::kMutVarValue == 8, "one field offset for kField");
// kObservable false: for the interpreter's unobserved loop, which runs inside a GuardedRegion
// (interp/guard.h): once the element is known to lie inside its object, the access itself is
// a raw one (guard pages catch an object whose size word lies).
template <bool kObservable = true>
[[gnu::always_inline]] inline uint64_t elem_access(Memory& m, ElemAccess a, uint64_t obj, uint64_t off, uint64_t val) {
  if (a & (elem::kField | elem::kSame)) {
    if (a & elem::kSame) return obj;
    uint32_t at = uint32_t(obj) + layout::kArrSize;
    if (!(a & elem::kWrite)) return m.load_as<uint64_t, kObservable>(at);
    m.store_as<uint64_t, kObservable>(at, val);
    return 0;
  }
  uint32_t id = a & 0xFFFF, size = a >> 16 & 15;
  uint32_t at = a & elem::kByteOffset ? checked_range(m, id, MemRange::Bytes, obj, off, size, 1)
                                      : checked_range(m, id, a & elem::kAddr ? MemRange::Addr : MemRange::Bytes, obj, off, 1, size);
  bool sign = a & elem::kSign;
  if (a & elem::kWrite) {
    switch (size) {
      case 1: m.store_as<uint8_t, kObservable>(at, uint8_t(val)); break;
      case 2: m.store_as<uint16_t, kObservable>(at, uint16_t(val)); break;
      case 4: m.store_as<uint32_t, kObservable>(at, uint32_t(val)); break;
      default: m.store_as<uint64_t, kObservable>(at, val); break;
    }
    return 0;
  }
  switch (size) {
    case 1: {
      uint8_t v = m.load_as<uint8_t, kObservable>(at);
      return sign ? uint64_t(int64_t(int8_t(v))) : v;
    }
    case 2: {
      uint16_t v = m.load_as<uint16_t, kObservable>(at);
      return sign ? uint64_t(int64_t(int16_t(v))) : v;
    }
    case 4: {
      uint32_t v = m.load_as<uint32_t, kObservable>(at);
      return sign ? uint64_t(int64_t(int32_t(v))) : v;
    }
    default: return m.load_as<uint64_t, kObservable>(at);
  }
}

// The stable pointer to `p` (the table grows in the non-moving space); 0 with `*raise` set
// when memory cannot grow for it.
uint64_t make_stable_ptr(Machine& M, uint64_t p, uint32_t* raise);

}  // namespace stgvm
