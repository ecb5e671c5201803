// The in-memory block allocator (see block_heap.h).
#include "runtime/block_heap.h"

#include <algorithm>

#include <string>

namespace stgvm {

namespace {
constexpr uint64_t round16(uint64_t v) { return (v + 15) & ~uint64_t(15); }
}  // namespace

void BlockHeap::init(Policy p) {
  for (uint32_t i = 0; i < kStateBytes; i += 8) m_.store64(s_ + i, 0);
  m_.store32(s_, p);
}

void BlockHeap::bad_block(const char* what, uint32_t u) const {
  fatal((std::string(what) + ": 0x" + hex32(u) + " is not a live block").c_str());
}

void BlockHeap::corrupt(uint32_t h) const {
  fatal(("the " + std::string(m_.load32(s_) == kBestFit ? "non-moving space" : "C heap") +
         " is corrupted: the block header at 0x" + hex32(h) +
         " was overwritten (a write past the end of a pinned byte array or malloc block?)").c_str());
}

void BlockHeap::chunk_of(uint32_t h, uint32_t& lo, uint32_t& end) const {
  for (uint32_t i = 0; i < nchunks(); ++i)
    if (h >= chunk_lo(i) && h - chunk_lo(i) < chunk_bytes_at(i)) {
      lo = chunk_lo(i);
      end = lo + chunk_bytes_at(i);
      return;
    }
  corrupt(h);
}

void BlockHeap::check_free(uint32_t f) const {
  uint32_t lo, end;
  chunk_of(f, lo, end);
  checked_size(f, end);
  if (tag_of(f) & kUsed) corrupt(f);
}

void BlockHeap::set_header(uint32_t h, uint32_t size, uint32_t flags, uint32_t prev) {
  m_.store32(h, size);
  set_tag(h, flags);
  m_.store32(h + 8, prev);
  m_.store32(h + 12, 0);
}

void BlockHeap::set_size(uint32_t h, uint32_t size) {
  m_.store32(h, size);
  m_.store32(h + size + 8, size);  // every block has a successor (at worst the fence)
}

void BlockHeap::add_live(int64_t bytes, int32_t blocks) {
  m_.store64(s_ + 16, uint64_t(int64_t(live_bytes()) + bytes));
  m_.store32(s_ + 24, uint32_t(int32_t(live_blocks()) + blocks));
}

uint64_t BlockHeap::chunk_bytes() const {
  uint64_t n = 0;
  for (uint32_t i = 0; i < nchunks(); ++i) n += chunk_bytes_at(i);
  return n;
}

bool BlockHeap::in_space(uint64_t a) const {
  uint32_t n = nchunks();
  for (uint32_t i = 0; i < n; ++i) {
    uint32_t lo = chunk_lo(i);
    if (a >= lo && a < uint64_t(lo) + chunk_bytes_at(i)) return true;
  }
  return false;
}

bool BlockHeap::is_block(uint32_t u) const {
  if (u % 16 || u < kHeader || !in_space(u)) return false;
  uint32_t h = u - kHeader;
  if (!in_space(h)) return false;
  uint32_t tag = tag_of(h);
  return (tag & kMagicMask) == kMagic && (tag & kUsed) && !(tag & kFence);
}

void BlockHeap::list_insert(uint32_t h) {
  uint32_t prev = 0, next = free_head();
  while (next && next < h) {
    check_free(next);
    prev = next;
    next = checked_next_free(next);
  }
  m_.store32(h + 16, next);
  m_.store32(h + 20, prev);
  if (prev) m_.store32(prev + 16, h);
  else set_free_head(h);
  if (next) m_.store32(next + 20, h);
}

void BlockHeap::list_remove(uint32_t h) {
  uint32_t next = next_free(h), prev = prev_free(h);
  if (prev) m_.store32(prev + 16, next);
  else set_free_head(next);
  if (next) m_.store32(next + 20, prev);
}

uint32_t BlockHeap::release(uint32_t h) {
  uint32_t lo, end;
  chunk_of(h, lo, end);
  uint32_t size = checked_size(h, end);
  uint32_t next = h + size;
  checked_size(next, end);  // there is always a successor: at worst the fence
  if (!(tag_of(next) & kUsed)) {  // merge the free successor
    list_remove(next);
    size += size_of(next);
    m_.store32(next + 4, 0);  // a stale header must never look like a block
  }
  uint32_t ps = prev_size(h);
  if (ps && (ps > h - lo || ps % 16)) corrupt(h);
  if (ps) checked_size(h - ps, end);
  if (ps && !(tag_of(h - ps) & kUsed)) {  // merge into the free predecessor (already listed)
    m_.store32(h + 4, 0);
    h -= ps;
    set_size(h, size_of(h) + size);
    return h;
  }
  set_tag(h, 0);
  set_size(h, size);
  list_insert(h);
  return h;
}

void BlockHeap::add_chunk(uint32_t lo, uint32_t bytes) {
  if (lo % 16 || bytes % 16) fatal("block heap: unaligned chunk");
  if (bytes < kMinBlock + kHeader) return;
  uint32_t n = nchunks();
  if (n && chunk_lo(n - 1) + chunk_bytes_at(n - 1) == lo) {
    // Contiguous: the old fence becomes the start of the new free space.
    m_.store32(s_ + 36 + 8 * (n - 1), chunk_bytes_at(n - 1) + bytes);
    uint32_t h = lo - kHeader;
    uint32_t fence = lo + bytes - kHeader;
    set_header(fence, kHeader, kUsed | kFence, bytes);
    m_.store32(h, bytes);  // the old fence, now a block of `bytes` up to the new fence
    m_.store32(h + 4, kMagic | kUsed);
    release(h);
    return;
  }
  if (n == kMaxChunks) fatal("block heap: too many chunks");
  m_.store32(s_ + 32 + 8 * n, lo);
  m_.store32(s_ + 36 + 8 * n, bytes);
  m_.store32(s_ + 4, n + 1);
  uint32_t size = bytes - kHeader;
  set_header(lo, size, 0, 0);
  set_header(lo + size, kHeader, kUsed | kFence, size);
  list_insert(lo);
}

uint32_t BlockHeap::alloc_growing(uint64_t bytes, uint32_t align, uint32_t skew) {
  if (uint32_t a = alloc(bytes, align, skew)) return a;
  // Room for the block header, alignment and the fence.
  uint64_t want = std::max<uint64_t>(bytes + align + 64, chunk_bytes() / 2);
  uint64_t size = (want + layout::kHeapGrowStep - 1) / layout::kHeapGrowStep * layout::kHeapGrowStep;
  uint64_t lo = m_.size();
  if (lo + size > 0xFFFFFFFFull || !m_.grow_to(lo + size)) return 0;
  add_chunk(uint32_t(lo), uint32_t(size));
  uint32_t a = alloc(bytes, align, skew);
  if (!a) fatal(("block heap: cannot place " + std::to_string(bytes) + " bytes in a new chunk").c_str());
  return a;
}

uint32_t BlockHeap::alloc(uint64_t bytes, uint32_t align, uint32_t skew) {
  if (align < 16) align = 16;
  if (bytes > 0xFFFFFFE0ull) return 0;  // before rounding: no request may wrap around
  uint64_t need = round16(bytes) + kHeader;
  if (need < kMinBlock) need = kMinBlock;
  if (need > 0xFFFFFFF0ull) return 0;
  bool best = m_.load32(s_) == kBestFit;
  uint32_t pick = 0, pick_u = 0, pick_size = 0;
  for (uint32_t f = free_head(); f; f = checked_next_free(f)) {
    check_free(f);
    uint32_t fs = size_of(f);
    if (fs < need || (best && pick && fs >= pick_size)) continue;
    // The object follows the header; a prefix left before it must be a block of its own.
    uint64_t u = ((uint64_t(f) + kHeader + skew + align - 1) & ~uint64_t(align - 1)) - skew;
    while (u - kHeader > f && u - kHeader - f < kMinBlock) u += align;
    if (u - kHeader + need > uint64_t(f) + fs) continue;
    pick = f, pick_u = uint32_t(u), pick_size = fs;
    if (!best) break;
  }
  if (!pick) return 0;
  list_remove(pick);
  uint32_t h = pick_u - kHeader;
  uint32_t end = pick + pick_size;
  if (h > pick) {  // the prefix stays free
    set_header(pick, h - pick, 0, prev_size(pick));
    list_insert(pick);
    m_.store32(h + 8, h - pick);
  } else {
    m_.store32(h + 8, prev_size(pick));
  }
  uint32_t size = uint32_t(need);
  if (end - (h + size) < kMinBlock) size = end - h;  // too small a rest to stand alone
  m_.store32(h, size);
  set_tag(h, kUsed);
  m_.store32(h + 12, 0);
  if (h + size < end) {
    set_header(h + size, end - (h + size), 0, size);
    list_insert(h + size);
  }
  m_.store32(end + 8, end - (h + size) ? end - (h + size) : size);
  add_live(size, 1);
  return pick_u;
}

void BlockHeap::free(uint32_t u) {
  if (!is_block(u)) bad_block("block heap: free", u);
  uint32_t h = u - kHeader;
  add_live(-int64_t(size_of(h)), -1);
  release(h);
}

bool BlockHeap::resize_in_place(uint32_t u, uint64_t bytes) {
  if (!is_block(u)) return false;
  uint32_t h = u - kHeader;
  if (bytes > 0xFFFFFFE0ull) return false;
  uint64_t need = round16(bytes) + kHeader;
  if (need < kMinBlock) need = kMinBlock;
  uint32_t size = size_of(h);
  if (need <= size) {  // shrink: a rest big enough becomes a free block
    if (size - need >= kMinBlock) {
      uint32_t rest = h + uint32_t(need);
      set_size(h, uint32_t(need));
      set_header(rest, size - uint32_t(need), kUsed, uint32_t(need));
      m_.store32(rest + size - uint32_t(need) + 8, size - uint32_t(need));
      add_live(-int64_t(size - need), 0);
      release(rest);
    }
    return true;
  }
  uint32_t next = h + size;
  if (tag_of(next) & kUsed) return false;
  uint64_t total = uint64_t(size) + size_of(next);
  if (total < need) return false;
  list_remove(next);
  m_.store32(next + 4, 0);
  uint32_t grown = total - need >= kMinBlock ? uint32_t(need) : uint32_t(total);
  set_size(h, grown);
  if (grown < total) {
    set_header(h + grown, uint32_t(total) - grown, 0, grown);
    m_.store32(h + uint32_t(total) + 8, uint32_t(total) - grown);
    list_insert(h + grown);
  }
  add_live(int64_t(grown) - int64_t(size), 0);
  return true;
}

bool BlockHeap::mark(uint32_t u) {
  if (!is_block(u)) bad_block("garbage collector: pointer into the non-moving space", u);
  uint32_t h = u - kHeader, tag = tag_of(h);
  if (tag & kMarked) return false;
  m_.store32(h + 4, tag | kMarked);
  return true;
}

void BlockHeap::push_scan(uint32_t u) {
  uint32_t h = u - kHeader;
  m_.store32(h + 12, m_.load32(s_ + 12));
  m_.store32(s_ + 12, h);
}

uint32_t BlockHeap::pop_scan() {
  uint32_t h = m_.load32(s_ + 12);
  if (!h) return 0;
  m_.store32(s_ + 12, m_.load32(h + 12));
  m_.store32(h + 12, 0);
  return h + kHeader;
}

void BlockHeap::sweep() {
  uint32_t n = nchunks();
  for (uint32_t c = 0; c < n; ++c) {
    uint32_t h = chunk_lo(c), end = h + chunk_bytes_at(c);
    while (h < end) {
      checked_size(h, end);
      uint32_t tag = tag_of(h);
      if ((tag & kUsed) && !(tag & kFence)) {
        if (tag & kMarked) {
          m_.store32(h + 4, tag & ~kMarked);
        } else {
          add_live(-int64_t(size_of(h)), -1);
          h = release(h);
        }
      }
      h += size_of(h);
    }
  }
}

}  // namespace stgvm
