// The block interpreter: runs code blocks one after another until a thread stops, switches
// or the program exits. Dispatch is threaded (one indirect jump per instruction, GNU
// labels-as-values, which GCC and Clang both have) over a pre-decoded copy of the image's
// code, decoded a block at a time when the block first runs, in which
// - pure primops carry their operand registers inline, and their semantics' function
//   pointer from the primop table or, for the commonest, the semantics themselves
//   (primops/pure_hot.h): either way one definition;
// - array and Addr# element accesses, array sizes, MutVar# reads and writes call the
//   runtime's one definition directly (runtime/memory_primops.h elem_access);
// - runs of one simple operation (the register moves around calls and jumps) and the
//   commonest pairs (stack traffic, a case's test and its switch, a literal operand and its
//   primop) take one dispatch. Only a run's or pair's first instruction changes: the others
//   stay in place, so a branch to one of them still finds it.
#include <sys/mman.h>

#include <algorithm>
#include <new>

#include "interp/guard.h"
#include "interp/vm.h"
#include "primops/primop_table.h"
#include "primops/pure_hot.h"

namespace stgvm {

using ir::Op;
namespace L = layout;

const Vm::XInstr Vm::kUndecoded{kXDecode, 0, 0, 1, 0, {nullptr}};

namespace {
// The element accesses with operations of their own (vm.h, kXElemRead8…): the access word
// without its primop (primops/element_access.h), in the operations' order.
constexpr ElemAccess elem_form(uint32_t bytes, uint32_t flags) { return elem::kValid | bytes << 16 | flags; }
#define STGVM_ELEM_FORMS(X)                                \
  X(ElemRead8, elem_form(8, 0))                            \
  X(ElemWrite8, elem_form(8, elem::kWrite))                \
  X(ElemRead4, elem_form(4, 0))                            \
  X(ElemWrite4, elem_form(4, elem::kWrite))                \
  X(ElemRead1, elem_form(1, 0))                            \
  X(ElemWrite1, elem_form(1, elem::kWrite))                \
  X(ElemReadAddr1, elem_form(1, elem::kAddr))
struct ElemForm {
  ElemAccess access;
  uint8_t op;
};
}  // namespace

Vm::XCode::~XCode() {
  if (p) munmap(p, n * sizeof(XInstr));
}

void Vm::reserve_decoded_code() {
  size_t n = std::max<size_t>(img_.code.size(), 1);
  void* m = mmap(nullptr, n * sizeof(XInstr), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (m == MAP_FAILED) throw std::bad_alloc();
  xcode_.p = static_cast<XInstr*>(m);
  xcode_.n = n;
  block_code_.assign(img_.blocks.size(), &kUndecoded);
}

const Vm::XInstr* Vm::predecode_block(uint32_t block) {
  const ir::Block& blk = img_.blocks[block];
  const size_t first = blk.first, end = size_t(blk.first) + blk.count;  // (verify_image: in range)
  XInstr* const xcode = xcode_.p;
  const uint32_t* pool = img_.pool.data();
  std::vector<uint8_t> go_on(blk.count, 0);  // pcs a loop goes on at (runs start there)
  for (size_t i = first; i < end; ++i) {
    const ir::Instr& in = img_.code[i];
    XInstr& x = xcode[i];
    x = XInstr{};
    x.op = uint8_t(in.op);
    x.a = in.a;
    x.b = in.b;
    x.imm = in.imm;
    if (in.op == Op::Switch) {  // dense: a jump table (its own operation, not fused with a test)
      const uint32_t* t = pool + in.b;
      ir::SwitchRange r = ir::dense_switch(t, in.imm);
      if (!r.span) {
        // Sparse: the first case inline (most switches have one or two), the rest and the
        // default from the pool. With no case, the "first" is the default.
        x.n = in.imm ? uint32_t(in.imm - 1) : 0;
        x.imm = in.imm ? ir::switch_value(t, 0) : 0;
        x.b = t[in.imm ? 2 : 0];
        x.cases = in.imm ? t + 3 : t;
        continue;
      }
      size_t at = switch_tables_.size();
      std::vector<uint32_t> pcs = ir::dense_switch_targets(t, in.imm, r);
      switch_tables_.push_back(r.span);
      switch_tables_.insert(switch_tables_.end(), pcs.begin(), pcs.end());
      switch_tables_.push_back(t[3 * in.imm]);
      x.op = kXSwitchTable;
      x.n = uint32_t(at);
      x.imm = uint64_t(r.lo);
      continue;
    }
    if (in.op == Op::Jump && in.b) {  // (verify_image: to this block, b earlier in it)
      x.op = kXLoopJump;
      go_on[in.b] = 1;
      continue;
    }
    if (in.op != Op::PrimOp) continue;
    const primops::PrimOpDesc& d = primops::primop(primops::PrimOpId(in.imm));
    const uint32_t* ops = pool + in.b;
    // Element accesses, sizes, MutVar# values, freezes: straight to the runtime's one
    // definition, operands inline (a: result or value written, b: object, imm: index register
    // and the access).
    if (ElemAccess acc = elem_access_at(uint32_t(in.imm), ops[0], ops[1])) {
      bool write = elem_access_writes(acc);
      const uint32_t* args = ops + 2 + ops[0];
      ElemArgs e = elem_access_args(acc);
      x.op = write ? kXElemWrite : kXElemRead;
      static constexpr ElemForm kElemForms[] = {
#define ELEM_ENTRY(NAME, ACCESS) {ACCESS, kX##NAME},
          STGVM_ELEM_FORMS(ELEM_ENTRY)
#undef ELEM_ENTRY
      };
      for (const ElemForm& f : kElemForms)
        if ((acc & ~0xFFFFu) == f.access) x.op = f.op;
      x.a = write ? args[e.val] : ops[2];
      x.b = args[e.obj];
      // (No index: any register will do, elem_access does not read it.)
      x.imm = uint64_t(args[e.off >= 0 ? e.off : e.obj]) | (uint64_t(acc) << 32);
      continue;
    }
    if (!d.is_pure()) {  // (no need to ask the primop table again at run time)
      x.op = kXMemPrimOp;
      if (primops::PrimOpId(in.imm) == primops::PrimOpId::NewByteArrayOp_Char && ops[0] == 1 && ops[1] >= 1) {
        x.op = kXNewBytes;
        x.a = ops[2];
        x.imm = in.imm | uint64_t(ops[3]) << 32;
      }
      continue;
    }
    // Pure, cannot trap, one result, one or two arguments: the common arithmetic.
    if (d.trap || ops[0] != 1 || d.n_results != 1 || (ops[1] != 1 && ops[1] != 2)) continue;
    if (int h = primops::hot_unary_index(primops::PrimOpId(in.imm)); h >= 0 && ops[1] == 1) {
      x.op = uint8_t(kXHot1 + h);
      x.a = ops[2];
      x.b = ops[3];
      continue;
    }
    if (int h = primops::hot_index(primops::PrimOpId(in.imm)); h >= 0 && ops[1] == 2) {
      x.op = uint8_t(kXHot + h);  // (its semantics inline: no call through the table)
      x.a = ops[2];
      x.b = ops[3];
      x.imm = ops[4];
      continue;
    }
    x.fn = d.fn;
    x.op = ops[1] == 1 ? kXPure11 : kXPure21;
    x.a = ops[2];
    x.b = ops[3];
    if (ops[1] == 2) x.imm = ops[4];
  }
  // Runs and superinstructions, within the block, left to right, not overlapping. Only the first
  // instruction changes: the others stay in place, so a branch to one of them still finds it.
  struct Pair {
    Op first, second;
    uint8_t fused;
  };
  static const Pair kPairs[] = {
      {Op::SetR, Op::Jump, kXSetRJump},         {Op::Const, Op::SetR, kXConstSetR},
      {Op::SpAdd, Op::SpAdd, kXSpAdd2},         {Op::LoadSp, Op::SpAdd, kXLoadSpSpAdd},
      {Op::Load, Op::SpAdd, kXLoadSpAdd},       {Op::SpAdd, Op::Load, kXSpAddLoad},
      {Op::StoreSpImm, Op::Load, kXStoreSpImmLoad}, {Op::TagOf, Op::Switch, kXTagOfSwitch},
      {Op::IsEval, Op::Switch, kXIsEvalSwitch},   {Op::SpAdd, Op::StoreSpImm, kXSpAddStoreSpImm},
      {Op::SetR, Op::Return, kXSetRReturn},
  };
  // Triples (tried before pairs and runs).
  struct Triple {
    Op first, second, third;
    uint8_t fused;
  };
  static const Triple kTriples[] = {
      {Op::SpAdd, Op::StoreSpImm, Op::StoreSp, kXPushFrame},
      {Op::HeapCheck, Op::Alloc, Op::StoreImm, kXAllocObject},
  };
  struct Run {
    Op op;
    uint8_t pair, run;
  };
  static const Run kRuns[] = {
      {Op::GetR, kXGetR2, kXGetRRun},       {Op::SetR, kXSetR2, kXSetRRun},
      {Op::LoadSp, kXLoadSp2, kXLoadSpRun}, {Op::StoreSp, kXStoreSp2, kXStoreSpRun},
      {Op::StoreSpImm, kXStoreSpImm2, kXStoreSpImmRun}, {Op::Store, kXStore2, kXStoreRun},
      {Op::StoreImm, kXStoreImm2, kXStoreImmRun}, {Op::Load, kXLoad2, kXLoadRun},
  };
  constexpr int kHot = primops::kHotPrimOpCount;
  auto is_hot = [&](size_t i) { return i < end && xcode[i].op >= kXHot && xcode[i].op < kXHot + kHot; };
  auto is_comparison = [&](size_t i) { return is_hot(i) && xcode[i].op < kXHot + primops::kHotComparisonCount; };
  auto is = [&](size_t i, Op op) { return i < end && xcode[i].op == uint8_t(op); };
  // How many `op`s from `at` on, none after the first a pc a loop goes on at.
  auto run_length = [&](size_t at, Op op) {
    uint32_t n = 0;
    while (is(at + n, op) && (n == 0 || !go_on[at + n - first])) ++n;
    return n;
  };
  for (size_t i = first; i + 1 < end;) {
    XInstr& x = xcode[i];
    if (is_comparison(i) && is(i + 1, Op::Switch)) {  // a comparison and the branch on it
      x.op = uint8_t(kXHotSwitch + (x.op - kXHot));
      i += 2;
      continue;
    }
    if (x.op == uint8_t(Op::Const) && is_hot(i + 1)) {  // an operand that is a literal
      bool sw = is_comparison(i + 1) && is(i + 2, Op::Switch);
      x.op = uint8_t((sw ? kXConstHotSwitch : kXConstHot) + (xcode[i + 1].op - kXHot));
      i += sw ? 3 : 2;
      continue;
    }
    // Longer sequences: a jump's arguments with a literal first, a frame popped (at a return
    // point's start, after its result), and a `case` on a value that turns out evaluated.
    if (x.op == uint8_t(Op::Const) && is(i + 1, Op::SetR)) {
      uint32_t n = run_length(i + 1, Op::SetR);
      if (is(i + 1 + n, Op::Jump) && !go_on[i + 1 - first]) {
        x.op = n == 1 ? kXConstSetRJump : kXConstSetRRunJump;
        xcode[i + 1].n = n;  // (a plain SetR ignores its n)
        i += 2 + n;
        continue;
      }
    }
    if (x.op == uint8_t(Op::LoadSp)) {
      uint32_t n = run_length(i, Op::LoadSp);
      if (n >= 2 && is(i + n, Op::SpAdd) && !go_on[i + n - first]) {
        x.op = kXLoadSpRunSpAdd;
        x.n = n;
        i += n + 1;
        continue;
      }
    }
    if (x.op == uint8_t(Op::GetR) && is(i + 1, Op::LoadSp) && !go_on[i + 1 - first]) {
      uint32_t n = run_length(i + 1, Op::LoadSp);
      if (n >= 2 && is(i + 1 + n, Op::SpAdd) && !go_on[i + 1 + n - first]) {
        x.op = kXGetRLoadSpRunSpAdd;
        xcode[i + 1].n = n;  // (a plain LoadSp ignores its n)
        i += n + 2;
        continue;
      }
    }
    if (x.op == uint8_t(Op::IsEval) && is(i + 1, Op::Switch) && is(i + 2, Op::TagOf) && is(i + 3, Op::Switch)) {
      x.op = kXIsEvalTagOfSwitch;
      i += 2;  // (the TagOf; Switch after it is fused as a pair of its own, for other paths)
      continue;
    }
    bool fused = false;
    for (const Triple& t : kTriples)
      if (x.op == uint8_t(t.first) && is(i + 1, t.second) && is(i + 2, t.third)) {
        x.op = t.fused;
        i += 3;
        fused = true;
        break;
      }
    if (fused) continue;
    for (const Run& r : kRuns) {
      if (x.op != uint8_t(r.op)) continue;
      uint32_t n = run_length(i, r.op);
      if (n < 2) break;
      x.n = n;
      // (A pair costs fewer instructions than a loop of two: runs start at three, except
      // for the moves before a jump, which the run takes too.)
      x.op = r.run == kXSetRRun && is(i + n, Op::Jump) ? uint8_t(kXSetRRunJump) : n == 2 ? r.pair : r.run;
      if (x.op == kXGetRRun) {  // consecutive registers to consecutive locals: a copy
        bool seq = true;
        for (uint32_t k = 1; k < n && seq; ++k) seq = xcode[i + k].a == x.a + k && xcode[i + k].b == x.b + k;
        if (seq) x.op = kXGetRSeq;
      }
      i += n + (x.op == kXSetRRunJump);
      fused = true;
      break;
    }
    if (fused) continue;
    for (const Pair& p : kPairs)
      if (x.op == uint8_t(p.first) && is(i + 1, p.second)) {
        x.op = p.fused;
        ++i;  // (and the ++i below: the pair's second instruction)
        break;
      }
    ++i;
  }
  block_code_[block] = xcode + first;
  return xcode + first;
}

void Vm::no_such_block(uint32_t block) const {
  fail("jump to block " + std::to_string(block) + ", which does not exist");
}

template <bool kObserved>
uint32_t Vm::exec_impl(uint32_t block) {
  static const void* const kLabels[] = {
      &&op_Const, &&op_Mov, &&op_GetR, &&op_SetR, &&op_SetRImm, &&op_Load, &&op_Store, &&op_StoreImm,
      &&op_LoadTable, &&op_LoadSp, &&op_StoreSp, &&op_StoreSpImm, &&op_SpAdd, &&op_HeapCheck, &&op_Alloc,
      &&op_PrimOp, &&op_FCall, &&op_TagOf, &&op_IsEval, &&op_CurTso, &&op_RtCall, &&op_Goto, &&op_Switch, &&op_Jump, &&op_Enter,
      &&op_Return, &&op_Rts, &&op_JumpReg, &&op_Halt, &&op_Pure11, &&op_Pure21,
      &&op_GetR2, &&op_SetR2, &&op_LoadSp2, &&op_StoreSp2, &&op_StoreSpImm2, &&op_Store2, &&op_StoreImm2, &&op_Load2,
      &&op_GetRRun, &&op_GetRSeq, &&op_SetRRun, &&op_SetRRunJump, &&op_LoadSpRun, &&op_StoreSpRun, &&op_StoreSpImmRun,
      &&op_StoreRun, &&op_StoreImmRun, &&op_LoadRun,
      &&op_SetRJump, &&op_ConstSetR, &&op_SpAdd2, &&op_LoadSpSpAdd, &&op_LoadSpAdd, &&op_SpAddLoad,
      &&op_StoreSpImmLoad, &&op_TagOfSwitch, &&op_IsEvalSwitch, &&op_SpAddStoreSpImm, &&op_PushFrame, &&op_AllocObject, &&op_SetRReturn,
      &&op_ConstSetRJump, &&op_ConstSetRRunJump, &&op_LoadSpRunSpAdd, &&op_GetRLoadSpRunSpAdd, &&op_IsEvalTagOfSwitch,
      &&op_MemPrimOp, &&op_NewBytes, &&op_ElemRead, &&op_ElemWrite,
#define ELEM_LABEL(NAME, ACCESS) &&op_##NAME,
      STGVM_ELEM_FORMS(ELEM_LABEL)
#undef ELEM_LABEL
      &&op_SwitchTable,
      &&op_LoopJump, &&op_Decode,
#define HOT_LABELS(ID, EXPR) &&op_hot_##ID,
      STGVM_HOT_PRIMOPS(HOT_LABELS)
#undef HOT_LABELS
#define HOT_LABELS(ID, EXPR) &&op_const_hot_##ID,
      STGVM_HOT_PRIMOPS(HOT_LABELS)
#undef HOT_LABELS
#define HOT_LABELS(ID, EXPR) &&op_hot_switch_##ID,
      STGVM_HOT_COMPARISONS(HOT_LABELS)
#undef HOT_LABELS
#define HOT_LABELS(ID, EXPR) &&op_const_hot_switch_##ID,
      STGVM_HOT_COMPARISONS(HOT_LABELS)
#undef HOT_LABELS
#define HOT_LABELS(ID, EXPR) &&op_hot1_##ID,
      STGVM_HOT_UNARY(HOT_LABELS)
#undef HOT_LABELS
  };
  static_assert(sizeof kLabels / sizeof kLabels[0] == kXHotEnd, "one label per operation");
  static_assert(kXHotEnd <= 256, "operations fit a byte");
  static_assert(uint8_t(Op::Halt) + 1 == kXPure11, "the extra operations follow the IR's");

  uint64_t* const Lr = locals_.data();
  uint64_t* const R = this->R;  // (never moves: linear memory is reserved up front)
  // Sp, Hp, their limits and the stack's top are words of memory (runtime/machine.h) right
  // after R0…R255: addressed from R, which is in a host register, they cost what host
  // variables would.
#define REG32(slot) (reinterpret_cast<uint32_t*>(R)[2 * (L::kMachineRegs + (slot))])
#define Sp REG32(L::kRegSp)
#define SpLim REG32(L::kRegSpLim)
#define Hp REG32(L::kRegHp)
#define HpLim REG32(L::kRegHpLim)
#define stack_hi_ REG32(L::kRegStackHi)
  const uint32_t* const pool = img_.pool.data();
  const XInstr* code = nullptr;  // the running block's first instruction
  const XInstr* in = nullptr;    // the instruction running; the next is in + 1
  const XInstr* const* const block_code = block_code_.data();  // (hoisted: nothing here resizes it)
  const uint32_t nblocks = uint32_t(block_code_.size());
  // The program's own loads and stores (observed: reported as the program's, not the runtime's).
  auto ld = [&](uint64_t a) -> uint64_t {
    uint64_t v = mem_.load64_raw(uint32_t(a));
    if constexpr (kObserved)
      if (observe_accesses_) events_->on_program_memory(false, uint32_t(a), 8, v);
    return v;
  };
  auto st = [&](uint64_t a, uint64_t v) {
    mem_.store64_raw(uint32_t(a), v);
    if constexpr (kObserved)
      if (observe_accesses_) events_->on_program_memory(true, uint32_t(a), 8, v);
  };
#define DISPATCH() goto* kLabels[in->op]
#define NEXT()    \
  do {            \
    ++in;         \
    DISPATCH();   \
  } while (0)
// Entering `block`. (A block index comes from memory — info tables, frames — which a
// program can overwrite.) Expanded at every terminator rather than shared: each then has
// an indirect jump of its own, which the host's branch predictor tells apart.
#define ENTER_BLOCK()                                           \
  do {                                                          \
    if (block >= nblocks) [[unlikely]]                          \
      no_such_block(block);                                     \
    ENTER_VERIFIED();                                           \
  } while (0)
#define ENTER_VERIFIED()                                        \
  do {                                                          \
    ++stats_.steps;                                             \
    if (stats_.steps >= switch_at_) [[unlikely]]                \
      if (uint32_t r = slice_event(block)) return r;            \
    if constexpr (kObserved) events_->on_block(block, running_thread()); \
    code = block_code[block];                                   \
    in = code;                                                  \
    DISPATCH();                                                 \
  } while (0)
// A terminator named the next block: keep going unless the thread stops or switches.
#define CONTINUE_AT(expr)                                                 \
  do {                                                                    \
    if constexpr (kObserved) events_->on_transfer(uint32_t(in - xcode_.p), running_thread()); \
    block = (expr);                                                       \
    if (!block || block == kBlockSwitch || exit_requested_) return block;     \
    ENTER_BLOCK();                                                        \
  } while (0)
// A Jump's own block: verify_image checked it names a block (never 0 nor a switch).
#define CONTINUE_JUMP(expr)                                               \
  do {                                                                    \
    if constexpr (kObserved) events_->on_transfer(uint32_t(in - xcode_.p), running_thread()); \
    block = (expr);                                                       \
    if (exit_requested_) return block;                                    \
    ENTER_VERIFIED();                                                     \
  } while (0)

  ENTER_BLOCK();

// The simple operations' effects, for their own labels and the superinstructions'.
#define DO_Const(x) Lr[(x)->a] = (x)->imm
#define DO_GetR(x) Lr[(x)->a] = R[(x)->b]
#define DO_SetR(x) R[(x)->a] = Lr[(x)->b]
#define DO_Store(x) st(uint32_t(Lr[(x)->a] + (x)->imm), Lr[(x)->b])
#define DO_StoreImm(x) st(uint32_t(Lr[(x)->a] + (x)->b), (x)->imm)
#define DO_LoadSp(x) Lr[(x)->a] = ld(uint32_t(Sp + (x)->imm))
#define DO_StoreSp(x) st(uint32_t(Sp + (x)->imm), Lr[(x)->a])
#define DO_StoreSpImm(x) st(uint32_t(Sp + (x)->b), (x)->imm)
#define DO_Load(x) Lr[(x)->a] = ld(uint32_t(Lr[(x)->b] + (x)->imm))
// (A stack that cannot grow raises StackOverflow: the rest of a pair is not run.)
#define DO_SpAdd(x)                                                            \
  do {                                                                         \
    int64_t d = int64_t((x)->imm);                                             \
    if (d < 0) { /* a push: the stack may need to grow, and its maximum rises */ \
      if (int64_t(Sp) + d < int64_t(SpLim))                                    \
        if (uint32_t e = M_.grow_stack(uint32_t(-d))) CONTINUE_AT(raise(e));   \
      Sp = uint32_t(int64_t(Sp) + d);                                          \
      if (stack_hi_ - Sp > stats_.max_stack) stats_.max_stack = stack_hi_ - Sp; \
    } else {                                                                   \
      Sp = uint32_t(int64_t(Sp) + d);                                          \
    }                                                                          \
  } while (0)
#define DO_TagOf(x)                                                     \
  do {                                                                  \
    if constexpr (kObserved) { /* (the same two loads, as the program's) */ \
      uint32_t info = uint32_t(ld(Lr[(x)->b]));                         \
      uint32_t tag = mem_.load32_raw(info + L::kInfoType + 4);   \
      if (observe_accesses_) events_->on_program_memory(false, info + L::kInfoType + 4, 4, tag); \
      Lr[(x)->a] = tag;                                                 \
    } else { /* (no observer: the loads need not ask for one) */        \
      Lr[(x)->a] = hi_of_info<false>(mem_, info_of<false>(mem_, Lr[(x)->b])); \
    }                                                                   \
  } while (0)
// (Its loads are observed as enter's are.)
#define DO_IsEval(x) Lr[(x)->a] = is_evaluated<kObserved>(mem_, Lr[(x)->b])
// An operation that may collect: the block's static reference table is then a root (its
// code may still enter the CAFs it names).
#define GC_POINT() mem_.store64_unobserved(L::reg_addr(L::kRegGcBlock), block)
// Sets `in` to the target's instruction (the caller dispatches).
#define DO_Switch(x)                                                       \
  do {                                                                     \
    uint64_t v = Lr[(x)->a];                                               \
    uint32_t target = (x)->b;                                              \
    if (v != (x)->imm) {                                                   \
      const uint32_t* t = (x)->cases;                                      \
      target = t[3 * (x)->n];                                              \
      for (uint32_t i = 0; i < (x)->n; ++i)                                \
        if (ir::switch_value(t, i) == v) {                                 \
          target = t[3 * i + 2];                                           \
          break;                                                           \
        }                                                                  \
    }                                                                      \
    in = code + target;                                                    \
  } while (0)
// A superinstruction: the first effect (in), then the second's (the next instruction, skipped).
#define PAIR(first, second) \
  do {                      \
    first(in);              \
    ++in;                   \
    second(in);             \
  } while (0)

op_Const: DO_Const(in); NEXT();
op_Mov: Lr[in->a] = Lr[in->b]; NEXT();
op_GetR: DO_GetR(in); NEXT();
op_SetR: DO_SetR(in); NEXT();
op_SetRImm: R[in->a] = in->imm; NEXT();
op_Load: DO_Load(in); NEXT();
op_Store: DO_Store(in); NEXT();
op_StoreImm: DO_StoreImm(in); NEXT();
op_LoadTable: Lr[in->a] = ld(uint32_t(in->imm + 8 * Lr[in->b])); NEXT();
op_LoadSp: DO_LoadSp(in); NEXT();
op_StoreSp: DO_StoreSp(in); NEXT();
op_StoreSpImm: DO_StoreSpImm(in); NEXT();
// A run: its n instructions, each by its own effect (two at a time); then the one after it.
#define RUN(effect)                  \
  do {                               \
    const XInstr* end = in + in->n;  \
    if (in->n & 1) {                 \
      effect(in);                    \
      ++in;                          \
    }                                \
    do {                             \
      effect(in);                    \
      effect(in + 1);                \
      in += 2;                       \
    } while (in != end);             \
  } while (0)
op_GetR2: PAIR(DO_GetR, DO_GetR); NEXT();
op_SetR2: PAIR(DO_SetR, DO_SetR); NEXT();
op_LoadSp2: PAIR(DO_LoadSp, DO_LoadSp); NEXT();
op_StoreSp2: PAIR(DO_StoreSp, DO_StoreSp); NEXT();
op_StoreSpImm2: PAIR(DO_StoreSpImm, DO_StoreSpImm); NEXT();
op_Store2: PAIR(DO_Store, DO_Store); NEXT();
op_StoreImm2: PAIR(DO_StoreImm, DO_StoreImm); NEXT();
op_Load2: PAIR(DO_Load, DO_Load); NEXT();
op_GetRRun: RUN(DO_GetR); DISPATCH();
op_GetRSeq: {  // (word by word: see kXGetRSeq)
  uint64_t* d = Lr + in->a;
  const uint64_t* s = R + in->b;
  const uint32_t n = in->n;
  uint32_t k = n & 1;
  if (k) d[0] = s[0];
  for (; k < n; k += 2) {
    uint64_t w0 = s[k], w1 = s[k + 1];
    asm("" : "+r"(w0), "+r"(w1));  // (kept in general registers: no 16-byte load of them)
    d[k] = w0;
    d[k + 1] = w1;
  }
  in += n;
  DISPATCH();
}
op_SetRRun: RUN(DO_SetR); DISPATCH();
op_SetRRunJump: RUN(DO_SetR); CONTINUE_JUMP(uint32_t(in->imm));
op_LoadSpRun: RUN(DO_LoadSp); DISPATCH();
op_StoreSpRun: RUN(DO_StoreSp); DISPATCH();
op_StoreSpImmRun: RUN(DO_StoreSpImm); DISPATCH();
op_StoreRun: RUN(DO_Store); DISPATCH();
op_StoreImmRun: RUN(DO_StoreImm); DISPATCH();
op_LoadRun: RUN(DO_Load); DISPATCH();
op_ConstSetR: PAIR(DO_Const, DO_SetR); NEXT();
op_SpAdd2: PAIR(DO_SpAdd, DO_SpAdd); NEXT();
op_LoadSpSpAdd: PAIR(DO_LoadSp, DO_SpAdd); NEXT();
op_LoadSpAdd: PAIR(DO_Load, DO_SpAdd); NEXT();
op_SpAddLoad: PAIR(DO_SpAdd, DO_Load); NEXT();
op_StoreSpImmLoad: PAIR(DO_StoreSpImm, DO_Load); NEXT();
op_SetRJump:
  DO_SetR(in);
  ++in;
  CONTINUE_JUMP(uint32_t(in->imm));
op_SpAdd: DO_SpAdd(in); NEXT();
#define DO_HeapCheck(x)                                                                         \
  do {                                                                                          \
    if (uint64_t(Hp) + (x)->imm > HpLim) {                                                      \
      GC_POINT();                                                                               \
      if (uint32_t e = heap_check(uint32_t((x)->imm), Lr, pool + (x)->b, (x)->a)) CONTINUE_AT(raise(e)); \
    }                                                                                           \
  } while (0)
#define DO_Alloc(x)                                                              \
  do {                                                                           \
    Lr[(x)->a] = Hp;                                                             \
    if constexpr (kObserved) events_->on_alloc(block, Hp, uint32_t((x)->imm));   \
    Hp += uint32_t((x)->imm);                                                    \
    stats_.allocated += (x)->imm;                                                \
  } while (0)
op_HeapCheck: DO_HeapCheck(in); NEXT();
op_Alloc: DO_Alloc(in); NEXT();
op_AllocObject:
  DO_HeapCheck(in);
  ++in;
  PAIR(DO_Alloc, DO_StoreImm);
  NEXT();
op_SpAddStoreSpImm: PAIR(DO_SpAdd, DO_StoreSpImm); NEXT();
op_PushFrame:
  PAIR(DO_SpAdd, DO_StoreSpImm);
  ++in;
  DO_StoreSp(in);
  NEXT();
op_SetRReturn:
  DO_SetR(in);
  ++in;
  CONTINUE_AT(return_to_frame<kObserved>());
op_ConstSetRJump:
  PAIR(DO_Const, DO_SetR);
  ++in;
  CONTINUE_JUMP(uint32_t(in->imm));
op_ConstSetRRunJump:
  DO_Const(in);
  ++in;
  RUN(DO_SetR);
  CONTINUE_JUMP(uint32_t(in->imm));
op_LoadSpRunSpAdd:
  RUN(DO_LoadSp);
  DO_SpAdd(in);
  NEXT();
op_GetRLoadSpRunSpAdd:
  DO_GetR(in);
  ++in;
  RUN(DO_LoadSp);
  DO_SpAdd(in);
  NEXT();
op_IsEvalTagOfSwitch: {
  const XInstr* next = in + 2;
  PAIR(DO_IsEval, DO_Switch);
  if (in == next) PAIR(DO_TagOf, DO_Switch);  // (evaluated: the alternatives' own switch)
  DISPATCH();
}
op_PrimOp:  // (pure primops only: predecode_block sends the others to MemPrimOp; none collects)
  if (uint32_t e = prim_op(uint32_t(in->imm), Lr, pool + in->b)) CONTINUE_AT(raise(e));
  NEXT();
op_Pure11: {
  uint64_t x[1] = {Lr[in->b]}, r[1];
  in->fn(x, r);
  Lr[in->a] = r[0];
  NEXT();
}
op_Pure21: {
  uint64_t x[2] = {Lr[in->b], Lr[in->imm]}, r[1];
  in->fn(x, r);
  Lr[in->a] = r[0];
  NEXT();
}
// The commonest pure primops, their one definition expanded inline (primops/pure_hot.h):
// alone, followed by a Switch (a comparison and its branch), after a Const (a literal
// operand), and both; and the one-argument ones, alone.
#define DO_Hot(x, EXPR)                        \
  do {                                         \
    using namespace primops::detail;           \
    uint64_t a = Lr[(x)->b], b = Lr[(x)->imm]; \
    Lr[(x)->a] = (EXPR);                       \
  } while (0)
#define HOT_CODE(ID, EXPR)     \
  op_hot_##ID : {              \
    DO_Hot(in, EXPR);          \
    NEXT();                    \
  }                            \
  op_const_hot_##ID : {        \
    DO_Const(in);              \
    ++in;                      \
    DO_Hot(in, EXPR);          \
    NEXT();                    \
  }
  STGVM_HOT_PRIMOPS(HOT_CODE)
#undef HOT_CODE
#define HOT_SWITCH_CODE(ID, EXPR) \
  op_hot_switch_##ID : {       \
    DO_Hot(in, EXPR);          \
    ++in;                      \
    DO_Switch(in);             \
    DISPATCH();                \
  }                            \
  op_const_hot_switch_##ID : { \
    DO_Const(in);              \
    ++in;                      \
    DO_Hot(in, EXPR);          \
    ++in;                      \
    DO_Switch(in);             \
    DISPATCH();                \
  }
  STGVM_HOT_COMPARISONS(HOT_SWITCH_CODE)
