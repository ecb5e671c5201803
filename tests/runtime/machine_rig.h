// A Machine over a small memory, set up in Vm::Vm's order (interp/vm.cpp): the non-moving
// space, the stable-pointer table, the runtime's info tables as lower/lower.cpp lays them out,
// the closure table, the -K limit, the collector, and a main thread on a stack of the stack
// region that is running. Info tables, closures and frames of a test are laid out by hand.
// Shared by machine_test.cpp, apply_test.cpp, raise_test.cpp, control_test.cpp and
// memory_primops_test.cpp.
#pragma once
#include <cstring>
#include <initializer_list>

#include "runtime/closures.h"
#include "runtime/machine.h"
#include "runtime/stacks.h"
#include "test_api.h"

namespace stgvm::test_rig {

namespace L = layout;

struct MachineRig {
  static constexpr uint32_t kStaticEnd = 0x30000;
  static constexpr uint32_t kMainStackLo = 0x30000, kMainStackHi = 0x32000;
  static constexpr uint32_t kLosLo = 0x40000, kLosBytes = 0x40000;
  static constexpr uint32_t kHeapLo = 0x80000, kSemi = 0x10000;

  Memory mem{kHeapLo + 2 * kSemi, 16u << 20};
  BlockHeap los{mem, L::kLosState};
  StablePtrTable stable{mem, los};
  Threads thr{mem};
  Collector gc{mem, los, stable, thr};
  VmStats stats;
  Machine M{mem, los, stable, thr, gc, stats};
  uint32_t statics = L::kStaticBase;
  uint32_t main_tso = 0;
  // Constructors (static, no fields) for the exceptions the runtime raises by itself, and
  // the info tables of the test's own heap objects.
  uint32_t heap_overflow_exc, stack_overflow_exc, blocked_exc, loop_exc;
  uint32_t con0, boxed_info, cons_info;

  uint32_t words(uint32_t n) {
    uint32_t a = statics;
    statics += 8 * n;
    return a;
  }
  // An info table (with the FUN argument bitmap word, unused by the others).
  uint32_t info(uint32_t type, uint64_t layout_word = 0, uint32_t hi = 0, uint32_t entry = 0) {
    uint32_t a = words(L::kFunInfoWords);
    mem.store64(a + L::kInfoEntry, entry);
    mem.store64(a + L::kInfoLayout, layout_word);
    mem.store64(a + L::kInfoType, uint64_t(type) | uint64_t(hi) << 32);
    return a;
  }
  static uint64_t ptrs(uint32_t p, uint32_t np = 0) { return uint64_t(p) | uint64_t(np) << 32; }
  // A RET_SMALL frame of `n` words (info included) with pointer bits `bits`, returning to `entry`.
  uint32_t frame_info(uint32_t n, uint64_t bits, uint32_t entry, uint32_t type = L::RET_SMALL) {
    uint32_t bm = words(1);
    mem.store64(bm, bits);
    return info(type, uint64_t(n) | uint64_t(bm) << 32, 0, entry);
  }
  uint32_t fun_info(uint32_t arity, uint32_t entry, uint32_t free_ptrs = 0) {
    return info(L::FUN, ptrs(free_ptrs), arity, entry);
  }
  uint32_t static_closure(uint32_t info_addr) {
    uint32_t c = words(L::kStaticThunkWords);
    mem.store64(c, info_addr);
    return c;
  }
  // A heap object bumped from Hp (never collects: tests set up the heap with it).
  uint32_t heap(std::initializer_list<uint64_t> ws) {
    uint32_t a = M.Hp;
    for (uint64_t w : ws) mem.store64(M.Hp, w), M.Hp += 8;
    return a;
  }
  uint32_t boxed(uint64_t v) { return heap({boxed_info, v}); }
  uint32_t cons(uint64_t a, uint64_t b) { return heap({cons_info, a, b}); }
  bool in_area(uint64_t p) const { return p >= gc.area_lo() && p < gc.area_end(); }

  // Pushes frames (each a list of words, top frame first) onto the running stack.
  void push_frames(std::initializer_list<std::initializer_list<uint64_t>> frames) {
    uint32_t n = 0;
    for (auto& f : frames) n += uint32_t(f.size());
    M.Sp -= 8 * n;
    uint32_t p = M.Sp;
    for (auto& f : frames)
      for (uint64_t w : f) mem.store64(p, w), p += 8;
  }
  uint64_t stack_word(uint32_t i) const { return mem.load64(M.Sp + 8 * i); }
  // Makes `tso` the running thread, as run_next_thread does.
  void run(uint32_t tso) {
    M.cur = tso;
    M.Sp = uint32_t(thr.word(tso, L::kTsoSp));
    M.stack_lo = thr.half(tso, L::kTsoStackLo);
    M.stack_hi = thr.half(tso, L::kTsoStackHi);
    M.SpLim = M.stack_lo + 8 * L::kStackReserveWords;
    M.mask = thr.half(tso, L::kTsoMask);
  }
  // A forked thread with a fresh stack, not queued to run.
  uint32_t fork() {
    uint32_t t = create_thread(mem, los, thr, 0);
    thr.remove(L::kRunQueueHead, L::kRunQueueTail, t);
    return t;
  }
  // Heap exhausted: the next allocation collects (the bytes skipped are garbage).
  void fill_heap() { M.Hp = M.HpLim; }

