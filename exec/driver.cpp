// The executors' shared part (driver.h): machine set-up, the green-thread loop around the
// runtime library's scheduler, and the runtime operations of the IR.
#include "exec/driver.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <unistd.h>

#include "lower/ir.h"
#include "primops/primop_table.h"
#include "runtime/apply.h"
#include "runtime/closures.h"
#include "runtime/control.h"
#include "runtime/finalizers.h"
#include "runtime/raise.h"
#include "runtime/scheduler.h"
#include "runtime/serial.h"
#include "runtime/stacks.h"
#include "runtime/stm.h"
#include "runtime/updates.h"

namespace stgvm {

namespace L = layout;
using primops::PrimOpId;

namespace {
constexpr uint32_t align_up(uint32_t v, uint32_t a) { return (v + a - 1) & ~(a - 1); }

#if defined(__wasm__)
Memory::AtAddress memory_at(uint32_t base) { return {base}; }
#else
uint32_t memory_at(uint32_t) { return L::kStaticBase; }
#endif
}  // namespace

Driver::Driver(VmOptions opts, uint32_t memory_base)
    : opts_(std::move(opts)), mem_(memory_at(memory_base), opts_.max_memory), cheap_(mem_), fctx_{mem_, cheap_, *this} {
  step_limit_ = opts_.max_steps;
  M_.cfin = this;
}

Driver::~Driver() = default;

void Driver::fail(const std::string& what) const {
#if defined(__wasm__)
  fatal(what.c_str());
#else
  throw VmError(what);
#endif
}

void Driver::init_machine(const ProgramFacts& p) {
  // Regions as the lowering placed them (lower/layout.h); further semispaces and chunks of
  // the non-moving space go to the end of memory.
  const L::Regions& rg = p.regions;
  if (!rg.semi_bytes) fail("the image has no memory layout");
  M_.stack_lo = rg.stack_lo;
  M_.stack_hi = std::min<uint32_t>(rg.stack_hi, M_.stack_lo + align_up(opts_.stack_bytes, L::kPage));
  M_.main_stack_hi = M_.stack_hi;
  if (!mem_.grow_to(rg.end()))
    fail("memory layout exceeds the maximum of " + std::to_string(opts_.max_memory) + " bytes");
  mem_.store32(L::reg_addr(L::kRegStackLimit), stack_limit());
  cheap_.init(rg.cheap_lo, rg.cheap_hi - rg.cheap_lo);
  los_.init(BlockHeap::kBestFit);
  los_.add_chunk(rg.los_lo, rg.los_hi - rg.los_lo);
  stable_.init();
  for (uint32_t i = 0; i < L::kRtsInfoCount; ++i) mem_.store32(L::kRtsInfoTable + 4 * i, p.rts_info[i]);
  for (uint32_t i = 0; i < L::kRtsClosureCount; ++i) mem_.store32(L::kRtsClosureTable + 4 * i, p.rts_closures[i]);
  gc_.init(rg.heap_lo, rg.semi_bytes, rg.static_end, opts_.max_heap);
  gc_.set_static_tables(p.srt);
  M_.Hp = gc_.area_lo();
  M_.HpLim = gc_.area_end();
  M_.Sp = M_.stack_hi;
  M_.SpLim = M_.stack_lo + 8 * L::kStackReserveWords;
}

uint64_t Driver::heap_hash() const {
  uint64_t h = kFnvOffset;
  auto mix = [&](uint32_t lo, uint32_t hi) { h = fnv1a(mem_.data() + lo, hi - lo, h); };
  mix(L::kStaticBase, gc_.static_end());
  mix(gc_.area_lo(), M_.Hp);
  los_.for_each_live([&](uint32_t a, uint32_t n) {
    h = (h ^ a) * 1099511628211ull;
    mix(a, a + n);
  });
  h ^= M_.Hp;
  h *= 1099511628211ull;
  return h;
}

std::string Driver::stats_line() const {
  char b[320];
  const VmStats& s = stats_;
  snprintf(b, sizeof b,
           "stgvm: steps %llu, allocated %llu bytes, %llu GCs, max heap %llu bytes (non-moving %llu), "
           "max stack %llu bytes, heap hash %016llx\n",
           (unsigned long long)s.steps, (unsigned long long)s.allocated, (unsigned long long)s.gcs,
           (unsigned long long)s.max_heap, (unsigned long long)s.max_large, (unsigned long long)s.max_stack,
           (unsigned long long)heap_hash());
  return b;
}

void Driver::request_exit(int code) {
  exit_requested_ = true;
  // The first request decides the exit code; later ones (a program's exit while hs_exit
  // flushes) only end the run.
  if (phase_ != Phase::Flush) exit_code_ = code;
}

void Driver::error_belch(const std::string& msg) {
  std::string name = opts_.args.empty() ? "<prog>" : opts_.args[0];
  std::string line = name + ": " + msg + "\n";
  fflush(stdout);
  if (::write(2, line.data(), line.size()) < 0) {
  }
}

// ---- the green-thread loop ----------------------------------------------------------------

int Driver::run_main() {
  uint32_t main_closure = M_.closure(L::kMainClosure);
  if (!main_closure) fail("the program has no main_:Main.main");
  // The main thread starts on the stack region's stack.
  uint32_t tso = create_thread(mem_, los_, thr_, main_closure, M_.stack_lo, M_.main_stack_hi);
  if (!tso) fail("no memory for the main thread");
  mem_.store64(L::kMainTso, tso);
  phase_ = Phase::Main;
  return continue_run(0);
}

int Driver::continue_run(uint32_t block) {
  if (phase_ == Phase::Main) {
    schedule(block);
    block = 0;
    if (snapshot_block_) return 0;
    phase_ = Phase::Done;
    uint32_t flush = M_.closure(L::kFlushStdHandlesClosure);
    if (flush) {
      // As hs_exit does, after main returned or called shutdownHaskellAndExit (exitWith,
      // an uncaught exception): base's flushStdHandles runs in a new thread at the end of
      // the run queue (rts_evalIO), so the threads still runnable run first, each for its
      // time slice, and the run ends when that thread is done. A thread that asked to exit
      // stays where it stopped (in GHC it is still in that foreign call).
      uint32_t t = create_thread(mem_, los_, thr_, flush);
      if (!t) fail("no memory for the thread flushing stdout and stderr");
      mem_.store64(L::kMainTso, t);  // the thread the run waits for
      exit_requested_ = false;
      phase_ = Phase::Flush;
    }
  }
  if (phase_ == Phase::Flush) {
    schedule(block);
    if (snapshot_block_) return 0;
    phase_ = Phase::Done;
  }
  run_all_c_finalizers(M_);  // as hs_exit does (a ForeignPtr's memory is freed)
  foreign_shutdown(fctx_);  // restore terminal settings, close the program's files
  if (!stats_.gcs) {  // never collected: everything allocated was (at most) live
    stats_.max_heap = M_.Hp - gc_.area_lo() + los_.live_bytes();
    stats_.max_large = los_.live_bytes();
  }
  return exit_code_;
}

void Driver::arm_slice(uint64_t end) {
  slice_end_ = end;
  switch_at_ = opts_.snapshot_at && opts_.snapshot_at + 1 < end ? opts_.snapshot_at + 1 : end;
  // (The step limit is one more event: block entries compare the step with switch_at_ only.)
  if (step_limit_ && step_limit_ + 1 < switch_at_) switch_at_ = step_limit_ + 1;
}

uint32_t Driver::slice_event(uint32_t block) {
  if (step_limit_ && stats_.steps > step_limit_) fail("step limit reached");
  if (opts_.snapshot_at && stats_.steps > opts_.snapshot_at) {
    // Stop before this block: it runs first when the snapshot is resumed.
    --stats_.steps;
    snapshot_block_ = block;
    return kBlockSnapshot;
  }
  if (stats_.steps < slice_end_) return 0;
  wake_sleepers(M_);
  if (thr_.run_queue_empty() && !finalizers_pending(M_)) {  // nobody else to run: a new time slice
    arm_slice(stats_.steps + kTimeSlice);
    return 0;
  }
  BlockEntry b = block_entry(block);
  if (b.in_regs >= 64) return 0;  // not a preemption point (or too many registers)
  return preempt(M_, block, b.in_regs, b.in_ptrs, b.thunk_entry);
}

void Driver::schedule(uint32_t block) {
  uint32_t main = uint32_t(mem_.load64(L::kMainTso));
  for (;;) {
    if (exit_requested_ || thr_.state(main) == ThreadState::Finished) return;
    uint32_t next = block;  // resuming a snapshot: the current thread continues at `block`
    block = 0;
    if (!next) {
      next = run_next_thread(M_);
      arm_slice(stats_.steps + kTimeSlice);
    }
    while (next && next != kBlockSwitch && next != kBlockSnapshot && !exit_requested_) next = exec(next);
    if (next == kBlockSnapshot) return;  // the machine stops as it is: registers and all
    // A collection found weak pointers with Haskell finalizers dead: their thread is queued
    // before the stopped one (GHC queues it at the collection).
    if (!exit_requested_) start_finalizer_thread(M_);
    thread_stopped(M_, next, exit_requested_);
  }
}

// ---- runtime operations of the IR -----------------------------------------------------------

// The runtime library's call interface for IR (ir::RtFn; the runtime blocks' IR is in
// lower/rts_code.cpp). Functions that decide where the machine goes return a block index
// (0: the thread is done, kBlockSwitch: it was suspended).
uint64_t Driver::rt_call(uint32_t fn, const uint64_t* a, uint32_t n) {
  using ir::RtFn;
  switch (RtFn(fn)) {
    case RtFn::Update: {
      update_from_frame<true>(mem_, thr_, M_.gc, M_.Sp, R[0]);
      return 0;
    }
    case RtFn::Blackhole: return enter_blackhole(M_);
    case RtFn::ApplyFrame: return apply_frame(M_);
    case RtFn::RestoreMask: return restore_mask(M_);
    case RtFn::Raise:
      if (n != 1) break;
      return raise(M_, a[0]);
    case RtFn::ResumeJump: return resume_jump(M_);
    case RtFn::EnterApStack: return enter_ap_stack(M_);
    case RtFn::ApplyGeneric:
      if (n != 2) break;
      return apply(M_, uint32_t(a[0]), a[1]);
    case RtFn::RetryMVar: return retry_mvar(M_);
    case RtFn::RetryThrowTo: return retry_throw_to(M_);
    case RtFn::AtomicallyFrame: return stm_atomically_frame(M_);
    case RtFn::AtomicallyWaiting: return stm_atomically_waiting(M_);
    case RtFn::CatchRetryFrame: return stm_catch_retry_frame(M_);
    case RtFn::CatchStmFrame: return stm_catch_stm_frame(M_);
    case RtFn::Count: break;
  }
  fail("bad runtime call " + std::to_string(fn));
}

bool control_op_of(uint32_t id, ControlOp& op) {
  switch (PrimOpId(id)) {
    case PrimOpId::RaiseOp:
    case PrimOpId::RaiseIOOp: op = ControlOp::Raise; return true;
    case PrimOpId::CatchOp: op = ControlOp::Catch; return true;
    case PrimOpId::MaskAsyncExceptionsOp: op = ControlOp::Mask; return true;
    case PrimOpId::UnmaskAsyncExceptionsOp: op = ControlOp::Unmask; return true;
    case PrimOpId::MaskUninterruptibleOp: op = ControlOp::MaskUninterruptible; return true;
    case PrimOpId::KeepAliveOp: op = ControlOp::KeepAlive; return true;
    case PrimOpId::TakeMVarOp: op = ControlOp::TakeMVar; return true;
    case PrimOpId::ReadMVarOp: op = ControlOp::ReadMVar; return true;
    case PrimOpId::PutMVarOp: op = ControlOp::PutMVar; return true;
    case PrimOpId::YieldOp: op = ControlOp::Yield; return true;
    case PrimOpId::DelayOp: op = ControlOp::Delay; return true;
    case PrimOpId::WaitReadOp: op = ControlOp::WaitRead; return true;
    case PrimOpId::WaitWriteOp: op = ControlOp::WaitWrite; return true;
    case PrimOpId::KillThreadOp: op = ControlOp::KillThread; return true;
    case PrimOpId::AtomicallyOp: op = ControlOp::Atomically; return true;
    case PrimOpId::RetryOp: op = ControlOp::Retry; return true;
    case PrimOpId::CatchRetryOp: op = ControlOp::CatchRetry; return true;
    case PrimOpId::CatchSTMOp: op = ControlOp::CatchStm; return true;
    default: return false;
  }
}

// Control primops (they end a block): GHC's primop mapped to the runtime's operation.
uint32_t Driver::control_primop(uint32_t id, const uint64_t* args, uint32_t n) {
  ControlOp op;
  if (!control_op_of(id, op))
    fail("primop " + std::string(primops::primop(PrimOpId(id)).name) + " is not supported yet");
  return control_op(M_, op, args, n < 4 ? n : 4, std::string(primops::primop(PrimOpId(id)).name).c_str());
}

PrimCall prim_call_of(const std::string& label) {
  if (label == "stg_raiseDivZZerozh") return PrimCall::RaiseDivZero;
  if (label == "stg_raiseOverflowzh") return PrimCall::RaiseOverflow;
  if (label == "stg_raiseUnderflowzh") return PrimCall::RaiseUnderflow;
  if (label == "stg_getThreadAllocationCounterzh") return PrimCall::AllocationCounter;
  if (label == "stg_paniczh") return PrimCall::Panic;
  return PrimCall::Unknown;
}

uint32_t Driver::prim_call(PrimCall c, const std::string& label) {
  switch (c) {
    case PrimCall::RaiseDivZero: return raise(M_, M_.closure(L::kDivZeroClosure));
    case PrimCall::RaiseOverflow: return raise(M_, M_.closure(L::kOverflowClosure));
    case PrimCall::RaiseUnderflow: return raise(M_, M_.closure(L::kUnderflowClosure));
    case PrimCall::AllocationCounter:
      R[0] = uint64_t(-int64_t(stats_.allocated));
      return return_to_frame(M_);
    case PrimCall::Panic: fail("the program called stg_panic#");
    case PrimCall::Unknown: break;
  }
  fail("unknown foreign import prim " + label);
}

uint32_t Driver::primop(uint32_t id, PrimOperands& o) {
  const primops::PrimOpDesc& d = primops::primop(primops::PrimOpId(id));
  if (d.is_pure()) {
    if (o.nres != d.n_results) fail("primop " + std::string(d.name) + ": operand count mismatch");
    primops::PrimTrap t = primops::apply_pure(d, o.args, o.res);
    // Native code would die with SIGFPE; Haskell-level division checks normally prevent it.
    if (t != primops::PrimTrap::None)
      fail(std::string("primop ") + std::string(d.name) + ": " + std::string(primops::trap_message(t)));
    return 0;
  }
  return memory_op(id, o);
}

uint32_t Driver::memory_op(uint32_t id, PrimOperands& o) {
  // (Results a primop leaves alone read as 0. Most have one: no call to memset for it.)
  if (o.nres) {
    o.res[0] = 0;
    for (uint32_t i = 1; i < o.nres; ++i) o.res[i] = 0;
  }
  uint32_t r = memory_primop(M_, id, o);
  if (r == kNotMemoryPrimop)
    fail("primop " + std::string(primops::primop(primops::PrimOpId(id)).name) + " is not implemented yet");
  return r;
}

uint64_t Driver::foreign_call(const ForeignSymbol* fs, const std::string& symbol, const ForeignCall& call0, bool& collect) {
  if (!fs) fail("unknown foreign symbol " + symbol);
  // Unlifted heap objects: GHC passes an array as a pointer to its contents and anything else
  // as it is (StgToCmm's add_shim). The closure type decides, so no type synonym (ghc-bignum's
  // WordArray#) can hide an array.
  ForeignCall call = call0;
  uint64_t args[kMaxForeignArgs];
  CRep reps[kMaxForeignArgs];
  for (uint32_t i = 0; i < call0.nargs; ++i) {
    if (call0.arg_reps[i] != CRep::Unlifted) continue;
    if (call0.nargs > kMaxForeignArgs) fail("foreign call " + symbol + " with more than 32 arguments");
    if (call.args == call0.args) {
      std::copy(call0.args, call0.args + call0.nargs, args);
      std::copy(call0.arg_reps, call0.arg_reps + call0.nargs, reps);
      call.args = args;
      call.arg_reps = reps;
    }
    reps[i] = CRep::Addr;
    args[i] = unlifted_arg(args[i]);
  }
  return call_shim(*fs, symbol, call, collect);
}

uint64_t Driver::call_shim(const ForeignSymbol& fs, const std::string& symbol, const ForeignCall& call, bool& collect) {
  fctx_.failure.clear();
  // The program's errno lives in linear memory (the shims work on a copy during the call).
  fctx_.errno_value = int(int64_t(mem_.load64(L::kErrno)));
  MemoryObserver* o = mem_.observer();
  if (o) o->on_foreign_call(symbol.c_str(), false);
  uint64_t r = fs.fn(fctx_, call);
  if (o) o->on_foreign_call(symbol.c_str(), true);
  mem_.store64(L::kErrno, uint64_t(int64_t(fctx_.errno_value)));
  if (!fctx_.failure.empty()) fail("foreign call " + symbol + ": " + fctx_.failure);
  collect = gc_requested_;  // performGC collects now, as GHC's does
  gc_requested_ = false;
  return r;
}

uint32_t Driver::perform_gc(uint64_t* const* roots, uint32_t n) {
  std::vector<uint32_t> unreachable;
  uint32_t e = M_.collect(0, roots, n, &unreachable);
  if (!unreachable.empty()) {
    start_finalizer_thread(M_);  // (GHC schedules finalizers before resurrecting threads)
    resurrect_threads(M_, unreachable);
  }
  return e;
}

void Driver::call_c_finalizer(uint64_t fn, uint64_t ptr, uint64_t env, bool has_env) {
  const char* symbol = fn >> 32 ? nullptr : label_at(uint32_t(fn));
  if (!symbol) {
    char b[96];
    snprintf(b, sizeof b, "C finalizer at 0x%llx is not a known C function", (unsigned long long)fn);
    fail(b);
  }
  uint64_t args[2] = {has_env ? env : ptr, ptr};
  static constexpr CRep kReps[2] = {CRep::Addr, CRep::Addr};
  ForeignCall call{args, kReps, has_env ? 2u : 1u, CRep::Void};
  bool collect = false;
  foreign_call(find_foreign(symbol), symbol, call, collect);
}

}  // namespace stgvm
