// RTS API shims. Expected messages are the ones a native GHC 9.0.2 program prints (observed:
// `prog: Stack space overflow: current size 33624 bytes.` / `prog: Relink with -rtsopts and
// use `+RTS -Ksize -RTS' to increase it.` for -K1m, and `Heap exhausted;` / `Current maximum
// heap size is 20971520 bytes (20 MB).` / `Relink with -rtsopts and use `+RTS -M<size>' to
// increase it.` for -M20m, exit codes 2 and 251); behaviours of FileLock.c, Globals.c,
// Signals.c, Threads.c as in the GHC 9.0.2 sources; localeEncoding against the host's
// setlocale + nl_langinfo in a forked child (natively; wasm32 answers as glibc does with its
// built-in locales, which the native run checks too).
#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>

#if !defined(__wasm__)
#include <langinfo.h>
#include <locale.h>
#include <sys/wait.h>
#endif

#include "ffi/ffi_internal.h"
#include "ffi_test_util.h"

namespace stgvm::test {
namespace {

class RtsApi : public FfiTest {};

TEST_F(RtsApi, ShutdownRequestsExit) {
  call("shutdownHaskellAndExit", {3, 0});
  EXPECT_EQ(host.exits, std::vector<int>{3});
  call("shutdownHaskellAndExit", {0, 1});
  EXPECT_EQ(host.exits, (std::vector<int>{3, 0}));
  call("shutdownHaskellAndSignal", {2, 0});
  EXPECT_EQ(host.signals, std::vector<int>{2});
}

TEST_F(RtsApi, DefaultSignalExitIs128PlusSig) {
  struct H : FakeHost {
    void request_signal_exit(int sig) override { ForeignHost::request_signal_exit(sig); }
  } h;
  ForeignContext c{mem, cheap, h};
  uint64_t slots[] = {15, 0};
  CRep reps[] = {CRep::Int, CRep::Int};
  find_foreign("shutdownHaskellAndSignal")->fn(c, ForeignCall{slots, reps, 2, CRep::Void});
  EXPECT_EQ(h.exits, std::vector<int>{143});
}

// shutdownHaskellAndExit leaves the files open (the VM still flushes stdout through them);
// foreign_shutdown closes them.
TEST_F(RtsApi, ShutdownClosesProgramFilesOnlyAtTheEnd) {
  TempDir tmp;
  ASSERT_TRUE(tmp.ok());
  int fd = call32("__hscore_open", {A(put_string(kScratch, tmp.path() + "/f")), abi::kO_CREAT | abi::kO_RDONLY, 0644u});
  int h = host_fd(ctx, fd);
  ASSERT_TRUE(host_fd_open(h));
  call("shutdownHaskellAndExit", {0, 0});
  EXPECT_TRUE(host_fd_open(h));
  EXPECT_EQ(icall("write", {1, A(kScratch), 0u}), 0);  // stdout still usable
  foreign_shutdown(ctx);
  EXPECT_FALSE(host_fd_open(h));
  EXPECT_EQ(icall("write", {1, A(kScratch), 0u}), -1);
  foreign_shutdown(ctx);  // idempotent
}

TEST_F(RtsApi, Belch) {
  put_string(kScratch, "%s");
  put_string(kScratch + 64, "prog crashed: Prelude.head: empty list");
  call("errorBelch2", {A(kScratch), A(kScratch + 64)});
  EXPECT_EQ(host.errors, std::vector<std::string>{"prog crashed: Prelude.head: empty list"});
  put_string(kScratch, "%s\n");
  put_string(kScratch + 64, "trace message");
  call("debugBelch2", {A(kScratch), A(kScratch + 64)});
  EXPECT_EQ(host.debug, std::vector<std::string>{"trace message\n"});
  put_string(kScratch, "a %s b %% c %d %s");
  put_string(kScratch + 64, "X");
  call("debugBelch2", {A(kScratch), A(kScratch + 64)});
  EXPECT_EQ(host.debug.back(), "a X b % c %d X");
  EXPECT_FAULT(call("errorBelch2", {A(kScratch), A(0x30)}));
}

#if !defined(__wasm__)  // host pipes and dup2
TEST_F(RtsApi, DefaultDebugBelchWritesFd2) {
  int p[2];
  ASSERT_EQ(pipe(p), 0);
  int saved = dup(2);
  dup2(p[1], 2);
  struct H : FakeHost {
    void debug_belch(const std::string& t) override { ForeignHost::debug_belch(t); }
  } h;
  h.debug_belch("to stderr\n");
  dup2(saved, 2);
  close(saved);
  close(p[1]);
  char buf[64] = {};
  EXPECT_EQ(read(p[0], buf, sizeof buf), 10);
  EXPECT_EQ(std::string(buf), "to stderr\n");
  close(p[0]);
}
#endif

TEST_F(RtsApi, OverflowMessagesAreGhcs) {
  host.stack_bytes = 33624;
  call("reportStackOverflow", {A(0x5000)});
  EXPECT_EQ(host.errors, (std::vector<std::string>{"Stack space overflow: current size 33624 bytes.",
                                                   "Relink with -rtsopts and use `+RTS -Ksize -RTS' to increase it."}));
  host.errors.clear();
  host.max_heap = 20971520;
  call("reportHeapOverflow");
  EXPECT_EQ(host.errors, (std::vector<std::string>{"Heap exhausted;",
                                                   "Current maximum heap size is 20971520 bytes (20 MB).",
                                                   "Relink with -rtsopts and use `+RTS -M<size>' to increase it."}));
  host.errors.clear();
  host.max_heap = 0;
  call("reportHeapOverflow");
  EXPECT_EQ(host.errors, std::vector<std::string>{"Out of memory\n"});
}

TEST_F(RtsApi, ProgArgv) {
  host.args = {"prog", "one", "", "thr\xC3\xA9"};
  uint32_t argcp = kScratch, argvp = kScratch + 8;
  call("getProgArgv", {A(argcp), A(argvp)});
  EXPECT_EQ(mem.load32(argcp), 4u);
  uint32_t argv = uint32_t(mem.load64(argvp));
  EXPECT_GE(argv, kHeap);
  for (size_t i = 0; i < 4; ++i) EXPECT_EQ(get_string(uint32_t(mem.load64(argv + uint32_t(i) * 8))), host.args[i]);
  EXPECT_EQ(mem.load64(argv + 32), 0u);
  call("getProgArgv", {A(argcp), A(argvp)});
  EXPECT_EQ(mem.load64(argvp), argv);  // the same block
  call("getProgArgv", {A(0), A(0)});   // NULL outputs are allowed

  // setProgArgv(2, ["new", "args"]) as withArgs does it.
  uint32_t arr = kScratch + 0x100;
  mem.store64(arr, put_string(kScratch + 0x200, "new"));
  mem.store64(arr + 8, put_string(kScratch + 0x300, "args"));
  call("setProgArgv", {2, A(arr)});
  EXPECT_EQ(host.args, (std::vector<std::string>{"new", "args"}));
  call("getProgArgv", {A(argcp), A(argvp)});
  EXPECT_EQ(mem.load32(argcp), 2u);
  argv = uint32_t(mem.load64(argvp));
  EXPECT_EQ(get_string(uint32_t(mem.load64(argv + 8))), "args");
  EXPECT_EQ(cheap.live_blocks(), 1u);  // the old block was freed
}

TEST_F(RtsApi, Threads) {
  EXPECT_EQ(call32("rts_getThreadId", {A(0x300)}), 3);  // FakeHost: id = tso / 0x100
  EXPECT_EQ(call32("cmp_thread", {A(0x300), A(0x300)}), 0);
  EXPECT_EQ(call32("cmp_thread", {A(0x300), A(0x500)}), -1);
  EXPECT_EQ(call32("cmp_thread", {A(0x500), A(0x300)}), 1);
  EXPECT_EQ(call("eq_thread", {A(0x300), A(0x300)}), 1u);
  EXPECT_EQ(call("eq_thread", {A(0x300), A(0x310)}), 0u);  // pointer equality, as Threads.c
  EXPECT_EQ(call("rts_setMainThread", {A(0x700)}), 0u);
  EXPECT_EQ(call("rts_enableThreadAllocationLimit", {A(0x300)}), 0u);
  EXPECT_EQ(call("rts_disableThreadAllocationLimit", {A(0x300)}), 0u);
  EXPECT_EQ(call("rtsSupportsBoundThreads"), 0u);
  EXPECT_EQ(call("getNumberOfProcessors"), 1u);
  EXPECT_EQ(call32("forkOS_createThread", {7}), -1);
  call("setNumCapabilities", {1u});
  EXPECT_TRUE(host.errors.empty());
  call("setNumCapabilities", {4u});
  EXPECT_EQ(host.errors, std::vector<std::string>{"setNumCapabilities: not supported in the non-threaded RTS"});
  host.clock = 123456789;
  EXPECT_EQ(call("getMonotonicNSec"), 123456789u);
  EXPECT_EQ(call("setIOManagerControlFd", {0u, 5}), 0u);
  EXPECT_EQ(call("setIOManagerWakeupFd", {5}), 0u);
  EXPECT_EQ(call("setTimerManagerControlFd", {5}), 0u);
}

TEST_F(RtsApi, ForkOSEntryCannotCallBack) {
  uint64_t slot = 1;
  CRep rep = CRep::Word;
  find_foreign("forkOS_entry")->fn(ctx, ForeignCall{&slot, &rep, 1, CRep::Void});
  EXPECT_NE(ctx.failure.find("forkOS_entry"), std::string::npos);
}

TEST_F(RtsApi, StablePtrsAndFunPtrs) {
  call("hs_free_stable_ptr", {42u});
  EXPECT_EQ(host.freed, std::vector<uint64_t>{42});
  EXPECT_EQ(call("freeHaskellFunctionPtr", {A(0x1234)}), 0u);
  EXPECT_EQ(host.freed.size(), 1u);
}

TEST_F(RtsApi, GlobalStoresAreSetOnce) {
  for (const char* s : {"getOrSetGHCConcSignalSignalHandlerStore", "getOrSetSystemEventThreadEventManagerStore",
                        "getOrSetSystemEventThreadIOManagerThreadStore", "getOrSetSystemTimerThreadEventManagerStore",
                        "getOrSetSystemTimerThreadIOManagerThreadStore"}) {
    EXPECT_EQ(call(s, {0u}), 0u) << s;  // storing NULL leaves the cell empty
    EXPECT_EQ(call(s, {11u}), 11u) << s;
    EXPECT_EQ(call(s, {22u}), 11u) << s;
  }
  // Five distinct cells.
  EXPECT_EQ(call("getOrSetSystemTimerThreadIOManagerThreadStore", {33u}), 11u);
  // The cells are in linear memory: a context over the same memory sees them, another
  // program's memory has its own.
  uint64_t slot = 5;
  CRep rep = CRep::Addr;
  ForeignContext same{mem, cheap, host};
  EXPECT_EQ(find_foreign("getOrSetGHCConcSignalSignalHandlerStore")->fn(same, ForeignCall{&slot, &rep, 1, CRep::Addr}), 11u);
  Memory other_mem(kMemBytes, kMemBytes);
  CHeap other_cheap(other_mem, kHeap, kHeapSize);
  ForeignContext fresh{other_mem, other_cheap, host};
  EXPECT_EQ(find_foreign("getOrSetGHCConcSignalSignalHandlerStore")->fn(fresh, ForeignCall{&slot, &rep, 1, CRep::Addr}),
            5u);  // per program
}

TEST_F(RtsApi, StgSigInstall) {
  const int kDfl = -1, kIgn = -2, kErr = -3, kHan = -4, kRst = -5;
  EXPECT_EQ(call32("stg_sig_install", {2, kRst, A(0)}), kDfl);  // base's install_interrupt_handler
  EXPECT_EQ(call32("stg_sig_install", {2, kHan, A(0)}), kRst);
  EXPECT_EQ(call32("stg_sig_install", {2, kIgn, A(0)}), kHan);
  EXPECT_EQ(call32("stg_sig_install", {15, kDfl, A(kScratch)}), kDfl);
  EXPECT_EQ(call32("stg_sig_install", {-1, kHan, A(0)}), kErr);
  EXPECT_EQ(call32("stg_sig_install", {0, kHan, A(0)}), kErr);
  EXPECT_EQ(call32("stg_sig_install", {65, kHan, A(0)}), kErr);
  EXPECT_TRUE(host.errors.empty());
  EXPECT_EQ(call32("stg_sig_install", {9, kHan, A(0)}), kErr);  // sigaction(SIGKILL) fails
  EXPECT_EQ(host.errors, std::vector<std::string>{"sigaction"});
  uint64_t slots[] = {2, uint64_t(-7), 0};
  CRep reps[] = {CRep::Int, CRep::Int, CRep::Addr};
  find_foreign("stg_sig_install")->fn(ctx, ForeignCall{slots, reps, 3, CRep::Int});
  EXPECT_NE(ctx.failure.find("bad spi"), std::string::npos);
}

// rts/FileLock.c: one writer or many readers per (dev, ino); unlock by id.
TEST_F(RtsApi, FileLocks) {
  EXPECT_EQ(call32("lockFile", {3u, 1u, 100u, 1}), 0);   // writer
  EXPECT_EQ(call32("lockFile", {4u, 1u, 100u, 0}), -1);  // reader blocked
  EXPECT_EQ(call32("lockFile", {4u, 1u, 100u, 1}), -1);  // writer blocked
  EXPECT_EQ(call32("lockFile", {4u, 2u, 100u, 1}), 0);   // other device
  EXPECT_EQ(call32("unlockFile", {3u}), 0);
  EXPECT_EQ(call32("unlockFile", {3u}), 1);  // not locked any more
  EXPECT_EQ(call32("lockFile", {5u, 1u, 100u, 0}), 0);  // readers share
  EXPECT_EQ(call32("lockFile", {6u, 1u, 100u, 0}), 0);
  EXPECT_EQ(call32("lockFile", {7u, 1u, 100u, 1}), -1);
  EXPECT_EQ(call32("unlockFile", {5u}), 0);
  EXPECT_EQ(call32("lockFile", {7u, 1u, 100u, 1}), -1);
  EXPECT_EQ(call32("unlockFile", {6u}), 0);
  EXPECT_EQ(call32("lockFile", {7u, 1u, 100u, 1}), 0);
  EXPECT_EQ(call32("unlockFile", {99u}), 1);
}

#if !defined(__wasm__)
// nl_langinfo(CODESET) after setlocale(LC_CTYPE, "") in a child with exactly `env`.
std::string host_codeset(const std::vector<std::string>& env) {
  int p[2];
  if (pipe(p) != 0) return "";
  pid_t pid = fork();
  if (pid == 0) {
    close(p[0]);
    clearenv();
    for (const auto& kv : env) putenv(strdup(kv.c_str()));
    setlocale(LC_CTYPE, "");
    const char* cs = nl_langinfo(CODESET);
    if (write(p[1], cs, strlen(cs)) < 0) _exit(1);
    _exit(0);
  }
  close(p[1]);
  std::string s;
  char buf[256];
  for (ssize_t n; (n = read(p[0], buf, sizeof buf)) > 0;) s.append(buf, size_t(n));
  close(p[0]);
  waitpid(pid, nullptr, 0);
  return s;
}
#endif

TEST(RtsLocale, LocaleEncodingIsSetlocales) {
  // The answers with glibc's built-in locales (C, POSIX, C.UTF-8): what wasm32 gives, and
  // natively whatever the host's setlocale says (the same unless the host has the locale
  // xx_YY.NOPE).
  struct Case {
    std::vector<std::string> env;
    const char* builtin;
  } cases[] = {
      {{}, "ANSI_X3.4-1968"},
      {{"LANG=C.UTF-8"}, "UTF-8"},
      {{"LANG=C.utf8"}, "UTF-8"},
      {{"LC_ALL=C", "LANG=C.UTF-8"}, "ANSI_X3.4-1968"},
      {{"LC_CTYPE=C.UTF-8", "LANG=POSIX"}, "UTF-8"},
      {{"LC_ALL=", "LC_CTYPE=", "LANG=C.UTF-8"}, "UTF-8"},
      {{"LANG=xx_YY.NOPE"}, "ANSI_X3.4-1968"},
      {{"LC_ALL=xx_YY.NOPE", "LANG=C.UTF-8"}, "ANSI_X3.4-1968"},
      {{"LANG=POSIX"}, "ANSI_X3.4-1968"},
  };
  for (const auto& c : cases) {
    FakeHost host;
    host.env = c.env;
    Memory mem(kMemBytes, kMemBytes);
    CHeap cheap(mem, kHeap, kHeapSize);
    ForeignContext ctx{mem, cheap, host};
    const ForeignSymbol* s = find_foreign("localeEncoding");
    ForeignCall call{nullptr, nullptr, 0, CRep::Addr};
    uint32_t p = uint32_t(s->fn(ctx, call));
    ASSERT_NE(p, 0u);
#if !defined(__wasm__)
    std::string want = host_codeset(c.env);
    EXPECT_EQ(want, c.builtin) << ::testing::PrintToString(c.env);
#else
    std::string want = c.builtin;
#endif
    EXPECT_EQ(mem.c_string(p), want) << ::testing::PrintToString(c.env);
    EXPECT_EQ(uint32_t(s->fn(ctx, call)), p);  // computed once
  }
}

}  // namespace
}  // namespace stgvm::test
