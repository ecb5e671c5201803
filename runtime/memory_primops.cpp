// Primops over the heap and linear memory (runtime/memory_primops.h). The index/read/write
// families are table-driven from the primop names (primops.txt.pp naming is regular:
// <index|read|write><Elem><Array#|OffAddr#>, Word8ArrayAs<Elem> uses byte offsets). Every
// offset and length goes through one bounds check (`checked`) first.
#include "runtime/memory_primops.h"

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "primops/primop_table.h"
#include "runtime/apply.h"
#include "runtime/finalizers.h"
#include "runtime/stable_names.h"
#include "runtime/stacks.h"
#include "runtime/stm.h"
#include "runtime/trap.h"

namespace stgvm {

namespace L = layout;
using primops::PrimOpId;

namespace {

// One primop's operands, and its allocations (primop_alloc).
struct Ctx {
  Machine& M;
  PrimOperands& o;
  uint32_t raise = 0;  // an allocation failed: the exception to raise

  uint64_t arg(uint32_t i) const { return o.args[i]; }
  void set(uint32_t i, uint64_t v) { o.res[i] = v; }
  // 0 when the heap is exhausted (`raise` says what to raise).
  uint32_t alloc(uint32_t bytes, std::initializer_list<uint64_t*> extra = {}) {
    Machine::Alloc a = primop_alloc(M, o, bytes, extra);
    raise = a.raise;
    return a.addr;
  }
  uint32_t alloc_large(uint32_t bytes, uint32_t align) {
    std::vector<uint64_t*> r = operand_roots(o, {});
    Machine::Alloc a = M.alloc_large(bytes, align, r.data(), uint32_t(r.size()));
    raise = a.raise;
    return a.addr;
  }
};

}  // namespace

std::vector<uint64_t*> operand_roots(PrimOperands& o, std::initializer_list<uint64_t*> extra) {
  std::vector<uint64_t*> r(extra);
  for (uint32_t i = 0; i < o.nlive; ++i) r.push_back(&o.frame[o.live[i]]);
  for (uint32_t i = 0; i < o.nargs && i < 64; ++i)
    if (o.arg_ptrs >> i & 1) r.push_back(&o.args[i]);
  return r;
}

Machine::Alloc primop_alloc(Machine& M, PrimOperands& o, uint32_t bytes, std::initializer_list<uint64_t*> extra) {
  if (M.fits(bytes)) return M.alloc(bytes);  // no collection: no roots needed
  std::vector<uint64_t*> r = operand_roots(o, extra);
  return M.alloc(bytes, r.data(), uint32_t(r.size()));
}

// A range check that failed: one line naming the primop and the range.
void range_fault(const Memory& m, uint32_t id, MemRange kind, uint64_t base, uint64_t off, uint64_t len,
                 uint32_t unit) {
  std::string r = std::string(primops::primop(PrimOpId(id)).name) + ": ";
  if (kind == MemRange::Addr) {
    uint64_t lo = base + off * unit, end = lo + len * unit;
    char b[160];
    int k = int64_t(len) < 0 || len > (~0ull >> 3) || end < lo
                ? snprintf(b, sizeof b, "address 0x%llx, length %lld", (unsigned long long)lo, (long long)len)
                : snprintf(b, sizeof b, "address range [0x%llx, 0x%llx)", (unsigned long long)lo, (unsigned long long)end);
    snprintf(b + k, sizeof b - k, " outside mapped memory [0x%x, 0x%x)", unsigned(L::kRuntimeBase), unsigned(m.size()));
    fatal((r + b).c_str());
  }
  if (int64_t(off) < 0 || int64_t(len) < 0)
    r += "offset " + std::to_string(int64_t(off)) + ", length " + std::to_string(int64_t(len));
  else
    r += "range [" + std::to_string(off) + ", " + std::to_string(off + len) + ")";
  if (kind == MemRange::Bytes && unit > 1) r += " of " + std::to_string(unit) + "-byte elements";
  uint64_t n = m.load64_unobserved(uint32_t(base) + L::kArrSize);
  fatal((r + " outside a " + std::to_string(n) + (kind == MemRange::Ptrs ? "-element array" : "-byte array")).c_str());
}

// Room for a runtime table that must grow (stable pointers, stable names) when the
// non-moving space has none: a chunk added at the end of memory. False if memory cannot
// grow that far.
static bool make_room_in_space(Machine& M, uint64_t bytes) {
  uint32_t block = M.los.alloc_growing(uint32_t(std::min<uint64_t>(bytes, 0x7FFFFFFF)), 16, L::kArrPayload);
  if (!block) return false;
  M.los.free(block);
  return true;
}

// The stable pointer to `p` (growing the table, in the non-moving space, if needed); 0 with
// `*raise` set when memory cannot grow.
uint64_t make_stable_ptr(Machine& M, uint64_t p, uint32_t* raise) {
  if (uint64_t s = M.stable.make(p)) return s;
  // The table must grow and the non-moving space is full: add room there, then retry.
  if (!make_room_in_space(M, 16 * M.m.load64(L::kStablePtrState + 8) + 4096)) {
    *raise = M.heap_overflow();
    return 0;
  }
  uint64_t s = M.stable.make(p);
  if (!s) fatal("stable-pointer table: cannot grow");
  return s;
}

// makeStableName# (GHC's stg_makeStableNamezh): the object's one STABLE_NAME object, made
// the first time. The object is followed through indirections first (removeIndirections),
// so a thunk evaluated since has its value's name.
static uint32_t make_stable_name(Ctx& c) {
  Machine& M = c.M;
  StableNameTable names(M.m, M.los);
  uint64_t p = c.arg(0);
  is_evaluated(M.m, p);  // (only for the indirections it follows)
  if (uint32_t i = names.lookup(p); i && names.object(i)) {
    c.set(0, names.object(i));
    return 0;
  }
  // The object first (it may collect, which moves p), then the entry, so a collection never
  // sees an entry without its object (GHC #15906).
  uint32_t o = c.alloc(L::kStableNameBytes);
  if (!o) return c.raise;
  p = c.arg(0);
  is_evaluated(M.m, p);
  uint32_t i = names.insert(p);
  if (!i) {  // the tables must grow and the non-moving space is full: add room there
    if (!make_room_in_space(M, names.growth_bytes())) return M.heap_overflow();
    i = names.insert(p);
    if (!i) fatal("stable-name table: cannot grow");
  }
  M.m.store64(o, M.info(L::kStableNameInfo));
  M.m.store64(o + L::kStableNameIndex, i);
  names.set_object(i, o);
  c.set(0, o);
  return 0;
}

uint32_t memory_primop(Machine& M, uint32_t id, PrimOperands& o) {
  Ctx c{M, o};
  Memory& mem_ = M.m;
  auto fail = [&](const std::string& what) { fatal(what.c_str()); };
  auto range = [&](MemRange kind, uint32_t obj_arg, uint32_t off_arg, uint64_t len, uint32_t unit) {
    return checked_range(mem_, id, kind, c.arg(obj_arg), c.arg(off_arg), len, unit);
  };
  auto name = [&] { return std::string(primops::primop(PrimOpId(id)).name); };
  auto new_bytes = [&](uint64_t n, bool pinned, uint64_t align) -> uint32_t {
    if (n > 0x7FFFFFFF) fail(name() + ": byte array of " + std::to_string(int64_t(n)) + " bytes is too large");
    if (align > 0x40000000) fail(name() + ": alignment " + std::to_string(int64_t(align)) + " is too large");
    uint32_t bytes = L::kArrPayload + uint32_t(n);
    uint32_t a = pinned || L::is_large_object(bytes) ? c.alloc_large(bytes, uint32_t(align)) : c.alloc(bytes);
    if (!a) return 0u;  // (c.raise)
    init_byte_array(M, a, n);
    return a;
  };
  // An array of n elements, each argument `init_arg` (read after the allocation, which may
  // have moved it; none: 0).
  auto new_ptrs = [&](uint64_t n, int init_arg, uint32_t info) -> uint32_t {
    if (n > 0x0FFFFFFF) fail(name() + ": array of " + std::to_string(int64_t(n)) + " elements is too large");
    uint32_t bytes = L::kArrPayload + 8 * uint32_t(n);
    uint32_t a = L::is_large_object(bytes) ? c.alloc_large(bytes, 16) : c.alloc(bytes);
    if (!a) return 0u;  // (c.raise)
    mem_.store64(a, info);
    mem_.store64(a + L::kArrSize, n);
    uint64_t init = init_arg < 0 ? 0 : c.arg(uint32_t(init_arg));
    for (uint64_t i = 0; i < n; ++i) mem_.store64(a + L::kArrPayload + 8 * uint32_t(i), init);
    return a;
  };
  auto payload = [&](uint64_t arr) { return uint32_t(arr) + L::kArrPayload; };
  // AP thunk [ap_info, pad, f, old] applying argument 1 to the MutVar#'s (argument 0) contents.
  auto new_ap = [&]() -> uint64_t {
    uint32_t ap = c.alloc(32);
    if (!ap) return uint64_t(0);  // (c.raise)
    mem_.store64(ap, M.info(L::kApInfo));
    mem_.store64(ap + 16, c.arg(1));
    mem_.store64(ap + 24, mem_.load64(uint32_t(c.arg(0)) + 8));
    return ap;
  };
  auto copy_bytes = [&](uint32_t dst, uint32_t src, uint64_t n) {  // both ranges checked already
    if (MemoryObserver* o = mem_.observer()) o->on_runtime(MemoryObserver::Runtime::Copy, dst, src, n);
    if (n) std::memmove(mem_.span(dst, n), mem_.span(src, n), n);
  };

  switch (PrimOpId(id)) {
    // ---- byte arrays ----
    case PrimOpId::NewByteArrayOp_Char: c.set(0, new_bytes(c.arg(0), false, 8)); return c.raise;
    case PrimOpId::NewPinnedByteArrayOp_Char: c.set(0, new_bytes(c.arg(0), true, 16)); return c.raise;
    case PrimOpId::NewAlignedPinnedByteArrayOp_Char: c.set(0, new_bytes(c.arg(0), true, c.arg(1))); return c.raise;
    case PrimOpId::ByteArrayContents_Char: c.set(0, payload(c.arg(0))); return 0;
    case PrimOpId::MutableByteArrayIsPinnedOp:
    case PrimOpId::ByteArrayIsPinnedOp: {
      uint64_t a = c.arg(0);
      c.set(0, M.los.in_space(a));  // pinned or large: both never move (as GHC's BF_LARGE)
      return 0;
    }
    case PrimOpId::ShrinkMutableByteArrayOp_Char:
      checked_range(mem_, id, MemRange::ByteSize, c.arg(0), 0, c.arg(1), 1);  // the new size must not exceed the old
      mem_.store64(uint32_t(c.arg(0)) + L::kArrSize, c.arg(1));
      return 0;
    case PrimOpId::ResizeMutableByteArrayOp_Char: {
      uint64_t n = c.arg(1), old = mem_.load64(uint32_t(c.arg(0)) + L::kArrSize);
      if (int64_t(n) >= 0 && n <= old) {
        mem_.store64(uint32_t(c.arg(0)) + L::kArrSize, n);
        c.set(0, c.arg(0));
        return 0;
      }
      uint32_t a = new_bytes(n, false, 8);  // may move the source: read it again
      if (!a) return c.raise;
      copy_bytes(payload(a), payload(c.arg(0)), old);
      c.set(0, a);
      return 0;
    }
    case PrimOpId::CopyByteArrayOp:
    case PrimOpId::CopyMutableByteArrayOp: {
      uint32_t src = range(MemRange::Bytes, 0, 1, c.arg(4), 1);
      copy_bytes(range(MemRange::Bytes, 2, 3, c.arg(4), 1), src, c.arg(4));
      return 0;
    }
    case PrimOpId::CopyByteArrayToAddrOp:
    case PrimOpId::CopyMutableByteArrayToAddrOp: {
      uint32_t src = range(MemRange::Bytes, 0, 1, c.arg(3), 1);
      copy_bytes(checked_range(mem_, id, MemRange::Addr, c.arg(2), 0, c.arg(3), 1), src, c.arg(3));
      return 0;
    }
    case PrimOpId::CopyAddrToByteArrayOp: {
      uint32_t dst = range(MemRange::Bytes, 1, 2, c.arg(3), 1);  // the array first: its size says more
      copy_bytes(dst, checked_range(mem_, id, MemRange::Addr, c.arg(0), 0, c.arg(3), 1), c.arg(3));
      return 0;
    }
    case PrimOpId::SetByteArrayOp: {
      uint64_t n = c.arg(2);
      uint32_t dst = range(MemRange::Bytes, 0, 1, n, 1);
      if (MemoryObserver* o = mem_.observer()) o->on_runtime(MemoryObserver::Runtime::Fill, dst, uint8_t(c.arg(3)), n);
      if (n) std::memset(mem_.span(dst, n), int(c.arg(3)), n);
      return 0;
    }
    case PrimOpId::CompareByteArraysOp: {
      // GHC calls memcmp; glibc's answer (and so native's) is the difference of the first
      // differing bytes — defined here exactly that way.
      uint64_t n = c.arg(4);
      uint32_t xa = range(MemRange::Bytes, 0, 1, n, 1), ya = range(MemRange::Bytes, 2, 3, n, 1);
      if (MemoryObserver* o = mem_.observer()) o->on_runtime(MemoryObserver::Runtime::Compare, xa, ya, n);
      const uint8_t* x = n ? mem_.span(xa, n) : nullptr;
      const uint8_t* y = n ? mem_.span(ya, n) : nullptr;
      int64_t r = 0;
      for (uint64_t k = 0; k < n; ++k)
        if (x[k] != y[k]) {
          r = int64_t(x[k]) - int64_t(y[k]);
          break;
        }
      c.set(0, uint64_t(r));
      return 0;
    }
    case PrimOpId::AtomicReadByteArrayOp_Int: c.set(0, mem_.load64(range(MemRange::Bytes, 0, 1, 1, 8))); return 0;
    case PrimOpId::AtomicWriteByteArrayOp_Int: mem_.store64(range(MemRange::Bytes, 0, 1, 1, 8), c.arg(2)); return 0;
    case PrimOpId::CasByteArrayOp_Int: {
      uint32_t a = range(MemRange::Bytes, 0, 1, 1, 8);
      uint64_t old = mem_.load64(a);
      if (old == c.arg(2)) mem_.store64(a, c.arg(3));
      c.set(0, old);
      return 0;
    }
    case PrimOpId::FetchAddByteArrayOp_Int: case PrimOpId::FetchSubByteArrayOp_Int:
    case PrimOpId::FetchAndByteArrayOp_Int: case PrimOpId::FetchNandByteArrayOp_Int:
    case PrimOpId::FetchOrByteArrayOp_Int: case PrimOpId::FetchXorByteArrayOp_Int: {
      uint32_t a = range(MemRange::Bytes, 0, 1, 1, 8);
      uint64_t old = mem_.load64(a), v = c.arg(2), r = 0;
      switch (PrimOpId(id)) {
        case PrimOpId::FetchAddByteArrayOp_Int: r = old + v; break;
        case PrimOpId::FetchSubByteArrayOp_Int: r = old - v; break;
        case PrimOpId::FetchAndByteArrayOp_Int: r = old & v; break;
        case PrimOpId::FetchNandByteArrayOp_Int: r = ~(old & v); break;
        case PrimOpId::FetchOrByteArrayOp_Int: r = old | v; break;
        default: r = old ^ v; break;
      }
      mem_.store64(a, r);
      c.set(0, old);
      return 0;
    }
    // ---- arrays of pointers ----
    case PrimOpId::NewArrayOp: c.set(0, new_ptrs(c.arg(0), 1, M.info(L::kMutArrInfo))); return c.raise;
    case PrimOpId::NewSmallArrayOp: c.set(0, new_ptrs(c.arg(0), 1, M.info(L::kSmallMutArrInfo))); return c.raise;
    case PrimOpId::ReadArrayOp: case PrimOpId::IndexArrayOp:
    case PrimOpId::ReadSmallArrayOp: case PrimOpId::IndexSmallArrayOp:
      c.set(0, mem_.load64(range(MemRange::Ptrs, 0, 1, 1, 8)));
      return 0;
    case PrimOpId::WriteArrayOp:
    case PrimOpId::WriteSmallArrayOp: mem_.store64(range(MemRange::Ptrs, 0, 1, 1, 8), c.arg(2)); return 0;
    case PrimOpId::SameMutableArrayOp: case PrimOpId::SameSmallMutableArrayOp:
    case PrimOpId::SameMutableByteArrayOp: case PrimOpId::SameMutVarOp: case PrimOpId::SameMVarOp:
    case PrimOpId::ReallyUnsafePtrEqualityOp: c.set(0, c.arg(0) == c.arg(1)); return 0;
    case PrimOpId::CopyArrayOp: case PrimOpId::CopyMutableArrayOp:
    case PrimOpId::CopySmallArrayOp: case PrimOpId::CopySmallMutableArrayOp: {
      uint32_t src = range(MemRange::Ptrs, 0, 1, c.arg(4), 8);
      copy_bytes(range(MemRange::Ptrs, 2, 3, c.arg(4), 8), src, 8 * c.arg(4));
      return 0;
    }
    case PrimOpId::CloneArrayOp: case PrimOpId::CloneMutableArrayOp: case PrimOpId::FreezeArrayOp:
    case PrimOpId::ThawArrayOp: case PrimOpId::CloneSmallArrayOp: case PrimOpId::CloneSmallMutableArrayOp:
    case PrimOpId::FreezeSmallArrayOp: case PrimOpId::ThawSmallArrayOp: {
      bool small = PrimOpId(id) == PrimOpId::CloneSmallArrayOp || PrimOpId(id) == PrimOpId::CloneSmallMutableArrayOp ||
                   PrimOpId(id) == PrimOpId::FreezeSmallArrayOp || PrimOpId(id) == PrimOpId::ThawSmallArrayOp;
      uint64_t n = c.arg(2);
      range(MemRange::Ptrs, 0, 1, n, 8);  // before allocating n elements
      uint32_t a = new_ptrs(n, -1, M.info(small ? L::kSmallMutArrInfo : L::kMutArrInfo));
      if (!a) return c.raise;
      copy_bytes(payload(a), range(MemRange::Ptrs, 0, 1, n, 8), 8 * n);  // the source may have moved
      c.set(0, a);
      return 0;
    }
    case PrimOpId::CasArrayOp:
    case PrimOpId::CasSmallArrayOp: {
      uint32_t a = range(MemRange::Ptrs, 0, 1, 1, 8);
      uint64_t old = mem_.load64(a);
      bool ok = old == c.arg(2);
      if (ok) mem_.store64(a, c.arg(3));
      c.set(0, ok ? 0 : 1);
      c.set(1, ok ? c.arg(3) : old);
      return 0;
    }
    case PrimOpId::ShrinkSmallMutableArrayOp_Char:
      checked_range(mem_, id, MemRange::Ptrs, c.arg(0), 0, c.arg(1), 8);  // the new size must not exceed the old
      mem_.store64(uint32_t(c.arg(0)) + L::kArrSize, c.arg(1));
      return 0;
    // ---- MutVar# ----
    case PrimOpId::NewMutVarOp: {
      uint32_t a = c.alloc(16);
      if (!a) return c.raise;
      mem_.store64(a, M.info(L::kMutVarInfo));
      mem_.store64(a + 8, c.arg(0));
      c.set(0, a);
      return 0;
    }
    case PrimOpId::CasMutVarOp: {
      uint32_t mv = uint32_t(c.arg(0));
      uint64_t old = mem_.load64(mv + 8);
      bool ok = old == c.arg(1);
      if (ok) mem_.store64(mv + 8, c.arg(2));
      c.set(0, ok ? 0 : 1);
      c.set(1, ok ? c.arg(2) : old);
      return 0;
    }
    case PrimOpId::AtomicModifyMutVar2Op: {
      // new contents = fst (f old), returned: (# old, f old #)
      uint64_t ap = new_ap();
      if (!ap) return c.raise;
      uint32_t sel = c.alloc(24, {&ap});  // [sel_info, pad, ap]
      if (!sel) return c.raise;
      mem_.store64(sel, M.info(L::kSelInfo));
      mem_.store64(sel + 16, ap);
      uint32_t mv = uint32_t(c.arg(0));  // read again: the allocation may have moved it
      c.set(0, mem_.load64(mv + 8));
      mem_.store64(mv + 8, sel);
      c.set(1, ap);
      return 0;
    }
    case PrimOpId::AtomicModifyMutVar_Op: {
      // new contents = f old, returned: (# old, new #)
      uint64_t ap = new_ap();
      if (!ap) return c.raise;
      uint32_t mv = uint32_t(c.arg(0));
      c.set(0, mem_.load64(mv + 8));
      mem_.store64(mv + 8, ap);
      c.set(1, ap);
      return 0;
    }
    // ---- TVar# (runtime/stm.h) ----
    case PrimOpId::NewTVarOp: case PrimOpId::ReadTVarOp: case PrimOpId::ReadTVarIOOp: case PrimOpId::WriteTVarOp:
      return tvar_primop(M, id, o);
    // ---- MVar# (non-blocking operations) ----
    case PrimOpId::NewMVarOp: {
      uint32_t a = c.alloc(32);
      if (!a) return c.raise;
      mem_.store64(a, M.info(L::kMVarInfo));
      c.set(0, a);
      return 0;
    }
    case PrimOpId::TryTakeMVarOp: {
      uint32_t mv = uint32_t(c.arg(0));
      bool full = mem_.load64(mv + 8) != 0;
      uint64_t v = full ? M.thr.mvar_take(mv) : 0;
      c.set(0, full ? 1 : 0);
      c.set(1, v);
      return 0;
    }
    case PrimOpId::TryReadMVarOp: {
      uint64_t v = mem_.load64(uint32_t(c.arg(0)) + 8);
      c.set(0, v ? 1 : 0);
      c.set(1, v);
      return 0;
    }
    case PrimOpId::TryPutMVarOp: {
      uint32_t mv = uint32_t(c.arg(0));
      bool empty = mem_.load64(mv + 8) == 0;
      if (empty) M.thr.mvar_put(mv, c.arg(1));
      c.set(0, empty ? 1 : 0);
      return 0;
    }
    case PrimOpId::IsEmptyMVarOp: c.set(0, mem_.load64(uint32_t(c.arg(0)) + 8) == 0); return 0;
    // ---- stable and weak pointers ----
    case PrimOpId::MakeStablePtrOp: {
      uint64_t s = make_stable_ptr(M, c.arg(0), &c.raise);
      c.set(0, s);
      return c.raise;
    }
    case PrimOpId::DeRefStablePtrOp: {
      uint64_t s = c.arg(0);
      if (!M.stable.valid(s)) fail("invalid StablePtr# dereferenced");
      c.set(0, M.stable.deref(s));
      return 0;
    }
    case PrimOpId::EqStablePtrOp: c.set(0, c.arg(0) == c.arg(1)); return 0;
    case PrimOpId::MakeStableNameOp: return make_stable_name(c);
    case PrimOpId::EqStableNameOp:
      c.set(0, mem_.load64(uint32_t(c.arg(0)) + L::kStableNameIndex) == mem_.load64(uint32_t(c.arg(1)) + L::kStableNameIndex));
      return 0;
    case PrimOpId::StableNameToIntOp: c.set(0, mem_.load64(uint32_t(c.arg(0)) + L::kStableNameIndex)); return 0;
    case PrimOpId::MkWeakOp:
    case PrimOpId::MkWeakNoFinalizerOp: {
      uint32_t w = c.alloc(L::kWeakBytes);
      if (!w) return c.raise;
      mem_.store64(w, M.info(L::kWeakInfo));
      mem_.store64(w + L::kWeakKey, c.arg(0));
      mem_.store64(w + L::kWeakValue, c.arg(1));
      if (PrimOpId(id) == PrimOpId::MkWeakOp) mem_.store64(w + L::kWeakFinalizer, c.arg(2));
      mem_.store64(w + L::kWeakLink, mem_.load64(L::kWeakListHead));
      mem_.store64(L::kWeakListHead, w);
      c.set(0, w);
      return 0;
    }
    case PrimOpId::DeRefWeakOp: {
      uint32_t w = uint32_t(c.arg(0));
      bool alive = mem_.load64(w + L::kWeakKey) != 0;
      c.set(0, alive);
      c.set(1, alive ? mem_.load64(w + L::kWeakValue) : 0);
      return 0;
    }
    case PrimOpId::FinalizeWeakOp: {
      // GHC's stg_finalizzeWeakzh: the weak dies now, its C finalizers run at once, and the
      // Haskell one is returned for the caller to run (nothing if it was dead already).
      uint32_t w = uint32_t(c.arg(0));
      bool alive = mem_.load64(w + L::kWeakKey) != 0;
      uint64_t fin = alive ? mem_.load64(w + L::kWeakFinalizer) : 0;
      uint64_t cfins = alive ? mem_.load64(w + L::kWeakCFinalizers) : 0;
      for (uint32_t f : {L::kWeakKey, L::kWeakValue, L::kWeakFinalizer, L::kWeakCFinalizers}) mem_.store64(w + f, 0);
      run_c_finalizers(M, cfins);
      c.set(0, fin ? 1 : 0);
      c.set(1, fin);
      return 0;
    }
    case PrimOpId::AddCFinalizerToWeakOp: {
      // (function pointer, pointer, has environment, environment, weak): 0 if the weak is
      // dead already (the caller then tries again or runs it), else 1.
      uint32_t cf = c.alloc(L::kCFinBytes);
      if (!cf) return c.raise;
      uint32_t w = uint32_t(c.arg(4));
      mem_.store64(cf, M.info(L::kCFinalizerInfo));
      mem_.store64(cf + L::kCFinFn, c.arg(0));
      mem_.store64(cf + L::kCFinPtr, c.arg(1));
      mem_.store64(cf + L::kCFinHasEnv, c.arg(2) != 0);
      mem_.store64(cf + L::kCFinEnv, c.arg(3));
      if (!mem_.load64(w + L::kWeakKey)) {
        c.set(0, 0);
        return 0;
      }
      mem_.store64(cf + L::kCFinLink, mem_.load64(w + L::kWeakCFinalizers));
      mem_.store64(w + L::kWeakCFinalizers, cf);
      c.set(0, 1);
      return 0;
    }
    // ---- threads and RTS queries (single thread) ----
    case PrimOpId::MyThreadIdOp: c.set(0, M.cur); return 0;
    case PrimOpId::IsCurrentThreadBoundOp: c.set(0, 0); return 0;
    case PrimOpId::ForkOp:
    case PrimOpId::ForkOnOp: {
      uint64_t io = c.arg(PrimOpId(id) == PrimOpId::ForkOp ? 0 : 1);
      uint32_t tso = create_thread(mem_, M.los, M.thr, io);
      if (!tso) return M.heap_overflow();
      M.thr.set_half(tso, L::kTsoMask, M.mask);  // a new thread inherits its parent's masking state
      c.set(0, tso);
      return 0;
    }
    case PrimOpId::ThreadStatusOp: {
      // GHC's why_blocked numbers (GHC.Conc.Sync's mk_stat): 0 running, 1 MVar, 14 readMVar,
      // 2 BLACKHOLE, 5 delay, 6 STM, 12 throwTo, 16 finished.
      static constexpr uint8_t kStatus[] = {0, 1, 14, 1, 12, 2, 16, 6, 5};
      static_assert(sizeof kStatus == size_t(ThreadState::Sleeping) + 1);
      uint32_t s = uint32_t(M.thr.state(uint32_t(c.arg(0))));
      uint64_t st = s < sizeof kStatus ? kStatus[s] : 0;
      c.set(0, st);
      c.set(1, 0);
      c.set(2, 0);
      return 0;
    }
    case PrimOpId::MaskStatus:  // GHC's numbering: 1 uninterruptible, 2 interruptible (mask is the other way)
      c.set(0, M.mask == 1 ? 2 : M.mask == 2 ? 1 : 0);
      return 0;
    case PrimOpId::NoDuplicateOp:
    case PrimOpId::TouchOp:
    case PrimOpId::LabelThreadOp:
    case PrimOpId::TraceEventOp:
    case PrimOpId::TraceEventBinaryOp:
    case PrimOpId::TraceMarkerOp:
    case PrimOpId::SetThreadAllocationCounter: return 0;
    case PrimOpId::ParOp: c.set(0, 1); return 0;
    case PrimOpId::SparkOp: c.set(0, c.arg(0)); return 0;
    case PrimOpId::NumSparks: c.set(0, 0); return 0;
    case PrimOpId::GetCCSOfOp:
    case PrimOpId::GetCurrentCCSOp: c.set(0, 0); return 0;
    case PrimOpId::ClearCCSOp: return kNotMemoryPrimop;
    default:
      if (ElemAccess acc = elem_access_of(id)) {  // (sizes, MutVar# values, freezes too)
        ElemArgs x = elem_access_args(acc);
        uint64_t v = elem_access(mem_, acc, c.arg(x.obj), x.off >= 0 ? c.arg(x.off) : 0, x.val >= 0 ? c.arg(x.val) : 0);
        if (!elem_access_writes(acc)) c.set(0, v);
        return 0;
      }
      return kNotMemoryPrimop;
  }
}

}  // namespace stgvm
