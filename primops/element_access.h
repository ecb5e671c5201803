// Which primops are plain element accesses over memory, and what each accesses: the
// index/read/write families over byte arrays and Addr# (table-driven from the primop names:
// primops.txt.pp naming is regular, <index|read|write><Elem><Array#|OffAddr#>, and
// Word8ArrayAs<Elem> uses byte offsets), array sizes, a MutVar#'s value and the unsafe
// freezes and thaws. A classification of primops only: the accesses themselves are the
// runtime's (runtime/memory_primops.h elem_access). The lowering uses it too: these
// primops cannot collect (lower/peephole.cpp).
#pragma once
#include <cstdint>

namespace stgvm {

// The primops over memory that neither allocate, block nor raise, and take an object (and an
// index, and a value to write): the index/read/write families over byte arrays and Addr#
// (indexIntArray#, readWord8OffAddr#, writeWord8ArrayAsInt32#, …), an array's size
// (sizeofByteArray#, getSizeofMutableByteArray#, sizeofArray#, …), a MutVar#'s value
// (readMutVar#, writeMutVar#) and the unsafe freezes and thaws (the object itself): the
// commonest primops over memory. Executors call the runtime's elem_access directly with the
// access decoded once (elem_access_of) into one word they keep in their code: the primop
// (bits 0–15), the element's bytes (16–19), and the flags below. Out-of-range operands are
// a fatal error of the machine, not an exception.
using ElemAccess = uint32_t;
namespace elem {
constexpr uint32_t kSign = 1u << 20;        // sign-extend on load
constexpr uint32_t kAddr = 1u << 21;        // <op><T>OffAddr# (else a byte array)
constexpr uint32_t kByteOffset = 1u << 22;  // <op>Word8ArrayAs<T>#: the index counts bytes
constexpr uint32_t kWrite = 1u << 23;
constexpr uint32_t kValid = 1u << 24;       // (so that no access decodes to 0)
constexpr uint32_t kField = 1u << 25;       // the object's word 1 (no index): size, MutVar# value
constexpr uint32_t kSame = 1u << 26;        // the object itself (no index)
}  // namespace elem
ElemAccess elem_access_of(uint32_t id);  // 0: primop `id` is not one of these
inline bool elem_access_writes(ElemAccess a) { return a & elem::kWrite; }
// Which of a call's arguments are the object, the index and the value written (-1: none).
struct ElemArgs {
  int obj, off, val;
};
inline ElemArgs elem_access_args(ElemAccess a) {
  bool write = elem_access_writes(a);
  if (a & (elem::kField | elem::kSame)) return {0, -1, write ? 1 : -1};
  return {0, 1, write ? 2 : -1};
}
// The access a call of primop `id` with `nres` results and `nargs` arguments makes (reads
// have one result, writes none; a State# token after the operands is ignored), or 0: the
// executor takes the general path (memory_primop).
inline ElemAccess elem_access_at(uint32_t id, uint32_t nres, uint32_t nargs) {
  ElemAccess a = elem_access_of(id);
  if (!a) return 0;
  ElemArgs x = elem_access_args(a);
  int last = x.val >= 0 ? x.val : x.off >= 0 ? x.off : x.obj;
  return nres == (elem_access_writes(a) ? 0u : 1u) && nargs > uint32_t(last) ? a : 0;
}

}  // namespace stgvm
