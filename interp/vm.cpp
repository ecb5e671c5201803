// The trampolined eval/apply machine: a loop over code blocks; each block runs its IR and
// names the next block (directly, through an info table, or through the RTS).
#include "interp/vm.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <unistd.h>

#include "primops/primop_table.h"

namespace stgvm {

using ir::Op;
namespace L = layout;

namespace {
constexpr uint32_t align_up(uint32_t v, uint32_t a) { return (v + a - 1) & ~(a - 1); }
}  // namespace

Vm::Vm(const Image& img, VmOptions opts)
    : img_(img), opts_(std::move(opts)), mem_(0, opts_.max_memory),
      cheap_(mem_), fctx_{mem_, cheap_, *this} {
  // Regions as the lowering placed them (lower/layout.h); further semispaces and chunks of
  // the non-moving space go to the end of memory.
  const L::Regions& rg = img_.regions;
  if (rg.static_end != img_.static_end() || !rg.semi_bytes) throw VmError("the image has no memory layout");
  stack_lo_ = rg.stack_lo;
  stack_hi_ = std::min<uint32_t>(rg.stack_hi, stack_lo_ + align_up(opts_.stack_bytes, L::kPage));
  main_stack_hi_ = stack_hi_;
  static_end_ = img_.static_end();
  uint64_t end = rg.end();
  if (!mem_.grow_to(end)) throw VmError("memory layout exceeds the maximum of " + std::to_string(opts_.max_memory) + " bytes");
  R = reinterpret_cast<uint64_t*>(mem_.span(L::kRegR, 8 * L::kMachineRegs));
  std::memcpy(mem_.span(L::kStaticBase, uint32_t(img_.static_bytes.size())), img_.static_bytes.data(),
              img_.static_bytes.size());
  cheap_.init(rg.cheap_lo, rg.cheap_hi - rg.cheap_lo);
  los_.init(BlockHeap::kBestFit);
  los_.add_chunk(rg.los_lo, rg.los_hi - rg.los_lo);
  stable_.init();
  mem_.store64(L::kCafListHead, L::kCafListEnd);
  for (uint32_t i = 0; i < L::kRtsInfoCount; ++i) mem_.store32(L::kRtsInfoTable + 4 * i, img_.rts_info[i]);
  gc_.init(rg.heap_lo, rg.semi_bytes, static_end_, opts_.max_heap);
  Hp = gc_.area_lo();
  HpLim = gc_.area_end();
  Sp = stack_hi_;
  SpLim = stack_lo_ + 8 * L::kStackReserveWords;
  uint32_t maxregs = 0;
  for (auto& b : img_.blocks) maxregs = std::max(maxregs, b.nregs);
  locals_.assign(maxregs + 1, 0);
  step_limit_ = opts_.max_steps;
  predecode();
}

Vm::~Vm() = default;

void Vm::fail(const std::string& what) const { throw VmError(what); }

// GHC throws StackOverflow / HeapOverflow to the thread; base's top handler reports them.
void Vm::stack_overflow() const {
  if (!img_.stack_overflow) fail("stack overflow");
  throw HaskellException{img_.stack_overflow};
}

// Stacks grow as GHC's do, up to the --stack-size limit (-K), then StackOverflow
// (runtime/stacks.h).
void Vm::grow_stack(uint32_t need) {
  StackGrowth g = stgvm::grow_stack(mem_, los_, thr_, cur_, Sp, need, stack_limit());
  if (g.outcome == StackGrowth::Overflow) stack_overflow();
  if (g.outcome == StackGrowth::NoMemory) heap_overflow();
  Sp = g.sp;
  stack_hi_ = thr_.half(cur_, L::kTsoStackHi);
  SpLim = thr_.half(cur_, L::kTsoStackLo) + 8 * L::kStackReserveWords;
}

void Vm::heap_overflow() {
  // Each HeapOverflow the program gets comes with 4 MiB of headroom past the limit, so that
  // its handlers can run (and base's top handler can report it). A program that keeps
  // overflowing without ever getting back under the limit is stopped after a few.
  if (!img_.heap_overflow || gc_.heap_overflows() >= kMaxHeapOverflows) fail("heap exhausted");
  gc_.count_heap_overflow();
  throw HaskellException{img_.heap_overflow};
}

uint64_t Vm::heap_hash() const {
  uint64_t h = 1469598103934665603ull;
  auto mix = [&](uint32_t lo, uint32_t hi) {
    const uint8_t* p = mem_.data();
    for (uint32_t a = lo; a < hi; ++a) h = (h ^ p[a]) * 1099511628211ull;
  };
  mix(L::kStaticBase, img_.static_end());
  mix(gc_.area_lo(), Hp);
  los_.for_each_live([&](uint32_t a, uint32_t n) {
    h = (h ^ a) * 1099511628211ull;
    mix(a, a + n);
  });
  h ^= Hp;
  h *= 1099511628211ull;
  return h;
}

void Vm::request_exit(int code) {
  exit_requested_ = true;
  exit_code_ = code;
}

void Vm::free_stable_ptr(uint64_t sp) {
  stable_.free(sp);
}

void Vm::error_belch(const std::string& msg) {
  std::string name = opts_.args.empty() ? "<prog>" : opts_.args[0];
  std::string line = name + ": " + msg + "\n";
  fflush(stdout);
  if (::write(2, line.data(), line.size()) < 0) {
  }
}

// Room for a whole frame before any of it is written: a StackOverflow thrown by the growth
// leaves the stack as it was, walkable, never holding half a frame.
void Vm::reserve_stack(uint32_t words) {
  if (Sp - 8 * words < SpLim) grow_stack(8 * words);
}

void Vm::push(uint64_t v) {
  if (Sp - 8 < SpLim) grow_stack(8);
  Sp -= 8;
  mem_.store64(Sp, v);
  uint64_t used = stack_hi_ - Sp;
  if (used > stats_.max_stack) stats_.max_stack = used;
}

// ---- evaluation ----------------------------------------------------------------------------

uint32_t Vm::enter(uint64_t closure) {
  for (;;) {
    R[0] = closure;
    uint32_t info = info_of(closure);
    uint32_t type = type_of_info(info);
    if (!L::is_thunk_like(type)) return return_to_frame();
    if (type == L::IND || type == L::IND_STATIC) {
      closure = mem_.load64(uint32_t(closure) + L::kIndirectee);
      continue;
    }
    if (type == L::BLACKHOLE) return uint32_t(RtsBlock::Blackhole);
    return uint32_t(mem_.load64(info + L::kInfoEntry));
  }
}

uint32_t Vm::return_to_frame() {
  uint32_t info = uint32_t(mem_.load64(Sp));
  return uint32_t(mem_.load64(info + L::kInfoEntry));
}

uint32_t Vm::apply(uint32_t nargs, uint64_t bitmap) {
  for (;;) {
    uint64_t f = R[0];
    uint32_t info = info_of(f);
    uint32_t type = type_of_info(info);
    if (L::is_thunk_like(type)) {
      // Evaluate the function first; the arguments wait in an apply frame.
      reserve_stack(3 + nargs);
      for (uint32_t i = nargs; i-- > 0;) push(R[i + 1]);
      push(bitmap);
      push(3 + nargs);
      push(img_.rts_info[kApplyFrameInfo]);
      return enter(f);
    }
    if (L::is_fun(type)) {
      uint32_t arity = hi_of_info(info);
      if (nargs == arity) return uint32_t(mem_.load64(info + L::kInfoEntry));
      if (nargs > arity) {
        uint32_t extra = nargs - arity;
        reserve_stack(3 + extra);
        for (uint32_t i = nargs; i-- > arity;) push(R[i + 1]);
        push(bitmap >> arity);
        push(3 + extra);
        push(img_.rts_info[kApplyFrameInfo]);
        return uint32_t(mem_.load64(info + L::kInfoEntry));
      }
      // Partial application: PAP [info, fun, nargs, bitmap, args…].
      std::vector<uint64_t*> roots = {&R[0]};
      for (uint32_t i = 0; i < nargs; ++i)
        if (bitmap >> i & 1) roots.push_back(&R[i + 1]);
      uint32_t pap = alloc(L::kPapArgs + 8 * nargs, roots);
      mem_.store64(pap, img_.rts_info[kPapInfo]);
      mem_.store64(pap + L::kPapFun, R[0]);
      mem_.store64(pap + L::kPapNArgs, nargs);
      mem_.store64(pap + L::kPapBitmap, bitmap);
      for (uint32_t i = 0; i < nargs; ++i) mem_.store64(pap + L::kPapArgs + 8 * i, R[i + 1]);
      R[0] = pap;
      return return_to_frame();
    }
    if (type == L::PAP) {
      uint32_t p = uint32_t(f);
      uint32_t m = uint32_t(mem_.load64(p + L::kPapNArgs));
      uint64_t pbm = mem_.load64(p + L::kPapBitmap);
      if (m + nargs + 1 > ir::kMaxMachineRegs || m + nargs > 64) fail("application with more than 64 arguments");
      for (uint32_t i = nargs; i-- > 0;) R[i + 1 + m] = R[i + 1];
      for (uint32_t i = 0; i < m; ++i) R[i + 1] = mem_.load64(p + L::kPapArgs + 8 * i);
      R[0] = mem_.load64(p + L::kPapFun);
      bitmap = pbm | (bitmap << m);
      nargs += m;
      continue;
    }
    fail("application of a value that is not a function (closure type " + std::to_string(type) + ")");
  }
}

// The runtime library's call interface for IR (ir::RtFn; the runtime blocks' IR is in
// lower/rts_code.cpp). Functions that decide where the machine goes return a block index
// (0: the thread is done, kSwitch: it was suspended).
uint64_t Vm::rt_call(uint32_t fn, const uint64_t* a, uint32_t n) {
  using ir::RtFn;
  switch (RtFn(fn)) {
    case RtFn::Update: {
      uint32_t updatee = uint32_t(mem_.load64(Sp + 8));
      Sp += 8 * L::kUpdateFrameWords;
      overwrite_thunk(updatee, img_.rts_info[kIndInfo], R[0]);
      return 0;
    }
    case RtFn::Blackhole: {
      // Under evaluation. By this thread: <<loop>>. By another: wait for its value, then
      // enter the closure again (it is an indirection to the value by then).
      uint64_t bh = R[0];
      uint64_t owner = mem_.load64(uint32_t(bh) + L::kIndirectee);
      if (owner == cur_ || !owner) return raise(img_.non_termination);
      block_on(ThreadState::BlockedBlackhole, bh, 0);
      return suspend(Resume::Enter, 1, bh, 0, 1);
    }
    case RtFn::ApplyFrame: {
      uint32_t words = uint32_t(mem_.load64(Sp + 8));
      uint64_t bitmap = mem_.load64(Sp + 16);
      uint32_t args = words - 3;
      for (uint32_t i = 0; i < args; ++i) R[i + 1] = mem_.load64(Sp + 24 + 8 * i);
      Sp += 8 * words;
      return apply(args, bitmap);
    }
    case RtFn::RestoreMask:
      mask_state_ = uint32_t(mem_.load64(Sp + 8));
      Sp += 16;
      if (mask_state_ == 0)  // unmasked again: an exception thrown meanwhile arrives now
        if (uint64_t e = thr_.take_pending_exception(cur_)) return raise(e);
      return return_to_frame();
    case RtFn::Raise:
      if (n != 1) break;
      return raise(a[0]);
    case RtFn::ResumeJump: {
      uint32_t words = uint32_t(mem_.load64(Sp + 8));
      uint32_t target = uint32_t(mem_.load64(Sp + 24));
      for (uint32_t i = 0; i + 4 < words; ++i) R[i] = mem_.load64(Sp + 32 + 8 * i);
      Sp += 8 * words;
      return target;
    }
    case RtFn::EnterApStack: return enter_ap_stack();
    case RtFn::ApplyGeneric:
      if (n != 2) break;
      return apply(uint32_t(a[0]), a[1]);
    case RtFn::RetryMVar: {
      uint32_t op = uint32_t(mem_.load64(Sp + 8)), mv = uint32_t(mem_.load64(Sp + 16));
      uint64_t v = mem_.load64(Sp + 24);
      Sp += 32;
      return mvar_op(op, mv, v);
    }
    case RtFn::RetryThrowTo: {
      uint32_t target = uint32_t(mem_.load64(Sp + 8));
      uint64_t exc = mem_.load64(Sp + 16);
      Sp += 24;
      return target == cur_ ? raise(exc) : throw_to(target, exc);
    }
    case RtFn::Count: break;
  }
  fail("bad runtime call " + std::to_string(fn));
}

uint32_t Vm::raise(uint64_t exc, bool async) {
  if (!exc) fail("an exception was raised but its closure is missing from the program");
  for (;;) {
    // Down to the nearest catch frame or the stop frame; an asynchronous unwind also stops at
    // an update frame on top (nothing above it to freeze): that thunk raises again, as after a
    // synchronous exception.
    Sp = async ? unwind_async(exc) : unwind_to_handler(mem_, thr_, static_end_, Sp, exc);
    uint32_t type = type_of_info(info_of(Sp));
    if (type == L::UPDATE_FRAME) {
      overwrite_thunk(uint32_t(mem_.load64(Sp + 8)), img_.rts_info[kRaiseInfo], exc);
      Sp += 8 * L::kUpdateFrameWords;
      continue;
    }
    if (type == L::CATCH_FRAME) {
      uint64_t handler = mem_.load64(Sp + 8);
      uint64_t saved_mask = mem_.load64(Sp + 16);
      Sp += 8 * L::kCatchFrameWords;
      // The handler runs masked; the previous state comes back when it returns.
      reserve_stack(2);
      push(saved_mask);
      push(img_.rts_info[kRestoreMaskInfo]);
      mask_state_ = 1;
      R[0] = handler;
      R[1] = exc;
      R[2] = 0;
      return apply(2, 1);
    }
    if (type == L::STOP_FRAME) {
      // A forked thread killed before its own handler was installed (it never ran) just
      // ends, as in GHC. The main thread always runs under base's top handler.
      if (!is_main_thread(cur_)) return 0;
      fail("uncaught exception reached the bottom of the stack");
    }
    fail("corrupt stack: unwinding stopped at frame type " + std::to_string(type));
  }
}

void Vm::heap_check(uint32_t bytes, uint64_t* Lr, const uint32_t* live, uint32_t nlive) {
  std::vector<uint64_t*> roots;
  for (uint32_t i = 0; i < nlive; ++i) roots.push_back(&Lr[live[i]]);
  collect(bytes, roots);
}

uint32_t Vm::alloc(uint32_t bytes, const std::vector<uint64_t*>& roots) {
  bytes = align_up(bytes, 8);
  if (uint64_t(Hp) + bytes > HpLim) collect(bytes, roots);
  uint32_t a = Hp;
  Hp += bytes;
  stats_.allocated += bytes;
  if (events_) events_->on_alloc(0, a, bytes);
  std::memset(mem_.span(a, bytes), 0, bytes);
  return a;
}

uint32_t Vm::alloc_large(uint32_t bytes, uint32_t align, const std::vector<uint64_t*>& roots) {
  if (align < 16) align = 16;
  if (align & (align - 1)) fail("alignment " + std::to_string(align) + " is not a power of two");
  bytes = align_up(bytes, 16);
  // Large allocation counts towards the collection schedule as heap allocation does, so a
  // program churning through big arrays gets its dead ones back.
  bool collected = false;
  if (gc_.los_since_gc() + bytes > gc_.semi_bytes()) {
    collect(0, roots);
    collected = true;
  }
  uint32_t a = los_.alloc(bytes, align, L::kArrPayload);
  if (!a && !collected) {
    collect(0, roots);
    a = los_.alloc(bytes, align, L::kArrPayload);
  }
  if (!a) a = los_alloc_raw(bytes, align);
  gc_.add_los_bytes(bytes);
  stats_.allocated += bytes;
  if (events_) events_->on_alloc(0, a, bytes);
  std::memset(mem_.span(a, bytes), 0, bytes);
  return a;
}

std::vector<uint64_t*> PrimCtx::roots(std::vector<uint64_t*> extra) const {
  for (uint32_t i = 0; i < nlive; ++i) extra.push_back(&L[live[i]]);
  for (uint32_t i = 0; i < nargs && i < 32; ++i)
    if (arg_ptrs >> i & 1) extra.push_back(&L[args[i]]);
  return extra;
}

uint32_t PrimCtx::alloc(uint32_t bytes, std::vector<uint64_t*> extra_roots) {
  // The roots matter only if this allocation collects: list them only then.
  if (uint64_t(vm.Hp) + ((uint64_t(bytes) + 7) & ~7ull) <= vm.HpLim) return vm.alloc(bytes, {});
  return vm.alloc(bytes, roots(std::move(extra_roots)));
}

uint32_t Vm::los_alloc_raw(uint32_t bytes, uint32_t align) {
  uint32_t a = los_.alloc_growing(bytes, align, L::kArrPayload);
  if (!a) heap_overflow();
  return a;
}

uint64_t Vm::make_stable_ptr(uint64_t p) {
  if (uint64_t s = stable_.make(p)) return s;
  // The table must grow and the non-moving space is full: add room there, then retry.
  uint32_t room = uint32_t(std::min<uint64_t>(16 * mem_.load64(L::kStablePtrState + 8) + 4096, 0x7FFFFFFF));
  los_.free(los_alloc_raw(room, 16));
  uint64_t s = stable_.make(p);
  if (!s) fail("stable-pointer table: cannot grow");
  return s;
}

uint32_t PrimCtx::alloc_large(uint32_t bytes, uint32_t align, std::vector<uint64_t*> extra_roots) {
  return vm.alloc_large(bytes, align, roots(std::move(extra_roots)));
}

void Vm::prim_op(uint32_t id, uint64_t* Lr, const uint32_t* ops) {
  const primops::PrimOpDesc& d = primops::primop(primops::PrimOpId(id));
  uint32_t nres = ops[0], nargs = ops[1];
  const uint32_t* res = ops + 2;
  const uint32_t* args = res + nres;
  const uint32_t* livep = args + nargs;
  if (d.is_pure()) {
    uint64_t in[16], out[8];
    if (nargs > 16 || nres > 8 || nres != d.n_results) fail("primop " + std::string(d.name) + ": operand count mismatch");
    for (uint32_t i = 0; i < nargs; ++i) in[i] = Lr[args[i]];
    primops::PrimTrap t = primops::apply_pure(d, in, out);
    // Native code would die with SIGFPE; Haskell-level division checks normally prevent it.
    if (t != primops::PrimTrap::None) fail(std::string("primop ") + std::string(d.name) + ": " + std::string(primops::trap_message(t)));
    for (uint32_t i = 0; i < nres; ++i) Lr[res[i]] = out[i];
    return;
  }
  PrimCtx c{*this, Lr, res, args, livep + 1, nres, nargs, livep[0], livep[1 + livep[0]]};
  if (!vm_primop(id, c)) fail("primop " + std::string(d.name) + " is not implemented yet");
}

void Vm::foreign_call(uint32_t site, uint64_t* Lr, const uint32_t* ops) {
  const ForeignSite& s = img_.foreign[site];
  uint32_t nres = ops[0], nargs = ops[1];
  const uint32_t* args = ops + 2 + nres;
  uint64_t argv[32];
  if (nargs > 32) fail("foreign call with more than 32 arguments");
  std::string symbol = s.symbol;
  uint32_t first = 0;
  if (s.dynamic) {  // the first argument is the function pointer: a label cell
    uint32_t p = uint32_t(Lr[args[0]]);
    auto it = std::find(img_.label_cells.begin(), img_.label_cells.end(), p);
    if (it == img_.label_cells.end()) fail("foreign call through a pointer that is not a known C label");
    symbol = img_.labels[size_t(it - img_.label_cells.begin())];
    first = 1;
  }
  const ForeignSymbol* fs = find_foreign(symbol);
  if (!fs) fail("unknown foreign symbol " + symbol);
  for (uint32_t i = first; i < nargs; ++i) argv[i - first] = Lr[args[i]];
  if (s.arg_reps.size() != nargs) fail("foreign call " + symbol + ": argument count does not match its site");
  ForeignCall call{argv, s.arg_reps.data() + first, nargs - first, s.result_rep};
  fctx_.failure.clear();
  // The program's errno lives in linear memory (the shims work on a copy during the call).
  fctx_.errno_value = int(int64_t(mem_.load64(L::kErrno)));
  uint64_t r = fs->fn(fctx_, call);
  mem_.store64(L::kErrno, uint64_t(int64_t(fctx_.errno_value)));
  if (!fctx_.failure.empty()) fail("foreign call " + symbol + ": " + fctx_.failure);
  if (nres) Lr[ops[2]] = r;
  if (gc_requested_) {  // performGC collects now, as GHC's does
    gc_requested_ = false;
    const uint32_t* live = args + nargs;
    heap_check(0, Lr, live + 1, live[0]);
  }
}

}  // namespace stgvm
