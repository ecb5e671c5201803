#include "cli/run_outputs.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <functional>
#include <stdexcept>

#include "analysis/graph_export.h"
#include "cli/cli_util.h"
#include "exporter/zip_writer.h"

namespace stgvm::cli {

namespace {

// An output file's directory must exist and be writable before the run starts.
void check_output_file(const std::string& flag, const std::string& path) {
  if (path.empty() || path == "-" || path.rfind("/dev/", 0) == 0) return;  // (diff-wasm's /dev/fd/3)
  std::string dir = path.find('/') == std::string::npos ? "." : path.substr(0, path.find_last_of('/') + 1);
  struct stat st;
  if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) throw UsageError("run: " + flag + " " + path + ": is a directory");
  if (::access(dir.c_str(), W_OK | X_OK) != 0)
    throw UsageError("run: " + flag + " " + path + ": cannot write there: " + std::strerror(errno));
}

// A traced run on a terminal shows how far it got: a long trace takes a while, and nothing
// else moves. (Never when stderr is not a terminal: it would mix into the program's stderr.)
class TraceProgress : public VmEvents {
 public:
  explicit TraceProgress(std::function<uint64_t()> events) : events_(std::move(events)) {}
  bool wants_accesses() const override { return false; }
  bool wants_transfers() const override { return false; }
  bool wants_allocs() const override { return false; }
  ~TraceProgress() override {
    if (shown_) std::fputc('\n', stderr);
  }
  void on_step(uint32_t) override {
    if (++steps_ % (1u << 22)) return;
    std::fprintf(stderr, "\rstgvm: tracing: %.1fM steps, %.1fM events", double(steps_) / 1e6, double(events_()) / 1e6);
    std::fflush(stderr);
    shown_ = true;
  }

 private:
  std::function<uint64_t()> events_;
  uint64_t steps_ = 0;
  bool shown_ = false;
};

}  // namespace

