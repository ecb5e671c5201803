// The tables an emitted wasm module carries for its runtime half (wasm/module_runtime.cpp),
// written by the emitter (wasm/emit.cpp) as one data segment: what the interpreter reads
// from the Image besides code and static bytes. One definition for both sides.
//
// Module memory (docs/wasm-emitter.md): [0, 1 MiB) the runtime's C stack, then its static
// data, then its C heap (malloc, up to `tables`), then these tables, then from `vm_base` the
// machine's linear memory, laid out exactly as the interpreter's (lower/layout.h): a machine
// address `a` is module address `vm_base + a`, which generated code reaches with `vm_base`
// as the constant offset of every load and store.
#pragma once
#include <cstdint>

#include "lower/layout.h"

namespace stgvm::wasm {

constexpr uint32_t kTablesMagic = 0x57475453;  // "STGW"
constexpr uint32_t kTablesVersion = 2;

struct TablesHeader {
  uint32_t magic = kTablesMagic;
  uint32_t version = kTablesVersion;
  uint32_t vm_base = 0;        // module address of machine address 0
  uint32_t nblocks = 0;
  uint32_t blocks = 0;         // BlockRow[nblocks] (offsets: from the header's address)
  uint32_t nsites = 0;
  uint32_t sites = 0;          // SiteRow[nsites]
  uint32_t nlabels = 0;
  uint32_t labels = 0;         // LabelRow[nlabels]
  uint32_t nnames = 0;
  uint32_t names = 0;          // u32[nnames]: offsets of NUL-terminated strings
  uint32_t regions[9] = {};    // layout::Regions, field by field
  uint32_t rts_info[layout::kRtsInfoCount] = {};
  uint32_t rts_closures[layout::kRtsClosureCount] = {};
  layout::StaticTables srt;    // the static reference tables (Image::srt)
  uint32_t stack_bytes = 0;    // default -K (run-wasm's --stack-size overrides)
  uint32_t traceable = 0;      // the generated code reports its memory accesses (--trace works)
};

struct BlockRow {
  uint32_t in_regs;
  uint32_t name;               // index into names
  uint64_t in_ptrs;
  uint32_t thunk_entry;
  uint32_t pad;
};

struct SiteRow {
  uint32_t symbol;             // index into names ("" for dynamic calls)
  uint32_t dynamic;
  uint32_t result_rep;         // CRep
  uint32_t nargs;
  uint8_t arg_reps[32];        // CRep each
};

struct LabelRow {
  uint32_t name;               // index into names
  uint32_t cell;               // the static address standing for the label
};

// The scratch area generated code exchanges operands through when it calls the runtime.
// The runtime hands its address to the generated code at start (stgvm_gen.init), with the
// addresses of three u64 counters of its Driver: steps (code blocks entered), switch_at
// (call stgvm_rt_slice_event at a block entry from this step on) and allocated (heap bytes).
struct Scratch {
  uint64_t args[32];           // operands of primops, foreign and runtime calls
  uint64_t res[8];             // their results
  uint64_t live[256];          // live pointer registers around a call that may collect
};

// The runtime's entry points for generated code, in the order of the runtime's array
// stgvm_rt_fns (wasm/module_runtime.cpp).
enum class RtEntry : uint32_t {
  Raise, Enter, Return, Call, Control, PrimCall, Primop, Fcall, HeapCheck, GrowStack, SliceEvent, BadBlock,
  UnknownPrimop, Unreachable, Trace, TraceStep, TraceAlloc, IsEval, ElemAccess, Count
};

// What a block function returns besides a block index, for a foreign call: the program exits.
constexpr uint32_t kFcallExit = 1;

}  // namespace stgvm::wasm
