// libFuzzer target: the VM's primops over memory (runtime/memory_primops.cpp, called one at a time
// through the test hook Vm::run_memory_primop) on small generated programs. Whatever the
// operands, every primop must end normally or fail cleanly — stgvm::RuntimeFatal (VmError
// derives from it) or stgvm::MemoryFault — never with a sanitizer report, a signal or an
// uncaught C++ exception. The first clean failure ends the input.
//
// Input format (bytes read front to back; past the end every byte reads as 0):
//   1 byte        number of allocations: 1 + b % 6
//   allocations   each: 1 byte picking one of the allocating primops that need no object
//                 (newByteArray#, newPinnedByteArray#, newAlignedPinnedByteArray#, newMVar#),
//                 then its operands
//   operations    until the input ends (at most kMaxOps primops in all): 1 byte picking a
//                 primop from the fixed list (`kOps` below plus the generated index/read/
//                 write families), then its operands
// Operands, by the letters in the list:
//   B R S M V W   a byte array, Array#, SmallArray#, MutVar#, MVar#, Weak# from the table of
//                 objects this input made (1 byte picks one; none of that kind: the
//                 operation is skipped). Operands are always of the primop's type, as in a
//                 real program; what is hostile is their values.
//   o             any object of the table (a pointer value: array elements, MutVar# contents)
//   i             a 64-bit Int#: 1 byte < 0x60 takes a value in [0, n] (n = the size of the
//                 operand before it, in the primop's units); otherwise one of 24 edge values:
//                 0, 1, -1, 2^31, 2^31-1, 2^32, 2^32-1, 2^32+16, 2^32+n, 2^61 (wraps when
//                 scaled by 8), 2^62, 2^63, 2^63-1, n, n-1, n+1, n±k, n/2, small, -small,
//                 raw 16/64-bit, an earlier result
//   z e r c       sizes of new byte arrays / new pointer arrays / resizeMutableByteArray# /
//                 cloned arrays, l an alignment — see the caps below
//   A             an Addr#: byteArrayContents# of a pinned array (or any byte array) plus an
//                 `i`-style offset; an earlier Addr# result; a fixed edge (0, the runtime
//                 page, the block-heap state, the end of memory, 2^32 + a real address, ...);
//                 or raw 32/64-bit
//   w             any word (edge-biased), p a StablePtr# (an earlier one or edge-biased)
// Results: new objects go into the table (16 slots, then round-robin); Int#/Word# results
// into a pool that later operands can draw from.
//
// STGVM_FUZZ_TRACE=1 prints every primop, its operands and its outcome (to read a reproducer:
// `fuzz_vm_primops FILE`); STGVM_FUZZ_LIST_OPS=1 prints the table and exits (used by
// tests/fuzz/make_vm_primops_seeds.py, which writes data/fixtures/fuzz-seeds/vm_primops/).
//
// The machine. A fresh Vm for every input, built from an Image lowered once per process from
// an EMPTY Program: lowering still emits every RTS info table (Image::rts_info) and plans the
// regions with the default sizes, which is all these primops consume, and then a Vm costs
// 0.03 ms to build and destroy (ASan build). A Vm of data/examples/hello.fullpak (5.6 MB
// static image, 55,831 blocks) costs 59 ms each (and 2.3 s, 930 MB RSS to load and lower
// once), so there the choice would be one machine for the whole process, with objects,
// Addr# writes anywhere in linear memory (the runtime page, block-heap headers) and
// allocation positions leaking from input to input — a crash found late could depend on
// every input before it. With a fresh machine per input, each input runs alone and
// reproduces from its file.
//
// No collection may run inside an input: the hook roots nothing, so a collection would leave
// the table pointing at moved or freed objects (a harness artefact, not a VM bug). Hence the
// caps on what the harness itself asks to allocate: byte arrays of at most kMaxAllocBytes,
// pointer arrays of at most kMaxAllocElems, alignments of at most kMaxAlign, at most kMaxOps
// primops — 64 × (64 KiB + 64 KiB of alignment) = 8 MiB, under the 32 MiB semispace and the
// 64 MiB first chunk of the non-moving space. Sizes past what the VM accepts (byte arrays over
// 0x7FFFFFFF bytes, pointer arrays over 0x0FFFFFFF elements, alignments over 2^30, negative
// sizes) are passed through untouched: the VM must refuse them before allocating. Should a
// collection run all the same (linear memory corrupted through an Addr# can make the
// non-moving space refuse an allocation), the input ends after that primop.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "interp/vm.h"
#include "loader/program.h"
#include "lower/lower.h"
#include "primops/primop_table.h"
#include "runtime/memory.h"
#include "runtime/trap.h"