RunOutputs::RunOutputs(const RunArgs& a) : a_(a), prog_(program_name(a.file)) {
  bool graph_opts = a.call_graph_names != "readable" || a.min_count != 1 || a.from_step || a.to_step ||
                    a.hot_share != 0.9 || a.hot_top != 100 || !a.include.empty() || !a.exclude.empty();
  if (graph_opts && a.call_graph.empty())
    throw UsageError("run: --call-graph-names, --include, --exclude, --min-count, --from-step, --to-step, --hot-share "
                     "and --hot-top go with --call-graph");
  if (a.to_step && a.to_step <= a.from_step) throw UsageError("run: --to-step must be after --from-step");
  if (a.sample_every != 1000 && a.speedscope.empty()) throw UsageError("run: --sample-every goes with --speedscope");
  if (a.speedscope == "-" || a.profile == "-") throw UsageError("run: --profile and --speedscope write files, not stderr");
  bool trace_opts = a.trace_format != "capnp" || !a.trace_steps.empty() || !a.trace_addresses.empty() || !a.trace_events.empty();
  if (trace_opts && a.trace.empty())
    throw UsageError("run: --trace-format, --trace-steps, --trace-addresses and --trace-events go with --trace");
  if (a.trace_format == "raw" && (!a.trace_steps.empty() || !a.trace_addresses.empty() || !a.trace_events.empty()))
    throw UsageError("run: --trace-format raw records every access: no --trace-steps, --trace-addresses or --trace-events");
  try {
    trace_filter_ = TraceFilter::parse(a.trace_steps, a.trace_addresses, a.trace_events);
  } catch (const std::invalid_argument& e) {
    throw UsageError(std::string("run: ") + e.what());
  }
  if (!a.call_graph.empty()) {
    if (::mkdir(a.call_graph.c_str(), 0755) != 0 && errno != EEXIST)
      throw UsageError("run: --call-graph " + a.call_graph + ": cannot create: " + std::strerror(errno));
    struct stat st;
    if (::stat(a.call_graph.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
      throw UsageError("run: --call-graph " + a.call_graph + ": not a directory");
    if (::access(a.call_graph.c_str(), W_OK | X_OK) != 0)
      throw UsageError("run: --call-graph " + a.call_graph + ": cannot write there: " + std::strerror(errno));
  }
  check_output_file("--profile", a.profile);
  check_output_file("--profile-report", a.profile_report);
  check_output_file("--speedscope", a.speedscope);
  check_output_file("--trace", a.trace);  // (after --call-graph DIR: it may be where this goes)
}

RunOutputs::~RunOutputs() {
  if (trace_fd_ >= 0) ::close(trace_fd_);
}

void RunOutputs::attach(Vm& vm, const Image& img) {
  const RunArgs& a = a_;
  // --trace: every memory access and allocation, in order (runtime/trace.h).
  if (!a.trace.empty()) {
    trace_fd_ = ::open(a.trace.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (trace_fd_ < 0) throw std::runtime_error(a.trace + ": cannot create: " + std::strerror(errno));
    if (a.trace_format == "raw") {
      raw_trace_ = std::make_unique<TraceEvents>(trace_fd_, &vm.stats().steps);
    } else {
      trace_ = std::make_unique<TraceStream>(img, prog_, trace_fd_, &vm.stats().steps, trace_filter_);
    }
    std::function<uint64_t()> events = [this] { return trace_ ? trace_->events() : raw_trace_->writer().events(); };
    if (::isatty(STDERR_FILENO)) progress_ = std::make_unique<TraceProgress>(events);
  }
  // The call graph also gives the profile its loops, and the profile the graph's GEXF and
  // DOT their per-closure counts: either output needs both.
  if (!a.call_graph.empty() || !a.profile.empty() || !a.profile_report.empty() || !a.speedscope.empty()) {
    CallGraphOptions go;
    go.ext_stg_names = a.call_graph_names == "ext-stg";
    go.min_count = a.min_count;
    go.include = a.include;
    go.exclude = a.exclude;
    go.from_step = a.from_step;
    if (a.to_step) go.to_step = a.to_step;
    graph_ = std::make_unique<CallGraph>(img, &vm.stats().steps, go);
    graph_->keep_all_calls();
    ProfileOptions po;
    if (!a.speedscope.empty()) po.sample_every = a.sample_every;
    profile_ = std::make_unique<Profile>(img, prog_, po);
  }
  std::vector<VmEvents*> consumers;
  for (VmEvents* e : {static_cast<VmEvents*>(trace_.get()), static_cast<VmEvents*>(raw_trace_.get()), progress_.get(),
                      static_cast<VmEvents*>(graph_.get()),
                      static_cast<VmEvents*>(profile_.get())})
    if (e) consumers.push_back(e);
  if (consumers.size() == 1) {
    vm.attach(consumers[0]);
  } else if (consumers.size() > 1) {
    tee_ = std::make_unique<TeeEvents>(consumers);
    vm.attach(tee_.get());
    tee_->share_stack_walker();
  }
}

void RunOutputs::write(const Vm& vm, int exit_code) {
  const RunArgs& a = a_;
  if (graph_) graph_->finish(), profile_->finish(*graph_);
  if (!a.call_graph.empty()) {
    std::string base = a.call_graph + "/" + prog_ + "-call-graph";
    write_file_atomic(base + ".tsv", graph_->tsv());
    std::string summary = graph_->summary();
    if (summary.empty()) ::unlink((base + "-summary").c_str());  // (ext-stg writes none for an empty graph)
    else write_file_atomic(base + "-summary", summary);
    write_file_atomic(base + ".gexf", call_graph_gexf(*graph_, profile_->by_closure(), prog_));
    HotGraph hot = hot_call_graph(*graph_, *profile_, prog_, {a.hot_share, a.hot_top});
    write_file_atomic(base + ".dot", hot.dot);
    write_file_atomic(base + ".svg", hot.svg);
  }
  if (!a.profile.empty()) write_file_atomic(a.profile, profile_->json());
  if (a.profile_report == "-") std::fputs(profile_->report().c_str(), stderr);
  else if (!a.profile_report.empty()) write_file_atomic(a.profile_report, profile_->report());
  if (!a.speedscope.empty()) write_file_atomic(a.speedscope, profile_->speedscope());
  progress_.reset();  // (ends its line)
  if (trace_ || raw_trace_) {
    // (a run stopped for a snapshot has not ended: its trace has no end chunk)
    bool ok = raw_trace_ ? raw_trace_->writer().flush() : vm.stopped_for_snapshot() ? trace_->flush() : trace_->finish(exit_code);
    ::close(trace_fd_);
    trace_fd_ = -1;
    if (!ok) throw std::runtime_error(a.trace + ": cannot write the trace");
  }
}

}  // namespace stgvm::cli
