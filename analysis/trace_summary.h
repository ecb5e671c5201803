// What `stgvm trace FILE` prints of a trace read back (analysis/trace_reader.h): a summary
// (events by kind, origin, memory region and closure, allocation, collections, threads),
// one TSV line per event, and a content hash of the events (the same events give the same
// hash however they were chunked).
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "analysis/trace_reader.h"

namespace stgvm {

class TraceSummary {
 public:
  TraceSummary();
  ~TraceSummary();
  void add(const TraceInfo& info, const TraceRecord& r);
  uint64_t hash() const;  // XXH3-64 over every event's fields, in order
  std::string report(const TraceInfo& info, const std::string& path, size_t top = 20) const;

  static std::string tsv_header();
  static std::string tsv_line(const TraceInfo& info, uint64_t index, const TraceRecord& r);

 private:
  struct Counts {
    uint64_t events = 0, loads = 0, stores = 0, allocs = 0, alloc_bytes = 0;
  };
  uint64_t kinds_[kTraceEventKinds] = {}, origins_[kTraceEventOrigins] = {};
  std::map<std::string, uint64_t> regions_;  // memory events by the region they start in
  std::map<uint32_t, Counts> closures_;
  std::map<uint32_t, uint64_t> threads_;
  uint64_t alloc_bytes_ = 0, copied_ = 0, moved_ = 0, max_live_ = 0, last_step_ = 0;
  struct Hash;
  std::unique_ptr<Hash> h_;
};

}  // namespace stgvm
