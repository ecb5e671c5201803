// Bounds checks of the primops over memory (runtime/memory_primops.cpp): every bulk and indexed
// family gets hostile offsets and lengths — negative Int#s, values past 2^32 that used to be
// truncated to 32 bits, products that wrap 64 bits — and must fail with a RuntimeFatal naming the
// primop before touching memory, while in-range operands (edges included) keep working.
// Primops run one at a time through Vm::run_memory_primop on a machine built from the
// bundled example archive.
#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "interp/vm.h"
#include "loader/large_stack.h"
#include "loader/load.h"
#include "lower/lower.h"
#include "primops/primop_table.h"

namespace {

using stgvm::primops::find_primop;
using W = std::vector<uint64_t>;

constexpr uint64_t kNeg1 = ~0ull;                 // -1#
constexpr uint64_t kMinInt = 1ull << 63;          // minBound :: Int
constexpr uint64_t kMaxInt = kMinInt - 1;         // maxBound :: Int
constexpr uint64_t k4G = 1ull << 32;              // truncates to 0
constexpr uint64_t k4G16 = k4G + 16;              // truncates to 16
constexpr uint64_t kWrap8 = 1ull << 61;           // * 8 wraps to 0

class MemoryPrimops : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    stgvm::run_with_large_stack([] {
      program_ = stgvm::load_program(STGVM_SOURCE_DIR "/data/examples/hello.fullpak").release();
      image_ = new stgvm::Image(stgvm::lower_program(*program_));
    });
  }
  void SetUp() override { vm_ = std::make_unique<stgvm::Vm>(*image_, stgvm::VmOptions{}); }

  static uint32_t id(const std::string& name) {
    const stgvm::primops::PrimOpDesc* d = find_primop(name);
    if (!d) ADD_FAILURE() << "no primop " << name;
    return d ? uint32_t(d->id) : 0;
  }
  W run(const std::string& name, const W& args) { return vm_->run_memory_primop(id(name), args); }
  uint64_t run1(const std::string& name, const W& args) {
    W r = run(name, args);
    return r.empty() ? 0 : r[0];
  }
  // The primop must fail as a failure of the machine (RuntimeFatal: the runtime library's
  // fatal error, or the interpreter's VmError) whose message starts with its name; returns
  // the message.
  std::string error(const std::string& name, const W& args) {
    try {
      run(name, args);
    } catch (const stgvm::RuntimeFatal& e) {
      std::string m = e.what();
      EXPECT_EQ(m.rfind(name + ": ", 0), 0u) << m;
      return m;
    } catch (const std::exception& e) {
      ADD_FAILURE() << name << ": not a RuntimeFatal naming the primop: " << e.what();
      return e.what();
    }
    ADD_FAILURE() << name << " accepted hostile operands";
    return "";
  }

  // A byte array of n bytes filled with 0, 1, 2, … (pinned: it also has an Addr#).
  uint64_t bytes(uint64_t n, bool pinned = false) {
    uint64_t a = run1(pinned ? "newPinnedByteArray#" : "newByteArray#", {n});
    for (uint64_t i = 0; i < n; ++i) run("writeWord8Array#", {a, i, i & 0xFF});
    return a;
  }
  uint64_t contents(uint64_t arr) { return run1("byteArrayContents#", {arr}); }
  uint8_t byte_at(uint64_t arr, uint64_t i) { return uint8_t(run1("readWord8Array#", {arr, i})); }
  // The size word of a byte array.
  static uint64_t size_of(stgvm::Vm& vm, uint64_t arr) { return vm.memory().load64(uint32_t(arr) + 8); }

  std::unique_ptr<stgvm::Vm> vm_;
  static inline stgvm::Program* program_ = nullptr;
  static inline stgvm::Image* image_ = nullptr;
};