namespace {

namespace L = stgvm::layout;

constexpr size_t kMaxOps = 64;
constexpr uint64_t kMaxAllocBytes = 64 * 1024;
constexpr uint64_t kMaxAllocElems = kMaxAllocBytes / 8;
constexpr uint64_t kMaxAlign = 64 * 1024;
constexpr uint64_t kVmMaxBytes = 0x7FFFFFFF;  // the VM refuses larger byte arrays
constexpr uint64_t kVmMaxElems = 0x0FFFFFFF;  // ... and larger pointer arrays
constexpr uint64_t kVmMaxAlign = 0x40000000;  // ... and larger alignments
constexpr uint64_t kLargeBytes = L::kLargeObjectBytes - L::kArrPayload;  // payload of the smallest large array
constexpr size_t kMaxObjects = 16;
constexpr size_t kPool = 8;

struct Op {
  std::string name;
  std::string args;  // operand letters (see the top of the file)
  std::string res;   // result letters: B R S M V W new object, C its Addr# (byteArrayContents#),
                     // A an Addr#, w a word for the pool, p a StablePtr#, . ignored
  uint8_t unit = 1;  // bytes per unit of the `i` operands after a byte array or an Addr#
  uint32_t id = 0;
};

// The fixed list, besides the generated index/read/write families.
const Op kOps[] = {
    // byte arrays
    {"newByteArray#", "z", "B"},
    {"newPinnedByteArray#", "z", "B"},
    {"newAlignedPinnedByteArray#", "zl", "B"},
    {"byteArrayContents#", "B", "C"},
    {"isMutableByteArrayPinned#", "B", "w"},
    {"isByteArrayPinned#", "B", "w"},
    {"sizeofByteArray#", "B", "w"},
    {"sizeofMutableByteArray#", "B", "w"},
    {"getSizeofMutableByteArray#", "B", "w"},
    {"sameMutableByteArray#", "BB", "w"},
    {"shrinkMutableByteArray#", "Bi", ""},
    {"resizeMutableByteArray#", "Br", "B"},
    {"unsafeFreezeByteArray#", "B", "."},
    {"copyByteArray#", "BiBii", ""},
    {"copyMutableByteArray#", "BiBii", ""},
    {"copyByteArrayToAddr#", "BiAi", ""},
    {"copyMutableByteArrayToAddr#", "BiAi", ""},
    {"copyAddrToByteArray#", "ABii", ""},
    {"setByteArray#", "Biiw", ""},
    {"compareByteArrays#", "BiBii", "w"},
    {"atomicReadIntArray#", "Bi", "w", 8},
    {"atomicWriteIntArray#", "Biw", "", 8},
    {"casIntArray#", "Biww", "w", 8},
    {"fetchAddIntArray#", "Biw", "w", 8},
    {"fetchSubIntArray#", "Biw", "w", 8},
    {"fetchAndIntArray#", "Biw", "w", 8},
    {"fetchNandIntArray#", "Biw", "w", 8},
    {"fetchOrIntArray#", "Biw", "w", 8},
    {"fetchXorIntArray#", "Biw", "w", 8},
    // arrays of pointers
    {"newArray#", "eo", "R"},
    {"readArray#", "Ri", "."},
    {"indexArray#", "Ri", "."},
    {"writeArray#", "Rio", ""},
    {"sizeofArray#", "R", "w"},
    {"sizeofMutableArray#", "R", "w"},
    {"sameMutableArray#", "RR", "w"},
    {"unsafeFreezeArray#", "R", "."},
    {"unsafeThawArray#", "R", "."},
    {"copyArray#", "RiRii", ""},
    {"copyMutableArray#", "RiRii", ""},
    {"cloneArray#", "Ric", "R"},
    {"cloneMutableArray#", "Ric", "R"},
    {"freezeArray#", "Ric", "R"},
    {"thawArray#", "Ric", "R"},
    {"casArray#", "Rioo", "w."},
    {"newSmallArray#", "eo", "S"},
    {"readSmallArray#", "Si", "."},
    {"indexSmallArray#", "Si", "."},
    {"writeSmallArray#", "Sio", ""},
    {"sizeofSmallArray#", "S", "w"},
    {"sizeofSmallMutableArray#", "S", "w"},
    {"getSizeofSmallMutableArray#", "S", "w"},
    {"sameSmallMutableArray#", "SS", "w"},
    {"unsafeFreezeSmallArray#", "S", "."},
    {"unsafeThawSmallArray#", "S", "."},
    {"shrinkSmallMutableArray#", "Si", ""},
    {"copySmallArray#", "SiSii", ""},
    {"copySmallMutableArray#", "SiSii", ""},
    {"cloneSmallArray#", "Sic", "S"},
    {"cloneSmallMutableArray#", "Sic", "S"},
    {"freezeSmallArray#", "Sic", "S"},
    {"thawSmallArray#", "Sic", "S"},
    {"casSmallArray#", "Sioo", "w."},
    // MutVar#
    {"newMutVar#", "o", "M"},
    {"readMutVar#", "M", "."},
    {"writeMutVar#", "Mo", ""},
    {"sameMutVar#", "MM", "w"},
    {"casMutVar#", "Moo", "w."},
    {"atomicModifyMutVar2#", "Mo", ".."},
    {"atomicModifyMutVar_#", "Mo", ".."},
    // MVar# (the non-blocking operations)
    {"newMVar#", "", "V"},
    {"tryTakeMVar#", "V", "w."},
    {"tryPutMVar#", "Vo", "w"},
    {"tryReadMVar#", "V", "w."},
    {"isEmptyMVar#", "V", "w"},
    {"sameMVar#", "VV", "w"},
    // stable and weak pointers, pointer equality
    {"makeStablePtr#", "o", "p"},
    {"deRefStablePtr#", "p", "."},
    {"eqStablePtr#", "pp", "w"},
    {"mkWeak#", "ooo", "W"},
    {"mkWeakNoFinalizer#", "oo", "W"},
    {"deRefWeak#", "W", "w."},
    {"finalizeWeak#", "W", "w."},
    {"touch#", "o", ""},
    {"reallyUnsafePtrEquality#", "oo", "w"},
};

struct Setup {
  stgvm::Program program;  // empty (see the top of the file)
  stgvm::Image image;
  std::vector<Op> ops;
  std::vector<size_t> alloc_ops;  // allocations that need no object
  uint32_t contents_id = 0;
  bool trace = false;  // STGVM_FUZZ_TRACE=1: print every primop and its outcome to stderr
  Setup() : image(stgvm::lower_program(program)) {}
};

[[noreturn]] void setup_error(const std::string& what) {
  fprintf(stderr, "fuzz_vm_primops: %s\n", what.c_str());
  abort();
}

Setup* make_setup() {
  auto* s = new Setup;
  for (const Op& op : kOps) s->ops.push_back(op);
  // <index|read|write><Elem><Array#|OffAddr#> and <index|read|write>Word8ArrayAs<Elem>#.
  struct Elem {
    const char* name;
    uint8_t size;
  };
  static const Elem elems[] = {{"Char", 1},   {"WideChar", 4}, {"Int", 8},    {"Word", 8},   {"Addr", 8},  {"Float", 4},
                               {"Double", 8}, {"StablePtr", 8}, {"Int8", 1}, {"Int16", 2},  {"Int32", 4}, {"Int64", 8},
                               {"Word8", 1},  {"Word16", 2},   {"Word32", 4}, {"Word64", 8}};
  for (const Elem& e : elems) {
    std::string n = e.name;
    std::string r = n == "Addr" ? "A" : n == "StablePtr" ? "p" : "w";
    for (const char* kind : {"index", "read"}) {
      s->ops.push_back({kind + n + "Array#", "Bi", r, e.size});
      s->ops.push_back({kind + n + "OffAddr#", "Ai", r, e.size});
    }
    s->ops.push_back({"write" + n + "Array#", "Biw", "", e.size});
    s->ops.push_back({"write" + n + "OffAddr#", "Aiw", "", e.size});
    if (e.size > 1 || n == "Char")  // Word8ArrayAs<Elem>#: byte offsets
      for (const char* kind : {"index", "read", "write"})
        s->ops.push_back({kind + std::string("Word8ArrayAs") + n + "#", kind[0] == 'w' ? "Biw" : "Bi",
                          kind[0] == 'w' ? "" : r, 1});
  }
  // Every entry must still name a primop of that shape that the hook implements: a table
  // that drifted from primops/ fails here, at start-up, not silently.
  for (size_t k = 0; k < s->ops.size(); ++k) {
    Op& op = s->ops[k];
    const stgvm::primops::PrimOpDesc* d = stgvm::primops::find_primop(op.name);
    if (!d) setup_error("no primop " + op.name);
    if (d->n_args != op.args.size() || d->n_results != op.res.size())
      setup_error(op.name + ": the table's operand or result count is not the primop's");
    op.id = uint32_t(d->id);
    stgvm::Vm vm(s->image, stgvm::VmOptions{});
    try {
      vm.run_memory_primop(op.id, std::vector<uint64_t>(op.args.size(), 0));
    } catch (const stgvm::RuntimeFatal& e) {
      if (std::strstr(e.what(), "not implemented")) setup_error(e.what());
    } catch (const stgvm::MemoryFault&) {
    }
    if (op.name.rfind("new", 0) == 0 && op.args.find_first_of("BRSMVWo") == std::string::npos)
      s->alloc_ops.push_back(k);
  }
  s->contents_id = uint32_t(stgvm::primops::find_primop("byteArrayContents#")->id);
  if (const char* e = getenv("STGVM_FUZZ_TRACE")) s->trace = *e && *e != '0';
  if (s->alloc_ops.empty()) setup_error("no allocating primop");
  if (const char* e = getenv("STGVM_FUZZ_LIST_OPS"); e && *e) {  // for tests/fuzz/make_vm_primops_seeds.py
    for (size_t k = 0; k < s->ops.size(); ++k) printf("%zu %s %s\n", k, s->ops[k].name.c_str(), s->ops[k].args.c_str());
    printf("alloc");
    for (size_t k : s->alloc_ops) printf(" %zu", k);
    printf("\n");
    exit(0);
  }
  return s;
}

const Setup& setup() {
  static Setup* s = make_setup();
  return *s;
}

class Input {
 public:
  Input(const uint8_t* d, size_t n) : d_(d), n_(n) {}
  bool empty() const { return i_ >= n_; }
  uint8_t u8() { return i_ < n_ ? d_[i_++] : 0; }
  uint64_t le(int bytes) {
    uint64_t v = 0;
    for (int k = 0; k < bytes; ++k) v |= uint64_t(u8()) << (8 * k);
    return v;
  }

