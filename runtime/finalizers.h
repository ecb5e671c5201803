// Weak pointers' finalizers as GHC 9.0.2 runs them (rts/Weak.c). A collection puts the weak
// pointers whose keys it found dead on layout::kDeadWeakHead, their finalizers kept alive.
// Their C finalizers (addCFinalizerToWeak#, e.g. a ForeignPtr's `free`) run, newest first
// per weak, when the next collection starts (as in GHC's non-threaded RTS). At the next
// switch of threads one new thread runs base's GHC.Weak.runFinalizerBatch over their Haskell
// finalizers, in the order the weaks were on the weak list, each under a handler that
// ignores its exceptions. A weak leaves the dead list once nothing of it is left to run. At
// exit the C finalizers not run yet run (hs_exit's runAllCFinalizers); Haskell finalizers
// pending then are abandoned, as GHC abandons them.
#pragma once
#include <cstdint>

namespace stgvm {

class Machine;

// How the runtime calls a C finalizer: through the executor's foreign calls (a FunPtr is the
// address of a C label's cell).
class CFinalizerCaller {
 public:
  virtual ~CFinalizerCaller() = default;
  virtual void call_c_finalizer(uint64_t fn, uint64_t ptr, uint64_t env, bool has_env) = 0;
};

// A chain of C_FINALIZER_LIST objects (rts/Weak.c runCFinalizers).
void run_c_finalizers(Machine& M, uint64_t chain);
// Before a collection: the C finalizers of the dead weaks; those without a Haskell finalizer
// leave the list.
void run_dead_c_finalizers(Machine& M);
// Whether Haskell finalizers wait for a thread (the scheduler then switches threads soon).
bool finalizers_pending(const Machine& M);
// At a switch of threads (the running one stopped, its state saved): the finalizer thread
// for the Haskell finalizers waiting, if any, queued to run (scheduleFinalizers). Leaves the
// list as it is when memory is short.
void start_finalizer_thread(Machine& M);
// At exit: every C finalizer not run yet.
void run_all_c_finalizers(Machine& M);

}  // namespace stgvm
