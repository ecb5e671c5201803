// Foreign calls by C symbol (design.md §4): builtin shims implemented by the VM over linear
// memory — the libc subset base uses, base's C helpers (__hscore_*, u_*, MD5, iconv), the
// RTS API functions base calls, locale queries, a virtual clock — and direct calls of pure libm
// functions on scalars. A symbol that is neither is reported by name.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/block_heap.h"
#include "runtime/memory.h"

namespace stgvm {

// Representation of one argument / result slot of a foreign call (from the STG PrimReps).
// Unlifted: an unlifted heap object (ByteArray#, MutVar#, …) as an argument; the VM passes an
// array as the address of its contents and anything else as its address, so shims only ever
// see Addr there.
enum class CRep : uint8_t { Void, Int, Int8, Int16, Int32, Int64, Word, Word8, Word16, Word32, Word64, Addr, Float, Double, Unlifted };

// What the VM provides to shims that need more than memory. Implemented by the interpreter.
class ForeignHost {
 public:
  virtual ~ForeignHost() = default;
  virtual uint64_t current_thread_id() = 0;
  // shutdownHaskellAndExit / shutdownHaskellAndSignal: the VM stops after this call returns.
  virtual void request_exit(int code) = 0;
  virtual void free_stable_ptr(uint64_t sp) = 0;
  // getProgArgv: argv[0] is the program name as the program should see it.
  virtual const std::vector<std::string>& program_args() = 0;
  virtual void set_program_args(std::vector<std::string> args) = 0;
  // Deterministic virtual clock (nanoseconds), advanced by executed steps.
  virtual uint64_t monotonic_ns() = 0;
  // The process's virtual CPU time (ns): executed steps only, not time slept; and how many
  // ns one step counts for (clock_getres).
  virtual uint64_t cpu_ns() { return monotonic_ns(); }
  virtual uint64_t cpu_ns_per_tick() { return 1; }
  // Writes a diagnostic line the way the RTS's errorBelch does (prefixed by the program name).
  virtual void error_belch(const std::string& msg) = 0;

  // ---- Added by ffi/ (all have defaults, so existing implementations keep compiling) ----
  // The program's initial environment ("NAME=value" strings; design.md §3: environment only
  // from flags). getenv/putenv/__hscore_environ work on a copy of it in the C heap; the
  // locale (LC_ALL / LC_CTYPE / LANG) behind localeEncoding is read from it too.
  virtual std::vector<std::string> environment() { return {}; }
  // The id of the thread whose TSO is at `tso` (rts_getThreadId, cmp_thread, `show ThreadId`).
  // The default only knows the current thread: the interpreter must override it.
  virtual uint64_t thread_id(uint64_t tso) {
    (void)tso;
    return current_thread_id();
  }
  // Size of the thread's stack in bytes, for reportStackOverflow's message.
  virtual uint64_t thread_stack_bytes(uint64_t tso) {
    (void)tso;
    return 1u << 20;
  }
  // The heap limit (-M / --max-heap) in bytes for reportHeapOverflow's message; 0 = none.
  virtual uint64_t max_heap_bytes() { return 0; }
  // shutdownHaskellAndSignal: the program asked to die by signal `sig`. Default: the exit
  // status a shell shows for that (128 + sig).
  virtual void request_signal_exit(int sig) { request_exit(128 + sig); }
  // debugBelch (Debug.Trace): raw text, no program-name prefix, no added newline. Default:
  // written to the host's fd 2 (see ffi/rts_api.cpp).
  virtual void debug_belch(const std::string& text);
  // performGC: collect at the next safe point (default: nothing to collect).
  virtual void request_gc() {}
};

// A malloc family inside linear memory, over one region: an instance of the runtime's
// in-memory block allocator (runtime/block_heap.h, first fit), so all of its bookkeeping is
// in linear memory too. Deterministic: same request sequence, same addresses. Blocks are
// 16-byte aligned. malloc(0) returns a unique block. realloc(p, 0) frees p and returns 0
// (glibc). free(0) is a no-op; freeing anything that is not a live block is ignored here (the
// `free` shim reports it as a failure first, see block_size).
class CHeap {
 public:
  // A view of the C heap whose state is at `state` in `m`; init() makes a fresh one over
  // [base, base + size) (base rounded up to 16).
  explicit CHeap(Memory& m, uint32_t state = layout::kCHeapState) : m_(m), h_(m, state) {}
  CHeap(Memory& m, uint32_t base, uint32_t size, uint32_t state = layout::kCHeapState) : CHeap(m, state) {
    init(base, size);
  }
  void init(uint32_t base, uint32_t size);
  uint32_t malloc(uint64_t n);                       // 0 when exhausted (like malloc)
  uint32_t calloc(uint64_t n, uint64_t size);
  uint32_t realloc(uint32_t p, uint64_t n);
  void free(uint32_t p);
  // The usable size of the live block starting at p (0 if p is not one), and the number of
  // live blocks / bytes they occupy (headers included).
  uint32_t block_size(uint32_t p) const { return h_.is_block(p) ? h_.usable_bytes(p) : 0; }
  size_t live_blocks() const { return h_.live_blocks(); }
  uint64_t live_bytes() const { return h_.live_bytes(); }

