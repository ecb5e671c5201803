// Block-local clean-ups of the generated code, run on every block as it is finished. Both
// executors run the result, so both get faster from it (docs/vm-design.md §1):
//
// - A machine register written back with the value the block read from it at its start, and
//   not written since, keeps that value: the write goes. A join point's loop passes its free
//   variables on to itself unchanged, and a function that calls itself passes most of its
//   arguments on; only the ones that change are written now.
// - A frame popped and a frame of the same size pushed a few instructions later, with nothing
//   in between that uses the stack, can collect, raise or branch, reuse the space: both stack
//   adjustments go (a case continuation that makes the next non-tail call does this).
//
// - A block that jumps to itself (a join point's loop, a self tail call) reads its machine
//   registers first. Those that no path to such a jump writes still hold what the block read
//   at its start, so the jump may skip their reads: their reads go first, the jump names
//   where the rest begin (ir.h, Jump), and an executor may resume there instead of entering
//   the block anew.
//
// Branches only go forward (ir.h), so one pass in instruction order sees every path into an
// instruction before the instruction itself.
#include "lower/peephole.h"

#include <bitset>

#include "primops/element_access.h"
#include "primops/primop_table.h"

namespace stgvm {

using ir::Op;

namespace {

bool is_terminator(Op op) {
  return op == Op::Jump || op == Op::Enter || op == Op::Return || op == Op::Rts || op == Op::JumpReg || op == Op::Halt;
}

const primops::PrimOpDesc& desc_of(const ir::Instr& in) { return primops::primop(primops::PrimOpId(in.imm)); }

// A primop that can neither collect nor raise: the pure ones that cannot trap, and the
// element accesses over memory (primops/element_access.h; out-of-range operands are fatal,
// not an exception).
bool plain_primop(const ir::Instr& in) {
  const primops::PrimOpDesc& d = desc_of(in);
  return d.is_pure() ? !d.trap : elem_access_of(uint32_t(in.imm)) != 0;
}

// May the instruction collect (the machine registers' pointers would then be stale) or
// change machine registers other than by SetR/SetRImm? (A primop that raises leaves the
// block: what follows is not reached.)
bool clobbers_machine_registers(const ir::Instr& in) {
  switch (in.op) {
    case Op::HeapCheck:
    case Op::FCall:
    case Op::RtCall: return true;
    case Op::PrimOp: return !desc_of(in).is_pure() && !elem_access_of(uint32_t(in.imm));
    default: return false;
  }
}

// Nothing between a pop and a push of the same size may look at the stack, collect (the
// collector walks the stack), raise (unwinding walks it) or branch.
bool leaves_stack_alone(const ir::Instr& in) {
  switch (in.op) {
    case Op::Const:
    case Op::Mov:
    case Op::GetR:
    case Op::SetR:
    case Op::SetRImm:
    case Op::Load:
    case Op::Store:
    case Op::StoreImm:
    case Op::LoadTable:
    case Op::Alloc:
    case Op::TagOf:
    case Op::IsEval:
    case Op::CurTso: return true;
    case Op::PrimOp: return plain_primop(in);  // (an Addr# access into the stack reads the same bytes either way)
    default: return false;
  }
}

template <class F>
void for_each_successor(const ir::Instr& in, uint32_t pc, const ImageArray<uint32_t>& pool, F f) {
  if (in.op == Op::Goto) return f(uint32_t(in.imm));
  if (in.op == Op::Switch) {
    for (uint64_t i = 0; i <= in.imm; ++i) f(pool[in.b + uint32_t(3 * i + (i < in.imm ? 2 : 0))]);
    return;
  }
  if (!is_terminator(in.op)) f(pc + 1);
}

using RegSet = std::bitset<layout::kMachineRegs>;  // machine registers

// Branch targets and call sites after instructions were removed (moved[pc]: where pc went).
void retarget(std::vector<ir::Instr>& code, std::vector<CallSite>& sites, ImageArray<uint32_t>& pool,
              const std::vector<uint32_t>& moved, uint32_t n) {
  for (ir::Instr& in : code) {
    if (in.op == Op::Goto) in.imm = moved[std::min<uint64_t>(in.imm, n)];
    if (in.op == Op::Switch)
      for (uint64_t i = 0; i <= in.imm; ++i) {
        uint32_t& t = pool[in.b + uint32_t(3 * i + (i < in.imm ? 2 : 0))];
        t = moved[std::min(t, n)];
      }
  }
  for (CallSite& s : sites) s.code = moved[std::min(s.code, n)];
}

// The block's leading register reads, those a jump to the block itself may skip first (the
// machine register is written on no path to such a jump, and the local is defined only
// there); the jumps then name where the others begin. (Reordering reads of distinct locals
// changes nothing else: no branch lands among them, and R is not memory the program sees.)
void mark_loop_entry(std::vector<ir::Instr>& code, const std::vector<uint32_t>& defs, const RegSet& written,
                     uint32_t self) {
  uint32_t m = 0;
  while (m < code.size() && code[m].op == Op::GetR) ++m;
  auto keeps = [&](const ir::Instr& in) {
    return in.a < defs.size() && defs[in.a] == 1 && in.b < written.size() && !written[in.b];
  };
  auto mid = std::stable_partition(code.begin(), code.begin() + m, keeps);
  auto skip = uint32_t(mid - code.begin());
  if (skip == 0) return;
  for (ir::Instr& in : code)
    if (in.op == Op::Jump && in.imm == self) in.b = skip;
}

}  // namespace

void tidy_block(std::vector<ir::Instr>& code, std::vector<CallSite>& sites, ImageArray<uint32_t>& pool, uint32_t nregs,
                uint32_t self) {
  const uint32_t n = uint32_t(code.size());
  if (n == 0) return;
  // Registers defined once, by GetR: which machine register each copies (or kNone).
  constexpr uint32_t kNone = 0xFFFFFFFFu;
  std::vector<uint32_t> copy_of(nregs, kNone), defs(nregs, 0);
  auto def = [&](uint32_t r) {
    if (r < nregs) ++defs[r];
  };
  for (const ir::Instr& in : code) {
    switch (in.op) {
      case Op::IsEval: def(in.b); [[fallthrough]];
      case Op::Const:
      case Op::Mov:
      case Op::GetR:
      case Op::Load:
      case Op::LoadTable:
      case Op::LoadSp:
      case Op::Alloc:
      case Op::TagOf:
      case Op::CurTso:
      case Op::RtCall: def(in.a); break;
      case Op::PrimOp:
        for (uint32_t i = 0; i < pool[in.b]; ++i) def(pool[in.b + 2 + i]);
        break;
      case Op::FCall:
        if (pool[in.b]) def(pool[in.b + 2]);
        break;
      default: break;
    }
    if (in.op == Op::GetR && in.a < nregs) copy_of[in.a] = in.b;
  }
  // Per instruction: the machine registers possibly written since the block began, over
  // every path into it.
  std::vector<RegSet> written(n);
  std::vector<uint8_t> reached(n, 0), target(n, 0);
  reached[0] = 1;
  std::vector<uint8_t> drop(n, 0);
  RegSet loop_written;  // over every path to a jump to the block itself
  bool loops = false;
  for (uint32_t pc = 0; pc < n; ++pc) {
    const ir::Instr& in = code[pc];
    if (!reached[pc]) continue;
    RegSet w = written[pc];
    if (in.op == Op::Jump && in.imm == self) loop_written |= w, loops = true;
    if (in.op == Op::SetR && in.a < layout::kMachineRegs && in.b < nregs && defs[in.b] == 1 && copy_of[in.b] == in.a &&
        !w[in.a])
      drop[pc] = 1;  // (R[a] still holds what L[b] was read from)
    else if ((in.op == Op::SetR || in.op == Op::SetRImm) && in.a < layout::kMachineRegs)
      w.set(in.a);
    else if (clobbers_machine_registers(in))
      w.set();
    for_each_successor(in, pc, pool, [&](uint32_t s) {
      if (s >= n) return;
      if (s != pc + 1 || in.op == Op::Switch || in.op == Op::Goto) target[s] = 1;
      written[s] = reached[s] ? (written[s] | w) : w;
      reached[s] = 1;
    });
  }
  // A pop, then a push of the same size.
  for (uint32_t p = 0; p < n; ++p) {
    if (code[p].op != Op::SpAdd || int64_t(code[p].imm) <= 0 || drop[p]) continue;
    for (uint32_t q = p + 1; q < n && !target[q]; ++q) {
      if (code[q].op == Op::SpAdd) {
        if (int64_t(code[q].imm) == -int64_t(code[p].imm)) drop[p] = drop[q] = 1;
        break;
      }
      if (!leaves_stack_alone(code[q])) break;
    }
  }
  // Remove what goes; branch targets and call sites move with the code (a branch to a
  // removed instruction lands on the next one kept: never past a terminator, which stays).
  std::vector<uint32_t> moved(n + 1);
  uint32_t k = 0;
  for (uint32_t pc = 0; pc < n; ++pc) {
    moved[pc] = k;
    if (!drop[pc]) code[k++] = code[pc];
  }
  moved[n] = k;
  if (k != n) {
    code.resize(k);
    retarget(code, sites, pool, moved, n);
  }
  if (loops) mark_loop_entry(code, defs, loop_written, self);
}

}  // namespace stgvm
