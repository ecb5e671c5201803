// stgvm command line: dispatches sub-commands; every input error becomes one line on stderr
// and exit code 2.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "analysis/program_info.h"
#include "exporter/pak_writer.h"
#include "loader/dump.h"
#include "loader/error.h"
#include "loader/large_stack.h"
#include "loader/load.h"
#include "interp/vm.h"
#include "lower/lower.h"

namespace {

constexpr const char* kUsage =
    "usage:\n"
    "  stgvm info FILE [--json]            summary of a program (.fullpak, .modpak, .ghc_stgapp, .stgbin)\n"
    "  stgvm dump FILE [--module M] [--full]\n"
    "                                      readable STG of the program or of one module\n"
    "  stgvm run FILE [--stats] [--heap-size N] [--max-heap N] [--stack-size N] [--env NAME=VALUE]…\n"
    "            [-- ARGS…]\n"
    "                                      run main; stdout/stderr/exit code are the program's\n"
    "  stgvm lower FILE                    lower to the machine IR, verify it, print image statistics\n"
    "  stgvm pack modpaks OBJDIR           zip the exporter's per-module output into .o_modpak files\n"
    "  stgvm pack fullpak APP.o_ghc_stgapp -o OUT.fullpak [--include-all] [--stgbins-only]\n"
    "                                      whole-program archive of the modules reachable from main\n";

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

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

// "64M", "512K", "1G", or bytes.
uint64_t parse_size(const std::string& flag, const std::string& v) {
  size_t used = 0;
  unsigned long long n = 0;
  try {
    n = std::stoull(v, &used);
  } catch (...) {
    throw UsageError(flag + ": not a size: " + v);
  }
  std::string suffix = v.substr(used);
  if (suffix == "K" || suffix == "k") n <<= 10;
  else if (suffix == "M" || suffix == "m") n <<= 20;
  else if (suffix == "G" || suffix == "g") n <<= 30;
  else if (!suffix.empty()) throw UsageError(flag + ": not a size: " + v);
  return n;
}

int cmd_run(const std::vector<std::string>& args) {
  std::string file;
  bool stats = false;
  std::vector<std::string> prog_args;
  std::vector<std::string> env = stgvm::VmOptions().env;
  uint32_t heap = stgvm::VmOptions().heap_bytes, stack = stgvm::VmOptions().stack_bytes;
  uint64_t max_heap = 0;
  size_t i = 0;
  for (; i < args.size(); ++i) {
    if (args[i] == "--") {
      ++i;
      break;
    }
    if (args[i] == "--stats") stats = true;
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
  auto p = stgvm::load_program(file);
  stgvm::Image img = stgvm::lower_program(*p);
  stgvm::VmOptions o;
  // The program's name, as GHC's RTS and the Haskell interpreter give it: the file's base
  // name without its extension.
  std::string name = file.substr(file.find_last_of('/') == std::string::npos ? 0 : file.find_last_of('/') + 1);
  if (auto dot = name.rfind('.'); dot != std::string::npos && dot > 0) name = name.substr(0, dot);
  o.args.push_back(name);
  o.args.insert(o.args.end(), prog_args.begin(), prog_args.end());
  o.env = env;
  o.heap_bytes = heap;
  o.stack_bytes = stack;
  o.max_heap = max_heap;
  if (max_heap && max_heap < o.heap_bytes) o.heap_bytes = uint32_t(std::max<uint64_t>(max_heap / 2, 65536));
  stgvm::Vm vm(img, o);
  int code = 0;
  std::exception_ptr failure;
  try {
    code = vm.run_main();
  } catch (...) {
    failure = std::current_exception();
  }
  std::fflush(stdout);
  if (stats) {
    const auto& s = vm.stats();
    std::fprintf(stderr,
                 "stgvm: steps %llu, allocated %llu bytes, %llu GCs, max heap %llu bytes (non-moving %llu), "
                 "max stack %llu bytes, heap hash %016llx\n",
                 (unsigned long long)s.steps, (unsigned long long)s.allocated, (unsigned long long)s.gcs,
                 (unsigned long long)s.max_heap, (unsigned long long)s.max_large, (unsigned long long)s.max_stack,
                 (unsigned long long)vm.heap_hash());
  }
  if (failure) std::rethrow_exception(failure);
  return code;
}

int cmd_lower(const std::vector<std::string>& args) {
  if (args.size() != 1) throw UsageError("lower: expected one FILE");
  auto p = stgvm::load_program(args[0]);
  stgvm::Image img = stgvm::lower_program(*p);
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
  // FNV-1a over everything an executor consumes: equal hashes across runs = deterministic.
  uint64_t h = 1469598103934665603ull;
  auto mix = [&](const void* data, size_t n) {
    const unsigned char* c = static_cast<const unsigned char*>(data);
    for (size_t i = 0; i < n; ++i) h = (h ^ c[i]) * 1099511628211ull;
  };
  for (auto& in : img.code) {
    mix(&in.op, 1);
    mix(&in.a, 4);
    mix(&in.b, 4);
    mix(&in.imm, 8);
  }
  for (auto& blk : img.blocks) {
    mix(&blk.kind, 1);
    mix(&blk.first, 4);
    mix(&blk.count, 4);
    mix(&blk.nregs, 4);
  }
  mix(img.pool.data(), img.pool.size() * 4);
  mix(img.static_bytes.data(), img.static_bytes.size());
  for (auto& f : img.foreign) mix(f.symbol.data(), f.symbol.size());
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
      else throw UsageError("unknown command " + cmd);
    });
  } catch (const UsageError& e) {
    std::fprintf(stderr, "stgvm: %s\n%s", e.what(), kUsage);
    return 2;
  } catch (const stgvm::VmError& e) {
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