#undef HOT_SWITCH_CODE
#define HOT1_CODE(ID, EXPR)           \
  op_hot1_##ID : {                    \
    using namespace primops::detail;  \
    uint64_t a = Lr[in->b];           \
    Lr[in->a] = (EXPR);               \
    NEXT();                           \
  }
  STGVM_HOT_UNARY(HOT1_CODE)
#undef HOT1_CODE
#undef DO_Hot
op_MemPrimOp:
  GC_POINT();
  if (uint32_t e = prim_op(uint32_t(in->imm), Lr, pool + in->b, true)) CONTINUE_AT(raise(e));
  NEXT();
op_NewBytes:
  if (uint32_t a = new_byte_array_in_nursery(M_, Lr[uint32_t(in->imm >> 32)])) {
    Lr[in->a] = a;
    NEXT();
  }
  goto op_MemPrimOp;
op_ElemRead:
  Lr[in->a] = elem_access<kObserved>(mem_, uint32_t(in->imm >> 32), Lr[in->b], Lr[uint32_t(in->imm)], 0);
  NEXT();
op_ElemWrite:
  elem_access<kObserved>(mem_, uint32_t(in->imm >> 32), Lr[in->b], Lr[uint32_t(in->imm)], Lr[in->a]);
  NEXT();
// The same with the access's flags and size constant (only the primop, for a failure's
// message, comes from the instruction).
#define ELEM_FORM(NAME, ACCESS)                                                         \
  op_##NAME : {                                                                         \
    ElemAccess acc = (uint32_t(in->imm >> 32) & 0xFFFFu) | (ACCESS);                    \
    uint64_t v = elem_access<kObserved>(mem_, acc, Lr[in->b], Lr[uint32_t(in->imm)], Lr[in->a]);   \
    if (!((ACCESS) & elem::kWrite)) Lr[in->a] = v;                                      \
    NEXT();                                                                             \
  }
  STGVM_ELEM_FORMS(ELEM_FORM)
