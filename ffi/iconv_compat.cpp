// glibc-compatible iconv for the Unicode charsets, ASCII and Latin-1 (iconv_compat.h).
//
// The model is glibc's: a conversion is a pipeline from the source charset to the internal
// form (UCS-4 in host order, WCHAR_T) and on to the target, one step when either side is
// WCHAR_T. Characters go through it one at a time; for each, in glibc's order: not enough
// input for the smallest character (EINVAL), the output check of the step that writes to the
// caller's buffer (E2BIG), decoding (EINVAL for a truncated sequence, EILSEQ for an invalid
// one), encoding (EILSEQ for an unencodable character, E2BIG when it does not fit). The input
// and output pointers stop before the character that failed. Steps with a byte order mark
// keep glibc's "invocation counter": the UTF-16/UTF-32 decoder looks for a BOM at the start
// of the first call after open or reset, the encoder writes one the first time it is reached.
#include "ffi/iconv_compat.h"

#include <cstring>
#include <string>

#include "ffi/abi.h"

namespace stgvm::iconv_compat {

namespace {

enum class Cs : uint8_t {
  Internal,  // WCHAR_T: UCS-4 in host (little-endian) order, no checks
  Ascii,
  Latin1,
  Utf8,
  Utf16,  // byte order from a BOM (input) / BOM + little-endian (output)
  Utf16LE,
  Utf16BE,
  Ucs2,  // host (little-endian) order; also UCS-2LE / UNICODELITTLE
  Ucs2BE,
  Utf32,
  Utf32LE,
  Utf32BE,
  Ucs4,  // big-endian
  Ucs4LE,
};

struct Alias {
  const char* name;
  Cs cs;
};
// glibc 2.36's names for these charsets (iconv/gconv_builtin.h and gconv-modules).
constexpr Alias kAliases[] = {
    {"WCHAR_T", Cs::Internal},
    {"UTF-8", Cs::Utf8},
    {"UTF8", Cs::Utf8},
    {"ISO-10646/UTF8", Cs::Utf8},
    {"ISO-10646/UTF-8", Cs::Utf8},
    {"ISO-IR-193", Cs::Utf8},
    {"OSF05010001", Cs::Utf8},
    {"ANSI_X3.4-1968", Cs::Ascii},
    {"ANSI_X3.4", Cs::Ascii},
    {"ISO-IR-6", Cs::Ascii},
    {"ANSI_X3.4-1986", Cs::Ascii},
    {"ISO_646.IRV:1991", Cs::Ascii},
    {"ASCII", Cs::Ascii},
    {"ISO646-US", Cs::Ascii},
    {"US-ASCII", Cs::Ascii},
    {"US", Cs::Ascii},
    {"IBM367", Cs::Ascii},
    {"CP367", Cs::Ascii},
    {"CSASCII", Cs::Ascii},
    {"OSF00010020", Cs::Ascii},
    {"ISO-8859-1", Cs::Latin1},
    {"8859_1", Cs::Latin1},
    {"CP819", Cs::Latin1},
    {"CSISOLATIN1", Cs::Latin1},
    {"IBM819", Cs::Latin1},
    {"ISO-IR-100", Cs::Latin1},
    {"ISO8859-1", Cs::Latin1},
    {"ISO88591", Cs::Latin1},
    {"ISO_8859-1", Cs::Latin1},
    {"ISO_8859-1:1987", Cs::Latin1},
    {"L1", Cs::Latin1},
    {"LATIN1", Cs::Latin1},
    {"OSF00010001", Cs::Latin1},
    {"UTF-16", Cs::Utf16},
    {"UTF16", Cs::Utf16},
    {"UTF-16LE", Cs::Utf16LE},
    {"UTF16LE", Cs::Utf16LE},
    {"UTF-16BE", Cs::Utf16BE},
    {"UTF16BE", Cs::Utf16BE},
    {"UCS-2", Cs::Ucs2},
    {"UCS2", Cs::Ucs2},
    {"ISO-10646/UCS2", Cs::Ucs2},
    {"OSF00010100", Cs::Ucs2},
    {"OSF00010101", Cs::Ucs2},
    {"OSF00010102", Cs::Ucs2},
    {"UCS-2LE", Cs::Ucs2},
    {"UNICODELITTLE", Cs::Ucs2},
    {"UCS-2BE", Cs::Ucs2BE},
    {"UNICODEBIG", Cs::Ucs2BE},
    {"UTF-32", Cs::Utf32},
    {"UTF32", Cs::Utf32},
    {"UTF-32LE", Cs::Utf32LE},
    {"UTF32LE", Cs::Utf32LE},
    {"UTF-32BE", Cs::Utf32BE},
    {"UTF32BE", Cs::Utf32BE},
    {"UCS-4", Cs::Ucs4},
    {"UCS4", Cs::Ucs4},
    {"UCS-4BE", Cs::Ucs4},
    {"CSUCS4", Cs::Ucs4},
    {"ISO-10646", Cs::Ucs4},
    {"10646-1:1993", Cs::Ucs4},
    {"10646-1:1993/UCS4", Cs::Ucs4},
    {"ISO-10646/UCS4", Cs::Ucs4},
    {"OSF00010104", Cs::Ucs4},
    {"OSF00010105", Cs::Ucs4},
    {"OSF00010106", Cs::Ucs4},
    {"UCS-4LE", Cs::Ucs4LE},
};

// glibc upper-cases a name and drops the characters it does not use in names; a trailing "/"
// or "//" is allowed (anything after "//" would be a suffix: not supported here).
bool lookup(std::string_view name, Cs* out) {
  std::string n;
  for (char c : name) {
    unsigned char u = static_cast<unsigned char>(c);
    if ((u >= '0' && u <= '9') || (u >= 'A' && u <= 'Z') || c == '_' || c == '-' || c == '.' || c == ',' ||
        c == ':' || c == '/')
      n += c;
    else if (u >= 'a' && u <= 'z')
      n += char(u - 'a' + 'A');
  }
  if (n.size() >= 2 && n.compare(n.size() - 2, 2, "//") == 0) n.resize(n.size() - 2);
  else if (!n.empty() && n.back() == '/') n.pop_back();
  for (const Alias& a : kAliases)
    if (n == a.name) {
      *out = a.cs;
      return true;
    }
  return false;
}

uint32_t get16(const uint8_t* p, bool be) { return be ? uint32_t(p[0]) << 8 | p[1] : uint32_t(p[1]) << 8 | p[0]; }
uint32_t get32(const uint8_t* p, bool be) {
  return be ? uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3]
            : uint32_t(p[3]) << 24 | uint32_t(p[2]) << 16 | uint32_t(p[1]) << 8 | p[0];
}
void put16(uint8_t* p, uint32_t v, bool be) {
  p[be ? 0 : 1] = uint8_t(v >> 8);
  p[be ? 1 : 0] = uint8_t(v);
}
void put32(uint8_t* p, uint32_t v, bool be) {
  for (int i = 0; i < 4; ++i) p[be ? 3 - i : i] = uint8_t(v >> (8 * i));
}

// Smallest character of each charset, in bytes (glibc's MIN_NEEDED_FROM / MIN_NEEDED_TO).
size_t min_bytes(Cs cs) {
  switch (cs) {
    case Cs::Ascii:
    case Cs::Latin1:
    case Cs::Utf8: return 1;
    case Cs::Utf16:
    case Cs::Utf16LE:
    case Cs::Utf16BE:
    case Cs::Ucs2:
    case Cs::Ucs2BE: return 2;
    default: return 4;
  }
}

enum class Dec : uint8_t { Ok, Incomplete, Illegal };
enum class Enc : uint8_t { Ok, Full, Illegal, Skip };

bool is_tag(uint32_t c) { return (c >> 7) == (0xE0000u >> 7); }

class Pipeline final : public Converter {
 public:
  Pipeline(Cs to, Cs from) : to_(to), from_(from) {}

