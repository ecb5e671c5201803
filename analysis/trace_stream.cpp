#include "analysis/trace_stream.h"

#include <capnp/message.h>
#include <capnp/serialize.h>
#include <unistd.h>

#include <cerrno>

#include "analysis/trace.capnp.h"
#include "lower/lower.h"

namespace stgvm {

namespace {

constexpr size_t kChunkEvents = 16384;  // events per message (a killed run loses at most these)

bool write_all(int fd, const void* p, size_t n) {
  const char* c = static_cast<const char*>(p);
  while (n) {
    ssize_t w = ::write(fd, c, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    c += w, n -= size_t(w);
  }
  return true;
}

}  // namespace

TraceStream::TraceStream(const Image& img, const std::string& program, int fd, const uint64_t* steps, TraceFilter filter)
    : img_(img), at_(img.attr), fd_(fd), steps_(steps), f_(std::move(filter)), program_(program), running_(img) {
  closure_named_.assign(at_.points.size(), false);
  closure_named_[0] = true;
  buf_.reserve(2 * kChunkEvents);
  write_chunk(nullptr);  // the header, before anything can go wrong
}

void TraceStream::add(TraceEventKind k, TraceEventOrigin o, uint64_t a, uint64_t b, uint64_t c, uint32_t closure) {
  TraceRecord r{*steps_, thread_, closure, k, o, a, b, c};
  if (!f_.keeps(r)) return;
  if (!closure_named_[closure]) {
    closure_named_[closure] = true;
    new_names_.push_back({closure, false});
  }
  buf_.push_back(r);
  // (an allocation waiting for its info pointer keeps the chunk open a little longer; so
  // does the allocation itself, which would otherwise go out without it at a chunk's end)
  if (k != TraceEventKind::Alloc && buf_.size() >= kChunkEvents && (alloc_at_ == SIZE_MAX || buf_.size() >= 2 * kChunkEvents))
    write_chunk(nullptr);
}

void TraceStream::on_block(uint32_t block, uint32_t thread) {
  if (thread != thread_ || !started_) {
    uint32_t from = thread_;
    thread_ = thread;
    if (started_) add(TraceEventKind::ThreadSwitch, TraceEventOrigin::Runtime, from, 0, 0, running_.of(thread));
    started_ = true;
  }
  closure_ = running_.enter(block, thread);
  rts_block_ = running_.in_runtime_block();
  if (at_.block_point[block] && img_.blocks[block].kind != ir::BlockKind::ReturnPoint)
    add(TraceEventKind::Enter, TraceEventOrigin::Program, block, 0, 0, at_.block_point[block]);
}

void TraceStream::access(bool store, TraceEventOrigin o, uint32_t addr, uint32_t size, uint64_t value) {
  if (store && alloc_at_ != SIZE_MAX && addr == alloc_addr_) {
    if (alloc_at_ < buf_.size()) buf_[alloc_at_].c = uint32_t(value);  // the info pointer
    alloc_at_ = SIZE_MAX;
  }
  add(store ? TraceEventKind::Store : TraceEventKind::Load, o, addr, size, value, closure_);
}

void TraceStream::on_program_memory(bool store, uint32_t addr, uint32_t size, uint64_t value) {
  access(store, rts_block_ ? TraceEventOrigin::RtsCode : TraceEventOrigin::Program, addr, size, value);
}

void TraceStream::on_memory(bool store, uint32_t addr, uint32_t size, uint64_t value) {
  access(store, runtime_origin(), addr, size, value);
}

void TraceStream::on_alloc(uint32_t block, uint32_t addr, uint32_t bytes) {
  bool program = block && img_.blocks[block].kind != ir::BlockKind::Rts;
  uint32_t closure = running_.alloc_owner(block);
  TraceEventOrigin o = program ? TraceEventOrigin::Program : block ? TraceEventOrigin::RtsCode : runtime_origin();
  size_t before = buf_.size();
  add(TraceEventKind::Alloc, o, addr, bytes, 0, closure);
  if (buf_.size() > before) alloc_at_ = before, alloc_addr_ = addr;
  else alloc_at_ = SIZE_MAX;
}

void TraceStream::on_runtime(Runtime what, uint64_t a, uint64_t b, uint64_t c) {
  TraceEventOrigin o = runtime_origin();
  switch (what) {
    case Runtime::GcStart:
      add(TraceEventKind::GcStart, o, a, 0, 0, closure_);
      in_gc_ = true;
      break;
    case Runtime::GcEnd:
      in_gc_ = false;
      add(TraceEventKind::GcEnd, TraceEventOrigin::Collector, a, b, 0, closure_);
      break;
    case Runtime::Raise: add(TraceEventKind::Raise, o, a, b, 0, closure_); break;
    case Runtime::Copy: add(TraceEventKind::Copy, o, a, b, c, closure_); break;
    case Runtime::Fill: add(TraceEventKind::Fill, o, a, b, c, closure_); break;
    case Runtime::Compare: add(TraceEventKind::Compare, o, a, b, c, closure_); break;
  }
}

void TraceStream::on_foreign_call(const char* symbol, bool returned) {
  auto [it, fresh] = symbols_.try_emplace(symbol, uint32_t(symbols_.size() + 1));
  if (fresh) symbol_names_.push_back(symbol);
  size_t before = buf_.size();
  if (returned) in_foreign_ = false;
  add(returned ? TraceEventKind::ForeignReturn : TraceEventKind::ForeignCall, TraceEventOrigin::Runtime, it->second, 0,
      0, closure_);
  if (!returned) in_foreign_ = true;
  // (named in the chunk of its first event that was kept)
  if (buf_.size() > before && it->second > named_symbols_) {
    for (uint32_t s = named_symbols_ + 1; s <= it->second; ++s) new_names_.push_back({s, true});
    named_symbols_ = it->second;
  }
}

bool TraceStream::finish(int exit_code) {
  End e{*steps_, exit_code};
  return write_chunk(&e);
}

bool TraceStream::write_chunk(const End* end) {
  if (failed_) return false;
  if (header_done_ && buf_.empty() && new_names_.empty() && !end) return true;
  capnp::MallocMessageBuilder msg;
  auto chunk = msg.initRoot<trace::Chunk>();
  if (!header_done_) {
    auto h = chunk.initHeader();
    h.setFormat("stgvm-trace");
    h.setVersion(1);
    h.setProgram(program_);
    h.setImageHash(image_hash(img_));
    const layout::Regions& r = img_.regions;
    struct {
      const char* name;
      uint32_t lo;
      uint64_t hi;
    } regions[] = {{"runtime", layout::kRuntimeBase, layout::kStaticBase},
                   {"static", layout::kStaticBase, r.static_end},
                   {"stack", r.stack_lo, r.stack_hi},
                   {"c-heap", r.cheap_lo, r.cheap_hi},
                   {"non-moving", r.los_lo, r.los_hi},
                   {"heap", r.heap_lo, uint64_t(1) << 32}};
    auto rl = h.initRegions(6);
    for (unsigned i = 0; i < 6; ++i) {
      rl[i].setName(regions[i].name);
      rl[i].setLo(regions[i].lo);
      rl[i].setHi(regions[i].hi);
    }
    h.setFilter(f_.text);
    header_done_ = true;
  }
  chunk.setFirstEvent(written_);
  auto evs = chunk.initEvents(uint32_t(buf_.size()));
  for (size_t i = 0; i < buf_.size(); ++i) {
    const TraceRecord& r = buf_[i];
    auto e = evs[uint32_t(i)];
    e.setStep(r.step);
    e.setThread(r.thread);
    e.setOrigin(trace::Origin(r.origin));
    e.setClosure(r.closure);
    switch (r.kind) {
      case TraceEventKind::Load: {
        auto g = e.initLoad();
        g.setAddr(uint32_t(r.a)), g.setSize(uint8_t(r.b)), g.setValue(r.c);
        break;
      }
      case TraceEventKind::Store: {
        auto g = e.initStore();
        g.setAddr(uint32_t(r.a)), g.setSize(uint8_t(r.b)), g.setValue(r.c);
        break;
      }
      case TraceEventKind::Alloc: {
        auto g = e.initAlloc();
        g.setAddr(uint32_t(r.a)), g.setBytes(uint32_t(r.b)), g.setInfoTable(uint32_t(r.c));
        break;
      }
      case TraceEventKind::Copy: {
        auto g = e.initCopy();
        g.setDst(uint32_t(r.a)), g.setSrc(uint32_t(r.b)), g.setBytes(r.c);
        break;
      }
      case TraceEventKind::Fill: {
        auto g = e.initFill();
        g.setDst(uint32_t(r.a)), g.setByte(uint8_t(r.b)), g.setBytes(r.c);
        break;
      }
      case TraceEventKind::Compare: {
        auto g = e.initCompare();
        g.setA(uint32_t(r.a)), g.setB(uint32_t(r.b)), g.setBytes(r.c);
        break;
      }
      case TraceEventKind::GcStart: e.initGcStart().setLiveBytes(r.a); break;
      case TraceEventKind::GcEnd: {
        auto g = e.initGcEnd();
        g.setLiveBytes(r.a), g.setMovedBytes(r.b);
        break;
      }
      case TraceEventKind::ThreadSwitch: e.initThreadSwitch().setFrom(uint32_t(r.a)); break;
      case TraceEventKind::Enter: e.initEnter().setBlock(uint32_t(r.a)); break;
      case TraceEventKind::Raise: {
        auto g = e.initRaise();
        g.setException(r.a), g.setAsync(r.b != 0);
        break;
      }
      case TraceEventKind::ForeignCall: e.initForeignCall().setSymbol(uint32_t(r.a)); break;
      case TraceEventKind::ForeignReturn: e.initForeignReturn().setSymbol(uint32_t(r.a)); break;
    }
  }
  auto names = chunk.initNames(uint32_t(new_names_.size()));
  for (size_t i = 0; i < new_names_.size(); ++i) {
    auto [id, symbol] = new_names_[i];
    auto n = names[uint32_t(i)];
    n.setId(id);
    if (symbol) {
      n.setKind(trace::Name::Kind::FOREIGN_SYMBOL);
      n.setName(symbol_names_[id - 1]);
    } else {
      uint32_t binder = at_.points[id].binder;
      n.setKind(trace::Name::Kind::CLOSURE);
      n.setName(at_.binder_name(binder));
      n.setModule(at_.module_name(binder));
    }
  }
  written_ += buf_.size();
  if (end) {
    auto e = chunk.initEnd();
    e.setEvents(written_);
    e.setSteps(end->steps);
    e.setExitCode(end->exit_code);
  }
  buf_.clear();
  new_names_.clear();
  alloc_at_ = SIZE_MAX;
  kj::Array<capnp::word> words = capnp::messageToFlatArray(msg);
  auto bytes = words.asBytes();
  if (!write_all(fd_, bytes.begin(), bytes.size())) failed_ = true;
  return !failed_;
}

}  // namespace stgvm
