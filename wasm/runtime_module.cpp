// The runtime module (wasm/module_runtime.cpp linked for wasm32-wasi) as bytes inside the
// stgvm executable, so that `stgvm wasm` needs no file besides itself.
#include "wasm/emit.h"

#if defined(STGVM_RUNTIME_WASM_PATH)
__asm__(".pushsection .rodata\n.balign 16\n.global stgvm_runtime_wasm_begin\nstgvm_runtime_wasm_begin:\n.incbin \"" STGVM_RUNTIME_WASM_PATH
        "\"\n.global stgvm_runtime_wasm_end\nstgvm_runtime_wasm_end:\n.popsection\n");
extern "C" const uint8_t stgvm_runtime_wasm_begin[], stgvm_runtime_wasm_end[];
#endif

namespace stgvm {

std::vector<uint8_t> runtime_module() {
#if defined(STGVM_RUNTIME_WASM_PATH)
  return {stgvm_runtime_wasm_begin, stgvm_runtime_wasm_end};
#else
  return {};
#endif
}

}  // namespace stgvm
