// stgvm command line: dispatches sub-commands; every input error becomes one line on stderr
// and exit code 2.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <memory>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iterator>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "analysis/program_info.h"
#include "exporter/pak_writer.h"
#include "loader/dump.h"
#include "loader/error.h"
#include "cli/cli_util.h"
#include "cli/image_cache.h"
#include "loader/large_stack.h"
#include "loader/load.h"
#include "interp/snapshot.h"
#include "interp/vm.h"
#include "exporter/zip_writer.h"
#include "lower/lower.h"

namespace {

using stgvm::cli::parse_size;
using stgvm::cli::UsageError;

constexpr const char* kUsage =
    "usage:\n"
    "  stgvm info FILE [--json]            summary of a program (.fullpak, .modpak, .ghc_stgapp, .stgbin)\n"
    "  stgvm dump FILE [--module M] [--full]\n"
    "                                      readable STG of the program or of one module\n"
    "  stgvm run FILE [--stats] [--heap-size N] [--max-heap N] [--stack-size N] [--env NAME=VALUE]…\n"
    "            [-- ARGS…]\n"
    "            [--snapshot-at STEP --snapshot FILE.snap] [--trace FILE.trace] [--no-cache]\n"
    "                                      run main; stdout/stderr/exit code are the program's\n"
    "  stgvm resume FILE.snap [--stats] [--no-cache]\n"
    "                                      continue a machine stopped by run --snapshot\n"
    "  stgvm lower FILE [--all]            lower to the machine IR (what main can reach; --all:\n"
    "                                      every binding), verify it, print image statistics\n"
    "  stgvm wasm FILE -o OUT.wasm [--heap-size N] [--stack-size N] [-O] [--traceable]\n"
    "                                      emit the program as one WebAssembly module (WASI)\n"
    "  stgvm run-wasm OUT.wasm [--stats] [--max-heap N] [--stack-size N] [--env NAME=VALUE]… [--trace FILE]\n"
    "            [-- ARGS…]\n"
    "                                      run an emitted module under Node's WASI, like run\n"
    "  stgvm diff-wasm FILE [--heap-size N] [--max-heap N] [--stack-size N] [--env NAME=VALUE]… [--keep DIR]\n"
    "            [-- ARGS…]                run FILE in the interpreter and as wasm on the same stdin; compare\n"
    "                                      exit codes, output and memory traces (first divergence)\n"
    "  stgvm pack modpaks OBJDIR           zip the exporter's per-module output into .o_modpak files\n"
    "  stgvm pack fullpak APP.o_ghc_stgapp -o OUT.fullpak [--include-all] [--stgbins-only]\n"
    "                                      whole-program archive of the modules reachable from main\n";


void write_stdout(const std::string& s) {
  if (std::fwrite(s.data(), 1, s.size(), stdout) != s.size() || std::fflush(stdout) != 0)
    throw std::runtime_error(std::string("cannot write to stdout: ") + std::strerror(errno));
}

int cmd_info(const std::vector<std::string>& args) {
  std::string file;
  bool json = false;
  for (auto& a : args) {
    if (a == "--json") json = true;
    else if (!a.empty() && a[0] == '-') throw UsageError("info: unknown option " + a);
    else if (file.empty()) file = a;
    else throw UsageError("info: more than one FILE");
  }
  if (file.empty()) throw UsageError("info: FILE missing");
  auto p = stgvm::load_program(file);
  auto info = stgvm::collect_info(*p);
  write_stdout(json ? stgvm::info_json(*p, info) : stgvm::info_text(*p, info));
  return 0;
}

int cmd_dump(const std::vector<std::string>& args) {
  std::string file, module;
  bool full = false;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--full") full = true;
    else if (args[i] == "--module") {
      if (++i >= args.size()) throw UsageError("dump: --module needs a module name");
      module = args[i];
    } else if (!args[i].empty() && args[i][0] == '-') throw UsageError("dump: unknown option " + args[i]);
    else if (file.empty()) file = args[i];
    else throw UsageError("dump: more than one FILE");
  }
  if (file.empty()) throw UsageError("dump: FILE missing");
  auto p = stgvm::load_program(file);
  std::string out;
  bool found = false;
  for (const auto* m : p->modules) {
    if (!module.empty() && m->name != module) continue;
    if (found) out += '\n';
    stgvm::dump_module(out, *m, full);
    found = true;
  }
  if (!module.empty() && !found) throw stgvm::LoadError(file, "", -1, "no module named " + module);
  write_stdout(out);
  return 0;
}


