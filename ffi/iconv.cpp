// base's cbits/iconv.c (GHC.IO.Encoding.Iconv) passed through to the host's iconv (glibc;
// on wasm32 ffi/iconv_compat.cpp, which behaves as glibc's for the charsets it knows).
// The program never sees an iconv_t: hs_iconv_open returns a small handle (1, 2, …; lowest
// free first), -1 with errno on failure. hs_iconv translates its char** / size_t* arguments,
// which point into linear memory (8-byte slots), to host pointers into the same buffers and
// writes the advanced addresses and remaining counts back.
#include "ffi/abi.h"
#include "ffi/ffi_internal.h"
#include "ffi/host.h"

namespace stgvm {

void close_all_iconvs(ForeignState& st) {
  for (void*& cd : st.iconvs)
    if (cd) {
      host::iconv_close(cd);
      cd = nullptr;
    }
  st.iconvs.clear();
}

namespace {

void* handle_cd(ForeignState& st, uint64_t h) {
  if (h == 0 || h > st.iconvs.size()) return nullptr;
  return st.iconvs[size_t(h - 1)];
}

// iconv_t hs_iconv_open(const char *tocode, const char *fromcode)
uint64_t c_iconv_open(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  std::string to = ctx.mem.c_string(a.addr(0)), from = ctx.mem.c_string(a.addr(1));
  int err = 0;
  void* cd = host::iconv_open(to.c_str(), from.c_str(), &err);
  if (!cd) return fail_errno(ctx, err);
  ForeignState& st = foreign_state(ctx);
  st.iconv_codes.resize(st.iconvs.size());
  for (size_t i = 0; i < st.iconvs.size(); ++i)
    if (!st.iconvs[i]) {
      st.iconvs[i] = cd;
      st.iconv_codes[i] = {to, from};
      return i + 1;
    }
  st.iconvs.push_back(cd);
  st.iconv_codes.emplace_back(to, from);
  return st.iconvs.size();
}

// int hs_iconv_close(iconv_t cd)
uint64_t c_iconv_close(ForeignContext& ctx, const ForeignCall& c) {
  uint64_t h = Args(c).u64(0);
  ForeignState& st = foreign_state(ctx);
  void* cd = handle_cd(st, h);
  if (!cd) return fail_errno(ctx, abi::kEBADF);
  st.iconvs[size_t(h - 1)] = nullptr;
  if (int r = host::iconv_close(cd); r < 0) return fail_errno(ctx, -r);
  return 0;
}

// size_t hs_iconv(iconv_t cd, const char **inbuf, size_t *inleft, char **outbuf, size_t *outleft)
uint64_t c_iconv(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  ForeignState& st = foreign_state(ctx);
  void* cd = handle_cd(st, a.u64(0));
  uint32_t inbufp = a.addr(1), inleftp = a.addr(2), outbufp = a.addr(3), outleftp = a.addr(4);
  if (!cd) return fail_errno(ctx, abi::kEBADF);

  // Input side: NULL inbuf (or *inbuf) asks iconv to reset / emit the shift sequence.
  uint32_t in_addr = 0;
  size_t in_left = 0;
  char* in_host = nullptr;
  bool have_in = inbufp != 0 && (in_addr = load_ptr(ctx.mem, inbufp)) != 0;
  if (have_in) {
    uint64_t n = ctx.mem.load64(inleftp);
    in_host = reinterpret_cast<char*>(mem_span(ctx.mem, in_addr, n));  // n fits in memory (size_t)
    in_left = size_t(n);
  }
  uint32_t out_addr = 0;
  size_t out_left = 0;
  char* out_host = nullptr;
  bool have_out = outbufp != 0 && (out_addr = load_ptr(ctx.mem, outbufp)) != 0;
  if (have_out) {
    uint64_t n = ctx.mem.load64(outleftp);
    out_host = reinterpret_cast<char*>(mem_span(ctx.mem, out_addr, n));
    out_left = size_t(n);
  }
  char* in_start = in_host;
  char* out_start = out_host;
  int e = 0;
  size_t r = host::iconv(cd, have_in ? &in_host : nullptr, have_in ? &in_left : nullptr, have_out ? &out_host : nullptr,
                         have_out ? &out_left : nullptr, &e);
  if (have_in) {
    ctx.mem.store64(inbufp, uint64_t(in_addr) + uint64_t(in_host - in_start));
    ctx.mem.store64(inleftp, in_left);
  }
  if (have_out) {
    ctx.mem.store64(outbufp, uint64_t(out_addr) + uint64_t(out_host - out_start));
    ctx.mem.store64(outleftp, out_left);
  }
  if (r == size_t(-1)) {
    ctx.errno_value = e;
    return ~uint64_t(0);  // (size_t)-1 of the program's 64-bit size_t
  }
  return uint64_t(r);
}

const ForeignSymbol kSymbols[] = {
    {"hs_iconv_open", c_iconv_open, 2},
    {"hs_iconv_close", c_iconv_close, 1},
    {"hs_iconv", c_iconv, 5},
};
}  // namespace

std::span<const ForeignSymbol> iconv_symbols() { return kSymbols; }

}  // namespace stgvm
