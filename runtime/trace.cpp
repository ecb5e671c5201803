// Memory-access traces (trace.h).
#include "runtime/trace.h"

#include <unistd.h>

#include <cstring>

namespace stgvm {

namespace {
bool write_all(int fd, const void* p, size_t n) {
  const char* c = static_cast<const char*>(p);
  while (n) {
    ssize_t w = ::write(fd, c, n);
    if (w <= 0) return false;
    c += w;
    n -= size_t(w);
  }
  return true;
}
}  // namespace

TraceWriter::TraceWriter(int fd, const uint64_t* steps)
    : sink_([](void* ctx, const void* p, size_t n) { return write_all(*static_cast<int*>(ctx), p, n); }), ctx_(&fd_),
      fd_(fd), steps_(steps) {
  start();
}

TraceWriter::TraceWriter(Sink sink, void* ctx, const uint64_t* steps) : sink_(sink), ctx_(ctx), steps_(steps) { start(); }

void TraceWriter::start() {
  uint8_t head[kTraceHeaderBytes];
  std::memcpy(head, kTraceMagic, 8);
  uint32_t version = kTraceVersion, size = sizeof(TraceEvent);
  std::memcpy(head + 8, &version, 4);
  std::memcpy(head + 12, &size, 4);
  failed_ = !sink_(ctx_, head, sizeof head);
}

TraceWriter::~TraceWriter() { flush(); }

bool TraceWriter::flush() {
  if (n_ && !failed_) failed_ = !sink_(ctx_, buf_, n_ * sizeof(TraceEvent));
  written_ += n_;
  n_ = 0;
  return !failed_;
}

}  // namespace stgvm
