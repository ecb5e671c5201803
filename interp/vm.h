// The interpreter: executes an Image over linear memory (docs/vm-design.md §3–§4).
#pragma once
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "ffi/foreign.h"
#include "interp/events.h"
#include "runtime/block_heap.h"
#include "runtime/closures.h"
#include "runtime/collector.h"
#include "runtime/memory.h"
#include "runtime/stable_ptrs.h"
#include "runtime/stacks.h"
#include "runtime/threads.h"
#include "runtime/unwind.h"
#include "runtime/updates.h"
#include "lower/image.h"

namespace stgvm {

// A run-time failure of the machine itself (not a Haskell exception): reported as one line.
struct VmError : RuntimeFatal {
  using RuntimeFatal::RuntimeFatal;
};

// Thrown inside the machine to raise a Haskell exception in the running thread from a place
// that cannot return a block (heap exhaustion in a primop, stack overflow in a push).
struct HaskellException {
  uint64_t exception;
};

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

struct VmStats {
  uint64_t steps = 0;          // code blocks entered
  uint64_t allocated = 0;      // heap bytes allocated
  uint64_t gcs = 0;
  uint64_t max_heap = 0;       // bytes live after the largest GC (or allocated if none)
  uint64_t max_stack = 0;      // deepest stack use in bytes
  uint64_t max_large = 0;      // most bytes live in the non-moving space after a GC
};

class Vm;

// What a VM-implemented primop sees: its operands are block registers (read them through
// arg(), never cache a pointer across alloc(): allocation may collect and move objects,
// and the collector updates the registers).
struct PrimCtx {
  Vm& vm;
  uint64_t* L;                 // block registers
  const uint32_t* results;     // register numbers of the results
  const uint32_t* args;        // register numbers of the arguments
  const uint32_t* live;        // pointer registers live across this primop
  uint32_t nres, nargs, nlive;
  uint32_t arg_ptrs = 0;       // bit i: argument i is a heap pointer (a GC root)

  uint64_t arg(uint32_t i) const { return L[args[i]]; }
  uint32_t arg_addr(uint32_t i) const { return uint32_t(L[args[i]]); }
  void set(uint32_t i, uint64_t v) { L[results[i]] = v; }
  // Allocates `bytes` on the heap (may GC: every live register and pointer argument is a
  // root and is updated). Returns the object's address; its memory is zeroed.
  uint32_t alloc(uint32_t bytes, std::vector<uint64_t*> extra_roots = {});
  // The same in the non-moving space (pinned and large objects); `align` applies to the
  // payload after the 16-byte array header.
  uint32_t alloc_large(uint32_t bytes, uint32_t align, std::vector<uint64_t*> extra_roots = {});
  // `extra` plus every live register and argument: what an allocation here must update.
  std::vector<uint64_t*> roots(std::vector<uint64_t*> extra) const;
};

class Vm : private ForeignHost {
 public:
  Vm(const Image& img, VmOptions opts);
  ~Vm() override;

  // Runs main_:Main.main, then base's flushStdHandles. Returns the exit code — unless it
  // stopped at VmOptions::snapshot_at (stopped_for_snapshot()).
  int run_main();
  // Snapshots (interp/snapshot.cpp). save_machine: the stopped machine as bytes (throws
  // VmError if some state cannot be saved, e.g. an open pipe). restore_machine: on a fresh
  // Vm of the same Image and options, puts that machine back ("" or what is wrong); then
  // resume_run continues it to the end like run_main.
  bool stopped_for_snapshot() const { return snapshot_block_ != 0; }
  std::vector<uint8_t> save_machine();
  template <class F>
  void each_register(F f);  // interp/snapshot.cpp
  void save_registers();    // the host-held registers to their home in memory (layout::kRegTable)
  void load_registers();
  std::string restore_machine(const std::vector<uint8_t>& bytes);
  int resume_run();
  // Attaches an analysis consumer (before run_main; nullptr detaches).
  void attach(VmEvents* e) {
    events_ = e;
    mem_.set_observer(e);
  }

  Memory& memory() { return mem_; }
  const Image& image() const { return img_; }
  const VmStats& stats() const { return stats_; }
  // FNV-1a of the static region and the allocated heap: equal across runs iff the machine
  // behaved identically (used by the determinism tests).
  uint64_t heap_hash() const;
  CHeap& cheap() { return cheap_; }
  // Runs one primop over memory (interp/vm_primops.cpp) on `args` as a program would and
  // returns its results: lets tests feed single primops hostile operands. Nothing here is a
  // GC root, so objects it returns stay valid only until a collection.
  std::vector<uint64_t> run_memory_primop(uint32_t id, const std::vector<uint64_t>& args);

