// The trampolined eval/apply machine: a loop over code blocks; each block runs its IR and
// names the next block (directly, through an info table, or through the RTS).
#include "interp/vm.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <unistd.h>

#include "primops/primop_table.h"
#include "runtime/apply.h"
#include "runtime/control.h"
#include "runtime/memory_primops.h"
#include "runtime/serial.h"
#include "runtime/raise.h"

namespace stgvm {

using ir::Op;
namespace L = layout;

namespace {
constexpr uint32_t align_up(uint32_t v, uint32_t a) { return (v + a - 1) & ~(a - 1); }
}  // namespace

Vm::Vm(const Image& img, VmOptions opts)
    : img_(img), opts_(std::move(opts)), mem_(L::kStaticBase, opts_.max_memory),
      cheap_(mem_), fctx_{mem_, cheap_, *this} {
  // Regions as the lowering placed them (lower/layout.h); further semispaces and chunks of
  // the non-moving space go to the end of memory.
  const L::Regions& rg = img_.regions;
  if (rg.static_end != img_.static_end() || !rg.semi_bytes) throw VmError("the image has no memory layout");
  stack_lo_ = rg.stack_lo;
  stack_hi_ = std::min<uint32_t>(rg.stack_hi, stack_lo_ + align_up(opts_.stack_bytes, L::kPage));
  main_stack_hi_ = stack_hi_;
  mem_.store32(L::reg_addr(L::kRegStackLimit), stack_limit());
  uint64_t end = rg.end();
  if (!mem_.grow_to(end)) throw VmError("memory layout exceeds the maximum of " + std::to_string(opts_.max_memory) + " bytes");
  std::memcpy(mem_.span(L::kStaticBase, uint32_t(img_.static_bytes.size())), img_.static_bytes.data(),
              img_.static_bytes.size());
  cheap_.init(rg.cheap_lo, rg.cheap_hi - rg.cheap_lo);
  los_.init(BlockHeap::kBestFit);
  los_.add_chunk(rg.los_lo, rg.los_hi - rg.los_lo);
  stable_.init();
  mem_.store64(L::kCafListHead, L::kCafListEnd);
  for (uint32_t i = 0; i < L::kRtsInfoCount; ++i) mem_.store32(L::kRtsInfoTable + 4 * i, img_.rts_info[i]);
  const uint32_t closures[L::kRtsClosureCount] = {
      img_.non_termination, img_.div_zero,        img_.overflow,    img_.underflow,        img_.heap_overflow,
      img_.stack_overflow,  img_.blocked_on_mvar, img_.main_closure, img_.flush_std_handles};
  for (uint32_t i = 0; i < L::kRtsClosureCount; ++i) mem_.store32(L::kRtsClosureTable + 4 * i, closures[i]);
  gc_.init(rg.heap_lo, rg.semi_bytes, img_.static_end(), opts_.max_heap);
  Hp = gc_.area_lo();
  HpLim = gc_.area_end();
  Sp = stack_hi_;
  SpLim = stack_lo_ + 8 * L::kStackReserveWords;
  uint32_t maxregs = 0;
  for (auto& b : img_.blocks) maxregs = std::max(maxregs, b.nregs);
  locals_.assign(maxregs + 1, 0);
  step_limit_ = opts_.max_steps;
  predecode();
  foreign_fns_.resize(img_.foreign.size());
  for (size_t i = 0; i < img_.foreign.size(); ++i)
    if (!img_.foreign[i].dynamic) foreign_fns_[i] = find_foreign(img_.foreign[i].symbol);
}

Vm::~Vm() = default;

void Vm::fail(const std::string& what) const { throw VmError(what); }

uint64_t Vm::heap_hash() const {
  uint64_t h = kFnvOffset;
  auto mix = [&](uint32_t lo, uint32_t hi) { h = fnv1a(mem_.data() + lo, hi - lo, h); };
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

// The runtime library's call interface for IR (ir::RtFn; the runtime blocks' IR is in
// lower/rts_code.cpp). Functions that decide where the machine goes return a block index
// (0: the thread is done, kSwitch: it was suspended).
uint64_t Vm::rt_call(uint32_t fn, const uint64_t* a, uint32_t n) {
  using ir::RtFn;
  switch (RtFn(fn)) {
    case RtFn::Update: {
      uint32_t updatee = uint32_t(mem_.load64(Sp + 8));
      Sp += 8 * L::kUpdateFrameWords;
      overwrite_thunk(mem_, thr_, M_.static_end(), updatee, img_.rts_info[kIndInfo], R[0]);
      return 0;
    }
    case RtFn::Blackhole: return enter_blackhole(M_);
    case RtFn::ApplyFrame: return apply_frame(M_);
    case RtFn::RestoreMask: return restore_mask(M_);
    case RtFn::Raise:
      if (n != 1) break;
      return raise(a[0]);
    case RtFn::ResumeJump: return resume_jump(M_);
    case RtFn::EnterApStack: return enter_ap_stack(M_);
    case RtFn::ApplyGeneric:
      if (n != 2) break;
      return apply(M_, uint32_t(a[0]), a[1]);
    case RtFn::RetryMVar: return retry_mvar(M_);
    case RtFn::RetryThrowTo: return retry_throw_to(M_);
    case RtFn::Count: break;
  }
  fail("bad runtime call " + std::to_string(fn));
}

uint32_t Vm::heap_check(uint32_t bytes, uint64_t* Lr, const uint32_t* live, uint32_t nlive) {
  std::vector<uint64_t*> roots(nlive);
  for (uint32_t i = 0; i < nlive; ++i) roots[i] = &Lr[live[i]];
  return M_.collect(bytes, roots.data(), nlive);
}

uint32_t Vm::prim_op(uint32_t id, uint64_t* Lr, const uint32_t* ops) {
  const primops::PrimOpDesc& d = primops::primop(primops::PrimOpId(id));
  uint32_t nres = ops[0], nargs = ops[1];
  const uint32_t* res = ops + 2;
  const uint32_t* args = res + nres;
  const uint32_t* livep = args + nargs;
  uint64_t in[16], out[8];
  if (nargs > 16 || nres > 8) fail("primop " + std::string(d.name) + ": operand count mismatch");
  for (uint32_t i = 0; i < nargs; ++i) in[i] = Lr[args[i]];
  if (d.is_pure()) {
    if (nres != d.n_results) fail("primop " + std::string(d.name) + ": operand count mismatch");
    primops::PrimTrap t = primops::apply_pure(d, in, out);
    // Native code would die with SIGFPE; Haskell-level division checks normally prevent it.
    if (t != primops::PrimTrap::None) fail(std::string("primop ") + std::string(d.name) + ": " + std::string(primops::trap_message(t)));
    for (uint32_t i = 0; i < nres; ++i) Lr[res[i]] = out[i];
    return 0;
  }
  // The live registers are roots where they are (a collection's spill frames update them).
  PrimOperands o{in, nargs, livep[1 + livep[0]], out, nres, Lr, livep + 1, livep[0]};
  for (uint32_t i = 0; i < nres; ++i) out[i] = 0;  // (results a primop leaves alone read as 0)
  uint32_t r = memory_primop(M_, id, o);
  if (r == kNotMemoryPrimop) fail("primop " + std::string(d.name) + " is not implemented yet");
  if (r) return r;
  for (uint32_t i = 0; i < nres; ++i) Lr[res[i]] = out[i];
  return 0;
}

std::vector<uint64_t> Vm::run_memory_primop(uint32_t id, const std::vector<uint64_t>& args) {
  const primops::PrimOpDesc& d = primops::primop(primops::PrimOpId(id));
  if (args.size() != d.n_args || args.size() > 16 || d.n_results > 8)
    fail("primop " + std::string(d.name) + ": operand count mismatch");
  uint64_t in[16] = {}, out[8] = {};
  std::copy(args.begin(), args.end(), in);
  PrimOperands o{in, uint32_t(args.size()), 0, out, d.n_results, nullptr, nullptr, 0};
  uint32_t r = memory_primop(M_, id, o);
  if (r == kNotMemoryPrimop) fail("primop " + std::string(d.name) + " is not implemented over memory");
  if (r) fail("primop " + std::string(d.name) + ": the heap is exhausted");
  return {out, out + d.n_results};
}

uint32_t Vm::foreign_call(uint32_t site, uint64_t* Lr, const uint32_t* ops) {
  const ForeignSite& s = img_.foreign[site];
  uint32_t nres = ops[0], nargs = ops[1];
  const uint32_t* args = ops + 2 + nres;
  uint64_t argv[32];
  if (nargs > 32) fail("foreign call with more than 32 arguments");
  const std::string* symbol = &s.symbol;
  const ForeignSymbol* fs = foreign_fns_[site];  // (resolved once, at start)
  uint32_t first = 0;
  if (s.dynamic) {  // the first argument is the function pointer: a label cell
    uint32_t p = uint32_t(Lr[args[0]]);
    auto it = std::find(img_.label_cells.begin(), img_.label_cells.end(), p);
    if (it == img_.label_cells.end()) fail("foreign call through a pointer that is not a known C label");
    symbol = &img_.labels[size_t(it - img_.label_cells.begin())];
    fs = find_foreign(*symbol);
    first = 1;
  }
  if (!fs) fail("unknown foreign symbol " + *symbol);
  for (uint32_t i = first; i < nargs; ++i) argv[i - first] = Lr[args[i]];
  if (s.arg_reps.size() != nargs) fail("foreign call " + *symbol + ": argument count does not match its site");
  ForeignCall call{argv, s.arg_reps.data() + first, nargs - first, s.result_rep};
  fctx_.failure.clear();
  // The program's errno lives in linear memory (the shims work on a copy during the call).
  fctx_.errno_value = int(int64_t(mem_.load64(L::kErrno)));
  uint64_t r = fs->fn(fctx_, call);
  mem_.store64(L::kErrno, uint64_t(int64_t(fctx_.errno_value)));
  if (!fctx_.failure.empty()) fail("foreign call " + *symbol + ": " + fctx_.failure);
  if (nres) Lr[ops[2]] = r;
  if (gc_requested_) {  // performGC collects now, as GHC's does
    gc_requested_ = false;
    const uint32_t* live = args + nargs;
    return heap_check(0, Lr, live + 1, live[0]);
  }
  return 0;
}

}  // namespace stgvm
