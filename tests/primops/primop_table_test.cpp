// The primop descriptor table: every primop of GHC 9.0.2's primops.txt.pp has a descriptor,
// names resolve, unarised argument/result counts of well-known primops are right, and the
// pure ones are exactly the value-level families.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <string_view>

#include "primops/primop_table.h"
#include "primops/pure_hot.h"

using namespace stgvm::primops;

namespace {

struct IncEntry {
  std::string_view name;
  PrimOpId id;
  PrimFamily family;
  int nargs, nres;
};

constexpr IncEntry kIncEntries[] = {
#define STGVM_PRIMOP(ident, name, family, nargs, nres, argreps, resreps, flags) \
  {name, PrimOpId::ident, PrimFamily::family, nargs, nres},
#include "primops/primop_list.inc"
#undef STGVM_PRIMOP
};

const std::set<PrimFamily> kPureFamilies = {
    PrimFamily::Char,   PrimFamily::Int8,       PrimFamily::Word8,  PrimFamily::Int16,
    PrimFamily::Word16, PrimFamily::Int,        PrimFamily::Word,   PrimFamily::Narrowings,
    PrimFamily::Double, PrimFamily::Float,      PrimFamily::Addr};

}  // namespace

TEST(PrimopTable, CountMatchesPrimopsTxt) {
  // genprimopcode --primop-tag on GHC 9.0.2 x86_64: maxPrimOpTag = 1213.
  EXPECT_EQ(kPrimOpCount, 1213u);
  EXPECT_EQ(all_primops().size(), kPrimOpCount);
  EXPECT_EQ(std::size(kIncEntries), kPrimOpCount);
}

TEST(PrimopTable, EveryNameInTheIncHasADescriptor) {
  std::set<std::string_view> seen;
  for (const IncEntry& e : kIncEntries) {
    const PrimOpDesc* d = find_primop(e.name);
    ASSERT_NE(d, nullptr) << e.name;
    EXPECT_EQ(d->name, e.name);
    EXPECT_EQ(d->id, e.id) << e.name;
    EXPECT_EQ(d->family, e.family) << e.name;
    EXPECT_EQ(d->n_args, e.nargs) << e.name;
    EXPECT_EQ(d->n_results, e.nres) << e.name;
    EXPECT_EQ(&primop(e.id), d) << e.name;
    EXPECT_TRUE(seen.insert(e.name).second) << "duplicate name " << e.name;
  }
}

TEST(PrimopTable, IdsIndexTheTableAndRepsMatchCounts) {
  auto all = all_primops();
  for (std::size_t i = 0; i < all.size(); ++i) {
    const PrimOpDesc& d = all[i];
    EXPECT_EQ(static_cast<std::size_t>(d.id), i) << d.name;
    EXPECT_EQ(d.arg_reps.size(), d.n_args) << d.name;
    EXPECT_EQ(d.result_reps.size(), d.n_results) << d.name;
    EXPECT_EQ(d.arg_reps.find_first_not_of("IWCAFDbBhHPV?"), std::string_view::npos) << d.name;
    EXPECT_EQ(d.result_reps.find_first_not_of("IWCAFDbBhHPV?"), std::string_view::npos) << d.name;
    EXPECT_NE(family_name(d.family), "?") << d.name;
  }
  // GHC's first and last primop tags.
  EXPECT_EQ(all.front().name, "gtChar#");
  EXPECT_EQ(all.back().name, "prefetchValue0#");
}

TEST(PrimopTable, UnknownNamesAreNotFound) {
  EXPECT_EQ(find_primop(""), nullptr);
  EXPECT_EQ(find_primop("noSuchPrimop#"), nullptr);
  EXPECT_EQ(find_primop("+"), nullptr);
  EXPECT_EQ(find_primop("plusInt32#"), nullptr);  // no Int32# primops in 9.0.2
  EXPECT_EQ(find_primop("coerce"), nullptr);      // pseudoops are not primops
  EXPECT_EQ(find_primop("seq"), nullptr);
  EXPECT_EQ(find_primop("unsafeCoerce#"), nullptr);
  EXPECT_EQ(find_primop("nullAddr#"), nullptr);
  EXPECT_EQ(find_primop("proxy#"), nullptr);
  EXPECT_EQ(find_primop(std::string_view("+#\0", 3)), nullptr);
  EXPECT_EQ(find_primop("+# "), nullptr);
}

