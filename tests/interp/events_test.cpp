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
  explicit Counter(const stgvm::Image& img, bool accesses = true) : img(img), accesses(accesses) {}
  const stgvm::Image& img;
  bool accesses;
  uint64_t steps = 0, blocks = 0, enters = 0, transfers = 0, sites = 0, alloc_bytes = 0, loads = 0, stores = 0;
  uint32_t lowest_addr = 0xFFFFFFFF;
  std::set<uint32_t> callees, threads, site_codes;
  bool wants_accesses() const override { return accesses; }
  void on_step(uint32_t) override { ++steps; }
  void on_block(uint32_t block, uint32_t thread) override {
    ++blocks;
    threads.insert(thread);
    if (img.blocks[block].kind == stgvm::ir::BlockKind::ClosureEntry) {
      ++enters;
      callees.insert(block);
    }
    VmEvents::on_block(block, thread);  // (on to on_step, as for consumers of steps only)
  }
  void on_transfer(uint32_t code, uint32_t) override {
    ++transfers;
    if (site_codes.count(code)) ++sites;
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

    Counter c(img);
    for (const stgvm::CallSite& s : img.attr.sites) c.site_codes.insert(s.code);
    stgvm::Vm watched(img, o);
    watched.attach(&c);
    ASSERT_EQ(watched.run_main(), 0);

    EXPECT_EQ(watched.heap_hash(), plain.heap_hash());
    EXPECT_EQ(watched.stats().steps, plain.stats().steps);
    EXPECT_EQ(c.steps, watched.stats().steps);
    EXPECT_EQ(c.alloc_bytes, watched.stats().allocated);
    EXPECT_EQ(c.blocks, c.steps);
    // Hello world forks nothing: its main thread, then the thread of its own that base's
  // flushStdHandles runs in at exit (as hs_exit runs it).
  EXPECT_EQ(c.threads, (std::set<uint32_t>{1, 2}));
    EXPECT_GT(c.enters, 100u);
    EXPECT_GT(c.transfers, c.steps / 2);
    EXPECT_GT(c.sites, c.enters / 2);  // most entries come from the program's call sites
    // Every closure entry block knows its closure: the attribution table names it.
    for (uint32_t b : c.callees) {
      uint32_t p = img.attr.block_point[b];
      ASSERT_NE(p, 0u) << b;
      EXPECT_EQ(img.attr.block_owner[b], p);
      EXPECT_EQ(img.attr.points[p].kind, stgvm::PointKind::Closure);
    }
    EXPECT_GT(c.loads, c.steps);
    EXPECT_GT(c.stores, 0u);
    EXPECT_GE(c.lowest_addr, stgvm::layout::kRuntimeBase);

    // A consumer that wants no memory accesses gets none, but still every allocation.
    Counter q(img, false);
    stgvm::Vm quiet(img, o);
    quiet.attach(&q);
    ASSERT_EQ(quiet.run_main(), 0);
    EXPECT_EQ(quiet.heap_hash(), plain.heap_hash());
    EXPECT_EQ(q.loads + q.stores, 0u);
    EXPECT_EQ(q.alloc_bytes, quiet.stats().allocated);
    EXPECT_EQ(q.enters, c.enters);
  });
}

}  // namespace
