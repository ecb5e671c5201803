// Evaluation and application, the RTS routines of eval/apply (docs/vm-design.md §3) that are
// not IR: entering a closure found at run time, returning to the top frame, applying a
// function value to arguments in R1… (PAPs: a variable number of arguments moves), and the
// generic frames that resume such an application or a suspended block. Each returns the
// block the running thread continues at (runtime/machine.h).
#pragma once
#include <cstdint>

#include "runtime/machine.h"

namespace stgvm {

// Returns R0… to the frame on top of the stack.
// (`kObservable` here and below: the loads are reported to the memory's observer; an
// executor that knows it has none may skip asking: Memory::load64_as.)
template <bool kObservable = true>
[[gnu::always_inline]] inline uint32_t return_to_frame(Machine& M) {
  uint32_t info = uint32_t(M.m.load64_as<kObservable>(M.Sp));
  return uint32_t(M.m.load64_as<kObservable>(info + layout::kInfoEntry));
}
// `closure` followed through indirections (updated thunks) to what it stands for, and
// whether that needs no evaluation (a constructor, function, PAP…: what GHC's pointer tag
// says): entering it would return it to the frame at once.
template <bool kObservable = true>
[[gnu::always_inline]] inline bool is_evaluated(const Memory& m, uint64_t& closure) {
  for (;;) {
    uint32_t type = type_of_info<kObservable>(m, info_of<kObservable>(m, closure));
    if (!layout::is_thunk_like(type)) return true;  // (the common case first: one test)
    if (type != layout::IND && type != layout::IND_STATIC) return false;
    closure = m.load64_as<kObservable>(uint32_t(closure) + layout::kIndirectee);
  }
}
// Evaluates `closure` (it is R0 afterwards): its entry, or a return to the top frame if it
// is a value. (Inline: the executors' commonest runtime step, every `case` on a variable;
// forced, because compilers decline to inline it into an interpreter loop that large.)
template <bool kObservable = true>
[[gnu::always_inline]] inline uint32_t enter(Machine& M, uint64_t closure) {
  namespace L = layout;
  for (;;) {
    M.R[0] = closure;
    uint32_t info = info_of<kObservable>(M.m, closure);
    uint32_t type = type_of_info<kObservable>(M.m, info);
    if (!L::is_thunk_like(type)) return return_to_frame<kObservable>(M);
    if (type == L::IND || type == L::IND_STATIC) {
      closure = M.m.load64_as<kObservable>(uint32_t(closure) + L::kIndirectee);
      continue;
    }
    if (type == L::BLACKHOLE) return uint32_t(RtsBlock::Blackhole);
    return uint32_t(M.m.load64_as<kObservable>(info + L::kInfoEntry));
  }
}
// Applies R0 to R1…Rnargs (bit i of `bitmap`: argument i is a heap pointer).
uint32_t apply(Machine& M, uint32_t nargs, uint64_t bitmap);
// Applies the IO (or STM) action `io` to the State# token (a void argument: 0).
inline uint32_t run_io(Machine& M, uint64_t io) {
  M.R[0] = io;
  M.R[1] = 0;
  return apply(M, 1, 0);
}
// The generic apply frame on top (RET_BIG [info, words, bitmap, args…]): R0 is the function.
uint32_t apply_frame(Machine& M);
// A thread suspended at a block's entry ([info, words, bitmap, block, R0…]): its registers
// back, and on to the block.
uint32_t resume_jump(Machine& M);
// Entering the AP_STACK in R0: its frozen frames are pushed back under an update frame.
uint32_t enter_ap_stack(Machine& M);

}  // namespace stgvm
