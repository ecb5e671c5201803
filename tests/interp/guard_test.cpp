// The interpreter's unchecked loads and stores (Memory::*_raw) inside a GuardedRegion
// (interp/guard.h): a stray one is the same MemoryFault a checked access gives — with guard
// pages through the signal handler, without them (ASan builds) through the check — and never
// a crash or a silent read.
#include "interp/guard.h"

#include <gtest/gtest.h>

#include <string>

namespace stgvm {
namespace {

volatile uint64_t sink;  // (a load whose value nobody uses would not be made at all)

// The fault message of `f` run inside a region on `m` ("" if it returned normally).
template <class F>
std::string fault_of(const Memory& m, F f) {
  try {
    STGVM_GUARDED(m, f());
  } catch (const MemoryFault& e) {
    return e.what();
  }
  return "";
}

TEST(GuardedRegion, StrayLoadsAndStoresAreMemoryFaults) {
  Memory m(1u << 20, 1u << 24);
  uint32_t end = m.size();
  EXPECT_EQ(fault_of(m, [&] { sink = m.load64_raw(end); }),
            "memory fault: access beyond the end of memory at address 0x00100000 (8 bytes)");
  EXPECT_EQ(fault_of(m, [&] { m.store64_raw(end + 0x1230, 7); }),
            "memory fault: access beyond the end of memory at address 0x00101230 (8 bytes)");
  EXPECT_EQ(fault_of(m, [&] { sink = m.load64_raw(0x100); }),
            "memory fault: access to the null guard page at address 0x00000100 (8 bytes)");
  // (A guard page's signal does not tell the access's width: the fault names the word, where
  // the check, in ASan builds, names the 4 bytes.)
  EXPECT_EQ(fault_of(m, [&] { sink = m.load32_raw(0x108); }).rfind(
                "memory fault: access to the null guard page at address 0x00000108 (", 0),
            0u);
  // The top of the 32-bit space, and an access that runs past it: still inside the reservation.
  EXPECT_NE(fault_of(m, [&] { sink = m.load64_raw(0xFFFFFFF0u); }), "");
  EXPECT_NE(fault_of(m, [&] { sink = m.load64_raw(0xFFFFFFFCu); }), "");
}

TEST(GuardedRegion, InRangeAccessesWorkAndGrowingMakesMoreReachable) {
  Memory m(1u << 20, 1u << 24);
  uint32_t end = m.size();
  EXPECT_EQ(fault_of(m, [&] {
              m.store64_raw(0x10000, 0x1122334455667788ull);
              m.store64_raw(end - 8, 42);
            }),
            "");
  EXPECT_EQ(m.load64(0x10000), 0x1122334455667788ull);
  EXPECT_EQ(m.load32_raw(0x10004), 0x11223344u);
  EXPECT_EQ(m.load64(end - 8), 42u);
  ASSERT_TRUE(m.grow_to(uint64_t(end) + 0x10000));
  EXPECT_EQ(fault_of(m, [&] { m.store64_raw(end, 9); }), "");
  EXPECT_EQ(m.load64(end), 9u);
  EXPECT_NE(fault_of(m, [&] { m.store64_raw(end + 0x10000, 9); }), "");
}

// A fault in an inner region ends only that region; the outer one keeps catching its own.
TEST(GuardedRegion, RegionsNest) {
  Memory a(1u << 20, 1u << 24), b(1u << 20, 1u << 24);
  std::string inner, outer;
  outer = fault_of(a, [&] {
    inner = fault_of(b, [&] { sink = b.load64_raw(0x200000); });
    a.store64_raw(0x10000, 5);
    sink = a.load64_raw(0x300000);
  });
  EXPECT_EQ(inner, "memory fault: access beyond the end of memory at address 0x00200000 (8 bytes)");
  EXPECT_EQ(outer, "memory fault: access beyond the end of memory at address 0x00300000 (8 bytes)");
  EXPECT_EQ(a.load64(0x10000), 5u);
  // And again after both regions are gone: the handler still finds a new one.
  EXPECT_NE(fault_of(a, [&] { sink = a.load64_raw(0x100); }), "");
}

}  // namespace
}  // namespace stgvm
