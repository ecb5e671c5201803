// What the wasm32 build needs beyond wasi-libc. Debian's compiler-rt builtins for wasm32
// (e.g. the 128-bit division the primops use) are built with the stack protector and refer
// to these two symbols, which wasi-libc does not define. Natively libc has them: nothing here.
#if defined(__wasm__)
#include <cstdint>

#include "runtime/trap.h"

extern "C" {
uintptr_t __stack_chk_guard = 0x5A5AC3C3u;
[[noreturn]] void __stack_chk_fail() { stgvm::fatal("stack smashing detected in the runtime library"); }
}
#endif
