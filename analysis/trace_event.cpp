#include "analysis/trace_event.h"

#include <cerrno>
#include <cstdlib>
#include <stdexcept>

namespace stgvm {

namespace {
const char* const kKindNames[kTraceEventKinds] = {"load",    "store",  "alloc",        "copy",  "fill",
                                                  "compare", "gc-start", "gc-end",     "thread-switch",
                                                  "enter",   "raise",  "foreign-call", "foreign-return"};
const char* const kOriginNames[kTraceEventOrigins] = {"program", "rts-code", "runtime", "collector", "foreign-shim"};

// A number in decimal or 0x hex, all of it.
bool number(const std::string& s, uint64_t& out) {
  if (s.empty() || s[0] == '-' || s[0] == '+') return false;
  char* end = nullptr;
  errno = 0;
  out = std::strtoull(s.c_str(), &end, 0);
  return errno == 0 && *end == 0;
}

// "A:B" with either side optional.
void range(const std::string& flag, const std::string& v, uint64_t& lo, uint64_t& hi) {
  size_t colon = v.find(':');
  std::string a = colon == std::string::npos ? v : v.substr(0, colon);
  std::string b = colon == std::string::npos ? "" : v.substr(colon + 1);
  if (colon == std::string::npos || (!a.empty() && !number(a, lo)) || (!b.empty() && !number(b, hi)) || lo >= hi)
    throw std::invalid_argument(flag + " " + v + ": expected FROM:TO (either may be left out), FROM before TO");
}
}  // namespace

const char* trace_kind_name(TraceEventKind k) { return unsigned(k) < kTraceEventKinds ? kKindNames[unsigned(k)] : "?"; }
const char* trace_origin_name(TraceEventOrigin o) {
  return unsigned(o) < kTraceEventOrigins ? kOriginNames[unsigned(o)] : "?";
}

TraceFilter TraceFilter::parse(const std::string& steps, const std::string& addresses, const std::string& events) {
  TraceFilter f;
  if (!steps.empty()) range("--trace-steps", steps, f.from_step, f.to_step);
  if (!addresses.empty()) {
    range("--trace-addresses", addresses, f.addr_lo, f.addr_hi);
    if (f.addr_hi > (uint64_t(1) << 32)) throw std::invalid_argument("--trace-addresses " + addresses + ": beyond 32 bits");
  }
  if (!events.empty()) {
    f.kinds = 0;
    size_t at = 0;
    while (at <= events.size()) {
      size_t comma = events.find(',', at);
      std::string k = events.substr(at, comma == std::string::npos ? std::string::npos : comma - at);
      unsigned i = 0;
      while (i < kTraceEventKinds && k != kKindNames[i]) ++i;
      if (i == kTraceEventKinds) {
        std::string all;
        for (const char* n : kKindNames) all += std::string(all.empty() ? "" : ",") + n;
        throw std::invalid_argument("--trace-events: unknown event kind '" + k + "' (kinds: " + all + ")");
      }
      f.kinds |= 1u << i;
      if (comma == std::string::npos) break;
      at = comma + 1;
    }
  }
  for (auto [flag, v] : {std::pair{"steps", &steps}, {"addresses", &addresses}, {"events", &events}})
    if (!v->empty()) f.text += std::string(f.text.empty() ? "" : " ") + "--trace-" + flag + " " + *v;
  return f;
}

}  // namespace stgvm
