// Software transactional memory (runtime/stm.h) on hand-laid threads: records, commit and
// re-execution at the atomically frame, records that outgrow their first chunk across a
// collection, retry blocking until a commit changes a TVar that was read, orElse keeping the
// reads of a branch that retried, catchSTM rolling back its body, exceptions out of invalid
// transactions. Built natively against GoogleTest and for wasm32-wasi.
#include "runtime/stm.h"

#include <algorithm>

#include "machine_rig.h"
#include "primops/primop_table.h"
#include "runtime/apply.h"
#include "runtime/control.h"
#include "runtime/raise.h"
#include "runtime/scheduler.h"
#include "test_api.h"

namespace stgvm {
namespace {

namespace L = layout;
using primops::PrimOpId;

class StmTest : public ::testing::Test, protected test_rig::MachineRig {
 protected:
  static constexpr uint32_t kRetBlock = 300, kIoBlock = 110, kAltBlock = 120, kHandlerBlock = 150;
  uint32_t ret = frame_info(2, 0, kRetBlock);
  uint32_t io = static_closure(fun_info(1, kIoBlock));
  uint32_t alt = static_closure(fun_info(1, kAltBlock));
  uint32_t handler = static_closure(fun_info(2, kHandlerBlock));
  StmTest() { push_frames({{ret, 0}}); }

