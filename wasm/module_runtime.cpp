// The runtime half of an emitted wasm module (compiled for wasm32-wasi only): a Driver
// (exec/driver.h, the same machine set-up, thread loop and runtime operations the
// interpreter uses) whose blocks are the generated functions. The emitter (wasm/emit.cpp)
// reads this module, replaces the three `stgvm_gen` imports with generated code and adds
// the program. The `stgvm_rt_*` entry points are what generated code calls.
//
// Command line (what `stgvm run-wasm` passes): argv = [program name, stgvm options…, "--",
// program arguments…]; options: --stats, --max-heap BYTES, --stack-size BYTES, --trace FILE,
// --cwd DIR (the working directory). The program's environment is exactly the WASI
// environment. With --trace the runner has opened the file and takes the bytes through the
// import stgvm_trace.write (a traceable module's only import besides WASI).
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>

#include "exec/driver.h"
#include "lower/ir.h"
#include "runtime/apply.h"
#include "runtime/memory_primops.h"
#include "runtime/raise.h"
#include "runtime/trace.h"
#include "wasm/module_tables.h"

extern "C" {
// Supplied by the emitter.
__attribute__((import_module("stgvm_gen"), import_name("run"))) uint32_t stgvm_gen_run(uint32_t block);
__attribute__((import_module("stgvm_gen"), import_name("tables"))) uint32_t stgvm_gen_tables();
__attribute__((import_module("stgvm_gen"), import_name("init"))) void stgvm_gen_init(uint32_t scratch, uint32_t steps,
                                                                                   uint32_t switch_at, uint32_t allocated);
// A traceable module's trace output (the runner writes it where --trace says; in other
// modules the emitter replaces it with a function that is never called).
__attribute__((import_module("stgvm_trace"), import_name("write"))) uint32_t stgvm_trace_write(const void* data,
                                                                                              uint32_t n);
extern char __heap_base;
extern char** environ;
}

namespace stgvm {
namespace {

namespace L = layout;
using wasm::BlockRow;
using wasm::LabelRow;
using wasm::SiteRow;
using wasm::TablesHeader;

const TablesHeader* tables() { return reinterpret_cast<const TablesHeader*>(uintptr_t(stgvm_gen_tables())); }
template <class T>
const T* table_at(uint32_t off) {
  return reinterpret_cast<const T*>(reinterpret_cast<const char*>(tables()) + off);
}
const char* name_at(uint32_t i) {
  const TablesHeader* t = tables();
  if (i >= t->nnames) return "?";
  return table_at<char>(table_at<uint32_t>(t->names)[i]);
}

wasm::Scratch scratch;

class WasmDriver final : public Driver {
 public:
  explicit WasmDriver(VmOptions o) : Driver(std::move(o), tables()->vm_base) {
    const TablesHeader* t = tables();
    ProgramFacts p;
    const uint32_t* r = t->regions;
    p.regions = L::Regions{r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8]};
    p.rts_info = t->rts_info;
    p.rts_closures = t->rts_closures;
    p.srt = t->srt;
    init_machine(p);
    sites_ = table_at<SiteRow>(t->sites);
    foreign_fns_ = static_cast<const ForeignSymbol**>(calloc(t->nsites + 1, sizeof(ForeignSymbol*)));
    for (uint32_t i = 0; i < t->nsites; ++i)
      if (!sites_[i].dynamic) foreign_fns_[i] = find_foreign(name_at(sites_[i].symbol));
    stgvm_gen_init(uint32_t(uintptr_t(&scratch)), uint32_t(uintptr_t(&stats_.steps)), uint32_t(uintptr_t(&switch_at_)),
                   uint32_t(uintptr_t(&stats_.allocated)));
  }

  Machine& machine() { return M_; }

  const char* label_at(uint32_t cell) const override {
    const TablesHeader* t = tables();
    const LabelRow* labels = table_at<LabelRow>(t->labels);
    for (uint32_t i = 0; i < t->nlabels; ++i)
      if (labels[i].cell == cell) return name_at(labels[i].name);
    return nullptr;
  }

