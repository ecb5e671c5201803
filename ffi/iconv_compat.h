// glibc's iconv, reimplemented for the charsets base's programs meet: UTF-8, ASCII, Latin-1,
// UTF-16 and UTF-32 (with and without byte order), UCS-2, UCS-4 and WCHAR_T. wasm32 uses it
// for hs_iconv_* (wasi-libc's iconv is musl's, which converts UTF-8 through the C locale's
// byte mapping and replaces unencodable characters with '*'); natively the shims keep using
// glibc's own, and tests/ffi checks this one against it call for call (results, errno,
// pointers and counts, BOM state across calls and resets).
//
// What it reproduces of glibc 2.36 (x86_64): the charset names and aliases glibc accepts for
// these charsets (case-insensitive, optional trailing "//"); conversion through the internal
// UCS-4 form (two steps, or one when either side is WCHAR_T); the order in which an incomplete
// input, a full output and an invalid or unencodable character are reported; glibc's UTF-8
// (sequences up to 6 bytes, values up to 0x7fffffff; surrogates and overlong forms rejected,
// incomplete sequences not checked beyond their continuation bytes); Unicode tag characters
// (U+E0000..U+E007F) silently dropped by ASCII, Latin-1 and UCS-2; UTF-16/UTF-32 without a
// byte order: input byte order from a BOM at the start of a call sequence (little-endian
// otherwise), output preceded by a little-endian BOM; a reset (NULL input) starts a new
// sequence. Not reproduced: "//TRANSLIT" and "//IGNORE" (and any other suffix: base never
// passes one, it handles coding failures itself) and every other charset — iconv_open fails
// with EINVAL for them, as glibc does for a charset it does not know.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

namespace stgvm::iconv_compat {

class Converter {
 public:
  virtual ~Converter() = default;
  // iconv(3): in == nullptr (or *in == nullptr) resets the conversion state. Returns the
  // number of irreversible conversions (always 0 for these charsets) or (size_t)-1 with *err
  // set to the program's errno (ABI values: E2BIG, EILSEQ, EINVAL).
  virtual size_t convert(const uint8_t** in, size_t* inleft, uint8_t** out, size_t* outleft, int* err) = 0;
};

// iconv_open(3): nullptr and *err = EINVAL if either charset is not one of the above.
std::unique_ptr<Converter> open(std::string_view tocode, std::string_view fromcode, int* err);

}  // namespace stgvm::iconv_compat