  // A TVar primop; `roots` are live words a collection updates (the executor's registers).
  uint64_t prim(PrimOpId id, std::initializer_list<uint64_t> args, uint64_t* roots = nullptr, uint32_t nroots = 0) {
    uint64_t in[4] = {}, out[2] = {};
    std::copy(args.begin(), args.end(), in);
    uint32_t live[64];
    for (uint32_t i = 0; i < nroots; ++i) live[i] = i;
    uint32_t nres = id == PrimOpId::WriteTVarOp ? 0 : 1;
    PrimOperands o{in, uint32_t(args.size()), uint64_t(args.size() == 2 ? 3 : 1), out, nres, roots, live, nroots};
    EXPECT_EQ(memory_primop(M, uint32_t(id), o), 0u);
    return out[0];
  }
  uint32_t new_tvar(uint64_t v) { return uint32_t(prim(PrimOpId::NewTVarOp, {v})); }
  uint64_t read(uint32_t tv) { return prim(PrimOpId::ReadTVarOp, {tv}); }
  void write(uint32_t tv, uint64_t v) { prim(PrimOpId::WriteTVarOp, {tv, v}); }
  uint64_t in_memory(uint32_t tv) { return mem.load64(tv + L::kTVarValue); }
  uint32_t record() { return uint32_t(thr.word(M.cur, L::kTsoTrec)); }
  uint32_t info(L::RtsInfo i) { return rts_info(mem, i); }
  // Another thread commits `tv = v` in a transaction of its own; then `back` runs again.
  void commit_elsewhere(uint32_t tv, uint64_t v, uint32_t back) {
    uint32_t other = fork();
    run(other);
    push_frames({{ret, 0}});
    ASSERT_EQ(stm_atomically(M, io), kIoBlock);
    write(tv, v);
    M.R[0] = v;
    ASSERT_EQ(stm_atomically_frame(M), kRetBlock);
    thr.set_word(other, L::kTsoSp, M.Sp);
    run(back);
  }
};

TEST_F(StmTest, WritesStayInTheRecordUntilTheAtomicallyFrameCommitsThem) {
  uint32_t a = boxed(1), b = boxed(2), tv = new_tvar(a);
  EXPECT_EQ(mem.load64(tv), info(L::kTVarInfo));
  EXPECT_EQ(prim(PrimOpId::ReadTVarIOOp, {tv}), a);
  EXPECT_EQ(stm_atomically(M, io), kIoBlock);
  EXPECT_EQ(stack_word(0), info(L::kAtomicallyFrameInfo));
  EXPECT_EQ(stack_word(1), io);
  EXPECT_NE(record(), 0u);
  EXPECT_EQ(read(tv), a);
  write(tv, b);
  EXPECT_EQ(read(tv), b);
  EXPECT_EQ(in_memory(tv), a);  // not yet
  M.R[0] = b;
  EXPECT_EQ(stm_atomically_frame(M), kRetBlock);
  EXPECT_EQ(in_memory(tv), b);
  EXPECT_EQ(record(), 0u);
  EXPECT_EQ(stack_word(0), ret);
}

TEST_F(StmTest, ATransactionWhoseReadsChangedRunsAgainInsteadOfCommitting) {
  uint32_t a = boxed(1), b = boxed(2), c = boxed(3), tv = new_tvar(a), out = new_tvar(a);
  EXPECT_EQ(stm_atomically(M, io), kIoBlock);
  EXPECT_EQ(read(tv), a);
  write(out, b);
  mem.store64(tv + L::kTVarValue, c);  // as if another thread had committed meanwhile
  EXPECT_EQ(stm_atomically_frame(M), kIoBlock);  // the code again, in a new record
  EXPECT_EQ(stack_word(0), info(L::kAtomicallyFrameInfo));
  EXPECT_EQ(in_memory(out), a);
  EXPECT_EQ(read(tv), c);
}

TEST_F(StmTest, ARecordOutgrowsItsFirstChunkAcrossACollection) {
  constexpr uint32_t kVars = 20;
  uint64_t roots[2 * kVars];  // the TVars, then their new values: registers a collection updates
  EXPECT_EQ(stm_atomically(M, io), kIoBlock);
  for (uint32_t i = 0; i < kVars; ++i) roots[kVars + i] = boxed(i);
  for (uint32_t i = 0; i < kVars; ++i) roots[i] = prim(PrimOpId::NewTVarOp, {boxed(1000)});
  for (uint32_t i = 0; i < kVars; ++i) {
    if (i == 8) fill_heap();  // the record (8 entries) grows now: the collection moves everything
    prim(PrimOpId::WriteTVarOp, {roots[i], roots[kVars + i]}, roots, 2 * kVars);
  }
  EXPECT_EQ(stats.gcs, 1u);
  for (uint32_t i = 0; i < kVars; ++i) {
    EXPECT_EQ(mem.load64(uint32_t(read(uint32_t(roots[i]))) + 8), i);
    EXPECT_EQ(mem.load64(uint32_t(in_memory(uint32_t(roots[i]))) + 8), 1000u);
  }
  M.R[0] = roots[0];
  EXPECT_EQ(stm_atomically_frame(M), kRetBlock);
  for (uint32_t i = 0; i < kVars; ++i) EXPECT_EQ(mem.load64(uint32_t(in_memory(uint32_t(roots[i]))) + 8), i);
}

TEST_F(StmTest, RetryBlocksUntilACommitChangesATVarThatWasRead) {
  uint32_t a = boxed(1), b = boxed(2), watched = new_tvar(a), other = new_tvar(a);
  EXPECT_EQ(stm_atomically(M, io), kIoBlock);
  EXPECT_EQ(read(watched), a);
  EXPECT_EQ(stm_retry(M), kBlockSwitch);
  EXPECT_EQ(thr.state(main_tso), ThreadState::BlockedStm);
  EXPECT_EQ(stack_word(0), info(L::kAtomicallyWaitingInfo));
  thread_stopped(M, kBlockSwitch, false);
  commit_elsewhere(other, b, main_tso);  // not read: no wake-up
  EXPECT_EQ(thr.state(main_tso), ThreadState::BlockedStm);
  commit_elsewhere(watched, b, main_tso);
  EXPECT_EQ(thr.state(main_tso), ThreadState::Runnable);
  // Its transaction is invalid now: validated as it is resumed, it runs again from the start.
  EXPECT_EQ(run_next_thread(M), kIoBlock);
  EXPECT_EQ(stack_word(0), info(L::kAtomicallyFrameInfo));
  EXPECT_EQ(read(watched), b);
}

TEST_F(StmTest, APreemptedTransactionMadeInvalidRunsAgainWhenResumed) {
  uint32_t a = boxed(1), b = boxed(2), tv = new_tvar(a);
  EXPECT_EQ(stm_atomically(M, io), kIoBlock);
  EXPECT_EQ(read(tv), a);
  uint32_t sp = M.Sp;
  // Suspended with a value to return (the time slice ended), then another thread commits.
  M.R[0] = a;
  EXPECT_EQ(suspend(M, Resume::Return, 1, a, 0, 1), kBlockSwitch);
  thread_stopped(M, kBlockSwitch, false);
  commit_elsewhere(tv, b, main_tso);
  EXPECT_EQ(run_next_thread(M), kIoBlock);  // unwound to the atomically frame, started again
  EXPECT_EQ(M.Sp, sp);
  EXPECT_EQ(stack_word(0), info(L::kAtomicallyFrameInfo));
  EXPECT_EQ(read(tv), b);
  // A valid one is resumed as it was.
  EXPECT_EQ(suspend(M, Resume::Return, 1, a, 0, 1), kBlockSwitch);
  thread_stopped(M, kBlockSwitch, false);
  EXPECT_EQ(run_next_thread(M), uint32_t(RtsBlock::AtomicallyFrame));  // returning `a` to it
  EXPECT_EQ(M.R[0], a);
}

TEST_F(StmTest, OrElseRunsTheAlternativeAndARetryOfBothWaitsForEitherBranchsReads) {
  uint32_t a = boxed(1), b = boxed(2), first = new_tvar(a), second = new_tvar(a);
  EXPECT_EQ(stm_atomically(M, io), kIoBlock);
  uint32_t outer = record();
  EXPECT_EQ(stm_catch_retry(M, io, alt), kIoBlock);
  EXPECT_EQ(stack_word(0), info(L::kCatchRetryFrameInfo));
  EXPECT_NE(record(), outer);
  EXPECT_EQ(read(first), a);
  write(second, b);
  EXPECT_EQ(stm_retry(M), kAltBlock);  // the first branch retried
  EXPECT_EQ(stack_word(3), 1u);
  EXPECT_EQ(read(second), a);  // its write is gone
  EXPECT_EQ(stm_retry(M), kBlockSwitch);  // so did the alternative: the whole transaction waits
  EXPECT_EQ(stack_word(0), info(L::kAtomicallyWaitingInfo));
  thread_stopped(M, kBlockSwitch, false);
  commit_elsewhere(first, b, main_tso);  // read only by the first branch
  EXPECT_EQ(thr.state(main_tso), ThreadState::Runnable);
}

TEST_F(StmTest, ABranchThatReturnsMergesItsWritesIntoTheEnclosingRecord) {
  uint32_t a = boxed(1), b = boxed(2), tv = new_tvar(a);
  EXPECT_EQ(stm_atomically(M, io), kIoBlock);
  EXPECT_EQ(stm_catch_retry(M, io, alt), kIoBlock);
  write(tv, b);
  M.R[0] = b;
  EXPECT_EQ(stm_catch_retry_frame(M), uint32_t(RtsBlock::AtomicallyFrame));
  EXPECT_EQ(M.R[0], b);
  EXPECT_EQ(read(tv), b);
  EXPECT_EQ(in_memory(tv), a);
  EXPECT_EQ(stm_atomically_frame(M), kRetBlock);
  EXPECT_EQ(in_memory(tv), b);
}

TEST_F(StmTest, CatchStmRollsBackItsBodyAndRunsTheHandlerInTheEnclosingRecord) {
  uint32_t a = boxed(1), b = boxed(2), c = boxed(3), kept = new_tvar(a), undone = new_tvar(a);
  EXPECT_EQ(stm_atomically(M, io), kIoBlock);
  write(kept, b);
  uint32_t outer = record();
  EXPECT_EQ(stm_catch_stm(M, io, handler), kIoBlock);
  EXPECT_EQ(stack_word(0), info(L::kCatchStmFrameInfo));
  write(undone, c);
  uint32_t exc = boxed(9);
  EXPECT_EQ(raise(M, exc), kHandlerBlock);
  EXPECT_EQ(M.R[0], handler);
  EXPECT_EQ(M.R[1], exc);
  EXPECT_EQ(record(), outer);
  EXPECT_EQ(read(undone), a);
  EXPECT_EQ(read(kept), b);
  EXPECT_EQ(stack_word(0), info(L::kAtomicallyFrameInfo));
}

TEST_F(StmTest, AnExceptionOutOfAnInvalidTransactionRunsItAgain) {
  uint32_t a = boxed(1), b = boxed(2), tv = new_tvar(a);
  push_frames({{rts_info(mem, L::kCatchFrameInfo), handler, 0}});
  EXPECT_EQ(stm_atomically(M, io), kIoBlock);
  EXPECT_EQ(read(tv), a);
  mem.store64(tv + L::kTVarValue, b);
  EXPECT_EQ(raise(M, boxed(7)), kIoBlock);  // not delivered: the view it came from was stale
  EXPECT_EQ(read(tv), b);
  EXPECT_EQ(raise(M, boxed(8)), kHandlerBlock);  // a valid transaction: the catch frame gets it
  EXPECT_EQ(record(), 0u);
}

}  // namespace
}  // namespace stgvm
