#include "analysis/trace_summary.h"

#include <xxhash.h>

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <vector>

namespace stgvm {

struct TraceSummary::Hash {
  XXH3_state_t* s = XXH3_createState();
  Hash() { XXH3_64bits_reset(s); }
  ~Hash() { XXH3_freeState(s); }
};

TraceSummary::TraceSummary() : h_(std::make_unique<Hash>()) {}
TraceSummary::~TraceSummary() = default;

void TraceSummary::add(const TraceInfo& info, const TraceRecord& r) {
  // The hash covers each event's fields in a fixed little-endian layout (not the file's bytes).
  uint8_t b[48];
  uint64_t w[5] = {r.step, uint64_t(r.thread) | uint64_t(r.closure) << 32,
                   uint64_t(r.kind) | uint64_t(r.origin) << 8, r.a, r.b};
  for (int i = 0; i < 5; ++i)
    for (int k = 0; k < 8; ++k) b[8 * i + k] = uint8_t(w[i] >> (8 * k));
  for (int k = 0; k < 8; ++k) b[40 + k] = uint8_t(r.c >> (8 * k));
  XXH3_64bits_update(h_->s, b, sizeof b);

  ++kinds_[unsigned(r.kind)];
  ++origins_[unsigned(r.origin)];
  ++threads_[r.thread];
  last_step_ = r.step;
  Counts& c = closures_[r.closure];
  ++c.events;
  uint64_t lo, hi;
  trace_event_range(r, lo, hi);
  if (r.kind <= TraceEventKind::Compare) {
    const char* region = "outside";
    for (const TraceInfo::Region& g : info.regions)
      if (lo >= g.lo && lo < g.hi) region = g.name.c_str();
    ++regions_[region];
  }
  switch (r.kind) {
    case TraceEventKind::Load: ++c.loads; break;
    case TraceEventKind::Store: ++c.stores; break;
    case TraceEventKind::Alloc: ++c.allocs, c.alloc_bytes += r.b, alloc_bytes_ += r.b; break;
    case TraceEventKind::Copy: copied_ += r.c; break;
    case TraceEventKind::GcEnd: moved_ += r.b, max_live_ = std::max(max_live_, r.a); break;
    default: break;
  }
}

uint64_t TraceSummary::hash() const { return XXH3_64bits_digest(h_->s); }

std::string TraceSummary::report(const TraceInfo& info, const std::string& path, size_t top) const {
  std::string out;
  char line[640];
  auto add = [&](const char* fmt, auto... args) {
    std::snprintf(line, sizeof line, fmt, args...);
    out += line;
  };
  if (info.raw)
    add("trace: %s (raw records, version %u: loads, stores, allocations)\n", path.c_str(), info.version);
  else
    add("trace: %s (stgvm-trace %u, program %s, image %016" PRIx64 ")\n", path.c_str(), info.version,
        info.program.c_str(), info.image_hash);
  if (!info.filter.empty()) add("filter: %s\n", info.filter.c_str());
  add("events: %" PRIu64 " in %" PRIu64 " chunk%s, %" PRIu64 " bytes (%.1f bytes per event)\n", info.events, info.chunks,
      info.chunks == 1 ? "" : "s", info.file_bytes, info.events ? double(info.file_bytes) / double(info.events) : 0.0);
  if (info.complete && !info.raw)
    add("complete: the run ended after %" PRIu64 " steps with exit code %d\n", info.steps, info.exit_code);
  else if (!info.complete)
    add("incomplete: the data ends at byte %" PRIu64 " of %" PRIu64 ": %s (events up to step %" PRIu64 ")\n", info.ends_at,
        info.file_bytes, info.why_short.c_str(), last_step_);
  add("content hash: %016" PRIx64 "\n", hash());
  out += "\nby kind\n";
  for (unsigned k = 0; k < kTraceEventKinds; ++k)
    if (kinds_[k]) add("  %-15s %12" PRIu64 "\n", trace_kind_name(TraceEventKind(k)), kinds_[k]);
  if (alloc_bytes_ || copied_) add("  (allocated %" PRIu64 " bytes, bulk-copied %" PRIu64 " bytes)\n", alloc_bytes_, copied_);
  if (kinds_[unsigned(TraceEventKind::GcEnd)])
    add("  (collections moved %" PRIu64 " bytes; most live after one: %" PRIu64 " bytes)\n", moved_, max_live_);
  out += "\nby origin\n";
  for (unsigned o = 0; o < kTraceEventOrigins; ++o)
    if (origins_[o]) add("  %-15s %12" PRIu64 "\n", trace_origin_name(TraceEventOrigin(o)), origins_[o]);
  if (!regions_.empty()) {
    out += "\nmemory events by region\n";
    for (auto& [name, n] : regions_) add("  %-15s %12" PRIu64 "\n", name.c_str(), n);
  }
  if (threads_.size() > 1) {
    out += "\nby thread\n";
    for (auto& [t, n] : threads_) add("  thread %-8u %12" PRIu64 "\n", t, n);
  }
  if (!info.raw) {
    std::vector<std::pair<uint32_t, Counts>> order(closures_.begin(), closures_.end());
    std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.second.events > b.second.events; });
    out += "\nby closure (the closure the thread was running; top " + std::to_string(top) + " by events)\n";
    out += "        events        loads       stores  allocated  closure\n";
    for (size_t i = 0; i < order.size() && i < top; ++i) {
      auto& [id, c] = order[i];
      auto it = info.closures.find(id);
      std::string name = id == 0 ? "<runtime>" : it != info.closures.end() ? it->second.first : "#" + std::to_string(id);
      add("  %12" PRIu64 " %12" PRIu64 " %12" PRIu64 " %10" PRIu64 "  %s\n", c.events, c.loads, c.stores, c.alloc_bytes,
          name.c_str());
    }
  }
  return out;
}

