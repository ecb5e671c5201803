// Fatal errors of the runtime library. The runtime never uses exceptions for control flow
// (it also compiles for wasm32-wasi, without exceptions): a failure of the machine itself is
// reported once and ends the run. Natively `fatal` throws RuntimeFatal, which the command
// line turns into one line `stgvm: error: …` and exit code 3 (exactly as it does for the
// interpreter's own VmError); on wasm32 it writes that line to stderr and exits with 3.
#pragma once
#include <cstdio>
#include <cstdlib>

#if !defined(__wasm__)
#include <stdexcept>
#include <string>
#endif

namespace stgvm {

#if !defined(__wasm__)
struct RuntimeFatal : std::runtime_error {
  using std::runtime_error::runtime_error;
};
#endif

[[noreturn]] inline void fatal(const char* what) {
#if !defined(__wasm__)
  throw RuntimeFatal(what);
#else
  fprintf(stderr, "stgvm: error: %s\n", what);
  exit(3);
#endif
}

}  // namespace stgvm
