// The wasm emitter (emit.h, docs/wasm-emitter.md), built as a plugin (stgvm-wasm-emit.so)
// so that only the commands that emit wasm load libbinaryen. The runtime module is read with
// binaryen; the program is added to it: one function per IR code block (structured by
// binaryen's Relooper: IR branches go forward, and loops back), a table of them, the trampoline loop
// and the module's tables (wasm/module_tables.h) replacing the runtime's `stgvm_gen`
// imports, and data segments for the static image.
#include "wasm/emit.h"

#include <binaryen-c.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <set>
#include <stdexcept>

#include "exec/driver.h"
#include "primops/primop_table.h"
#include "runtime/memory_primops.h"
#include "runtime/serial.h"
#include "wasm/module_tables.h"

namespace stgvm {

namespace L = layout;
using ir::Op;
using E = BinaryenExpressionRef;

namespace {

constexpr uint32_t kRuntimeHeapBytes = 32u << 20;  // the runtime's own C heap (sbrk arena)

BinaryenType i32() { return BinaryenTypeInt32(); }
BinaryenType i64() { return BinaryenTypeInt64(); }
BinaryenType none() { return BinaryenTypeNone(); }

// Names of the runtime exports generated code calls, resolved to the module's internal names.
struct RtFns {
  std::string raise, enter, ret, call, control, prim_call, primop, fcall, heap_check, grow_stack, slice_event,
      bad_block, unknown_primop, unreachable, trace, trace_step, trace_alloc, is_eval, elem_access;
};

class Emitter {
 public:
  Emitter(const Image& img, BinaryenModuleRef m, const RtFns& rt, uint32_t vm_base, bool traced)
      : img_(img), m_(m), rt_(rt), B_(vm_base), traced_(traced) {}

  // The function of block `bi` (named `name`).
  void block_function(uint32_t bi, const std::string& name);
  void run_function(const std::string& name);
  void init_function(const std::string& name);

 private:
  const Image& img_;
  BinaryenModuleRef m_;
  const RtFns& rt_;
  uint32_t B_;  // module address of machine address 0
  bool traced_;  // report loads, stores and allocations (runtime/trace.h)
  uint32_t nregs_ = 0;   // locals: L0..L(n-1) (i64), then temporaries
  uint32_t tmp32_ = 0;   // an i32 temporary
  uint32_t label_ = 0;   // the Relooper's label helper (i32)
  uint32_t addr_ = 0;    // an i32 temporary: a traced access's machine address

  E c32(uint32_t v) { return BinaryenConst(m_, BinaryenLiteralInt32(int32_t(v))); }
  E c64(uint64_t v) { return BinaryenConst(m_, BinaryenLiteralInt64(int64_t(v))); }
  E get(uint32_t r) { return BinaryenLocalGet(m_, r, i64()); }
  E set(uint32_t r, E v) { return BinaryenLocalSet(m_, r, v); }
  E wrap(E v) { return BinaryenUnary(m_, BinaryenWrapInt64(), v); }
  E ext(E v) { return BinaryenUnary(m_, BinaryenExtendUInt32(), v); }
  E bin(BinaryenOp op, E a, E b) { return BinaryenBinary(m_, op, a, b); }
  // Machine memory: address expression (i32) plus a constant machine offset.
  E ld64(E addr, uint32_t off) { return BinaryenLoad(m_, 8, false, B_ + off, 0, i64(), addr); }
  E ld32(E addr, uint32_t off) { return BinaryenLoad(m_, 4, false, B_ + off, 0, i32(), addr); }
  E st64(E addr, uint32_t off, E v) { return BinaryenStore(m_, 8, B_ + off, 0, addr, v, i64()); }
  E st32(E addr, uint32_t off, E v) { return BinaryenStore(m_, 4, B_ + off, 0, addr, v, i32()); }
  // A machine address computed as the interpreter does (u32 arithmetic), as an i32.
  E maddr(E base64, uint64_t imm, uint32_t& off) {
    if (imm < (1u << 30)) {
      off = uint32_t(imm);
      return wrap(base64);
    }
    off = 0;
    return wrap(bin(BinaryenAddInt64(), base64, c64(imm)));
  }
  E reg(L::RegSlot r) { return ld32(c32(0), L::reg_addr(r)); }
  E set_reg(L::RegSlot r, E v) { return st32(c32(0), L::reg_addr(r), v); }
  // Runtime memory (absolute module addresses, no machine offset).
  E abs_ld64(E addr, uint32_t off) { return BinaryenLoad(m_, 8, false, off, 0, i64(), addr); }
  E abs_st64(E addr, uint32_t off, E v) { return BinaryenStore(m_, 8, off, 0, addr, v, i64()); }
  E scratch() { return BinaryenGlobalGet(m_, "stgvm$scratch", i32()); }
  E call(const std::string& fn, std::vector<E> args, BinaryenType result) {
    return BinaryenCall(m_, fn.c_str(), args.data(), BinaryenIndex(args.size()), result);
  }
  E ret(E v) { return BinaryenReturn(m_, v); }
  E block(std::vector<E> es) {
    return BinaryenBlock(m_, nullptr, es.data(), BinaryenIndex(es.size()), BinaryenTypeAuto());
  }
  E nop() { return BinaryenNop(m_); }
  // Returns from the block function to the handler the runtime names for exception `e32`
  // if it is not 0.
  E raise_if(E e32) {
    return block({BinaryenLocalSet(m_, tmp32_, e32),
                  BinaryenIf(m_, BinaryenLocalGet(m_, tmp32_, i32()),
                             ret(call(rt_.raise, {ext(BinaryenLocalGet(m_, tmp32_, i32()))}, i32())), nullptr)});
  }
  // Before an operation that may collect: its live registers go to the scratch area, and
  // the block is named (its static reference table is then a root, as in the interpreter).
  void spill_live(std::vector<E>& out, uint32_t bi, const uint32_t* live, uint32_t n) {
    out.push_back(set_reg(L::kRegGcBlock, c32(bi)));
    for (uint32_t i = 0; i < n; ++i)
      out.push_back(abs_st64(scratch(), offsetof(wasm::Scratch, live) + 8 * i, get(live[i])));
  }
  void reload_live(std::vector<E>& out, const uint32_t* live, uint32_t n) {
    for (uint32_t i = 0; i < n; ++i)
      out.push_back(set(live[i], abs_ld64(scratch(), offsetof(wasm::Scratch, live) + 8 * i)));
  }
  void put_args(std::vector<E>& out, const uint32_t* regs, uint32_t n) {
    for (uint32_t i = 0; i < n; ++i)
      out.push_back(abs_st64(scratch(), offsetof(wasm::Scratch, args) + 8 * i, get(regs[i])));
  }