std::string TraceSummary::tsv_header() { return "event\tstep\tthread\torigin\tclosure\tkind\taddr\tbytes\tvalue\tdetail\n"; }

// Columns by kind: load/store: addr, size, value; alloc: addr, bytes, info table; copy: dst,
// bytes, -, src; fill: dst, bytes, byte; compare: a, bytes, -, b; gc-start: -, live bytes;
// gc-end: -, live bytes, -, moved bytes; thread-switch: detail = the thread before; enter:
// detail = the block; raise: value = the exception, detail = sync/async; foreign-call and
// -return: detail = the symbol.
std::string TraceSummary::tsv_line(const TraceInfo& info, uint64_t index, const TraceRecord& r) {
  auto hex = [](uint64_t v) {
    char b[24];
    std::snprintf(b, sizeof b, "0x%08" PRIx64, v);
    return std::string(b);
  };
  std::string closure = "-";
  if (r.closure) {
    auto it = info.closures.find(r.closure);
    closure = it != info.closures.end() ? it->second.first : "#" + std::to_string(r.closure);
  }
  std::string addr = "-", bytes = "-", value = "-", detail = "-";
  switch (r.kind) {
    case TraceEventKind::Load:
    case TraceEventKind::Store: addr = hex(r.a), bytes = std::to_string(r.b), value = hex(r.c); break;
    case TraceEventKind::Alloc: addr = hex(r.a), bytes = std::to_string(r.b), value = hex(r.c); break;
    case TraceEventKind::Copy: addr = hex(r.a), bytes = std::to_string(r.c), detail = hex(r.b); break;
    case TraceEventKind::Fill: addr = hex(r.a), bytes = std::to_string(r.c), value = hex(r.b); break;
    case TraceEventKind::Compare: addr = hex(r.a), bytes = std::to_string(r.c), detail = hex(r.b); break;
    case TraceEventKind::GcStart: bytes = std::to_string(r.a); break;
    case TraceEventKind::GcEnd: bytes = std::to_string(r.a), detail = std::to_string(r.b); break;
    case TraceEventKind::ThreadSwitch: detail = std::to_string(r.a); break;
    case TraceEventKind::Enter: detail = std::to_string(r.a); break;
    case TraceEventKind::Raise: value = hex(r.a), detail = r.b ? "async" : "sync"; break;
    case TraceEventKind::ForeignCall:
    case TraceEventKind::ForeignReturn: {
      auto it = info.symbols.find(uint32_t(r.a));
      detail = it != info.symbols.end() ? it->second : "#" + std::to_string(r.a);
      break;
    }
  }
  return std::to_string(index) + "\t" + std::to_string(r.step) + "\t" + std::to_string(r.thread) + "\t" +
         trace_origin_name(r.origin) + "\t" + closure + "\t" + trace_kind_name(r.kind) + "\t" + addr + "\t" + bytes +
         "\t" + value + "\t" + detail + "\n";
}

}  // namespace stgvm
