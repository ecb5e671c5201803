// Structural validation of an Image (see lower.h): what both executors rely on.
#include <string>

#include "lower/lower.h"
#include "primops/primop_table.h"

namespace stgvm {

using ir::Op;

namespace {

bool is_terminator(Op op) {
  return op == Op::Jump || op == Op::Enter || op == Op::Return || op == Op::Rts ||
         op == Op::JumpReg || op == Op::Halt;
}

}  // namespace

std::string verify_image(const Image& img) {
  auto fail = [&](size_t b, uint32_t pc, const std::string& what) {
    std::string name = b < img.blocks.size() && img.blocks[b].name < img.names.size() ? img.names[img.blocks[b].name] : "?";
    return "block " + std::to_string(b) + " (" + name + ") pc " + std::to_string(pc) + ": " + what;
  };
  if (img.code.empty() && img.blocks.size() <= 1) return "empty image";
  // The static reference tables lie in the static image, with one entry per block (the
  // collector reads them without further checks).
  const layout::StaticTables& s = img.srt;
  auto in_static = [&](uint64_t lo, uint64_t bytes) { return lo >= layout::kStaticBase && lo + bytes <= img.static_end(); };
  if (s.table || s.blocks || s.relevant || s.relevant_end) {
    if (s.blocks != img.blocks.size() || !in_static(s.table, 4ull * s.blocks)) return "static reference table out of range";
    if (s.relevant_end < layout::kStaticBase || s.relevant_end > img.static_end() ||
        !in_static(s.relevant, layout::StaticTables::bitmap_bytes(s.relevant_end)))
      return "static reference bitmap out of range";
    for (uint32_t b = 0; b < s.blocks; ++b) {
      uint32_t t = uint32_t(img.static_word(s.table + 4 * b, 4));
      if (!t) continue;
      if (!in_static(t, 8)) return "static reference table of block " + std::to_string(b) + " out of range";
      uint64_t n = img.static_word(t, 8);
      if (n > img.static_end() || !in_static(t, 8 * (1 + n)))
        return "static reference table of block " + std::to_string(b) + " out of range";
    }
  }
  for (size_t b = 1; b < img.blocks.size(); ++b) {
    const ir::Block& blk = img.blocks[b];
    if (blk.count == 0) return fail(b, 0, "no code (block never generated)");
    if (size_t(blk.first) + blk.count > img.code.size()) return fail(b, 0, "code out of range");
    if (blk.name >= img.names.size()) return fail(b, 0, "name out of range");
    // Every pc is reached by straight-line flow or forward branches; each instruction that
    // can fall through must have a successor, and the last instruction must end its path.
    for (uint32_t pc = 0; pc < blk.count; ++pc) {
      const ir::Instr& in = img.code[blk.first + pc];
      auto reg_ok = [&](uint32_t r) { return r < blk.nregs; };
      auto pool_ok = [&](uint64_t at, uint64_t n) { return at + n <= img.pool.size(); };
      switch (in.op) {
        case Op::Const: case Op::Alloc: case Op::LoadSp: case Op::GetR: case Op::CurTso:
          if (!reg_ok(in.a)) return fail(b, pc, "register out of range");
          if (in.op == Op::GetR && in.b >= ir::kMaxMachineRegs) return fail(b, pc, "machine register out of range");
          break;
        case Op::Mov: case Op::Load: case Op::Store: case Op::LoadTable: case Op::TagOf: case Op::IsEval:
          if (!reg_ok(in.a) || !reg_ok(in.b)) return fail(b, pc, "register out of range");
          break;
        case Op::SetR:
          if (in.a >= ir::kMaxMachineRegs || !reg_ok(in.b)) return fail(b, pc, "register out of range");
          break;
        case Op::StoreImm: case Op::StoreSp: case Op::Enter:
          if (!reg_ok(in.a)) return fail(b, pc, "register out of range");
          break;
        case Op::HeapCheck:
          if (!pool_ok(in.b, in.a)) return fail(b, pc, "operand list out of range");
          for (uint32_t i = 0; i < in.a; ++i)
            if (!reg_ok(img.pool[in.b + i])) return fail(b, pc, "live register out of range");
          break;
        case Op::PrimOp: case Op::FCall: {
          if (!pool_ok(in.b, 2)) return fail(b, pc, "operand list out of range");
          uint32_t n = img.pool[in.b] + img.pool[in.b + 1];
          if (!pool_ok(in.b, 2 + n)) return fail(b, pc, "operand list out of range");
          for (uint32_t i = 0; i < n; ++i)
            if (!reg_ok(img.pool[in.b + 2 + i])) return fail(b, pc, "operand register out of range");
          if (in.op == Op::FCall && in.imm >= img.foreign.size()) return fail(b, pc, "foreign site out of range");
          // Then the live pointer registers (count, list), and for a primop the pointer bits
          // of its arguments.
          if (in.op == Op::PrimOp && in.imm >= primops::kPrimOpCount) return fail(b, pc, "unknown primop");
          if (!pool_ok(in.b, 2 + n + 1)) return fail(b, pc, "operand list out of range");
          uint32_t nlive = img.pool[in.b + 2 + n];
          if (!pool_ok(in.b, 2 + n + 1 + uint64_t(nlive) + (in.op == Op::PrimOp)))
            return fail(b, pc, "operand list out of range");
          for (uint32_t i = 0; i < nlive; ++i)
            if (!reg_ok(img.pool[in.b + 3 + n + i])) return fail(b, pc, "live register out of range");
          break;
        }
        case Op::Switch: {
          if (!reg_ok(in.a) || !pool_ok(in.b, 3 * in.imm + 1)) return fail(b, pc, "bad switch");
          for (uint64_t i = 0; i <= in.imm; ++i) {
            uint32_t target = i < in.imm ? img.pool[in.b + 3 * i + 2] : img.pool[in.b + 3 * in.imm];
            if (target <= pc || target >= blk.count) return fail(b, pc, "switch target not forward/in range");
          }
          break;
        }
        case Op::Goto:
          if (in.imm <= pc || in.imm >= blk.count) return fail(b, pc, "goto target not forward/in range");
          break;
        case Op::Jump:
          if (in.imm == 0 || in.imm >= img.blocks.size()) return fail(b, pc, "jump to a missing block");
          if (in.b && (in.imm != b || in.b >= pc)) return fail(b, pc, "loop entry not earlier in the same block");
          break;
        case Op::Rts: {
          if (!pool_ok(in.b, in.a)) return fail(b, pc, "operand list out of range");
          auto kind = ir::RtsOpKind(in.imm >> 32);
          uint32_t payload = uint32_t(in.imm);
          if (kind == ir::RtsOpKind::Primop ? payload >= primops::kPrimOpCount
              : kind == ir::RtsOpKind::PrimCall || kind == ir::RtsOpKind::UnknownPrimop ? payload >= img.names.size()
              : kind != ir::RtsOpKind::Unreachable)
            return fail(b, pc, "bad runtime operation");
          break;
        }
        case Op::RtCall: {
          if (!reg_ok(in.a) || !pool_ok(in.b, 1) || in.imm >= uint64_t(ir::RtFn::Count))
            return fail(b, pc, "bad runtime call");
          uint32_t n = img.pool[in.b];
          if (!pool_ok(in.b, 1 + n)) return fail(b, pc, "operand list out of range");
          for (uint32_t i = 0; i < n; ++i)
            if (!reg_ok(img.pool[in.b + 1 + i])) return fail(b, pc, "operand register out of range");
          break;
        }
        case Op::JumpReg:
          if (!reg_ok(in.a)) return fail(b, pc, "register out of range");
          break;
        default: break;
      }
      bool last = pc + 1 == blk.count;
      if (last && !is_terminator(in.op) && in.op != Op::Switch && in.op != Op::Goto)
        return fail(b, pc, "block ends without a terminator");
      if (in.op == Op::Switch && last) return fail(b, pc, "switch at the end of a block");
    }
  }
  return "";
}

std::string verify_attribution(const Image& img) {
  const Attribution& at = img.attr;
  size_t ns = at.strings.size(), nb = at.binders.size(), np = at.points.size();
  if (ns == 0 || np == 0) return "no strings or points";
  for (const SourceBinder& b : at.binders)
    if (b.unit >= ns || b.module >= ns || b.name >= ns || b.unique >= ns) return "binder string out of range";
  for (size_t i = 1; i < np; ++i) {
    const ProgramPoint& p = at.points[i];
    if (uint8_t(p.kind) > uint8_t(PointKind::Alt) || p.binder >= nb || p.label >= ns || p.owner == 0 || p.owner >= np)
      return "program point " + std::to_string(i) + " out of range";
  }
  if (at.block_point.size() != img.blocks.size() || at.block_owner.size() != img.blocks.size())
    return "block points or owners and blocks differ in number";
  for (size_t b = 0; b < img.blocks.size(); ++b) {
    if (at.block_point[b] >= np || at.block_owner[b] >= np) return "block point or owner out of range";
    // Program code always belongs to a closure; only runtime blocks (and block 0, none) have no owner.
    if (b && at.block_owner[b] == 0 && img.blocks[b].kind != ir::BlockKind::Rts)
      return "block " + std::to_string(b) + " belongs to no closure";
  }
  for (size_t i = 0; i < at.sites.size(); ++i) {
    const CallSite& s = at.sites[i];
    if (s.code >= img.code.size() || s.point == 0 || s.point >= np || uint8_t(s.origin) > uint8_t(CallOrigin::ClosureResult) ||
        (i && s.code <= at.sites[i - 1].code))
      return "call site " + std::to_string(i) + " out of range or order";
  }
  return "";
}

}  // namespace stgvm