  // Heap allocation for the RTS and primops; `roots` are extra locations (host-side) that
  // hold pointers and must be updated by a collection.
  uint32_t alloc(uint32_t bytes, const std::vector<uint64_t*>& roots);
  uint32_t alloc_large(uint32_t bytes, uint32_t align, const std::vector<uint64_t*>& roots);

  // R0…R255, in linear memory (layout::kRegR): a snapshot of memory holds them, and the
  // runtime library reads them where the interpreter writes them.
  uint64_t* R = nullptr;

 private:
  const Image& img_;
  VmOptions opts_;
  Memory mem_;
  CHeap cheap_;
  VmStats stats_;
  ForeignContext fctx_;
  uint32_t Sp = 0, SpLim = 0, Hp = 0, HpLim = 0;
  uint32_t stack_lo_ = 0, stack_hi_ = 0;     // the main thread's first stack; then the running one's
  uint32_t main_stack_hi_ = 0;
  BlockHeap los_{mem_, layout::kLosState};  // pinned and large objects (never move)
  StablePtrTable stable_{mem_, los_};
  std::vector<uint64_t> locals_;
  uint32_t mask_state_ = 0;
  bool exit_requested_ = false;
  int exit_code_ = 0;
  uint64_t step_limit_ = 0;
  friend struct PrimCtx;

  // ForeignHost
  uint64_t current_thread_id() override { return thr_.word(cur_, layout::kTsoId); }
  uint64_t thread_id(uint64_t tso) override { return thr_.word(uint32_t(tso), layout::kTsoId); }
  uint64_t thread_stack_bytes(uint64_t) override { return stack_limit(); }  // as GHC: the -K limit
  uint64_t max_heap_bytes() override { return opts_.max_heap; }
  void request_exit(int code) override;
  void free_stable_ptr(uint64_t sp) override;
  const std::vector<std::string>& program_args() override { return opts_.args; }
  void set_program_args(std::vector<std::string> args) override { opts_.args = std::move(args); }
  uint64_t monotonic_ns() override { return stats_.steps * 10; }
  void error_belch(const std::string& msg) override;
  std::vector<std::string> environment() override { return opts_.env; }
  void request_gc() override { gc_requested_ = true; }  // collected right after the call
  bool gc_requested_ = false;

  // threads (interp/scheduler.cpp)
  static constexpr uint32_t kSwitch = 0xFFFFFFFFu;  // "next block": suspend this thread
  // Threads live in linear memory (runtime/threads.h); `cur_` is the running TSO (a machine
  // register, also at layout::kCurrentTso).
  Threads thr_{mem_};
  Collector gc_{mem_, los_, stable_, thr_};  // the runtime library's collector
  uint32_t cur_ = 0;
  uint64_t switch_at_ = 0;           // slice_event at the first block entry at this step
  uint32_t static_end_ = 0;
  uint32_t new_thread(uint64_t io);  // returns the new TSO
  // Runs threads until the main one finishes, the program exits or a snapshot point is
  // reached; `block` != 0: the current thread first continues there (a resumed snapshot).
  void schedule(uint32_t block = 0);
  enum class Phase : uint8_t { Main, Flush, Done };  // main, then base's flushStdHandles
  Phase phase_ = Phase::Main;
  uint32_t snapshot_block_ = 0;      // the block a snapshot stopped before (0: none)
  static constexpr uint32_t kSnapshot = 0xFFFFFFFEu;  // "next block": stop for a snapshot
  uint64_t slice_end_ = 0;           // the running thread's time slice ends at this step
  void arm_slice(uint64_t end);      // also stops at the snapshot point
  int continue_run(uint32_t block);
  uint32_t resume(uint32_t tso);
  static constexpr uint64_t kTimeSlice = 20000;  // code blocks
  // At a block's entry once switch_at_ is reached: stops for a snapshot (kSnapshot), or, when
  // the time slice is used up, suspends the running thread (kSwitch) if another one can run
  // and the block is a preemption point; 0 to go on.
  uint32_t slice_event(uint32_t block);
  // Suspends the running thread: it continues `how` with `nregs` saved registers (at most
  // two: R0, R1; `bitmap` tells which are pointers).
  uint32_t suspend(Resume how, uint32_t nregs = 0, uint64_t r0 = 0, uint64_t r1 = 0, uint64_t bitmap = 0);
  uint32_t block_on(ThreadState why, uint64_t on, uint64_t value);  // the running thread blocks
  // throwTo (interp/scheduler.cpp): delivery now, or the thrower waits for the target to
  // unmask; the current thread collects a waiting exception when it unmasks or blocks.
  uint32_t throw_to(uint32_t target, uint64_t exc);
  uint32_t mvar_op(uint32_t op, uint32_t mv, uint64_t v);  // take (0), read (1), put (2)
  // Asynchronous exceptions (interp/async.cpp): the interrupted thread's next step as a frame
  // on its stack; unwinding that freezes thunks under evaluation into AP_STACKs; re-entry.
  void freeze_resume_state(uint32_t tso) { stgvm::freeze_resume_state(mem_, thr_, tso); }
  uint32_t unwind_async(uint64_t& exc);
  uint32_t enter_ap_stack();
  bool is_main_thread(uint32_t tso) const { return thr_.word(tso, layout::kTsoId) == 1; }