 private:
  const uint8_t* d_;
  size_t n_, i_ = 0;
};

class Run {
 public:
  Run(const Setup& s, stgvm::Vm& vm, const uint8_t* data, size_t size) : s_(s), vm_(vm), in_(data, size) {}

  void run() {
    size_t nalloc = 1 + in_.u8() % 6, n = 0;
    for (; n < nalloc; ++n)
      if (!step(s_.ops[s_.alloc_ops[in_.u8() % s_.alloc_ops.size()]])) return;
    for (; n < kMaxOps && !in_.empty(); ++n) {
      size_t k = s_.ops.size() <= 256 ? in_.u8() : in_.le(2);
      if (!step(s_.ops[k % s_.ops.size()])) return;
    }
  }

 private:
  struct Obj {
    uint64_t addr;
    char kind;
  };
  struct AddrVal {
    uint64_t addr, extent;  // extent: bytes known to be inside an array from addr on
  };

  const Setup& s_;
  stgvm::Vm& vm_;
  Input in_;
  std::vector<Obj> objs_;
  size_t next_slot_ = 0;
  uint64_t pool_[kPool] = {}, stable_[kPool] = {};
  size_t npool_ = 0, nstable_ = 0;
  AddrVal addrs_[kPool] = {};
  size_t naddrs_ = 0;