TEST_F(MemoryPrimops, CopyByteArraysCheckBothRangesInFull64Bits) {
  for (const char* op : {"copyByteArray#", "copyMutableByteArray#"}) {
    SCOPED_TRACE(op);
    uint64_t src = bytes(64), dst = bytes(64), guard = bytes(64);
    EXPECT_EQ(error(op, {src, 16, dst, 0, k4G16}),
              std::string(op) + ": range [16, 4294967328) outside a 64-byte array");
    for (const W& args : std::vector<W>{{src, 0, dst, 0, kNeg1},      {src, 0, dst, 0, 65},       {src, 1, dst, 0, 64},
                                 {src, 0, dst, 1, 64},         {src, kNeg1, dst, 0, 1},    {src, 0, dst, kNeg1, 1},
                                 {src, k4G, dst, 0, 8},        {src, 0, dst, k4G, 8},      {src, 0, dst, 0, k4G},
                                 {src, kMaxInt, dst, 0, kMaxInt}, {src, 65, dst, 0, 0},   {src, 0, dst, kMinInt, 0}})
      error(op, args);
    for (uint64_t i = 0; i < 64; ++i) ASSERT_EQ(byte_at(dst, i), i) << "dst changed by a failed copy";
    for (uint64_t i = 0; i < 64; ++i) ASSERT_EQ(byte_at(guard, i), i);
    // In range, edges included: the whole array, and nothing at the very end.
    run(op, {src, 8, dst, 0, 56});
    EXPECT_EQ(byte_at(dst, 0), 8);
    EXPECT_EQ(byte_at(dst, 55), 63);
    EXPECT_EQ(byte_at(dst, 56), 56);
    run(op, {src, 64, dst, 64, 0});
    run(op, {src, 0, dst, 0, 64});
    EXPECT_EQ(byte_at(dst, 63), 63);
  }
  // Overlapping copy within one array still behaves as memmove.
  uint64_t a = bytes(16);
  run("copyMutableByteArray#", {a, 0, a, 4, 8});
  EXPECT_EQ(byte_at(a, 4), 0);
  EXPECT_EQ(byte_at(a, 11), 7);
}

TEST_F(MemoryPrimops, SetAndCompareByteArrays) {
  uint64_t a = bytes(64), b = bytes(64), guard = bytes(64);
  EXPECT_EQ(error("setByteArray#", {a, 0, k4G16, 0}), "setByteArray#: range [0, 4294967312) outside a 64-byte array");
  EXPECT_EQ(error("setByteArray#", {a, kNeg1, 2, 0}), "setByteArray#: offset -1, length 2 outside a 64-byte array");
  for (const W& args : std::vector<W>{{a, 0, kNeg1, 7}, {a, 60, 5, 7}, {a, k4G, 1, 7}, {a, kMinInt, 0, 7}, {a, 1, kMaxInt, 7}})
    error("setByteArray#", args);
  for (uint64_t i = 0; i < 64; ++i) ASSERT_EQ(byte_at(a, i), i);
  for (uint64_t i = 0; i < 64; ++i) ASSERT_EQ(byte_at(guard, i), i);
  run("setByteArray#", {a, 60, 4, 0xAB});
  EXPECT_EQ(byte_at(a, 59), 59);
  EXPECT_EQ(byte_at(a, 63), 0xAB);
  run("setByteArray#", {a, 64, 0, 0xCD});

  for (const W& args : std::vector<W>{{a, 0, b, 0, k4G16}, {a, 0, b, 0, kNeg1}, {a, 1, b, 0, 64}, {a, 0, b, 1, 64},
                               {a, kNeg1, b, 0, 1}, {a, 0, b, k4G, 1}, {a, kMaxInt, b, 0, 2}})
    error("compareByteArrays#", args);
  EXPECT_EQ(run1("compareByteArrays#", {a, 0, b, 0, 60}), 0u);
  EXPECT_EQ(int64_t(run1("compareByteArrays#", {a, 63, b, 63, 1})), 0xAB - 63);
  EXPECT_EQ(run1("compareByteArrays#", {a, 64, b, 64, 0}), 0u);
}

