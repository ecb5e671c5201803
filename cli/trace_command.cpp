// `stgvm trace FILE`: a memory trace read back (analysis/trace_reader.h). Exit 0 for a
// complete trace, 1 for one that stops short (everything up to there is read and reported,
// with where it ends), 2 for a file that is no trace or is damaged (one line naming the byte).
#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <stdexcept>

#include "analysis/trace_summary.h"
#include "cli/commands.h"

namespace stgvm::cli {

namespace {
// stdout in large writes (a TSV of a long run is big); a failed write is an error.
class Out {
 public:
  ~Out() { flush(); }
  void put(const std::string& s) {
    buf_ += s;
    if (buf_.size() >= (1u << 20)) flush();
  }
  void flush() {
    if (buf_.empty()) return;
    bool ok = std::fwrite(buf_.data(), 1, buf_.size(), stdout) == buf_.size() && std::fflush(stdout) == 0;
    buf_.clear();
    if (!ok) throw std::runtime_error(std::string("cannot write to stdout: ") + std::strerror(errno));
  }

 private:
  std::string buf_;
};
}  // namespace

int cmd_trace(const TraceArgs& a) {
  TraceSummary summary;
  Out out;
  uint64_t n = 0;
  if (a.tsv) out.put(TraceSummary::tsv_header());
  TraceInfo info;
  try {
    info = read_trace(a.file, [&](const TraceInfo& i, const TraceRecord& r) {
      summary.add(i, r);
      if (a.tsv) out.put(TraceSummary::tsv_line(i, n, r));
      ++n;
    });
  } catch (const TraceError& e) {
    out.flush();
    std::fprintf(stderr, "stgvm: trace: %s: %s\n", a.file.c_str(), e.what());
    return 2;
  }
  if (a.hash) {
    char h[32];
    std::snprintf(h, sizeof h, "%016" PRIx64 "\n", summary.hash());
    out.put(h);
  } else if (!a.tsv) {
    out.put(summary.report(info, a.file, a.top));
  }
  out.flush();
  if (info.complete) return 0;
  std::fprintf(stderr, "stgvm: trace: %s: incomplete: the data ends at byte %" PRIu64 ": %s\n", a.file.c_str(),
               info.ends_at, info.why_short.c_str());
  return 1;
}

}  // namespace stgvm::cli
