// Evaluation and application (runtime/apply.h).
#include "runtime/apply.h"

#include <string>

#include "runtime/raise.h"
#include "runtime/trap.h"
#include "runtime/unwind.h"

namespace stgvm {

namespace L = layout;

namespace {
// Pushes the generic apply frame for R[first+1 … nargs] (bitmap: theirs, from bit 0).
// 0, or the exception to raise.
uint32_t push_apply_frame(Machine& M, uint32_t first, uint32_t nargs, uint64_t bitmap) {
  uint32_t extra = nargs - first;
  if (uint32_t e = M.reserve_stack(3 + extra)) return e;
  for (uint32_t i = nargs; i-- > first;) M.push(M.R[i + 1]);
  M.push(bitmap);
  M.push(3 + extra);
  M.push(M.info(L::kApplyFrameInfo));
  return 0;
}
}  // namespace

uint32_t apply(Machine& M, uint32_t nargs, uint64_t bitmap) {
  uint64_t* R = M.R;
  if (nargs > 64) fatal("application with more than 64 arguments");  // (one bitmap word)
  for (;;) {
    uint64_t f = R[0];
    uint32_t info = info_of(M.m, f);
    uint32_t type = type_of_info(M.m, info);
    if (L::is_thunk_like(type)) {
      // Evaluate the function first; the arguments wait in an apply frame.
      if (uint32_t e = push_apply_frame(M, 0, nargs, bitmap)) return raise(M, e);
      return enter(M, f);
    }
    if (L::is_fun(type)) {
      uint32_t arity = hi_of_info(M.m, info);
      if (nargs == arity) return uint32_t(M.m.load64(info + L::kInfoEntry));
      if (nargs > arity) {
        if (uint32_t e = push_apply_frame(M, arity, nargs, bitmap >> arity)) return raise(M, e);
        return uint32_t(M.m.load64(info + L::kInfoEntry));
      }
      // Partial application: PAP [info, fun, nargs, bitmap, args…]. The function and the
      // pointer arguments are in R registers, which the allocation keeps alive.
      uint64_t* roots[65];
      uint32_t nroots = 0;
      roots[nroots++] = &R[0];
      for (uint32_t i = 0; i < nargs; ++i)
        if (bitmap >> i & 1) roots[nroots++] = &R[i + 1];
      Machine::Alloc a = M.alloc(L::kPapArgs + 8 * nargs, roots, nroots);
      if (!a.addr) return raise(M, a.raise);
      uint32_t pap = a.addr;
      M.m.store64(pap, M.info(L::kPapInfo));
      M.m.store64(pap + L::kPapFun, R[0]);
      M.m.store64(pap + L::kPapNArgs, nargs);
      M.m.store64(pap + L::kPapBitmap, bitmap);
      for (uint32_t i = 0; i < nargs; ++i) M.m.store64(pap + L::kPapArgs + 8 * i, R[i + 1]);
      R[0] = pap;
      return return_to_frame(M);
    }
    if (type == L::PAP) {
      uint32_t p = uint32_t(f);
      uint32_t m = uint32_t(M.m.load64(p + L::kPapNArgs));
      uint64_t pbm = M.m.load64(p + L::kPapBitmap);
      if (m + nargs + 1 > L::kMachineRegs || m + nargs > 64) fatal("application with more than 64 arguments");
      for (uint32_t i = nargs; i-- > 0;) R[i + 1 + m] = R[i + 1];
      for (uint32_t i = 0; i < m; ++i) R[i + 1] = M.m.load64(p + L::kPapArgs + 8 * i);
      R[0] = M.m.load64(p + L::kPapFun);
      bitmap = pbm | (bitmap << m);
      nargs += m;
      continue;
    }
    fatal(("application of a value that is not a function (closure type " + std::to_string(type) + ")").c_str());
  }
}

uint32_t apply_frame(Machine& M) {
  uint32_t words = uint32_t(M.m.load64(M.Sp + 8));
  uint64_t bitmap = M.m.load64(M.Sp + 16);
  uint32_t args = words - 3;
  if (args + 1 > L::kMachineRegs) fatal("corrupt stack: apply frame too big");
  for (uint32_t i = 0; i < args; ++i) M.R[i + 1] = M.m.load64(M.Sp + 24 + 8 * i);
  M.Sp += 8 * words;
  return apply(M, args, bitmap);
}

uint32_t resume_jump(Machine& M) {
  uint32_t words = uint32_t(M.m.load64(M.Sp + 8));
  uint32_t target = uint32_t(M.m.load64(M.Sp + 24));
  if (words < 4 || words - 4 > L::kMachineRegs) fatal("corrupt stack: resume frame");
  for (uint32_t i = 0; i + 4 < words; ++i) M.R[i] = M.m.load64(M.Sp + 32 + 8 * i);
  M.Sp += 8 * words;
  return target;
}

uint32_t enter_ap_stack(Machine& M) {
  uint32_t ap = uint32_t(M.R[0]);
  uint32_t words = uint32_t(M.m.load64(ap + L::kApStackSize));
  if (uint32_t e = M.reserve_stack(2 + words)) return raise(M, e);
  ap = uint32_t(M.R[0]);  // (growing the stack does not collect; the closure has not moved)
  M.Sp = push_ap_stack(M.m, M.Sp, ap, M.cur);
  M.note_stack();
  return return_to_frame(M);
}

}  // namespace stgvm
