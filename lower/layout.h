// The one definition of stgvm's memory layout, shared by lowering, the interpreter, the GC
// and (later) the wasm emitter. A wasm32-style linear memory with 8-byte words
// (docs/vm-design.md §2, ../shared/docs/reference/wasm-layout.md §3).
#pragma once
#include <cstdint>

namespace stgvm::layout {

using Addr = uint32_t;

constexpr uint32_t kWord = 8;
constexpr uint32_t kPage = 64 * 1024;

// ---- Regions (fixed order; sizes are per-run settings recorded in the Image) -------------
constexpr Addr kNullGuardBase = 0x00000;   // any access below kRuntimeBase faults
constexpr Addr kRuntimeBase = 0x10000;     // runtime page: register spill, I/O scratch
constexpr Addr kStaticBase = 0x20000;      // static image: info tables, static closures, literals
constexpr uint32_t kHeapGrowStep = 16 * kPage;      // 1 MiB
constexpr uint64_t kDefaultMaxMemory = 1ull << 30;  // declared maximum of a bare Memory (1 GiB)

// Sizes of the regions after the static image (page multiples; the lowering records the
// resulting placement in the Image, so every executor uses the same addresses).
struct RegionSizes {
  uint32_t stack = 1u << 20;    // the main thread's first stack (stacks grow elsewhere)
  uint32_t cheap = 256u << 20;  // C heap (malloc family)
  uint32_t pinned = 64u << 20;  // first chunk of the non-moving space
  uint32_t heap = 32u << 20;    // each of the two initial semispaces (they grow)
};
struct Regions {
  Addr static_end = 0;          // end of the static image's bytes
  Addr stack_lo = 0, stack_hi = 0;
  Addr cheap_lo = 0, cheap_hi = 0;
  Addr los_lo = 0, los_hi = 0;
  Addr heap_lo = 0;             // two semispaces of semi_bytes each from here
  uint32_t semi_bytes = 0;
  uint64_t end() const { return uint64_t(heap_lo) + 2ull * semi_bytes; }  // initial memory size
};
// Regions in their fixed order: guard page, runtime page, static image, stack, C heap,
// non-moving space, semispaces. Each region starts on a page.
inline Regions plan_regions(Addr static_end, const RegionSizes& s) {
  auto page = [](uint64_t v) { return uint32_t((v + kPage - 1) / kPage * kPage); };
  Regions r;
  r.static_end = static_end;
  r.stack_lo = page(static_end);
  r.stack_hi = r.stack_lo + page(s.stack);
  r.cheap_lo = r.stack_hi;
  r.cheap_hi = r.cheap_lo + page(s.cheap);
  r.los_lo = r.cheap_hi;
  r.los_hi = r.los_lo + page(s.pinned);
  r.heap_lo = r.los_hi;
  r.semi_bytes = page(s.heap);
  return r;
}
constexpr uint32_t kStackReserveWords = 32;         // SpLim headroom for RTS frames
// ---- The runtime page: machine state the runtime library keeps in linear memory ----------
// (docs/vm-design.md §4). Fixed addresses, so both executors and snapshots agree.
constexpr uint32_t kBlockHeapStateBytes = 512;              // runtime/block_heap.h
constexpr Addr kLosState = kRuntimeBase + 0x1000;           // non-moving object space
constexpr Addr kCHeapState = kLosState + kBlockHeapStateBytes;  // C heap (malloc family)
// Stable pointers: [table address, capacity, entries used, free list head] (u64 each); the
// table (one word per entry; a free entry holds (next free index << 1) | 1) lives in the
// non-moving space. A StablePtr# is an entry index + 1.
constexpr Addr kStablePtrState = kCHeapState + kBlockHeapStateBytes;
// Stable names (runtime/stable_names.h): [entry table address, capacity, entries used, free
// head, hash table address, hash slots] (u64 each; all 0 until the first makeStableName#).
constexpr Addr kStableNameState = kStablePtrState + 32;
// Every live weak pointer, linked through its link word (0 = end). The collector keeps a
// weak's value and finalizer only while its key is reachable.
constexpr Addr kWeakListHead = kStableNameState + 48;
// Weak pointers a collection found dead whose finalizers have not been started yet (GHC's
// dead_weak_ptr_list), in the order they died, linked through their link word (0 = end):
// their C finalizers run when the next collection starts, the Haskell ones in a new thread
// at the next switch of threads (runtime/finalizers.h).
constexpr Addr kDeadWeakHead = kWeakListHead + 8;
// Threads (runtime/threads.h): the run queue (head, tail), every unfinished thread (list
// head), threads blocked on a BLACKHOLE (head, tail), the next thread id, the running TSO.
constexpr Addr kRunQueueHead = kDeadWeakHead + 8;
constexpr Addr kRunQueueTail = kRunQueueHead + 8;
constexpr Addr kAllThreads = kRunQueueTail + 8;
constexpr Addr kBlackholeWaitersHead = kAllThreads + 8;
constexpr Addr kBlackholeWaitersTail = kBlackholeWaitersHead + 8;
constexpr Addr kNextThreadId = kBlackholeWaitersTail + 8;
constexpr Addr kCurrentTso = kNextThreadId + 8;
constexpr Addr kMainTso = kCurrentTso + 8;
// Threads blocked in an STM `retry` (head, tail): a commit wakes those whose reads it changed.
constexpr Addr kStmWaitersHead = kMainTso + 8;
constexpr Addr kStmWaitersTail = kStmWaitersHead + 8;
// Threads sleeping in delay# (head, tail), by wake-up time (runtime/threads.h).
constexpr Addr kSleepersHead = kStmWaitersTail + 8;
constexpr Addr kSleepersTail = kSleepersHead + 8;
// The program's errno (the foreign-call shims work on a copy during each call).
constexpr Addr kErrno = kSleepersTail + 8;
// rts/Globals.c's set-once store cells (getOrSet…Store), five of them.
constexpr Addr kRtsStores = kErrno + 8;
constexpr uint32_t kRtsStoreCount = 5;
// The foreign-call shims' cells (argv and environment blocks, locale, umask, saved termios,
// signal mask and actions, strerror copies, the time zone's name; ffi/ffi_internal.h ShimCells).
constexpr Addr kForeignCells = kRtsStores + 8 * kRtsStoreCount;
constexpr uint32_t kForeignCellsBytes = 1472;

// The collector's state (runtime/collector.h): semispaces and schedule.
constexpr Addr kGcState = kForeignCells + kForeignCellsBytes;
constexpr uint32_t kGcStateBytes = 64;
// The info tables of the runtime's own objects and frames, as the lowering placed them
// (u32 each, indexed by RtsInfo): the runtime library finds them here, not in the Image.
constexpr Addr kRtsInfoTable = kGcState + kGcStateBytes;
inline namespace rts_info_names {
enum RtsInfo : uint32_t {
  kBlackholeInfo, kIndInfo, kIndStaticInfo, kUpdateFrameInfo, kCatchFrameInfo, kStopFrameInfo, kPapInfo,
  kApplyFrameInfo, kRestoreMaskInfo, kArrWordsInfo, kMutArrInfo, kSmallMutArrInfo, kMutVarInfo, kMVarInfo,
  kTsoInfo, kWeakInfo, kRaiseInfo, kApInfo, kSelInfo, kSelFrameInfo, kResumeJumpInfo, kSpillInfo,
  kApStackInfo, kEnterFrameInfo, kRetValueInfo, kRetryMVarInfo, kRetryThrowToInfo, kTVarInfo, kTRecInfo,
  kAtomicallyFrameInfo, kAtomicallyWaitingInfo, kCatchRetryFrameInfo, kCatchStmFrameInfo, kCFinalizerInfo,
  kStableNameInfo,
  kIntBoxInfo,  // ghc-prim's I# (the finalizer thread's argument), 0 if the program lacks it
  kRtsInfoCount
};
}  // namespace rts_info_names
// Closures the runtime raises or starts by itself, as the lowering found them in the program
// (u32 each, indexed by RtsClosure; 0: the program does not have it).
constexpr Addr kRtsClosureTable = kRtsInfoTable + 4 * kRtsInfoCount;
inline namespace rts_closure_names {
enum RtsClosure : uint32_t {
  kNonTerminationClosure, kDivZeroClosure, kOverflowClosure, kUnderflowClosure, kHeapOverflowClosure,
  kStackOverflowClosure, kBlockedOnMVarClosure, kMainClosure, kFlushStdHandlesClosure, kBlockedOnStmClosure,
  kNestedAtomicallyClosure, kRunFinalizerBatchClosure, kRtsClosureCount
};
}  // namespace rts_closure_names
// The machine registers R0…R255 (u64 each): arguments, results, a suspended block's entry
// registers. Their home is here, so the runtime library reads and writes them as memory.
constexpr uint32_t kMachineRegs = 256;
constexpr Addr kRegR = (kRtsClosureTable + 4 * kRtsClosureCount + 7) & ~Addr(7);
// The executor's other registers, one u64 slot each (a u32 register is the slot's low half):
// the interpreter and the runtime library use them here; the wasm module keeps some in
// globals and writes them here before it calls the runtime.
constexpr Addr kRegTable = kRegR + 8 * kMachineRegs;
inline namespace reg_slot_names {
enum RegSlot : uint32_t {
  kRegSp, kRegSpLim, kRegHp, kRegHpLim,
  kRegStackLo, kRegStackHi,    // the running thread's stack
  kRegMainStackHi,             // the main thread's first stack (in the stack region)
  kRegMask,                    // the running thread's masking state (0, 1 interruptible, 2 uninterruptible)
  kRegStackLimit,              // -K: the most bytes a thread's stack may grow to
  kRegExitCode, kRegPhase,     // the phase: main, then base's flushStdHandles, then done
  kRegSliceEnd,                // the running thread's time slice ends at this step
  kRegSnapshotBlock,           // the block a snapshot stopped before (0: none)
  kRegSteps,                   // code blocks executed: the virtual clock
  kRegClockSkipped,            // virtual ns the clock jumped while every thread slept
  kRegGcBlock,                 // the block running when it asked for a collection (its static
                               // reference table is a root; 0 between collections)
  kRegTableWords
};
}  // namespace reg_slot_names
constexpr Addr reg_addr(RegSlot r) { return kRegTable + 8 * r; }
constexpr Addr kRuntimePageUsed = kRegTable + 8 * kRegTableWords;
static_assert(kRuntimePageUsed <= kStaticBase, "the runtime page holds the runtime's state");

// Objects this big are allocated in the non-moving space, as GHC's allocate() does for
// n ≥ LARGE_OBJECT_THRESHOLD / sizeof(W_) words (BLOCK_SIZE * 8 / 10 bytes = 409 words);
// isByteArrayPinned# is true for them, as in GHC.
constexpr uint32_t kLargeObjectBytes = 409 * kWord;
inline bool is_large_object(uint32_t bytes) { return ((bytes + kWord - 1) & ~(kWord - 1)) >= kLargeObjectBytes; }

// ---- Closure types: GHC 9.0.2's numbering (includes/rts/storage/ClosureTypes.h) ----------
enum ClosureType : uint32_t {
  INVALID_OBJECT = 0,
  CONSTR = 1, CONSTR_1_0 = 2, CONSTR_0_1 = 3, CONSTR_2_0 = 4, CONSTR_1_1 = 5, CONSTR_0_2 = 6,
  CONSTR_NOCAF = 7,
  FUN = 8, FUN_1_0 = 9, FUN_0_1 = 10, FUN_2_0 = 11, FUN_1_1 = 12, FUN_0_2 = 13, FUN_STATIC = 14,
  THUNK = 15, THUNK_1_0 = 16, THUNK_0_1 = 17, THUNK_2_0 = 18, THUNK_1_1 = 19, THUNK_0_2 = 20,
  THUNK_STATIC = 21, THUNK_SELECTOR = 22, BCO = 23, AP = 24, PAP = 25, AP_STACK = 26, IND = 27,
  IND_STATIC = 28, RET_BCO = 29, RET_SMALL = 30, RET_BIG = 31, RET_FUN = 32, UPDATE_FRAME = 33,
  CATCH_FRAME = 34, UNDERFLOW_FRAME = 35, STOP_FRAME = 36, BLOCKING_QUEUE = 37, BLACKHOLE = 38,
  MVAR_CLEAN = 39, MVAR_DIRTY = 40, TVAR = 41, ARR_WORDS = 42, MUT_ARR_PTRS_CLEAN = 43,
  MUT_ARR_PTRS_DIRTY = 44, MUT_ARR_PTRS_FROZEN_DIRTY = 45, MUT_ARR_PTRS_FROZEN_CLEAN = 46,
  MUT_VAR_CLEAN = 47, MUT_VAR_DIRTY = 48, WEAK = 49, PRIM = 50, MUT_PRIM = 51, TSO = 52,
  STACK = 53, TREC_CHUNK = 54, ATOMICALLY_FRAME = 55, CATCH_RETRY_FRAME = 56, CATCH_STM_FRAME = 57,
  WHITEHOLE = 58, SMALL_MUT_ARR_PTRS_CLEAN = 59, SMALL_MUT_ARR_PTRS_DIRTY = 60,
  SMALL_MUT_ARR_PTRS_FROZEN_DIRTY = 61, SMALL_MUT_ARR_PTRS_FROZEN_CLEAN = 62,
  COMPACT_NFDATA = 63,
};

// Evaluation must run code (or follow an indirection). One bit test: every `case` on a
// variable asks.
constexpr uint64_t kThunkLikeTypes = [] {
  uint64_t m = 0;
  for (uint32_t t = THUNK; t <= THUNK_SELECTOR; ++t) m |= 1ull << t;
  for (uint32_t t : {AP, AP_STACK, IND, IND_STATIC, BLACKHOLE}) m |= 1ull << t;
  return m;
}();
// Selector thunks (THUNK_SELECTOR; GHC's stg_sel_n): `case x of C … a … -> a` with x the
// only free variable, payload [x]; the info table's high word is C's tag << 16 | a's payload
// word. GHC's limits: a field within the first 16 payload words, nesting eliminated by one
// collection at most 16 deep.
constexpr uint32_t kMaxSelectorSlot = 15;
constexpr uint32_t kMaxSelectorDepth = 16;
inline bool is_thunk_like(uint32_t t) { return t < 64 && (kThunkLikeTypes >> t & 1); }
inline bool is_fun(uint32_t t) { return t >= FUN && t <= FUN_STATIC; }
inline bool is_constr(uint32_t t) { return t >= CONSTR && t <= CONSTR_NOCAF; }
// Array#, SmallArray# and their mutable and frozen forms (ARR_WORDS is ByteArray#).
inline bool is_ptr_array(uint32_t t) {
  return (t >= MUT_ARR_PTRS_CLEAN && t <= MUT_ARR_PTRS_FROZEN_CLEAN) ||
         (t >= SMALL_MUT_ARR_PTRS_CLEAN && t <= SMALL_MUT_ARR_PTRS_FROZEN_CLEAN);
}

// ---- Info tables (non-TNTC, forward order; all fields are words) ---------------------------
// w0 entry code-block index (0 = no code)
// w1 layout: ptrs (low u32) | nptrs (high u32)           — heap objects
//            frame size in words (low u32) | bitmap addr  — stack frames (see below)
// w2 closure type (low u32) | con tag / fun arity (high u32)
// w3 name: address of a NUL-terminated string in the static image (0 if none)
// FUN only: w4 argument-kind bitmap (bit i set = argument i is a pointer), arity ≤ 64
// RET frames: the frame is `size` words including the info pointer; the bitmap at `bitmap
// addr` has one bit per payload word (bit set = pointer), ceil((size-1)/64) words.
constexpr uint32_t kInfoEntry = 0;
constexpr uint32_t kInfoLayout = 8;
constexpr uint32_t kInfoType = 16;
constexpr uint32_t kInfoName = 24;
constexpr uint32_t kInfoFunArgBitmap = 32;
constexpr uint32_t kInfoWords = 4;
constexpr uint32_t kFunInfoWords = 5;

// ---- Closures -------------------------------------------------------------------------------
// word 0: info pointer. Thunks (THUNK*, AP, the BLACKHOLE they turn into): word 1 is the
// indirectee slot (value after update; owner TSO while blackholed). Payload: pointers first,
// then non-pointers, one word each (sub-word values zero-extended, Float in the low 32 bits).
constexpr uint32_t kHeaderWords = 1;
constexpr uint32_t kThunkHeaderWords = 2;
constexpr uint32_t kIndirectee = 8;  // offset of the indirectee / thunk padding word
// Static closures that can reach a CAF carry a link word (GHC's static_link): the collector
// threads the ones it reached through it (0 = not reached in this collection; its lists end
// with kStaticListEnd), and clears it again afterwards. Static thunks (CAFs): [info,
// indirectee, link]; static functions: [info, link]; static constructors: the link follows
// the payload.
constexpr uint32_t kStaticThunkWords = 3;
constexpr uint32_t kStaticLink = 16;
constexpr uint32_t kFunStaticWords = 2;
constexpr uint32_t kFunStaticLink = 8;
constexpr uint64_t kStaticListEnd = 1;
// Where the lowering put the static reference tables (lower/srt.cpp) in the static image:
// `table` holds one u32 per block (the address of its table [n, static closures…], or 0);
// `relevant` is a bitmap, one bit per word of the static image below `relevant_end`, set
// where a closure that can reach a CAF starts. All 0: no tables.
struct StaticTables {
  uint32_t table = 0, blocks = 0, relevant = 0, relevant_end = 0;
  static uint32_t bitmap_bytes(Addr end) { return ((end - kStaticBase) / kWord + 63) / 64 * 8; }
};

// PAP: [info, fun, n_args | arg_ptr_bitmap << 32 … (word 2: n_args, word 3: bitmap), args…]
constexpr uint32_t kPapFun = 8;
constexpr uint32_t kPapNArgs = 16;
constexpr uint32_t kPapBitmap = 24;
constexpr uint32_t kPapArgs = 32;

// AP_STACK: [info, pad, size in words, frames…]: an evaluation an asynchronous exception
// froze; entering it pushes the frames back and returns to the top one.
constexpr uint32_t kApStackSize = 16;
constexpr uint32_t kApStackFrames = 24;

// WEAK: [info, key, value, finalizer, link, C finalizers]. The collector treats the fields
// itself (runtime/collector.cpp); the link is the list the weak is on. A dead weak pointer
// (GHC's DEAD_WEAK) has key 0; finalizer and C finalizers are 0 once started.
constexpr uint32_t kWeakKey = 8;
constexpr uint32_t kWeakValue = 16;
constexpr uint32_t kWeakFinalizer = 24;
constexpr uint32_t kWeakLink = 32;
constexpr uint32_t kWeakCFinalizers = 40;  // a chain of C_FINALIZER_LIST objects, newest first
constexpr uint32_t kWeakBytes = 48;
// C_FINALIZER_LIST (a constructor: one pointer, four words): [info, link, function pointer,
// pointer, environment pointer, has environment]; GHC's StgCFinalizerList.
constexpr uint32_t kCFinLink = 8, kCFinFn = 16, kCFinPtr = 24, kCFinEnv = 32, kCFinHasEnv = 40, kCFinBytes = 48;
// STABLE_NAME (a constructor of one word): [info, index in the stable-name table].
constexpr uint32_t kStableNameIndex = 8, kStableNameBytes = 16;

// TSO, a thread (in the non-moving space; a ThreadId# is its address). Words:
// info | id | state u32, mask u32 | stack lo u32, hi u32 | saved Sp | how to resume: kind u32,
// argument count u32 | register bitmap (bit i: saved register i is a pointer) | saved R0 | R1
// | link (run queue, MVar queue, throwTo queue or BLACKHOLE waiters) | next unfinished thread
// | what it is blocked on (MVar, target TSO, BLACKHOLE) | the value it is blocked with (putMVar's
// value, throwTo's exception) | threads waiting to throw to it: head | tail | its innermost STM
// transaction record (0: not in a transaction).
constexpr uint32_t kTsoId = 8, kTsoState = 16, kTsoMask = 20, kTsoStackLo = 24, kTsoStackHi = 28;
constexpr uint32_t kTsoSp = 32, kTsoResume = 40, kTsoNArgs = 44, kTsoRegBitmap = 48, kTsoR0 = 56, kTsoR1 = 64;
constexpr uint32_t kTsoLink = 72, kTsoAllLink = 80, kTsoBlockedOn = 88, kTsoBlockValue = 96;
constexpr uint32_t kTsoThrowHead = 104, kTsoThrowTail = 112;
constexpr uint32_t kTsoTrec = 120;
constexpr uint32_t kTsoWakeTime = 128;  // a sleeping thread's wake-up time (virtual ns; not a pointer)
constexpr uint32_t kTsoBytes = 136;
// MVAR: [info, value (0 = empty), queue head, queue tail]: the threads blocked on it, FIFO.
constexpr uint32_t kMVarValue = 8, kMVarHead = 16, kMVarTail = 24, kMVarBytes = 32;
// MUT_VAR: [info, value].
constexpr uint32_t kMutVarValue = 8, kMutVarBytes = 16;
// TVAR: [info, value] (runtime/stm.h).
constexpr uint32_t kTVarValue = 8, kTVarBytes = 16;
// TREC_CHUNK, one level of a transaction's record (runtime/stm.h): [info, n_words, enclosing
// record, entries…], sized and scanned like an Array#: every payload word is a pointer or 0.
// An entry is three words: TVar, the value the transaction expects it to hold, the value it
// will write. The first entry whose TVar is 0 ends the record.
constexpr uint32_t kTRecParent = 16, kTRecEntries = 24, kTRecEntryBytes = 24;

// ARR_WORDS (ByteArray#): [info, n_bytes, bytes…]. MUT_ARR_PTRS (Array#): [info, n_elems, elems…].
constexpr uint32_t kArrSize = 8;
constexpr uint32_t kArrPayload = 16;

// ---- Stack frames ----------------------------------------------------------------------------
// UPDATE_FRAME: [info, updatee]. CATCH_FRAME: [info, handler, saved mask state].
// RET_SMALL (case continuation): [info, saved values…] described by the info's frame layout.
// Apply continuation (over-saturated calls): [info, n_args | bitmap << 32 …] — RET_FUN style,
// the frame stores its own size: [info, size_words, ptr_bitmap, args…].
// Resume frame (a thread suspended at a block's entry): [info, size_words, bitmap, block,
// R0…] — RET_BIG like the apply frame; bitmap bit i describes word 3 + i (the block: 0).
// Spill frame (registers holding heap pointers, saved around a collection): [info,
// size_words, bitmap (all ones), values…], RET_BIG like the others, at most 64 values each.
constexpr uint32_t kUpdateFrameWords = 2;
constexpr uint32_t kSpillFrameValues = 64;
constexpr uint32_t kCatchFrameWords = 3;
// STM frames (GHC's types, laid out like RET_SMALL: size and bitmap in the info's layout word).
// ATOMICALLY_FRAME: [info, code]; CATCH_RETRY_FRAME (orElse): [info, first, alternative,
// running the alternative (0/1)]; CATCH_STM_FRAME: [info, code, handler].
constexpr uint32_t kAtomicallyFrameWords = 2, kCatchRetryFrameWords = 4, kCatchStmFrameWords = 3;
inline bool is_stm_frame(uint32_t t) { return t == ATOMICALLY_FRAME || t == CATCH_RETRY_FRAME || t == CATCH_STM_FRAME; }

}  // namespace stgvm::layout

