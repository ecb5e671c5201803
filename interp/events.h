// The VM's event interface for analyses (call graphs, memory traces, profiles). A consumer
// overrides what it needs. With no consumer attached the interpreter runs its unobserved
// instantiation (exec<false>) and memory accesses test one null pointer, so observation
// costs nothing measurable when unused.
#pragma once
#include <cstdint>

#include "runtime/memory.h"
#include "runtime/trace.h"

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
  // A load or store by the program's code itself (on_memory: by the runtime library).
  virtual void on_program_memory(bool store, uint32_t addr, uint32_t size, uint64_t value) {
    on_memory(store, addr, size, value);
  }
  // on_alloc (from MemoryObserver): heap allocation by a code block or the runtime.
  // on_memory (from MemoryObserver): a load or store of linear memory by the program or the
  // runtime.
};

// Writes the events as a memory-access trace (runtime/trace.h): `run --trace`.
class TraceEvents : public VmEvents {
 public:
  TraceEvents(int fd, const uint64_t* steps) : w_(fd, steps) {}
  void on_step(uint32_t block) override { w_.step(block); }
  void on_memory(bool store, uint32_t addr, uint32_t size, uint64_t value) override {
    w_.on_memory(store, addr, size, value);
  }
  void on_program_memory(bool store, uint32_t addr, uint32_t size, uint64_t value) override {
    w_.program_access(store, addr, size, value);
  }
  void on_alloc(uint32_t block, uint32_t addr, uint32_t bytes) override { w_.on_alloc(block, addr, bytes); }
  TraceWriter& writer() { return w_; }

 private:
  TraceWriter w_;
};

}  // namespace stgvm
