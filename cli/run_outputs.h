// What `stgvm run` writes besides the program's own output: the memory trace (--trace), the
// call graph (--call-graph DIR) and the profile (--profile, --profile-report, --speedscope).
// Options are checked and output places tried before the run; files are written atomically
// once the program has ended.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "analysis/call_graph.h"
#include "analysis/profile.h"
#include "analysis/trace_stream.h"
#include "cli/commands.h"
#include "interp/vm.h"

namespace stgvm::cli {

class RunOutputs {
 public:
  // Throws UsageError (exit 2) for options that do not go together or places that cannot be
  // written.
  explicit RunOutputs(const RunArgs& a);
  ~RunOutputs();
  // Attaches the consumers the options ask for (none: the VM runs unobserved).
  void attach(Vm& vm, const Image& img);
  // After the run (`exit_code`: the program's): writes every output.
  void write(const Vm& vm, int exit_code);

 private:
  const RunArgs& a_;
  std::string prog_;
  TraceFilter trace_filter_;
  std::unique_ptr<TraceStream> trace_;       // --trace (Cap'n Proto)
  std::unique_ptr<TraceEvents> raw_trace_;   // --trace --trace-format raw
  int trace_fd_ = -1;
  std::unique_ptr<CallGraph> graph_;
  std::unique_ptr<Profile> profile_;
  std::unique_ptr<TeeEvents> tee_;
  std::unique_ptr<VmEvents> progress_;
};

}  // namespace stgvm::cli