#undef ELEM_FORM
op_Decode:  // (only ever a block's first instruction: kUndecoded)
  code = predecode_block(block);
  in = code;
  DISPATCH();
op_FCall:
  GC_POINT();
  if (uint32_t e = foreign_call(uint32_t(in->imm), Lr, pool + in->b)) CONTINUE_AT(raise(e));
  if (exit_requested_) return 0;
  NEXT();
op_TagOf: DO_TagOf(in); NEXT();
op_IsEval: DO_IsEval(in); NEXT();
op_TagOfSwitch: PAIR(DO_TagOf, DO_Switch); DISPATCH();
op_IsEvalSwitch: PAIR(DO_IsEval, DO_Switch); DISPATCH();
op_CurTso: Lr[in->a] = cur_; NEXT();
op_RtCall: {
  if constexpr (!kObserved)
    if (in->imm == uint64_t(ir::RtFn::Update)) {  // (the commonest: every thunk's value)
      update_from_frame<false>(mem_, thr_, M_.gc, Sp, R[0]);
      Lr[in->a] = 0;
      NEXT();
    }
  const uint32_t* ops = pool + in->b;
  uint64_t args[4];
  uint32_t n = ops[0] < 4 ? ops[0] : 4;
  for (uint32_t i = 0; i < n; ++i) args[i] = Lr[ops[1 + i]];
  Lr[in->a] = rt_call(uint32_t(in->imm), args, n);
  if (exit_requested_) return 0;
  NEXT();
}
op_JumpReg: CONTINUE_AT(uint32_t(Lr[in->a]));
op_Goto: in = code + uint32_t(in->imm); DISPATCH();
op_Switch: DO_Switch(in); DISPATCH();
op_SwitchTable: {  // [span, pc for lo…, default]
  const uint32_t* jt = switch_tables_.data() + in->n;
  uint64_t k = Lr[in->a] - in->imm;
  in = code + jt[1 + (k < jt[0] ? k : jt[0])];
  DISPATCH();
}
op_Jump: CONTINUE_JUMP(uint32_t(in->imm));
// Back to the block's own start, past the register reads still valid: a block entry all the
// same (a step), unless the entry has more to do (a preemption, an exit, events to report).
op_LoopJump:
  if (kObserved || stats_.steps + 1 >= switch_at_ || exit_requested_) CONTINUE_JUMP(uint32_t(in->imm));
  ++stats_.steps;
  in = code + in->b;
  DISPATCH();
