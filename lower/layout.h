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
constexpr uint32_t kDefaultStackBytes = 1u << 20;
constexpr uint32_t kDefaultPinnedBytes = 4u << 20;
constexpr uint32_t kDefaultHeapBytes = 8u << 20;   // initial semispace size
constexpr uint32_t kHeapGrowStep = 16 * kPage;      // 1 MiB
constexpr uint64_t kDefaultMaxMemory = 1ull << 30;  // declared maximum (1 GiB)
constexpr uint32_t kStackReserveWords = 32;         // SpLim headroom for RTS frames
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

inline bool is_thunk_like(uint32_t t) {  // evaluation must run code (or follow an indirection)
  return (t >= THUNK && t <= THUNK_SELECTOR) || t == AP || t == AP_STACK || t == IND || t == IND_STATIC ||
         t == BLACKHOLE;
}
inline bool is_fun(uint32_t t) { return t >= FUN && t <= FUN_STATIC; }
inline bool is_constr(uint32_t t) { return t >= CONSTR && t <= CONSTR_NOCAF; }

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

// PAP: [info, fun, n_args | arg_ptr_bitmap << 32 … (word 2: n_args, word 3: bitmap), args…]
constexpr uint32_t kPapFun = 8;
constexpr uint32_t kPapNArgs = 16;
constexpr uint32_t kPapBitmap = 24;
constexpr uint32_t kPapArgs = 32;

// ARR_WORDS (ByteArray#): [info, n_bytes, bytes…]. MUT_ARR_PTRS (Array#): [info, n_elems, elems…].
constexpr uint32_t kArrSize = 8;
constexpr uint32_t kArrPayload = 16;

// ---- Stack frames ----------------------------------------------------------------------------
// UPDATE_FRAME: [info, updatee]. CATCH_FRAME: [info, handler, saved mask state].
// RET_SMALL (case continuation): [info, saved values…] described by the info's frame layout.
// Apply continuation (over-saturated calls): [info, n_args | bitmap << 32 …] — RET_FUN style,
// the frame stores its own size: [info, size_words, ptr_bitmap, args…].
constexpr uint32_t kUpdateFrameWords = 2;
constexpr uint32_t kCatchFrameWords = 3;

}  // namespace stgvm::layout
