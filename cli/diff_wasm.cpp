// `stgvm diff-wasm FILE [-- ARGS]`: runs a program in both executors — the interpreter and
// its traceable wasm module under Node — on the same input, and compares what they did:
// exit code, stdout, stderr, and their memory-access traces (runtime/trace.h) event by
// event. A difference is reported as the first divergence: the event's number, step, code
// block and its STG name, both events, and the events just before it.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "cli/image_cache.h"
#include "exporter/zip_writer.h"
#include "runtime/trace.h"
#include "wasm/emit.h"

extern char** environ;

namespace stgvm::cli {

namespace {

// Starts this executable with `args`: stdin from `in`, stdout and stderr to files, and the
// write end of `trace_pipe` as its fd 3 (its trace goes to /dev/fd/3). Returns the pid.
pid_t spawn_self(const std::vector<std::string>& args, const std::string& in, const std::string& out,
                 const std::string& err, const int trace_pipe[2]) {
  std::vector<std::string> argv = {"stgvm"};
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<char*> cargv;
  for (auto& a : argv) cargv.push_back(a.data());
  cargv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, in.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&fa, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&fa, trace_pipe[1], 3);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, "/proc/self/exe", &fa, nullptr, cargv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) throw std::runtime_error("diff-wasm: cannot run stgvm: " + std::string(std::strerror(rc)));
  return pid;
}

int wait_exit(pid_t pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string read_file(const std::string& p) {
  std::string s;
  read_whole_file(p, s);  // (a stream the run did not write reads as empty)
  return s;
}

// Reads a trace's events one by one from a pipe (the header first).
class TraceReader {
 public:
  explicit TraceReader(int fd) : fd_(fd) {
    char head[kTraceHeaderBytes] = {};
    ok_ = read_exactly(head, sizeof head) && std::memcmp(head, kTraceMagic, 8) == 0;
  }
  bool ok() const { return ok_; }
  bool next(TraceEvent& e) { return read_exactly(&e, sizeof e); }
  // Reads to the end (the run goes on to its end).
  void drain() {
    for (;;) {
      ssize_t r = ::read(fd_, buf_, sizeof buf_);
      if (r == 0 || (r < 0 && errno != EINTR)) return;
    }
  }

 private:
  int fd_;
  bool ok_ = false;
  char buf_[1 << 16];
  size_t at_ = 0, have_ = 0;
  bool read_exactly(void* out, size_t n) {
    char* o = static_cast<char*>(out);
    while (n) {
      if (at_ == have_) {
        ssize_t r = ::read(fd_, buf_, sizeof buf_);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return false;
        at_ = 0;
        have_ = size_t(r);
      }
      size_t k = std::min(n, have_ - at_);
      std::memcpy(o, buf_ + at_, k);
      o += k, at_ += k, n -= k;
    }
    return true;
  }
};

std::string describe(const TraceEvent& e) {
  char b[160];
  const char* kind = e.kind == uint8_t(TraceKind::Load) ? "load" : e.kind == uint8_t(TraceKind::Store) ? "store" : "alloc";
  const char* origin = e.origin == uint8_t(TraceOrigin::Program) ? "program" : "runtime";
  if (e.kind == uint8_t(TraceKind::Alloc))
    snprintf(b, sizeof b, "alloc %llu bytes at 0x%08x (%s)", (unsigned long long)e.value, e.addr, origin);
  else
    snprintf(b, sizeof b, "%s %u bytes at 0x%08x = 0x%llx (%s)", kind, e.size, e.addr, (unsigned long long)e.value, origin);
  return b;
}

std::string block_name(const Image& img, uint32_t block) {
  if (block == 0 || block >= img.blocks.size()) return "?";
  return img.names[img.blocks[block].name];
}

}  // namespace