  uint64_t size_of(const Obj& o) { return vm_.memory().load64_unobserved(uint32_t(o.addr) + L::kArrSize); }
  bool pinned(const Obj& o) const {
    return o.addr >= s_.image.regions.los_lo && o.addr < s_.image.regions.los_hi;
  }

  void add_object(uint64_t addr, char kind) {
    if (objs_.size() < kMaxObjects) objs_.push_back({addr, kind});
    else objs_[next_slot_++ % kMaxObjects] = {addr, kind};
  }
  template <class T>
  static void push(T* ring, size_t& n, T v) { ring[n++ % kPool] = v; }

  const Obj* pick(char kind, bool want_pinned = false) {
    const Obj* found[kMaxObjects];
    size_t n = 0;
    for (int pass = want_pinned ? 0 : 1; pass < 2 && n == 0; ++pass)
      for (const Obj& o : objs_)
        if ((kind == 'o' || o.kind == kind) && (pass == 1 || pinned(o))) found[n++] = &o;
    uint8_t b = in_.u8();
    return n ? found[b % n] : nullptr;
  }

  // An Int# near `n` (a size in the primop's units): in range half of the time, else an edge.
  uint64_t gen_int(uint64_t n) {
    uint8_t sel = in_.u8();
    if (sel < 0x60) {
      uint64_t m = n < (1ull << 32) ? n + 1 : 1ull << 32;
      return in_.le(m <= 0x100 ? 1 : m <= 0x10000 ? 2 : 4) % m;
    }
    switch ((sel - 0x60) % 24) {
      case 0: return 0;
      case 1: return 1;
      case 2: return ~0ull;
      case 3: return 1ull << 31;
      case 4: return 1ull << 32;
      case 5: return (1ull << 32) + 16;
      case 6: return 1ull << 63;
      case 7: return (1ull << 63) - 1;
      case 8: return n;
      case 9: return n - 1;
      case 10: return n + 1;
      case 11: return n - (in_.u8() % 16);
      case 12: return n + (in_.u8() % 16);
      case 13: return in_.u8();
      case 14: return in_.le(2);
      case 15: return in_.le(8);
      case 16: return ~uint64_t(in_.u8());  // -1 .. -256
      case 17: return 1ull << 61;
      case 18: return (1ull << 31) - 1;
      case 19: return (1ull << 32) - 1;
      case 20: {
        uint8_t b = in_.u8();
        return npool_ ? pool_[b % std::min(npool_, kPool)] : 0;
      }
      case 21: return n / 2;
      case 22: return (1ull << 32) + n;
      default: return 1ull << 62;
    }
  }

