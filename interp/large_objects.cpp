// Non-moving object space (see large_objects.h).
#include "interp/large_objects.h"

#include <cstdio>
#include <stdexcept>
#include <string>

namespace stgvm {

namespace {
constexpr uint32_t round_up(uint32_t v, uint32_t a) { return (v + a - 1) & ~(a - 1); }
}  // namespace

void LargeObjects::add_chunk(uint32_t lo, uint32_t bytes) {
  if (lo % kGrain || bytes % kGrain) throw std::logic_error("large objects: unaligned chunk");
  if (!bytes) return;
  if (!chunks_.empty() && chunks_.back().first + chunks_.back().second == lo)
    chunks_.back().second += bytes;  // contiguous with the last chunk
  else
    chunks_.emplace_back(lo, bytes);
  insert_free(lo, bytes);
}

uint64_t LargeObjects::chunk_bytes() const {
  uint64_t n = 0;
  for (auto& c : chunks_) n += c.second;
  return n;
}

void LargeObjects::erase_free(std::map<uint32_t, uint32_t>::iterator it) {
  by_size_.erase({it->second, it->first});
  free_.erase(it);
}

void LargeObjects::insert_free(uint32_t a, uint32_t bytes) {
  auto next = free_.lower_bound(a);
  if (next != free_.end() && a + bytes == next->first) {
    bytes += next->second;
    erase_free(next);
  }
  auto it = free_.lower_bound(a);
  if (it != free_.begin()) {
    auto prev = std::prev(it);
    if (prev->first + prev->second == a) {
      a = prev->first;
      bytes += prev->second;
      erase_free(prev);
    }
  }
  free_.emplace(a, bytes);
  by_size_.emplace(bytes, a);
}

uint32_t LargeObjects::alloc(uint32_t bytes, uint32_t align) {
  if (align < kGrain) align = kGrain;
  bytes = round_up(bytes ? bytes : kGrain, kGrain);
  uint64_t want = uint64_t(bytes) + (align > kGrain ? align - kGrain : 0);
  if (want > 0xFFFFFFFFull) return 0;
  auto fit = by_size_.lower_bound({uint32_t(want), 0});
  if (fit == by_size_.end()) return 0;
  uint32_t f = fit->second, size = fit->first;
  erase_free(free_.find(f));
  uint32_t a = round_up(f + 16, align) - 16;  // the payload after a 16-byte header is aligned
  if (a > f) insert_free(f, a - f);
  uint32_t end = a + bytes, fend = f + size;
  if (fend > end) insert_free(end, fend - end);
  objects_.emplace(a, Object{bytes, false});
  live_bytes_ += bytes;
  return a;
}

bool LargeObjects::mark(uint32_t a) {
  auto it = objects_.find(a);
  if (it == objects_.end())
  {
    char hex[16];
    snprintf(hex, sizeof hex, "%08x", a);
    throw std::logic_error(std::string("garbage collector: pointer 0x") + hex +
                           " into the large-object space is not a live object");
  }
  if (it->second.marked) return false;
  it->second.marked = true;
  return true;
}

void LargeObjects::free(uint32_t a) {
  auto it = objects_.find(a);
  if (it == objects_.end()) throw std::logic_error("large objects: freeing a block that is not live");
  live_bytes_ -= it->second.bytes;
  insert_free(a, it->second.bytes);
  objects_.erase(it);
}

void LargeObjects::sweep() {
  for (auto it = objects_.begin(); it != objects_.end();) {
    if (it->second.marked) {
      it->second.marked = false;
      ++it;
      continue;
    }
    live_bytes_ -= it->second.bytes;
    insert_free(it->first, it->second.bytes);
    it = objects_.erase(it);
  }
}

std::vector<std::pair<uint32_t, uint32_t>> LargeObjects::objects() const {
  std::vector<std::pair<uint32_t, uint32_t>> v;
  v.reserve(objects_.size());
  for (auto& [a, o] : objects_) v.emplace_back(a, o.bytes);
  return v;
}

}  // namespace stgvm
