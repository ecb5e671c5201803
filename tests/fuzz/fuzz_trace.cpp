// libFuzzer target: `stgvm trace` on hostile bytes. Any input is read as far as it goes or
// refused with a TraceError; nothing else escapes, and every event read can be summarised
// and printed.
#include <cstdint>
#include <cstring>
#include <vector>

#include "analysis/trace_summary.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<uint64_t> words((size + 7) / 8);  // (a mapped file is aligned; so is this copy)
  if (size) std::memcpy(words.data(), data, size);
  stgvm::TraceSummary summary;
  uint64_t n = 0;
  try {
    stgvm::TraceInfo info = stgvm::read_trace_bytes(
        reinterpret_cast<const uint8_t*>(words.data()), size, [&](const stgvm::TraceInfo& i, const stgvm::TraceRecord& r) {
          summary.add(i, r);
          (void)stgvm::TraceSummary::tsv_line(i, n++, r);
        });
    (void)summary.report(info, "fuzz");
  } catch (const stgvm::TraceError&) {
  }
  return 0;
}
