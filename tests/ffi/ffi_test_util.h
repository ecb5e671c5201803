// Test fixture for the foreign-call shims: a small linear memory, a C heap, a recording host.
// The tests are built natively against GoogleTest and for wasm32-wasi against mini_gtest.h
// (tests/ffi/CMakeLists.txt); values the program sees are the ABI's (ffi/abi.h), which is
// the host's natively.
#pragma once
#if defined(__wasm__)
#include "tests/runtime/mini_gtest.h"
#else
#include <gtest/gtest.h>
#endif

#include <dirent.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <bit>
#include <cstdlib>
#include <cstring>
#include <initializer_list>
#include <string>
#include <vector>

#include "ffi/abi.h"
#include "ffi/foreign.h"

// A shim's memory fault: natively MemoryFault reaches the caller; on wasm32 a fault ends the
// program (runtime/memory.h), so there the statement is only compiled (ffi_wasm32_fatal checks
// that path).
#if defined(__wasm__)
#define EXPECT_FAULT(stmt) \
  do {                     \
    if (false) (void)(stmt); \
  } while (0)
#else
#define EXPECT_FAULT(stmt) EXPECT_THROW(stmt, ::stgvm::MemoryFault)
#endif

namespace stgvm::test {

// Bit patterns of floating-point values (how they travel in a u64 slot).
inline uint64_t bits(double d) { return std::bit_cast<uint64_t>(d); }
inline uint32_t bits(float f) { return std::bit_cast<uint32_t>(f); }
inline double as_double(uint64_t b) { return std::bit_cast<double>(b); }
inline float as_float(uint32_t b) { return std::bit_cast<float>(b); }

class FakeHost : public ForeignHost {
 public:
  uint64_t current_thread_id() override { return current; }
  void request_exit(int code) override { exits.push_back(code); }
  void free_stable_ptr(uint64_t sp) override { freed.push_back(sp); }
  const std::vector<std::string>& program_args() override { return args; }
  void set_program_args(std::vector<std::string> a) override { args = std::move(a); }
  uint64_t monotonic_ns() override { return clock; }
  uint64_t cpu_ns() override { return cpu; }
  uint64_t cpu_ns_per_tick() override { return 10; }
  void error_belch(const std::string& msg) override { errors.push_back(msg); }
  std::vector<std::string> environment() override { return env; }
  uint64_t thread_id(uint64_t tso) override { return tso / 0x100; }  // a made-up TSO → id map
  uint64_t thread_stack_bytes(uint64_t) override { return stack_bytes; }
  uint64_t max_heap_bytes() override { return max_heap; }
  void request_signal_exit(int sig) override { signals.push_back(sig); }
  void debug_belch(const std::string& text) override { debug.push_back(text); }

