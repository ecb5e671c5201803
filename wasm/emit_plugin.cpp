// emit_wasm (emit.h) through the emitter plugin: wasm/emit.cpp is built as
// stgvm-wasm-emit.so beside the executable and loaded on first use, because linking
// libbinaryen into stgvm costs every run ~10 ms of start-up relocating it, and only the
// commands that emit wasm need it. The plugin resolves stgvm's own functions against the
// executable (which exports them), so both share one copy of the runtime and the IR.
#include <dlfcn.h>
#include <unistd.h>

#include <climits>
#include <stdexcept>

#include "wasm/emit.h"

namespace stgvm {

namespace {

using EmitFn = int (*)(const Image*, const std::vector<uint8_t>*, const WasmEmitOptions*, std::vector<uint8_t>*,
                       std::string*);

// The plugin's path: the executable's directory (the build puts them side by side).
std::string plugin_path() {
  char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n <= 0) throw std::runtime_error("the wasm emitter: cannot find the stgvm executable's directory");
  std::string dir(exe, size_t(n));
  return dir.substr(0, dir.find_last_of('/') + 1) + "stgvm-wasm-emit.so";
}

EmitFn load_emitter() {
  std::string path = plugin_path();
  void* h = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!h) throw std::runtime_error(std::string("the wasm emitter cannot be loaded: ") + dlerror());
  auto fn = reinterpret_cast<EmitFn>(dlsym(h, "stgvm_wasm_emit_v1"));
  if (!fn) throw std::runtime_error(path + ": not the wasm emitter of this stgvm (no stgvm_wasm_emit_v1)");
  return fn;  // (stays loaded: the process emits and exits)
}

}  // namespace

std::vector<uint8_t> emit_wasm(const Image& img, const std::vector<uint8_t>& runtime, const WasmEmitOptions& o) {
  static EmitFn fn = load_emitter();
  std::vector<uint8_t> out;
  std::string error;
  if (fn(&img, &runtime, &o, &out, &error) != 0) throw std::runtime_error(error);
  return out;
}

}  // namespace stgvm
