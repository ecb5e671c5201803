// The lowering's block clean-ups (lower/peephole.h): which machine-register writes and stack
// adjustments go, which must stay, and that branch targets and call sites follow the code.
// Also `print_block` (lower/ir_print.h) over a real program's image.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>

#include "loader/large_stack.h"
#include "loader/load.h"
#include "lower/ir_print.h"
#include "lower/lower.h"
#include "lower/peephole.h"
#include "primops/primop_table.h"

namespace {

using stgvm::ir::Instr;
using stgvm::ir::Op;

struct Block {
  std::vector<Instr> code;
  std::vector<stgvm::CallSite> sites;
  stgvm::ImageArray<uint32_t> pool;
  uint32_t nregs = 16;
  uint32_t self = 1000;  // the block's own index (jumps to it are loops)
  // A primop `L[res] = id L[x] L[y]`: its operand list [n_results, n_args, res, x, y, n_live].
  void prim(stgvm::primops::PrimOpId id, uint32_t res, uint32_t x, uint32_t y) {
    uint32_t at = add({1, 2, res, x, y, 0});
    code.push_back({Op::PrimOp, 0, at, uint64_t(id)});
  }
  // A two-way switch on L[key] (value 1 → `one`, otherwise → `other`).
  void switch2(uint32_t key, uint32_t one, uint32_t other) {
    uint32_t at = add({1, 0, one, other});
    code.push_back({Op::Switch, key, at, 1});
  }
  uint32_t add(const std::vector<uint32_t>& words) {
    uint32_t at = uint32_t(pool.size());
    pool.append(words.begin(), words.end());
    return at;
  }
  void tidy() { stgvm::tidy_block(code, sites, pool, nregs, self); }
  size_t count(Op op) const {
    size_t n = 0;
    for (const Instr& in : code) n += in.op == op;
    return n;
  }
};

// A loop passing its first two registers on unchanged and the third changed.
TEST(Peephole, UnchangedRegistersAreNotWrittenBack) {
  Block b;
  b.code = {{Op::GetR, 0, 0}, {Op::GetR, 1, 1}, {Op::GetR, 2, 2}, {Op::Const, 3, 0, 1}};
  b.prim(stgvm::primops::PrimOpId::IntAddOp, 4, 2, 3);
  b.code.insert(b.code.end(), {{Op::SetR, 0, 0}, {Op::SetR, 1, 1}, {Op::SetR, 2, 4}, {Op::Jump, 0, 0, 7}});
  b.sites.push_back({8, 1, {}});
  b.tidy();
  ASSERT_EQ(b.count(Op::SetR), 1u);
  EXPECT_EQ(b.code[5].op, Op::SetR);
  EXPECT_EQ(b.code[5].b, 4u);  // the changed one stays
  EXPECT_EQ(b.code[6].op, Op::Jump);
  EXPECT_EQ(b.sites[0].code, 6u);  // the call site moved with its jump
}

// An element access over memory (an array read, a MutVar# write) cannot collect; a primop
// that allocates can.
TEST(Peephole, ElementAccessesKeepRegistersAllocationsDoNot) {
  auto kept = [](stgvm::primops::PrimOpId id, uint32_t nres, uint32_t nargs) {
    Block b;
    b.code = {{Op::GetR, 0, 0}, {Op::GetR, 1, 1}, {Op::GetR, 2, 2}};
    std::vector<uint32_t> ops = {nres, nargs};
    if (nres) ops.push_back(3);
    for (uint32_t i = 0; i < nargs; ++i) ops.push_back(i);
    ops.insert(ops.end(), {0, 0});
    b.code.push_back({Op::PrimOp, 0, b.add(ops), uint64_t(id)});
    b.code.insert(b.code.end(), {{Op::SetR, 0, 0}, {Op::SetR, 1, 1}, {Op::Jump, 0, 0, 9}});
    b.tidy();
    return b.count(Op::SetR);
  };
  EXPECT_EQ(kept(stgvm::primops::PrimOpId::IndexByteArrayOp_Double, 1, 2), 0u);
  EXPECT_EQ(kept(stgvm::primops::PrimOpId::WriteMutVarOp, 0, 2), 0u);
  EXPECT_EQ(kept(stgvm::primops::PrimOpId::NewByteArrayOp_Char, 1, 1), 2u);
  EXPECT_EQ(kept(stgvm::primops::PrimOpId::NewMutVarOp, 1, 1), 2u);
}

// Written in between (directly, by a swap, or by what may collect) or read into a register
// written again: the write-back stays.
TEST(Peephole, RegistersChangedOnSomePathAreWrittenBack) {
  Block b;  // R0 and R1 swapped
  b.code = {{Op::GetR, 0, 0}, {Op::GetR, 1, 1}, {Op::SetR, 0, 1}, {Op::SetR, 1, 0}, {Op::SetR, 0, 0}, {Op::Return}};
  b.tidy();
  EXPECT_EQ(b.count(Op::SetR), 3u);

  Block c;  // a heap check (a collection moves what R0 points to) on one path only
  c.code = {{Op::GetR, 0, 0}, {Op::GetR, 1, 1}};
  c.switch2(1, 3, 4);
  c.code.insert(c.code.end(), {{Op::HeapCheck, 0, 0, 16}, {Op::SetR, 0, 0}, {Op::Return}});
  c.tidy();
  EXPECT_EQ(c.count(Op::SetR), 1u);

  Block d;  // L0 read from R0, then overwritten by IsEval (following an indirection)
  d.code = {{Op::GetR, 0, 0}, {Op::IsEval, 1, 0}, {Op::SetR, 0, 0}, {Op::Return}};
  d.tidy();
  EXPECT_EQ(d.count(Op::SetR), 1u);

  Block e;  // read from R1, written to R0
  e.code = {{Op::GetR, 0, 1}, {Op::SetR, 0, 0}, {Op::Return}};
  e.tidy();
  EXPECT_EQ(e.count(Op::SetR), 1u);
}

// A frame popped and the same size pushed again: both adjustments go, and a switch's targets
// after them move back.
TEST(Peephole, PopThenPushReusesTheFrame) {
  Block b;
  b.code = {{Op::GetR, 0, 0}, {Op::LoadSp, 1, 0, 8}, {Op::SpAdd, 0, 0, 16}, {Op::Const, 2, 0, 2}};
  b.prim(stgvm::primops::PrimOpId::IntSubOp, 3, 1, 2);
  b.code.insert(b.code.end(), {{Op::SpAdd, 0, 0, uint64_t(-16)}, {Op::StoreSpImm, 0, 0, 0x1000}, {Op::StoreSp, 3, 0, 8}});
  b.switch2(3, 9, 11);
  b.code.insert(b.code.end(), {{Op::SetR, 0, 0}, {Op::Return}, {Op::SetR, 1, 3}, {Op::Return}});
  b.tidy();
  EXPECT_EQ(b.count(Op::SpAdd), 0u);
  ASSERT_EQ(b.code.size(), 10u);
  ASSERT_EQ(b.code[6].op, Op::Switch);
  EXPECT_EQ(b.pool[b.code[6].b + 2], 7u);  // value 1 → past the SetR R0 (dropped: L0 came from R0)
  EXPECT_EQ(b.code[7].op, Op::Return);
  EXPECT_EQ(b.pool[b.code[6].b + 3], 8u);  // default → SetR R1
  EXPECT_EQ(b.code[8].op, Op::SetR);
}

// Between the pop and the push: something that may raise (a division), collect or read the
// stack, a branch target, or a push of another size: the adjustments stay.
TEST(Peephole, PopThenPushStaysWhenTheStackMatters) {
  auto pop_push = [](std::vector<Instr> between, int64_t push = -16) {
    Block b;
    b.code = {{Op::GetR, 0, 0}, {Op::SpAdd, 0, 0, 16}};
    b.code.insert(b.code.end(), between.begin(), between.end());
    b.code.insert(b.code.end(), {{Op::SpAdd, 0, 0, uint64_t(push)}, {Op::Return}});
    b.tidy();
    return b.count(Op::SpAdd);
  };
  EXPECT_EQ(pop_push({}), 0u);
  EXPECT_EQ(pop_push({{Op::Const, 1, 0, 5}}), 0u);
  EXPECT_EQ(pop_push({{Op::HeapCheck, 0, 0, 16}}), 2u);
  EXPECT_EQ(pop_push({{Op::LoadSp, 1, 0, 0}}), 2u);
  EXPECT_EQ(pop_push({{Op::StoreSp, 0, 0, 0}}), 2u);
  EXPECT_EQ(pop_push({}, -24), 2u);
  {
    Block b;  // quotInt# may raise DivideByZero: unwinding must not find the popped frame
    b.code = {{Op::GetR, 0, 0}, {Op::SpAdd, 0, 0, 16}};
    b.prim(stgvm::primops::PrimOpId::IntQuotOp, 1, 0, 0);
    b.code.insert(b.code.end(), {{Op::SpAdd, 0, 0, uint64_t(-16)}, {Op::Return}});
    b.tidy();
    EXPECT_EQ(b.count(Op::SpAdd), 2u);
  }
  {
    Block b;  // the push is also reached from a switch that skips the pop
    b.code = {{Op::GetR, 0, 0}};
    b.switch2(0, 2, 3);
    b.code.insert(b.code.end(), {{Op::SpAdd, 0, 0, 16}, {Op::SpAdd, 0, 0, uint64_t(-16)}, {Op::Return}});
    b.tidy();
    EXPECT_EQ(b.count(Op::SpAdd), 2u);
  }
}

// Which switches are dense (ir.h: at least 4 values filling at least half of a range of at
// most 1024), and their tables: gaps take the default, and of equal values the first wins,
// as a search in order finds it.
TEST(Peephole, DenseSwitchTables) {
  auto pool = [](std::vector<std::pair<int64_t, uint32_t>> alts, uint32_t dflt) {
    std::vector<uint32_t> t;
    for (auto [v, pc] : alts) t.insert(t.end(), {uint32_t(uint64_t(v)), uint32_t(uint64_t(v) >> 32), pc});
    t.push_back(dflt);
    return t;
  };
  auto t = pool({{-1, 10}, {2, 12}, {0, 11}, {2, 13}, {1, 14}}, 99);
  stgvm::ir::SwitchRange r = stgvm::ir::dense_switch(t.data(), 5);
  EXPECT_EQ(r.lo, -1);
  ASSERT_EQ(r.span, 4u);
  EXPECT_EQ(stgvm::ir::dense_switch_targets(t.data(), 5, r), (std::vector<uint32_t>{10, 11, 14, 12}));
  auto gaps = pool({{3, 1}, {5, 2}, {7, 3}, {9, 4}}, 0);
  r = stgvm::ir::dense_switch(gaps.data(), 4);
  ASSERT_EQ(r.span, 7u);
  EXPECT_EQ(stgvm::ir::dense_switch_targets(gaps.data(), 4, r), (std::vector<uint32_t>{1, 0, 2, 0, 3, 0, 4}));
  auto three = pool({{0, 1}, {1, 2}, {2, 3}}, 0);
  EXPECT_EQ(stgvm::ir::dense_switch(three.data(), 3).span, 0u);  // too few values
  auto sparse = pool({{0, 1}, {1, 2}, {2, 3}, {9, 4}}, 0);
  EXPECT_EQ(stgvm::ir::dense_switch(sparse.data(), 4).span, 0u);  // 4 values over 10
  auto wide = pool({{INT64_MIN, 1}, {0, 2}, {1, 3}, {INT64_MAX, 4}}, 0);
  EXPECT_EQ(stgvm::ir::dense_switch(wide.data(), 4).span, 0u);  // (the range overflows 64 bits)
}

// A loop (a jump to the block itself) may skip reading the registers it leaves unchanged:
// their reads go first, in their order, and the jump names where the others begin.
TEST(Peephole, LoopsSkipReadingUnchangedRegisters) {
  Block b;
  b.self = 5;
  // R2 changes (and is read first); R0 and R1 do not; L3 is read from R3 but rewritten
  // (IsEval follows indirections in place), so its read must be redone.
  b.code = {{Op::GetR, 2, 2}, {Op::GetR, 0, 0}, {Op::GetR, 3, 3}, {Op::GetR, 1, 1},
            {Op::IsEval, 4, 3}, {Op::Const, 5, 0, 1}};
  b.prim(stgvm::primops::PrimOpId::IntAddOp, 6, 2, 5);
  b.code.insert(b.code.end(), {{Op::SetR, 0, 0}, {Op::SetR, 1, 1}, {Op::SetR, 2, 6}, {Op::SetR, 3, 3},
                               {Op::Jump, 0, 0, 5}});
  b.tidy();
  ASSERT_GE(b.code.size(), 4u);
  EXPECT_EQ(b.code[0].b, 0u);  // the unchanged ones, in their order
  EXPECT_EQ(b.code[1].b, 1u);
  EXPECT_EQ(b.code[2].b, 2u);  // then the changed one and the rewritten local's
  EXPECT_EQ(b.code[3].b, 3u);
  EXPECT_EQ(b.code.back().op, Op::Jump);
  EXPECT_EQ(b.code.back().b, 2u);
  EXPECT_EQ(b.count(Op::SetR), 2u);  // (R2's new value and R3's, rewritten)
}

// Nothing is skipped when a path to the loop may collect (every register may then be stale),
// and a jump elsewhere never names a place to go on at.
TEST(Peephole, LoopsThroughACollectionReadEverything) {
  Block b;
  b.self = 5;
  b.code = {{Op::GetR, 0, 0}, {Op::GetR, 1, 1}, {Op::HeapCheck, 0, 0, 16}, {Op::SetR, 0, 0}, {Op::Jump, 0, 0, 5}};
  b.tidy();
  EXPECT_EQ(b.code.back().b, 0u);
  EXPECT_EQ(b.count(Op::SetR), 1u);
  Block other;
  other.self = 5;
  other.code = {{Op::GetR, 0, 0}, {Op::GetR, 1, 1}, {Op::SetR, 1, 0}, {Op::Jump, 0, 0, 6}};
  other.tidy();
  EXPECT_EQ(other.code.back().b, 0u);
  EXPECT_EQ(other.code[0].b, 0u);  // (and the reads stay where they were)
}

// Every block of a real program's image lists, one line per instruction.
TEST(Peephole, PrintBlockListsRealCode) {
  stgvm::run_with_large_stack([] {
    auto program = stgvm::load_program(STGVM_SOURCE_DIR "/data/examples/hello.fullpak");
    stgvm::Image img = stgvm::lower_program(*program);
    size_t lines = 0;
    for (uint32_t b = 1; b < img.blocks.size(); ++b) {
      std::string s = stgvm::print_block(img, b);
      EXPECT_EQ(s.find(": ?"), std::string::npos) << s;  // (an operation without a name)
      EXPECT_EQ(s.find(" ?\n"), std::string::npos) << s;
      lines += size_t(std::count(s.begin(), s.end(), '\n')) - 1;
    }
    EXPECT_EQ(lines, img.code.size());
  });
}

}  // namespace
