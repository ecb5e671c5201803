// Evaluation and application (runtime/apply.h) on hand-laid closures: a function given exactly
// its arity, too few arguments (a PAP, which survives a collection while it is built), too
// many (an apply frame with the rest), a thunk in function position, PAPs given more
// arguments, entering indirections, and the evaluatedness test of `case`. Built natively
// against GoogleTest and for wasm32-wasi.
#include "runtime/apply.h"

#include "machine_rig.h"
#include "runtime/trap.h"
#include "test_api.h"

namespace stgvm {
namespace {

namespace L = layout;

class ApplyTest : public ::testing::Test, protected test_rig::MachineRig {
 protected:
  static constexpr uint32_t kRetBlock = 300, kFunBlock = 101, kThunkBlock = 102;
  uint32_t ret = frame_info(2, 0, kRetBlock);
  uint32_t thunk_info = info(L::THUNK, ptrs(1), 0, kThunkBlock);
  uint32_t pap_info = rts_info(mem, L::kPapInfo);
  uint32_t apply_info = rts_info(mem, L::kApplyFrameInfo);
  ApplyTest() { push_frames({{ret, 0}}); }
  uint32_t fun(uint32_t arity) { return static_closure(fun_info(arity, kFunBlock)); }
  // The words of the apply frame on top: [info, words, bitmap, args…].
  void expect_apply_frame(uint32_t sp, uint64_t bitmap, std::initializer_list<uint64_t> args) {
    ASSERT_EQ(M.Sp, sp - 8 * (3 + uint32_t(args.size())));
    EXPECT_EQ(stack_word(0), apply_info);
    EXPECT_EQ(stack_word(1), 3 + args.size());
    EXPECT_EQ(stack_word(2), bitmap);
    uint32_t i = 3;
    for (uint64_t a : args) EXPECT_EQ(stack_word(i++), a) << "word " << i - 1;
  }
};

TEST_F(ApplyTest, ExactlyTheArityEntersTheFunction) {
  uint32_t f = fun(2), sp = M.Sp, hp = M.Hp;
  M.R[0] = f, M.R[1] = 7, M.R[2] = 8;
  EXPECT_EQ(apply(M, 2, 0), kFunBlock);
  EXPECT_EQ(M.R[0], f);
  EXPECT_EQ(M.R[1], 7u);
  EXPECT_EQ(M.R[2], 8u);
  EXPECT_EQ(M.Sp, sp);
  EXPECT_EQ(M.Hp, hp);
}

TEST_F(ApplyTest, TooFewArgumentsMakeAPapThatIsReturned) {
  uint32_t f = fun(3), x = boxed(1), sp = M.Sp, hp = M.Hp;
  M.R[0] = f, M.R[1] = x, M.R[2] = 99;
  EXPECT_EQ(apply(M, 2, 0b01), kRetBlock);
  uint32_t pap = uint32_t(M.R[0]);
  EXPECT_EQ(pap, hp);
  EXPECT_EQ(M.Hp, hp + L::kPapArgs + 16);
  EXPECT_EQ(info_of(mem, pap), pap_info);
  EXPECT_EQ(mem.load64(pap + L::kPapFun), f);
  EXPECT_EQ(mem.load64(pap + L::kPapNArgs), 2u);
  EXPECT_EQ(mem.load64(pap + L::kPapBitmap), 0b01u);
  EXPECT_EQ(mem.load64(pap + L::kPapArgs), x);
  EXPECT_EQ(mem.load64(pap + L::kPapArgs + 8), 99u);
  EXPECT_EQ(M.Sp, sp);
}

// The PAP's allocation collects: the function (a heap closure with a free variable) and the
// pointer arguments move; a non-pointer argument that looks like a heap address does not.
TEST_F(ApplyTest, APapBuiltWhileTheHeapIsFullKeepsItsFunctionAndPointers) {
  uint32_t fv = boxed(5), f = heap({fun_info(3, kFunBlock, 1), fv}), x = boxed(6), lookalike = boxed(7);
  M.R[0] = f, M.R[1] = lookalike, M.R[2] = x;
  fill_heap();
  EXPECT_EQ(apply(M, 2, 0b10), kRetBlock);
  EXPECT_EQ(stats.gcs, 1u);
  uint32_t pap = uint32_t(M.R[0]);
  ASSERT_TRUE(in_area(pap));
  uint32_t f2 = uint32_t(mem.load64(pap + L::kPapFun)), x2 = uint32_t(mem.load64(pap + L::kPapArgs + 8));
  EXPECT_TRUE(in_area(f2));
  EXPECT_EQ(mem.load64(uint32_t(mem.load64(f2 + 8)) + 8), 5u);
  EXPECT_EQ(mem.load64(pap + L::kPapArgs), lookalike);
  EXPECT_TRUE(in_area(x2));
  EXPECT_EQ(mem.load64(x2 + 8), 6u);
  EXPECT_EQ(mem.load64(pap + L::kPapBitmap), 0b10u);
}

TEST_F(ApplyTest, TooManyArgumentsLeaveTheRestInAnApplyFrame) {
  uint32_t f = fun(1), x = boxed(2), sp = M.Sp;
  M.R[0] = f, M.R[1] = 10, M.R[2] = x, M.R[3] = 30;
  EXPECT_EQ(apply(M, 3, 0b010), kFunBlock);
  expect_apply_frame(sp, 0b01, {x, 30});
  EXPECT_EQ(M.R[0], f);
  EXPECT_EQ(M.R[1], 10u);
}

// A thunk in function position is evaluated first; its value gets the arguments from the frame.
TEST_F(ApplyTest, AThunkIsEvaluatedUnderAnApplyFrame) {
  uint32_t th = heap({thunk_info, 0, boxed(1)}), sp = M.Sp;
  M.R[0] = th, M.R[1] = 11, M.R[2] = 12;
  EXPECT_EQ(apply(M, 2, 0b01), kThunkBlock);
  EXPECT_EQ(M.R[0], th);
  expect_apply_frame(sp, 0b01, {11, 12});
  M.R[0] = static_closure(fun_info(2, 103));  // the thunk's value
  M.R[1] = M.R[2] = 0;
  EXPECT_EQ(apply_frame(M), 103u);
  EXPECT_EQ(M.R[1], 11u);
  EXPECT_EQ(M.R[2], 12u);
  EXPECT_EQ(M.Sp, sp);
}

TEST_F(ApplyTest, APapPutsItsArgumentsFirst) {
  uint32_t f = fun(3), x = boxed(1);
  uint32_t pap = heap({pap_info, f, 2, 0b01, x, 20});
  M.R[0] = pap, M.R[1] = 30;
  EXPECT_EQ(apply(M, 1, 0), kFunBlock);
  EXPECT_EQ(M.R[0], f);
  EXPECT_EQ(M.R[1], x);
  EXPECT_EQ(M.R[2], 20u);
  EXPECT_EQ(M.R[3], 30u);
}

TEST_F(ApplyTest, APapGivenTooFewArgumentsBecomesABiggerPap) {
  uint32_t f = fun(4), x = boxed(1), y = boxed(2);
  uint32_t pap = heap({pap_info, f, 1, 0b1, x});
  M.R[0] = pap, M.R[1] = 20, M.R[2] = y;
  EXPECT_EQ(apply(M, 2, 0b10), kRetBlock);
  uint32_t p2 = uint32_t(M.R[0]);
  EXPECT_NE(p2, pap);
  EXPECT_EQ(mem.load64(p2 + L::kPapFun), f);
  EXPECT_EQ(mem.load64(p2 + L::kPapNArgs), 3u);
  EXPECT_EQ(mem.load64(p2 + L::kPapBitmap), 0b101u);
  EXPECT_EQ(mem.load64(p2 + L::kPapArgs), x);
  EXPECT_EQ(mem.load64(p2 + L::kPapArgs + 8), 20u);
  EXPECT_EQ(mem.load64(p2 + L::kPapArgs + 16), y);
  EXPECT_EQ(mem.load64(pap + L::kPapNArgs), 1u);  // the old PAP is shared: untouched
}

TEST_F(ApplyTest, APapGivenTooManyArgumentsLeavesTheRestWithTheirBitmap) {
  uint32_t f = fun(2), y = boxed(1), z = boxed(2), sp = M.Sp;
  uint32_t pap = heap({pap_info, f, 1, 0, 10});
  M.R[0] = pap, M.R[1] = y, M.R[2] = 30, M.R[3] = z;
  // All arguments: [10, y, 30, z], pointers 0b1010; f takes two.
  EXPECT_EQ(apply(M, 3, 0b101), kFunBlock);
  EXPECT_EQ(M.R[0], f);
  EXPECT_EQ(M.R[1], 10u);
  EXPECT_EQ(M.R[2], y);
  expect_apply_frame(sp, 0b10, {30, z});
}

TEST_F(ApplyTest, EnteringFollowsIndirectionsAndReturnsValues) {
  // (The unobserved form, for an executor with no memory observer, goes to the same block
  // with the same R0.)
  auto enter = [&](Machine& m, uint64_t c) {
    uint32_t unobserved = stgvm::enter<false>(m, c);
    uint64_t r0 = m.R[0];
    uint32_t observed = stgvm::enter(m, c);
    EXPECT_EQ(unobserved, observed);
    EXPECT_EQ(r0, m.R[0]);
    return observed;
  };
  uint32_t v = boxed(3), ind = heap({rts_info(mem, L::kIndInfo), v});
  EXPECT_EQ(enter(M, ind), kRetBlock);
  EXPECT_EQ(M.R[0], v);
  uint32_t th = heap({thunk_info, 0, v});
  EXPECT_EQ(enter(M, th), kThunkBlock);
  EXPECT_EQ(M.R[0], th);
  uint32_t bh = heap({rts_info(mem, L::kBlackholeInfo), main_tso});
  EXPECT_EQ(enter(M, bh), uint32_t(RtsBlock::Blackhole));
  EXPECT_EQ(M.R[0], bh);
}

// IsEval's test (a `case` on a variable skips evaluation when it passes): values and
// functions pass, also through indirections, which the closure is followed past; thunks and
// BLACKHOLEs do not, and an indirection to a thunk leaves the thunk.
TEST_F(ApplyTest, EvaluatednessFollowsIndirectionsToTheValue) {
  // (The unobserved form, for an executor with no memory observer, answers the same.)
  auto is_evaluated = [&](const Memory& m, uint64_t& c) {
    uint64_t u = c;
    bool unobserved = stgvm::is_evaluated<false>(m, u);
    bool observed = stgvm::is_evaluated(m, c);
    EXPECT_EQ(unobserved, observed);
    EXPECT_EQ(u, c);
    return observed;
  };
  uint32_t v = boxed(3), f = fun(2);
  uint64_t c = v;
  EXPECT_TRUE(is_evaluated(mem, c));
  EXPECT_EQ(c, v);
  c = f;
  EXPECT_TRUE(is_evaluated(mem, c));
  uint32_t ind = heap({rts_info(mem, L::kIndInfo), v}), ind2 = heap({rts_info(mem, L::kIndInfo), ind});
  c = ind2;
  EXPECT_TRUE(is_evaluated(mem, c));
  EXPECT_EQ(c, v);
  uint32_t th = heap({thunk_info, 0, v}), to_thunk = heap({rts_info(mem, L::kIndInfo), th});
  c = to_thunk;
  EXPECT_FALSE(is_evaluated(mem, c));
  EXPECT_EQ(c, th);
  uint32_t bh = heap({rts_info(mem, L::kBlackholeInfo), main_tso});
  c = bh;
  EXPECT_FALSE(is_evaluated(mem, c));
  EXPECT_EQ(c, bh);
}

#if !defined(__wasm__)
TEST_F(ApplyTest, ApplyingAConstructorIsFatal) {
  M.R[0] = boxed(1);
  EXPECT_THROW(apply(M, 1, 0), RuntimeFatal);
}
#endif

}  // namespace
}  // namespace stgvm