TEST(PrimopTable, UnarisedCountsOfWellKnownPrimops) {
  struct {
    const char* name;
    int nargs, nres;
    const char* args;
    const char* res;
  } cases[] = {
      {"+#", 2, 1, "II", "I"},
      {"addIntC#", 2, 2, "II", "II"},
      {"timesInt2#", 2, 3, "II", "III"},
      {"quotRemWord2#", 3, 2, "WWW", "WW"},
      {"decodeDouble_2Int#", 1, 4, "D", "IWWI"},
      {"decodeDouble_Int64#", 1, 2, "D", "II"},
      {"decodeFloat_Int#", 1, 2, "F", "II"},
      {"quotRemInt8#", 2, 2, "bb", "bb"},
      {"extendWord16#", 1, 1, "H", "W"},
      {"ord#", 1, 1, "C", "I"},
      {"plusAddr#", 2, 1, "AI", "A"},
      {"newByteArray#", 1, 1, "I", "P"},  // State# dropped
      {"writeArray#", 3, 0, "PIP", ""},
      {"readMutVar#", 1, 1, "P", "P"},
      {"casMutVar#", 3, 2, "PPP", "IP"},
      {"atomicModifyMutVar2#", 2, 2, "PP", "PP"},
      {"catch#", 2, 1, "PP", "P"},
      {"raiseIO#", 1, 1, "P", "P"},
      {"maskAsyncExceptions#", 1, 1, "P", "P"},
      {"getMaskingState#", 0, 1, "", "I"},
      {"fork#", 1, 1, "P", "P"},
      {"yield#", 0, 0, "", ""},
      {"myThreadId#", 0, 1, "", "P"},
      {"newMVar#", 0, 1, "", "P"},
      {"takeMVar#", 1, 1, "P", "P"},
      {"tryTakeMVar#", 1, 2, "P", "IP"},
      {"delay#", 1, 0, "I", ""},
      {"makeStablePtr#", 1, 1, "P", "A"},
      {"indexIntOffAddr#", 2, 1, "AI", "I"},
      {"readDoubleArray#", 2, 1, "PI", "D"},
      {"writeWord8OffAddr#", 3, 0, "AIW", ""},  // 9.0.2: Word#, not Word8#
      {"seq#", 1, 1, "P", "P"},
      {"dataToTag#", 1, 1, "P", "I"},
      {"tagToEnum#", 1, 1, "I", "P"},
      {"touch#", 1, 0, "?", ""},
      {"keepAlive#", 2, 1, "?P", "?"},
      {"raise#", 1, 1, "P", "?"},
      {"unpackInt8X16#", 1, 16, "V", "IIIIIIIIIIIIIIII"},
      {"packDoubleX2#", 2, 1, "DD", "V"},
      {"prefetchValue0#", 1, 0, "P", ""},
  };
  for (const auto& c : cases) {
    const PrimOpDesc* d = find_primop(c.name);
    ASSERT_NE(d, nullptr) << c.name;
    EXPECT_EQ(d->n_args, c.nargs) << c.name;
    EXPECT_EQ(d->n_results, c.nres) << c.name;
    EXPECT_EQ(d->arg_reps, c.args) << c.name;
    EXPECT_EQ(d->result_reps, c.res) << c.name;
  }
}

TEST(PrimopTable, Flags) {
  EXPECT_TRUE(find_primop("+#")->has_flag(kCommutable));
  EXPECT_FALSE(find_primop("-#")->has_flag(kCommutable));
  EXPECT_TRUE(find_primop("quotInt#")->has_flag(kCanFail));
  EXPECT_TRUE(find_primop("newByteArray#")->has_flag(kSideEffects));
  EXPECT_TRUE(find_primop("newByteArray#")->has_flag(kOutOfLine));
  EXPECT_TRUE(find_primop("decodeDouble_2Int#")->has_flag(kOutOfLine));
  EXPECT_TRUE(find_primop("plusInt8X16#")->has_flag(kLlvmOnly));
  EXPECT_EQ(find_primop("ord#")->flags, 0);
}

TEST(PrimopTable, FamiliesAreSections) {
  EXPECT_EQ(find_primop("+#")->family, PrimFamily::Int);
  EXPECT_EQ(family_name(PrimFamily::Int), "Int#");
  EXPECT_EQ(find_primop("narrow8Int#")->family, PrimFamily::Narrowings);
  EXPECT_EQ(family_name(PrimFamily::SynchronizedIOPorts), "Synchronized I/O Ports");
  EXPECT_EQ(find_primop("plusAddr#")->family, PrimFamily::Addr);
  EXPECT_EQ(find_primop("indexCharOffAddr#")->family, PrimFamily::Addr);
  EXPECT_EQ(family_name(find_primop("fork#")->family), "Concurrency primitives");
}

