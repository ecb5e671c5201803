// Snapshots (snapshot.h): what a stopped machine is made of, and the file around it.
#include "interp/snapshot.h"

#include <zstd.h>

#include <type_traits>

#include "runtime/serial.h"

namespace stgvm {

namespace L = layout;

namespace {
constexpr char kMagic[8] = {'S', 'T', 'G', 'V', 'M', 'S', 'N', 'P'};
constexpr uint32_t kVersion = 3;  // 3: all registers at their home in memory
}  // namespace

// ---- the machine --------------------------------------------------------------------------

// The registers the interpreter keeps in host variables while it runs, with their home
// (layout::kRegTable). One list, so that saving and restoring cannot disagree. (The others,
// R0…R255 included, are words of memory all the time: runtime/machine.h.)
template <class F>
void Vm::each_register(F f) {
  f(L::kRegExitCode, exit_code_), f(L::kRegPhase, phase_), f(L::kRegSliceEnd, slice_end_);
  f(L::kRegSnapshotBlock, snapshot_block_), f(L::kRegSteps, stats_.steps);
}

void Vm::save_registers() {
  each_register([&](L::RegSlot r, auto& reg) { mem_.store64(L::reg_addr(r), uint64_t(reg)); });
}

void Vm::load_registers() {
  each_register([&](L::RegSlot r, auto& reg) { reg = std::remove_reference_t<decltype(reg)>(mem_.load64(L::reg_addr(r))); });
}

// The --stats counters (host-side by design: they observe the machine, it never reads them).
template <class F>
static void each_counter(VmStats& s, F f) {
  f(s.allocated), f(s.gcs), f(s.max_heap), f(s.max_stack), f(s.max_large);
}

std::vector<uint8_t> Vm::save_machine() {
  if (!snapshot_block_) fail("no snapshot point was reached");
  std::vector<uint8_t> foreign;
  std::string why = save_foreign_state(fctx_, foreign);
  if (!why.empty()) fail("cannot take a snapshot: " + why);
  save_registers();  // the machine is linear memory now, registers included
  ByteWriter w;
  each_counter(stats_, [&](uint64_t& c) { w.u64(c); });
  // Linear memory: its size, then every page that is not all zeros.
  uint32_t pages = mem_.size() / L::kPage;
  w.u32(pages);
  const uint8_t* base = mem_.data();
  static const uint8_t zero[L::kPage] = {};
  std::vector<uint32_t> used;
  // (From the runtime page: below it is the null guard page, never written and, with guard
  // pages, not even readable.)
  for (uint32_t p = L::kRuntimeBase / L::kPage; p < pages; ++p)
    if (std::memcmp(base + size_t(p) * L::kPage, zero, L::kPage)) used.push_back(p);
  w.u32(uint32_t(used.size()));
  for (uint32_t p : used) {
    w.u32(p);
    w.raw(base + size_t(p) * L::kPage, L::kPage);
  }
  w.bytes(foreign.data(), foreign.size());
  return std::move(w.out);
}

std::string Vm::restore_machine(const std::vector<uint8_t>& bytes) {
  ByteReader r(bytes.data(), bytes.size());
  each_counter(stats_, [&](uint64_t& c) { c = r.u64(); });
  uint32_t pages = r.u32();
  if (!r.ok || !mem_.grow_to(uint64_t(pages) * L::kPage)) return "the memory does not fit";
  mem_.zero_all();
  for (uint32_t n = r.u32(); n-- > 0 && r.ok;) {
    uint32_t p = r.u32();
    const uint8_t* src = r.take(L::kPage);
    if (!src || p >= pages) return "the memory section is damaged";
    std::memcpy(mem_.span(p * L::kPage, L::kPage), src, L::kPage);
  }
  load_registers();
  arm_slice(slice_end_);  // the next stop: the end of the slice (no snapshot point now)
  std::string foreign = r.str();
  if (!r.ok || !r.at_end() || phase_ > Phase::Flush || !snapshot_block_ || snapshot_block_ >= img_.blocks.size())
    return "the machine section is damaged";
  return restore_foreign_state(fctx_, reinterpret_cast<const uint8_t*>(foreign.data()), foreign.size());
}

int Vm::resume_run() {
  uint32_t block = snapshot_block_;
  snapshot_block_ = 0;
  return continue_run(block);
}

// ---- the file -----------------------------------------------------------------------------

std::vector<uint8_t> encode_snapshot(const SnapshotHeader& h, const std::vector<uint8_t>& machine) {
  ByteWriter head;
  head.str(h.program);
  for (uint32_t s : {h.sizes.stack, h.sizes.cheap, h.sizes.pinned, h.sizes.heap}) head.u32(s);
  const VmOptions& o = h.options;
  head.u64(o.args.size());
  for (auto& a : o.args) head.str(a);
  head.u64(o.env.size());
  for (auto& e : o.env) head.str(e);
  for (uint64_t v : {uint64_t(o.stack_bytes), o.max_memory, o.max_heap, o.max_steps}) head.u64(v);
  head.u64(h.image_hash);
  std::vector<uint8_t> z(ZSTD_compressBound(machine.size()));
  size_t zn = ZSTD_compress(z.data(), z.size(), machine.data(), machine.size(), 3);
  if (ZSTD_isError(zn)) throw VmError(std::string("snapshot compression failed: ") + ZSTD_getErrorName(zn));
  z.resize(zn);
  ByteWriter w;
  w.raw(kMagic, 8);
  w.u32(kVersion);
  w.u32(0);
  w.u64(machine.size());
  w.u64(fnv1a(head.out.data(), head.out.size()) ^ fnv1a(z.data(), z.size()));
  w.bytes(head.out.data(), head.out.size());
  w.bytes(z.data(), z.size());
  return std::move(w.out);
}

std::string decode_snapshot(const std::vector<uint8_t>& file, SnapshotHeader& h, std::vector<uint8_t>& machine) {
  ByteReader r(file.data(), file.size());
  char magic[8] = {};
  r.raw(magic, 8);
  if (!r.ok || std::memcmp(magic, kMagic, 8)) return "not an stgvm snapshot";
  uint32_t version = r.u32();
  r.u32();
  if (version != kVersion) return "snapshot format version " + std::to_string(version) + " (this stgvm reads " +
                                  std::to_string(kVersion) + ")";
  uint64_t raw_size = r.u64(), sum = r.u64();
  uint64_t head_n = r.u64();
  const uint8_t* head = r.take(head_n);
  uint64_t z_n = head ? r.u64() : 0;
  const uint8_t* z = head ? r.take(z_n) : nullptr;
  if (!r.ok || !z || !r.at_end()) return "truncated snapshot";
  if ((fnv1a(head, head_n) ^ fnv1a(z, z_n)) != sum) return "damaged snapshot (checksum mismatch)";
  ByteReader hr(head, head_n);
  h.program = hr.str();
  for (uint32_t* s : {&h.sizes.stack, &h.sizes.cheap, &h.sizes.pinned, &h.sizes.heap}) *s = hr.u32();
  VmOptions& o = h.options;
  o.args.clear();
  for (uint64_t n = hr.u64(); n-- > 0 && hr.ok;) o.args.push_back(hr.str());
  o.env.clear();
  for (uint64_t n = hr.u64(); n-- > 0 && hr.ok;) o.env.push_back(hr.str());
  o.stack_bytes = uint32_t(hr.u64());
  o.max_memory = hr.u64();
  o.max_heap = hr.u64();
  o.max_steps = hr.u64();
  h.image_hash = hr.u64();
  if (!hr.ok || !hr.at_end()) return "damaged snapshot header";
  if (raw_size > (uint64_t(1) << 33)) return "damaged snapshot (machine section too large)";
  machine.resize(size_t(raw_size));
  size_t n = ZSTD_decompress(machine.data(), machine.size(), z, z_n);
  if (ZSTD_isError(n) || n != raw_size) return "damaged snapshot (cannot decompress the machine section)";
  return "";
}

}  // namespace stgvm