  uint32_t fcall(uint32_t site, uint32_t nlive) {
    const TablesHeader* t = tables();
    if (site >= t->nsites) fail("bad foreign call site");
    const SiteRow& s = sites_[site];
    const char* symbol = name_at(s.symbol);
    const ForeignSymbol* fs = foreign_fns_[site];
    uint32_t first = 0;
    if (s.dynamic) {  // the first argument is the function pointer: a label cell
      uint64_t p = scratch.args[0];
      symbol = p >> 32 ? nullptr : label_at(uint32_t(p));
      if (!symbol) fail("foreign call through a pointer that is not a known C label");
      fs = find_foreign(symbol);
      first = 1;
    }
    if (!fs) fail(std::string("unknown foreign symbol ") + symbol);
    ForeignCall call{scratch.args + first, reinterpret_cast<const CRep*>(s.arg_reps) + first, s.nargs - first,
                     CRep(s.result_rep)};
    bool collect = false;
    scratch.res[0] = foreign_call(fs, symbol, call, collect);
    if (collect)  // performGC
      if (uint32_t e = heap_check_live(0, nlive, true)) return e;
    return exit_requested_ ? wasm::kFcallExit : 0;
  }

  uint32_t heap_check_live(uint32_t bytes, uint32_t nlive, bool perform_gc = false) {
    uint64_t* roots[256];
    uint32_t n = nlive < 256 ? nlive : 256;
    for (uint32_t i = 0; i < n; ++i) roots[i] = &scratch.live[i];
    return perform_gc ? Driver::perform_gc(roots, n) : heap_check(bytes, roots, n);
  }

  int run() {
    int code = run_main();
    fflush(stdout);
    return code;
  }

  // --trace: the machine's memory events to `fd` (a traceable module's generated code
  // reports its own accesses through stgvm_rt_trace*).
  void trace_to_runner() {
    trace_ = new TraceWriter([](void*, const void* p, size_t n) { return stgvm_trace_write(p, uint32_t(n)) != 0; },
                             nullptr, &stats_.steps);
    mem_.set_observer(trace_);
  }
  TraceWriter* trace() { return trace_; }

 protected:
  uint32_t exec(uint32_t block) override { return stgvm_gen_run(block); }
  BlockEntry block_entry(uint32_t block) const override {
    const TablesHeader* t = tables();
    if (block >= t->nblocks) return {};
    const BlockRow& b = table_at<BlockRow>(t->blocks)[block];
    return {b.in_regs, b.in_ptrs, b.thunk_entry != 0};
  }

 private:
  const SiteRow* sites_ = nullptr;
  const ForeignSymbol** foreign_fns_ = nullptr;
  TraceWriter* trace_ = nullptr;
};

alignas(WasmDriver) unsigned char driver_bytes[sizeof(WasmDriver)];
WasmDriver* driver = nullptr;

uint64_t parse_bytes(const char* flag, const char* v) {
  char* end = nullptr;
  unsigned long long n = strtoull(v, &end, 10);
  if (!*v || *end) {
    fprintf(stderr, "stgvm: error: %s: not a byte count: %s\n", flag, v);
    exit(2);
  }
  return n;
}

}  // namespace
}  // namespace stgvm

using stgvm::driver;
using stgvm::scratch;

// The runtime's C heap lives below the tables (malloc's sbrk never grows into the machine).
extern "C" void* sbrk(intptr_t increment) {
  static uintptr_t brk = 0;
  if (!brk) brk = (uintptr_t(&__heap_base) + 15) & ~uintptr_t(15);
  uintptr_t limit = stgvm_gen_tables();
  if (increment < 0 || brk + uintptr_t(increment) > limit) {
    errno = ENOMEM;
    return reinterpret_cast<void*>(-1);
  }
  uintptr_t old = brk;
  brk += uintptr_t(increment);
  return reinterpret_cast<void*>(old);
}

// The entry points generated code calls. They are not wasm exports: wasm-ld wraps every export
// of a command module in constructor/destructor calls. Their addresses (table indices) are
// in stgvm_rt_fns, a data symbol the emitter reads statically (wasm/emit.cpp, in this order:
// wasm::RtEntry).
#define ENTRY extern "C"

