// A zip writer for tests, written from extstg-format.md §1.1 and the PKWARE APPNOTE, using
// libzstd and zlib directly (independent of exporter/zip_writer.cpp). It writes archives the
// way the Haskell `zip` library does: every local header has 32-bit size fields 0xFFFFFFFF and
// a Zip64 extra field (id 0x0001, 16 bytes: uncompressed size, compressed size); the central
// directory has the real sizes and no Zip64 field unless a declared size needs one; version
// needed 63 for Zstd entries. Zstd frames are produced by the streaming API and carry no
// content size. Entries are written in the order given (not sorted), and the offsets of every
// header are reported so tests can patch fields.
#pragma once
#include <zlib.h>
#include <zstd.h>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace handzip {

inline void put16(std::string& o, uint32_t v) {
  o += char(v & 0xFF);
  o += char((v >> 8) & 0xFF);
}
inline void put32(std::string& o, uint32_t v) {
  put16(o, v & 0xFFFF);
  put16(o, v >> 16);
}
inline void put64(std::string& o, uint64_t v) {
  put32(o, uint32_t(v));
  put32(o, uint32_t(v >> 32));
}
inline void patch32(std::string& o, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) o[at + size_t(i)] = char((v >> (8 * i)) & 0xFF);
}
inline uint32_t get32(const std::string& o, size_t at) {
  uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | uint8_t(o[at + size_t(i)]);
  return v;
}

// One zstd frame through ZSTD_compressStream2(…, ZSTD_e_end), content size flag off.
inline std::string zstd_stream(const std::string& in, int level = 1) {
  ZSTD_CCtx* c = ZSTD_createCCtx();
  ZSTD_CCtx_setParameter(c, ZSTD_c_compressionLevel, level);
  ZSTD_CCtx_setParameter(c, ZSTD_c_contentSizeFlag, 0);
  ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, 0);
  std::string out;
  std::string buf(ZSTD_CStreamOutSize(), '\0');
  ZSTD_inBuffer ib{in.data(), in.size(), 0};
  for (;;) {
    ZSTD_outBuffer ob{buf.data(), buf.size(), 0};
    size_t rem = ZSTD_compressStream2(c, &ob, &ib, ZSTD_e_end);
    if (ZSTD_isError(rem)) {
      ZSTD_freeCCtx(c);
      throw std::runtime_error(ZSTD_getErrorName(rem));
    }
    out.append(buf.data(), ob.pos);
    if (rem == 0) break;
  }
  ZSTD_freeCCtx(c);
  return out;
}

// Raw deflate (windowBits −15), level 9.
inline std::string raw_deflate(const std::string& in) {
  z_stream z{};
  if (deflateInit2(&z, 9, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) throw std::runtime_error("deflateInit2");
  std::string out(deflateBound(&z, uLong(in.size())) + 16, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = uInt(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = uInt(out.size());
  int rc = deflate(&z, Z_FINISH);
  deflateEnd(&z);
  if (rc != Z_STREAM_END) throw std::runtime_error("deflate");
  out.resize(z.total_out);
  return out;
}

inline uint32_t crc(const std::string& s) {
  return uint32_t(crc32(0, reinterpret_cast<const Bytef*>(s.data()), uInt(s.size())));
}

struct Entry {
  std::string name;
  std::string data;
  uint16_t method = 93;  // 0 store, 8 deflate, 93 zstd
  // Overrides for hostile archives: the uncompressed size declared in both headers (a value
  // ≥ 0xFFFFFFFF moves the central one into a Zip64 extra field).
  std::optional<uint64_t> declared_usize;

  Entry(std::string n, std::string d, uint16_t m = 93, std::optional<uint64_t> declared = std::nullopt)
      : name(std::move(n)), data(std::move(d)), method(m), declared_usize(declared) {}
};

// General-purpose bit 11 (UTF-8 names), set only when the name has non-ASCII bytes (§1.1).
inline uint16_t utf8_flag(const std::string& name) {
  for (char c : name)
    if (static_cast<unsigned char>(c) >= 0x80) return 1u << 11;
  return 0;
}

struct Layout {
  std::string bytes;
  std::vector<size_t> local_at;    // offset of each entry's local header
  std::vector<size_t> data_at;     // offset of each entry's compressed data
  std::vector<size_t> data_size;   // compressed size
  std::vector<size_t> central_at;  // offset of each entry's central directory header
  size_t eocd_at = 0;
};

inline Layout build(const std::vector<Entry>& entries) {
  Layout L;
  std::string& out = L.bytes;
  struct Cd {
    uint32_t crc;
    uint64_t csize, usize, offset;
    uint16_t method, version;
  };
  std::vector<Cd> cds;
  for (auto& e : entries) {
    std::string c = e.method == 93 ? zstd_stream(e.data) : e.method == 8 ? raw_deflate(e.data) : e.data;
    Cd cd{crc(e.data), c.size(), e.declared_usize ? *e.declared_usize : e.data.size(), out.size(), e.method,
          uint16_t(e.method == 93 ? 63 : 20)};
    L.local_at.push_back(out.size());
    put32(out, 0x04034b50);
    put16(out, cd.version);
    put16(out, utf8_flag(e.name));  // flags: no data descriptor; bit 11 for non-ASCII names
    put16(out, cd.method);
    put16(out, 0);        // time
    put16(out, 0x0021);   // date 1980-01-01
    put32(out, cd.crc);
    put32(out, 0xFFFFFFFF);  // compressed size → Zip64 extra
    put32(out, 0xFFFFFFFF);  // uncompressed size → Zip64 extra
    put16(out, uint32_t(e.name.size()));
    put16(out, 20);  // extra length: 4-byte header + 16 bytes
    out += e.name;
    put16(out, 0x0001);
    put16(out, 16);
    put64(out, cd.usize);
    put64(out, cd.csize);
    L.data_at.push_back(out.size());
    L.data_size.push_back(c.size());
    out += c;
    cds.push_back(cd);
  }
  size_t cd_start = out.size();
  for (size_t i = 0; i < entries.size(); ++i) {
    const Cd& cd = cds[i];
    bool big = cd.usize >= 0xFFFFFFFF;
    L.central_at.push_back(out.size());
    put32(out, 0x02014b50);
    put16(out, (3 << 8) | 63);  // made by Unix, 6.3
    put16(out, big ? 45 : cd.version);
    put16(out, utf8_flag(entries[i].name));
    put16(out, cd.method);
    put16(out, 0);
    put16(out, 0x0021);
    put32(out, cd.crc);
    put32(out, uint32_t(cd.csize));
    put32(out, big ? 0xFFFFFFFF : uint32_t(cd.usize));
    put16(out, uint32_t(entries[i].name.size()));
    put16(out, big ? 12 : 0);
    put16(out, 0);  // comment
    put16(out, 0);  // disk
    put16(out, 0);  // internal attributes
    put32(out, 0100644u << 16);
    put32(out, uint32_t(cd.offset));
    out += entries[i].name;
    if (big) {  // only the fields whose 32-bit slot is 0xFFFFFFFF: the uncompressed size
      put16(out, 0x0001);
      put16(out, 8);
      put64(out, cd.usize);
    }
  }
  size_t cd_size = out.size() - cd_start;
  L.eocd_at = out.size();
  put32(out, 0x06054b50);
  put16(out, 0);
  put16(out, 0);
  put16(out, uint32_t(entries.size()));
  put16(out, uint32_t(entries.size()));
  put32(out, uint32_t(cd_size));
  put32(out, uint32_t(cd_start));
  put16(out, 0);
  return L;
}

}  // namespace handzip
