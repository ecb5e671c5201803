#include "exporter/zip_writer.h"

#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <unistd.h>

namespace stgvm {
namespace {

void put16(std::string& o, uint32_t v) {
  o += char(v & 0xFF);
  o += char((v >> 8) & 0xFF);
}
void put32(std::string& o, uint32_t v) {
  put16(o, v & 0xFFFF);
  put16(o, v >> 16);
}
void put64(std::string& o, uint64_t v) {
  put32(o, uint32_t(v));
  put32(o, uint32_t(v >> 32));
}

std::string compress(const std::string& in, ZipMethod m) {
  if (m == ZipMethod::Store) return in;
  if (m == ZipMethod::Zstd) {
    std::string out(ZSTD_compressBound(in.size()), '\0');
    size_t n = ZSTD_compress(out.data(), out.size(), in.data(), in.size(), 3);
    if (ZSTD_isError(n)) throw std::runtime_error(std::string("zstd: ") + ZSTD_getErrorName(n));
    out.resize(n);
    return out;
  }
  // Raw deflate (no zlib header), level 9, as the Haskell zip library writes metadata entries.
  z_stream z{};
  if (deflateInit2(&z, 9, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) throw std::runtime_error("deflateInit2 failed");
  std::string out(deflateBound(&z, uLong(in.size())), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = uInt(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = uInt(out.size());
  int rc = deflate(&z, Z_FINISH);
  deflateEnd(&z);
  if (rc != Z_STREAM_END) throw std::runtime_error("deflate failed");
  out.resize(z.total_out);
  return out;
}

bool ascii(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

}  // namespace

std::string build_zip(std::vector<ZipInput> entries) {
  std::sort(entries.begin(), entries.end(), [](const ZipInput& a, const ZipInput& b) { return a.name < b.name; });
  struct Cd {
    std::string name;
    uint16_t method, version, flags;
    uint32_t crc;
    uint64_t csize, usize, offset;
  };
  std::vector<Cd> cds;
  std::string out;
  const uint32_t kDosTime = 0, kDosDate = (1 << 5) | 1;  // 1980-01-01 00:00: deterministic
  for (auto& e : entries) {
    std::string c = compress(e.data, e.method);
    Cd cd;
    cd.name = e.name;
    cd.method = uint16_t(e.method);
    cd.flags = ascii(e.name) ? 0 : (1 << 11);
    cd.crc = uint32_t(crc32(0, reinterpret_cast<const Bytef*>(e.data.data()), uInt(e.data.size())));
    cd.csize = c.size();
    cd.usize = e.data.size();
    cd.offset = out.size();
    cd.version = e.method == ZipMethod::Zstd ? 63 : 45;  // local header always carries Zip64
    put32(out, 0x04034b50);
    put16(out, cd.version);
    put16(out, cd.flags);
    put16(out, cd.method);
    put16(out, kDosTime);
    put16(out, kDosDate);
    put32(out, cd.crc);
    put32(out, 0xFFFFFFFF);  // sizes live in the Zip64 extra field
    put32(out, 0xFFFFFFFF);
    put16(out, uint32_t(cd.name.size()));
    put16(out, 20);
    out += cd.name;
    put16(out, 0x0001);
    put16(out, 16);
    put64(out, cd.usize);
    put64(out, cd.csize);
    out += c;
    cds.push_back(std::move(cd));
  }
  uint64_t cd_start = out.size();
  for (auto& cd : cds) {
    bool big = cd.csize >= 0xFFFFFFFF || cd.usize >= 0xFFFFFFFF || cd.offset >= 0xFFFFFFFF;
    std::string extra;
    if (big) {
      put16(extra, 0x0001);
      put16(extra, 24);
      put64(extra, cd.usize);
      put64(extra, cd.csize);
      put64(extra, cd.offset);
    }
    put32(out, 0x02014b50);
    put16(out, (3 << 8) | 63);  // made by: Unix, 6.3
    put16(out, cd.method == uint16_t(ZipMethod::Zstd) ? 63 : (big ? 45 : 20));
    put16(out, cd.flags);
    put16(out, cd.method);
    put16(out, kDosTime);
    put16(out, kDosDate);
    put32(out, cd.crc);
    put32(out, big ? 0xFFFFFFFF : uint32_t(cd.csize));
    put32(out, big ? 0xFFFFFFFF : uint32_t(cd.usize));
    put16(out, uint32_t(cd.name.size()));
    put16(out, uint32_t(extra.size()));
    put16(out, 0);  // comment
    put16(out, 0);  // disk
    put16(out, 0);  // internal attributes
    put32(out, 0100644u << 16);
    put32(out, big ? 0xFFFFFFFF : uint32_t(cd.offset));
    out += cd.name;
    out += extra;
  }
  uint64_t cd_size = out.size() - cd_start;
  bool zip64 = cds.size() >= 0xFFFF || cd_start >= 0xFFFFFFFF || cd_size >= 0xFFFFFFFF;
  if (zip64) {
    uint64_t z64_at = out.size();
    put32(out, 0x06064b50);
    put64(out, 44);
    put16(out, (3 << 8) | 63);
    put16(out, 45);
    put32(out, 0);
    put32(out, 0);
    put64(out, cds.size());
    put64(out, cds.size());
    put64(out, cd_size);
    put64(out, cd_start);
    put32(out, 0x07064b50);
    put32(out, 0);
    put64(out, z64_at);
    put32(out, 1);
  }
  put32(out, 0x06054b50);
  put16(out, 0);
  put16(out, 0);
  put16(out, zip64 ? 0xFFFF : uint32_t(cds.size()));
  put16(out, zip64 ? 0xFFFF : uint32_t(cds.size()));
  put32(out, zip64 ? 0xFFFFFFFF : uint32_t(cd_size));
  put32(out, zip64 ? 0xFFFFFFFF : uint32_t(cd_start));
  put16(out, 0);
  return out;
}

void write_file_atomic(const std::string& path, const std::string& bytes) {
  namespace fs = std::filesystem;
  fs::path target(path);
  std::error_code ec;
  if (target.has_parent_path()) fs::create_directories(target.parent_path(), ec);
  std::string tmp = path + ".tmp." + std::to_string(getpid());
  FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) throw std::runtime_error(path + ": cannot create: " + std::strerror(errno));
  bool ok = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
  ok = (std::fclose(f) == 0) && ok;
  if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
    int err = errno;
    std::remove(tmp.c_str());
    throw std::runtime_error(path + ": cannot write: " + std::strerror(err));
  }
}

void write_zip(const std::string& path, std::vector<ZipInput> entries) {
  write_file_atomic(path, build_zip(std::move(entries)));
}

}  // namespace stgvm