  // Traced accesses: the machine address goes to a temporary first, so that the hook
  // reports exactly the address accessed (the value: the register just loaded or stored).
  E taddr() { return BinaryenLocalGet(m_, addr_, i32()); }
  void traced_load(std::vector<E>& out, E machine_addr, uint32_t dest) {
    out.push_back(BinaryenLocalSet(m_, addr_, machine_addr));
    out.push_back(set(dest, ld64(taddr(), 0)));
    out.push_back(call(rt_.trace, {c32(8), taddr(), get(dest)}, none()));
  }
  void traced_store(std::vector<E>& out, E machine_addr, E value, E value_again) {
    out.push_back(BinaryenLocalSet(m_, addr_, machine_addr));
    out.push_back(st64(taddr(), 0, value));
    out.push_back(call(rt_.trace, {c32(8 | 1u << 8), taddr(), value_again}, none()));
  }
  // The interpreter's u32 address arithmetic, as one i32 expression.
  E addr_plus(E base64, uint64_t imm) { return wrap(bin(BinaryenAddInt64(), base64, c64(imm))); }
  E sp_plus(uint64_t imm) { return bin(BinaryenAddInt32(), reg(L::kRegSp), c32(uint32_t(imm))); }
  // The traced forms of the memory instructions (false: not one).
  bool traced_instr(const ir::Instr& in, std::vector<E>& out);
  // A jump of a block to itself that goes on at pc in.b (ir.h, Jump), without a return to
  // the trampoline unless the block entry is due to do more than count a step. (Traced
  // modules report every block entry: there, a plain jump.)
  bool loop_jump(const ir::Instr& in) const { return !traced_ && in.op == Op::Jump && in.b; }
  // The step count (a u64 the runtime keeps, at global stgvm$steps) plus `plus`; whether a
  // count reaches the step the Driver set (stgvm$switch_at); counting a step. One definition
  // for the trampoline and the loops.
  E steps_plus(uint64_t plus) {
    E n = abs_ld64(BinaryenGlobalGet(m_, "stgvm$steps", i32()), 0);
    return plus ? bin(BinaryenAddInt64(), n, c64(plus)) : n;
  }
  E step_due(E count) {
    return bin(BinaryenGeUInt64(), count, abs_ld64(BinaryenGlobalGet(m_, "stgvm$switch_at", i32()), 0));
  }
  E count_step() { return abs_st64(BinaryenGlobalGet(m_, "stgvm$steps", i32()), 0, steps_plus(1)); }