ENTRY uint32_t stgvm_rt_raise(uint64_t exception) { return stgvm::raise(driver->machine(), exception); }
ENTRY uint32_t stgvm_rt_enter(uint64_t closure) { return stgvm::enter(driver->machine(), closure); }
// IsEval through indirections (and in traceable modules, all of it: its loads observed as
// the interpreter's are); the closure followed to goes to scratch.res[0].
ENTRY uint32_t stgvm_rt_is_eval(uint64_t closure) {
  uint32_t r = stgvm::is_evaluated(driver->machine().m, closure);
  scratch.res[0] = closure;
  return r;
}
ENTRY uint32_t stgvm_rt_return() { return stgvm::return_to_frame(driver->machine()); }
ENTRY uint64_t stgvm_rt_call(uint32_t fn, uint32_t n) { return driver->rt_call(fn, scratch.args, n); }
ENTRY uint32_t stgvm_rt_control(uint32_t primop, uint32_t n) {
  return driver->control_primop(primop, scratch.args, n);
}
ENTRY uint32_t stgvm_rt_prim_call(uint32_t kind, uint32_t name) {
  return driver->prim_call(stgvm::PrimCall(kind), stgvm::name_at(name));
}
ENTRY uint32_t stgvm_rt_primop(uint32_t id, uint32_t nargs, uint32_t nres, uint32_t nlive,
                                                 uint32_t arg_ptrs) {
  uint32_t live[256];
  for (uint32_t i = 0; i < nlive && i < 256; ++i) live[i] = i;
  stgvm::PrimOperands o{scratch.args, nargs, arg_ptrs, scratch.res, nres, scratch.live, live, nlive < 256 ? nlive : 256};
  return driver->primop(id, o);
}
ENTRY uint64_t stgvm_rt_elem_access(uint32_t access, uint64_t obj, uint64_t off, uint64_t val) {
  return stgvm::elem_access(driver->machine().m, access, obj, off, val);  // (an ElemAccess)
}
ENTRY uint32_t stgvm_rt_fcall(uint32_t site, uint32_t nlive) { return driver->fcall(site, nlive); }
ENTRY uint32_t stgvm_rt_heap_check(uint32_t bytes, uint32_t nlive) {
  return driver->heap_check_live(bytes, nlive);
}
ENTRY uint32_t stgvm_rt_grow_stack(uint32_t need) { return driver->machine().grow_stack(need); }
ENTRY uint32_t stgvm_rt_slice_event(uint32_t block) { return driver->slice_event(block); }
ENTRY void stgvm_rt_bad_block(uint32_t block) {
  driver->fail("jump to block " + std::to_string(block) + ", which does not exist");
}
ENTRY void stgvm_rt_unknown_primop(uint32_t name) {
  driver->fail(std::string("unknown primop ") + stgvm::name_at(name));
}
ENTRY void stgvm_rt_unreachable(uint32_t block) {
  const stgvm::wasm::TablesHeader* t = stgvm::tables();
  const char* name = block < t->nblocks ? stgvm::name_at(stgvm::table_at<stgvm::wasm::BlockRow>(t->blocks)[block].name) : "?";
  driver->fail(std::string("impossible case alternative selected in ") + name);
}

// Trace hooks of a traceable module: `what` = size | (1 << 8 if a store); without --trace
// they do nothing.
ENTRY void stgvm_rt_trace(uint32_t what, uint32_t addr, uint64_t value) {
  if (stgvm::TraceWriter* t = driver->trace()) t->program_access((what >> 8) & 1, addr, what & 0xFF, value);
}
ENTRY void stgvm_rt_trace_step(uint32_t block) {
  if (stgvm::TraceWriter* t = driver->trace()) t->step(block);
}
ENTRY void stgvm_rt_trace_alloc(uint32_t block, uint32_t addr, uint32_t bytes) {
  if (stgvm::TraceWriter* t = driver->trace()) t->on_alloc(block, addr, bytes);
}