  MachineRig() {
    los.init(BlockHeap::kBestFit);
    los.add_chunk(kLosLo, kLosBytes);
    stable.init();
    auto rts = [&](L::RtsInfo i, RtsBlock b, uint64_t lay, uint32_t type) {
      mem.store32(L::kRtsInfoTable + 4 * i, info(type, lay, 0, uint32_t(b)));
    };
    auto rts_frame = [&](L::RtsInfo i, RtsBlock b, uint32_t n, uint64_t bits, uint32_t type = L::RET_SMALL) {
      mem.store32(L::kRtsInfoTable + 4 * i, frame_info(n, bits, uint32_t(b), type));
    };
    rts(L::kBlackholeInfo, RtsBlock::Blackhole, 1, L::BLACKHOLE);
    rts(L::kIndInfo, RtsBlock::Indirection, 1, L::IND);
    rts(L::kIndStaticInfo, RtsBlock::Indirection, 1, L::IND_STATIC);
    rts(L::kUpdateFrameInfo, RtsBlock::Update, 2, L::UPDATE_FRAME);
    rts(L::kCatchFrameInfo, RtsBlock::CatchFrame, 3, L::CATCH_FRAME);
    rts(L::kStopFrameInfo, RtsBlock::Stop, 1, L::STOP_FRAME);
    rts(L::kPapInfo, RtsBlock::ReturnSelf, 0, L::PAP);
    rts(L::kApplyFrameInfo, RtsBlock::ApplyFrame, 0, L::RET_BIG);
    rts(L::kRestoreMaskInfo, RtsBlock::RestoreMask, 2, L::RET_SMALL);
    rts(L::kArrWordsInfo, RtsBlock::ReturnSelf, 0, L::ARR_WORDS);
    rts(L::kMutArrInfo, RtsBlock::ReturnSelf, 0, L::MUT_ARR_PTRS_CLEAN);
    rts(L::kSmallMutArrInfo, RtsBlock::ReturnSelf, 0, L::SMALL_MUT_ARR_PTRS_CLEAN);
    rts(L::kMutVarInfo, RtsBlock::ReturnSelf, 1, L::MUT_VAR_CLEAN);
    rts(L::kMVarInfo, RtsBlock::ReturnSelf, 3, L::MVAR_CLEAN);
    rts(L::kTsoInfo, RtsBlock::ReturnSelf, 0, L::TSO);
    rts(L::kWeakInfo, RtsBlock::ReturnSelf, 5, L::WEAK);
    rts(L::kCFinalizerInfo, RtsBlock::ReturnSelf, ptrs(1, 4), L::CONSTR);
    rts(L::kRaiseInfo, RtsBlock::Raise, 1, L::THUNK);
    rts(L::kApInfo, RtsBlock::ApThunk, 2, L::THUNK);
    rts(L::kSelInfo, RtsBlock::SelThunk, 1, L::THUNK_SELECTOR);
    rts(L::kSelFrameInfo, RtsBlock::SelFrame, 1, L::RET_SMALL);
    rts(L::kResumeJumpInfo, RtsBlock::ResumeJump, 0, L::RET_BIG);
    rts(L::kSpillInfo, RtsBlock::None, 0, L::RET_BIG);
    rts(L::kApStackInfo, RtsBlock::ApStack, 0, L::AP_STACK);
    rts_frame(L::kEnterFrameInfo, RtsBlock::EnterFrame, 2, 1);
    rts_frame(L::kRetValueInfo, RtsBlock::RetValue, 2, 1);
    rts_frame(L::kRetryMVarInfo, RtsBlock::RetryMVar, 4, 0b110);
    rts_frame(L::kRetryThrowToInfo, RtsBlock::RetryThrowTo, 3, 0b11);
    rts(L::kTVarInfo, RtsBlock::ReturnSelf, 1, L::TVAR);
    rts(L::kTRecInfo, RtsBlock::ReturnSelf, 0, L::TREC_CHUNK);
    rts_frame(L::kAtomicallyFrameInfo, RtsBlock::AtomicallyFrame, 2, 0b1, L::ATOMICALLY_FRAME);
    rts_frame(L::kAtomicallyWaitingInfo, RtsBlock::AtomicallyWaiting, 2, 0b1, L::ATOMICALLY_FRAME);
    rts_frame(L::kCatchRetryFrameInfo, RtsBlock::CatchRetryFrame, 4, 0b011, L::CATCH_RETRY_FRAME);
    rts_frame(L::kCatchStmFrameInfo, RtsBlock::CatchStmFrame, 3, 0b11, L::CATCH_STM_FRAME);
    con0 = info(L::CONSTR, 0, 1, uint32_t(RtsBlock::ReturnSelf));
    boxed_info = info(L::CONSTR, ptrs(0, 1), 1, uint32_t(RtsBlock::ReturnSelf));
    cons_info = info(L::CONSTR, ptrs(2), 2, uint32_t(RtsBlock::ReturnSelf));
    heap_overflow_exc = static_closure(con0);
    stack_overflow_exc = static_closure(con0);
    blocked_exc = static_closure(con0);
    loop_exc = static_closure(con0);
    mem.store32(L::kRtsClosureTable + 4 * L::kHeapOverflowClosure, heap_overflow_exc);
    mem.store32(L::kRtsClosureTable + 4 * L::kStackOverflowClosure, stack_overflow_exc);
    mem.store32(L::kRtsClosureTable + 4 * L::kBlockedOnMVarClosure, blocked_exc);
    mem.store32(L::kRtsClosureTable + 4 * L::kNonTerminationClosure, loop_exc);
    mem.store32(L::reg_addr(L::kRegStackLimit), 1u << 20);
    gc.init(kHeapLo, kSemi, kStaticEnd, 0);
    M.Hp = gc.area_lo();
    M.HpLim = gc.area_end();
    main_tso = create_thread(mem, los, thr, 0, kMainStackLo, kMainStackHi);
    mem.store64(L::kMainTso, main_tso);
    thr.next_to_run();  // it is running: the run queue is empty
    M.main_stack_hi = kMainStackHi;
    run(main_tso);
  }
};

}  // namespace stgvm::test_rig
