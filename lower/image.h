// The Image: a lowered program, executor-neutral (docs/vm-design.md §1). Code blocks of the
// machine IR, the initial bytes of the static region, and the tables that give names and
// C symbols to numbers. The interpreter executes it; the wasm emitter will translate it.
#pragma once
#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "ffi/foreign.h"
#include "lower/attribution.h"
#include "lower/image_array.h"
#include "lower/ir.h"
#include "lower/layout.h"

namespace stgvm {

using layout::RtsInfo;
using namespace layout::rts_info_names;

struct ForeignSite {
  std::string symbol;          // C symbol ("" for calls through a pointer)
  bool dynamic = false;
  std::vector<CRep> arg_reps;
  CRep result_rep = CRep::Void;
};

struct Image {
  // (The large arrays are ImageArrays: an image from the start-up cache reads them in place.)
  ImageArray<ir::Block> blocks;    // index 0 unused; RTS blocks first (RtsBlock)
  ImageArray<ir::Instr> code;
  ImageArray<uint32_t> pool;       // operand lists referenced by instructions
  std::vector<std::string> names;  // block / closure names for diagnostics

  // Where each region of linear memory starts (decided by the lowering: lower/layout.h).
  layout::Regions regions;

  // Initial contents of [kStaticBase, kStaticBase + static_bytes.size()).
  ImageArray<uint8_t> static_bytes;
  uint32_t static_end() const { return layout::kStaticBase + uint32_t(static_bytes.size()); }
  // The `bytes` (4 or 8) bytes of the static image at address `addr` (which the caller has
  // checked lie in it), little-endian.
  uint64_t static_word(uint32_t addr, uint32_t bytes) const {
    uint64_t v = 0;
    std::memcpy(&v, static_bytes.data() + (addr - layout::kStaticBase), bytes);
    return v;
  }

  std::vector<ForeignSite> foreign;          // FCall sites (Instr::imm indexes this)
  std::vector<std::string> labels;           // C labels taken as addresses (LitLabel)
  std::vector<uint32_t> label_cells;         // static address standing for each label

  // Well-known static objects.
  uint32_t main_closure = 0;                 // main_:Main.main (0 if the program has none)
  uint32_t flush_std_handles = 0;            // base GHC.TopHandler.flushStdHandles (0 if absent)
  uint32_t rts_info[kRtsInfoCount] = {};     // info tables of RTS objects
  // Closures of base the RTS raises or runs (0 when the program does not contain them).
  uint32_t non_termination = 0, div_zero = 0, overflow = 0, underflow = 0, heap_overflow = 0, stack_overflow = 0;
  uint32_t blocked_on_mvar = 0, blocked_on_stm = 0, nested_atomically = 0, run_finalizer_batch = 0;
  // The closures above in the order of layout::RtsClosure (the runtime's table of them).
  std::array<uint32_t, layout::kRtsClosureCount> rts_closures() const {
    return {non_termination, div_zero,        overflow,     underflow,        heap_overflow,
            stack_overflow,  blocked_on_mvar, main_closure, flush_std_handles, blocked_on_stm,
            nested_atomically, run_finalizer_batch};
  }

  // Static reference tables (lower/srt.cpp).
  layout::StaticTables srt;

  // The code's owners and call sites (lower/attribution.h): for analyses only.
  Attribution attr;

  // Problems found while lowering that only matter if reached at run time.
  std::vector<std::string> unknown_primops;  // distinct names
};

}  // namespace stgvm
