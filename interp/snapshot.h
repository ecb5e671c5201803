// Snapshots: a running machine stopped after a number of steps, written to a file, and
// resumed later — possibly by another stgvm process — exactly where it stopped. The file is
// the proof that the machine lives in linear memory: it holds the used pages of linear
// memory, the machine registers, and the foreign-call shims' state (virtual fds by what
// they refer to), nothing else; resuming continues byte for byte like an uninterrupted run.
//
// File: "STGVMSNP" | version u32 | 0 u32 | size of the machine section u64 | FNV-1a of the
// compressed section u64 | header (program path, region sizes, options, image hash) |
// Zstandard-compressed machine section (interp/snapshot.cpp).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "interp/vm.h"

namespace stgvm {

struct SnapshotHeader {
  std::string program;          // absolute path of the program file
  layout::RegionSizes sizes;    // what it was lowered with
  VmOptions options;            // args, environment, limits (snapshot_at is cleared)
  uint64_t image_hash = 0;      // image_hash() of the lowered program
};

// The whole file; `machine` is Vm::save_machine()'s output.
std::vector<uint8_t> encode_snapshot(const SnapshotHeader& h, const std::vector<uint8_t>& machine);
// Parses a snapshot file. Returns "" or what is wrong with it (damaged, truncated, not a
// snapshot, another version).
std::string decode_snapshot(const std::vector<uint8_t>& file, SnapshotHeader& h, std::vector<uint8_t>& machine);

}  // namespace stgvm
