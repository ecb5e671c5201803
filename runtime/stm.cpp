// Software transactional memory (runtime/stm.h).
#include "runtime/stm.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "primops/primop_table.h"
#include "runtime/apply.h"
#include "runtime/control.h"
#include "runtime/raise.h"
#include "runtime/trap.h"
#include "runtime/unwind.h"

namespace stgvm {

namespace L = layout;
using primops::PrimOpId;

namespace {

constexpr uint32_t kFirstCapacity = 4;  // entries of a new record

uint32_t current(const Machine& M) { return uint32_t(M.thr.word(M.cur, L::kTsoTrec)); }
void set_current(Machine& M, uint32_t t) { M.thr.set_word(M.cur, L::kTsoTrec, t); }
uint32_t enclosing(const Memory& m, uint32_t t) { return uint32_t(m.load64(t + L::kTRecParent)); }
uint32_t capacity(const Memory& m, uint32_t t) { return (uint32_t(m.load64(t + L::kArrSize)) - 1) / 3; }
uint32_t entry(uint32_t t, uint32_t i) { return t + L::kTRecEntries + L::kTRecEntryBytes * i; }
uint32_t record_bytes(uint32_t cap) { return L::kArrPayload + 8 * (1 + 3 * cap); }

uint32_t used(const Memory& m, uint32_t t) {
  uint32_t n = 0;
  for (uint32_t cap = capacity(m, t); n < cap && m.load64(entry(t, n)); ++n) {
  }
  return n;
}
// `tv`'s entry in the record `t` itself, or 0.
uint32_t find(const Memory& m, uint32_t t, uint64_t tv) {
  for (uint32_t i = 0, cap = capacity(m, t); i < cap; ++i) {
    uint64_t v = m.load64(entry(t, i));
    if (v == tv) return entry(t, i);
    if (!v) break;
  }
  return 0;
}
// In `t` or a record enclosing it.
uint32_t find_in_nest(const Memory& m, uint32_t t, uint64_t tv) {
  for (; t; t = enclosing(m, t))
    if (uint32_t e = find(m, t, tv)) return e;
  return 0;
}
void append(Memory& m, uint32_t t, uint64_t tv, uint64_t expected, uint64_t value) {  // (room reserved)
  uint32_t e = entry(t, used(m, t));
  m.store64(e, tv);
  m.store64(e + 8, expected);
  m.store64(e + 16, value);
}
// Every TVar of record `t` still holds the value the transaction expects.
bool level_valid(const Memory& m, uint32_t t) {
  for (uint32_t i = 0, cap = capacity(m, t); i < cap; ++i) {
    uint32_t e = entry(t, i);
    uint32_t tv = uint32_t(m.load64(e));
    if (!tv) break;
    uint64_t now = m.load64(tv + L::kTVarValue);
    if (now != m.load64(e + 8)) return false;
  }
  return true;
}
bool valid(const Memory& m, uint32_t t) {
  for (; t; t = enclosing(m, t))
    if (!level_valid(m, t)) return false;
  return true;
}

// Allocations of the control operations: the words `a` and `b` (when given) are roots.
struct Roots {
  Machine& M;
  uint64_t* a = nullptr;
  uint64_t* b = nullptr;
  Machine::Alloc operator()(uint32_t bytes) const {
    uint64_t* r[2] = {a, b};
    return M.alloc(bytes, r, uint32_t(a != nullptr) + uint32_t(b != nullptr));
  }
};

// A new innermost record, enclosing the current one (0: none). 0, or the exception to raise.
template <class Alloc>
uint32_t begin(Machine& M, const Alloc& alloc) {
  Machine::Alloc a = alloc(record_bytes(kFirstCapacity));
  if (!a.addr) return a.raise;
  uint32_t outer = current(M);  // (read after the allocation: a collection moves records)
  M.m.store64(a.addr, M.info(L::kTRecInfo));
  M.m.store64(a.addr + L::kArrSize, 1 + 3 * kFirstCapacity);
  M.m.store64(a.addr + L::kTRecParent, outer);
  set_current(M, a.addr);
  return 0;
}

// Room for `k` more entries in the current record, or with `outer` in the one enclosing it:
// a bigger copy when it is full. 0, or the exception to raise.
template <class Alloc>
uint32_t reserve(Machine& M, bool outer, uint32_t k, const Alloc& alloc) {
  auto target = [&] {
    uint32_t t = current(M);
    return outer ? enclosing(M.m, t) : t;
  };
  uint32_t t = target();
  uint32_t n = used(M.m, t), cap = capacity(M.m, t);
  if (n + k <= cap) return 0;
  uint32_t grown = std::max(2 * cap, n + k);
  Machine::Alloc a = alloc(record_bytes(grown));
  if (!a.addr) return a.raise;
  t = target();
  M.m.store64(a.addr, M.info(L::kTRecInfo));
  M.m.store64(a.addr + L::kArrSize, 1 + 3 * grown);
  uint32_t bytes = 8 + L::kTRecEntryBytes * n;  // the enclosing record and the entries
  std::memcpy(M.m.span(a.addr + L::kTRecParent, bytes), M.m.span(t + L::kTRecParent, bytes), bytes);
  if (outer) {
    uint32_t inner = current(M);
    M.m.store64(inner + L::kTRecParent, a.addr);
  } else {
    set_current(M, a.addr);
  }
  return 0;
}

// Runs the code of the atomically frame at Sp in a new transaction.
uint32_t run_transaction(Machine& M) {
  if (uint32_t e = begin(M, Roots{M})) return raise(M, e);
  return run_io(M, M.m.load64(M.Sp + 8));
}

// The current nested record ends without committing: what it read becomes a read of the
// enclosing record (unless the nest there has the TVar already), as GHC's
// stmAbortTransaction does, so that a later retry also waits for those TVars. 0, or the
// exception to raise (nothing changed then).
template <class Alloc>
uint32_t abort_nested(Machine& M, const Alloc& alloc) {
  uint32_t n = used(M.m, current(M));
  if (uint32_t e = reserve(M, true, n, alloc)) return e;
  uint32_t t = current(M), outer = enclosing(M.m, t);
  for (uint32_t i = 0; i < n; ++i) {
    uint32_t e = entry(t, i);
    uint64_t tv = M.m.load64(e);
    if (find_in_nest(M.m, outer, tv)) continue;
    uint64_t expected = M.m.load64(e + 8);
    append(M.m, outer, tv, expected, expected);
  }
  set_current(M, outer);
  return 0;
}

// The current nested record returned: its entries go into the enclosing record (GHC's
// stmCommitNestedTransaction). The value in R0 survives. 0, or the exception to raise.
uint32_t merge_nested(Machine& M) {
  uint32_t n = used(M.m, current(M));
  if (uint32_t e = reserve(M, true, n, Roots{M, &M.R[0]})) return e;
  uint32_t t = current(M), outer = enclosing(M.m, t);
  for (uint32_t i = 0; i < n; ++i) {
    uint32_t e = entry(t, i);
    uint64_t tv = M.m.load64(e);
    uint64_t value = M.m.load64(e + 16);
    if (uint32_t o = find(M.m, outer, tv)) {
      M.m.store64(o + 16, value);
    } else {
      uint64_t expected = M.m.load64(e + 8);
      append(M.m, outer, tv, expected, value);
    }
  }
  set_current(M, outer);
  return 0;
}

// Threads blocked in retry whose records a commit made invalid run their transactions
// again, in the order they blocked.
void wake_changed(Machine& M) {
  for (uint32_t w = M.thr.first(L::kStmWaitersHead); w;) {
    uint32_t next = M.thr.next(w);
    uint32_t t = uint32_t(M.thr.word(w, L::kTsoTrec));
    if (!valid(M.m, t)) M.thr.wake(w);
    w = next;
  }
}

// A nested level that returned (orElse branch, catchSTM code) at the frame on top: merged
// when valid; otherwise run again in a new record (`code_at`: the frame word with its code).
uint32_t nested_frame_return(Machine& M, uint32_t frame_words, uint32_t code_at) {
  uint32_t t = current(M);
  if (level_valid(M.m, t)) {
    if (uint32_t e = merge_nested(M)) return raise(M, e);
    M.Sp += 8 * frame_words;
    return return_to_frame(M);
  }
  set_current(M, enclosing(M.m, t));
  if (uint32_t e = begin(M, Roots{M})) return raise(M, e);
  return run_io(M, M.m.load64(M.Sp + code_at));
}

uint32_t require_transaction(const Machine& M, const char* what) {
  uint32_t t = current(M);
  if (!t) fatal((std::string(what) + " outside a transaction").c_str());
  return t;
}

}  // namespace

uint32_t stm_atomically(Machine& M, uint64_t code) {
  if (current(M)) {  // atomically inside unsafePerformIO inside a transaction
    uint32_t e = M.closure(L::kNestedAtomicallyClosure);
    if (!e) fatal("atomically# inside a transaction");
    return raise(M, e);
  }
  if (uint32_t e = M.reserve_stack(L::kAtomicallyFrameWords)) return raise(M, e);
  M.push(code);
  M.push(M.info(L::kAtomicallyFrameInfo));
  return run_transaction(M);
}

uint32_t stm_catch_retry(Machine& M, uint64_t first, uint64_t alternative) {
  require_transaction(M, "catchRetry#");
  if (uint32_t e = M.reserve_stack(L::kCatchRetryFrameWords)) return raise(M, e);
  M.push(0);  // running the first branch
  M.push(alternative);
  M.push(first);
  M.push(M.info(L::kCatchRetryFrameInfo));
  if (uint32_t e = begin(M, Roots{M})) return raise(M, e);
  return run_io(M, M.m.load64(M.Sp + 8));
}

uint32_t stm_catch_stm(Machine& M, uint64_t code, uint64_t handler) {
  require_transaction(M, "catchSTM#");
  if (uint32_t e = M.reserve_stack(L::kCatchStmFrameWords)) return raise(M, e);
  M.push(handler);
  M.push(code);
  M.push(M.info(L::kCatchStmFrameInfo));
  if (uint32_t e = begin(M, Roots{M})) return raise(M, e);
  return run_io(M, M.m.load64(M.Sp + 8));
}

// GHC's stg_retryzh: frames above the nearest orElse or atomically frame are dropped. In an
// orElse's first branch the alternative runs next; otherwise the retry goes on outwards. At
// the atomically frame the thread blocks until a commit changes a TVar it read (at once
// again if one changed already).
uint32_t stm_retry(Machine& M) {
  for (;;) {
    require_transaction(M, "retry#");
    uint32_t type;
    for (;; M.Sp += 8 * frame_words(M.m, M.Sp)) {
      type = type_of_info(M.m, info_of(M.m, M.Sp));
      if (type == L::CATCH_RETRY_FRAME || type == L::ATOMICALLY_FRAME) break;
      if (type == L::STOP_FRAME) fatal("retry# outside atomically#");
    }
    if (type == L::CATCH_RETRY_FRAME) {
      if (uint32_t e = abort_nested(M, Roots{M})) return raise(M, e);
      if (M.m.load64(M.Sp + 24) == 0) {
        M.m.store64(M.Sp + 24, 1);
        if (uint32_t e = begin(M, Roots{M})) return raise(M, e);
        return run_io(M, M.m.load64(M.Sp + 16));
      }
      M.Sp += 8 * L::kCatchRetryFrameWords;
      continue;
    }
    if (!valid(M.m, current(M))) {
      set_current(M, 0);
      return run_transaction(M);
    }
    M.m.store64(M.Sp, M.info(L::kAtomicallyWaitingInfo));
    return block_on(M, ThreadState::BlockedStm, 0, 0);
  }
}

uint32_t stm_atomically_frame(Machine& M) {
  uint32_t t = require_transaction(M, "an atomically frame");
  if (enclosing(M.m, t)) fatal("corrupt stack: a nested transaction reached its atomically frame");
  set_current(M, 0);
  if (!valid(M.m, t)) return run_transaction(M);
  bool wrote = false;
  for (uint32_t i = 0, cap = capacity(M.m, t); i < cap; ++i) {
    uint32_t e = entry(t, i);
    uint32_t tv = uint32_t(M.m.load64(e));
    if (!tv) break;
    uint64_t value = M.m.load64(e + 16);
    if (value == M.m.load64(e + 8)) continue;  // read only
    M.m.store64(tv + L::kTVarValue, value);
    wrote = true;
  }
  if (wrote) wake_changed(M);
  M.Sp += 8 * L::kAtomicallyFrameWords;
  return return_to_frame(M);
}

uint32_t stm_atomically_waiting(Machine& M) {
  uint32_t t = current(M);
  if (t && valid(M.m, t)) return block_on(M, ThreadState::BlockedStm, 0, 0);  // nothing it read changed: wait on
  M.m.store64(M.Sp, M.info(L::kAtomicallyFrameInfo));
  set_current(M, 0);
  return run_transaction(M);
}

uint32_t stm_catch_retry_frame(Machine& M) {
  require_transaction(M, "an orElse frame");
  bool alternative = M.m.load64(M.Sp + 24) != 0;
  return nested_frame_return(M, L::kCatchRetryFrameWords, alternative ? 16 : 8);
}

uint32_t stm_catch_stm_frame(Machine& M) {
  require_transaction(M, "a catchSTM frame");
  return nested_frame_return(M, L::kCatchStmFrameWords, 8);
}

uint32_t stm_raise_at_frame(Machine& M, uint32_t type, uint64_t& exc) {
  // A nested level the exception leaves is aborted; its reads stay with the enclosing level
  // when there is room to record them.
  auto leave_nested = [&] {
    if (!current(M)) return;
    if (abort_nested(M, Roots{M, &exc})) set_current(M, enclosing(M.m, current(M)));
  };
  switch (type) {
    case L::CATCH_RETRY_FRAME:
      leave_nested();
      M.Sp += 8 * L::kCatchRetryFrameWords;
      return 0;
    case L::CATCH_STM_FRAME: {  // the handler runs in the enclosing level
      leave_nested();
      uint64_t handler = M.m.load64(M.Sp + 16);
      M.Sp += 8 * L::kCatchStmFrameWords;
      M.R[0] = handler;
      M.R[1] = exc;
      M.R[2] = 0;
      return apply(M, 2, 1);
    }
    case L::ATOMICALLY_FRAME: {
      // An exception out of a transaction that saw an inconsistent state is not real: the
      // transaction runs again instead.
      uint32_t t = current(M);
      bool ok = !t || valid(M.m, t);
      set_current(M, 0);
      if (!ok) {
        M.m.store64(M.Sp, M.info(L::kAtomicallyFrameInfo));
        if (uint32_t e = begin(M, Roots{M, &exc})) {
          exc = e;
        } else {
          return run_io(M, M.m.load64(M.Sp + 8));
        }
      }
      M.Sp += 8 * L::kAtomicallyFrameWords;
      return 0;
    }
    default: fatal("not an STM frame");
  }
}

bool stm_restart_if_invalid(Machine& M, uint32_t& next) {
  uint32_t t = current(M);
  if (!t || valid(M.m, t)) return false;
  // GHC's throwToSingleThreaded_(…, stop_at_atomically): what the thread was about to do goes
  // on its stack, which unwinds to the atomically frame (nested levels dropped, evaluations
  // frozen); the transaction runs again from there.
  freeze_resume_state(M.m, M.thr, M.cur);
  M.Sp = uint32_t(M.thr.word(M.cur, L::kTsoSp));
  uint64_t none = 0;
  if (uint32_t e = unwind_async(M, none, true)) {
    next = raise(M, e);
    return true;
  }
  if (type_of_info(M.m, info_of(M.m, M.Sp)) != L::ATOMICALLY_FRAME)
    fatal("corrupt stack: a transaction without its atomically frame");
  set_current(M, 0);
  M.m.store64(M.Sp, M.info(L::kAtomicallyFrameInfo));
  next = run_transaction(M);
  return true;
}

void stm_unwind_past(Machine& M, uint32_t type) {
  uint32_t t = current(M);
  if (!t) return;
  set_current(M, type == L::ATOMICALLY_FRAME ? 0 : enclosing(M.m, t));
}

uint32_t tvar_primop(Machine& M, uint32_t id, PrimOperands& o) {
  auto alloc = [&](uint32_t bytes) { return primop_alloc(M, o, bytes); };
  switch (PrimOpId(id)) {
    case PrimOpId::NewTVarOp: {
      Machine::Alloc a = alloc(L::kTVarBytes);
      if (!a.addr) return a.raise;
      M.m.store64(a.addr, M.info(L::kTVarInfo));
      M.m.store64(a.addr + L::kTVarValue, o.args[0]);
      o.res[0] = a.addr;
      return 0;
    }
    case PrimOpId::ReadTVarIOOp: o.res[0] = M.m.load64(uint32_t(o.args[0]) + L::kTVarValue); return 0;
    case PrimOpId::ReadTVarOp:
    case PrimOpId::WriteTVarOp: {
      bool write = PrimOpId(id) == PrimOpId::WriteTVarOp;
      uint32_t t = require_transaction(M, write ? "writeTVar#" : "readTVar#");
      if (uint32_t e = find(M.m, t, o.args[0])) {
        if (write) M.m.store64(e + 16, o.args[1]);
        else o.res[0] = M.m.load64(e + 16);
        return 0;
      }
      // First use at this level: the enclosing levels' entry, or the TVar itself.
      if (uint32_t e = reserve(M, false, 1, alloc)) return e;
      t = current(M);
      uint64_t tv = o.args[0];  // (read after the allocation: a collection moves it)
      uint64_t expected, value;
      if (uint32_t e = find_in_nest(M.m, enclosing(M.m, t), tv)) {
        expected = M.m.load64(e + 8);
        value = M.m.load64(e + 16);
      } else {
        expected = M.m.load64(uint32_t(tv) + L::kTVarValue);
        value = expected;
      }
      if (write) value = o.args[1];
      else o.res[0] = value;
      append(M.m, t, tv, expected, value);
      return 0;
    }
    default: return kNotMemoryPrimop;
  }
}

}  // namespace stgvm
