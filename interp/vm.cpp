// The interpreter's side of the machine: its Image put into memory, and the IR's runtime
// operations with a block's registers as operands (the operations themselves are the
// Driver's, exec/driver.h, shared with the wasm module).
#include "interp/vm.h"

#include <algorithm>
#include <bit>
#include <cstring>

#include "primops/primop_table.h"
#include "runtime/closures.h"

namespace stgvm {

namespace L = layout;

Vm::Vm(const Image& img, VmOptions opts) : Driver(std::move(opts)), img_(img) {
  const L::Regions& rg = img_.regions;
  if (rg.static_end != img_.static_end()) fail("the image has no memory layout");
  const auto closures = img_.rts_closures();
  init_machine(ProgramFacts{rg, img_.rts_info, closures.data(), img_.srt});  // (grows memory to the layout)
  std::memcpy(mem_.span(L::kStaticBase, uint32_t(img_.static_bytes.size())), img_.static_bytes.data(),
              img_.static_bytes.size());
  uint32_t maxregs = 0;
  for (auto& b : img_.blocks) maxregs = std::max(maxregs, b.nregs);
  locals_.assign(maxregs + 1, 0);
  reserve_decoded_code();
  sites_.resize(img_.foreign.size());
  for (size_t i = 0; i < img_.foreign.size(); ++i) {
    const ForeignSite& f = img_.foreign[i];
    CallSite& c = sites_[i];
    if (f.dynamic || f.arg_reps.size() > kMaxForeignArgs) continue;  // (the general path reports it)
    c.fs = find_foreign(f.symbol);
    for (size_t k = 0; k < f.arg_reps.size(); ++k) {
      if (f.arg_reps[k] == CRep::Void) continue;
      if (f.arg_reps[k] == CRep::Unlifted) c.unlifted |= 1u << c.slots.size();
      c.slots.push_back(uint8_t(k));
      c.reps.push_back(f.arg_reps[k] == CRep::Unlifted ? CRep::Addr : f.arg_reps[k]);
    }
  }
}

Vm::~Vm() = default;

void Vm::stack_blocks(std::vector<uint32_t>& out, size_t max) {
  out.clear();
  // (The walk reads memory as the runtime does; the observer must not see it as the
  // program's accesses.)
  MemoryObserver* o = mem_.observer();
  mem_.set_observer(nullptr);
  for (uint32_t sp = M_.Sp; sp < M_.stack_hi && out.size() < max;) {
    uint32_t info = uint32_t(mem_.load64(sp));
    out.push_back(uint32_t(mem_.load64(info + layout::kInfoEntry)));
    uint32_t words = frame_words(mem_, sp);
    if (!words) break;
    sp += 8 * words;
  }
  mem_.set_observer(o);
}

const std::string* Vm::label_named(uint32_t cell) const {
  auto it = std::find(img_.label_cells.begin(), img_.label_cells.end(), cell);
  return it == img_.label_cells.end() ? nullptr : &img_.labels[size_t(it - img_.label_cells.begin())];
}

const char* Vm::label_at(uint32_t cell) const {
  const std::string* s = label_named(cell);
  return s ? s->c_str() : nullptr;
}

uint32_t Vm::control_primop(uint32_t id, uint64_t* Lr, const uint32_t* regs, uint32_t n) {
  uint64_t args[4] = {};
  uint32_t k = n < 4 ? n : 4;
  for (uint32_t i = 0; i < k; ++i) args[i] = Lr[regs[i]];
  return Driver::control_primop(id, args, k);
}

uint32_t Vm::heap_check(uint32_t bytes, uint64_t* Lr, const uint32_t* live, uint32_t nlive, bool perform_gc) {
  // (Reused: no host allocation per collection once it is big enough.)
  if (root_ptrs_.size() < nlive) root_ptrs_.resize(nlive);
  uint64_t** roots = root_ptrs_.data();
  for (uint32_t i = 0; i < nlive; ++i) roots[i] = &Lr[live[i]];
  return perform_gc ? Driver::perform_gc(roots, nlive) : Driver::heap_check(bytes, roots, nlive);
}

uint32_t Vm::prim_op(uint32_t id, uint64_t* Lr, const uint32_t* ops, bool memory) {
  uint32_t nres = ops[0], nargs = ops[1];
  const uint32_t* res = ops + 2;
  const uint32_t* args = res + nres;
  const uint32_t* livep = args + nargs;
  uint64_t in[16], out[8];
  if (nargs > 16 || nres > 8) fail("primop " + std::string(primops::primop(primops::PrimOpId(id)).name) + ": operand count mismatch");
  for (uint32_t i = 0; i < nargs; ++i) in[i] = Lr[args[i]];
  // The live registers are roots where they are (a collection's spill frames update them).
  PrimOperands o{in, nargs, livep[1 + livep[0]], out, nres, Lr, livep + 1, livep[0]};
  if (uint32_t r = memory ? memory_op(id, o) : primop(id, o)) return r;
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
  const CallSite& c = sites_[site];
  uint32_t nres = ops[0], nargs = ops[1];
  const uint32_t* args = ops + 2 + nres;
  if (s.arg_reps.size() != nargs)
    fail("foreign call " + (s.dynamic ? std::string("through a pointer") : s.symbol) +
         ": argument count does not match its site");
  uint64_t argv[kMaxForeignArgs];
  uint64_t r;
  bool collect = false;
  if (c.fs) {  // a static call to a known shim: its C arguments straight from the registers
    const uint32_t n = uint32_t(c.slots.size());
    for (uint32_t k = 0; k < n; ++k) argv[k] = Lr[args[c.slots[k]]];
    for (uint32_t u = c.unlifted; u; u &= u - 1) {
      uint32_t k = uint32_t(std::countr_zero(u));
      argv[k] = unlifted_arg(argv[k]);
    }
    r = call_shim(*c.fs, s.symbol, ForeignCall{argv, c.reps.data(), n, s.result_rep, true}, collect);
  } else {
    if (nargs > kMaxForeignArgs) fail("foreign call with more than 32 arguments");
    const std::string* symbol = &s.symbol;
    const ForeignSymbol* fs = nullptr;
    uint32_t first = 0;
    if (s.dynamic) {  // the first argument is the function pointer: a label cell
      uint64_t p = Lr[args[0]];
      symbol = p >> 32 ? nullptr : label_named(uint32_t(p));
      if (!symbol) fail("foreign call through a pointer that is not a known C label");
      fs = find_foreign(*symbol);
      first = 1;
    }
    if (!fs) fail("unknown foreign symbol " + *symbol);
    for (uint32_t i = first; i < nargs; ++i) argv[i - first] = Lr[args[i]];
    r = Driver::foreign_call(fs, *symbol, ForeignCall{argv, s.arg_reps.data() + first, nargs - first, s.result_rep},
                             collect);
  }
  if (nres) Lr[ops[2]] = r;
  if (collect) {  // performGC
    const uint32_t* live = args + nargs;
    return heap_check(0, Lr, live + 1, live[0], true);
  }
  return 0;
}

}  // namespace stgvm
