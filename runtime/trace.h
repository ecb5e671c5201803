// Memory-access traces, written the same way by both executors (the interpreter's `run
// --trace` and a traceable wasm module's `run-wasm --trace`), so that two traces of one
// program can be compared record by record (`stgvm diff-wasm`). Part of the runtime library.
//
// The file: a 16-byte header ("STGVMTRC", u32 version, u32 record size), then one 32-byte
// TraceEvent per event, little-endian, in the order the machine did them. An event is a load
// or store of machine memory by the program's code or by the runtime (collector, RTS
// routines, primops, foreign-call shims), or a heap allocation. Register accesses (R0…R255,
// Sp, Hp and the other register-table words) and an executor's own scratch state are not
// events. A killed run leaves a prefix of whole records.
//
// For two executors to give the same trace, the runtime library reads memory at most once
// per full expression where the order is unspecified (a call's arguments, the operands of
// ==, +, …): GCC and clang order them differently.
#pragma once
#include <cstddef>
#include <cstdint>

#include "runtime/memory.h"

namespace stgvm {

enum class TraceKind : uint8_t { Load = 1, Store = 2, Alloc = 3 };
enum class TraceOrigin : uint8_t { Program = 1, Runtime = 2 };

struct TraceEvent {
  uint64_t step;       // code blocks entered so far (the block running is the step-th)
  uint64_t value;      // loaded or stored value (zero-extended); Alloc: bytes allocated
  uint32_t addr;       // machine address
  uint32_t block;      // the code block running at this step (0: none yet)
  uint8_t kind;        // TraceKind
  uint8_t size;        // bytes accessed (Alloc: 0)
  uint8_t origin;      // TraceOrigin
  uint8_t pad[5];
};
static_assert(sizeof(TraceEvent) == 32, "the trace record is 32 bytes");

constexpr char kTraceMagic[8] = {'S', 'T', 'G', 'V', 'M', 'T', 'R', 'C'};
constexpr uint32_t kTraceVersion = 1;
constexpr uint32_t kTraceHeaderBytes = 16;

// Receives the machine's events and writes them to a file descriptor.
class TraceWriter : public MemoryObserver {
 public:
  // Where the bytes go: true if all were written.
  using Sink = bool (*)(void* ctx, const void* data, size_t n);
  // `steps`: the executor's step counter (read at each event). Writes to `fd`, or to `sink`.
  TraceWriter(int fd, const uint64_t* steps);
  TraceWriter(Sink sink, void* ctx, const uint64_t* steps);
  ~TraceWriter() override;
  TraceWriter(const TraceWriter&) = delete;
  TraceWriter& operator=(const TraceWriter&) = delete;

  // A new code block starts (the executor calls this at every step).
  void step(uint32_t block) { block_ = block; }
  // An access by the program's code (the executor's loads and stores).
  void program_access(bool store, uint32_t addr, uint32_t size, uint64_t value) {
    add(store ? TraceKind::Store : TraceKind::Load, TraceOrigin::Program, addr, size, value);
  }
  // MemoryObserver: accesses through Memory are the runtime's.
  void on_memory(bool store, uint32_t addr, uint32_t size, uint64_t value) override {
    add(store ? TraceKind::Store : TraceKind::Load, TraceOrigin::Runtime, addr, size, value);
  }
  void on_alloc(uint32_t block, uint32_t addr, uint32_t bytes) override {
    add(TraceKind::Alloc, block ? TraceOrigin::Program : TraceOrigin::Runtime, addr, 0, bytes);
  }
  // Writes what is buffered. false if the file could not be written (then it stops writing).
  bool flush();
  bool failed() const { return failed_; }
  uint64_t events() const { return written_ + n_; }  // recorded so far

 private:
  static constexpr uint32_t kBuffered = 4096;
  Sink sink_;
  void* ctx_;
  int fd_ = -1;
  const uint64_t* steps_;
  uint32_t block_ = 0;
  uint32_t n_ = 0;
  uint64_t written_ = 0;
  bool failed_ = false;
  TraceEvent buf_[kBuffered];

  void start();  // the header
  void add(TraceKind k, TraceOrigin o, uint32_t addr, uint32_t size, uint64_t value) {
    TraceEvent& e = buf_[n_++];
    e = TraceEvent{*steps_, value, addr, block_, uint8_t(k), uint8_t(size), uint8_t(o), {}};
    if (n_ == kBuffered) flush();
  }
};

}  // namespace stgvm
