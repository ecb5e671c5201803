// `stgvm wasm` (emit a program as a WebAssembly module) and `stgvm run-wasm` (run one under
// Node's WASI with the contract of `stgvm run`).
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <tuple>
#include <vector>

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "cli/image_cache.h"
#include "exec/driver.h"
#include "exporter/zip_writer.h"
#include "wasm/emit.h"

namespace stgvm::cli {

namespace {

// The Node side of run-wasm: argv = [module, env JSON, program name, runtime options…, "--",
// program arguments…]. WASI preview1 with the program's exact environment, this process's
// stdio and the file system; a trap is one line and exit code 3.
constexpr const char* kRunner = R"JS(
const { WASI } = await import('node:wasi');
const { readFile } = await import('node:fs/promises');
const [file, envJson, name, ...rest] = process.argv.slice(1);
// The whole file system is preopened as "/"; relative paths resolve against this directory
// (wasi-libc mixes up "/" and "." preopens).
const argv = [name, '--cwd', process.cwd(), ...rest];
// --trace FILE: this process writes the trace the module hands over (stgvm_trace.write).
const fs = await import('node:fs');
let traceFd = -1;
const t = rest.indexOf('--trace');
if (t >= 0 && t + 1 < rest.length && rest.indexOf('--') > t) {
  try {
    traceFd = fs.openSync(rest[t + 1], 'w');
  } catch (e) {
    process.stderr.write(`stgvm: error: ${rest[t + 1]}: cannot create: ${e.message}\n`);
    process.exit(2);
  }
}
let module;
try {
  module = await WebAssembly.compile(await readFile(file));
} catch (e) {
  process.stderr.write(`stgvm: error: ${file}: ${e.message}\n`);
  process.exit(2);
}
const wasi = new WASI({ version: 'preview1', args: argv, env: JSON.parse(envJson),
                        preopens: { '/': '/' }, returnOnExit: true });
// Node 20's fast API calls into WASI crash once the module's memory has grown
// (nodejs/node#53087); calling through plain JS functions avoids them.
const imports = wasi.getImportObject();
imports.wasi_snapshot_preview1 = Object.fromEntries(
  Object.entries(imports.wasi_snapshot_preview1).map(([k, f]) => [k, typeof f === 'function' ? (...a) => f(...a) : f]));
let instance;
imports.stgvm_trace = { write: (p, n) => {
  try {
    const b = new Uint8Array(instance.exports.memory.buffer, p, n);
    for (let o = 0; o < n;) o += fs.writeSync(traceFd, b, o, n - o);
    return 1;
  } catch (e) {
    return 0;
  }
} };
let code;
try {
  instance = await WebAssembly.instantiate(module, imports);
  code = wasi.start(instance);
} catch (e) {
  process.stderr.write(`stgvm: error: ${e instanceof WebAssembly.RuntimeError ? 'wasm trap: ' : ''}${e.message}\n`);
  code = 3;
}
process.exitCode = code;
)JS";

std::vector<uint8_t> read_bytes(const std::string& file) {
  std::string s;
  if (!read_whole_file(file, s)) throw std::runtime_error(file + ": cannot open");
  return {s.begin(), s.end()};
}

}  // namespace

int cmd_wasm(const WasmArgs& a) {
  const std::string &file = a.file, &out = a.out;
  WasmEmitOptions o;
  o.optimize = a.optimize;
  o.traceable = a.traceable;
  bool use_cache = !a.no_cache;
  layout::RegionSizes sizes;
  for (auto [flag, text, to] : {std::tuple{"--heap-size", &a.heap_size, &sizes.heap},
                                std::tuple{"--stack-size", &a.stack_size, &o.stack_bytes}}) {
    if (text->empty()) continue;
    uint64_t n = parse_size(std::string("wasm: ") + flag, *text);
    if (n < 65536 || n > (1ull << 30)) throw UsageError(std::string("wasm: ") + flag + " must be between 64K and 1G");
    *to = uint32_t(n);
  }
  std::vector<uint8_t> runtime = runtime_module();
  if (runtime.empty()) throw std::runtime_error("this stgvm was built without the wasm32 runtime (STGVM_WASM_RUNTIME=OFF)");
  Image img = program_image(file, sizes, use_cache);
  std::vector<std::string> bad = wasm_untranslatable(img);
  if (!bad.empty()) {
    for (const std::string& b : bad) std::fprintf(stderr, "stgvm: error: cannot translate %s: %s\n", file.c_str(), b.c_str());
    return 2;
  }
  std::vector<uint8_t> bytes = emit_wasm(img, runtime, o);
  write_file_atomic(out, std::string(bytes.begin(), bytes.end()));
  return 0;
}

int cmd_run_wasm(const RunWasmArgs& a) {
  const std::string& file = a.file;
  const std::vector<std::string>& prog_args = a.args;
  std::vector<std::string> env = program_env("run-wasm", a.env);
  // The module's own runtime options (exec/driver.cpp reads them), sizes in bytes.
  std::vector<std::string> opts;
  if (a.stats) opts.push_back("--stats");
  if (!a.trace.empty()) opts.insert(opts.end(), {"--trace", a.trace});
  if (!a.max_heap.empty()) opts.insert(opts.end(), {"--max-heap", std::to_string(parse_size("run-wasm: --max-heap", a.max_heap))});
  if (!a.stack_size.empty()) {
    uint64_t n = parse_size("run-wasm: --stack-size", a.stack_size);
    if (n < 65536 || n > (1ull << 30)) throw UsageError("run-wasm: --stack-size must be between 64K and 1G");
    opts.insert(opts.end(), {"--stack-size", std::to_string(n)});
  }
  std::string why;
  std::string stamp = read_wasm_stamp(read_bytes(file), why);
  if (stamp.empty()) throw std::runtime_error(file + ": " + why);
  std::vector<uint8_t> runtime = runtime_module();
  if (stamp != wasm_module_stamp(runtime))
    throw std::runtime_error(file + ": made by another stgvm version (" + stamp + "; this one makes " +
                             wasm_module_stamp(runtime) + "): emit it again");
  std::string name = program_name(file);
  nlohmann::ordered_json env_obj = nlohmann::ordered_json::object();
  for (const std::string& kv : env) env_obj[kv.substr(0, kv.find('='))] = kv.substr(kv.find('=') + 1);
  std::string env_json = env_obj.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  std::vector<std::string> argv = {"node", "--no-warnings", "--input-type=module", "-e", kRunner, "--", file, env_json, name};
  argv.insert(argv.end(), opts.begin(), opts.end());
  argv.push_back("--");
  argv.insert(argv.end(), prog_args.begin(), prog_args.end());
  std::vector<char*> cargv;
  for (auto& a : argv) cargv.push_back(a.data());
  cargv.push_back(nullptr);
  std::fflush(stdout);
  execvp("node", cargv.data());
  throw std::runtime_error("cannot run node (Node.js ≥ 20 runs the module): " + std::string(std::strerror(errno)));
}

}  // namespace stgvm::cli