TEST_F(MemoryPrimops, CopiesBetweenByteArraysAndAddrCheckTheArrayAndMemory) {
  uint64_t arr = bytes(64);
  uint64_t mem_end = vm_->memory().size();
  for (const char* op : {"copyByteArrayToAddr#", "copyMutableByteArrayToAddr#"}) {
    SCOPED_TRACE(op);
    uint64_t pinned = bytes(64, true);
    uint64_t p = contents(pinned);
    EXPECT_EQ(error(op, {arr, 0, p, k4G16}), std::string(op) + ": range [0, 4294967312) outside a 64-byte array");
    for (const W& args : std::vector<W>{{arr, 0, p, kNeg1}, {arr, 8, p, 57}, {arr, kNeg1, p, 1}, {arr, k4G, p, 1}})
      error(op, args);
    // The Addr# side: past 4 GiB (no wrapping to p), the null page, the end of memory.
    EXPECT_NE(error(op, {arr, 0, k4G + p, 8}).find("outside mapped memory"), std::string::npos);
    error(op, {arr, 0, 0, 8});
    error(op, {arr, 0, mem_end - 4, 8});
    for (uint64_t i = 0; i < 64; ++i) ASSERT_EQ(byte_at(pinned, i), i);
    run(op, {arr, 0, p + 1, 8});
    EXPECT_EQ(byte_at(pinned, 1), 0);
    EXPECT_EQ(byte_at(pinned, 8), 7);
    run(op, {arr, 64, 0, 0});  // nothing copied: any address will do, as for memcpy
  }
  uint64_t p = contents(bytes(64, true));
  const char* op = "copyAddrToByteArray#";
  EXPECT_EQ(error(op, {p, arr, 16, k4G16}), std::string(op) + ": range [16, 4294967328) outside a 64-byte array");
  for (const W& args : std::vector<W>{{p, arr, 0, kNeg1}, {p, arr, kNeg1, 1}, {p, arr, 60, 5}, {k4G + p, arr, 0, 8},
                               {0, arr, 0, 8}, {mem_end - 4, arr, 0, 8}, {kNeg1, arr, 0, 1}})
    error(op, args);
  for (uint64_t i = 0; i < 64; ++i) ASSERT_EQ(byte_at(arr, i), i);
  run(op, {p + 60, arr, 0, 4});
  EXPECT_EQ(byte_at(arr, 0), 60);
  EXPECT_EQ(byte_at(arr, 3), 63);
  run(op, {mem_end - 8, arr, 56, 8});  // the last bytes of memory are readable
}

// Every <index|read|write><Elem><Array#|OffAddr#> and Word8ArrayAs<Elem> primop.
TEST_F(MemoryPrimops, EveryIndexReadWritePrimopChecksItsIndex) {
  const char* elems[] = {"Char",  "WideChar", "Int",  "Word",   "Addr",   "Float",  "Double", "StablePtr",
                         "Int8",  "Int16",    "Int32", "Int64", "Word8",  "Word16", "Word32", "Word64"};
  const int sizes[] = {1, 4, 8, 8, 8, 4, 8, 8, 1, 2, 4, 8, 1, 2, 4, 8};
  uint64_t arr = bytes(64, true);
  uint64_t p = contents(arr);
  uint64_t mem_end = vm_->memory().size();
  int checked = 0;
  for (const char* kind : {"index", "read", "write"}) {
    bool write = std::strcmp(kind, "write") == 0;
    auto args = [&](uint64_t obj, uint64_t i) { return write ? W{obj, i, 0} : W{obj, i}; };
    for (int e = 0; e < 16; ++e) {
      uint64_t sz = sizes[e];
      std::string on_array = std::string(kind) + elems[e] + "Array#";
      std::string on_addr = std::string(kind) + elems[e] + "OffAddr#";
      std::string as = std::string(kind) + "Word8ArrayAs" + elems[e] + "#";
      SCOPED_TRACE(on_array);
      // Element index into a byte array.
      for (uint64_t i : W{kNeg1, kMinInt, 64 / sz, k4G, k4G / sz, kWrap8, kMaxInt}) error(on_array, args(arr, i));
      EXPECT_EQ(error(on_array, args(arr, 64 / sz)),
                on_array + ": range [" + std::to_string(64 / sz) + ", " + std::to_string(64 / sz + 1) + ")" +
                    (sz > 1 ? " of " + std::to_string(sz) + "-byte elements" : "") + " outside a 64-byte array");
      run(on_array, args(arr, 64 / sz - 1));
      run(on_array, args(arr, 0));
      // Element offset from an Addr#: memory bounds, 64-bit arithmetic (negative is fine).
      for (uint64_t i : W{k4G / sz, (mem_end - p) / sz, (0 - p) / sz}) error(on_addr, args(p, i));
      error(on_addr, args(k4G + p, 0));
      error(on_addr, args(0, 0));
      error(on_addr, args(mem_end - sz + 1, 0));
      run(on_addr, args(p + 8, uint64_t(-1)));
      run(on_addr, args(mem_end - sz, 0));
      checked += 2;
      // Byte offset into a byte array, `sz` bytes wide.
      if (find_primop(as)) {
        for (uint64_t i : W{kNeg1, kMinInt, 65 - sz, k4G, k4G + 60, kMaxInt}) error(as, args(arr, i));
        run(as, args(arr, 64 - sz));
        ++checked;
      }
    }
  }
  EXPECT_EQ(checked, 3 * (16 * 2 + 14));  // all but Word8ArrayAsWord8/Int8 exist
  // The values themselves are unchanged: a write and read back, an index into an Addr#.
  run("writeWord32Array#", {arr, 15, 0xDEADBEEF});
  EXPECT_EQ(run1("readWord32Array#", {arr, 15}), 0xDEADBEEFu);
  EXPECT_EQ(run1("indexWord8ArrayAsWord32#", {arr, 60}), 0xDEADBEEFu);
  EXPECT_EQ(run1("indexInt8OffAddr#", {p + 63, 0}), uint64_t(int64_t(int8_t(0xDE))));
}

