// The top-level bindings a run can reach: from main and the closures the runtime uses by
// itself, through every reference in closure bodies and static constructor payloads. Only
// these are lowered (`stgvm lower --all` lowers everything), so start-up and the image scale
// with what the program uses, not with all of base.
#pragma once
#include <unordered_set>

#include "loader/program.h"

namespace stgvm {

// The closures the runtime runs or raises by itself besides main (their unique names; the
// Image records their addresses in this order: lower.cpp).
inline constexpr const char* kRuntimeRootNames[] = {
    "base_GHC.TopHandler.flushStdHandles",        "base_Control.Exception.Base.nonTermination",
    "base_GHC.Exception.Type.divZeroException",   "base_GHC.Exception.Type.overflowException",
    "base_GHC.Exception.Type.underflowException", "base_GHC.IO.Exception.heapOverflow",
    "base_GHC.IO.Exception.stackOverflow",        "base_GHC.IO.Exception.blockedIndefinitelyOnMVar",
    "base_GHC.IO.Exception.blockedIndefinitelyOnSTM", "base_Control.Exception.Base.nestedAtomically",
    "base_GHC.Weak.runFinalizerBatch"};

std::unordered_set<const stg::Binder*> reachable_top_level(const Program& p);

}  // namespace stgvm
