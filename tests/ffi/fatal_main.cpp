// A wasm32-wasi program in which a foreign-call shim meets a bad pointer, chosen by its
// argument: on wasm32 the memory fault prints `stgvm: error: memory fault: …` on stderr and
// exits with code 3 (natively MemoryFault is thrown, which the EXPECT_FAULT checks of
// tests/ffi see). Run by the ffi_wasm32_fatal_* tests.
#include <cstdio>
#include <cstring>
#include <vector>

#include "ffi/foreign.h"

namespace {
struct Host : stgvm::ForeignHost {
  uint64_t current_thread_id() override { return 1; }
  void request_exit(int) override {}
  void free_stable_ptr(uint64_t) override {}
  const std::vector<std::string>& program_args() override { return args; }
  void set_program_args(std::vector<std::string> a) override { args = std::move(a); }
  uint64_t monotonic_ns() override { return 0; }
  void error_belch(const std::string&) override {}
  std::vector<std::string> args{"prog"};
};
}  // namespace

int main(int argc, char** argv) {
  using namespace stgvm;
  Memory mem(4u << 20, 4u << 20);
  CHeap cheap(mem, 0x200000, 0x100000);
  Host host;
  ForeignContext ctx{mem, cheap, host};
  const char* what = argc > 1 ? argv[1] : "";
  auto call = [&](const char* sym, std::vector<uint64_t> slots, std::vector<CRep> reps) {
    ForeignCall c{slots.data(), reps.data(), uint32_t(slots.size()), CRep::Int};
    return call_foreign(*find_foreign(sym), ctx, c);
  };
  if (!std::strcmp(what, "read")) call("read", {0, (4u << 20) - 4, 8}, {CRep::Int, CRep::Addr, CRep::Word});
  else if (!std::strcmp(what, "guard")) call("memcpy", {0x100, 0x20000, 4}, {CRep::Addr, CRep::Addr, CRep::Word});
  else if (!std::strcmp(what, "pointer")) call("strlen", {0x100020000ull}, {CRep::Addr});
  std::printf("no memory fault for \"%s\"\n", what);
  return 0;
}
