// Test fixture for the foreign-call shims: a small linear memory, a C heap, a recording host.
#pragma once
#include <gtest/gtest.h>

#include <bit>
#include <cstring>
#include <initializer_list>
#include <string>
#include <vector>

#include "ffi/foreign.h"

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
  void error_belch(const std::string& msg) override { errors.push_back(msg); }
  std::vector<std::string> environment() override { return env; }
  uint64_t thread_id(uint64_t tso) override { return tso / 0x100; }  // a made-up TSO → id map
  uint64_t thread_stack_bytes(uint64_t) override { return stack_bytes; }
  uint64_t max_heap_bytes() override { return max_heap; }
  void request_signal_exit(int sig) override { signals.push_back(sig); }
  void debug_belch(const std::string& text) override { debug.push_back(text); }

  uint64_t current = 1;
  uint64_t clock = 0;
  uint64_t stack_bytes = 1 << 20;
  uint64_t max_heap = 0;
  std::vector<int> exits, signals;
  std::vector<uint64_t> freed;
  std::vector<std::string> args{"prog"}, errors, debug, env;
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

  // Calls `name` (a C symbol or a capi wrapper label) through find_foreign + call_foreign.
  uint64_t call(std::string_view name, std::initializer_list<Arg> args = {}) {
    const ForeignSymbol* s = find_foreign(name);
    EXPECT_NE(s, nullptr) << name;
    if (!s) return 0;
    std::vector<uint64_t> slots;
    std::vector<CRep> reps;
    for (const Arg& a : args) {
      slots.push_back(a.v);
      reps.push_back(a.rep);
    }
    ForeignCall c{slots.data(), reps.data(), uint32_t(slots.size()), CRep::Int};
    ctx.failure.clear();
    uint64_t r = call_foreign(*s, ctx, c);
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