namespace stgvm {

// The runtime's own code blocks: every Image starts with them, in this order (block index
// = value).
enum class RtsBlock : uint32_t {
  None = 0,
  Stop,          // STOP frame: the thread's bottom frame returns here → the thread ends
  ReturnSelf,    // entry of constructors, functions and PAPs when evaluated: return R[0]
  Update,        // UPDATE_FRAME return: overwrite the updatee with an indirection to R[0]
  Indirection,   // IND / IND_STATIC entry: evaluate the indirectee
  Blackhole,     // BLACKHOLE entry: the thunk is under evaluation (loop or another thread)
  CatchFrame,    // CATCH_FRAME return: pop and return R[0]
  ApplyFrame,    // over-saturated call continuation: apply R[0] to the saved arguments
  RestoreMask,   // restores the masking state saved in the frame, then returns
  Raise,         // entry of a thunk whose evaluation raised: raise the exception again
  ApThunk,       // entry of an AP thunk [info, pad, f, x]: f applied to x (atomicModifyMutVar)
  SelThunk,      // entry of a selector thunk [info, pad, c]: field 0 of c
  SelFrame,      // return point of a selector thunk: take field 0 of R[0] and evaluate it
  ResumeJump,    // a thread suspended at a block's entry: restore R[0..n) and jump to it
  ApStack,       // entry of an AP_STACK: a frozen evaluation, its frames pushed back
  EnterFrame,    // [info, closure]: evaluate the closure
  RetValue,      // [info, value]: return the value to the frame below
  RetryMVar,     // [info, op, mvar, value]: take/read/put again (interrupted while blocked)
  RetryThrowTo,  // [info, target, exception]: throwTo again (interrupted while blocked)
  AtomicallyFrame,    // a transaction's code returned: commit, or run it again
  AtomicallyWaiting,  // a thread blocked in `retry` was woken: run its transaction again
  CatchRetryFrame,    // an orElse branch returned: merge its record into the enclosing one
  CatchStmFrame,      // catchSTM's code returned: merge its record into the enclosing one
  Count
};

}  // namespace stgvm
