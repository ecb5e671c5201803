// The event interface reports exactly what the machine did, and observing does not change
// what it does. Runs the bundled example archive (real base code).
#include <gtest/gtest.h>

#include <set>

#include "interp/vm.h"
#include "loader/large_stack.h"
#include "loader/load.h"
#include "lower/lower.h"

namespace {

struct Counter : stgvm::VmEvents {
  uint64_t steps = 0, enters = 0, alloc_bytes = 0, loads = 0, stores = 0;
  uint32_t lowest_addr = 0xFFFFFFFF;
  std::set<uint32_t> callees;
  void on_step(uint32_t) override { ++steps; }
  void on_enter(uint32_t, uint32_t callee, uint64_t) override {
    ++enters;
    callees.insert(callee);
  }
  void on_alloc(uint32_t, uint32_t, uint32_t bytes) override { alloc_bytes += bytes; }
  void on_memory(bool store, uint32_t addr, uint32_t, uint64_t) override {
    (store ? stores : loads)++;
    if (addr < lowest_addr) lowest_addr = addr;
  }
};

TEST(VmEvents, ReportWhatTheMachineDidWithoutChangingIt) {
  stgvm::run_with_large_stack([] {
    auto p = stgvm::load_program(STGVM_SOURCE_DIR "/data/examples/hello.fullpak");
    stgvm::layout::RegionSizes sizes;
    sizes.heap = 64 << 10;  // collections happen, and must be reported the same way
    stgvm::Image img = stgvm::lower_program(*p, sizes);
    stgvm::VmOptions o;
    o.args = {"hello"};

    stgvm::Vm plain(img, o);
    ASSERT_EQ(plain.run_main(), 0);

    Counter c;
    stgvm::Vm watched(img, o);
    watched.attach(&c);
    ASSERT_EQ(watched.run_main(), 0);

    EXPECT_EQ(watched.heap_hash(), plain.heap_hash());
    EXPECT_EQ(watched.stats().steps, plain.stats().steps);
    EXPECT_EQ(c.steps, watched.stats().steps);
    EXPECT_EQ(c.alloc_bytes, watched.stats().allocated);
    EXPECT_GT(c.enters, 100u);
    for (uint32_t b : c.callees) EXPECT_EQ(img.blocks[b].kind, stgvm::ir::BlockKind::ClosureEntry) << b;
    EXPECT_GT(c.loads, c.steps);
    EXPECT_GT(c.stores, 0u);
    EXPECT_GE(c.lowest_addr, stgvm::layout::kRuntimeBase);
  });
}

}  // namespace
