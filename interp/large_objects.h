// The non-moving object space: pinned byte arrays and large objects (GHC's
// LARGE_OBJECT_THRESHOLD) live here and never move. The copying collector marks the ones it
// reaches and sweeps the rest back into a free list. Space comes in chunks of linear memory
// (the pinned region of the layout first, further chunks appended at the end of memory).
// Deterministic: best fit by (size, address), blocks coalesced by address, no host state.
#pragma once
#include <cstddef>
#include <cstdint>
#include <map>
#include <set>
#include <utility>
#include <vector>

namespace stgvm {

class LargeObjects {
 public:
  static constexpr uint32_t kGrain = 16;  // block boundaries and sizes are multiples of this

  // Adds [lo, lo + bytes) to the space (both multiples of kGrain).
  void add_chunk(uint32_t lo, uint32_t bytes);
  // A block of at least `bytes` whose address + 16 (the payload of an ARR_WORDS) is a
  // multiple of `align` (a power of two ≥ 16). Returns 0 if no free block fits.
  uint32_t alloc(uint32_t bytes, uint32_t align);
  bool in_space(uint64_t a) const {
    for (auto& c : chunks_)
      if (a >= c.first && a < uint64_t(c.first) + c.second) return true;
    return false;
  }
  // Collector: marks the object starting at `a`. Returns true the first time in this
  // collection (the caller then scavenges it). Throws std::logic_error if `a` is not the
  // start of a live object (a dangling or interior pointer: a VM bug, never user input).
  bool mark(uint32_t a);
  // Gives the block at `a` back now (a thread's stack the VM outgrew or finished with).
  void free(uint32_t a);
  // Frees every unmarked object and clears the marks.
  void sweep();

  uint64_t live_bytes() const { return live_bytes_; }
  uint64_t chunk_bytes() const;
  size_t live_objects() const { return objects_.size(); }
  // Live objects in address order: (address, block bytes).
  std::vector<std::pair<uint32_t, uint32_t>> objects() const;

 private:
  struct Object {
    uint32_t bytes;
    bool marked;
  };
  std::vector<std::pair<uint32_t, uint32_t>> chunks_;  // (lo, bytes)
  std::map<uint32_t, Object> objects_;                 // by address
  std::map<uint32_t, uint32_t> free_;                  // address → bytes
  std::set<std::pair<uint32_t, uint32_t>> by_size_;    // (bytes, address)
  uint64_t live_bytes_ = 0;

  void insert_free(uint32_t a, uint32_t bytes);  // coalesces with its neighbours
  void erase_free(std::map<uint32_t, uint32_t>::iterator it);
};

}  // namespace stgvm
