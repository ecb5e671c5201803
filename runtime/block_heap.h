// A non-moving block allocator whose every piece of metadata lives in linear memory: the
// non-moving object space (pinned and large objects, thread stacks) and the C heap (malloc
// family) are two instances of it. Nothing is kept on the host, so a snapshot of memory is
// a snapshot of the allocator, and the wasm module runs the same code.
//
// State (layout::kBlockHeapStateBytes at the address given to the constructor):
//   +0 policy u32 | +4 chunk count u32 | +8 first free block u32 | +12 scan list head u32
//   +16 live bytes u64 | +24 live blocks u32 | +32 chunks: (lo u32, bytes u32) × kMaxChunks
// Every block starts with a 16-byte header; the object (the address handed out) follows it:
//   +0 block size u32 (header included, multiple of 16) | +4 tag u32 (magic | used | marked
//   | fence) | +8 size of the physically preceding block u32 (0: first of its chunk)
//   +12 link u32 (used blocks: the collector's scan list)
// Free blocks keep (next, prev) u32 at +16 in one list ordered by address; neighbours
// coalesce. Each chunk ends with a 16-byte fence block, so every block has a successor.
// Deterministic: the same requests give the same addresses.
#pragma once
#include <cstdint>

#include "runtime/memory.h"

namespace stgvm {

class BlockHeap {
 public:
  enum Policy : uint32_t {
    kFirstFit = 0,  // the lowest-addressed free block that fits (the C heap)
    kBestFit = 1,   // the smallest free block that fits, then the lowest address (objects)
  };
  static constexpr uint32_t kHeader = 16;
  static constexpr uint32_t kMaxChunks = 60;
  static constexpr uint32_t kStateBytes = 32 + 8 * kMaxChunks;

  // A view of the allocator whose state is at `state`; init() makes a fresh one there.
  BlockHeap(Memory& m, uint32_t state) : m_(m), s_(state) {}
  void init(Policy p);

  // Adds [lo, lo + bytes) to the allocator (multiples of 16). A chunk that starts where the
  // last one ends extends it. Fatal if the chunk table is full.
  void add_chunk(uint32_t lo, uint32_t bytes);
  // A block of at least `bytes` usable bytes whose address `u` satisfies
  // (u + skew) % align == 0 (align a power of two ≥ 16, skew a multiple of 16).
  // Returns 0 if no free block fits. The contents are not cleared.
  uint32_t alloc(uint64_t bytes, uint32_t align = 16, uint32_t skew = 0);
  // alloc(), adding a chunk at the end of memory first when nothing fits (at least half of
  // what the allocator has already, in layout::kHeapGrowStep multiples). 0 if memory cannot
  // grow that far.
  uint32_t alloc_growing(uint64_t bytes, uint32_t align = 16, uint32_t skew = 0);
  // Gives a live block back (fatal if `u` is not one).
  void free(uint32_t u);
  // Grows or shrinks the live block `u` where it is (into a free successor); false if the
  // successor cannot provide the room.
  bool resize_in_place(uint32_t u, uint64_t bytes);

  bool in_space(uint64_t a) const;
  // `u` is the address of a live block.
  bool is_block(uint32_t u) const;
  uint32_t usable_bytes(uint32_t u) const { return size_of(u - kHeader) - kHeader; }

  // Collector: marks the live block `u`; true the first time in this collection. Fatal if
  // `u` is not a live block (a dangling or interior pointer: a VM bug, never user input).
  bool mark(uint32_t u);
  bool is_marked(uint32_t u) const { return is_block(u) && (tag_of(u - kHeader) & kMarked); }
  void push_scan(uint32_t u);  // a marked block whose contents still need scavenging
  uint32_t pop_scan();         // 0 when the scan list is empty
  // Frees every unmarked live block and clears the marks.
  void sweep();

  uint64_t live_bytes() const { return m_.load64(s_ + 16); }  // live blocks' sizes, headers included
  uint32_t live_blocks() const { return m_.load32(s_ + 24); }
  uint64_t chunk_bytes() const;
  // Calls f(u, usable bytes) for every live block, in address order within chunk order.
  template <class F>
  void for_each_live(F f) const {
    uint32_t n = nchunks();
    for (uint32_t c = 0; c < n; ++c) {
      uint32_t h = chunk_lo(c), end = h + chunk_bytes_at(c);
      while (h < end) {
        uint32_t size = checked_size(h, end), tag = tag_of(h);
        if ((tag & kUsed) && !(tag & kFence)) f(h + kHeader, size - kHeader);
        h += size;
      }
    }
  }

 private:
  static constexpr uint32_t kMagic = 0x5B7C0000u, kMagicMask = 0xFFFF0000u;
  static constexpr uint32_t kUsed = 1, kMarked = 2, kFence = 4;
  static constexpr uint32_t kMinBlock = 32;
  Memory& m_;
  uint32_t s_;

  uint32_t nchunks() const { return m_.load32(s_ + 4); }
  uint32_t chunk_lo(uint32_t i) const { return m_.load32(s_ + 32 + 8 * i); }
  uint32_t chunk_bytes_at(uint32_t i) const { return m_.load32(s_ + 36 + 8 * i); }
  uint32_t free_head() const { return m_.load32(s_ + 8); }
  void set_free_head(uint32_t h) { m_.store32(s_ + 8, h); }
  uint32_t size_of(uint32_t h) const { return m_.load32(h); }
  uint32_t tag_of(uint32_t h) const { return m_.load32(h + 4); }
  uint32_t prev_size(uint32_t h) const { return m_.load32(h + 8); }
  uint32_t next_free(uint32_t h) const { return m_.load32(h + 16); }
  uint32_t prev_free(uint32_t h) const { return m_.load32(h + 20); }
  void set_header(uint32_t h, uint32_t size, uint32_t flags, uint32_t prev);
  void set_size(uint32_t h, uint32_t size);  // also the successor's back link
  void set_tag(uint32_t h, uint32_t flags) { m_.store32(h + 4, kMagic | flags); }
  void add_live(int64_t bytes, int32_t blocks);
  void list_insert(uint32_t h);  // free block into the address-ordered list
  void list_remove(uint32_t h);
  // Marks [h, h+size) free, merging with free neighbours; returns the merged block.
  uint32_t release(uint32_t h);
  [[noreturn]] void bad_block(const char* what, uint32_t u) const;
  // The size of the block at h, fatal if its header is not one (the program wrote over it,
  // e.g. past the end of a pinned byte array): a walk must never loop or leave its chunk.
  uint32_t checked_size(uint32_t h, uint32_t chunk_end) const {
    uint32_t size = size_of(h);
    if ((tag_of(h) & kMagicMask) != kMagic || size < kHeader || size % 16 || size > chunk_end - h) corrupt(h);
    return size;
  }
  [[noreturn]] void corrupt(uint32_t h) const;
  void chunk_of(uint32_t h, uint32_t& lo, uint32_t& end) const;  // the chunk holding h (fatal if none)
  void check_free(uint32_t f) const;        // f is a free block inside a chunk (else fatal)
  // The free block after f: the list is address-ordered, so a link that does not go forward
  // was overwritten, and following it could walk in a circle.
  uint32_t checked_next_free(uint32_t f) const {
    uint32_t n = next_free(f);
    if (n && n <= f) corrupt(f);
    return n;
  }
};

}  // namespace stgvm
