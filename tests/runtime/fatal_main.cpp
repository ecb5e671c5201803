// A wasm32-wasi program that hits one of the runtime library's fatal errors, chosen by its
// argument: on wasm32 they print `stgvm: error: …` on stderr and exit with code 3 (natively
// they throw, which block_heap_test.cpp checks). Run by the runtime_wasm32_fatal_* tests.
#include <cstdio>
#include <cstring>

#include "runtime/block_heap.h"

int main(int argc, char** argv) {
  using namespace stgvm;
  Memory mem(4u << 20, 4u << 20);
  BlockHeap heap(mem, layout::kLosState);
  heap.init(BlockHeap::kBestFit);
  heap.add_chunk(0x100000, 0x10000);
  uint32_t a = heap.alloc(64);
  const char* what = argc > 1 ? argv[1] : "";
  if (!std::strcmp(what, "mark")) heap.mark(a + 16);
  else if (!std::strcmp(what, "free")) heap.free(a + 16);
  else if (!std::strcmp(what, "guard")) mem.load32(0x100);
  else if (!std::strcmp(what, "end")) mem.store64(4u << 20, 0);
  std::printf("no fatal error for \"%s\"\n", what);
  return 0;
}