// GHC allocates byte arrays in whole words, and the array package's UArray Bool reads and
// writes the word holding its last bits even when the byte size is not a multiple of 8
// (corpus programs sieve and containers-api): accesses may use the rest of the last word.
TEST_F(MemoryPrimops, ByteArrayAccessesReachTheEndOfTheirLastWord) {
  uint64_t a = run1("newByteArray#", {251}), guard = bytes(8);
  run("writeWordArray#", {a, 31, 0x0102030405060708});
  EXPECT_EQ(run1("readWordArray#", {a, 31}), 0x0102030405060708u);
  EXPECT_EQ(run1("readWord8Array#", {a, 255}), 0x01u);
  EXPECT_EQ(error("readWordArray#", {a, 32}),
            "readWordArray#: range [32, 33) of 8-byte elements outside a 251-byte array");
  error("readWord8Array#", {a, 256});
  error("readWord8ArrayAsWord32#", {a, 253});
  error("copyMutableByteArray#", {a, 0, a, 8, 249});
  EXPECT_EQ(byte_at(guard, 0), 0);
  // A new size is a size, not an access: at most the size word itself.
  EXPECT_EQ(error("shrinkMutableByteArray#", {a, 252}), "shrinkMutableByteArray#: range [0, 252) outside a 251-byte array");
  run("shrinkMutableByteArray#", {a, 251});
  EXPECT_EQ(run1("sizeofMutableByteArray#", {a}), 251u);
}

TEST_F(MemoryPrimops, AtomicByteArrayOps) {
  uint64_t arr = bytes(64);
  const std::vector<std::pair<const char*, W>> ops = {
      {"atomicReadIntArray#", {}},   {"atomicWriteIntArray#", {1}}, {"casIntArray#", {0, 1}},
      {"fetchAddIntArray#", {1}},    {"fetchSubIntArray#", {1}},    {"fetchAndIntArray#", {1}},
      {"fetchNandIntArray#", {1}},   {"fetchOrIntArray#", {1}},     {"fetchXorIntArray#", {1}}};
  for (const auto& [op, rest] : ops) {
    SCOPED_TRACE(op);
    auto args = [&](uint64_t i) {
      W a{arr, i};
      a.insert(a.end(), rest.begin(), rest.end());
      return a;
    };
    for (uint64_t i : W{kNeg1, kMinInt, 8, k4G, kWrap8, kWrap8 + 1}) error(op, args(i));
    run(op, args(7));
  }
  EXPECT_EQ(error("fetchAddIntArray#", {arr, 8, 1}),
            "fetchAddIntArray#: range [8, 9) of 8-byte elements outside a 64-byte array");
}