int cmd_diff_wasm(const DiffWasmArgs& a) {
  const std::string &file = a.file, &keep = a.keep;
  const std::vector<std::string>& prog_args = a.args;
  layout::RegionSizes sizes;
  if (!a.heap_size.empty()) sizes.heap = uint32_t(parse_size("diff-wasm: --heap-size", a.heap_size));
  // Passed on to both runs as given (each checks them as run and run-wasm do).
  std::vector<std::string> flags;
  if (!a.max_heap.empty()) flags.insert(flags.end(), {"--max-heap", a.max_heap});
  if (!a.stack_size.empty()) flags.insert(flags.end(), {"--stack-size", a.stack_size});
  program_env("diff-wasm", a.env);  // (checks them)
  for (const std::string& e : a.env) flags.insert(flags.end(), {"--env", e});
  std::vector<uint8_t> runtime = runtime_module();
  if (runtime.empty()) throw std::runtime_error("this stgvm was built without the wasm32 runtime (STGVM_WASM_RUNTIME=OFF)");

  Image img = program_image(file, sizes, true);
  std::vector<std::string> bad = wasm_untranslatable(img);
  if (!bad.empty()) throw std::runtime_error("cannot translate " + file + ": " + bad[0]);
  char tmpl[] = "/tmp/stgvm-diff-XXXXXX";
  std::string dir = keep;
  if (dir.empty()) {
    if (!mkdtemp(tmpl)) throw std::runtime_error("diff-wasm: cannot create a temporary directory");
    dir = tmpl;
  } else std::filesystem::create_directories(dir);
  struct Cleanup {
    std::string dir;
    ~Cleanup() {
      std::error_code ec;
      if (!dir.empty()) std::filesystem::remove_all(dir, ec);
    }
  } cleanup{keep.empty() ? dir : ""};

  // Both runs read the same input.
  {
    std::string input((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
    write_file_atomic(dir + "/stdin", input);
  }
  // The module is named like the program, so that both see the same program name.
  std::string name = program_name(file);
  WasmEmitOptions wo;
  wo.traceable = true;
  std::vector<uint8_t> mod = emit_wasm(img, runtime, wo);
  std::string wasm = dir + "/" + name + ".wasm";
  write_file_atomic(wasm, std::string(mod.begin(), mod.end()));

  // Both run at once; their traces stream through pipes and are compared as they come (a
  // trace can be tens of gigabytes: it never touches the disk).
  int pi[2], pw[2];
  if (pipe2(pi, O_CLOEXEC) != 0 || pipe2(pw, O_CLOEXEC) != 0) throw std::runtime_error("diff-wasm: cannot create pipes");
  std::string heap = std::to_string(sizes.heap);
  std::vector<std::string> run = {"run", file, "--heap-size", heap, "--trace", "/dev/fd/3", "--trace-format", "raw"};
  run.insert(run.end(), flags.begin(), flags.end());
  run.push_back("--");
  run.insert(run.end(), prog_args.begin(), prog_args.end());
  pid_t pid_i = spawn_self(run, dir + "/stdin", dir + "/interp.stdout", dir + "/interp.stderr", pi);
  std::vector<std::string> runw = {"run-wasm", wasm, "--trace", "/dev/fd/3"};
  runw.insert(runw.end(), flags.begin(), flags.end());
  runw.push_back("--");
  runw.insert(runw.end(), prog_args.begin(), prog_args.end());
  pid_t pid_w = spawn_self(runw, dir + "/stdin", dir + "/wasm.stdout", dir + "/wasm.stderr", pw);
  ::close(pi[1]);
  ::close(pw[1]);
  std::string trace_report;
  bool traces_same = true;
  {
    TraceReader ti(pi[0]), tw(pw[0]);
    if (!ti.ok() || !tw.ok()) {
      trace_report = std::string("trace: the ") + (ti.ok() ? "wasm module" : "interpreter") + " wrote none\n";
      traces_same = false;
    } else {
      std::deque<TraceEvent> before;
      TraceEvent a{}, b{};
      for (uint64_t n = 0;; ++n) {
        bool ha = ti.next(a), hb = tw.next(b);
        if (!ha && !hb) {
          trace_report = "traces: identical (" + std::to_string(n) + " events)\n";
          break;
        }
        if (ha && hb && std::memcmp(&a, &b, sizeof a) == 0) {
          before.push_back(a);
          if (before.size() > 6) before.pop_front();
          continue;
        }
        traces_same = false;
        const TraceEvent& at = ha ? a : b;
        trace_report = "traces: first divergence at event " + std::to_string(n) + ", step " + std::to_string(at.step) +
                       ", block " + std::to_string(at.block) + " (" + block_name(img, at.block) + ")\n";
        trace_report += "  interpreter: " + (ha ? "step " + std::to_string(a.step) + ", " + describe(a) : "(trace ends)") + "\n";
        trace_report += "  wasm:        " + (hb ? "step " + std::to_string(b.step) + ", " + describe(b) : "(trace ends)") + "\n";
        if (!before.empty()) trace_report += "  the events before it (both):\n";
        for (const TraceEvent& e : before)
          trace_report += "    step " + std::to_string(e.step) + ", block " + std::to_string(e.block) + " (" +
                          block_name(img, e.block) + "): " + describe(e) + "\n";
        break;
      }
    }
    ti.drain();  // (both runs go on to their end: their output is compared too)
    tw.drain();
  }
  ::close(pi[0]);
  ::close(pw[0]);
  int rc_i = wait_exit(pid_i), rc_w = wait_exit(pid_w);

  std::string report;
  bool same = true;
  if (rc_i != rc_w) {
    report += "exit code: interpreter " + std::to_string(rc_i) + ", wasm " + std::to_string(rc_w) + "\n";
    same = false;
  }
  for (const char* stream : {"stdout", "stderr"}) {
    std::string a = read_file(dir + "/interp." + stream), b = read_file(dir + "/wasm." + stream);
    if (a == b) continue;
    size_t k = 0;
    while (k < a.size() && k < b.size() && a[k] == b[k]) ++k;
    report += std::string(stream) + ": differs from byte " + std::to_string(k) + " (interpreter " +
              std::to_string(a.size()) + " bytes, wasm " + std::to_string(b.size()) + ")\n";
    same = false;
  }
  report += trace_report;
  same = same && traces_same;
  if (same) report = "the interpreter and the wasm module agree: exit code " + std::to_string(rc_i) +
                     ", stdout, stderr, " + report;
  std::fputs(report.c_str(), stdout);
  if (!keep.empty()) std::printf("runs kept in %s\n", keep.c_str());
  return same ? 0 : 1;
}

}  // namespace stgvm::cli
