// libc memory and string functions over linear memory, and the malloc family over CHeap.
#include <cstring>

#include "ffi/abi.h"
#include "ffi/ffi_internal.h"
#include "ffi/host.h"

namespace stgvm {

namespace {

// void *memcpy(void *dst, const void *src, size_t n) — overlapping ranges behave as memmove
// (deterministic instead of undefined).
uint64_t c_memcpy(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  uint32_t dst = a.addr(0);
  mem_move(ctx.mem, dst, a.addr(1), a.u64(2));
  return dst;
}

uint64_t c_memset(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  uint32_t dst = a.addr(0);
  uint64_t n = a.u64(2);
  if (n) std::memset(mem_span(ctx.mem, dst, n), int(uint8_t(a.i32(1))), size_t(n));
  return dst;
}

// int memcmp(const void*, const void*, size_t): -1/0/1 by the first differing byte.
uint64_t c_memcmp(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  return ret_i32(mem_compare(ctx.mem, a.addr(0), a.addr(1), a.u64(2)));
}

// void *memchr(const void *s, int c, size_t n): the first byte equal to (unsigned char)c, or NULL.
uint64_t c_memchr(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  uint32_t p = a.addr(0);
  uint64_t n = a.u64(2);
  if (!n) return 0;
  const uint8_t* s = mem_span(ctx.mem, p, n);
  const void* hit = std::memchr(s, int(uint8_t(a.i32(1))), size_t(n));
  return hit ? uint64_t(p) + uint64_t(static_cast<const uint8_t*>(hit) - s) : 0;
}

uint64_t c_strlen(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  uint32_t p = a.addr(0);
  uint64_t n = 0;
  while (ctx.mem.load8(uint32_t(p + n)) != 0) ++n;
  return n;
}

// char *strerror(int errnum): glibc's message ("C" locale; host::strerror), copied once per
// errno value into the C heap; the same pointer on every call.
uint64_t c_strerror(ForeignContext& ctx, const ForeignCall& c) {
  int e = Args(c).i32(0);
  // Copies per errno 0..254 in the cells; others on a list of (errno, copy, next) nodes in the
  // C heap whose head is the last cell.
  ShimCells cells(ctx);
  bool direct = e >= 0 && e < 255;
  uint32_t slot = ShimCells::kStrerror + 4 * uint32_t(direct ? e : 255);
  if (direct && cells.get(slot)) return cells.get(slot);
  for (uint32_t n = direct ? 0 : cells.get(slot); n; n = ctx.mem.load32(n + 8))
    if (int32_t(ctx.mem.load32(n)) == e) return ctx.mem.load32(n + 4);
  uint32_t p = cheap_strdup(ctx, host::strerror(e));
  if (!p) {
    ctx.failure = "strerror: the C heap is exhausted";
    return 0;
  }
  if (direct) {
    cells.set(slot, p);
  } else if (uint32_t n = ctx.cheap.malloc(12)) {
    ctx.mem.store32(n, uint32_t(e));
    ctx.mem.store32(n + 4, p);
    ctx.mem.store32(n + 8, cells.get(slot));
    cells.set(slot, n);
  }
  return p;
}

uint64_t c_malloc(ForeignContext& ctx, const ForeignCall& c) {
  uint32_t p = ctx.cheap.malloc(Args(c).u64(0));
  if (!p) ctx.errno_value = abi::kENOMEM;
  return p;
}

uint64_t c_calloc(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  uint32_t p = ctx.cheap.calloc(a.u64(0), a.u64(1));
  if (!p) ctx.errno_value = abi::kENOMEM;
  return p;
}

uint64_t c_realloc(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  uint32_t p = a.addr(0);
  uint64_t n = a.u64(1);
  if (p && ctx.cheap.block_size(p) == 0) {
    ctx.failure = "realloc: 0x" + hex32(p) + " is not a block of the C heap";
    return 0;
  }
  uint32_t q = ctx.cheap.realloc(p, n);
  if (!q && n) ctx.errno_value = abi::kENOMEM;
  return q;
}

uint64_t c_free(ForeignContext& ctx, const ForeignCall& c) {
  uint32_t p = Args(c).addr(0);
  if (p && ctx.cheap.block_size(p) == 0) {
    ctx.failure = "free: 0x" + hex32(p) + " is not a block of the C heap (double free?)";
    return 0;
  }
  ctx.cheap.free(p);
  return 0;
}

const ForeignSymbol kSymbols[] = {
    {"memcpy", c_memcpy, 3}, {"memmove", c_memcpy, 3},   {"memset", c_memset, 3},
    {"memcmp", c_memcmp, 3}, {"memchr", c_memchr, 3}, {"strlen", c_strlen, 1},    {"strerror", c_strerror, 1},
    {"malloc", c_malloc, 1}, {"calloc", c_calloc, 2},    {"realloc", c_realloc, 2},
    {"free", c_free, 1},
};
}  // namespace

std::span<const ForeignSymbol> libc_memory_symbols() { return kSymbols; }

}  // namespace stgvm
