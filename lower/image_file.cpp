// The Image's byte format (lower/image_file.h): little-endian, field by field, with a
// format version and an XXH3 checksum of everything before it (read at every start-up: it
// must run at memory speed). The large arrays (blocks, code, operand pool, static bytes) are
// stored as they lie in memory, aligned, so that a mapped cache entry is read in place.
#include "lower/image_file.h"

#include <xxhash.h>

#include <bit>
#include <cstddef>

#include "lower/lower.h"
#include "runtime/serial.h"

namespace stgvm {

namespace {

constexpr char kMagic[8] = {'S', 'T', 'G', 'V', 'M', 'I', 'M', 'G'};
constexpr uint32_t kVersion = 9;

// Records as they lie in memory (padding written as zeros, so that the bytes are the same
// every time), read in place on a little-endian host.
static_assert(std::endian::native == std::endian::little, "image records are read in place");
static_assert(sizeof(ir::Instr) == 24 && offsetof(ir::Instr, a) == 4 && offsetof(ir::Instr, b) == 8 &&
              offsetof(ir::Instr, imm) == 16 && sizeof(ir::Op) == 1);
static_assert(sizeof(ir::Block) == 40 && offsetof(ir::Block, first) == 4 && offsetof(ir::Block, count) == 8 &&
              offsetof(ir::Block, nregs) == 12 && offsetof(ir::Block, name) == 16 && offsetof(ir::Block, in_regs) == 20 &&
              offsetof(ir::Block, in_ptrs) == 24 && offsetof(ir::Block, thunk_entry) == 32 && sizeof(ir::BlockKind) == 1);

template <class F>
void put(uint8_t* rec, size_t at, const F& f) {
  std::memcpy(rec + at, &f, sizeof f);
}

void write_record(ByteWriter& w, const ir::Instr& in) {
  uint8_t rec[sizeof(ir::Instr)] = {};
  put(rec, 0, in.op), put(rec, offsetof(ir::Instr, a), in.a), put(rec, offsetof(ir::Instr, b), in.b);
  put(rec, offsetof(ir::Instr, imm), in.imm);
  w.raw(rec, sizeof rec);
}

void write_record(ByteWriter& w, const ir::Block& b) {
  uint8_t rec[sizeof(ir::Block)] = {};
  put(rec, 0, b.kind), put(rec, offsetof(ir::Block, first), b.first), put(rec, offsetof(ir::Block, count), b.count);
  put(rec, offsetof(ir::Block, nregs), b.nregs), put(rec, offsetof(ir::Block, name), b.name);
  put(rec, offsetof(ir::Block, in_regs), b.in_regs), put(rec, offsetof(ir::Block, in_ptrs), b.in_ptrs);
  put(rec, offsetof(ir::Block, thunk_entry), uint8_t(b.thunk_entry));
  w.raw(rec, sizeof rec);
}

void write_record(ByteWriter& w, uint32_t v) { w.u32(v); }
void write_record(ByteWriter& w, uint8_t v) { w.u8(v); }

template <class T>
void write_array(ByteWriter& w, const ImageArray<T>& a) {
  w.u64(a.size());
  w.align(8);
  for (const T& x : a) write_record(w, x);
}

// Whether a record's bytes make a valid T (only a bool's and an enum's can be wrong; an
// Instr's operation is checked with the code).
template <class T>
bool valid_record(const uint8_t*) {
  return true;
}
template <>
bool valid_record<ir::Block>(const uint8_t* rec) {
  return rec[0] <= uint8_t(ir::BlockKind::Rts) && rec[offsetof(ir::Block, thunk_entry)] <= 1;
}

// An array written by write_array: in place (a view kept alive by `keep`) when there is a
// `keep` and the bytes are aligned for T, else copied.
template <class T>
bool read_array(ByteReader& r, ImageArray<T>& a, const std::shared_ptr<const void>& keep) {
  uint64_t n = r.u64();
  r.align(8);
  if (!r.ok || n > r.left() / sizeof(T)) return false;
  const uint8_t* p = r.take(size_t(n) * sizeof(T));
  for (size_t i = 0; i < n; ++i)
    if (!valid_record<T>(p + i * sizeof(T))) return false;
  if (keep && reinterpret_cast<uintptr_t>(p) % alignof(T) == 0) {
    a.view(reinterpret_cast<const T*>(p), size_t(n), keep);
  } else {
    std::vector<T> v(static_cast<size_t>(n));
    if (n) std::memcpy(static_cast<void*>(v.data()), p, size_t(n) * sizeof(T));
    a = std::move(v);
  }
  return true;
}

void write_u32s(ByteWriter& w, const std::vector<uint32_t>& v) {
  w.u64(v.size());
  w.raw(v.data(), 4 * v.size());
}

bool read_u32s(ByteReader& r, std::vector<uint32_t>& v) {
  uint64_t n = r.u64();
  const uint8_t* p = r.take(n > (1ull << 40) ? ~size_t(0) : size_t(4 * n));
  if (!p) return false;
  v.resize(size_t(n));
  if (n) std::memcpy(v.data(), p, 4 * size_t(n));  // (an empty vector's data() may be null)
  return true;
}

// A count of items that each take at least `min_bytes`: not more than the bytes left allow.
bool count(ByteReader& r, uint64_t& n, size_t left, size_t min_bytes) {
  n = r.u64();
  return r.ok && n <= left / min_bytes;
}

}  // namespace

std::vector<uint8_t> encode_image(const Image& img) {
  ByteWriter w;
  w.raw(kMagic, 8);
  w.u32(kVersion);
  write_array(w, img.blocks);
  write_array(w, img.code);
  write_array(w, img.pool);
  w.u64(img.names.size());
  for (const std::string& s : img.names) w.str(s);
  write_array(w, img.static_bytes);
  w.u64(img.foreign.size());
  for (const ForeignSite& f : img.foreign) {
    w.str(f.symbol);
    w.u8(f.dynamic);
    w.bytes(f.arg_reps.data(), f.arg_reps.size());
    w.u8(uint8_t(f.result_rep));
  }
  w.u64(img.labels.size());
  for (const std::string& s : img.labels) w.str(s);
  write_u32s(w, img.label_cells);
  for (uint32_t v : {img.main_closure, img.flush_std_handles, img.non_termination, img.div_zero, img.overflow,
                     img.underflow, img.heap_overflow, img.stack_overflow, img.blocked_on_mvar, img.blocked_on_stm,
                     img.nested_atomically, img.run_finalizer_batch})
    w.u32(v);
  for (uint32_t v : img.rts_info) w.u32(v);
  for (uint32_t v : {img.srt.table, img.srt.blocks, img.srt.relevant, img.srt.relevant_end}) w.u32(v);
  w.u64(img.unknown_primops.size());
  for (const std::string& s : img.unknown_primops) w.str(s);
  const Attribution& at = img.attr;
  w.u64(at.strings.size());
  for (const std::string& s : at.strings) w.str(s);
  w.u64(at.binders.size());
  for (const SourceBinder& b : at.binders) w.u32(b.unit), w.u32(b.module), w.u32(b.name), w.u32(b.unique);
  w.u64(at.points.size());
  for (const ProgramPoint& p : at.points) {
    w.u8(uint8_t(p.kind));
    w.u32(p.binder), w.u32(p.alt), w.u32(p.label), w.u32(p.owner);
  }
  write_u32s(w, at.block_point);
  write_u32s(w, at.block_owner);
  w.u64(at.sites.size());
  for (const CallSite& s : at.sites) w.u32(s.code), w.u32(s.point), w.u8(uint8_t(s.origin));
  w.u64(XXH3_64bits(w.out.data(), w.out.size()));
  return std::move(w.out);
}

std::string decode_image(const uint8_t* p, size_t n, Image& img, std::shared_ptr<const void> keep) {
  if (n < 8 + 4 + 8 || std::memcmp(p, kMagic, 8) != 0) return "not an stgvm image";
  uint64_t sum;
  std::memcpy(&sum, p + n - 8, 8);
  if (XXH3_64bits(p, n - 8) != sum) return "checksum mismatch";
  ByteReader r(p, n - 8);
  r.take(8);  // (offsets from the start: the arrays are aligned from there)
  size_t left = n - 16;
  if (r.u32() != kVersion) return "image format version differs";
  img = Image{};
  uint64_t k;
  if (!read_array(r, img.blocks, keep)) return "bad blocks";
  if (!read_array(r, img.code, keep)) return "bad code";
  if (!read_array(r, img.pool, keep)) return "bad operand pool";
  if (!count(r, k, left, 8)) return "bad name count";
  img.names.resize(size_t(k));
  for (std::string& s : img.names) s = r.str();
  if (!read_array(r, img.static_bytes, keep)) return "bad static image";
  if (!count(r, k, left, 18)) return "bad foreign site count";
  img.foreign.resize(size_t(k));
  for (ForeignSite& f : img.foreign) {
    f.symbol = r.str();
    f.dynamic = r.u8() != 0;
    uint64_t m = r.u64();
    const uint8_t* s = r.take(m > left ? ~size_t(0) : size_t(m));
    if (!s) return "bad foreign site";
    f.arg_reps.resize(size_t(m));
    for (size_t i = 0; i < m; ++i) f.arg_reps[i] = CRep(s[i]);
    f.result_rep = CRep(r.u8());
  }
  if (!count(r, k, left, 8)) return "bad label count";
  img.labels.resize(size_t(k));
  for (std::string& s : img.labels) s = r.str();
  if (!read_u32s(r, img.label_cells)) return "bad label cells";
  for (uint32_t* v : {&img.main_closure, &img.flush_std_handles, &img.non_termination, &img.div_zero, &img.overflow,
                      &img.underflow, &img.heap_overflow, &img.stack_overflow, &img.blocked_on_mvar,
                      &img.blocked_on_stm, &img.nested_atomically, &img.run_finalizer_batch})
    *v = r.u32();
  for (uint32_t& v : img.rts_info) v = r.u32();
  for (uint32_t* v : {&img.srt.table, &img.srt.blocks, &img.srt.relevant, &img.srt.relevant_end}) *v = r.u32();
  if (!count(r, k, left, 8)) return "bad unknown-primop count";
  img.unknown_primops.resize(size_t(k));
  for (std::string& s : img.unknown_primops) s = r.str();
  Attribution& at = img.attr;
  if (!count(r, k, left, 8)) return "bad attribution string count";
  at.strings.resize(size_t(k));
  for (std::string& s : at.strings) s = r.str();
  if (!count(r, k, left, 16)) return "bad attribution binder count";
  at.binders.resize(size_t(k));
  for (SourceBinder& b : at.binders) b.unit = r.u32(), b.module = r.u32(), b.name = r.u32(), b.unique = r.u32();
  if (!count(r, k, left, 17)) return "bad program point count";
  at.points.resize(size_t(k));
  for (ProgramPoint& p : at.points) {
    p.kind = PointKind(r.u8());
    p.binder = r.u32(), p.alt = r.u32(), p.label = r.u32(), p.owner = r.u32();
  }
  if (!read_u32s(r, at.block_point)) return "bad block points";
  if (!read_u32s(r, at.block_owner)) return "bad block owners";
  if (!count(r, k, left, 9)) return "bad call site count";
  at.sites.resize(size_t(k));
  for (CallSite& s : at.sites) s.code = r.u32(), s.point = r.u32(), s.origin = CallOrigin(r.u8());
  if (!r.ok || !r.at_end()) return "truncated or trailing bytes";
  if (img.label_cells.size() != img.labels.size()) return "labels and their cells differ in number";
  for (const ir::Instr& in : img.code)
    if (uint8_t(in.op) > uint8_t(ir::Op::Halt)) return "unknown operation";
  if (std::string why = verify_attribution(img); !why.empty()) return "invalid attribution: " + why;
  std::string why = verify_image(img);
  if (!why.empty()) return "invalid code: " + why;
  return "";
}

}  // namespace stgvm
