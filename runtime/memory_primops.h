// Primops over the heap and linear memory: byte arrays, Addr# accesses, arrays, MutVar#,
// MVar# (the non-blocking operations), stable and weak pointers, fork# and the small thread
// queries. The executor passes the operands' values; out-of-range operands are fatal (one
// line naming the primop and the range), never a memory access outside the object.
#pragma once
#include <cstdint>

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
// Runs primop `id`. Returns 0, the exception to raise (the heap is exhausted), or
// kNotMemoryPrimop for a primop that is not one of these.
uint32_t memory_primop(Machine& M, uint32_t id, PrimOperands& o);

// The index/read/write families over byte arrays and Addr# (indexIntArray#,
// readWord8OffAddr#, writeWord8ArrayAsInt32#, …), the commonest primops over memory. They
// never allocate nor raise, so executors call elem_access directly: `obj` the array or
// address, `off` the index, `val` the value a write stores; returns the value a read loads
// (0 for a write). Out-of-range operands are fatal like everywhere here.
bool is_elem_access(uint32_t id);
bool elem_access_writes(uint32_t id);
uint64_t elem_access(Memory& m, uint32_t id, uint64_t obj, uint64_t off, uint64_t val);

// The stable pointer to `p` (the table grows in the non-moving space); 0 with `*raise` set
// when memory cannot grow for it.
uint64_t make_stable_ptr(Machine& M, uint64_t p, uint32_t* raise);

}  // namespace stgvm
