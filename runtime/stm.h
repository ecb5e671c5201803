// Software transactional memory as GHC 9.0.2's RTS does it (rts/STM.c, rts/PrimOps.cmm,
// rts/Exception.cmm), in linear memory: TVars, one transaction record (TREC_CHUNK, layout.h)
// per level of a nest of transactions (atomically#, then one more per orElse branch and per
// catchSTM#), found through the running thread's TSO.
//
// A record entry holds a TVar, the value the transaction found there first (expected) and
// the value it will write. Reads and writes go to the innermost record, copying an enclosing
// level's entry on first use. A record is valid while every TVar it names still holds the
// expected value. Commit validates and writes; a nested level that returns merges into the
// level around it; an aborted nested level leaves its reads to the level around it (so a
// `retry` of either orElse branch waits for the TVars both branches read).
//
// The scheduler preempts a thread inside a transaction like any other. When it runs again,
// its transaction is validated first, as GHC validates a descheduled thread's: if another
// thread's commit made it inconsistent meanwhile, it starts again (so a transaction that
// polls a TVar ends, and none goes on with an inconsistent view). Threads blocked in `retry`
// are woken by a commit, in the order they blocked, when it made their records invalid, and
// run their transactions again.
#pragma once
#include <cstdint>

#include "runtime/machine.h"
#include "runtime/memory_primops.h"

namespace stgvm {

// The control primops (they end a block; `code`, `first`, … are the primop's arguments).
uint32_t stm_atomically(Machine& M, uint64_t code);
uint32_t stm_retry(Machine& M);
uint32_t stm_catch_retry(Machine& M, uint64_t first, uint64_t alternative);
uint32_t stm_catch_stm(Machine& M, uint64_t code, uint64_t handler);

// The frames' return code, with the frame on top of the stack (and R0 the value returned).
uint32_t stm_atomically_frame(Machine& M);
uint32_t stm_atomically_waiting(Machine& M);
uint32_t stm_catch_retry_frame(Machine& M);
uint32_t stm_catch_stm_frame(Machine& M);

// A synchronous exception `exc` reached the STM frame at Sp (raise.cpp): the block to go on at,
// or 0 when the frame is popped and unwinding goes on (`exc` may then be replaced, when there
// was no room to run the transaction again).
uint32_t stm_raise_at_frame(Machine& M, uint32_t type, uint64_t& exc);
// The running thread, in a transaction, is about to continue after it was suspended: true
// (with `next`, the block it continues at) when the transaction was invalid and starts again.
bool stm_restart_if_invalid(Machine& M, uint32_t& next);
// An asynchronous exception unwinds past an STM frame of `type`: its level of the running
// thread's transaction is dropped (all of it at the atomically frame).
void stm_unwind_past(Machine& M, uint32_t type);

// newTVar#, readTVar#, readTVarIO#, writeTVar#: 0, the exception to raise (the heap is
// exhausted), or kNotMemoryPrimop.
uint32_t tvar_primop(Machine& M, uint32_t id, PrimOperands& o);

}  // namespace stgvm
