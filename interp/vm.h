// The interpreter: executes an Image over linear memory (docs/vm-design.md §3–§4).
#pragma once
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "exec/driver.h"
#include "ffi/foreign.h"
#include "interp/events.h"
#include "primops/pure_hot.h"
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

// The interpreter: a Driver (exec/driver.h: the machine, its thread loop and runtime
// operations) whose blocks run in interp/exec.cpp.
class Vm : public Driver {
 public:
  Vm(const Image& img, VmOptions opts);
  ~Vm() override;

  // Snapshots (interp/snapshot.cpp). save_machine: the stopped machine as bytes (throws
  // VmError if some state cannot be saved, e.g. an open pipe). restore_machine: on a fresh
  // Vm of the same Image and options, puts that machine back ("" or what is wrong); then
  // resume_run continues it to the end like run_main.
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
    observe_accesses_ = e && e->wants_accesses();
    mem_.set_observer(e);
    if (e) e->stack_blocks = [this](std::vector<uint32_t>& out, size_t max) { stack_blocks(out, max); };
  }
  // The running thread's frames, innermost first, as the blocks they return to.
  void stack_blocks(std::vector<uint32_t>& out, size_t max);

  const Image& image() const { return img_; }
  // Runs one primop over memory (runtime/memory_primops.h) on `args` as a program would and
  // returns its results: lets tests feed single primops hostile operands. Nothing here is a
  // GC root, so objects it returns stay valid only until a collection.
  std::vector<uint64_t> run_memory_primop(uint32_t id, const std::vector<uint64_t>& args);

 private:
  const Image& img_;
  std::vector<uint64_t> locals_;
  std::vector<uint64_t*> root_ptrs_;  // heap_check's roots: the live locals' addresses

  uint32_t exec(uint32_t block) override;  // interp/exec.cpp
  const char* label_at(uint32_t cell) const override;
  const std::string* label_named(uint32_t cell) const;  // (the image's own string)
  BlockEntry block_entry(uint32_t block) const override {
    const ir::Block& b = img_.blocks[block];
    return {b.in_regs, b.in_ptrs, b.thunk_entry};
  }

  // execution
  template <bool kObserved>
  uint32_t exec_impl(uint32_t block);                  // interp/exec.cpp
  [[noreturn, gnu::cold, gnu::noinline]] void no_such_block(uint32_t block) const;
  // The interpreter's copy of the image code: IR operations plus pure-primop forms that
  // carry the primop table's function or their semantics inline, runs of one simple
  // operation, and superinstructions for the commonest pairs (interp/exec.cpp).
  enum : uint8_t {
    kXPure11 = uint8_t(ir::Op::Halt) + 1,
    kXPure21,
    // Pairs of the same operation, and runs: n (XInstr::n >= 3) of it in one dispatch.
    kXGetR2, kXSetR2, kXLoadSp2, kXStoreSp2, kXStoreSpImm2, kXStore2, kXStoreImm2, kXLoad2,
    kXGetRRun,       // GetR…
    kXGetRSeq,       // GetR L(a+k) = R(b+k) for k < n: a copy of consecutive registers, a
                     // word at a time: the jump before it has just stored them a word at a
                     // time, and a wider load of them would wait for those stores to complete
                     // instead of taking their values from the store buffer (measured: 16- and
                     // 32-byte copies were 3% slower than this on the long-running set)
    kXSetRRun,       // SetR…
    kXSetRRunJump,   // SetR…; Jump
    kXLoadSpRun,     // LoadSp…
    kXStoreSpRun,    // StoreSp…
    kXStoreSpImmRun, // StoreSpImm…
    kXStoreRun,      // Store…
    kXStoreImmRun,   // StoreImm…
    kXLoadRun,       // Load…
    // Pairs.
    kXSetRJump,     // SetR; Jump
    kXConstSetR,    // Const; SetR
    kXSpAdd2,       // SpAdd; SpAdd
    kXLoadSpSpAdd,  // LoadSp; SpAdd
    kXLoadSpAdd,    // Load; SpAdd
    kXSpAddLoad,    // SpAdd; Load
    kXStoreSpImmLoad,  // StoreSpImm; Load
    kXTagOfSwitch,  // TagOf; Switch
    kXIsEvalSwitch, // IsEval; Switch
    kXSpAddStoreSpImm,  // SpAdd; StoreSpImm (a frame pushed, its return block first)
    kXPushFrame,    // SpAdd; StoreSpImm; StoreSp
    kXAllocObject,  // HeapCheck; Alloc; StoreImm (an object made, its header first)
    kXSetRReturn,   // SetR; Return
    kXConstSetRJump,      // Const; SetR; Jump
    kXConstSetRRunJump,   // Const; SetR… (n of them, in the second's n); Jump
    kXLoadSpRunSpAdd,     // LoadSp… (n >= 2); SpAdd: a frame popped
    kXGetRLoadSpRunSpAdd, // GetR; LoadSp… (n >= 2, in the second's n); SpAdd: a return point's start
    kXIsEvalTagOfSwitch,  // IsEval; Switch; then, when it goes on at the next pc, TagOf; Switch
    kXMemPrimOp,    // PrimOp: any other primop over memory (Driver::memory_op)
    kXNewBytes,     // PrimOp newByteArray#: as MemPrimOp, its common case inline (imm: id | size register << 32)
    kXElemRead,     // PrimOp: an element, size or MutVar# read (runtime/memory_primops.h elem_access)
    kXElemWrite,    // PrimOp: the same, a write
    // The commonest element accesses, each with its access known to the compiler (the same
    // elem_access, its tests on the access folded away): a byte array's 8-, 4- and 1-byte
    // elements (unboxed arrays of Int/Double, Handle char buffers, bytes), read and written,
    // and a byte of an Addr# (string literals).
    kXElemRead8, kXElemWrite8, kXElemRead4, kXElemWrite4, kXElemRead1, kXElemWrite1, kXElemReadAddr1,
    kXSwitchTable,  // Switch: a dense one, through its jump table (switch_tables_ at n; imm: lo)
    kXLoopJump,     // Jump to the running block itself, which may go on at pc b (ir.h, Jump)
    kXDecode,       // a block that has not run yet: decode it (predecode_block), then run it
    kXHot,          // PrimOp: the commonest pure primops (primops/pure_hot.h), one operation
                    // each from here on; then each again as Const; Hot, and the
                    // comparisons as Hot; Switch and as Const; Hot; Switch
    kXConstHot = kXHot + primops::kHotPrimOpCount,
    kXHotSwitch = kXConstHot + primops::kHotPrimOpCount,
    kXConstHotSwitch = kXHotSwitch + primops::kHotComparisonCount,
    kXHot1 = kXConstHotSwitch + primops::kHotComparisonCount,  // the one-argument ones (STGVM_HOT_UNARY)
    kXHotEnd = kXHot1 + primops::kHotUnaryCount,
  };
  struct XInstr {
    uint8_t op;
    uint32_t a, b;
    uint32_t n = 1;  // how many instructions a run covers (kXSwitchTable: its table)
    uint64_t imm;
    union {
      void (*fn)(const uint64_t*, uint64_t*) = nullptr;
      const uint32_t* cases;  // a sparse Switch: its cases after the first (imm, b), n of them
    };
  };
  // The decoded code, at the image code's indices. Decoded a block at a time when the block
  // first runs: a run of a small program touches a small part of base, and start-up need not
  // decode (or even fault in) the rest. Mapped, not a vector: untouched pages stay unbacked.
  struct XCode {
    XInstr* p = nullptr;
    size_t n = 0;
    XCode() = default;
    XCode(const XCode&) = delete;
    XCode& operator=(const XCode&) = delete;
    ~XCode();
  } xcode_;
  std::vector<const XInstr*> block_code_;  // each block's first instruction, or &kUndecoded
  static const XInstr kUndecoded;          // (op kXDecode)
  void reserve_decoded_code();  // xcode_ mapped, every block kUndecoded
  const XInstr* predecode_block(uint32_t block);
  // Jump tables of the dense switches decoded so far (ir::dense_switch): per table [span,
  // pc for lo … pc for lo + span - 1, default pc] (kXSwitchTable).
  std::vector<uint32_t> switch_tables_;
  // Each foreign call site as prepared once at start (static sites: their shim resolved, the
  // argument slots C sees listed: Void slots dropped, Unlifted ones marked for conversion).
  struct CallSite {
    const ForeignSymbol* fs = nullptr;  // nullptr: unknown, or dynamic
    std::vector<uint8_t> slots;         // the site's argument index of each C argument
    std::vector<CRep> reps;             // their representations (Unlifted → Addr)
    uint32_t unlifted = 0;              // bit k: C argument k is Unlifted
  };
  std::vector<CallSite> sites_;
  VmEvents* events_ = nullptr;
  bool observe_accesses_ = false;
  // The running thread's id (for analyses; read without reporting the access).
  uint32_t running_thread() const { return uint32_t(M_.m.load64_unobserved(M_.cur + layout::kTsoId)); }
  template <bool kObservable>
  [[gnu::always_inline]] uint32_t enter(uint64_t closure) { return stgvm::enter<kObservable>(M_, closure); }  // runtime/apply.h
  template <bool kObservable>
  [[gnu::always_inline]] uint32_t return_to_frame() { return stgvm::return_to_frame<kObservable>(M_); }
  uint32_t raise(uint64_t exception) { return stgvm::raise(M_, exception); }  // runtime/raise.h
  // The IR's runtime operations with the block's registers as operands (interp/vm.cpp).
  uint32_t control_primop(uint32_t id, uint64_t* L, const uint32_t* regs, uint32_t n);
  // 0, or an exception to raise. `memory`: the primop is known to be one over memory.
  uint32_t prim_op(uint32_t id, uint64_t* L, const uint32_t* operands, bool memory = false);
  uint32_t foreign_call(uint32_t site, uint64_t* L, const uint32_t* operands);  // 0, or an exception to raise
  // A HeapCheck that failed (the interpreter compares Hp + bytes with HpLim inline): collect.
  // 0, or the exception to raise (HeapOverflow, or StackOverflow spilling the registers).
  // (perform_gc: the program asked for the collection: Driver::perform_gc)
  uint32_t heap_check(uint32_t bytes, uint64_t* L, const uint32_t* live, uint32_t nlive, bool perform_gc = false);

};

}  // namespace stgvm