  // A size for a new object: small, around the large-object threshold, or an edge. Sizes the
  // VM accepts are capped (see the top of the file); those it must refuse pass through.
  uint64_t gen_size(uint64_t threshold, uint64_t cap, uint64_t vm_max) {
    uint8_t sel = in_.u8();
    uint64_t v = sel < 0x80 ? in_.u8() : sel < 0xA0 ? threshold - 8 + in_.u8() % 16 : gen_int(threshold);
    if (v > cap && v <= vm_max) v %= cap + 1;
    return v;
  }

  uint64_t gen_addr(uint64_t& extent) {
    extent = 0;
    uint8_t sel = in_.u8();
    switch (sel % 8) {
      case 0: case 1: case 2: case 3:
        if (const Obj* o = pick('B', true)) {
          uint64_t base = vm_.run_memory_primop(s_.contents_id, {o->addr})[0];
          uint64_t size = size_of(*o), off = gen_int(size);
          if (off <= size) extent = size - off;
          return base + off;
        }
        break;
      case 4:
        if (naddrs_) {
          const AddrVal& a = addrs_[in_.u8() % std::min(naddrs_, kPool)];
          int64_t d = int8_t(in_.u8());
          if (d >= 0 && uint64_t(d) <= a.extent) extent = a.extent - uint64_t(d);
          return a.addr + uint64_t(d);
        }
        break;
      case 5: {
        const uint64_t mem = vm_.memory().size();
        const L::Regions& rg = s_.image.regions;
        const uint64_t edges[] = {0,
                                  8,
                                  L::kRuntimeBase - 8,
                                  L::kRuntimeBase,
                                  L::kLosState,
                                  L::kStablePtrState,
                                  L::kStaticBase,
                                  rg.stack_lo,
                                  rg.los_lo,
                                  rg.heap_lo,
                                  mem - 8,
                                  mem - 1,
                                  mem,
                                  0xFFFFFFFFull,
                                  1ull << 32,
                                  (1ull << 32) + rg.los_lo + 16,
                                  ~0ull,
                                  1ull << 63};
        return edges[in_.u8() % (sizeof edges / sizeof edges[0])];
      }
      case 6: return in_.le(4);
      default: return in_.le(8);
    }
    return in_.le(4);
  }