  // One instruction (not Goto/Switch) into `out`.
  void instr(uint32_t bi, const ir::Instr& in, std::vector<E>& out);
};

bool Emitter::traced_instr(const ir::Instr& in, std::vector<E>& out) {
  switch (in.op) {
    case Op::Load: traced_load(out, addr_plus(get(in.b), in.imm), in.a); return true;
    case Op::Store: traced_store(out, addr_plus(get(in.a), in.imm), get(in.b), get(in.b)); return true;
    case Op::StoreImm: traced_store(out, addr_plus(get(in.a), in.b), c64(in.imm), c64(in.imm)); return true;
    case Op::LoadTable:
      traced_load(out, wrap(bin(BinaryenAddInt64(), c64(in.imm), bin(BinaryenMulInt64(), c64(8), get(in.b)))), in.a);
      return true;
    case Op::LoadSp: traced_load(out, sp_plus(in.imm), in.a); return true;
    case Op::StoreSp: traced_store(out, sp_plus(in.imm), get(in.a), get(in.a)); return true;
    case Op::StoreSpImm: traced_store(out, sp_plus(in.b), c64(in.imm), c64(in.imm)); return true;
    case Op::TagOf:  // the closure's info pointer (a whole word), then the tag word of its info table
      traced_load(out, wrap(get(in.b)), in.a);
      out.push_back(BinaryenLocalSet(m_, addr_, bin(BinaryenAddInt32(), wrap(get(in.a)), c32(L::kInfoType + 4))));
      out.push_back(set(in.a, ext(ld32(taddr(), 0))));
      out.push_back(call(rt_.trace, {c32(4), taddr(), get(in.a)}, none()));
      return true;
    case Op::IsEval:
      out.push_back(set(in.a, ext(call(rt_.is_eval, {get(in.b)}, i32()))));
      out.push_back(set(in.b, abs_ld64(scratch(), offsetof(wasm::Scratch, res))));
      return true;
    case Op::Alloc:
      out.push_back(set(in.a, ext(reg(L::kRegHp))));
      out.push_back(call(rt_.trace_alloc, {BinaryenLocalGet(m_, nregs_ + 3, i32()), wrap(get(in.a)), c32(uint32_t(in.imm))}, none()));
      return false;  // (then the allocation itself)
    default: return false;
  }
}

void Emitter::instr(uint32_t bi, const ir::Instr& in, std::vector<E>& out) {
  const uint32_t* pool = img_.pool.data();
  uint32_t off = 0;
  if (traced_ && traced_instr(in, out)) return;
  switch (in.op) {
    case Op::Const: out.push_back(set(in.a, c64(in.imm))); return;
    case Op::Mov: out.push_back(set(in.a, get(in.b))); return;
    case Op::GetR: out.push_back(set(in.a, ld64(c32(0), L::kRegR + 8 * in.b))); return;
    case Op::SetR: out.push_back(st64(c32(0), L::kRegR + 8 * in.a, get(in.b))); return;
    case Op::SetRImm: out.push_back(st64(c32(0), L::kRegR + 8 * in.a, c64(in.imm))); return;
    case Op::Load: {
      E a = maddr(get(in.b), in.imm, off);
      out.push_back(set(in.a, ld64(a, off)));
      return;
    }
    case Op::Store: {
      E a = maddr(get(in.a), in.imm, off);
      out.push_back(st64(a, off, get(in.b)));
      return;
    }
    case Op::StoreImm: {
      E a = maddr(get(in.a), in.b, off);
      out.push_back(st64(a, off, c64(in.imm)));
      return;
    }
    case Op::LoadTable: {
      E a = wrap(bin(BinaryenAddInt64(), c64(in.imm), bin(BinaryenMulInt64(), c64(8), get(in.b))));
      out.push_back(set(in.a, ld64(a, 0)));
      return;
    }
    case Op::LoadSp: out.push_back(set(in.a, ld64(bin(BinaryenAddInt32(), reg(L::kRegSp), c32(uint32_t(in.imm))), 0))); return;
    case Op::StoreSp: out.push_back(st64(bin(BinaryenAddInt32(), reg(L::kRegSp), c32(uint32_t(in.imm))), 0, get(in.a))); return;
    case Op::StoreSpImm: out.push_back(st64(bin(BinaryenAddInt32(), reg(L::kRegSp), c32(in.b)), 0, c64(in.imm))); return;
    case Op::SpAdd: {
      int64_t d = int64_t(in.imm);
      if (d < 0) {
        E below = bin(BinaryenLtSInt64(), bin(BinaryenAddInt64(), ext(reg(L::kRegSp)), c64(uint64_t(d))), ext(reg(L::kRegSpLim)));
        out.push_back(BinaryenIf(m_, below, raise_if(call(rt_.grow_stack, {c32(uint32_t(-d))}, i32())), nullptr));
      }
      out.push_back(set_reg(L::kRegSp, bin(BinaryenAddInt32(), reg(L::kRegSp), c32(uint32_t(d)))));
      return;
    }
    case Op::HeapCheck: {
      E full = bin(BinaryenGtUInt64(), bin(BinaryenAddInt64(), ext(reg(L::kRegHp)), c64(in.imm)), ext(reg(L::kRegHpLim)));
      std::vector<E> slow;
      spill_live(slow, bi, pool + in.b, in.a);
      slow.push_back(BinaryenLocalSet(m_, tmp32_, call(rt_.heap_check, {c32(uint32_t(in.imm)), c32(in.a)}, i32())));
      reload_live(slow, pool + in.b, in.a);
      slow.push_back(raise_if(BinaryenLocalGet(m_, tmp32_, i32())));
      out.push_back(BinaryenIf(m_, full, block(slow), nullptr));
      return;
    }
    case Op::Alloc: {
      out.push_back(set(in.a, ext(reg(L::kRegHp))));
      out.push_back(set_reg(L::kRegHp, bin(BinaryenAddInt32(), reg(L::kRegHp), c32(uint32_t(in.imm)))));
      E counter = BinaryenGlobalGet(m_, "stgvm$allocated", i32());
      out.push_back(abs_st64(counter, 0,
                             bin(BinaryenAddInt64(), abs_ld64(BinaryenGlobalGet(m_, "stgvm$allocated", i32()), 0), c64(in.imm))));
      return;
    }
    case Op::PrimOp: {
      const uint32_t* ops = pool + in.b;
      uint32_t nres = ops[0], nargs = ops[1];
      const uint32_t* res = ops + 2;
      const uint32_t* args = res + nres;
      const uint32_t* livep = args + nargs;
      uint32_t nlive = livep[0], arg_ptrs = livep[1 + nlive];
      // Array and Addr# element accesses (never allocating): straight to the runtime's
      // elem_access, as the interpreter does (a State# token after the operands is ignored).
      if (ElemAccess acc = elem_access_at(uint32_t(in.imm), nres, nargs)) {
        ElemArgs x = elem_access_args(acc);
        E r = call(rt_.elem_access, {c32(acc), get(args[x.obj]), x.off >= 0 ? get(args[x.off]) : c64(0),
                                     x.val >= 0 ? get(args[x.val]) : c64(0)}, i64());
        out.push_back(elem_access_writes(acc) ? BinaryenDrop(m_, r) : set(res[0], r));
        return;
      }
      put_args(out, args, nargs);
      spill_live(out, bi, livep + 1, nlive);
      out.push_back(BinaryenLocalSet(
          m_, tmp32_, call(rt_.primop, {c32(uint32_t(in.imm)), c32(nargs), c32(nres), c32(nlive), c32(arg_ptrs)}, i32())));
      reload_live(out, livep + 1, nlive);
      out.push_back(raise_if(BinaryenLocalGet(m_, tmp32_, i32())));
      for (uint32_t i = 0; i < nres; ++i)
        out.push_back(set(res[i], abs_ld64(scratch(), offsetof(wasm::Scratch, res) + 8 * i)));
      return;
    }
    case Op::FCall: {
      const uint32_t* ops = pool + in.b;
      uint32_t nres = ops[0], nargs = ops[1];
      const uint32_t* args = ops + 2 + nres;
      const uint32_t* live = args + nargs;
      put_args(out, args, nargs);
      spill_live(out, bi, live + 1, live[0]);
      out.push_back(BinaryenLocalSet(m_, tmp32_, call(rt_.fcall, {c32(uint32_t(in.imm)), c32(live[0])}, i32())));
      reload_live(out, live + 1, live[0]);
      E t = BinaryenLocalGet(m_, tmp32_, i32());
      // kFcallExit: the program is exiting (the thread stops here, as in the interpreter).
      out.push_back(BinaryenIf(m_, bin(BinaryenEqInt32(), t, c32(wasm::kFcallExit)), ret(c32(0)), nullptr));
      out.push_back(raise_if(BinaryenLocalGet(m_, tmp32_, i32())));
      if (nres) out.push_back(set(ops[2], abs_ld64(scratch(), offsetof(wasm::Scratch, res))));
      return;
    }
    case Op::TagOf: {
      E info = ld32(wrap(get(in.b)), 0);
      out.push_back(set(in.a, ext(ld32(info, L::kInfoType + 4))));
      return;
    }
    case Op::IsEval: {  // 1 unless the info table's type is thunk-like (layout::is_thunk_like)
      out.push_back(BinaryenLocalSet(m_, tmp32_, ld32(ld32(wrap(get(in.b)), 0), L::kInfoType)));
      // An indirection: the runtime follows it (the closure it reaches comes back in scratch).
      E ind = bin(BinaryenOrInt32(), bin(BinaryenEqInt32(), BinaryenLocalGet(m_, tmp32_, i32()), c32(L::IND)),
                  bin(BinaryenEqInt32(), BinaryenLocalGet(m_, tmp32_, i32()), c32(L::IND_STATIC)));
      E follow = block({set(in.a, ext(call(rt_.is_eval, {get(in.b)}, i32()))),
                        set(in.b, abs_ld64(scratch(), offsetof(wasm::Scratch, res)))});
      std::vector<E> direct;
      E t = BinaryenLocalGet(m_, tmp32_, i32());
      E bit = bin(BinaryenAndInt64(), bin(BinaryenShrUInt64(), c64(L::kThunkLikeTypes), ext(t)), c64(1));
      E thunk = BinaryenSelect(m_, bin(BinaryenLtUInt32(), BinaryenLocalGet(m_, tmp32_, i32()), c32(64)), bit, c64(0),
                               BinaryenTypeInt64());
      direct.push_back(set(in.a, bin(BinaryenXorInt64(), thunk, c64(1))));
      out.push_back(BinaryenIf(m_, ind, follow, block(direct)));
      return;
    }
    case Op::CurTso: out.push_back(set(in.a, ext(ld32(c32(0), L::kCurrentTso)))); return;
    case Op::RtCall: {
      const uint32_t* ops = pool + in.b;
      uint32_t n = ops[0] < 4 ? ops[0] : 4;
      put_args(out, ops + 1, n);
      out.push_back(set(in.a, call(rt_.call, {c32(uint32_t(in.imm)), c32(n)}, i64())));
      return;
    }
    case Op::Jump:
      if (loop_jump(in)) {  // (the trampoline's step count and check, when nothing is due)
        out.push_back(BinaryenIf(m_, step_due(steps_plus(1)), ret(c32(uint32_t(in.imm))), nullptr));
        out.push_back(count_step());
        return;  // (then the branch to pc b: block_function)
      }
      out.push_back(ret(c32(uint32_t(in.imm))));
      return;
    case Op::Enter: out.push_back(ret(call(rt_.enter, {get(in.a)}, i32()))); return;
    case Op::Return: out.push_back(ret(call(rt_.ret, {}, i32()))); return;
    case Op::JumpReg: out.push_back(ret(wrap(get(in.a)))); return;
    case Op::Halt: out.push_back(ret(c32(0))); return;
    case Op::Rts: {
      auto kind = ir::RtsOpKind(in.imm >> 32);
      uint32_t payload = uint32_t(in.imm);
      switch (kind) {
        case ir::RtsOpKind::Primop: {
          uint32_t n = in.a < 4 ? in.a : 4;
          put_args(out, pool + in.b, n);
          out.push_back(ret(call(rt_.control, {c32(payload), c32(n)}, i32())));
          return;
        }
        case ir::RtsOpKind::PrimCall:
          out.push_back(ret(call(rt_.prim_call, {c32(uint32_t(prim_call_of(img_.names[payload]))), c32(payload)}, i32())));
          return;
        case ir::RtsOpKind::UnknownPrimop:
          out.push_back(call(rt_.unknown_primop, {c32(payload)}, none()));
          out.push_back(BinaryenUnreachable(m_));
          return;
        case ir::RtsOpKind::Unreachable:
          out.push_back(call(rt_.unreachable, {c32(bi)}, none()));
          out.push_back(BinaryenUnreachable(m_));
          return;
      }
      throw std::runtime_error("bad runtime operation in block " + std::to_string(bi));
    }
    case Op::Goto:
    case Op::Switch: break;
  }
  throw std::runtime_error("cannot translate instruction " + std::to_string(int(in.op)) + " of block " + std::to_string(bi));
}

bool is_terminator(Op op) {
  return op == Op::Jump || op == Op::Enter || op == Op::Return || op == Op::Rts || op == Op::JumpReg || op == Op::Halt;
}

void Emitter::block_function(uint32_t bi, const std::string& name) {
  const ir::Block& b = img_.blocks[bi];
  const ir::Instr* code = img_.code.data() + b.first;
  const uint32_t* pool = img_.pool.data();
  nregs_ = b.nregs;
  tmp32_ = nregs_;
  label_ = nregs_ + 1;
  addr_ = nregs_ + 2;
  // Basic blocks start at 0, at every branch target (forward) and where loops go on.
  std::set<uint32_t> leaders{0};
  for (uint32_t pc = 0; pc < b.count; ++pc) {
    const ir::Instr& in = code[pc];
    if (in.op == Op::Goto) leaders.insert(uint32_t(in.imm));
    if (loop_jump(in)) leaders.insert(in.b);
    if (in.op == Op::Switch) {
      const uint32_t* t = pool + in.b;
      for (uint64_t i = 0; i < in.imm; ++i) leaders.insert(t[3 * i + 2]);
      leaders.insert(t[3 * in.imm]);
    }
  }
  for (uint32_t l : leaders)
    if (l >= b.count) throw std::runtime_error("branch past the end of block " + std::to_string(bi));
  RelooperRef rl = RelooperCreate(m_);
  std::map<uint32_t, RelooperBlockRef> rb;
  struct Exit {
    uint32_t from, end;  // the basic block [from, end)
  };
  std::vector<Exit> exits;
  for (auto it = leaders.begin(); it != leaders.end(); ++it) {
    uint32_t from = *it, next = std::next(it) == leaders.end() ? b.count : *std::next(it);
    std::vector<E> es;
    uint32_t pc = from;
    for (; pc < next; ++pc) {
      const ir::Instr& in = code[pc];
      if (in.op == Op::Goto || in.op == Op::Switch) break;
      instr(bi, in, es);
      if (is_terminator(in.op)) break;
    }
    if (es.empty()) es.push_back(nop());
    ir::SwitchRange dense;
    if (pc < next && code[pc].op == Op::Switch) dense = ir::dense_switch(pool + code[pc].b, code[pc].imm);
    if (dense.span) {  // a br_table on value - lo (out of range: index span, the default)
      auto k = [&] { return bin(BinaryenSubInt64(), get(code[pc].a), c64(uint64_t(dense.lo))); };  // (a tree: built twice)
      E index = BinaryenSelect(m_, bin(BinaryenLtUInt64(), k(), c64(dense.span)), wrap(k()), c32(dense.span), i32());
      rb[from] = RelooperAddBlockWithSwitch(rl, block(es), index);
    } else {
      rb[from] = RelooperAddBlock(rl, block(es));
    }
    exits.push_back({from, pc});
  }
  for (const Exit& x : exits) {
    RelooperBlockRef from = rb[x.from];
    uint32_t pc = x.end;
    uint32_t next = leaders.upper_bound(x.from) == leaders.end() ? b.count : *leaders.upper_bound(x.from);
    if (pc < next && loop_jump(code[pc])) {
      RelooperAddBranch(from, rb[code[pc].b], nullptr, nullptr);
      continue;
    }
    if (pc < next && is_terminator(code[pc].op)) continue;
    if (pc >= next) {  // runs into the next basic block
      if (next >= b.count) throw std::runtime_error("block " + std::to_string(bi) + " does not end in a terminator");
      RelooperAddBranch(from, rb[next], nullptr, nullptr);
      continue;
    }
    const ir::Instr& in = code[pc];
    if (in.op == Op::Goto) {
      RelooperAddBranch(from, rb[uint32_t(in.imm)], nullptr, nullptr);
      continue;
    }
    const uint32_t* t = pool + in.b;
    uint32_t dflt = t[3 * in.imm];
    if (ir::SwitchRange dense = ir::dense_switch(t, in.imm); dense.span) {
      // One branch per distinct target of the table; indexes going to the default need none.
      std::vector<uint32_t> slot = ir::dense_switch_targets(t, in.imm, dense);
      std::map<uint32_t, std::vector<BinaryenIndex>> indexes;
      for (uint32_t k = 0; k < dense.span; ++k)
        if (slot[k] != dflt) indexes[slot[k]].push_back(k);
      for (auto& [target, ks] : indexes)
        RelooperAddBranchForSwitch(from, rb[target], ks.data(), BinaryenIndex(ks.size()), nullptr);
      RelooperAddBranchForSwitch(from, rb[dflt], nullptr, 0, nullptr);
      continue;
    }
    // Switch: one branch per distinct target (conditions or-ed), the default last.
    std::map<uint32_t, E> conds;
    for (uint64_t i = 0; i < in.imm; ++i) {
      uint32_t target = t[3 * i + 2];
      if (target == dflt) continue;
      E c = bin(BinaryenEqInt64(), get(in.a), c64(ir::switch_value(t, i)));
      auto [pos, fresh] = conds.emplace(target, c);
      if (!fresh) pos->second = bin(BinaryenOrInt32(), pos->second, c);
    }
    for (auto& [target, c] : conds) RelooperAddBranch(from, rb[target], c, nullptr);
    RelooperAddBranch(from, rb[dflt], nullptr, nullptr);
  }
  E body = RelooperRenderAndDispose(rl, rb[0], label_);
  std::vector<BinaryenType> vars(nregs_, i64());
  vars.push_back(i32());
  vars.push_back(i32());
  vars.push_back(i32());
  vars.push_back(i32());  // the block's own index (traced allocations name it)
  std::vector<E> prologue;
  if (traced_) prologue.push_back(BinaryenLocalSet(m_, nregs_ + 3, c32(bi)));
  prologue.push_back(body);
  prologue.push_back(BinaryenUnreachable(m_));
  E fbody = block(prologue);
  BinaryenAddFunction(m_, name.c_str(), none(), i32(), vars.data(), BinaryenIndex(vars.size()), fbody);
}

// The trampoline: runs blocks until one returns 0 (the thread is done or the program
// exits) or kBlockSwitch, or the runtime stops it at a block's entry (slice_event).
void Emitter::run_function(const std::string& name) {
  // locals: 0 = the block (param), 1 = a result
  E b = BinaryenLocalGet(m_, 0, i32());
  std::vector<E> body;
  body.push_back(count_step());
  E due = step_due(steps_plus(0));
  E ev = block({BinaryenLocalSet(m_, 1, call(rt_.slice_event, {b}, i32())),
                BinaryenIf(m_, BinaryenLocalGet(m_, 1, i32()), ret(BinaryenLocalGet(m_, 1, i32())), nullptr)});
  body.push_back(BinaryenIf(m_, due, ev, nullptr));
  body.push_back(BinaryenIf(m_, bin(BinaryenGeUInt32(), BinaryenLocalGet(m_, 0, i32()), c32(uint32_t(img_.blocks.size()))),
                            call(rt_.bad_block, {BinaryenLocalGet(m_, 0, i32())}, none()), nullptr));
  if (traced_) body.push_back(call(rt_.trace_step, {BinaryenLocalGet(m_, 0, i32())}, none()));
  body.push_back(BinaryenLocalSet(
      m_, 0, BinaryenCallIndirect(m_, "stgvm$blocks", BinaryenLocalGet(m_, 0, i32()), nullptr, 0, none(), i32())));
  E go_on = bin(BinaryenAndInt32(), bin(BinaryenNeInt32(), BinaryenLocalGet(m_, 0, i32()), c32(0)),
                bin(BinaryenNeInt32(), BinaryenLocalGet(m_, 0, i32()), c32(kBlockSwitch)));
  body.push_back(BinaryenBreak(m_, "next", go_on, nullptr));
  E loop = BinaryenLoop(m_, "next", block(body));
  BinaryenType var = i32();
  BinaryenAddFunction(m_, name.c_str(), i32(), i32(), &var, 1, block({loop, BinaryenLocalGet(m_, 0, i32())}));
}

void Emitter::init_function(const std::string& name) {
  BinaryenType params[4] = {i32(), i32(), i32(), i32()};
  const char* globals[4] = {"stgvm$scratch", "stgvm$steps", "stgvm$switch_at", "stgvm$allocated"};
  std::vector<E> body;
  for (uint32_t i = 0; i < 4; ++i) body.push_back(BinaryenGlobalSet(m_, globals[i], BinaryenLocalGet(m_, i, i32())));
  BinaryenAddFunction(m_, name.c_str(), BinaryenTypeCreate(params, 4), none(), nullptr, 0, block(body));
}

// ---- the tables ---------------------------------------------------------------------------

struct TablesBuilder {
  std::vector<uint8_t> bytes;
  uint32_t put(const void* p, size_t n, uint32_t align = 8) {
    while (bytes.size() % align) bytes.push_back(0);
    uint32_t at = uint32_t(bytes.size());
    bytes.insert(bytes.end(), static_cast<const uint8_t*>(p), static_cast<const uint8_t*>(p) + n);
    return at;
  }
};

std::vector<uint8_t> build_tables(const Image& img, uint32_t vm_base, const WasmEmitOptions& o) {
  TablesBuilder t;
  wasm::TablesHeader h;
  t.put(&h, sizeof h);  // (rewritten at the end)
  h.vm_base = vm_base;
  std::vector<std::string> names = img.names;
  auto name_index = [&](const std::string& s) {
    names.push_back(s);
    return uint32_t(names.size() - 1);
  };
  std::vector<wasm::BlockRow> blocks;
  for (const ir::Block& b : img.blocks) blocks.push_back({b.in_regs, b.name, b.in_ptrs, b.thunk_entry ? 1u : 0u, 0});
  std::vector<wasm::SiteRow> sites;
  for (const ForeignSite& s : img.foreign) {
    wasm::SiteRow r{};
    r.symbol = name_index(s.symbol);
    r.dynamic = s.dynamic;
    r.result_rep = uint32_t(s.result_rep);
    if (s.arg_reps.size() > 32) throw std::runtime_error("foreign call " + s.symbol + " with more than 32 arguments");
    r.nargs = uint32_t(s.arg_reps.size());
    for (size_t i = 0; i < s.arg_reps.size(); ++i) r.arg_reps[i] = uint8_t(s.arg_reps[i]);
    sites.push_back(r);
  }
  std::vector<wasm::LabelRow> labels;
  for (size_t i = 0; i < img.labels.size(); ++i) labels.push_back({name_index(img.labels[i]), img.label_cells[i]});
  h.nblocks = uint32_t(blocks.size());
  h.blocks = t.put(blocks.data(), blocks.size() * sizeof(wasm::BlockRow));
  h.nsites = uint32_t(sites.size());
  h.sites = t.put(sites.data(), sites.size() * sizeof(wasm::SiteRow));
  h.nlabels = uint32_t(labels.size());
  h.labels = t.put(labels.data(), labels.size() * sizeof(wasm::LabelRow));
  std::vector<uint32_t> offs;
  for (const std::string& s : names) offs.push_back(t.put(s.c_str(), s.size() + 1, 1));
  h.nnames = uint32_t(offs.size());
  h.names = t.put(offs.data(), offs.size() * 4);
  const L::Regions& rg = img.regions;
  uint32_t regions[9] = {rg.static_end, rg.stack_lo, rg.stack_hi, rg.cheap_lo, rg.cheap_hi, rg.los_lo, rg.los_hi, rg.heap_lo, rg.semi_bytes};
  std::memcpy(h.regions, regions, sizeof regions);
  std::memcpy(h.rts_info, img.rts_info, sizeof h.rts_info);
  const auto closures = img.rts_closures();
  std::memcpy(h.rts_closures, closures.data(), sizeof h.rts_closures);
  h.srt = img.srt;
  h.stack_bytes = o.stack_bytes;
  h.traceable = o.traceable;
  std::memcpy(t.bytes.data(), &h, sizeof h);
  return t.bytes;
}

// The value of an exported i32 global of the runtime module (a data symbol's address).
uint32_t exported_address(BinaryenModuleRef m, const char* name) {
  BinaryenExportRef e = BinaryenGetExport(m, name);
  if (!e || BinaryenExportGetKind(e) != BinaryenExternalGlobal())
    throw std::runtime_error(std::string("the runtime module does not export ") + name);
  return uint32_t(BinaryenConstGetValueI32(BinaryenGlobalGetInitExpr(BinaryenGetGlobal(m, BinaryenExportGetValue(e)))));
}

// The runtime's entry points (wasm::RtEntry order): the function pointers in its data array
// stgvm_rt_fns are indices into its function table, whose element segment names them.
std::vector<std::string> runtime_entries(BinaryenModuleRef m) {
  uint32_t at = exported_address(m, "stgvm_rt_fns");
  uint32_t n = uint32_t(wasm::RtEntry::Count);
  std::vector<uint32_t> index(n);
  bool found = false;
  for (BinaryenIndex s = 0; s < BinaryenGetNumMemorySegments(m) && !found; ++s) {
    if (BinaryenGetMemorySegmentPassive(m, s)) continue;
    uint32_t off = BinaryenGetMemorySegmentByteOffset(m, s);
    size_t len = BinaryenGetMemorySegmentByteLength(m, s);
    if (at < off || uint64_t(at) + 4 * n > off + len) continue;
    std::vector<char> data(len);
    BinaryenCopyMemorySegmentData(m, s, data.data());
    std::memcpy(index.data(), data.data() + (at - off), 4 * n);
    found = true;
  }
  if (!found) throw std::runtime_error("the runtime module's stgvm_rt_fns is not in its data");
  std::vector<std::string> names(n);
  for (uint32_t i = 0; i < n; ++i) {
    for (BinaryenIndex s = 0; s < BinaryenGetNumElementSegments(m) && names[i].empty(); ++s) {
      BinaryenElementSegmentRef seg = BinaryenGetElementSegmentByIndex(m, s);
      if (BinaryenElementSegmentIsPassive(seg)) continue;
      uint32_t off = uint32_t(BinaryenConstGetValueI32(BinaryenElementSegmentGetOffset(seg)));
      if (index[i] >= off && index[i] - off < BinaryenElementSegmentGetLength(seg))
        names[i] = BinaryenElementSegmentGetData(seg, index[i] - off);
    }
    if (names[i].empty()) throw std::runtime_error("the runtime module's entry point " + std::to_string(i) + " is not in its table");
  }
  return names;
}

}  // namespace

namespace {

std::vector<uint8_t> emit(const Image& img, const std::vector<uint8_t>& runtime, const WasmEmitOptions& o) {
  if (runtime.empty()) throw std::runtime_error("this stgvm was built without the wasm32 runtime (STGVM_WASM_RUNTIME=OFF)");
  std::vector<char> rt_bytes(runtime.begin(), runtime.end());
  BinaryenSetDebugInfo(true);  // keep the name section: traps name the block and runtime function
  BinaryenModuleRef m = BinaryenModuleRead(rt_bytes.data(), rt_bytes.size());
  struct Dispose {
    BinaryenModuleRef m;
    ~Dispose() { BinaryenModuleDispose(m); }
  } dispose{m};
  BinaryenModuleSetFeatures(m, BinaryenFeatureMVP() | BinaryenFeatureMutableGlobals() | BinaryenFeatureSignExt() |
                                   BinaryenFeatureBulkMemory() | BinaryenFeatureReferenceTypes() |
                                   BinaryenFeatureNontrappingFPToInt());
  std::vector<std::string> entry = runtime_entries(m);
  using wasm::RtEntry;
  RtFns rt;
  rt.raise = entry[size_t(RtEntry::Raise)];
  rt.enter = entry[size_t(RtEntry::Enter)];
  rt.ret = entry[size_t(RtEntry::Return)];
  rt.call = entry[size_t(RtEntry::Call)];
  rt.control = entry[size_t(RtEntry::Control)];
  rt.prim_call = entry[size_t(RtEntry::PrimCall)];
  rt.primop = entry[size_t(RtEntry::Primop)];
  rt.fcall = entry[size_t(RtEntry::Fcall)];
  rt.heap_check = entry[size_t(RtEntry::HeapCheck)];
  rt.grow_stack = entry[size_t(RtEntry::GrowStack)];
  rt.slice_event = entry[size_t(RtEntry::SliceEvent)];
  rt.bad_block = entry[size_t(RtEntry::BadBlock)];
  rt.unknown_primop = entry[size_t(RtEntry::UnknownPrimop)];
  rt.unreachable = entry[size_t(RtEntry::Unreachable)];
  rt.trace = entry[size_t(RtEntry::Trace)];
  rt.trace_step = entry[size_t(RtEntry::TraceStep)];
  rt.trace_alloc = entry[size_t(RtEntry::TraceAlloc)];
  rt.is_eval = entry[size_t(RtEntry::IsEval)];
  rt.elem_access = entry[size_t(RtEntry::ElemAccess)];

  // The runtime's imports from stgvm_gen become generated functions (same internal names).
  std::map<std::string, std::string> gen;  // import base → internal name
  std::string trace_write;                  // stgvm_trace.write: stays an import only if traceable
  for (BinaryenIndex i = 0; i < BinaryenGetNumFunctions(m); ++i) {
    BinaryenFunctionRef f = BinaryenGetFunctionByIndex(m, i);
    const char* mod = BinaryenFunctionImportGetModule(f);
    if (mod && std::strcmp(mod, "stgvm_gen") == 0) gen[BinaryenFunctionImportGetBase(f)] = BinaryenFunctionGetName(f);
    if (mod && std::strcmp(mod, "stgvm_trace") == 0) trace_write = BinaryenFunctionGetName(f);
  }
  if (!o.traceable && !trace_write.empty()) {  // never called without --trace
    BinaryenRemoveFunction(m, trace_write.c_str());
    BinaryenType params[2] = {i32(), i32()};
    BinaryenAddFunction(m, trace_write.c_str(), BinaryenTypeCreate(params, 2), i32(), nullptr, 0,
                        BinaryenConst(m, BinaryenLiteralInt32(0)));
  }
  for (const char* want : {"run", "tables", "init"})
    if (!gen.count(want)) throw std::runtime_error(std::string("the runtime module does not import stgvm_gen.") + want);
  for (auto& [base, name] : gen) BinaryenRemoveFunction(m, name.c_str());

  // Memory: the runtime's stack, data and C heap, then the tables, then the machine.
  uint32_t heap_base = exported_address(m, "__heap_base");
  uint32_t tables_at = (heap_base + kRuntimeHeapBytes + 15) & ~15u;
  std::vector<uint8_t> tables = build_tables(img, 0, o);
  uint32_t vm_base = uint32_t((uint64_t(tables_at) + tables.size() + L::kPage - 1) / L::kPage * L::kPage);
  tables = build_tables(img, vm_base, o);
  uint64_t initial = (uint64_t(vm_base) + img.regions.end() + L::kPage - 1) / L::kPage;
  if (initial > 65536) throw std::runtime_error("the program's memory layout does not fit a wasm32 memory");

  BinaryenAddGlobal(m, "stgvm$scratch", i32(), true, BinaryenConst(m, BinaryenLiteralInt32(0)));
  BinaryenAddGlobal(m, "stgvm$steps", i32(), true, BinaryenConst(m, BinaryenLiteralInt32(0)));
  BinaryenAddGlobal(m, "stgvm$switch_at", i32(), true, BinaryenConst(m, BinaryenLiteralInt32(0)));
  BinaryenAddGlobal(m, "stgvm$allocated", i32(), true, BinaryenConst(m, BinaryenLiteralInt32(0)));

  Emitter em(img, m, rt, vm_base, o.traceable);
  std::vector<std::string> names(img.blocks.size());
  for (uint32_t bi = 1; bi < img.blocks.size(); ++bi) {
    names[bi] = "stgvm$b" + std::to_string(bi);
    em.block_function(bi, names[bi]);
  }
  {  // block 0 is no block
    names[0] = "stgvm$b0";
    BinaryenExpressionRef args[1] = {BinaryenConst(m, BinaryenLiteralInt32(0))};
    BinaryenExpressionRef body[2] = {BinaryenCall(m, rt.bad_block.c_str(), args, 1, none()), BinaryenUnreachable(m)};
    BinaryenAddFunction(m, names[0].c_str(), none(), i32(), nullptr, 0, BinaryenBlock(m, nullptr, body, 2, i32()));
  }
  std::vector<const char*> fnames;
  for (auto& n : names) fnames.push_back(n.c_str());
  BinaryenAddTable(m, "stgvm$blocks", BinaryenIndex(names.size()), BinaryenIndex(names.size()), BinaryenTypeFuncref());
  BinaryenAddActiveElementSegment(m, "stgvm$blocks", "stgvm$blocks_init", fnames.data(), BinaryenIndex(fnames.size()),
                                  BinaryenConst(m, BinaryenLiteralInt32(0)));
  em.run_function(gen["run"]);
  em.init_function(gen["init"]);
  BinaryenAddFunction(m, gen["tables"].c_str(), none(), i32(), nullptr, 0,
                      BinaryenConst(m, BinaryenLiteralInt32(int32_t(tables_at))));

  // Data: the tables, and the static image at its machine address.
  const char* segs[2] = {reinterpret_cast<const char*>(tables.data()),
                         reinterpret_cast<const char*>(img.static_bytes.data())};
  bool passive[2] = {false, false};
  BinaryenExpressionRef offs[2] = {BinaryenConst(m, BinaryenLiteralInt32(int32_t(tables_at))),
                                   BinaryenConst(m, BinaryenLiteralInt32(int32_t(vm_base + L::kStaticBase)))};
  BinaryenIndex sizes[2] = {BinaryenIndex(tables.size()), BinaryenIndex(img.static_bytes.size())};
  uint32_t before = BinaryenGetNumMemorySegments(m);
  BinaryenSetMemory(m, BinaryenIndex(initial), 65536, nullptr, segs, passive, offs, sizes, 2, false);
  if (BinaryenGetNumMemorySegments(m) != before + 2)
    throw std::runtime_error("binaryen dropped the runtime module's data segments");

  std::string stamp = wasm_module_stamp(runtime);
  BinaryenAddCustomSection(m, "stgvm", stamp.data(), BinaryenIndex(stamp.size()));

  if (!BinaryenModuleValidate(m)) throw std::runtime_error("the emitted module does not validate (an emitter bug)");
  if (o.optimize) {
    BinaryenSetOptimizeLevel(2);
    BinaryenSetShrinkLevel(0);
    BinaryenModuleOptimize(m);
  }
  BinaryenModuleAllocateAndWriteResult w = BinaryenModuleAllocateAndWrite(m, nullptr);
  std::vector<uint8_t> out(static_cast<uint8_t*>(w.binary), static_cast<uint8_t*>(w.binary) + w.binaryBytes);
  free(w.binary);
  if (w.sourceMap) free(w.sourceMap);
  return out;
}

}  // namespace

}  // namespace stgvm

// The plugin's one entry point (wasm/emit_plugin.cpp loads it). Errors come back as text:
// nothing but this function is visible outside the plugin.
extern "C" [[gnu::visibility("default")]] int stgvm_wasm_emit_v1(const stgvm::Image* img, const std::vector<uint8_t>* runtime,
                                                                 const stgvm::WasmEmitOptions* o, std::vector<uint8_t>* out,
                                                                 std::string* error) {
  try {
    *out = stgvm::emit(*img, *runtime, *o);
    return 0;
  } catch (const std::exception& e) {
    *error = e.what();
    return 1;
  }
}
