// `stgvm wasm` (emit a program as a WebAssembly module) and `stgvm run-wasm` (run one under
// Node's WASI with the contract of `stgvm run`).
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "cli/cli_util.h"
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

std::string json_string(const std::string& s) {
  std::string o = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') o += '\\', o += char(c);
    else if (c < 0x20) {
      char b[8];
      snprintf(b, sizeof b, "\\u%04x", c);
      o += b;
    } else o += char(c);
  }
  return o + "\"";
}

std::vector<uint8_t> read_bytes(const std::string& file) {
  std::string s;
  if (!read_whole_file(file, s)) throw std::runtime_error(file + ": cannot open");
  return {s.begin(), s.end()};
}

}  // namespace

int cmd_wasm(const std::vector<std::string>& args) {
  std::string file, out;
  WasmEmitOptions o;
  bool use_cache = true;
  layout::RegionSizes sizes;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "-o") {
      if (++i >= args.size()) throw UsageError("wasm: -o needs a file");
      out = args[i];
    } else if (args[i] == "-O") o.optimize = true;
    else if (args[i] == "--traceable") o.traceable = true;
    else if (args[i] == "--no-cache") use_cache = false;
    else if (args[i] == "--heap-size" || args[i] == "--stack-size") {
      if (i + 1 >= args.size()) throw UsageError("wasm: " + args[i] + " needs a size");
      uint64_t n = parse_size(args[i], args[i + 1]);
      if (n < 65536 || n > (1ull << 30)) throw UsageError("wasm: " + args[i] + " must be between 64K and 1G");
      (args[i] == "--heap-size" ? sizes.heap : o.stack_bytes) = uint32_t(n);
      ++i;
    } else if (!args[i].empty() && args[i][0] == '-') throw UsageError("wasm: unknown option " + args[i]);
    else if (file.empty()) file = args[i];
    else throw UsageError("wasm: more than one FILE");
  }
  if (file.empty() || out.empty()) throw UsageError("wasm: need FILE and -o OUT.wasm");
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

int cmd_run_wasm(const std::vector<std::string>& args) {
  std::string file;
  std::vector<std::string> opts, prog_args;
  std::vector<std::string> env = VmOptions().env;
  size_t i = 0;
  for (; i < args.size(); ++i) {
    if (args[i] == "--") {
      ++i;
      break;
    }
    if (args[i] == "--stats") opts.push_back(args[i]);
    else if (args[i] == "--trace") {
      if (i + 1 >= args.size()) throw UsageError("run-wasm: --trace needs a file");
      opts.push_back(args[i]);
      opts.push_back(args[++i]);
    }
    else if (args[i] == "--max-heap" || args[i] == "--stack-size") {
      if (i + 1 >= args.size()) throw UsageError("run-wasm: " + args[i] + " needs a size");
      uint64_t n = parse_size(args[i], args[i + 1]);
      if (args[i] == "--stack-size" && (n < 65536 || n > (1ull << 30)))
        throw UsageError("run-wasm: --stack-size must be between 64K and 1G");
      opts.push_back(args[i]);
      opts.push_back(std::to_string(n));
      ++i;
    } else if (args[i] == "--env") {
      if (++i >= args.size() || args[i].find('=') == std::string::npos) throw UsageError("run-wasm: --env needs NAME=VALUE");
      std::string key = args[i].substr(0, args[i].find('=') + 1);
      std::erase_if(env, [&](const std::string& kv) { return kv.compare(0, key.size(), key) == 0; });
      env.push_back(args[i]);
    } else if (!args[i].empty() && args[i][0] == '-') throw UsageError("run-wasm: unknown option " + args[i]);
    else if (file.empty()) file = args[i];
    else throw UsageError("run-wasm: more than one FILE (program arguments go after --)");
  }
  for (; i < args.size(); ++i) prog_args.push_back(args[i]);
  if (file.empty()) throw UsageError("run-wasm: FILE missing");
  std::string why;
  std::string stamp = read_wasm_stamp(read_bytes(file), why);
  if (stamp.empty()) throw std::runtime_error(file + ": " + why);
  std::vector<uint8_t> runtime = runtime_module();
  if (stamp != wasm_module_stamp(runtime))
    throw std::runtime_error(file + ": made by another stgvm version (" + stamp + "; this one makes " +
                             wasm_module_stamp(runtime) + "): emit it again");
  std::string name = program_name(file);
  std::string env_json = "{";
  for (size_t k = 0; k < env.size(); ++k) {
    size_t eq = env[k].find('=');
    env_json += (k ? "," : "") + json_string(env[k].substr(0, eq)) + ":" + json_string(env[k].substr(eq + 1));
  }
  env_json += "}";
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
