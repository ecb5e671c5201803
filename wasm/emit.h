// The wasm emitter (docs/wasm-emitter.md): an Image → one self-contained WebAssembly module
// that runs the program under WASI exactly as the interpreter does — the runtime library
// (wasm/module_runtime.cpp and what it links, compiled for wasm32-wasi) plus one function
// per code block, trampolined (each returns the next block's index), the machine's memory
// laid out at the same machine addresses, and its static bytes as a data segment.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "lower/image.h"

namespace stgvm {

struct WasmEmitOptions {
  bool optimize = false;        // run binaryen's -O2 pass pipeline over the generated code
  uint32_t stack_bytes = 0;     // the module's default -K (0: the interpreter's default)
  bool traceable = false;       // generated code reports its loads, stores and allocations
                                // (run-wasm --trace; docs/wasm-emitter.md)
};

// What cannot be translated (unsupported primops, foreign symbols the runtime does not
// have, unknown `foreign import prim` labels), one line each; empty when the program can be.
std::vector<std::string> wasm_untranslatable(const Image& img);

// The module's bytes. `runtime` is the runtime module (runtime_module()). Made by the emitter
// plugin (wasm/emit_plugin.cpp). Throws std::runtime_error if the plugin cannot be loaded, the
// runtime module is not one this emitter can extend or the result does not validate (an
// emitter bug).
std::vector<uint8_t> emit_wasm(const Image& img, const std::vector<uint8_t>& runtime, const WasmEmitOptions& o);

// The contents of the custom section "stgvm" every emitted module carries: which stgvm (its
// runtime module) made it. `stgvm run-wasm` refuses modules with another.
std::string wasm_module_stamp(const std::vector<uint8_t>& runtime);
// The stamp of a module's bytes ("" if it is not a wasm module or has none); `why` says what
// is wrong with it.
std::string read_wasm_stamp(const std::vector<uint8_t>& module, std::string& why);

// The runtime module built with this stgvm (empty if it was built without the wasm32
// toolchain: STGVM_WASM_RUNTIME=OFF).
std::vector<uint8_t> runtime_module();

}  // namespace stgvm
