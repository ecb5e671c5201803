// Reading a memory trace back (`stgvm trace FILE`): the Cap'n Proto stream of `run --trace`
// (analysis/trace.capnp), or the executors' raw records (runtime/trace.h: `run-wasm
// --trace`, `run --trace-format raw`), event by event. A file that is neither, or whose
// data is damaged, is a TraceError naming the byte; a file that stops short (a killed run, a
// copy cut off) is read up to its last whole chunk and says where it ends.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "analysis/trace_event.h"

namespace stgvm {

struct TraceError : std::runtime_error {
  uint64_t offset;
  TraceError(uint64_t at, const std::string& what)
      : std::runtime_error("at byte " + std::to_string(at) + ": " + what), offset(at) {}
};

struct TraceInfo {
  bool raw = false;  // runtime/trace.h's records: loads, stores and allocations only, no names
  uint32_t version = 0;
  std::string program, filter;
  uint64_t image_hash = 0;
  struct Region {
    std::string name;
    uint32_t lo = 0;
    uint64_t hi = 0;
  };
  std::vector<Region> regions;
  std::map<uint32_t, std::pair<std::string, std::string>> closures;  // id → (name, module)
  std::map<uint32_t, std::string> symbols;                           // id → foreign symbol
  uint64_t file_bytes = 0, chunks = 0, events = 0;
  // The run's end, as the last chunk says (`complete`); otherwise the trace is a prefix:
  // `ends_at` is the byte after the last whole chunk, `why_short` what follows it.
  bool complete = false;
  uint64_t steps = 0;
  int exit_code = 0;
  uint64_t ends_at = 0;
  std::string why_short;
};

// Reads `path`, calling `each` on every event in order (after the names it uses are in
// `info`). Throws TraceError for a file that is not a trace or is damaged, std::runtime_error
// if it cannot be read.
TraceInfo read_trace(const std::string& path, const std::function<void(const TraceInfo&, const TraceRecord&)>& each);
// The same over bytes in memory (`data` aligned to 8 bytes, as a mapped file is).
TraceInfo read_trace_bytes(const uint8_t* data, uint64_t size,
                           const std::function<void(const TraceInfo&, const TraceRecord&)>& each);

}  // namespace stgvm