extern "C" __attribute__((used)) const void* const stgvm_rt_fns[] = {
    reinterpret_cast<const void*>(&stgvm_rt_raise),       reinterpret_cast<const void*>(&stgvm_rt_enter),
    reinterpret_cast<const void*>(&stgvm_rt_return),      reinterpret_cast<const void*>(&stgvm_rt_call),
    reinterpret_cast<const void*>(&stgvm_rt_control),     reinterpret_cast<const void*>(&stgvm_rt_prim_call),
    reinterpret_cast<const void*>(&stgvm_rt_primop),      reinterpret_cast<const void*>(&stgvm_rt_fcall),
    reinterpret_cast<const void*>(&stgvm_rt_heap_check),  reinterpret_cast<const void*>(&stgvm_rt_grow_stack),
    reinterpret_cast<const void*>(&stgvm_rt_slice_event), reinterpret_cast<const void*>(&stgvm_rt_bad_block),
    reinterpret_cast<const void*>(&stgvm_rt_unknown_primop), reinterpret_cast<const void*>(&stgvm_rt_unreachable),
    reinterpret_cast<const void*>(&stgvm_rt_trace),       reinterpret_cast<const void*>(&stgvm_rt_trace_step),
    reinterpret_cast<const void*>(&stgvm_rt_trace_alloc),  reinterpret_cast<const void*>(&stgvm_rt_is_eval),
    reinterpret_cast<const void*>(&stgvm_rt_elem_access),
};
static_assert(sizeof stgvm_rt_fns / sizeof stgvm_rt_fns[0] == size_t(stgvm::wasm::RtEntry::Count), "one per entry");

int main(int argc, char** argv) {
  const stgvm::wasm::TablesHeader* t = stgvm::tables();
  if (t->magic != stgvm::wasm::kTablesMagic || t->version != stgvm::wasm::kTablesVersion) {
    fprintf(stderr, "stgvm: error: this module's tables are not ones this runtime reads\n");
    return 2;
  }
  stgvm::VmOptions o;
  o.args.push_back(argc > 0 ? argv[0] : "<prog>");
  o.stack_bytes = t->stack_bytes ? t->stack_bytes : o.stack_bytes;
  o.max_memory = 0xFFFFFFFFull - t->vm_base;
  bool stats = false;
  const char* trace_file = nullptr;
  int i = 1;
  for (; i < argc && strcmp(argv[i], "--") != 0; ++i) {
    if (!strcmp(argv[i], "--stats")) stats = true;
    else if (!strcmp(argv[i], "--max-heap") && i + 1 < argc) o.max_heap = stgvm::parse_bytes(argv[i], argv[i + 1]), ++i;
    else if (!strcmp(argv[i], "--trace") && i + 1 < argc) trace_file = argv[++i];
    else if (!strcmp(argv[i], "--cwd") && i + 1 < argc) {
      if (chdir(argv[++i]) != 0) {
        fprintf(stderr, "stgvm: error: cannot enter the working directory %s: %s\n", argv[i], strerror(errno));
        return 2;
      }
    }
    else if (!strcmp(argv[i], "--stack-size") && i + 1 < argc)
      o.stack_bytes = uint32_t(stgvm::parse_bytes(argv[i], argv[i + 1])), ++i;
    else {
      fprintf(stderr, "stgvm: error: unknown runtime option %s\n", argv[i]);
      return 2;
    }
  }
  for (++i; i < argc; ++i) o.args.push_back(argv[i]);
  o.env.clear();
  for (char** e = environ; e && *e; ++e) o.env.push_back(*e);
  driver = new (stgvm::driver_bytes) stgvm::WasmDriver(std::move(o));
  if (trace_file) {
    if (!t->traceable) {
      fprintf(stderr, "stgvm: error: --trace: this module was emitted without trace hooks (stgvm wasm --traceable)\n");
      return 2;
    }
    driver->trace_to_runner();
    atexit([] { driver->trace()->flush(); });  // also when the machine fails (fatal exits)
  }
  int code = driver->run();
  if (driver->trace() && !driver->trace()->flush()) {
    fprintf(stderr, "stgvm: error: %s: cannot write the trace\n", trace_file);
    return 3;
  }
  if (stats) fputs(driver->stats_line().c_str(), stderr);
  return code;
}
