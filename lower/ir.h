// The machine IR both executors consume (docs/vm-design.md §1). A code block is a flat array
// of instructions over block-local registers L[0..n) and the machine registers R[0..),
// Sp, Hp. Intra-block branches only go forward (each block is a tree of paths), so the wasm
// emitter can turn them into nested blocks; every path ends in a terminator that names the
// next code block (directly, through an info table, or through the RTS). (A jump of a block
// to itself may name a pc of the block to go on at: see Jump. Analyses of the paths treat it
// as the jump it is.)
#pragma once
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "lower/layout.h"

namespace stgvm::ir {

using Reg = uint32_t;
constexpr uint32_t kMaxMachineRegs = layout::kMachineRegs;  // R[0] = node / first result; R[1..] = args, results

enum class Op : uint8_t {
  // ---- data movement ------------------------------------------------------------------------
  Const,      // L[a] = imm
  Mov,        // L[a] = L[b]
  GetR,       // L[a] = R[b]
  SetR,       // R[a] = L[b]
  SetRImm,    // R[a] = imm
  // ---- memory (addresses are u32 values in registers) ----------------------------------------
  Load,       // L[a] = mem64[L[b] + imm]
  Store,      // mem64[L[a] + imm] = L[b]
  StoreImm,   // mem64[L[a] + imm2] = imm        (imm2 in `b` as a byte offset)
  LoadTable,  // L[a] = mem64[imm + 8 * L[b]]        (static tables: tagToEnum#)
  LoadSp,     // L[a] = mem64[Sp + imm]
  StoreSp,    // mem64[Sp + imm] = L[a]
  StoreSpImm, // mem64[Sp + b] = imm
  SpAdd,      // Sp += (int64)imm; a negative imm first checks the stack limit (StackOverflow)
  // ---- heap --------------------------------------------------------------------------------
  HeapCheck,  // make imm bytes available at Hp (may GC: the live pointer registers are listed
              // in the operand pool at [b, b + a))
  Alloc,      // L[a] = Hp; Hp += imm              (covered by an earlier HeapCheck)
  // ---- operations ----------------------------------------------------------------------------
  PrimOp,     // primop id = imm; pool at b: [n_results, n_args, results…, args…,
              //   n_live, live pointer registers…, argument pointer bits] (an allocating
              //   primop may GC: the live registers and the pointer arguments are its roots)
  FCall,      // foreign call: imm = index into Image::foreign; pool at b: [n_results (0/1),
              //   n_args, result?, args…, n_live, live pointer registers…] (a call may
              //   collect: performGC)
  TagOf,      // L[a] = constructor tag of the evaluated closure L[b] (from its info table)
  IsEval,     // L[b] = the closure L[b] followed through indirections (IND, IND_STATIC); then
              //   L[a] = 1 if it needs no evaluation (its info table's type is not thunk-like:
              //   layout::is_thunk_like), else 0
  CurTso,     // L[a] = the running thread's TSO (the owner a BLACKHOLE records)
  RtCall,     // L[a] = runtime function imm (RtFn) applied to the registers at pool[b] =
              //   [n, args…]; it may change the machine registers (R, Sp). The runtime
              //   library's call interface: what is not IR (see RtFn)
  // ---- intra-block control (forward only) ----------------------------------------------------
  Goto,       // pc = imm
  Switch,     // on L[a]: pool at b holds n = imm triples (value lo, value hi, pc), then the
              //   default pc
  // ---- terminators ---------------------------------------------------------------------------
  Jump,       // next block = imm (R set up by the preceding instructions). A jump to the block
              //   itself may have b > 0: its first b instructions read machine registers this
              //   path left unchanged into locals nothing else writes (lower/peephole.cpp), so
              //   an executor may go on at pc b instead, still counting a block entry (a step,
              //   a preemption point)
  Enter,      // R[0] = L[a]; evaluate it: thunks run their code, values return to the frame at Sp
  Return,     // continue at the entry block of the return frame at Sp
  Rts,        // a runtime operation (see RtsOpKind; imm = kind << 32 | payload) taking the
              //   registers listed at pool[b .. b+a); results, if any, come back in R[0..]
              //   at the return frame
  JumpReg,    // next block = L[a] (a block index a runtime call returned)
  Halt,       // stop the machine (reached only via the STOP frame's code)
};

// Runtime functions RtCall reaches (docs/vm-design.md §4). Those returning a block index
// decide where the machine goes next (the caller ends with JumpReg).
enum class RtFn : uint32_t {
  Update,        // (): pop the update frame at Sp; its thunk becomes an indirection to R0; 0
  Blackhole,     // (): R0 is under evaluation: wait for its owner, or NonTermination → block
  ApplyFrame,    // (): pop an apply frame, apply R0 to its arguments → block
  RestoreMask,   // (): pop a restore-mask frame, take a pending exception if unmasked → block
  Raise,         // (exception): unwind to a handler → block
  ResumeJump,    // (): pop a resume frame: registers back, → its block
  EnterApStack,  // (): R0 is an AP_STACK: push its frames back → block
  RetryMVar,     // (): pop a retry frame, take/read/put again → block
  RetryThrowTo,  // (): pop a retry frame, throwTo again → block
  ApplyGeneric,  // (n, bitmap): apply R0 to R1..Rn, any function (PAPs included) → block
  AtomicallyFrame,    // (): R0 returned to an atomically frame: commit or run again → block
  AtomicallyWaiting,  // (): a thread blocked in retry# resumes: run its transaction again → block
  CatchRetryFrame,    // (): R0 returned to an orElse frame: merge the branch's record → block
  CatchStmFrame,      // (): R0 returned to a catchSTM frame: merge its record → block
  Count
};

enum class RtsOpKind : uint32_t {
  Primop = 1,         // payload: PrimOpId of a control primop (raise#, catch#, takeMVar#, …)
  PrimCall = 2,       // payload: index into Image::names of a `foreign import prim` label
  UnknownPrimop = 3,  // payload: index into Image::names of the primop name (error if reached)
  Unreachable = 4,    // an impossible case alternative was selected (error if reached)
};
inline uint64_t rts_imm(RtsOpKind k, uint32_t payload) { return (uint64_t(k) << 32) | payload; }

// A Switch whose values fill most of a small range (lo, lo + span): an executor may branch
// through a table indexed by value - lo instead of comparing value by value (the interpreter
// keeps one per such switch, the wasm module uses br_table). `table` (a Switch's operand
// pool at b, `n` triples then the default) gives the range, or span 0: not dense. One
// definition, so both executors make the same choice.
struct SwitchRange {
  int64_t lo = 0;
  uint32_t span = 0;
};
// Value i of a Switch's operand pool `table`.
inline uint64_t switch_value(const uint32_t* table, uint64_t i) {
  return uint64_t(table[3 * i]) | (uint64_t(table[3 * i + 1]) << 32);
}
inline SwitchRange dense_switch(const uint32_t* table, uint64_t n) {
  constexpr uint64_t kMinValues = 4, kMaxSpan = 1024;
  if (n < kMinValues || n > kMaxSpan) return {};
  int64_t lo = int64_t(switch_value(table, 0)), hi = lo;
  for (uint64_t i = 1; i < n; ++i)
    lo = std::min(lo, int64_t(switch_value(table, i))), hi = std::max(hi, int64_t(switch_value(table, i)));
  uint64_t span = uint64_t(hi) - uint64_t(lo) + 1;  // (two's complement: no overflow for hi >= lo)
  if (span == 0 || span > kMaxSpan || span > 2 * n) return {};
  return {lo, uint32_t(span)};
}
// The dense switch's table: the pc for each value lo … lo + span - 1 (of equal values the
// first wins, as in a search in order; values the switch does not name: the default pc).
inline std::vector<uint32_t> dense_switch_targets(const uint32_t* table, uint64_t n, SwitchRange r) {
  std::vector<uint32_t> pcs(r.span, table[3 * n]);
  for (uint64_t i = n; i-- > 0;) pcs[size_t(switch_value(table, i) - uint64_t(r.lo))] = table[3 * i + 2];
  return pcs;
}

struct Instr {
  Op op;
  uint32_t a = 0;
  uint32_t b = 0;
  uint64_t imm = 0;
};

enum class BlockKind : uint8_t {
  ClosureEntry,   // R[0] = node, R[1..arity] = arguments
  ReturnPoint,    // case continuation: results in R[0..], the frame at Sp
  JoinPoint,      // let-no-escape body: free variables then parameters in R[0..]
  Rts,            // runtime code: IR like the rest, generated by lower/rts_code.cpp
};

struct Block {
  BlockKind kind = BlockKind::ClosureEntry;
  uint32_t first = 0;          // index of the first instruction in Image::code
  uint32_t count = 0;
  uint32_t nregs = 0;          // block-local registers
  uint32_t name = 0;           // index into Image::names
  // The machine registers the block starts with (closure entries: R0 and the arguments; join
  // points: free variables and parameters) and which are heap pointers: a thread can be
  // suspended at the block's entry by saving them. kNoEntryRegs: not a preemption point.
  uint32_t in_regs = kNoEntryRegs;
  uint64_t in_ptrs = 0;
  bool thunk_entry = false;    // suspended here, the thread evaluates R0 again (it may have
                               // been updated meanwhile) instead of jumping back in
  static constexpr uint32_t kNoEntryRegs = 0xFFFFFFFFu;
};

}  // namespace stgvm::ir
