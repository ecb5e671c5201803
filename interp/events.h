// The VM's event interface for analyses (call graphs, memory traces, profiles). A consumer
// overrides what it needs. With no consumer attached the interpreter runs its unobserved
// instantiation (exec<false>) and memory accesses test one null pointer, so observation
// costs nothing measurable when unused.
#pragma once
#include <cstdint>

#include "runtime/memory.h"

namespace stgvm {

class VmEvents : public MemoryObserver {
 public:
  virtual ~VmEvents() = default;
  // A code block starts executing (one step).
  virtual void on_step(uint32_t block) { (void)block; }
  // A closure is entered: a thunk forced or a function called with all its arguments.
  // `caller` is the code block that made the call (0 for the runtime).
  virtual void on_enter(uint32_t caller, uint32_t callee, uint64_t closure) {
    (void)caller, (void)callee, (void)closure;
  }
  // on_alloc (from MemoryObserver): heap allocation by a code block or the runtime.
  // on_memory (from MemoryObserver): a load or store of linear memory by the program or the
  // runtime.
};

}  // namespace stgvm
