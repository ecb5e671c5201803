// What the commands know about wasm modules without the emitter plugin (emit.h): which
// programs can be translated, and the stamp that ties a module to its runtime.
#include <cstdio>
#include <cstring>
#include <set>

#include "exec/driver.h"
#include "ffi/foreign.h"
#include "primops/primop_table.h"
#include "runtime/serial.h"
#include "wasm/emit.h"
#include "wasm/module_tables.h"

namespace stgvm {

using ir::Op;

std::vector<std::string> wasm_untranslatable(const Image& img) {
  std::set<std::string> out;
  for (const std::string& p : img.unknown_primops) out.insert("unknown primop " + p);
  for (const ir::Instr& in : img.code) {
    if (in.op != Op::Rts) continue;
    auto kind = ir::RtsOpKind(in.imm >> 32);
    uint32_t payload = uint32_t(in.imm);
    ControlOp op;
    if (kind == ir::RtsOpKind::Primop && !control_op_of(payload, op))
      out.insert("primop " + std::string(primops::primop(primops::PrimOpId(payload)).name) + " is not supported");
    if (kind == ir::RtsOpKind::PrimCall && prim_call_of(img.names[payload]) == PrimCall::Unknown)
      out.insert("unknown foreign import prim " + img.names[payload]);
  }
  for (const ForeignSite& s : img.foreign)
    if (!s.dynamic && !find_foreign(s.symbol)) out.insert("unknown foreign symbol " + s.symbol);
  return {out.begin(), out.end()};
}

std::string wasm_module_stamp(const std::vector<uint8_t>& runtime) {
  char b[64];
  snprintf(b, sizeof b, "stgvm-wasm %u %016llx", wasm::kTablesVersion,
           (unsigned long long)fnv1a(runtime.data(), runtime.size()));
  return b;
}

std::string read_wasm_stamp(const std::vector<uint8_t>& mod, std::string& why) {
  static const uint8_t kHead[8] = {0, 'a', 's', 'm', 1, 0, 0, 0};
  if (mod.size() < 8 || std::memcmp(mod.data(), kHead, 8) != 0) {
    why = "not a WebAssembly module";
    return "";
  }
  size_t p = 8;
  auto leb = [&](uint64_t& v) {
    v = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      if (p >= mod.size()) return false;
      uint8_t c = mod[p++];
      v |= uint64_t(c & 0x7f) << shift;
      if (!(c & 0x80)) return true;
    }
    return false;
  };
  while (p < mod.size()) {
    uint8_t id = mod[p++];
    uint64_t n = 0;
    if (!leb(n) || n > mod.size() - p) {
      why = "a damaged WebAssembly module";
      return "";
    }
    size_t end = p + size_t(n);
    if (id == 0) {
      uint64_t len = 0;
      if (!leb(len) || len > end - p) {
        why = "a damaged WebAssembly module";
        return "";
      }
      std::string name(reinterpret_cast<const char*>(mod.data() + p), size_t(len));
      if (name == "stgvm") return std::string(reinterpret_cast<const char*>(mod.data() + p + len), end - p - size_t(len));
    }
    p = end;
  }
  why = "not a module made by stgvm";
  return "";
}

}  // namespace stgvm