  size_t convert(const uint8_t** inp, size_t* inleft, uint8_t** outp, size_t* outleft, int* err) override {
    if (!inp || !*inp) {  // reset: a new call sequence (glibc clears every step's counter)
      dec_calls_ = enc_calls_ = 0;
      return 0;
    }
    const uint8_t* p = *inp;
    const uint8_t* const end = p + *inleft;
    uint8_t* o = outp && *outp ? *outp : nullptr;
    uint8_t* const oend = o ? o + *outleft : nullptr;
    int e = 0;
    auto room = [&] { return o ? size_t(oend - o) : size_t(0); };
    auto done = [&] {
      *inp = p;
      *inleft = size_t(end - p);
      if (o) {
        *outp = o;
        *outleft = size_t(oend - o);
      }
      if (!e) return size_t(0);
      *err = e;
      return size_t(-1);
    };

    const bool one_step = from_ == Cs::Internal || to_ == Cs::Internal;
    // The decoder's preparation (a step whose input is the caller's buffer).
    if (from_ != Cs::Internal && (from_ == Cs::Utf16 || from_ == Cs::Utf32) && dec_calls_ == 0) {
      size_t n = from_ == Cs::Utf16 ? 2 : 4;
      if (size_t(end - p) < n) {
        if (p != end) e = abi::kEINVAL;
        return done();  // returns before the step counts as invoked
      }
      uint32_t v = n == 2 ? get16(p, false) : get32(p, false);
      if (v == 0xFEFF) {
        p += n;  // a BOM in our order: skipped (a byte swap set earlier stays)
      } else if ((n == 2 && v == 0xFFFE) || (n == 4 && v == 0xFFFE0000u)) {
        swap_ = true;
        p += n;
      }
    }
    bool enc_called = false, enc_returned_early = false;
    size_t accepted = 0;  // characters the encoder took in this call
    // A one-step conversion from WCHAR_T is the encoder's own step: it is always invoked.
    if (from_ == Cs::Internal && !enc_prepare(o, oend, &enc_called, &enc_returned_early)) {
      e = abi::kE2BIG;
      return done();
    }
    const size_t min_in = min_bytes(from_), min_out = min_bytes(to_);
    // glibc's UCS-4 loops test the output before the input (the others the other way round).
    const bool out_first = one_step && (from_ == Cs::Ucs4 || (from_ == Cs::Internal && (to_ == Cs::Ucs4 || to_ == Cs::Ucs4LE)));
    while (p != end) {
      size_t have = size_t(end - p);
      if (out_first && room() < min_out) {
        e = abi::kE2BIG;
        break;
      }
      if (have < min_in) {
        e = abi::kEINVAL;
        break;
      }
      if (one_step && room() < min_out) {
        e = abi::kE2BIG;
        break;
      }
      uint32_t c = 0;
      size_t len = 0;
      Dec d = decode(p, have, &c, &len);
      if (d != Dec::Ok) {
        e = d == Dec::Incomplete ? abi::kEINVAL : abi::kEILSEQ;
        break;
      }
      if (!enc_called && !enc_prepare(o, oend, &enc_called, &enc_returned_early)) {
        e = abi::kE2BIG;
        break;
      }
      if (!one_step && room() < min_out) {
        e = abi::kE2BIG;
        break;
      }
      Enc r = encode(c, o, room());
      if (r == Enc::Illegal) {
        e = abi::kEILSEQ;
        break;
      }
      if (r == Enc::Full) {
        e = abi::kE2BIG;
        break;
      }
      p += len;
      ++accepted;
    }
    // glibc redoes the decoding step up to what the encoder took and, when that is nothing,
    // takes the decoder's invocation back (so a BOM is looked for again next time).
    if (from_ != Cs::Internal && !(!one_step && enc_called && accepted == 0)) ++dec_calls_;
    if (enc_called && !enc_returned_early) ++enc_calls_;
    return done();
  }