  uint64_t current = 1;
  uint64_t clock = 0, cpu = 0;
  uint64_t stack_bytes = 1 << 20;
  uint64_t max_heap = 0;
  std::vector<int> exits, signals;
  std::vector<uint64_t> freed;
  std::vector<std::string> args{"prog"}, errors, debug, env;
};

// Whether a host fd is open (wasi-libc's fcntl F_GETFD does not look at the fd).
inline bool host_fd_open(int fd) {
  struct stat st;
  return fstat(fd, &st) == 0;
}

// A fresh directory under /tmp (wasm32: the runner preopens /tmp), removed with its contents.
class TempDir {
 public:
  TempDir() {
#if defined(__wasm__)  // wasi-libc has no mkdtemp
    static unsigned counter = 0;
    for (int attempt = 0; attempt < 100 && path_.empty(); ++attempt) {
      struct timespec ts;
      clock_gettime(CLOCK_REALTIME, &ts);
      std::string p = "/tmp/stgvm-ffi-wasm32-" + std::to_string(ts.tv_sec) + "-" + std::to_string(ts.tv_nsec) + "-" +
                      std::to_string(counter++);
      if (mkdir(p.c_str(), 0700) == 0) path_ = p;
    }
#else
    char tmpl[] = "/tmp/stgvm-ffi-XXXXXX";
    if (mkdtemp(tmpl)) path_ = tmpl;
#endif
  }
  ~TempDir() {
    if (!path_.empty()) remove_tree(path_);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  bool ok() const { return !path_.empty(); }
  const std::string& path() const { return path_; }

  static void remove_tree(const std::string& p) {
    struct stat st;
    if (lstat(p.c_str(), &st) != 0) return;
    if (S_ISDIR(st.st_mode)) {
      if (DIR* d = opendir(p.c_str())) {
        while (struct dirent* e = readdir(d)) {
          std::string n = e->d_name;
          if (n != "." && n != "..") remove_tree(p + "/" + n);
        }
        closedir(d);
      }
      rmdir(p.c_str());
    } else {
      unlink(p.c_str());
    }
  }

 private:
  std::string path_;
};

// Memory layout of the fixture: scratch buffers from kScratch, the C heap at kHeap.
constexpr uint32_t kScratch = 0x20000;
constexpr uint32_t kHeap = 0x200000;
constexpr uint32_t kHeapSize = 0x100000;
constexpr uint32_t kMemBytes = 0x400000;

struct Arg {
  uint64_t v;
  CRep rep;
  Arg(int v_) : v(uint64_t(int64_t(v_))), rep(CRep::Int) {}
  Arg(long v_) : v(uint64_t(v_)), rep(CRep::Int) {}
  Arg(long long v_) : v(uint64_t(v_)), rep(CRep::Int) {}
  Arg(unsigned v_) : v(v_), rep(CRep::Word) {}
  Arg(unsigned long v_) : v(v_), rep(CRep::Word) {}
  Arg(unsigned long long v_) : v(v_), rep(CRep::Word) {}
  Arg(double d) : rep(CRep::Double) { std::memcpy(&v, &d, 8); }
  Arg(float f) : v(0), rep(CRep::Float) { std::memcpy(&v, &f, 4); }
  static Arg addr(uint32_t a) {
    Arg x(0u);
    x.v = a;
    x.rep = CRep::Addr;
    return x;
  }
  static Arg void_token() {
    Arg x(0u);
    x.rep = CRep::Void;
    return x;
  }
};
inline Arg A(uint32_t a) { return Arg::addr(a); }

class FfiTest : public ::testing::Test {
 protected:
  FfiTest() : mem(kMemBytes, kMemBytes), cheap(mem, kHeap, kHeapSize), ctx{mem, cheap, host} {}

  // Calls `name` (a C symbol or a capi wrapper label) with a cleared ctx.failure, through
  // call_foreign (which checks the argument count) or, `direct`, the shim's function itself.
  // The caller judges ctx.failure.
  // `c_slots`: the call as the interpreter makes it (no Void slot, the shim reads the slots in place).
  uint64_t invoke(std::string_view name, std::initializer_list<Arg> args, CRep result = CRep::Int,
                  bool direct = false, bool c_slots = false) {
    const ForeignSymbol* s = find_foreign(name);
    EXPECT_NE(s, nullptr) << name;
    ctx.failure.clear();
    if (!s) return 0;
    std::vector<uint64_t> slots;
    std::vector<CRep> reps;
    for (const Arg& a : args) {
      slots.push_back(a.v);
      reps.push_back(a.rep);
    }
    ForeignCall c{slots.data(), reps.data(), uint32_t(slots.size()), result, c_slots};
    return direct ? s->fn(ctx, c) : call_foreign(*s, ctx, c);
  }
  // A call that must succeed.
  uint64_t call(std::string_view name, std::initializer_list<Arg> args = {}) {
    uint64_t r = invoke(name, args);
    EXPECT_EQ(ctx.failure, "") << name;
    return r;
  }
  int64_t icall(std::string_view name, std::initializer_list<Arg> args = {}) { return int64_t(call(name, args)); }
  int32_t call32(std::string_view name, std::initializer_list<Arg> args = {}) {
    uint64_t r = call(name, args);
    EXPECT_EQ(int64_t(r), int64_t(int32_t(uint32_t(r)))) << name << ": result not sign-extended";
    return int32_t(uint32_t(r));
  }

  // Places a NUL-terminated string at a scratch address and returns it.
  uint32_t put_string(uint32_t at, const std::string& s) {
    std::memcpy(mem.span(at, uint32_t(s.size() + 1)), s.c_str(), s.size() + 1);
    return at;
  }
  std::string get_string(uint32_t at) { return mem.c_string(at); }
  void put_bytes(uint32_t at, const void* p, size_t n) { std::memcpy(mem.span(at, uint32_t(n)), p, n); }
  std::string get_bytes(uint32_t at, size_t n) { return std::string(reinterpret_cast<const char*>(mem.span(at, uint32_t(n))), n); }

  FakeHost host;
  Memory mem;
  CHeap cheap;
  ForeignContext ctx;
};

}  // namespace stgvm::test
