// Running weak pointers' finalizers (runtime/finalizers.h).
#include "runtime/finalizers.h"

#include "runtime/machine.h"
#include "runtime/stacks.h"
#include "runtime/trap.h"

namespace stgvm {

namespace L = layout;

void run_c_finalizers(Machine& M, uint64_t chain) {
  if (!M.cfin) return;
  for (uint64_t c = chain; c; c = M.m.load64(uint32_t(c) + L::kCFinLink)) {
    // (One memory read per statement: traces must not depend on a compiler's argument order.)
    uint32_t a = uint32_t(c);
    uint64_t fn = M.m.load64(a + L::kCFinFn);
    uint64_t ptr = M.m.load64(a + L::kCFinPtr);
    uint64_t env = M.m.load64(a + L::kCFinEnv);
    bool has_env = M.m.load64(a + L::kCFinHasEnv) != 0;
    M.cfin->call_c_finalizer(fn, ptr, env, has_env);
  }
}

namespace {
// Drops from the dead list the weaks with nothing left to run.
void prune_dead(Machine& M) {
  uint32_t at = L::kDeadWeakHead;  // the word linking to the next weak
  while (uint32_t a = uint32_t(M.m.load64(at))) {
    if (M.m.load64(a + L::kWeakFinalizer) || M.m.load64(a + L::kWeakCFinalizers)) {
      at = a + L::kWeakLink;
      continue;
    }
    M.m.store64(at, M.m.load64(a + L::kWeakLink));
    M.m.store64(a + L::kWeakLink, 0);
  }
}

// The dead weaks whose Haskell finalizer has not been started.
uint32_t haskell_finalizers(const Machine& M) {
  uint32_t n = 0;
  for (uint32_t w = uint32_t(M.m.load64(L::kDeadWeakHead)); w; w = uint32_t(M.m.load64(w + L::kWeakLink)))
    n += M.m.load64(w + L::kWeakFinalizer) != 0;
  return n;
}
}  // namespace

void run_dead_c_finalizers(Machine& M) {
  for (uint32_t a = uint32_t(M.m.load64(L::kDeadWeakHead)); a; a = uint32_t(M.m.load64(a + L::kWeakLink))) {
    if (uint64_t chain = M.m.load64(a + L::kWeakCFinalizers)) {
      M.m.store64(a + L::kWeakCFinalizers, 0);  // (before running: a finalizer never runs twice)
      run_c_finalizers(M, chain);
      M.m.store64(a + L::kWeakValue, 0);  // kept alive for its C finalizers only
    }
  }
  prune_dead(M);
}

bool finalizers_pending(const Machine& M) { return haskell_finalizers(M) != 0; }

void start_finalizer_thread(Machine& M) {
  uint32_t n = haskell_finalizers(M);
  if (!n) return;
  uint32_t batch = M.closure(L::kRunFinalizerBatchClosure), int_box = M.info(L::kIntBoxInfo);
  if (!batch || !int_box) {  // (no program without base makes weak pointers with finalizers)
    for (uint32_t w = uint32_t(M.m.load64(L::kDeadWeakHead)); w; w = uint32_t(M.m.load64(w + L::kWeakLink)))
      M.m.store64(w + L::kWeakFinalizer, 0);
    prune_dead(M);
    return;
  }
  // The frozen array of finalizers, runFinalizerBatch's `I# n` and the PAP applying it to
  // both: the thread's IO action. Allocating may collect (the dead list is a root, and it
  // may grow at its end: the array holds the first n).
  uint32_t bytes = L::kArrPayload + 8 * n;
  Machine::Alloc arr = L::is_large_object(bytes) ? M.alloc_large(bytes, 16) : M.alloc(bytes);
  if (!arr.addr) return;
  uint64_t arr_root = arr.addr;
  uint64_t* roots[] = {&arr_root};
  Machine::Alloc rest = M.alloc(16 + L::kPapArgs + 16, roots, 1);
  if (!rest.addr) return;
  uint32_t a = uint32_t(arr_root);
  M.m.store64(a, M.info(L::kMutArrInfo));
  M.m.store64(a + L::kArrSize, n);
  // runFinalizerBatch runs index n-1 first: the first weak to die goes last in the array.
  // Weaks with only C finalizers stay on the list for them.
  uint32_t i = n;
  for (uint32_t w = uint32_t(M.m.load64(L::kDeadWeakHead)); w && i; w = uint32_t(M.m.load64(w + L::kWeakLink))) {
    uint64_t fin = M.m.load64(w + L::kWeakFinalizer);
    if (!fin) continue;
    M.m.store64(a + L::kArrPayload + 8 * --i, fin);
    M.m.store64(w + L::kWeakFinalizer, 0);
  }
  prune_dead(M);
  uint32_t box = rest.addr, pap = box + 16;
  M.m.store64(box, int_box);
  M.m.store64(box + 8, n);
  M.m.store64(pap, M.info(L::kPapInfo));
  M.m.store64(pap + L::kPapFun, batch);
  M.m.store64(pap + L::kPapNArgs, 2);
  M.m.store64(pap + L::kPapBitmap, 0b11);
  M.m.store64(pap + L::kPapArgs, box);
  M.m.store64(pap + L::kPapArgs + 8, a);
  if (!create_thread(M.m, M.los, M.thr, pap)) fatal("no memory for the finalizer thread");
}

void run_all_c_finalizers(Machine& M) {
  run_dead_c_finalizers(M);
  for (uint64_t w = M.m.load64(L::kWeakListHead); w; w = M.m.load64(uint32_t(w) + L::kWeakLink)) {
    uint32_t a = uint32_t(w);
    uint64_t chain = M.m.load64(a + L::kWeakCFinalizers);
    M.m.store64(a + L::kWeakCFinalizers, 0);
    run_c_finalizers(M, chain);
  }
}

}  // namespace stgvm