op_Enter: CONTINUE_AT(enter<kObserved>(Lr[in->a]));
op_Return: CONTINUE_AT(return_to_frame<kObserved>());
op_Rts: {
  ir::RtsOpKind kind = ir::RtsOpKind(in->imm >> 32);
  uint32_t payload = uint32_t(in->imm);
  switch (kind) {
    case ir::RtsOpKind::Primop: CONTINUE_AT(control_primop(payload, Lr, pool + in->b, in->a));
    case ir::RtsOpKind::PrimCall: CONTINUE_AT(prim_call(prim_call_of(img_.names[payload]), img_.names[payload]));
    case ir::RtsOpKind::UnknownPrimop: fail("unknown primop " + img_.names[payload]);
    case ir::RtsOpKind::Unreachable: fail("impossible case alternative selected in " + img_.names[img_.blocks[block].name]);
  }
  fail("bad runtime operation");
}
op_Halt:
  return 0;
#undef NEXT
#undef DISPATCH
#undef CONTINUE_AT
#undef CONTINUE_JUMP
#undef ENTER_BLOCK
#undef ENTER_VERIFIED
#undef PAIR
#undef RUN
#undef DO_HeapCheck
#undef DO_Alloc
#undef DO_Const
#undef DO_GetR
#undef DO_SetR
#undef DO_Store
#undef DO_StoreImm
#undef DO_LoadSp
#undef DO_StoreSp
#undef DO_StoreSpImm
#undef DO_Load
#undef DO_SpAdd
#undef DO_TagOf
#undef DO_IsEval
#undef DO_Switch
#undef GC_POINT
#undef Sp
#undef SpLim
#undef Hp
#undef HpLim
#undef stack_hi_
#undef REG32
}

// The program's own loads and stores in exec_impl are unchecked (Memory::load64_raw): a stray
// one is caught by the guard pages and reported here as the memory fault it is.
uint32_t Vm::exec(uint32_t block) {
  STGVM_GUARDED(mem_, return events_ ? exec_impl<true>(block) : exec_impl<false>(block));
}

template uint32_t Vm::exec_impl<false>(uint32_t);
template uint32_t Vm::exec_impl<true>(uint32_t);

}  // namespace stgvm
