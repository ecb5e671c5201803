// The C ABI the program sees through the shims: x86_64 Linux with glibc, the platform GHC
// 9.0.2 compiled it for. base has some of these values baked in (Foreign.C.Error's errno
// constants, GHC.IO.Handle.Lock's struct flock and F_OFD_* via hsc2hs) and asks the shims for
// the rest (__hscore_o_*, __hscore_sizeof_stat, …), so the shims speak this ABI on every
// build: natively it is the host's own (host_linux.cpp checks every value and layout against
// the system headers at compile time), on wasm32 host_wasi.cpp translates between it and
// WASI. Names are the C names with a `k` prefix (the C names are macros).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

namespace stgvm::abi {

// ---- errno ---------------------------------------------------------------------------------
#define X(name, value, msg) constexpr int k##name = value;
#include "ffi/abi_errno.inc"
#undef X
constexpr int kEWOULDBLOCK = kEAGAIN;
constexpr int kENOTSUP = kEOPNOTSUPP;

// glibc's strerror text for an errno value ("Unknown error N" for the others), as in the "C"
// locale. The shims use the host's strerror natively; this table is what wasm32 uses.
std::string glibc_strerror(int e);

// ---- <fcntl.h> -----------------------------------------------------------------------------
constexpr int kO_RDONLY = 0, kO_WRONLY = 01, kO_RDWR = 02, kO_ACCMODE = 03;
constexpr int kO_CREAT = 0100, kO_EXCL = 0200, kO_NOCTTY = 0400, kO_TRUNC = 01000, kO_APPEND = 02000;
constexpr int kO_NONBLOCK = 04000, kO_DSYNC = 010000, kO_ASYNC = 020000, kO_DIRECT = 040000;
constexpr int kO_LARGEFILE = 0100000;  // the kernel's (glibc's O_LARGEFILE is 0 on x86_64)
constexpr int kO_DIRECTORY = 0200000, kO_NOFOLLOW = 0400000, kO_NOATIME = 01000000, kO_CLOEXEC = 02000000;
constexpr int kO_SYNC = 04010000, kO_PATH = 010000000;

constexpr int kF_DUPFD = 0, kF_GETFD = 1, kF_SETFD = 2, kF_GETFL = 3, kF_SETFL = 4;
constexpr int kF_GETLK = 5, kF_SETLK = 6, kF_SETLKW = 7;
constexpr int kF_OFD_GETLK = 36, kF_OFD_SETLK = 37, kF_OFD_SETLKW = 38, kF_DUPFD_CLOEXEC = 1030;
constexpr int kFD_CLOEXEC = 1;
constexpr int kF_RDLCK = 0, kF_WRLCK = 1, kF_UNLCK = 2;

// <unistd.h>
constexpr int kF_OK = 0, kX_OK = 1, kW_OK = 2, kR_OK = 4;
constexpr int kSEEK_SET = 0, kSEEK_CUR = 1, kSEEK_END = 2;

// <sys/stat.h>
constexpr uint32_t kS_IFMT = 0170000, kS_IFSOCK = 0140000, kS_IFLNK = 0120000, kS_IFREG = 0100000;
constexpr uint32_t kS_IFBLK = 0060000, kS_IFDIR = 0040000, kS_IFCHR = 0020000, kS_IFIFO = 0010000;

// <poll.h>
constexpr short kPOLLIN = 0x001, kPOLLPRI = 0x002, kPOLLOUT = 0x004, kPOLLERR = 0x008, kPOLLHUP = 0x010;
constexpr short kPOLLNVAL = 0x020, kPOLLRDNORM = 0x040, kPOLLRDBAND = 0x080, kPOLLWRNORM = 0x100;
constexpr short kPOLLWRBAND = 0x200;

// <termios.h>
constexpr uint32_t kECHO = 010, kICANON = 02, kISIG = 01, kECHOE = 020, kECHOK = 040, kECHOCTL = 01000;
constexpr uint32_t kECHOKE = 04000, kIEXTEN = 0100000;
constexpr int kVINTR = 0, kVQUIT = 1, kVERASE = 2, kVKILL = 3, kVEOF = 4, kVTIME = 5, kVMIN = 6;
constexpr int kVSTART = 8, kVSTOP = 9, kVSUSP = 10, kVREPRINT = 12, kVDISCARD = 13, kVWERASE = 14;
constexpr int kVLNEXT = 15;
constexpr int kTCSANOW = 0, kNCCS = 32;

// <signal.h>
constexpr int kSIGINT = 2, kSIGKILL = 9, kSIGPIPE = 13, kSIGSTOP = 19, kSIGTTOU = 22, kNSIG = 65;
constexpr int kSIG_BLOCK = 0, kSIG_UNBLOCK = 1, kSIG_SETMASK = 2;

// <stdio.h>
constexpr int kBUFSIZ = 8192;

// ---- structures (linear-memory images; padding is always zero) -------------------------------
struct Stat {  // struct stat
  uint64_t st_dev;
  uint64_t st_ino;
  uint64_t st_nlink;
  uint32_t st_mode;
  uint32_t st_uid;
  uint32_t st_gid;
  int32_t pad0;
  uint64_t st_rdev;
  int64_t st_size;
  int64_t st_blksize;
  int64_t st_blocks;
  int64_t st_atim_sec, st_atim_nsec;
  int64_t st_mtim_sec, st_mtim_nsec;
  int64_t st_ctim_sec, st_ctim_nsec;
  int64_t reserved[3];
};
static_assert(sizeof(Stat) == 144);

struct Termios {  // struct termios (glibc's, with c_ispeed/c_ospeed)
  uint32_t c_iflag, c_oflag, c_cflag, c_lflag;
  uint8_t c_line;
  uint8_t c_cc[kNCCS];
  uint8_t pad[3];
  uint32_t c_ispeed, c_ospeed;
};
static_assert(sizeof(Termios) == 60 && offsetof(Termios, c_cc) == 17);

struct Flock {  // struct flock
  int16_t l_type, l_whence;
  int32_t pad0;
  int64_t l_start, l_len;
  int32_t l_pid;
  int32_t pad1;
};
static_assert(sizeof(Flock) == 32);

struct Pollfd {  // struct pollfd
  int32_t fd;
  int16_t events, revents;
};
static_assert(sizeof(Pollfd) == 8);

struct Utimbuf {  // struct utimbuf
  int64_t actime, modtime;
};
static_assert(sizeof(Utimbuf) == 16);

// sigset_t: glibc's 1024 bits (16 unsigned longs); signal n is bit n-1.
constexpr uint32_t kSigsetBytes = 128;
struct Sigset {
  uint64_t val[16];
};
static_assert(sizeof(Sigset) == kSigsetBytes);
constexpr uint32_t kSiginfoBytes = 128;

// glibc's sigset functions on that image (glibc 2.36: sigaddset/sigdelset refuse its internal
// signals 32 and 33; sigismember does not). -1 means EINVAL.
inline bool valid_signal(int sig) { return sig > 0 && sig < kNSIG; }
inline int sigemptyset(Sigset& s) {
  s = Sigset{};
  return 0;
}
inline int sigismember(const Sigset& s, int sig) {
  if (!valid_signal(sig)) return -1;
  return int((s.val[unsigned(sig - 1) / 64] >> (unsigned(sig - 1) % 64)) & 1);
}
inline int sigaddset(Sigset& s, int sig) {
  if (!valid_signal(sig) || sig == 32 || sig == 33) return -1;
  s.val[unsigned(sig - 1) / 64] |= uint64_t(1) << (unsigned(sig - 1) % 64);
  return 0;
}
inline int sigdelset(Sigset& s, int sig) {
  if (!valid_signal(sig) || sig == 32 || sig == 33) return -1;
  s.val[unsigned(sig - 1) / 64] &= ~(uint64_t(1) << (unsigned(sig - 1) % 64));
  return 0;
}
inline void sigorset(Sigset& dst, const Sigset& a, const Sigset& b) {
  for (int i = 0; i < 16; ++i) dst.val[i] = a.val[i] | b.val[i];
}

}  // namespace stgvm::abi
