// A readable listing of lowered blocks (`stgvm lower --print`): one line per instruction,
// with the operands an instruction keeps in the operand pool spelled out, so that a backend
// developer can see what the executors run for a piece of STG.
#include "lower/ir_print.h"

#include <string>

#include "primops/primop_table.h"

namespace stgvm {

using ir::Op;

namespace {

const char* const kOpNames[] = {
    "Const",  "Mov",      "GetR",  "SetR", "SetRImm", "Load",    "Store",  "StoreImm", "LoadTable", "LoadSp",
    "StoreSp", "StoreSpImm", "SpAdd", "HeapCheck", "Alloc", "PrimOp", "FCall", "TagOf", "IsEval", "CurTso",
    "RtCall", "Goto",     "Switch", "Jump", "Enter",  "Return",  "Rts",    "JumpReg",  "Halt",
};
static_assert(sizeof kOpNames / sizeof kOpNames[0] == size_t(Op::Halt) + 1, "one name per operation");

const char* const kBlockKinds[] = {"closure entry", "return point", "join point", "runtime"};

const char* const kRtFnNames[] = {
    "Update",      "Blackhole",    "ApplyFrame",   "RestoreMask",     "Raise",          "ResumeJump",
    "EnterApStack", "RetryMVar",   "RetryThrowTo", "ApplyGeneric",    "AtomicallyFrame", "AtomicallyWaiting",
    "CatchRetryFrame", "CatchStmFrame",
};
static_assert(sizeof kRtFnNames / sizeof kRtFnNames[0] == size_t(ir::RtFn::Count), "one name per function");

std::string hex(uint64_t v) {
  char b[24];
  snprintf(b, sizeof b, "0x%llx", static_cast<unsigned long long>(v));
  return b;
}

std::string name_of(const Image& img, uint32_t block) {
  return block < img.blocks.size() && img.blocks[block].name < img.names.size() ? img.names[img.blocks[block].name] : "?";
}

// Registers pool[at .. at + n), as "L3 L7".
std::string regs(const Image& img, size_t at, size_t n) {
  std::string s;
  for (size_t i = 0; i < n && at + i < img.pool.size(); ++i) s += (i ? " L" : "L") + std::to_string(img.pool[at + i]);
  return s;
}

std::string instr_text(const Image& img, const ir::Instr& in) {
  const std::string a = "L" + std::to_string(in.a), b = "L" + std::to_string(in.b);
  auto word = [&](size_t i) { return i < img.pool.size() ? img.pool[i] : 0u; };
  switch (in.op) {
    case Op::Const: return a + " = " + hex(in.imm);
    case Op::Mov: return a + " = " + b;
    case Op::GetR: return a + " = R" + std::to_string(in.b);
    case Op::SetR: return "R" + std::to_string(in.a) + " = " + b;
    case Op::SetRImm: return "R" + std::to_string(in.a) + " = " + hex(in.imm);
    case Op::Load: return a + " = [" + b + " + " + std::to_string(in.imm) + "]";
    case Op::Store: return "[" + a + " + " + std::to_string(in.imm) + "] = " + b;
    case Op::StoreImm: return "[" + a + " + " + std::to_string(in.b) + "] = " + hex(in.imm);
    case Op::LoadTable: return a + " = [" + hex(in.imm) + " + 8 * " + b + "]";
    case Op::LoadSp: return a + " = [Sp + " + std::to_string(int64_t(in.imm)) + "]";
    case Op::StoreSp: return "[Sp + " + std::to_string(int64_t(in.imm)) + "] = " + a;
    case Op::StoreSpImm: return "[Sp + " + std::to_string(int32_t(in.b)) + "] = " + hex(in.imm);
    case Op::SpAdd: return "Sp += " + std::to_string(int64_t(in.imm));
    case Op::HeapCheck: return std::to_string(in.imm) + " bytes, live: " + regs(img, in.b, in.a);
    case Op::Alloc: return a + " = Hp; Hp += " + std::to_string(in.imm);
    case Op::PrimOp: {
      uint32_t nr = word(in.b), na = word(in.b + 1);
      std::string s = regs(img, in.b + 2, nr) + " = " + std::string(primops::primop(primops::PrimOpId(in.imm)).name);
      return s + " " + regs(img, in.b + 2 + nr, na);
    }
    case Op::FCall: {
      uint32_t nr = word(in.b), na = word(in.b + 1);
      std::string sym = in.imm < img.foreign.size() ? img.foreign[in.imm].symbol : "?";
      return (nr ? regs(img, in.b + 2, nr) + " = " : "") + "ccall " + (sym.empty() ? "(pointer)" : sym) + " " +
             regs(img, in.b + 2 + nr, na);
    }
    case Op::TagOf: return a + " = tag " + b;
    case Op::IsEval: return a + " = evaluated " + b;
    case Op::CurTso: return a + " = current thread";
    case Op::RtCall:
      return a + " = " + (in.imm < uint64_t(ir::RtFn::Count) ? kRtFnNames[in.imm] : "?") + " " +
             regs(img, in.b + 1, word(in.b));
    case Op::Goto: return "goto " + std::to_string(in.imm);
    case Op::Switch: {
      std::string s = "switch " + a + ":";
      for (uint64_t i = 0; i < in.imm; ++i) {
        uint64_t v = uint64_t(word(in.b + 3 * i)) | (uint64_t(word(in.b + 3 * i + 1)) << 32);
        s += " " + std::to_string(int64_t(v)) + "->" + std::to_string(word(in.b + 3 * i + 2));
      }
      return s + " default->" + std::to_string(word(in.b + 3 * in.imm));
    }
    case Op::Jump:
      return "jump " + std::to_string(in.imm) + " (" + name_of(img, uint32_t(in.imm)) + ")" +
             (in.b ? ", may go on at " + std::to_string(in.b) : "");
    case Op::Enter: return "enter " + a;
    case Op::Return: return "return";
    case Op::Rts: return "rts " + hex(in.imm) + " " + regs(img, in.b, in.a);
    case Op::JumpReg: return "jump " + a;
    case Op::Halt: return "halt";
  }
  return "?";
}

}  // namespace

std::string print_block(const Image& img, uint32_t block) {
  const ir::Block& blk = img.blocks[block];
  std::string o = "block " + std::to_string(block) + " " + name_of(img, block) + " (" +
                  kBlockKinds[size_t(blk.kind) < 4 ? size_t(blk.kind) : 3] + ", " + std::to_string(blk.nregs) +
                  " registers)\n";
  for (uint32_t i = 0; i < blk.count && size_t(blk.first) + i < img.code.size(); ++i) {
    const ir::Instr& in = img.code[blk.first + i];
    o += "  " + std::to_string(i) + ": " + (size_t(in.op) <= size_t(Op::Halt) ? kOpNames[size_t(in.op)] : "?") + " " +
         instr_text(img, in) + "\n";
  }
  return o;
}

}  // namespace stgvm
