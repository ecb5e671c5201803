// FNV-1a over everything an executor consumes (lower.h): equal hashes ⇒ the same Image.
#include "lower/lower.h"
#include "runtime/serial.h"

namespace stgvm {

uint64_t image_hash(const Image& img) {
  uint64_t h = kFnvOffset;
  auto mix = [&](const void* data, size_t n) { h = fnv1a(data, n, h); };
  for (auto& in : img.code) {
    mix(&in.op, 1);
    mix(&in.a, 4);
    mix(&in.b, 4);
    mix(&in.imm, 8);
  }
  for (auto& blk : img.blocks) {
    mix(&blk.kind, 1);
    mix(&blk.first, 4);
    mix(&blk.count, 4);
    mix(&blk.nregs, 4);
    mix(&blk.in_regs, 4);
    mix(&blk.in_ptrs, 8);
    mix(&blk.thunk_entry, 1);
  }
  mix(img.pool.data(), img.pool.size() * 4);
  mix(img.static_bytes.data(), img.static_bytes.size());
  for (auto& f : img.foreign) {
    mix(f.symbol.data(), f.symbol.size() + 1);
    mix(f.arg_reps.data(), f.arg_reps.size());
    mix(&f.result_rep, 1);
  }
  for (auto& l : img.labels) mix(l.data(), l.size() + 1);
  const layout::Regions& r = img.regions;
  for (uint32_t v : {r.static_end, r.stack_lo, r.stack_hi, r.cheap_lo, r.cheap_hi, r.los_lo, r.los_hi, r.heap_lo, r.semi_bytes})
    mix(&v, 4);
  mix(img.rts_info, sizeof img.rts_info);
  return h;
}

}  // namespace stgvm