  // Runs one primop; false ends the input.
  bool step(const Op& op) {
    std::vector<uint64_t> args;
    uint64_t n = 0;  // the size the `i` operands are near
    for (char c : op.args) {
      switch (c) {
        case 'B': case 'R': case 'S': case 'M': case 'V': case 'W': case 'o': {
          const Obj* o = pick(c);
          if (!o) return true;  // nothing of that type yet: skip this operation
          args.push_back(o->addr);
          if (c == 'B') n = size_of(*o) / op.unit;
          else if (c == 'R' || c == 'S') n = size_of(*o);
          break;
        }
        case 'i': args.push_back(gen_int(n)); break;
        case 'z': args.push_back(gen_size(kLargeBytes, kMaxAllocBytes, kVmMaxBytes)); break;
        case 'e': args.push_back(gen_size(kLargeBytes / 8, kMaxAllocElems, kVmMaxElems)); break;
        case 'r': {  // resizeMutableByteArray#: near the current size
          uint64_t v = gen_int(n);
          if (v > kMaxAllocBytes && v <= kVmMaxBytes) v %= kMaxAllocBytes + 1;
          args.push_back(v);
          break;
        }
        case 'c': {  // elements to clone: near what is left after the offset
          uint64_t off = args.back(), v = gen_int(off <= n ? n - off : n);
          if (v > kMaxAllocElems && v <= kVmMaxElems) v %= kMaxAllocElems + 1;
          args.push_back(v);
          break;
        }
        case 'l': {
          uint8_t sel = in_.u8();
          uint64_t v = sel < 0xC0 ? 1ull << (sel % 17) : gen_int(16);
          if (v > kMaxAlign && v <= kVmMaxAlign && (v & (v - 1)) == 0) v = kMaxAlign;
          args.push_back(v);
          break;
        }
        case 'A': {
          uint64_t extent;
          args.push_back(gen_addr(extent));
          n = extent / op.unit;
          break;
        }
        case 'w': args.push_back(gen_int(0)); break;
        case 'p': {
          uint8_t sel = in_.u8();
          args.push_back(sel < 0x80 && nstable_ ? stable_[sel % std::min(nstable_, kPool)] : gen_int(nstable_));
          break;
        }
        default: abort();
      }
    }
    if (s_.trace) {
      fprintf(stderr, "%s", op.name.c_str());
      for (uint64_t a : args) fprintf(stderr, " 0x%llx", (unsigned long long)a);
    }
    uint64_t gcs = vm_.stats().gcs;
    std::vector<uint64_t> res;
    try {
      res = vm_.run_memory_primop(op.id, args);
    } catch (const stgvm::RuntimeFatal& e) {
      if (s_.trace) fprintf(stderr, " -> %s\n", e.what());
      return false;
    } catch (const stgvm::MemoryFault& e) {
      if (s_.trace) fprintf(stderr, " -> %s\n", e.what());
      return false;
    }
    if (s_.trace) {
      fprintf(stderr, " ->");
      for (uint64_t r : res) fprintf(stderr, " 0x%llx", (unsigned long long)r);
      fprintf(stderr, "\n");
    }
    if (vm_.stats().gcs != gcs) {  // the table may be stale now (see the top of the file)
      if (s_.trace) fprintf(stderr, "a collection ran: end of input\n");
      return false;
    }
    for (size_t k = 0; k < res.size() && k < op.res.size(); ++k) {
      switch (char c = op.res[k]) {
        case 'B': case 'R': case 'S': case 'M': case 'V': case 'W': add_object(res[k], c); break;
        case 'C': push(addrs_, naddrs_, AddrVal{res[k], size_of({args[0], 'B'})}); break;
        case 'A': push(addrs_, naddrs_, AddrVal{res[k], 0}); break;
        case 'w': push(pool_, npool_, res[k]); break;
        case 'p': push(stable_, nstable_, res[k]); break;
        default: break;
      }
    }
    return true;
  }
};

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  setup();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const Setup& s = setup();
  stgvm::Vm vm(s.image, stgvm::VmOptions{});
  Run(s, vm, data, size).run();
  return 0;
}