 private:
  // The encoder step being invoked: UTF-16/UTF-32 write their BOM the first time. False when
  // the BOM does not fit (glibc returns from the step before it counts as invoked).
  bool enc_prepare(uint8_t*& o, uint8_t* oend, bool* called, bool* returned_early) {
    *called = true;
    if ((to_ == Cs::Utf16 || to_ == Cs::Utf32) && enc_calls_ == 0) {
      size_t n = to_ == Cs::Utf16 ? 2 : 4;
      if (!o || size_t(oend - o) < n) {
        *returned_early = true;
        return false;
      }
      if (n == 2) put16(o, 0xFEFF, false);
      else put32(o, 0xFEFF, false);
      o += n;
    }
    return true;
  }

  Dec decode(const uint8_t* p, size_t have, uint32_t* c, size_t* len) const {
    switch (from_) {
      case Cs::Internal:
        *c = get32(p, false);
        *len = 4;
        return Dec::Ok;
      case Cs::Ascii:
        if (p[0] > 0x7F) return Dec::Illegal;
        *c = p[0];
        *len = 1;
        return Dec::Ok;
      case Cs::Latin1:
        *c = p[0];
        *len = 1;
        return Dec::Ok;
      case Cs::Utf8: return decode_utf8(p, have, c, len);
      case Cs::Utf16:
      case Cs::Utf16LE:
      case Cs::Utf16BE: {
        bool be = from_ == Cs::Utf16BE || (from_ == Cs::Utf16 && swap_);
        uint32_t u1 = get16(p, be);
        if (u1 < 0xD800 || u1 > 0xDFFF) {
          *c = u1;
          *len = 2;
          return Dec::Ok;
        }
        if (u1 >= 0xDC00) return Dec::Illegal;  // a low surrogate first
        if (have < 4) return Dec::Incomplete;
        uint32_t u2 = get16(p + 2, be);
        if (u2 < 0xDC00 || u2 > 0xDFFF) return Dec::Illegal;
        *c = 0x10000 + ((u1 - 0xD800) << 10) + (u2 - 0xDC00);
        *len = 4;
        return Dec::Ok;
      }
      case Cs::Ucs2:
      case Cs::Ucs2BE: {
        uint32_t u = get16(p, from_ == Cs::Ucs2BE);
        if (u >= 0xD800 && u < 0xE000) return Dec::Illegal;
        *c = u;
        *len = 2;
        return Dec::Ok;
      }
      case Cs::Utf32:
      case Cs::Utf32LE:
      case Cs::Utf32BE: {
        uint32_t u = get32(p, from_ == Cs::Utf32BE || (from_ == Cs::Utf32 && swap_));
        if (u >= 0x110000 || (u >= 0xD800 && u < 0xE000)) return Dec::Illegal;
        *c = u;
        *len = 4;
        return Dec::Ok;
      }
      case Cs::Ucs4:
      case Cs::Ucs4LE: {
        uint32_t u = get32(p, from_ == Cs::Ucs4);
        if (u > 0x7FFFFFFF) return Dec::Illegal;
        *c = u;
        *len = 4;
        return Dec::Ok;
      }
    }
    return Dec::Illegal;
  }

