// One event of a memory trace as the writer (analysis/trace_stream.h) and the reader
// (analysis/trace_reader.h) hold it, the names its kinds and origins go by on the command
// line and in `stgvm trace --tsv`, and the run's --trace-* filters. The file format is
// analysis/trace.capnp.
#pragma once
#include <cstdint>
#include <string>

namespace stgvm {

enum class TraceEventKind : uint8_t {
  Load, Store, Alloc, Copy, Fill, Compare, GcStart, GcEnd, ThreadSwitch, Enter, Raise, ForeignCall, ForeignReturn,
};
constexpr unsigned kTraceEventKinds = 13;
// As in analysis/trace.capnp's Origin.
enum class TraceEventOrigin : uint8_t { Program, RtsCode, Runtime, Collector, ForeignShim };
constexpr unsigned kTraceEventOrigins = 5;

const char* trace_kind_name(TraceEventKind k);      // load, store, alloc, …, gc-start, foreign-call
const char* trace_origin_name(TraceEventOrigin o);  // program, rts-code, runtime, collector, foreign-shim

struct TraceRecord {
  uint64_t step = 0;
  uint32_t thread = 0;
  uint32_t closure = 0;  // the closure point the thread was running (0: none)
  TraceEventKind kind = TraceEventKind::Load;
  TraceEventOrigin origin = TraceEventOrigin::Program;
  // By kind: load/store: addr, size, value; alloc: addr, bytes, info table; copy: dst, src,
  // bytes; fill: dst, byte, bytes; compare: a, b, bytes; gc-start: live bytes; gc-end: live
  // bytes, moved bytes; thread-switch: the thread before; enter: the entry block; raise:
  // the exception, async; foreign-call/-return: the symbol's name id.
  uint64_t a = 0, b = 0, c = 0;
};

// The address range an event touches ([lo, hi); empty for events that touch none).
inline void trace_event_range(const TraceRecord& r, uint64_t& lo, uint64_t& hi) {
  lo = hi = 0;
  switch (r.kind) {
    case TraceEventKind::Load:
    case TraceEventKind::Store: lo = r.a, hi = r.a + r.b; break;
    case TraceEventKind::Alloc: lo = r.a, hi = r.a + r.b; break;
    case TraceEventKind::Copy:
    case TraceEventKind::Fill:
    case TraceEventKind::Compare: lo = r.a, hi = r.a + r.c; break;
    default: break;
  }
}

// `run --trace-steps FROM:TO`, `--trace-addresses LO:HI`, `--trace-events KIND,…`.
struct TraceFilter {
  uint64_t from_step = 0, to_step = ~uint64_t(0);
  uint64_t addr_lo = 0, addr_hi = uint64_t(1) << 32;
  uint32_t kinds = (1u << kTraceEventKinds) - 1;  // bit per TraceEventKind
  std::string text;                                // as given, for the header
  bool all() const { return text.empty(); }
  bool wants(TraceEventKind k) const { return kinds >> unsigned(k) & 1; }
  // Whether an event is kept: in the step window, of a wanted kind, and, for the events that
  // touch memory, touching the address range (events that touch none pass it).
  bool keeps(const TraceRecord& r) const {
    if (r.step < from_step || r.step >= to_step || !wants(r.kind)) return false;
    uint64_t lo, hi;
    trace_event_range(r, lo, hi);
    if (lo == hi && r.kind > TraceEventKind::Compare) return true;
    return lo < addr_hi && (hi > addr_lo || (lo == hi && lo >= addr_lo));
  }
  // Parses the three options ("" : not given); throws std::invalid_argument with a
  // one-line message naming the option.
  static TraceFilter parse(const std::string& steps, const std::string& addresses, const std::string& events);
};

}  // namespace stgvm
