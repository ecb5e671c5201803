// Threads in linear memory (runtime/threads.h): FIFO queues through TSO link words, removal
// from the middle, the unfinished-thread list, unblocking by state, and state that lives only
// in memory. Built natively against GoogleTest and for wasm32-wasi (test_api.h).
#include "runtime/threads.h"

#include <vector>

#include "test_api.h"

namespace stgvm {
namespace {

namespace L = layout;

class ThreadsTest : public ::testing::Test {
 protected:
  Memory mem{1u << 20, 1u << 20};
  Threads thr{mem};
  // TSOs at fixed addresses (the runtime allocates them in the non-moving space).
  uint32_t tso(uint32_t i) const { return 0x40000 + i * L::kTsoBytes; }
  std::vector<uint32_t> queue(uint32_t head) const {
    std::vector<uint32_t> v;
    for (uint32_t t = thr.first(head); t; t = thr.next(t)) v.push_back(t);
    return v;
  }
};

TEST_F(ThreadsTest, RunQueueIsFirstInFirstOut) {
  EXPECT_TRUE(thr.run_queue_empty());
  for (uint32_t i = 0; i < 4; ++i) thr.make_runnable(tso(i));
  EXPECT_FALSE(thr.run_queue_empty());
  EXPECT_EQ(thr.next_to_run(), tso(0));
  thr.make_runnable(tso(0));  // back at the end
  EXPECT_EQ(queue(L::kRunQueueHead), (std::vector<uint32_t>{tso(1), tso(2), tso(3), tso(0)}));
  for (uint32_t want : {tso(1), tso(2), tso(3), tso(0)}) EXPECT_EQ(thr.next_to_run(), want);
  EXPECT_EQ(thr.next_to_run(), 0u);
  EXPECT_TRUE(thr.run_queue_empty());
  EXPECT_EQ(mem.load64(L::kRunQueueTail), 0u);
}

TEST_F(ThreadsTest, RemovingFromTheMiddleAndTheEndKeepsTheQueueWhole) {
  uint32_t mv = 0x30000;  // an MVAR's queue cells
  for (uint32_t i = 0; i < 5; ++i) thr.enqueue(mv + L::kMVarHead, mv + L::kMVarTail, tso(i));
  EXPECT_TRUE(thr.remove(mv + L::kMVarHead, mv + L::kMVarTail, tso(2)));
  EXPECT_FALSE(thr.remove(mv + L::kMVarHead, mv + L::kMVarTail, tso(2)));
  EXPECT_TRUE(thr.remove(mv + L::kMVarHead, mv + L::kMVarTail, tso(4)));  // the tail
  EXPECT_EQ(uint32_t(mem.load64(mv + L::kMVarTail)), tso(3));
  thr.enqueue(mv + L::kMVarHead, mv + L::kMVarTail, tso(4));
  EXPECT_TRUE(thr.remove(mv + L::kMVarHead, mv + L::kMVarTail, tso(0)));  // the head
  EXPECT_EQ(queue(mv + L::kMVarHead), (std::vector<uint32_t>{tso(1), tso(3), tso(4)}));
}

TEST_F(ThreadsTest, UnblockingTakesAThreadOutOfTheQueueItsStateNames) {
  uint32_t mv = 0x30000, target = tso(9);
  thr.set_state(tso(0), ThreadState::BlockedTake);
  thr.set_word(tso(0), L::kTsoBlockedOn, mv);
  thr.enqueue(mv + L::kMVarHead, mv + L::kMVarTail, tso(0));
  thr.set_state(tso(1), ThreadState::BlockedThrowTo);
  thr.set_word(tso(1), L::kTsoBlockedOn, target);
  thr.enqueue(target + L::kTsoThrowHead, target + L::kTsoThrowTail, tso(1));
  thr.set_state(tso(2), ThreadState::BlockedBlackhole);
  thr.enqueue(L::kBlackholeWaitersHead, L::kBlackholeWaitersTail, tso(2));
  EXPECT_TRUE(thr.interruptible(tso(0)));
  EXPECT_TRUE(thr.interruptible(tso(1)));
  EXPECT_FALSE(thr.interruptible(tso(2)));  // as GHC: only when unmasked
  for (uint32_t i = 0; i < 3; ++i) thr.unlink_blocked(tso(i));
  EXPECT_TRUE(queue(mv + L::kMVarHead).empty());
  EXPECT_TRUE(queue(target + L::kTsoThrowHead).empty());
  EXPECT_TRUE(queue(L::kBlackholeWaitersHead).empty());
}

TEST_F(ThreadsTest, UnfinishedThreadsList) {
  for (uint32_t i = 0; i < 3; ++i) thr.add_unfinished(tso(i));
  thr.remove_unfinished(tso(1));
  std::vector<uint32_t> v;
  for (uint32_t t = thr.first_unfinished(); t; t = thr.next_unfinished(t)) v.push_back(t);
  EXPECT_EQ(v, (std::vector<uint32_t>{tso(2), tso(0)}));
  thr.remove_unfinished(tso(5));  // not on it: nothing happens
  thr.remove_unfinished(tso(2));
  thr.remove_unfinished(tso(0));
  EXPECT_EQ(thr.first_unfinished(), 0u);
}

// MVar hand-offs as GHC does them: a put into an empty MVar goes to every blocked reader and
// then the oldest taker (the MVar stays empty); a take from a full MVar lets the oldest blocked
// putter put next. Woken threads are runnable in the order they were woken, each with the
// value as its result.
TEST_F(ThreadsTest, MVarHandOffsServeReadersThenTheOldestTaker) {
  uint32_t mv = 0x30000;
  mem.store64(mv + L::kMVarValue, 0);
  thr.block(tso(0), ThreadState::BlockedTake, mv, 0);
  thr.block(tso(1), ThreadState::BlockedRead, mv, 0);
  thr.block(tso(2), ThreadState::BlockedTake, mv, 0);
  thr.block(tso(3), ThreadState::BlockedRead, mv, 0);
  thr.mvar_put(mv, 0x777);
  EXPECT_EQ(mem.load64(mv + L::kMVarValue), 0u);  // handed over, not stored
  EXPECT_EQ(queue(L::kRunQueueHead), (std::vector<uint32_t>{tso(1), tso(3), tso(0)}));
  for (uint32_t i : {0u, 1u, 3u}) {
    EXPECT_EQ(thr.state(tso(i)), ThreadState::Runnable);
    EXPECT_EQ(thr.word(tso(i), L::kTsoR0), 0x777u);
    EXPECT_EQ(thr.half(tso(i), L::kTsoNArgs), 1u);
    EXPECT_EQ(Resume(thr.half(tso(i), L::kTsoResume)), Resume::Return);
  }
  EXPECT_EQ(queue(mv + L::kMVarHead), (std::vector<uint32_t>{tso(2)}));  // the next taker waits on
  EXPECT_EQ(thr.state(tso(2)), ThreadState::BlockedTake);
}

TEST_F(ThreadsTest, TakingFromAFullMVarLetsTheOldestPutterIn) {
  uint32_t mv = 0x30000;
  mem.store64(mv + L::kMVarValue, 1);
  thr.block(tso(0), ThreadState::BlockedPut, mv, 2);
  thr.block(tso(1), ThreadState::BlockedPut, mv, 3);
  EXPECT_EQ(thr.mvar_take(mv), 1u);
  EXPECT_EQ(mem.load64(mv + L::kMVarValue), 2u);
  EXPECT_EQ(thr.state(tso(0)), ThreadState::Runnable);
  EXPECT_EQ(thr.word(tso(0), L::kTsoBlockValue), 0u);
  EXPECT_EQ(thr.mvar_take(mv), 2u);
  EXPECT_EQ(thr.mvar_take(mv), 3u);
  EXPECT_EQ(mem.load64(mv + L::kMVarValue), 0u);
  EXPECT_EQ(queue(L::kRunQueueHead), (std::vector<uint32_t>{tso(0), tso(1)}));
  EXPECT_TRUE(queue(mv + L::kMVarHead).empty());
}

TEST_F(ThreadsTest, WaitingThrowersAndBlackholeWaitersAreWokenInOrder) {
  uint32_t target = tso(9), bh = 0x30000, other = 0x30100;
  thr.block(tso(0), ThreadState::BlockedThrowTo, target, 0xE1);
  thr.block(tso(1), ThreadState::BlockedThrowTo, target, 0xE2);
  EXPECT_EQ(thr.take_pending_exception(target), 0xE1u);
  EXPECT_EQ(thr.state(tso(0)), ThreadState::Runnable);
  EXPECT_EQ(thr.take_pending_exception(target), 0xE2u);
  EXPECT_EQ(thr.take_pending_exception(target), 0u);
  thr.block(tso(2), ThreadState::BlockedBlackhole, bh, 0);
  thr.block(tso(3), ThreadState::BlockedBlackhole, other, 0);
  thr.block(tso(4), ThreadState::BlockedBlackhole, bh, 0);
  thr.wake_blackhole_waiters(bh);
  EXPECT_EQ(queue(L::kBlackholeWaitersHead), (std::vector<uint32_t>{tso(3)}));
  EXPECT_EQ(queue(L::kRunQueueHead), (std::vector<uint32_t>{tso(0), tso(1), tso(2), tso(4)}));
  EXPECT_EQ(Resume(thr.half(tso(2), L::kTsoResume)), Resume::Enter);  // it enters the closure again
  EXPECT_EQ(thr.word(tso(2), L::kTsoR0), bh);
}

// A second view of the same memory sees the same threads: nothing is kept on the host.
TEST_F(ThreadsTest, StateLivesInLinearMemory) {
  thr.make_runnable(tso(0));
  thr.make_runnable(tso(1));
  Threads other(mem);
  EXPECT_EQ(other.next_to_run(), tso(0));
  EXPECT_EQ(thr.next_to_run(), tso(1));
}

}  // namespace
}  // namespace stgvm
