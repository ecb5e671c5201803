// Saving and restoring the foreign-call shims' state for snapshots (foreign.h). The shims'
// cells are in linear memory (ShimCells); what is left is host resources, written by what
// identifies them (a file by its path, flags and offset, an iconv handle by its codes, file
// locks by device and inode) and opened again on restore.
#include <cstring>

#include "ffi/abi.h"
#include "ffi/ffi_internal.h"
#include "ffi/host.h"
#include "runtime/serial.h"

namespace stgvm {

namespace {
constexpr uint32_t kFdStdio = 1, kFdFile = 2;
}  // namespace

std::string save_foreign_state(ForeignContext& ctx, std::vector<uint8_t>& out) {
  ForeignState& st = foreign_state(ctx);
  ByteWriter w;
  w.u8(st.fds_ready);
  w.u64(st.fds.size());
  for (auto& [vfd, fd] : st.fds) {
    w.u32(uint32_t(vfd));
    w.u8(fd.cloexec);
    if (!fd.owned) {  // one of the standard streams
      w.u32(kFdStdio);
      w.u32(uint32_t(fd.host));
      int fl = host::fcntl_getfl(fd.host);
      int64_t off = (fl >= 0 && (fl & abi::kO_ACCMODE) == abi::kO_RDONLY) ? host::lseek(fd.host, 0, abi::kSEEK_CUR) : -1;
      w.u64(uint64_t(off < 0 ? -1 : off));  // input read so far (-1: not seekable, or output)
      continue;
    }
    abi::Stat sb;
    if (host::fstat(fd.host, &sb) != 0 || (sb.st_mode & abi::kS_IFMT) != abi::kS_IFREG)
      return "file descriptor " + std::to_string(vfd) + " is not a regular file (a pipe or device cannot be saved)";
    std::string path = host::fd_path(fd.host);
    if (path.empty()) return "cannot find the file behind file descriptor " + std::to_string(vfd);
    int64_t off = host::lseek(fd.host, 0, abi::kSEEK_CUR);
    w.u32(kFdFile);
    w.str(path);
    w.u32(uint32_t(host::fcntl_getfl(fd.host)));
    w.u64(uint64_t(off < 0 ? -1 : off));
  }
  w.u64(st.iconvs.size());
  for (size_t i = 0; i < st.iconvs.size(); ++i) {
    w.u8(st.iconvs[i] != nullptr);
    w.str(i < st.iconv_codes.size() ? st.iconv_codes[i].first : "");
    w.str(i < st.iconv_codes.size() ? st.iconv_codes[i].second : "");
  }
  w.u64(st.locks.size());
  for (auto& [k, v] : st.locks) w.u64(k.first), w.u64(k.second), w.u32(uint32_t(v));
  w.u64(st.lock_keys.size());
  for (auto& [id, k] : st.lock_keys) w.u64(id), w.u64(k.first), w.u64(k.second);
  out = std::move(w.out);
  return "";
}

std::string restore_foreign_state(ForeignContext& ctx, const uint8_t* data, size_t n) {
  ForeignState& st = foreign_state(ctx);
  ByteReader r(data, n);
  st.fds_ready = r.u8();
  close_all_fds(st);
  st.fds.clear();
  for (uint64_t k = r.u64(); k-- > 0 && r.ok;) {
    int vfd = int(r.u32());
    bool cloexec = r.u8();
    uint32_t kind = r.u32();
    if (kind == kFdStdio) {
      int h = int(r.u32());
      int64_t off = int64_t(r.u64());
      if (off >= 0 && host::lseek(h, off, abi::kSEEK_SET) != off)
        return "cannot move standard input to offset " + std::to_string(off);
      st.fds[vfd] = ForeignState::Fd{h, false, cloexec};
    } else if (kind == kFdFile) {
      std::string path = r.str();
      int flags = int(r.u32()) & ~(abi::kO_CREAT | abi::kO_EXCL | abi::kO_TRUNC);
      int64_t off = int64_t(r.u64());
      int h = host::open(path.c_str(), flags, 0);
      if (h < 0) return "cannot reopen " + path + ": " + host::strerror(-h);
      if (off >= 0 && !(flags & abi::kO_APPEND) && host::lseek(h, off, abi::kSEEK_SET) != off)
        return "cannot seek in " + path;
      st.fds[vfd] = ForeignState::Fd{h, true, cloexec};
    } else {
      r.ok = false;
    }
  }
  close_all_iconvs(st);
  st.iconv_codes.clear();
  for (uint64_t k = r.u64(); k-- > 0 && r.ok;) {
    bool open = r.u8();
    std::string to = r.str(), from = r.str();
    void* cd = nullptr;
    if (open) {
      int err = 0;
      cd = host::iconv_open(to.c_str(), from.c_str(), &err);
      if (!cd) return "cannot open the conversion from " + from + " to " + to;
    }
    st.iconvs.push_back(cd);
    st.iconv_codes.emplace_back(to, from);
  }
  st.locks.clear();
  for (uint64_t k = r.u64(); k-- > 0 && r.ok;) {
    uint64_t dev = r.u64(), ino = r.u64();
    st.locks[{dev, ino}] = int(r.u32());
  }
  st.lock_keys.clear();
  for (uint64_t k = r.u64(); k-- > 0 && r.ok;) {
    uint64_t id = r.u64(), dev = r.u64(), ino = r.u64();
    st.lock_keys[id] = {dev, ino};
  }
  if (!r.ok || !r.at_end()) return "the foreign-call state is damaged";
  return "";
}

}  // namespace stgvm
