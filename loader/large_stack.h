// Runs a function on a thread with a large stack. The decoder, resolver and printer recurse
// over expression nesting; real STG nests thousands deep, so they run here rather than on
// the 8 MiB main stack. Exceptions propagate to the caller.
#pragma once
#include <cstddef>
#include <functional>

namespace stgvm {

constexpr size_t kLargeStackBytes = size_t(512) << 20;

void run_with_large_stack(const std::function<void()>& fn, size_t stack_bytes = kLargeStackBytes);

}  // namespace stgvm
