// `stgvm run --trace FILE`: the run's memory trace as a stream of Cap'n Proto messages
// (analysis/trace.capnp): loads, stores, allocations (with the info table stored into them
// and the closure they count for), bulk copies, fills and compares, collections, thread
// switches, closure entries, raises and foreign calls, each with its step, thread, origin and
// closure. Events go out in chunks as the run goes, so a killed run leaves a readable prefix;
// the last chunk says the run ended.
//
// Origins: accesses by a program block are the program's (by a runtime block: rts-code);
// accesses through the runtime library are the collector's between a collection's start and
// end, a foreign shim's during a foreign call, the runtime's otherwise.
#pragma once
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "analysis/running_closure.h"
#include "analysis/trace_event.h"
#include "interp/events.h"
#include "lower/image.h"

namespace stgvm {

class TraceStream : public VmEvents {
 public:
  // Writes to `fd` (the caller's; not closed) from the start: the header chunk first.
  TraceStream(const Image& img, const std::string& program, int fd, const uint64_t* steps, TraceFilter filter);
  bool wants_accesses() const override {
    return f_.wants(TraceEventKind::Load) || f_.wants(TraceEventKind::Store) || f_.wants(TraceEventKind::Alloc);
  }
  bool wants_transfers() const override { return false; }
  void on_block(uint32_t block, uint32_t thread) override;
  void on_program_memory(bool store, uint32_t addr, uint32_t size, uint64_t value) override;
  void on_memory(bool store, uint32_t addr, uint32_t size, uint64_t value) override;
  void on_alloc(uint32_t block, uint32_t addr, uint32_t bytes) override;
  void on_runtime(Runtime what, uint64_t a, uint64_t b, uint64_t c) override;
  void on_foreign_call(const char* symbol, bool returned) override;

  // The run ended with `exit_code`: writes the rest and the end. false if the file could not
  // be written (at any point).
  bool finish(int exit_code);
  // Writes what is buffered (a run stopped short: no end). false as finish.
  bool flush() { return write_chunk(nullptr); }
  uint64_t events() const { return written_ + buf_.size(); }

 private:
  const Image& img_;
  const Attribution& at_;
  int fd_;
  const uint64_t* steps_;
  TraceFilter f_;
  std::string program_;
  bool failed_ = false, header_done_ = false;
  uint32_t thread_ = 0, closure_ = 0;
  bool started_ = false, rts_block_ = false, in_gc_ = false, in_foreign_ = false;
  RunningClosure running_;
  std::vector<TraceRecord> buf_;
  uint64_t written_ = 0;
  // An allocation waits for the store of its info pointer (the next store to its address).
  uint32_t alloc_addr_ = 0;
  size_t alloc_at_ = SIZE_MAX;
  std::vector<bool> closure_named_;
  std::unordered_map<std::string, uint32_t> symbols_;
  std::vector<std::pair<uint32_t, bool>> new_names_;  // (id, is a symbol) named in this chunk
  std::vector<std::string> symbol_names_;  // id - 1 → symbol
  uint32_t named_symbols_ = 0;              // symbols 1..this have been named in the file

  void add(TraceEventKind k, TraceEventOrigin o, uint64_t a, uint64_t b, uint64_t c, uint32_t closure);
  void access(bool store, TraceEventOrigin o, uint32_t addr, uint32_t size, uint64_t value);
  TraceEventOrigin runtime_origin() const {
    return in_gc_ ? TraceEventOrigin::Collector : in_foreign_ ? TraceEventOrigin::ForeignShim : TraceEventOrigin::Runtime;
  }
  struct End {
    uint64_t steps;
    int exit_code;
  };
  bool write_chunk(const End* end);
};

}  // namespace stgvm
