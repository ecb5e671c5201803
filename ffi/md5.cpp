// GHC.Fingerprint's MD5: base's cbits/md5.c (vendored verbatim in ffi/cbits/md5.c) run on a
// host copy of the struct MD5Context (88 bytes, no pointers) that lives in linear memory: the
// context is copied in, updated, and copied back; the data and digest are linear memory.
#include "ffi/cbits/stgvm_cbits.h"
#include "ffi/ffi_internal.h"

namespace stgvm {

namespace {
static_assert(sizeof(MD5Context) == 88, "base's SIZEOF_STRUCT_MD5CONTEXT");

// void __hsbase_MD5Init(struct MD5Context *ctx)
uint64_t c_md5_init(ForeignContext& ctx, const ForeignCall& c) {
  uint32_t p = Args(c).addr(0);
  MD5Context m = load_struct<MD5Context>(ctx.mem, p);
  __hsbase_MD5Init(&m);
  store_struct(ctx.mem, p, m);
  return 0;
}

// void __hsbase_MD5Update(struct MD5Context *ctx, uint8_t const *buf, int len)
uint64_t c_md5_update(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  uint32_t p = a.addr(0), buf = a.addr(1);
  int len = a.i32(2);
  MD5Context m = load_struct<MD5Context>(ctx.mem, p);
  // A negative length is a huge size_t to md5.c's memcpy: it faults here instead.
  const uint8_t* data = mem_span(ctx.mem, buf, uint32_t(len));
  __hsbase_MD5Update(&m, data, len);
  store_struct(ctx.mem, p, m);
  return 0;
}

// void __hsbase_MD5Final(uint8_t digest[16], struct MD5Context *ctx)
uint64_t c_md5_final(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  uint32_t out = a.addr(0), p = a.addr(1);
  ctx.mem.span(out, 16);
  MD5Context m = load_struct<MD5Context>(ctx.mem, p);
  uint8_t digest[16];
  __hsbase_MD5Final(digest, &m);
  store_struct(ctx.mem, p, m);  // md5.c wipes the context
  std::memcpy(ctx.mem.span(out, 16), digest, 16);
  return 0;
}

const ForeignSymbol kSymbols[] = {
    {"__hsbase_MD5Init", c_md5_init, 1},
    {"__hsbase_MD5Update", c_md5_update, 3},
    {"__hsbase_MD5Final", c_md5_final, 2},
};
}  // namespace

std::span<const ForeignSymbol> md5_symbols() { return kSymbols; }

}  // namespace stgvm
