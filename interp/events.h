// The VM's event interface for analyses (call graphs, memory traces, profiles). A consumer
// overrides what it needs. With no consumer attached the interpreter runs its unobserved
// instantiation (exec<false>) and memory accesses test one null pointer, so observation
// costs nothing measurable when unused.
#pragma once
#include <cstdint>
#include <functional>
#include <vector>

#include "runtime/memory.h"
#include "runtime/trace.h"

namespace stgvm {

class VmEvents : public MemoryObserver {
 public:
  virtual ~VmEvents() = default;
  // Set by the VM when attached: the running thread's stack frames, innermost first (at most
  // `max`), as the code blocks they return to (update, catch and other runtime frames
  // included), read without reporting the accesses.
  std::function<void(std::vector<uint32_t>&, size_t max)> stack_blocks;
  // A code block starts executing (one step).
  virtual void on_step(uint32_t block) { (void)block; }
  // The same block, with the id of the thread running it: what the VM calls (one call per
  // block); by default it passes the block on to on_step.
  virtual void on_block(uint32_t block, uint32_t thread) {
    (void)thread;
    on_step(block);
  }
  // A terminator or a raise leaves the running block: `code` is the index in Image::code of
  // the instruction doing it (lower/attribution.h names the call sites among them).
  virtual void on_transfer(uint32_t code, uint32_t thread) { (void)code, (void)thread; }
  // Which of the optional events a consumer reads (besides wants_accesses, from
  // MemoryObserver), so that TeeEvents passes each event only to those that do.
  virtual bool wants_transfers() const { return true; }
  virtual bool wants_allocs() const { return true; }
  // A load or store by the program's code itself (on_memory: by the runtime library).
  virtual void on_program_memory(bool store, uint32_t addr, uint32_t size, uint64_t value) {
    on_memory(store, addr, size, value);
  }
  // on_alloc (from MemoryObserver): heap allocation by a code block or the runtime.
  // on_memory (from MemoryObserver): a load or store of linear memory by the program or the
  // runtime.
};

// Several consumers at once (e.g. a trace and a call graph), in order.
class TeeEvents : public VmEvents {
 public:
  explicit TeeEvents(std::vector<VmEvents*> to) : to_(std::move(to)) {
    for (VmEvents* e : to_) {
      if (e->wants_accesses()) accesses_.push_back(e);
      if (e->wants_transfers()) transfers_.push_back(e);
      if (e->wants_allocs()) allocs_.push_back(e);
    }
  }
  bool wants_accesses() const override { return !accesses_.empty(); }
  void share_stack_walker() {
    for (VmEvents* e : to_) e->stack_blocks = stack_blocks;
  }
  void on_block(uint32_t block, uint32_t thread) override {
    for (VmEvents* e : to_) e->on_block(block, thread);
  }
  void on_transfer(uint32_t code, uint32_t thread) override {
    for (VmEvents* e : transfers_) e->on_transfer(code, thread);
  }
  void on_program_memory(bool store, uint32_t addr, uint32_t size, uint64_t value) override {
    for (VmEvents* e : accesses_) e->on_program_memory(store, addr, size, value);
  }
  void on_memory(bool store, uint32_t addr, uint32_t size, uint64_t value) override {
    for (VmEvents* e : accesses_) e->on_memory(store, addr, size, value);
  }
  void on_alloc(uint32_t block, uint32_t addr, uint32_t bytes) override {
    for (VmEvents* e : allocs_) e->on_alloc(block, addr, bytes);
  }
  void on_runtime(Runtime what, uint64_t a, uint64_t b, uint64_t c) override {
    for (VmEvents* e : to_) e->on_runtime(what, a, b, c);
  }
  void on_foreign_call(const char* symbol, bool returned) override {
    for (VmEvents* e : to_) e->on_foreign_call(symbol, returned);
  }

 private:
  std::vector<VmEvents*> to_, accesses_, transfers_, allocs_;
};

// Writes the events as the executors' raw memory-access records (runtime/trace.h): `run
// --trace FILE --trace-format raw`, what `run-wasm --trace` writes (diff-wasm compares them).
class TraceEvents : public VmEvents {
 public:
  TraceEvents(int fd, const uint64_t* steps) : w_(fd, steps) {}
  bool wants_transfers() const override { return false; }
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
