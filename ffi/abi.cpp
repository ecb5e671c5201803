// glibc's strerror texts for the program's errno values (ffi/abi.h).
#include "ffi/abi.h"

namespace stgvm::abi {

std::string glibc_strerror(int e) {
  switch (e) {
    case 0: return "Success";
#define X(name, value, msg) \
  case value: return msg;
#include "ffi/abi_errno.inc"
#undef X
    default: return "Unknown error " + std::to_string(e);
  }
}

}  // namespace stgvm::abi