 private:
  Memory& m_;
  BlockHeap h_;
};

// Per-program state of the shims (virtual fd table, iconv handles, environment block, RTS
// global stores, saved termios, file locks, …). Defined in ffi/ffi_internal.h; created on
// first use, released (fds and iconv handles closed) with the last context sharing it.
struct ForeignState;

// Everything a shim can touch.
struct ForeignContext {
  Memory& mem;
  CHeap& cheap;
  ForeignHost& host;
  int errno_value = 0;  // the program's errno (__hscore_get_errno / set_errno)
  // Set by a shim that cannot continue (bad pointer, unsupported request): the VM turns it
  // into a one-line error naming the symbol.
  std::string failure{};
  std::shared_ptr<ForeignState> state{};  // added by ffi/: null until a shim needs it
};

struct ForeignCall {
  const uint64_t* args;        // one u64 slot per argument (Float/Double as bit patterns)
  const CRep* arg_reps;
  uint32_t nargs;
  CRep result_rep;             // Void when the call returns nothing
  bool c_slots = false;        // every slot is a C argument (no Void slot): shims read them in place
};

// Conventions of every shim (ffi/README.md):
// * arguments: one u64 slot each; Void-rep slots (State# tokens) are skipped; C `int`-sized
//   arguments are read from the low 32 bits; pointers are u32 linear-memory addresses (a slot
//   whose high 32 bits are not zero faults like an out-of-range address).
// * results: sign- or zero-extended to 64 bits according to the C return type; Float in the
//   low 32 bits; Void results return 0.
// * a bad pointer is a memory fault (runtime/memory.h: natively MemoryFault propagates to the
//   VM, on wasm32 the program ends); failures of the C function set
//   ctx.errno_value and return what the C function returns (-1, NULL, …).
using ShimFn = uint64_t (*)(ForeignContext& ctx, const ForeignCall& call);

struct ForeignSymbol {
  std::string_view name;
  ShimFn fn;
  int8_t nargs = -1;  // added by ffi/: non-Void arguments the C function takes (-1: varies)
  // Added by ffi/: empty for the shims the VM implements; for the pure libm functions called
  // directly (ffi/libm.cpp) their C signature, e.g. "(double, int) -> double". Their
  // `fn` checks each call's slot representations against it (a mismatch sets ctx.failure).
  std::string_view c_signature{};
};

// Resolves a C symbol. GHC's capi wrappers (`ghczuwrapperZC<n>ZC<unit>ZC<module>ZC<entity>`)
// resolve by their z-decoded entity name. Returns nullptr for unknown symbols.
const ForeignSymbol* find_foreign(std::string_view symbol);

// The entity a capi wrapper label stands for ("ghczuwrapperZC0ZCbaseZC…ZCSEEKzuEND" → "SEEK_END"),
// or the symbol itself if it is not a wrapper.
std::string foreign_entity(std::string_view symbol);

// ---- Added by ffi/ ------------------------------------------------------------------------
// GHC's z-decoding (GHC.Utils.Encoding.zDecodeString). Malformed escapes are kept literally.
std::string z_decode(std::string_view encoded);

// Calls a shim after checking the argument count against `sym.nargs` (counting non-Void
// slots). On a mismatch sets ctx.failure and returns 0 without calling it.
uint64_t call_foreign(const ForeignSymbol& sym, ForeignContext& ctx, const ForeignCall& call);

// Every symbol that resolves (sorted by name), for `stgvm info` and tests: the VM's shims and
// the whitelisted libm functions called directly (those have a non-empty c_signature).
const std::vector<ForeignSymbol>& foreign_symbols();

// The end of the program on the C side (hs_exit + process exit): restores terminal settings
// saved for fds 0–2 (__hscore_set_saved_termios), closes the files and iconv descriptors the
// program opened. The VM calls it once it is completely done — after the final flush of the
// std Handles (GHC.TopHandler.flushStdHandles, Haskell code hs_exit runs), also after
// request_exit. shutdownHaskellAndExit/Signal only restore the terminal settings, so that
// flush can still write. Idempotent; releasing ForeignContext::state also closes the files.
void foreign_shutdown(ForeignContext& ctx);

// Snapshots (ffi/snapshot.cpp): the shims' state besides linear memory — the virtual
// fd table (each program-opened file by path, flags and offset; the standard streams by
// number, stdin with its offset), iconv handles by their codes, environment and RTS cells.
// save_foreign_state returns "" on success, else why the state cannot be saved (an open pipe,
// say); restore_foreign_state reopens the files and returns "" or what failed.
std::string save_foreign_state(ForeignContext& ctx, std::vector<uint8_t>& out);
std::string restore_foreign_state(ForeignContext& ctx, const uint8_t* data, size_t n);

}  // namespace stgvm