// What `run` and `resume` share once the machine is set up: runs it, reports --stats, and
// turns a failure into the command's result after stdout is flushed.
int finish_run(stgvm::Vm& vm, bool stats, const std::function<int()>& go) {
  int code = 0;
  std::exception_ptr failure;
  try {
    code = go();
  } catch (...) {
    failure = std::current_exception();
  }
  std::fflush(stdout);
  if (stats && !vm.stopped_for_snapshot()) {
    std::fputs(vm.stats_line().c_str(), stderr);
  }
  if (failure) std::rethrow_exception(failure);
  return code;
}

int cmd_run(const std::vector<std::string>& args) {
  std::string file, snapshot_file, trace_file;
  bool stats = false;
  bool use_cache = true;  // --no-cache: decode and lower, neither read nor write the cache
  uint64_t snapshot_at = 0;
  std::vector<std::string> prog_args;
  std::vector<std::string> env = stgvm::VmOptions().env;
  uint32_t heap = stgvm::layout::RegionSizes().heap, stack = stgvm::VmOptions().stack_bytes;
  uint64_t max_heap = 0;
  size_t i = 0;
  for (; i < args.size(); ++i) {
    if (args[i] == "--") {
      ++i;
      break;
    }
    if (args[i] == "--stats") stats = true;
    else if (args[i] == "--no-cache") use_cache = false;
    else if (args[i] == "--max-heap") {
      if (i + 1 >= args.size()) throw UsageError("run: --max-heap needs a size");
      max_heap = parse_size(args[i], args[i + 1]);
      ++i;
    } else if (args[i] == "--heap-size" || args[i] == "--stack-size") {
      if (i + 1 >= args.size()) throw UsageError("run: " + args[i] + " needs a size");
      uint64_t n = parse_size(args[i], args[i + 1]);
      if (n < 65536 || n > (1ull << 30)) throw UsageError("run: " + args[i] + " must be between 64K and 1G");
      (args[i] == "--heap-size" ? heap : stack) = uint32_t(n);
      ++i;
    } else if (args[i] == "--snapshot-at") {
      if (i + 1 >= args.size()) throw UsageError("run: --snapshot-at needs a step count");
      char* end = nullptr;
      snapshot_at = std::strtoull(args[i + 1].c_str(), &end, 10);
      if (args[i + 1].empty() || *end || !snapshot_at) throw UsageError("run: --snapshot-at needs a positive step count");
      ++i;
    } else if (args[i] == "--trace") {
      if (i + 1 >= args.size()) throw UsageError("run: --trace needs a file");
      trace_file = args[++i];
    } else if (args[i] == "--snapshot") {
      if (i + 1 >= args.size()) throw UsageError("run: --snapshot needs a file");
      snapshot_file = args[++i];
    } else if (args[i] == "--env") {
      if (++i >= args.size() || args[i].find('=') == std::string::npos)
        throw UsageError("run: --env needs NAME=VALUE");
      std::string key = args[i].substr(0, args[i].find('=') + 1);
      std::erase_if(env, [&](const std::string& kv) { return kv.compare(0, key.size(), key) == 0; });
      env.push_back(args[i]);
    } else if (!args[i].empty() && args[i][0] == '-') throw UsageError("run: unknown option " + args[i]);
    else if (file.empty()) file = args[i];
    else throw UsageError("run: more than one FILE (program arguments go after --)");
  }
  for (; i < args.size(); ++i) prog_args.push_back(args[i]);
  if (file.empty()) throw UsageError("run: FILE missing");
  if (!snapshot_at != snapshot_file.empty()) throw UsageError("run: --snapshot-at and --snapshot go together");
  if (max_heap && max_heap < heap) heap = uint32_t(std::max<uint64_t>(max_heap / 2, 65536));
  stgvm::layout::RegionSizes sizes;
  sizes.heap = heap;
  stgvm::Image img = stgvm::program_image(file, sizes, use_cache);
  stgvm::VmOptions o;
  o.args.push_back(stgvm::cli::program_name(file));
  o.args.insert(o.args.end(), prog_args.begin(), prog_args.end());
  o.env = env;
  o.stack_bytes = stack;
  o.max_heap = max_heap;
  o.snapshot_at = snapshot_at;
  stgvm::Vm vm(img, o);
  // --trace: every memory access and allocation, in order (runtime/trace.h).
  std::unique_ptr<stgvm::TraceEvents> trace;
  int trace_fd = -1;
  if (!trace_file.empty()) {
    trace_fd = ::open(trace_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (trace_fd < 0) throw std::runtime_error(trace_file + ": cannot create: " + std::strerror(errno));
    trace = std::make_unique<stgvm::TraceEvents>(trace_fd, &vm.stats().steps);
    vm.attach(trace.get());
  }
  int code = finish_run(vm, stats, [&] { return vm.run_main(); });
  if (trace) {
    bool ok = trace->writer().flush();
    ::close(trace_fd);
    if (!ok) throw std::runtime_error(trace_file + ": cannot write the trace");
  }
  if (!vm.stopped_for_snapshot()) return code;  // the program ended before that step
  stgvm::SnapshotHeader h;
  char* abs = realpath(file.c_str(), nullptr);
  h.program = abs ? abs : file;
  std::free(abs);
  h.sizes = sizes;
  h.options = o;
  h.options.snapshot_at = 0;
  h.image_hash = stgvm::image_hash(img);
  std::vector<uint8_t> bytes = stgvm::encode_snapshot(h, vm.save_machine());
  stgvm::write_file_atomic(snapshot_file, std::string(bytes.begin(), bytes.end()));
  return 0;
}

// stgvm resume FILE.snap [--stats]: the machine a `run --snapshot` stopped, continued.
int cmd_resume(const std::vector<std::string>& args) {
  std::string file;
  bool stats = false;
  bool use_cache = true;  // --no-cache: decode and lower, neither read nor write the cache
  for (auto& a : args) {
    if (a == "--stats") stats = true;
    else if (a == "--no-cache") use_cache = false;
    else if (!a.empty() && a[0] == '-') throw UsageError("resume: unknown option " + a);
    else if (file.empty()) file = a;
    else throw UsageError("resume: more than one FILE");
  }
  if (file.empty()) throw UsageError("resume: FILE missing");
  std::string contents;
  if (!stgvm::cli::read_whole_file(file, contents)) throw std::runtime_error(file + ": cannot open");
  std::vector<uint8_t> bytes(contents.begin(), contents.end());
  stgvm::SnapshotHeader h;
  std::vector<uint8_t> machine;
  std::string why = stgvm::decode_snapshot(bytes, h, machine);
  if (!why.empty()) throw std::runtime_error(file + ": " + why);
  stgvm::Image img = stgvm::program_image(h.program, h.sizes, use_cache);
  if (stgvm::image_hash(img) != h.image_hash)
    throw std::runtime_error(file + ": the snapshot is of another program image than " + h.program);
  stgvm::Vm vm(img, h.options);
  why = vm.restore_machine(machine);
  if (!why.empty()) throw std::runtime_error(file + ": " + why);
  return finish_run(vm, stats, [&] { return vm.resume_run(); });
}

int cmd_lower(const std::vector<std::string>& args) {
  bool all = false;
  std::vector<std::string> files;
  for (const std::string& a : args) {
    if (a == "--all") all = true;
    else if (a.rfind("--", 0) == 0) throw UsageError("lower: unknown option " + a);
    else files.push_back(a);
  }
  if (files.size() != 1) throw UsageError("lower: expected one FILE");
  auto p = stgvm::load_program(files[0]);
  stgvm::Image img = stgvm::lower_program(*p, {}, all);
  std::string problem = stgvm::verify_image(img);
  if (!problem.empty()) throw std::runtime_error("invalid image: " + problem);
  std::string o;
  o += "blocks: " + std::to_string(img.blocks.size() - 1) + "\n";
  o += "instructions: " + std::to_string(img.code.size()) + "\n";
  o += "operand pool words: " + std::to_string(img.pool.size()) + "\n";
  o += "static image bytes: " + std::to_string(img.static_bytes.size()) + "\n";
  o += "foreign call sites: " + std::to_string(img.foreign.size()) + "\n";
  o += "labels: " + std::to_string(img.labels.size()) + "\n";
  o += "main closure: " + std::to_string(img.main_closure) + "\n";
  uint64_t h = stgvm::image_hash(img);
  char hex[32];
  snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  o += "image hash: " + std::string(hex) + "\n";
  o += "unknown primops: " + std::to_string(img.unknown_primops.size()) + "\n";
  for (auto& n : img.unknown_primops) o += "  " + n + "\n";
  write_stdout(o);
  return 0;
}

int cmd_pack(const std::vector<std::string>& args) {
  if (args.empty()) throw UsageError("pack: expected `modpaks` or `fullpak`");
  if (args[0] == "modpaks") {
    if (args.size() != 2) throw UsageError("pack modpaks: expected one OBJDIR");
    size_t n = stgvm::pack_modpaks(args[1]);
    std::fprintf(stderr, "stgvm: wrote %zu modpaks under %s\n", n, args[1].c_str());
    return 0;
  }
  if (args[0] == "fullpak") {
    std::string in, out;
    stgvm::FullpakOptions o;
    for (size_t i = 1; i < args.size(); ++i) {
      if (args[i] == "-o") {
        if (++i >= args.size()) throw UsageError("pack fullpak: -o needs a file");
        out = args[i];
      } else if (args[i] == "--include-all") o.include_all = true;
      else if (args[i] == "--stgbins-only") o.stgbins_only = true;
      else if (!args[i].empty() && args[i][0] == '-') throw UsageError("pack fullpak: unknown option " + args[i]);
      else if (in.empty()) in = args[i];
      else throw UsageError("pack fullpak: more than one input");
    }
    if (in.empty() || out.empty()) throw UsageError("pack fullpak: need APP.o_ghc_stgapp and -o OUT.fullpak");
    size_t n = stgvm::pack_fullpak(in, out, o);
    std::fprintf(stderr, "stgvm: wrote %s (%zu modules)\n", out.c_str(), n);
    return 0;
  }
  throw UsageError("pack: unknown target " + args[0]);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h")) {
    std::fputs(kUsage, argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  std::string cmd = argv[1];
  std::vector<std::string> args(argv + 2, argv + argc);
  int rc = 0;
  try {
    stgvm::run_with_large_stack([&] {
      if (cmd == "info") rc = cmd_info(args);
      else if (cmd == "dump") rc = cmd_dump(args);
      else if (cmd == "pack") rc = cmd_pack(args);
      else if (cmd == "lower") rc = cmd_lower(args);
      else if (cmd == "run") rc = cmd_run(args);
      else if (cmd == "resume") rc = cmd_resume(args);
      else if (cmd == "wasm") rc = stgvm::cli::cmd_wasm(args);
      else if (cmd == "run-wasm") rc = stgvm::cli::cmd_run_wasm(args);
      else if (cmd == "diff-wasm") rc = stgvm::cli::cmd_diff_wasm(args);
      else throw UsageError("unknown command " + cmd);
    });
  } catch (const UsageError& e) {
    std::fprintf(stderr, "stgvm: %s\n%s", e.what(), kUsage);
    return 2;
  } catch (const stgvm::RuntimeFatal& e) {  // VmError too: a failure of the machine itself
    std::fprintf(stderr, "stgvm: error: %s\n", e.what());
    return 3;
  } catch (const stgvm::MemoryFault& e) {
    std::fprintf(stderr, "stgvm: error: %s\n", e.what());
    return 3;
  } catch (const stgvm::LowerError& e) {
    std::fprintf(stderr, "stgvm: error: cannot lower the program: %s\n", e.what());
    return 2;
  } catch (const stgvm::LoadError& e) {
    std::fprintf(stderr, "stgvm: error: %s\n", e.what());
    return 2;
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "stgvm: error: out of memory\n");
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "stgvm: error: %s\n", e.what());
    return 2;
  }
  return rc;
}
