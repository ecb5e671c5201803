// Little-endian byte serialization for snapshots (interp/snapshot.cpp, ffi/snapshot.cpp).
// The reader never reads past its end: a short or damaged input sets `ok` to false and
// yields zeros, and the caller reports it once (no exceptions, no host-dependent layout).
#pragma once
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace stgvm {

// FNV-1a 64 over `n` bytes, continuing from `h`: the checksums of snapshots and cached
// images and the determinism hashes.
constexpr uint64_t kFnvOffset = 1469598103934665603ull;
inline uint64_t fnv1a(const void* data, size_t n, uint64_t h = kFnvOffset) {
  const unsigned char* c = static_cast<const unsigned char*>(data);
  for (size_t i = 0; i < n; ++i) h = (h ^ c[i]) * 1099511628211ull;
  return h;
}

class ByteWriter {
 public:
  void u8(uint8_t v) { out.push_back(v); }
  void u32(uint32_t v) { raw(&v, 4); }
  void u64(uint64_t v) { raw(&v, 8); }
  void bytes(const void* p, size_t n) {
    u64(n);
    raw(p, n);
  }
  void str(std::string_view s) { bytes(s.data(), s.size()); }
  // Zero bytes up to the next multiple of n.
  void align(size_t n) { out.resize((out.size() + n - 1) / n * n, 0); }
  void raw(const void* p, size_t n) {
    const uint8_t* c = static_cast<const uint8_t*>(p);
    out.insert(out.end(), c, c + n);
  }
  std::vector<uint8_t> out;
};

class ByteReader {
 public:
  ByteReader(const uint8_t* p, size_t n) : p_(p), n_(n) {}
  uint8_t u8() {
    uint8_t v = 0;
    raw(&v, 1);
    return v;
  }
  uint32_t u32() {
    uint32_t v = 0;
    raw(&v, 4);
    return v;
  }
  uint64_t u64() {
    uint64_t v = 0;
    raw(&v, 8);
    return v;
  }
  std::string str() {
    uint64_t n = u64();
    if (n > n_ - at_) {
      ok = false;
      return {};
    }
    std::string s(reinterpret_cast<const char*>(p_ + at_), size_t(n));
    at_ += size_t(n);
    return s;
  }
  // A view of the next n bytes (nullptr, and ok = false, if there are not that many).
  const uint8_t* take(size_t n) {
    if (n > n_ - at_) {
      ok = false;
      return nullptr;
    }
    const uint8_t* r = p_ + at_;
    at_ += n;
    return r;
  }
  void raw(void* d, size_t n) {
    if (const uint8_t* s = take(n); s && n) std::memcpy(d, s, n);  // (d may be null when n is 0)
  }
  // Skips to the next multiple of n from the start (the bytes ByteWriter::align wrote).
  void align(size_t n) { take((n - at_ % n) % n); }
  size_t left() const { return n_ - at_; }
  bool at_end() const { return at_ == n_; }
  bool ok = true;

 private:
  const uint8_t* p_;
  size_t n_, at_ = 0;
};

}  // namespace stgvm
