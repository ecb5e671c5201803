#include "analysis/trace_reader.h"

#include <capnp/message.h>
#include <capnp/serialize.h>

#include <cstring>

#include "analysis/trace.capnp.h"
#include "loader/mapped_file.h"
#include "runtime/trace.h"

namespace stgvm {

namespace {

uint32_t le32(const uint8_t* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

// A byte range standing for the file.
struct Bytes {
  const uint8_t* d;
  uint64_t n;
  const uint8_t* data() const { return d; }
  uint64_t size() const { return n; }
};

void read_raw(const Bytes& m, TraceInfo& info, const std::function<void(const TraceInfo&, const TraceRecord&)>& each) {
  info.raw = true;
  if (m.size() < kTraceHeaderBytes) {
    info.ends_at = 0, info.why_short = "the header is cut off";
    return;
  }
  info.version = le32(m.data() + 8);
  if (info.version != kTraceVersion) throw TraceError(8, "raw trace version " + std::to_string(info.version) + " is not supported");
  if (le32(m.data() + 12) != sizeof(TraceEvent)) throw TraceError(12, "raw trace records are not 32 bytes");
  uint64_t at = kTraceHeaderBytes;
  for (; at + sizeof(TraceEvent) <= m.size(); at += sizeof(TraceEvent)) {
    TraceEvent e;
    std::memcpy(&e, m.data() + at, sizeof e);
    TraceRecord r;
    r.step = e.step;
    if (e.kind == uint8_t(TraceKind::Load) || e.kind == uint8_t(TraceKind::Store)) {
      r.kind = e.kind == uint8_t(TraceKind::Load) ? TraceEventKind::Load : TraceEventKind::Store;
      r.a = e.addr, r.b = e.size, r.c = e.value;
    } else if (e.kind == uint8_t(TraceKind::Alloc)) {
      r.kind = TraceEventKind::Alloc;
      r.a = e.addr, r.b = e.value;
    } else {
      throw TraceError(at, "raw trace record " + std::to_string(info.events) + " has an unknown kind " + std::to_string(e.kind));
    }
    if (e.origin != uint8_t(TraceOrigin::Program) && e.origin != uint8_t(TraceOrigin::Runtime))
      throw TraceError(at, "raw trace record " + std::to_string(info.events) + " has an unknown origin");
    r.origin = e.origin == uint8_t(TraceOrigin::Program) ? TraceEventOrigin::Program : TraceEventOrigin::Runtime;
    ++info.events;
    each(info, r);
  }
  info.ends_at = at;
  // (raw records carry no end: whole records are all one can ask of them)
  info.complete = at == m.size();
  if (!info.complete) info.why_short = "a record is cut off";
  info.chunks = 1;
}

TraceRecord record(const trace::Event::Reader& e) {
  TraceRecord r;
  r.step = e.getStep();
  r.thread = e.getThread();
  r.closure = e.getClosure();
  r.origin = TraceEventOrigin(uint8_t(e.getOrigin()));
  switch (e.which()) {
    case trace::Event::LOAD: {
      auto g = e.getLoad();
      r.kind = TraceEventKind::Load, r.a = g.getAddr(), r.b = g.getSize(), r.c = g.getValue();
      break;
    }
    case trace::Event::STORE: {
      auto g = e.getStore();
      r.kind = TraceEventKind::Store, r.a = g.getAddr(), r.b = g.getSize(), r.c = g.getValue();
      break;
    }
    case trace::Event::ALLOC: {
      auto g = e.getAlloc();
      r.kind = TraceEventKind::Alloc, r.a = g.getAddr(), r.b = g.getBytes(), r.c = g.getInfoTable();
      break;
    }
    case trace::Event::COPY: {
      auto g = e.getCopy();
      r.kind = TraceEventKind::Copy, r.a = g.getDst(), r.b = g.getSrc(), r.c = g.getBytes();
      break;
    }
    case trace::Event::FILL: {
      auto g = e.getFill();
      r.kind = TraceEventKind::Fill, r.a = g.getDst(), r.b = g.getByte(), r.c = g.getBytes();
      break;
    }
    case trace::Event::COMPARE: {
      auto g = e.getCompare();
      r.kind = TraceEventKind::Compare, r.a = g.getA(), r.b = g.getB(), r.c = g.getBytes();
      break;
    }
    case trace::Event::GC_START: r.kind = TraceEventKind::GcStart, r.a = e.getGcStart().getLiveBytes(); break;
    case trace::Event::GC_END: {
      auto g = e.getGcEnd();
      r.kind = TraceEventKind::GcEnd, r.a = g.getLiveBytes(), r.b = g.getMovedBytes();
      break;
    }
    case trace::Event::THREAD_SWITCH: r.kind = TraceEventKind::ThreadSwitch, r.a = e.getThreadSwitch().getFrom(); break;
    case trace::Event::ENTER: r.kind = TraceEventKind::Enter, r.a = e.getEnter().getBlock(); break;
    case trace::Event::RAISE: {
      auto g = e.getRaise();
      r.kind = TraceEventKind::Raise, r.a = g.getException(), r.b = g.getAsync();
      break;
    }
    case trace::Event::FOREIGN_CALL: r.kind = TraceEventKind::ForeignCall, r.a = e.getForeignCall().getSymbol(); break;
    case trace::Event::FOREIGN_RETURN: r.kind = TraceEventKind::ForeignReturn, r.a = e.getForeignReturn().getSymbol(); break;
    default: throw std::runtime_error("an event of an unknown kind");
  }
  if (uint8_t(r.origin) >= kTraceEventOrigins) throw std::runtime_error("an event of an unknown origin");
  return r;
}

}  // namespace

TraceInfo read_trace(const std::string& path, const std::function<void(const TraceInfo&, const TraceRecord&)>& each) {
  MappedFile file;
  if (std::string why; !file.open(path, &why)) throw std::runtime_error(path + ": " + why);
  return read_trace_bytes(file.data(), file.size(), each);
}

TraceInfo read_trace_bytes(const uint8_t* data, uint64_t size,
                           const std::function<void(const TraceInfo&, const TraceRecord&)>& each) {
  Bytes m{data, size};
  TraceInfo info;
  info.file_bytes = m.size();
  const uint8_t* d = m.data();
  if (m.size() >= 8 && std::memcmp(d, kTraceMagic, 8) == 0) {
    read_raw(m, info, each);
    return info;
  }
  uint64_t at = 0;
  while (at < m.size()) {
    // The stream framing: segment count - 1, each segment's size in words, padding to a word.
    if (m.size() - at < 8) {
      info.why_short = "a chunk's segment table is cut off";
      break;
    }
    uint64_t nseg = uint64_t(le32(d + at)) + 1;
    if (nseg > 64) throw TraceError(at, (info.chunks ? "chunk " + std::to_string(info.chunks) : std::string("the file")) +
                                            (info.chunks ? " has a damaged segment table" : " is not a stgvm trace"));
    uint64_t head = (4 + 4 * nseg + 7) / 8 * 8, words = 0;
    if (m.size() - at < head) {
      info.why_short = "a chunk's segment table is cut off";
      break;
    }
    for (uint64_t s = 0; s < nseg; ++s) words += le32(d + at + 4 + 4 * s);
    uint64_t total = head + 8 * words;
    if (m.size() - at < total) {
      info.why_short = "chunk " + std::to_string(info.chunks) + " is cut off (" + std::to_string(m.size() - at) + " of its " +
                       std::to_string(total) + " bytes)";
      break;
    }
    try {
      capnp::ReaderOptions opts;
      opts.traversalLimitInWords = 4 * words + 1024;
      capnp::FlatArrayMessageReader msg(
          kj::arrayPtr(reinterpret_cast<const capnp::word*>(d + at), size_t(total / 8)), opts);
      auto chunk = msg.getRoot<trace::Chunk>();
      if (info.chunks == 0) {
        if (!chunk.hasHeader() || chunk.getHeader().getFormat() != "stgvm-trace")
          throw TraceError(at, "not a stgvm trace (no stgvm-trace header)");
        auto h = chunk.getHeader();
        info.version = h.getVersion();
        if (info.version != 1) throw TraceError(at, "trace format version " + std::to_string(info.version) + " is not supported");
        info.program = h.getProgram();
        info.image_hash = h.getImageHash();
        info.filter = h.getFilter();
        for (auto r : h.getRegions()) info.regions.push_back({r.getName(), r.getLo(), r.getHi()});
      } else if (chunk.hasHeader()) {
        throw TraceError(at, "chunk " + std::to_string(info.chunks) + " has a second header");
      }
      if (info.complete) throw TraceError(at, "data after the trace's end");
      if (chunk.getFirstEvent() != info.events)
        throw TraceError(at, "chunk " + std::to_string(info.chunks) + " starts at event " +
                                 std::to_string(chunk.getFirstEvent()) + ", not " + std::to_string(info.events));
      for (auto n : chunk.getNames()) {
        if (n.getKind() == trace::Name::Kind::CLOSURE) info.closures[n.getId()] = {n.getName(), n.getModule()};
        else info.symbols[n.getId()] = n.getName();
      }
      for (auto e : chunk.getEvents()) {
        TraceRecord r = record(e);
        ++info.events;
        each(info, r);
      }
      if (chunk.hasEnd()) {
        auto e = chunk.getEnd();
        if (e.getEvents() != info.events)
          throw TraceError(at, "the end says " + std::to_string(e.getEvents()) + " events, the chunks hold " +
                                   std::to_string(info.events));
        info.complete = true;
        info.steps = e.getSteps();
        info.exit_code = e.getExitCode();
      }
    } catch (const kj::Exception& e) {
      throw TraceError(at, "chunk " + std::to_string(info.chunks) + " is damaged: " + std::string(e.getDescription().cStr()));
    } catch (const TraceError&) {
      throw;
    } catch (const std::runtime_error& e) {
      throw TraceError(at, "chunk " + std::to_string(info.chunks) + " holds " + e.what());
    }
    ++info.chunks;
    at += total;
  }
  info.ends_at = at;
  if (info.chunks == 0 && info.why_short.empty()) throw TraceError(0, "an empty file is not a stgvm trace");
  if (info.chunks == 0) throw TraceError(0, "not a stgvm trace (" + info.why_short + ")");
  if (!info.complete && info.why_short.empty()) info.why_short = "no end chunk: the run did not finish";
  return info;
}

}  // namespace stgvm