  // glibc's UTF-8 decoder: 2- to 6-byte sequences; C0, C1, FE, FF and stray continuation
  // bytes are invalid; a sequence cut short by the end of the input is incomplete if the
  // bytes present are continuation bytes (nothing else is checked), else invalid; a complete
  // one is invalid if a continuation byte is missing, it is overlong or it is a surrogate.
  static Dec decode_utf8(const uint8_t* p, size_t have, uint32_t* c, size_t* len) {
    uint32_t ch = p[0];
    if (ch < 0x80) {
      *c = ch;
      *len = 1;
      return Dec::Ok;
    }
    size_t cnt;
    if (ch >= 0xC2 && ch < 0xE0) cnt = 2, ch &= 0x1F;
    else if ((ch & 0xF0) == 0xE0) cnt = 3, ch &= 0x0F;
    else if ((ch & 0xF8) == 0xF0) cnt = 4, ch &= 0x07;
    else if ((ch & 0xFC) == 0xF8) cnt = 5, ch &= 0x03;
    else if ((ch & 0xFE) == 0xFC) cnt = 6, ch &= 0x01;
    else return Dec::Illegal;
    if (cnt > have) {
      size_t i = 1;
      while (i < have && (p[i] & 0xC0) == 0x80) ++i;
      return i == have ? Dec::Incomplete : Dec::Illegal;
    }
    size_t i = 1;
    for (; i < cnt; ++i) {
      if ((p[i] & 0xC0) != 0x80) break;
      ch = (ch << 6) | (p[i] & 0x3F);
    }
    if (i < cnt || (cnt > 2 && (ch >> (5 * cnt - 4)) == 0) || (ch >= 0xD800 && ch <= 0xDFFF)) return Dec::Illegal;
    *c = ch;
    *len = cnt;
    return Dec::Ok;
  }

