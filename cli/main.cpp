// stgvm's own commands (info, dump, run, resume, lower, pack) and main: the command line
// (cli/parser.cpp) picks one; every input error becomes one line on stderr and exit code 2.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <set>
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
#include "cli/commands.h"
#include "cli/image_cache.h"
#include "cli/parser.h"
#include "cli/run_outputs.h"
#include "loader/large_stack.h"
#include "loader/load.h"
#include "interp/snapshot.h"
#include "interp/vm.h"
#include "exporter/zip_writer.h"
#include "lower/ir_print.h"
#include "lower/lower.h"

namespace stgvm::cli {

namespace {

void write_stdout(const std::string& s) {
  if (std::fwrite(s.data(), 1, s.size(), stdout) != s.size() || std::fflush(stdout) != 0)
    throw std::runtime_error(std::string("cannot write to stdout: ") + std::strerror(errno));
}

}  // namespace

std::vector<std::string> program_env(const std::string& cmd, const std::vector<std::string>& env) {
  std::vector<std::string> out = VmOptions().env;
  for (const std::string& kv : env) {
    if (kv.empty() || kv[0] == '=' || kv.find('=') == std::string::npos)
      throw UsageError(cmd + ": --env needs NAME=VALUE, not \"" + kv + "\"");
    std::string key = kv.substr(0, kv.find('=') + 1);
    std::erase_if(out, [&](const std::string& e) { return e.compare(0, key.size(), key) == 0; });
    out.push_back(kv);
  }
  return out;
}

int cmd_info(const InfoArgs& a) {
  const std::string& file = a.file;
  bool json = a.json;
  auto p = stgvm::load_program(file);
  auto info = stgvm::collect_info(*p);
  write_stdout(json ? stgvm::info_json(*p, info) : stgvm::info_text(*p, info));
  return 0;
}

int cmd_dump(const DumpArgs& a) {
  const std::string &file = a.file, &module = a.module;
  bool full = a.full;
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
static int finish_run(stgvm::Vm& vm, bool stats, const std::function<int()>& go) {
  int code = 0;
  std::exception_ptr failure;
  try {
    code = go();
  } catch (...) {
    failure = std::current_exception();
  }
  vm.attach(nullptr);  // (what --stats reads afterwards is not the run's: no trace events)
  std::fflush(stdout);
  if (stats && !vm.stopped_for_snapshot()) {
    std::fputs(vm.stats_line().c_str(), stderr);
  }
  if (failure) std::rethrow_exception(failure);
  return code;
}

// A size option's value (64K..1G where `bounded`).
static uint64_t size_arg(const std::string& cmd, const std::string& flag, const std::string& v, bool bounded) {
  uint64_t n = parse_size(cmd + ": " + flag, v);
  if (bounded && (n < 65536 || n > (1ull << 30))) throw UsageError(cmd + ": " + flag + " must be between 64K and 1G");
  return n;
}

int cmd_run(const RunArgs& a) {
  const std::string &file = a.file, &snapshot_file = a.snapshot;
  bool stats = a.stats, use_cache = !a.no_cache;
  std::vector<std::string> env = program_env("run", a.env);
  uint32_t heap = stgvm::layout::RegionSizes().heap, stack = stgvm::VmOptions().stack_bytes;
  if (!a.heap_size.empty()) heap = uint32_t(size_arg("run", "--heap-size", a.heap_size, true));
  if (!a.stack_size.empty()) stack = uint32_t(size_arg("run", "--stack-size", a.stack_size, true));
  uint64_t max_heap = a.max_heap.empty() ? 0 : size_arg("run", "--max-heap", a.max_heap, false);
  uint64_t snapshot_at = 0;
  if (!a.snapshot_at.empty()) {
    char* end = nullptr;
    snapshot_at = std::strtoull(a.snapshot_at.c_str(), &end, 10);
    if (*end || !snapshot_at || a.snapshot_at[0] == '-') throw UsageError("run: --snapshot-at needs a positive step count");
  }
  const std::vector<std::string>& prog_args = a.args;
  if (!snapshot_at != snapshot_file.empty()) throw UsageError("run: --snapshot-at and --snapshot go together");
  if (max_heap && max_heap < heap) heap = uint32_t(std::max<uint64_t>(max_heap / 2, 65536));
  RunOutputs outputs(a);  // (before the program loads: bad options fail fast)
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
  outputs.attach(vm, img);
  int code = finish_run(vm, stats, [&] { return vm.run_main(); });
  outputs.write(vm, code);  // (when the program ended, however it ended; a failed run writes none)
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
int cmd_resume(const ResumeArgs& a) {
  const std::string& file = a.file;
  bool stats = a.stats, use_cache = !a.no_cache;
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

int cmd_lower(const LowerArgs& a) {
  bool all = a.all;
  auto p = stgvm::load_program(a.file);
  stgvm::Image img = stgvm::lower_program(*p, {}, all);
  std::string problem = stgvm::verify_image(img);
  if (!problem.empty()) throw std::runtime_error("invalid image: " + problem);
  problem = stgvm::verify_attribution(img);
  if (!problem.empty()) throw std::runtime_error("invalid attribution: " + problem);
  std::string o;
  o += "blocks: " + std::to_string(img.blocks.size() - 1) + "\n";
  o += "instructions: " + std::to_string(img.code.size()) + "\n";
  o += "operand pool words: " + std::to_string(img.pool.size()) + "\n";
  o += "static image bytes: " + std::to_string(img.static_bytes.size()) + "\n";
  o += "foreign call sites: " + std::to_string(img.foreign.size()) + "\n";
  o += "labels: " + std::to_string(img.labels.size()) + "\n";
  o += "program points: " + std::to_string(img.attr.points.size() - 1) + ", call sites: " + std::to_string(img.attr.sites.size()) + "\n";
  o += "main closure: " + std::to_string(img.main_closure) + "\n";
  {  // (verify_image checked that the tables lie in the static image)
    auto word = [&](uint32_t a, uint32_t n) { return img.static_word(a, n); };
    std::set<uint32_t> tables;
    uint32_t with = 0, reaching = 0;
    for (uint32_t b = 0; b < img.srt.blocks; ++b)
      if (uint32_t t = uint32_t(word(img.srt.table + 4 * b, 4))) ++with, tables.insert(t);
    if (img.srt.relevant_end)
      for (uint32_t w = 0; w < stgvm::layout::StaticTables::bitmap_bytes(img.srt.relevant_end) / 8; ++w)
        reaching += uint32_t(std::popcount(word(img.srt.relevant + 8 * w, 8)));
    o += "static reference tables: " + std::to_string(tables.size()) + " (" + std::to_string(with) +
         " blocks), CAF-reaching static closures: " + std::to_string(reaching) + "\n";
  }
  uint64_t h = stgvm::image_hash(img);
  char hex[32];
  snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  o += "image hash: " + std::string(hex) + "\n";
  o += "unknown primops: " + std::to_string(img.unknown_primops.size()) + "\n";
  for (auto& n : img.unknown_primops) o += "  " + n + "\n";
  if (!a.print.empty())
    for (uint32_t b = 1; b < img.blocks.size(); ++b)
      if (img.names[img.blocks[b].name].find(a.print) != std::string::npos) o += "\n" + stgvm::print_block(img, b);
  write_stdout(o);
  return 0;
}

int cmd_pack_modpaks(const PackModpaksArgs& a) {
  size_t n = stgvm::pack_modpaks(a.objdir);
  std::fprintf(stderr, "stgvm: wrote %zu modpaks under %s\n", n, a.objdir.c_str());
  return 0;
}

int cmd_pack_fullpak(const PackFullpakArgs& a) {
  stgvm::FullpakOptions o;
  o.include_all = a.include_all;
  o.stgbins_only = a.stgbins_only;
  size_t n = stgvm::pack_fullpak(a.in, a.out, o);
  std::fprintf(stderr, "stgvm: wrote %s (%zu modules)\n", a.out.c_str(), n);
  return 0;
}

}  // namespace stgvm::cli

int main(int argc, char** argv) {
  std::function<int()> command;
  if (int rc = stgvm::cli::parse_command_line(argc, argv, command); rc >= 0) return rc;
  int rc = 0;
  try {
    stgvm::run_with_large_stack([&] { rc = command(); });
  } catch (const stgvm::cli::UsageError& e) {
    std::fprintf(stderr, "stgvm: %s\n", e.what());
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
