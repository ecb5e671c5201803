// GHC's capi wrappers. For `foreign import capi "hdr.h f"` GHC emits a C stub named
// zEncode("ghc_wrapper:<n>:<unit>:<module>:<f>") (GHC.HsToCore.Foreign.mkWrapperName), so
// `ghczuwrapperZC0ZCbaseZCSystemziPosixziInternalsZCSEEKzuEND` stands for SEEK_END. The stub's
// behaviour is the entity's: find_foreign resolves the label to the shim of the decoded name.
// This file has the z-decoder and the entities that exist only as capi imports: the SEEK_*
// values and the S_IS* macros (the function-like entities — read, write, lseek, fcntl,
// tcgetattr, … — live with their families).
#include <cctype>

#include "ffi/abi.h"
#include "ffi/ffi_internal.h"

namespace stgvm {

namespace {
char decode_upper(char c) {
  switch (c) {
    case 'L': return '(';
    case 'R': return ')';
    case 'M': return '[';
    case 'N': return ']';
    case 'C': return ':';
    case 'Z': return 'Z';
    default: return c;
  }
}
char decode_lower(char c) {
  switch (c) {
    case 'z': return 'z';
    case 'a': return '&';
    case 'b': return '|';
    case 'c': return '^';
    case 'd': return '$';
    case 'e': return '=';
    case 'g': return '>';
    case 'h': return '#';
    case 'i': return '.';
    case 'l': return '<';
    case 'm': return '-';
    case 'n': return '!';
    case 'p': return '+';
    case 'q': return '\'';
    case 'r': return '\\';
    case 's': return '/';
    case 't': return '*';
    case 'u': return '_';
    case 'v': return '%';
    default: return c;
  }
}
void put_utf8(std::string& out, uint32_t c) {
  if (c < 0x80) {
    out += char(c);
  } else if (c < 0x800) {
    out += char(0xC0 | (c >> 6));
    out += char(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += char(0xE0 | (c >> 12));
    out += char(0x80 | ((c >> 6) & 0x3F));
    out += char(0x80 | (c & 0x3F));
  } else {
    out += char(0xF0 | ((c >> 18) & 0x07));
    out += char(0x80 | ((c >> 12) & 0x3F));
    out += char(0x80 | ((c >> 6) & 0x3F));
    out += char(0x80 | (c & 0x3F));
  }
}
}  // namespace

std::string z_decode(std::string_view s) {
  std::string out;
  size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if ((c == 'Z' || c == 'z') && i + 1 < s.size()) {
      char d = s[i + 1];
      if (std::isdigit(static_cast<unsigned char>(d))) {
        size_t j = i + 1;
        if (c == 'Z') {  // Z<n>T: boxed tuple, Z<n>H: unboxed tuple
          uint64_t n = 0;
          while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j])) && n < 100000) n = n * 10 + uint64_t(s[j++] - '0');
          if (j < s.size() && (s[j] == 'T' || s[j] == 'H')) {
            if (s[j] == 'T') {
              out += n == 0 ? "()" : "(" + std::string(n - 1, ',') + ")";
            } else {
              out += n == 1 ? "(# #)" : "(#" + std::string(n ? n - 1 : 0, ',') + "#)";
            }
            i = j + 1;
            continue;
          }
        } else {  // z<hex>U: a code point
          uint64_t n = 0;
          while (j < s.size() && std::isxdigit(static_cast<unsigned char>(s[j])) && n <= 0x10FFFF) {
            char h = s[j++];
            n = n * 16 + uint64_t(std::isdigit(static_cast<unsigned char>(h)) ? h - '0' : (std::tolower(h) - 'a' + 10));
          }
          if (j < s.size() && s[j] == 'U' && n <= 0x10FFFF) {
            put_utf8(out, uint32_t(n));
            i = j + 1;
            continue;
          }
        }
        out += c;  // malformed escape: keep it literally
        ++i;
        continue;
      }
      out += c == 'Z' ? decode_upper(d) : decode_lower(d);
      i += 2;
      continue;
    }
    out += c;
    ++i;
  }
  return out;
}

std::string foreign_entity(std::string_view symbol) {
  constexpr std::string_view kPrefix = "ghczuwrapperZC";
  if (symbol.substr(0, kPrefix.size()) != kPrefix) return std::string(symbol);
  std::string d = z_decode(symbol);  // ghc_wrapper:<n>:<unit>:<module>:<entity>
  size_t pos = 0;
  for (int field = 0; field < 4; ++field) {
    pos = d.find(':', pos);
    if (pos == std::string::npos) return std::string(symbol);
    ++pos;
  }
  // <n> must be a number.
  size_t n_begin = std::string_view("ghc_wrapper:").size();
  size_t n_end = d.find(':', n_begin);
  if (n_end == n_begin) return std::string(symbol);
  for (size_t k = n_begin; k < n_end; ++k)
    if (!std::isdigit(static_cast<unsigned char>(d[k]))) return std::string(symbol);
  std::string entity = d.substr(pos);
  return entity.empty() ? std::string(symbol) : entity;
}

namespace {
// `foreign import capi "stdio.h value SEEK_SET"`: a nullary stub returning the value.
uint64_t c_seek_set(ForeignContext&, const ForeignCall&) { return ret_i32(abi::kSEEK_SET); }
uint64_t c_seek_cur(ForeignContext&, const ForeignCall&) { return ret_i32(abi::kSEEK_CUR); }
uint64_t c_seek_end(ForeignContext&, const ForeignCall&) { return ret_i32(abi::kSEEK_END); }
// `foreign import capi "sys/stat.h S_ISREG" :: CMode -> CInt` (mode_t is 32-bit).
template <uint32_t Type>
uint64_t c_s_is(ForeignContext&, const ForeignCall& c) {
  return ret_i32((Args(c).u32(0) & abi::kS_IFMT) == Type ? 1 : 0);
}

const ForeignSymbol kSymbols[] = {
    {"SEEK_SET", c_seek_set, 0},  {"SEEK_CUR", c_seek_cur, 0},   {"SEEK_END", c_seek_end, 0},
    {"S_ISREG", c_s_is<abi::kS_IFREG>, 1},    {"S_ISDIR", c_s_is<abi::kS_IFDIR>, 1},
    {"S_ISCHR", c_s_is<abi::kS_IFCHR>, 1},    {"S_ISBLK", c_s_is<abi::kS_IFBLK>, 1},
    {"S_ISFIFO", c_s_is<abi::kS_IFIFO>, 1},   {"S_ISSOCK", c_s_is<abi::kS_IFSOCK>, 1},
    {"S_ISLNK", c_s_is<abi::kS_IFLNK>, 1},
};
}  // namespace

std::span<const ForeignSymbol> capi_symbols() { return kSymbols; }

}  // namespace stgvm