  Enc encode(uint32_t c, uint8_t*& o, size_t room) const {
    switch (to_) {
      case Cs::Internal:
        put32(o, c, false);
        o += 4;
        return Enc::Ok;
      case Cs::Ascii:
      case Cs::Latin1:
        if (c > (to_ == Cs::Ascii ? 0x7Fu : 0xFFu)) return is_tag(c) ? Enc::Skip : Enc::Illegal;
        *o++ = uint8_t(c);
        return Enc::Ok;
      case Cs::Utf8: {
        if (c < 0x80) {
          *o++ = uint8_t(c);
          return Enc::Ok;
        }
        if (c > 0x7FFFFFFF || (c >= 0xD800 && c <= 0xDFFF)) return Enc::Illegal;
        size_t step = 2;
        while (step < 6 && (c & (~uint32_t(0) << (5 * step + 1))) != 0) ++step;
        if (room < step) return Enc::Full;
        for (size_t k = step - 1; k > 0; --k) {
          o[k] = uint8_t(0x80 | (c & 0x3F));
          c >>= 6;
        }
        o[0] = uint8_t((0xFF00u >> step) | c);
        o += step;
        return Enc::Ok;
      }
      case Cs::Utf16:
      case Cs::Utf16LE:
      case Cs::Utf16BE: {
        bool be = to_ == Cs::Utf16BE;
        if (c >= 0xD800 && c < 0xE000) return Enc::Illegal;
        if (c < 0x10000) {
          put16(o, c, be);
          o += 2;
          return Enc::Ok;
        }
        if (c >= 0x110000) return Enc::Illegal;
        if (room < 4) return Enc::Full;
        put16(o, 0xD800 + ((c - 0x10000) >> 10), be);
        put16(o + 2, 0xDC00 + ((c - 0x10000) & 0x3FF), be);
        o += 4;
        return Enc::Ok;
      }
      case Cs::Ucs2:
      case Cs::Ucs2BE:
        if (c >= 0x10000) return is_tag(c) ? Enc::Skip : Enc::Illegal;
        if (c >= 0xD800 && c < 0xE000) return Enc::Illegal;
        put16(o, c, to_ == Cs::Ucs2BE);
        o += 2;
        return Enc::Ok;
      case Cs::Utf32:
      case Cs::Utf32LE:
      case Cs::Utf32BE:
        if (c >= 0x110000 || (c >= 0xD800 && c < 0xE000)) return Enc::Illegal;
        put32(o, c, to_ == Cs::Utf32BE);
        o += 4;
        return Enc::Ok;
      case Cs::Ucs4:
      case Cs::Ucs4LE:
        if (c > 0x7FFFFFFF && from_ != Cs::Internal) return Enc::Illegal;
        put32(o, c, to_ == Cs::Ucs4);
        o += 4;
        return Enc::Ok;
    }
    return Enc::Illegal;
  }

  Cs to_, from_;
  bool swap_ = false;           // UTF-16/UTF-32 input: a big-endian BOM was seen
  uint32_t dec_calls_ = 0, enc_calls_ = 0;  // glibc's invocation counters of the two steps
};

}  // namespace

std::unique_ptr<Converter> open(std::string_view tocode, std::string_view fromcode, int* err) {
  Cs to, from;
  if (!lookup(tocode, &to) || !lookup(fromcode, &from) || (to == Cs::Internal && from == Cs::Internal)) {
    *err = abi::kEINVAL;
    return nullptr;
  }
  return std::make_unique<Pipeline>(to, from);
}

}  // namespace stgvm::iconv_compat
