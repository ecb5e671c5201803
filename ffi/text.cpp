// text-1.2.5.0's C helpers (cbits/cbits.c) over linear memory: UTF-16 array copies and
// comparisons, and the UTF-8 and Latin-1 codecs, with cbits.c's exact results (the same units
// written, the same decoder states and resume points). Arrays hold 16-bit units; offsets and
// lengths count units. `size_t *` and `const uint8_t **` arguments are 8-byte slots in linear
// memory, the decoder's state and code point 4-byte ones (text's Word32).
#include <vector>

#include "ffi/ffi_internal.h"

namespace stgvm {

namespace {

// Björn Höhrmann's UTF-8 DFA (MIT licence), as cbits.c has it: byte classes, then transitions.
constexpr uint32_t kAccept = 0, kReject = 12;
const uint8_t kUtf8d[] = {
    0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
    0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
    0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
    0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
    0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,
    1,  1,  1,  1,  9,  9,  9,  9,  9,  9,  9,  9,  9,  9,  9,  9,  9,  9,  9,  9,  7,  7,  7,  7,  7,  7,  7,  7,
    7,  7,  7,  7,  7,  7,  7,  7,  7,  7,  7,  7,  7,  7,  7,  7,  7,  7,  7,  7,  7,  7,  7,  7,  8,  8,  2,  2,
    2,  2,  2,  2,  2,  2,  2,  2,  2,  2,  2,  2,  2,  2,  2,  2,  2,  2,  2,  2,  2,  2,  2,  2,  2,  2,  2,  2,
    10, 3,  3,  3,  3,  3,  3,  3,  3,  3,  3,  3,  3,  4,  3,  3,  11, 6,  6,  6,  5,  8,  8,  8,  8,  8,  8,  8,
    8,  8,  8,  8,
    // transitions
    0,  12, 24, 36, 60, 96, 84, 12, 12, 12, 48, 72, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 0,  12, 12,
    12, 12, 12, 0,  12, 0,  12, 12, 12, 24, 12, 12, 12, 12, 12, 24, 12, 24, 12, 12, 12, 12, 12, 12, 12, 12, 12, 24,
    12, 12, 12, 12, 12, 24, 12, 12, 12, 12, 12, 12, 12, 24, 12, 12, 12, 12, 12, 12, 12, 12, 12, 36, 12, 36, 12, 12,
    12, 36, 12, 12, 12, 12, 12, 36, 12, 36, 12, 12, 12, 36, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12};
static_assert(sizeof(kUtf8d) == 256 + 108, "cbits.c's table");

uint32_t decode_step(uint32_t& state, uint32_t& codep, uint8_t byte) {
  uint32_t type = kUtf8d[byte];
  codep = state != kAccept ? (byte & 0x3fu) | (codep << 6) : (0xffu >> type) & byte;
  return state = kUtf8d[256 + state + type];
}

uint32_t add_addr(uint32_t base, uint64_t off) { return linear_addr(uint64_t(base) + off); }

// void _hs_text_memcpy(void *dest, size_t doff, const void *src, size_t soff, size_t n)
uint64_t c_text_memcpy(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  uint32_t src = add_addr(a.addr(2), a.u64(3) * 2);
  mem_move(ctx.mem, add_addr(a.addr(0), a.u64(1) * 2), src, a.u64(4) * 2);
  return 0;
}

// int _hs_text_memcmp(const void *a, size_t aoff, const void *b, size_t boff, size_t n)
uint64_t c_text_memcmp(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  uint32_t x = add_addr(a.addr(0), a.u64(1) * 2);
  return ret_i32(mem_compare(ctx.mem, x, add_addr(a.addr(2), a.u64(3) * 2), a.u64(4) * 2));
}

// void _hs_text_decode_latin1(uint16_t *dest, const uint8_t *src, const uint8_t *srcend)
uint64_t c_decode_latin1(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  uint32_t dest = a.addr(0), src = a.addr(1), end = a.addr(2);
  if (end <= src) return 0;
  uint32_t n = end - src;
  std::vector<uint8_t> units(size_t(n) * 2);
  const uint8_t* s = mem_span(ctx.mem, src, n);
  for (uint32_t i = 0; i < n; ++i) units[2 * i] = s[i];  // little-endian, high byte 0
  std::memcpy(mem_span(ctx.mem, dest, units.size()), units.data(), units.size());
  return 0;
}

// cbits.c's _hs_text_decode_utf8_int: decodes [src, end) into dest + *destoff until the input
// ends or a byte is invalid. Updates *destoff, the code point, the state and `last` (past the
// last complete code point); returns where decoding stopped.
uint32_t decode_utf8(ForeignContext& ctx, uint32_t dest, uint32_t destoff_p, uint32_t& last, uint32_t end,
                     uint32_t& codepoint, uint32_t& state) {
  uint64_t destoff = ctx.mem.load64(destoff_p);
  uint32_t s = last;
  std::vector<uint16_t> out;
  const uint8_t* in = end > s ? mem_span(ctx.mem, s, end - s) : nullptr;
  uint32_t base = s;
  while (s < end) {
    if (decode_step(state, codepoint, in[s++ - base]) != kAccept) {
      if (state != kReject) continue;
      break;
    }
    if (codepoint <= 0xffff) {
      out.push_back(uint16_t(codepoint));
    } else {
      out.push_back(uint16_t(0xD7C0 + (codepoint >> 10)));
      out.push_back(uint16_t(0xDC00 + (codepoint & 0x3FF)));
    }
    last = s;
  }
  if (!out.empty())
    std::memcpy(mem_span(ctx.mem, add_addr(dest, destoff * 2), out.size() * 2), out.data(), out.size() * 2);
  ctx.mem.store64(destoff_p, destoff + out.size());
  return s;
}

// const uint8_t *_hs_text_decode_utf8_state(uint16_t *dest, size_t *destoff,
//     const uint8_t **src, const uint8_t *srcend, uint32_t *codepoint0, uint32_t *state0)
uint64_t c_decode_utf8_state(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  uint32_t dest = a.addr(0), destoff_p = a.addr(1), src_p = a.addr(2), end = a.addr(3);
  uint32_t cp_p = a.addr(4), st_p = a.addr(5);
  uint32_t last = load_ptr(ctx.mem, src_p);
  uint32_t codepoint = ctx.mem.load32(cp_p), state = ctx.mem.load32(st_p);
  decode_utf8(ctx, dest, destoff_p, last, end, codepoint, state);
  ctx.mem.store32(cp_p, codepoint);
  ctx.mem.store32(st_p, state);
  ctx.mem.store64(src_p, last);
  return last;
}

// const uint8_t *_hs_text_decode_utf8(uint16_t *dest, size_t *destoff, const uint8_t *src,
//     const uint8_t *srcend): the state starts accepting and is dropped.
uint64_t c_decode_utf8(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  uint32_t last = a.addr(2), codepoint = 0, state = kAccept;
  decode_utf8(ctx, a.addr(0), a.addr(1), last, a.addr(3), codepoint, state);
  return last;
}

// void _hs_text_encode_utf8(uint8_t **destp, const uint16_t *src, size_t srcoff, size_t srclen):
// *destp advanced past the bytes written. A high surrogate reads the unit after it, even the
// one past the end (as cbits.c does).
uint64_t c_encode_utf8(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  uint32_t destp = a.addr(0);
  uint32_t src = add_addr(a.addr(1), a.u64(2) * 2);
  uint32_t end = add_addr(src, a.u64(3) * 2);
  uint32_t dest = load_ptr(ctx.mem, destp);
  std::vector<uint8_t> out;
  while (src < end) {
    uint16_t w = ctx.mem.load16(src);
    src += 2;
    if (w <= 0x7F) {
      out.push_back(uint8_t(w));
    } else if (w <= 0x7FF) {
      out.push_back(uint8_t((w >> 6) | 0xC0));
      out.push_back(uint8_t((w & 0x3f) | 0x80));
    } else if (w < 0xD800 || w > 0xDBFF) {
      out.push_back(uint8_t((w >> 12) | 0xE0));
      out.push_back(uint8_t(((w >> 6) & 0x3F) | 0x80));
      out.push_back(uint8_t((w & 0x3F) | 0x80));
    } else {
      uint32_t lo = ctx.mem.load16(src);
      src += 2;
      uint32_t cp = ((uint32_t(w) - 0xD800) << 10) + (lo - 0xDC00) + 0x10000;
      out.push_back(uint8_t((cp >> 18) | 0xF0));
      out.push_back(uint8_t(((cp >> 12) & 0x3F) | 0x80));
      out.push_back(uint8_t(((cp >> 6) & 0x3F) | 0x80));
      out.push_back(uint8_t((cp & 0x3F) | 0x80));
    }
  }
  if (!out.empty()) std::memcpy(mem_span(ctx.mem, dest, out.size()), out.data(), out.size());
  ctx.mem.store64(destp, add_addr(dest, out.size()));
  return 0;
}

const ForeignSymbol kSymbols[] = {
    {"_hs_text_memcpy", c_text_memcpy, 5},
    {"_hs_text_memcmp", c_text_memcmp, 5},
    {"_hs_text_decode_latin1", c_decode_latin1, 3},
    {"_hs_text_decode_utf8", c_decode_utf8, 4},
    {"_hs_text_decode_utf8_state", c_decode_utf8_state, 6},
    {"_hs_text_encode_utf8", c_encode_utf8, 4},
};
}  // namespace

std::span<const ForeignSymbol> text_symbols() { return kSymbols; }

}  // namespace stgvm
