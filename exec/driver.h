// What both executors share besides running code blocks (docs/vm-design.md §3–§4): the
// machine's state and its initialisation, the outer loop that runs green threads until
// the program ends (the runtime library decides which thread runs, the executor runs its
// blocks), and the entry points the IR's runtime operations reach — runtime calls (RtCall),
// primops, control primops, `foreign import prim` labels, foreign calls, failed heap checks.
// The interpreter (interp/) and the wasm module's runtime (wasm/module_runtime.cpp) are each
// a Driver plus a way to run blocks; nothing here is duplicated between them.
//
// Built natively into stgvm and for wasm32-wasi (it sits on the runtime library and ffi/).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "ffi/foreign.h"
#include "runtime/block_heap.h"
#include "runtime/collector.h"
#include "runtime/control.h"
#include "runtime/finalizers.h"
#include "runtime/machine.h"
#include "runtime/memory.h"
#include "runtime/memory_primops.h"
#include "runtime/stable_ptrs.h"
#include "runtime/threads.h"

namespace stgvm {

#if !defined(__wasm__)
// A run-time failure of the machine itself (not a Haskell exception): reported as one line.
struct VmError : RuntimeFatal {
  using RuntimeFatal::RuntimeFatal;
};
#endif

struct VmOptions {
  uint32_t stack_bytes = 512u << 20;   // the most any thread's stack may grow to (-K)
  uint64_t max_memory = 3ull << 30;
  uint64_t max_heap = 0;               // -M: live heap limit in bytes (0 = memory limit only)
  std::vector<std::string> args;      // argv, argv[0] = program name
  // The program's whole environment ("NAME=value"); never the host's (determinism).
  std::vector<std::string> env = {"LANG=C.UTF-8"};
  uint64_t max_steps = 0;             // 0 = unlimited
  uint64_t snapshot_at = 0;           // stop after this many steps for a snapshot (0 = never)
};

// A code block's entry as the scheduler needs it to suspend a thread there (ir::Block).
struct BlockEntry {
  uint32_t in_regs = 0xFFFFFFFFu;  // not a preemption point
  uint64_t in_ptrs = 0;
  bool thunk_entry = false;
};

// What a program contributes to the machine's initial state, besides its static bytes
// (which the executor has put at layout::kStaticBase).
struct ProgramFacts {
  layout::Regions regions;
  const uint32_t* rts_info = nullptr;      // layout::kRtsInfoCount info tables
  const uint32_t* rts_closures = nullptr;  // layout::kRtsClosureCount closures
  layout::StaticTables srt;                // the static reference tables (Image::srt)
};

// The runtime's operation for a control primop (one that ends a block); false if the
// runtime does not have it (yet).
bool control_op_of(uint32_t primop, ControlOp& op);

// Foreign import prim labels base uses (the runtime does them).
enum class PrimCall : uint32_t { RaiseDivZero, RaiseOverflow, RaiseUnderflow, AllocationCounter, Panic, Unknown };
PrimCall prim_call_of(const std::string& label);

class Driver : protected ForeignHost, protected CFinalizerCaller {
 public:
  // `memory_base`: on wasm32, where the machine's linear memory starts inside the module's
  // own memory (natively it is reserved by Memory).
  Driver(VmOptions opts, uint32_t memory_base = 0);
  ~Driver() override;

  // Runs main_:Main.main, then base's flushStdHandles. Returns the exit code — unless it
  // stopped at VmOptions::snapshot_at (stopped_for_snapshot()).
  int run_main();
  bool stopped_for_snapshot() const { return snapshot_block_ != 0; }

  Memory& memory() { return mem_; }
  const VmStats& stats() const { return stats_; }
  CHeap& cheap() { return cheap_; }
  // FNV-1a of the static region and the allocated heap: equal across runs iff the machine
  // behaved identically (used by the determinism tests).
  uint64_t heap_hash() const;
  // The --stats line (both executors print the same one).
  std::string stats_line() const;
  [[noreturn]] void fail(const std::string& what) const;