TEST_F(MemoryPrimops, ArraysOfPointers) {
  for (const char* kind : {"", "Small"}) {
    std::string k = kind;
    SCOPED_TRACE(k);
    uint64_t a = run1("new" + k + "Array#", {8, 0x1111}), b = run1("new" + k + "Array#", {8, 0x2222});
    auto read = [&](uint64_t arr, uint64_t i) { return run1("read" + k + "Array#", {arr, i}); };
    run("write" + k + "Array#", {a, 7, 0x7777});
    for (const char* op : {"read", "index"})
      for (uint64_t i : W{kNeg1, kMinInt, 8, k4G, k4G + 1, kWrap8}) error(op + k + "Array#", {a, i});
    for (uint64_t i : W{kNeg1, 8, k4G + 1, kWrap8}) error("write" + k + "Array#", {a, i, 0});
    for (uint64_t i : W{kNeg1, 8, k4G + 1, kWrap8}) error("cas" + k + "Array#", {a, i, 0x1111, 0});
    EXPECT_EQ(error("read" + k + "Array#", {a, 8}), "read" + k + "Array#: range [8, 9) outside a 8-element array");
    EXPECT_EQ(read(a, 7), 0x7777u);

    for (const std::string& op : {"copy" + k + "Array#", "copy" + k + "MutableArray#"}) {
      EXPECT_EQ(error(op, {a, 4, b, 0, k4G16}), op + ": range [4, 4294967316) outside a 8-element array");
      for (const W& args : std::vector<W>{{a, 0, b, 0, kNeg1}, {a, 0, b, 0, 9}, {a, 1, b, 0, 8}, {a, 0, b, 1, 8},
                                   {a, kNeg1, b, 0, 1}, {a, 0, b, k4G, 1}, {a, 0, b, 0, kWrap8}})
        error(op, args);
      EXPECT_EQ(read(b, 0), 0x2222u);
      run(op, {a, 8, b, 8, 0});
    }
    run("copy" + k + "MutableArray#", {a, 6, b, 0, 2});
    EXPECT_EQ(read(b, 1), 0x7777u);
    EXPECT_EQ(read(b, 2), 0x2222u);

    for (const std::string& op : {"clone" + k + "Array#", "clone" + k + "MutableArray#", "freeze" + k + "Array#",
                                 "thaw" + k + "Array#"}) {
      for (const W& args : std::vector<W>{{a, 0, kNeg1}, {a, 0, 9}, {a, 1, 8}, {a, kNeg1, 1}, {a, k4G, 1}, {a, 0, k4G + 4},
                                   {a, 0, kWrap8}})
        error(op, args);
      uint64_t c = run1(op, {a, 6, 2});
      EXPECT_EQ(read(c, 1), 0x7777u);
      EXPECT_EQ(run1("sizeof" + k + "Array#", {c}), 2u);
      run1(op, {a, 8, 0});
    }
  }
  uint64_t s = run1("newSmallArray#", {8, 0});
  for (uint64_t n : W{kNeg1, 9, k4G}) error("shrinkSmallMutableArray#", {s, n});
  run("shrinkSmallMutableArray#", {s, 3});
  EXPECT_EQ(run1("getSizeofSmallMutableArray#", {s}), 3u);
  error("readSmallArray#", {s, 3});  // the new size is the bound
}

TEST_F(MemoryPrimops, ShrinkAndResizeByteArrays) {
  uint64_t a = bytes(64);
  for (uint64_t n : W{kNeg1, 65, k4G, k4G + 8}) error("shrinkMutableByteArray#", {a, n});
  EXPECT_EQ(size_of(*vm_, a), 64u);
  run("shrinkMutableByteArray#", {a, 16});
  EXPECT_EQ(size_of(*vm_, a), 16u);
  error("readWord8Array#", {a, 16});  // the new size is the bound
  error("copyMutableByteArray#", {a, 0, a, 8, 9});
  for (uint64_t n : W{kNeg1, kMinInt, k4G}) error("resizeMutableByteArray#", {a, n});
  uint64_t b = run1("resizeMutableByteArray#", {a, 32});
  EXPECT_EQ(size_of(*vm_, b), 32u);
  EXPECT_EQ(byte_at(b, 15), 15);
  EXPECT_EQ(byte_at(b, 16), 0);
  for (uint64_t n : W{kNeg1, k4G}) error("newByteArray#", {n});
  error("newAlignedPinnedByteArray#", {16, k4G + 16});
}

}  // namespace
