// bytestring-0.10.12.1's C helpers (cbits/fpstring.c, cbits/itoa.c) over linear memory, with
// the C code's exact results: the same bytes written, the same pointers returned, and the
// same reads past a range's start where the C code makes them (fps_maximum of 0 bytes reads
// its first byte; padded digits of a too-large number land before the buffer).
#include <string>

#include "ffi/ffi_internal.h"

namespace stgvm {

namespace {

// void fps_reverse(unsigned char *q, unsigned char *p, unsigned long n)
uint64_t c_fps_reverse(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  uint32_t q = a.addr(0), p = a.addr(1);
  uint64_t n = a.u64(2);
  if (n == 0) return 0;
  const uint8_t* s = mem_span(ctx.mem, p, n);
  std::string tmp(reinterpret_cast<const char*>(s), size_t(n));  // q and p may overlap
  uint8_t* d = mem_span(ctx.mem, q, n);
  for (uint64_t i = 0; i < n; ++i) d[i] = uint8_t(tmp[size_t(n - 1 - i)]);
  return 0;
}

// void fps_intersperse(unsigned char *q, unsigned char *p, unsigned long n, unsigned char c):
// 2n-1 bytes out.
uint64_t c_fps_intersperse(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  uint32_t q = a.addr(0), p = a.addr(1);
  uint64_t n = a.u64(2);
  uint8_t sep = a.u8(3);
  if (n == 0) return 0;
  const uint8_t* s = mem_span(ctx.mem, p, n);
  std::string tmp(reinterpret_cast<const char*>(s), size_t(n));
  uint8_t* d = mem_span(ctx.mem, q, 2 * n - 1);
  for (uint64_t i = 0; i < n; ++i) {
    d[2 * i] = uint8_t(tmp[size_t(i)]);
    if (i + 1 < n) d[2 * i + 1] = sep;
  }
  return 0;
}

// unsigned char fps_maximum / fps_minimum(unsigned char *p, unsigned long len): the C code
// starts from p[0] whatever len is.
template <bool Max>
uint64_t c_fps_extremum(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  uint32_t p = a.addr(0);
  uint64_t n = a.u64(1);
  uint8_t best = ctx.mem.load8(p);
  const uint8_t* s = mem_span(ctx.mem, p, n);
  for (uint64_t i = 0; i < n; ++i)
    if (Max ? s[i] > best : s[i] < best) best = s[i];
  return best;
}

// unsigned long fps_count(unsigned char *p, unsigned long len, unsigned char w)
uint64_t c_fps_count(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  uint64_t n = a.u64(1);
  uint8_t w = a.u8(2);
  const uint8_t* s = mem_span(ctx.mem, a.addr(0), n);
  uint64_t k = 0;
  for (uint64_t i = 0; i < n; ++i) k += s[i] == w;
  return k;
}

// void *fps_memcpy_offsets(void *dst, unsigned long dst_off, const void *src,
//                          unsigned long src_off, size_t n) — overlapping ranges behave as
// memmove (deterministic, like the memcpy shim).
uint64_t c_fps_memcpy_offsets(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  uint32_t dst = linear_addr(uint64_t(a.addr(0)) + a.u64(1));
  mem_move(ctx.mem, dst, linear_addr(uint64_t(a.addr(2)) + a.u64(3)), a.u64(4));
  return dst;
}

// ---- itoa.c: digits written at buf, the address after the last one returned ----

// The decimal digits of a non-negative magnitude (or the hex digits), most significant first.
std::string digits_of(uint64_t x, unsigned base) {
  std::string s;
  do {
    s.insert(s.begin(), "0123456789abcdef"[x % base]);
    x /= base;
  } while (x);
  return s;
}

uint64_t put(ForeignContext& ctx, uint32_t buf, const std::string& s) {
  std::memcpy(mem_span(ctx.mem, buf, s.size()), s.data(), s.size());
  return uint64_t(buf) + s.size();
}

// Signed: '-' and the magnitude (computed unsigned, so minBound prints right as in itoa.c).
std::string signed_digits(int64_t x) {
  if (x >= 0) return digits_of(uint64_t(x), 10);
  return "-" + digits_of(0 - uint64_t(x), 10);
}

// char* _hs_bytestring_int_dec(int x, char* buf)
uint64_t c_int_dec(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  return put(ctx, a.addr(1), signed_digits(a.i32(0)));
}

// char* _hs_bytestring_long_long_int_dec(long long x, char* buf)
uint64_t c_long_long_int_dec(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  return put(ctx, a.addr(1), signed_digits(a.i64(0)));
}

// char* _hs_bytestring_uint_dec(unsigned x, char* buf)
uint64_t c_uint_dec(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  return put(ctx, a.addr(1), digits_of(a.u32(0), 10));
}

// char* _hs_bytestring_long_long_uint_dec(unsigned long long x, char* buf)
uint64_t c_long_long_uint_dec(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  return put(ctx, a.addr(1), digits_of(a.u64(0), 10));
}

// char* _hs_bytestring_uint_hex / _long_long_uint_hex(x, char* buf)
uint64_t c_uint_hex(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  return put(ctx, a.addr(1), digits_of(a.u32(0), 16));
}

uint64_t c_long_long_uint_hex(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  return put(ctx, a.addr(1), digits_of(a.u64(0), 16));
}

// void _hs_bytestring_int_dec_padded9(int x, char* buf) and the 18-digit long long variant:
// the digits right-aligned in a zero-padded field of `width` bytes. (bytestring passes
// non-negative numbers below 10^width; a wider one's leading digits land before buf, as in C.)
uint64_t padded(ForeignContext& ctx, int64_t x, uint32_t buf, uint32_t width) {
  std::string s = digits_of(x < 0 ? 0 - uint64_t(x) : uint64_t(x), 10);
  if (s.size() < width) s.insert(s.begin(), width - s.size(), '0');
  uint64_t start = uint64_t(buf) - (s.size() - width);  // buf unless the number is too wide
  put(ctx, linear_addr(start), s);
  return 0;
}

uint64_t c_int_dec_padded9(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  return padded(ctx, a.i32(0), a.addr(1), 9);
}

uint64_t c_long_long_int_dec_padded18(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  return padded(ctx, a.i64(0), a.addr(1), 18);
}

const ForeignSymbol kSymbols[] = {
    {"fps_reverse", c_fps_reverse, 3},
    {"fps_intersperse", c_fps_intersperse, 4},
    {"fps_maximum", c_fps_extremum<true>, 2},
    {"fps_minimum", c_fps_extremum<false>, 2},
    {"fps_count", c_fps_count, 3},
    {"fps_memcpy_offsets", c_fps_memcpy_offsets, 5},
    {"_hs_bytestring_int_dec", c_int_dec, 2},
    {"_hs_bytestring_long_long_int_dec", c_long_long_int_dec, 2},
    {"_hs_bytestring_uint_dec", c_uint_dec, 2},
    {"_hs_bytestring_long_long_uint_dec", c_long_long_uint_dec, 2},
    {"_hs_bytestring_uint_hex", c_uint_hex, 2},
    {"_hs_bytestring_long_long_uint_hex", c_long_long_uint_hex, 2},
    {"_hs_bytestring_int_dec_padded9", c_int_dec_padded9, 2},
    {"_hs_bytestring_long_long_int_dec_padded18", c_long_long_int_dec_padded18, 2},
};
}  // namespace

std::span<const ForeignSymbol> bytestring_symbols() { return kSymbols; }

}  // namespace stgvm