  // ---- the runtime operations of the IR (ir::Op), for executors ----------------------------
  // RtCall: runtime function `fn` (ir::RtFn) on its arguments.
  uint64_t rt_call(uint32_t fn, const uint64_t* args, uint32_t n);
  // Rts Primop: a control primop (it ends the block) → the block to continue at.
  uint32_t control_primop(uint32_t id, const uint64_t* args, uint32_t n);
  // Rts PrimCall.
  uint32_t prim_call(PrimCall c, const std::string& label);
  // PrimOp: any primop that does not end a block. `o.frame`/`o.live` are the executor's live
  // registers (roots of a collection); results go to `o.res`. 0, or the exception to raise.
  uint32_t primop(uint32_t id, PrimOperands& o);
  // The same for a primop known not to be pure (a primop over memory: what the interpreter's
  // pre-decoding sends here directly).
  uint32_t memory_op(uint32_t id, PrimOperands& o);
  // FCall to shim `fs` (nullptr: unknown `symbol`). Returns the result; `collect` is set when
  // the call asked for a collection (performGC), which the executor then does with its live
  // registers (heap_check(0, …)).
  uint64_t foreign_call(const ForeignSymbol* fs, const std::string& symbol, const ForeignCall& call, bool& collect);
  // The same for a call whose arguments are already as C sees them (no Unlifted slot: the
  // interpreter prepares each static call site once and converts its arguments on the way).
  uint64_t call_shim(const ForeignSymbol& fs, const std::string& symbol, const ForeignCall& call, bool& collect);
  // An Unlifted argument as C sees it: an array (ByteArray#, Array#, SmallArray#, mutable or
  // not) as the address of its contents, anything else as it is.
  uint64_t unlifted_arg(uint64_t v) {
    uint32_t type = type_of_info(mem_, info_of(mem_, v));
    return type == layout::ARR_WORDS || layout::is_ptr_array(type) ? v + layout::kArrPayload : v;
  }
  static constexpr uint32_t kMaxForeignArgs = 32;
  // A failed heap check: collect with `roots` spilled. 0, or the exception to raise.
  uint32_t heap_check(uint32_t bytes, uint64_t* const* roots, uint32_t n) { return M_.collect(bytes, roots, n); }
  // performGC (a major collection, GHC's performMajorGC): as a heap check, and blocked threads
  // nothing alive can wake get their exceptions, as at every GHC collection of their
  // generation (rts/sm/MarkWeak.c resurrectUnreachableThreads).
  uint32_t perform_gc(uint64_t* const* roots, uint32_t n);
  // At a block's entry once steps ≥ switch_at(): stops for a snapshot (kBlockSnapshot), or,
  // when the time slice is used up, suspends the running thread (kBlockSwitch) if another one
  // can run and the block is a preemption point; 0 to go on.
  uint32_t slice_event(uint32_t block);
  bool exit_requested() const { return exit_requested_; }

 protected:
  // The executor: runs blocks from `block` on until the thread stops (0), is suspended
  // (kBlockSwitch), a snapshot point is reached (kBlockSnapshot) or the program exits.
  virtual uint32_t exec(uint32_t block) = 0;
  virtual BlockEntry block_entry(uint32_t block) const = 0;
  // The C label whose cell is at `cell` (what a FunPtr to a C function is), or nullptr.
  virtual const char* label_at(uint32_t cell) const = 0;

  // Lays the machine out over the program's regions (static bytes already in place).
  void init_machine(const ProgramFacts& p);
  int continue_run(uint32_t block);
  void arm_slice(uint64_t end);

  VmOptions opts_;
  Memory mem_;
  CHeap cheap_;
  VmStats stats_;
  ForeignContext fctx_;
  BlockHeap los_{mem_, layout::kLosState};  // pinned and large objects (never move)
  StablePtrTable stable_{mem_, los_};
  Threads thr_{mem_};                        // threads live in linear memory
  Collector gc_{mem_, los_, stable_, thr_};
  // The machine as the runtime library sees it; its registers are words of linear memory
  // (layout::kRegTable), which executors use directly.
  Machine M_{mem_, los_, stable_, thr_, gc_, stats_};

 public:
  uint64_t* const R = M_.R;  // R0…R255 (layout::kRegR)

 protected:
  uint32_t& cur_ = M_.cur;  // the running TSO (layout::kCurrentTso)
  bool exit_requested_ = false;
  int exit_code_ = 0;
  uint64_t step_limit_ = 0;
  uint64_t switch_at_ = 0;  // slice_event at the first block entry at this step
  enum class Phase : uint8_t { Main, Flush, Done };  // main, then base's flushStdHandles
  Phase phase_ = Phase::Main;
  uint32_t snapshot_block_ = 0;  // the block a snapshot stopped before (0: none)
  uint64_t slice_end_ = 0;       // the running thread's time slice ends at this step
  static constexpr uint64_t kTimeSlice = 20000;  // code blocks
  bool gc_requested_ = false;

  // ForeignHost
  uint64_t current_thread_id() override { return thr_.word(cur_, layout::kTsoId); }
  uint64_t thread_id(uint64_t tso) override { return thr_.word(uint32_t(tso), layout::kTsoId); }
  uint64_t thread_stack_bytes(uint64_t) override { return stack_limit(); }  // as GHC: the -K limit
  uint64_t max_heap_bytes() override { return opts_.max_heap; }
  void request_exit(int code) override;
  void free_stable_ptr(uint64_t sp) override { stable_.free(sp); }
  const std::vector<std::string>& program_args() override { return opts_.args; }
  void set_program_args(std::vector<std::string> args) override { opts_.args = std::move(args); }
  uint64_t monotonic_ns() override { return M_.now_ns(); }
  uint64_t cpu_ns() override { return M_.stats.steps * Machine::kNsPerStep; }
  uint64_t cpu_ns_per_tick() override { return Machine::kNsPerStep; }
  void error_belch(const std::string& msg) override;
  std::vector<std::string> environment() override { return opts_.env; }
  void request_gc() override { gc_requested_ = true; }  // collected right after the call

  // CFinalizerCaller: a C finalizer is a foreign call through its FunPtr.
  void call_c_finalizer(uint64_t fn, uint64_t ptr, uint64_t env, bool has_env) override;

 private:
  // Runs threads until the main one finishes, the program exits or a snapshot point is
  // reached; `block` != 0: the current thread first continues there (a resumed snapshot).
  void schedule(uint32_t block);
  uint32_t stack_limit() const { return (opts_.stack_bytes + layout::kPage - 1) & ~(layout::kPage - 1); }
};

}  // namespace stgvm
