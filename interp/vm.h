// The interpreter: executes an Image over linear memory (docs/vm-design.md §3–§4).
#pragma once
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "ffi/foreign.h"
#include "interp/events.h"
#include "runtime/apply.h"
#include "runtime/block_heap.h"
#include "runtime/closures.h"
#include "runtime/collector.h"
#include "runtime/machine.h"
#include "runtime/memory_primops.h"
#include "runtime/memory.h"
#include "runtime/raise.h"
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
  // Runs one primop over memory (runtime/memory_primops.h) on `args` as a program would and
  // returns its results: lets tests feed single primops hostile operands. Nothing here is a
  // GC root, so objects it returns stay valid only until a collection.
  std::vector<uint64_t> run_memory_primop(uint32_t id, const std::vector<uint64_t>& args);

 private:
  const Image& img_;
  VmOptions opts_;
  Memory mem_;
  CHeap cheap_;
  VmStats stats_;
  ForeignContext fctx_;
  BlockHeap los_{mem_, layout::kLosState};  // pinned and large objects (never move)
  StablePtrTable stable_{mem_, los_};
  // Threads live in linear memory (runtime/threads.h).
  Threads thr_{mem_};
  Collector gc_{mem_, los_, stable_, thr_};  // the runtime library's collector
  // The machine as the runtime library sees it; its registers are words of linear memory
  // (layout::kRegTable), which the interpreter uses directly under these names.
  Machine M_{mem_, los_, stable_, thr_, gc_, stats_};

 public:
  // R0…R255, in linear memory (layout::kRegR): a snapshot of memory holds them, and the
  // runtime library reads them where the interpreter writes them.
  uint64_t* const R = M_.R;

 private:
  uint32_t &Sp = M_.Sp, &SpLim = M_.SpLim, &Hp = M_.Hp, &HpLim = M_.HpLim;
  uint32_t &stack_lo_ = M_.stack_lo, &stack_hi_ = M_.stack_hi;  // the running thread's stack
  uint32_t &main_stack_hi_ = M_.main_stack_hi;
  uint32_t& mask_state_ = M_.mask;
  uint32_t& cur_ = M_.cur;  // the running TSO (layout::kCurrentTso)
  std::vector<uint64_t> locals_;
  bool exit_requested_ = false;
  int exit_code_ = 0;
  uint64_t step_limit_ = 0;

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

  // threads (interp/scheduler.cpp; the decisions are runtime/scheduler.h's)
  static constexpr uint32_t kSwitch = kBlockSwitch;  // "next block": suspend this thread
  uint64_t switch_at_ = 0;           // slice_event at the first block entry at this step
  // Runs threads until the main one finishes, the program exits or a snapshot point is
  // reached; `block` != 0: the current thread first continues there (a resumed snapshot).
  void schedule(uint32_t block = 0);
  enum class Phase : uint8_t { Main, Flush, Done };  // main, then base's flushStdHandles
  Phase phase_ = Phase::Main;
  uint32_t snapshot_block_ = 0;      // the block a snapshot stopped before (0: none)
  static constexpr uint32_t kSnapshot = kBlockSnapshot;  // "next block": stop for a snapshot
  uint64_t slice_end_ = 0;           // the running thread's time slice ends at this step
  void arm_slice(uint64_t end);      // also stops at the snapshot point
  int continue_run(uint32_t block);
  static constexpr uint64_t kTimeSlice = 20000;  // code blocks
  // At a block's entry once switch_at_ is reached: stops for a snapshot (kSnapshot), or, when
  // the time slice is used up, suspends the running thread (kSwitch) if another one can run
  // and the block is a preemption point; 0 to go on.
  uint32_t slice_event(uint32_t block);
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
  std::vector<const ForeignSymbol*> foreign_fns_;  // each static foreign call site's shim (nullptr: unknown)
  VmEvents* events_ = nullptr;
  uint32_t prev_block_ = 0;
  uint64_t rt_call(uint32_t fn, const uint64_t* args, uint32_t n);  // ir::RtFn
  uint32_t enter(uint64_t closure) { return stgvm::enter(M_, closure); }  // runtime/apply.h
  uint32_t return_to_frame() { return stgvm::return_to_frame(M_); }
  uint32_t raise(uint64_t exception) { return stgvm::raise(M_, exception); }  // runtime/raise.h
  uint32_t control_primop(uint32_t id, uint64_t* L, const uint32_t* regs, uint32_t n);
  uint32_t prim_call(const std::string& label, uint64_t* L, const uint32_t* regs, uint32_t n);
  // A primop's operands are registers of the block; a memory primop that exhausts the heap
  // returns the exception to raise (0: done).
  uint32_t prim_op(uint32_t id, uint64_t* L, const uint32_t* operands);
  uint32_t foreign_call(uint32_t site, uint64_t* L, const uint32_t* operands);  // 0, or an exception to raise
  // A HeapCheck that failed (the interpreter compares Hp + bytes with HpLim inline): collect.
  // 0, or the exception to raise (HeapOverflow, or StackOverflow spilling the registers).
  uint32_t heap_check(uint32_t bytes, uint64_t* L, const uint32_t* live, uint32_t nlive);
  uint32_t frame_words(uint32_t sp) const { return stgvm::frame_words(mem_, sp); }


  // helpers
  uint32_t info_of(uint64_t closure) const { return stgvm::info_of(mem_, closure); }  // runtime/closures.h
  uint32_t type_of_info(uint32_t info) const { return stgvm::type_of_info(mem_, info); }
  uint32_t hi_of_info(uint32_t info) const { return stgvm::hi_of_info(mem_, info); }
  [[noreturn]] void fail(const std::string& what) const;
  uint32_t stack_limit() const { return (opts_.stack_bytes + layout::kPage - 1) & ~(layout::kPage - 1); }
};

}  // namespace stgvm