  // execution
  // Runs blocks from `block` on; returns 0 (thread finished), kSwitch, or 0 on exit.
  uint32_t exec(uint32_t block) { return events_ ? exec_impl<true>(block) : exec_impl<false>(block); }
  template <bool kObserved>
  uint32_t exec_impl(uint32_t block);                  // interp/exec.cpp
  // The interpreter's copy of the image code: IR operations plus pure-primop forms that
  // carry the primop table's function and their registers inline (interp/exec.cpp).
  enum : uint8_t { kXPure11 = uint8_t(ir::Op::Halt) + 1, kXPure21, kXOps };
  struct XInstr {
    uint8_t op;
    uint32_t a, b;
    uint64_t imm;
    void (*fn)(const uint64_t*, uint64_t*) = nullptr;
  };
  std::vector<XInstr> xcode_;
  void predecode();
  VmEvents* events_ = nullptr;
  uint32_t prev_block_ = 0;
  uint64_t rt_call(uint32_t fn, const uint64_t* args, uint32_t n);  // ir::RtFn
  uint32_t enter(uint64_t closure);                    // evaluate R[0]
  uint32_t return_to_frame();
  uint32_t apply(uint32_t nargs, uint64_t bitmap);
  // Raises in the running thread. Asynchronous (throwTo, deadlock): thunks under evaluation
  // are frozen for others to resume; synchronous: they raise the exception again if entered.
  uint32_t raise(uint64_t exception, bool async = false);
  uint32_t control_primop(uint32_t id, uint64_t* L, const uint32_t* regs, uint32_t n);
  uint32_t prim_call(const std::string& label, uint64_t* L, const uint32_t* regs, uint32_t n);
  void prim_op(uint32_t id, uint64_t* L, const uint32_t* operands);
  void foreign_call(uint32_t site, uint64_t* L, const uint32_t* operands);
  void push(uint64_t v);
  void reserve_stack(uint32_t words);  // room for a frame of `words` (may throw StackOverflow)
  // A HeapCheck that failed (the interpreter compares Hp + bytes with HpLim inline): collect.
  void heap_check(uint32_t bytes, uint64_t* L, const uint32_t* live, uint32_t nlive);
  uint32_t frame_words(uint32_t sp) const { return stgvm::frame_words(mem_, sp); }

  // gc (interp/gc.cpp; the collector itself is runtime/collector.*)
  // Collects with the registers `regs` (host locations of the executor's own registers that
  // hold heap pointers) saved on the STG stack meanwhile and reloaded after.
  void collect(uint32_t need, const std::vector<uint64_t*>& regs);
  void collect_heap(uint32_t need);  // roots: linear memory only

  // helpers
  uint32_t info_of(uint64_t closure) const { return stgvm::info_of(mem_, closure); }  // runtime/closures.h
  uint32_t type_of_info(uint32_t info) const { return stgvm::type_of_info(mem_, info); }
  uint32_t hi_of_info(uint32_t info) const { return stgvm::hi_of_info(mem_, info); }
  [[noreturn]] void fail(const std::string& what) const;
  [[noreturn]] void stack_overflow() const;
  void grow_stack(uint32_t need);  // make room for `need` more bytes below Sp
  uint32_t stack_limit() const { return (opts_.stack_bytes + layout::kPage - 1) & ~(layout::kPage - 1); }
  uint32_t los_alloc_raw(uint32_t bytes, uint32_t align);  // no collection; adds a chunk if needed
  // The end of a thunk's evaluation (runtime/updates.h).
  void overwrite_thunk(uint32_t thunk, uint32_t info, uint64_t indirectee) {
    stgvm::overwrite_thunk(mem_, thr_, static_end_, thunk, info, indirectee);
  }
  uint64_t make_stable_ptr(uint64_t p);
  [[noreturn]] void heap_overflow();
  static constexpr uint32_t kMaxHeapOverflows = 8;

  // primops over memory (interp/vm_primops.cpp)
  bool vm_primop(uint32_t id, PrimCtx& c);
};

}  // namespace stgvm