TEST(PrimopTable, PureOpsAreExactlyTheValueFamilies) {
  int pure = 0;
  for (const PrimOpDesc& d : all_primops()) {
    if (!d.is_pure()) {
      // Everything outside the value families is the VM's; inside them only the memory
      // primops of the Addr# section are.
      if (kPureFamilies.count(d.family)) {
        EXPECT_EQ(d.family, PrimFamily::Addr) << d.name << " should be pure";
        EXPECT_TRUE(d.has_flag(kCanFail) || d.has_flag(kSideEffects)) << d.name;  // memory
      }
      EXPECT_EQ(d.trap, nullptr) << d.name;
      continue;
    }
    ++pure;
    EXPECT_TRUE(kPureFamilies.count(d.family)) << d.name;
    EXPECT_FALSE(d.has_flag(kSideEffects)) << d.name;
    EXPECT_EQ(d.arg_reps.find_first_of("PV?"), std::string_view::npos) << d.name;
    EXPECT_EQ(d.result_reps.find_first_of("PV?"), std::string_view::npos) << d.name;
    // GHC marks the divisions can_fail, except remAddr# (which we trap on divisor 0 too).
    if (d.trap && d.name != "remAddr#") {
      EXPECT_TRUE(d.has_flag(kCanFail)) << d.name;
    }
  }
  EXPECT_EQ(pure, 239);  // 228 in the ten value sections + 11 Addr# arithmetic ops
}

TEST(PrimopTable, TrappingOpsAreTheDivisions) {
  std::set<std::string> expected = {
      "quotInt#",  "remInt#",  "quotRemInt#",  "quotWord#",  "remWord#",  "quotRemWord#",
      "quotRemWord2#", "quotInt8#", "remInt8#", "quotRemInt8#", "quotWord8#", "remWord8#",
      "quotRemWord8#", "quotInt16#", "remInt16#", "quotRemInt16#", "quotWord16#",
      "remWord16#", "quotRemWord16#", "remAddr#"};
  std::set<std::string> actual;
  for (const PrimOpDesc& d : all_primops())
    if (d.trap) actual.insert(std::string(d.name));
  EXPECT_EQ(actual, expected);
}

TEST(PrimopTable, TrapMessages) {
  EXPECT_EQ(trap_message(PrimTrap::DivideByZero), "divide by zero");
  EXPECT_NE(trap_message(PrimTrap::Overflow).find("overflow"), std::string_view::npos);
}

// The interpreter runs the hot lists' entries inline (interp/exec.cpp), decoding a primop to
// its entry by position: each must be pure, unable to trap, with the arity of its list, and
// each list's positions must find them again.
TEST(PrimopTable, HotListsArePureNonTrappingAndIndexed) {
  int n2 = 0, n1 = 0;
  auto check = [](PrimOpId id, const char* name, int arity, int at, int (*own)(PrimOpId), int (*other)(PrimOpId)) {
    const PrimOpDesc& d = primop(id);
    EXPECT_TRUE(d.is_pure() && !d.trap && d.n_args == arity && d.n_results == 1) << name;
    EXPECT_EQ(own(id), at) << name;
    EXPECT_EQ(other(id), -1) << name;
  };
#define STGVM_CHECK_HOT(ID, EXPR) check(PrimOpId::ID, #ID, 2, n2++, hot_index, hot_unary_index);
  STGVM_HOT_PRIMOPS(STGVM_CHECK_HOT)
#undef STGVM_CHECK_HOT
#define STGVM_CHECK_HOT1(ID, EXPR) check(PrimOpId::ID, #ID, 1, n1++, hot_unary_index, hot_index);
  STGVM_HOT_UNARY(STGVM_CHECK_HOT1)
#undef STGVM_CHECK_HOT1
  EXPECT_EQ(n2, kHotPrimOpCount);
  EXPECT_EQ(n1, kHotUnaryCount);
  EXPECT_EQ(hot_index(PrimOpId::IntQuotOp), -1);  // (traps: not hot)
  // Inline and through the table, one definition: the table's function gives the list's value.
  uint64_t in[2] = {uint64_t(-3), 0}, out[1] = {0};
  primop(PrimOpId::Int2DoubleOp).fn(in, out);
  EXPECT_EQ(out[0], 0xC008000000000000ull);  // -3.0
  primop(PrimOpId::OrdOp).fn(in, out);
  EXPECT_EQ(out[0], uint64_t(-3));
}
