// RTS API functions base calls (GHC 9.0.2 non-threaded RTS semantics), the top-level handler's
// exits and messages, argv, the global stores, file locking, and localeEncoding.
#include "ffi/abi.h"
#include "ffi/ffi_internal.h"
#include "ffi/host.h"

namespace stgvm {

// ForeignHost's default debugBelch: the raw text on the host's stderr (the RTS's
// rtsDebugMsgFn: vfprintf(stderr, …) + fflush, no program-name prefix).
void ForeignHost::debug_belch(const std::string& text) {
  size_t off = 0;
  while (off < text.size()) {
    int64_t w = host::write(2, text.data() + off, text.size() - off);
    if (w == -abi::kEINTR) continue;
    if (w <= 0) break;
    off += size_t(w);
  }
}

namespace {
// rts/posix/TTY.c resetTerminalSettings: restore the termios saved for fds 0–2 (on the host's
// 0–2, as the RTS does), SIGTTOU blocked. A saved pointer that does not point into memory is
// skipped (the RTS would read garbage; this must not fault at exit).
void reset_terminal_settings(ForeignContext& ctx) {
  ShimCells cells(ctx);
  for (int fd = 0; fd < 3; ++fd) {
    uint32_t p = cells.get(ShimCells::kTermios + 4 * uint32_t(fd));
    if (!p || !mem_ok(ctx.mem, p, sizeof(abi::Termios))) continue;
    abi::Termios t = load_struct<abi::Termios>(ctx.mem, p);
    host::tcsetattr(fd, abi::kTCSANOW, &t);
  }
}
}  // namespace

void foreign_shutdown(ForeignContext& ctx) {
  ForeignState& st = foreign_state(ctx);
  ShimCells cells(ctx);
  if (cells.flag(ShimCells::kShutDown)) return;
  cells.set_flag(ShimCells::kShutDown);
  reset_terminal_settings(ctx);
  close_all_fds(st);
  close_all_iconvs(st);
}

namespace {

// RTS signal action codes (includes/rts/Signals.h).
constexpr int STG_SIG_DFL = -1, STG_SIG_IGN = -2, STG_SIG_ERR = -3, STG_SIG_HAN = -4, STG_SIG_RST = -5;

// ---- exit --------------------------------------------------------------------------------

// void shutdownHaskellAndExit(int n, int fastExit). hs_exit's C side: the terminal settings
// are restored here; the program's files stay open until foreign_shutdown, because the VM
// still runs the std Handles' flush (Haskell code) after this returns.
uint64_t c_shutdown_exit(ForeignContext& ctx, const ForeignCall& c) {
  reset_terminal_settings(ctx);
  ctx.host.request_exit(Args(c).i32(0));
  return 0;
}

// void shutdownHaskellAndSignal(int sig, int fastExit)
uint64_t c_shutdown_signal(ForeignContext& ctx, const ForeignCall& c) {
  reset_terminal_settings(ctx);
  ctx.host.request_signal_exit(Args(c).i32(0));
  return 0;
}

// ---- messages ----------------------------------------------------------------------------

// The printf subset errorBelch2/debugBelch2 are called with: the format's %s conversions take
// the one string argument, %% is '%'; any other conversion is copied literally.
std::string belch_format(ForeignContext& ctx, const Args& a) {
  std::string fmt = ctx.mem.c_string(a.addr(0));
  std::string out;
  for (size_t i = 0; i < fmt.size(); ++i) {
    if (fmt[i] == '%' && i + 1 < fmt.size()) {
      if (fmt[i + 1] == 's') {
        uint32_t s = a.addr(1);
        out += s ? ctx.mem.c_string(s) : "(null)";
        ++i;
        continue;
      }
      if (fmt[i + 1] == '%') {
        out += '%';
        ++i;
        continue;
      }
    }
    out += fmt[i];
  }
  return out;
}

// void errorBelch2(const char *fmt, char *s): "<prog>: <message>\n" on stderr.
uint64_t c_errorBelch2(ForeignContext& ctx, const ForeignCall& c) {
  ctx.host.error_belch(belch_format(ctx, Args(c)));
  return 0;
}

// void debugBelch2(const char *fmt, char *s): the message as is on stderr.
uint64_t c_debugBelch2(ForeignContext& ctx, const ForeignCall& c) {
  ctx.host.debug_belch(belch_format(ctx, Args(c)));
  return 0;
}

// void reportStackOverflow(StgTSO *tso): rts/hooks/StackOverflow.c for a program linked
// without -rtsopts (the default: rtsOptsEnabled = RtsOptsSafeOnly, suggestions on).
uint64_t c_reportStackOverflow(ForeignContext& ctx, const ForeignCall& c) {
  uint64_t bytes = ctx.host.thread_stack_bytes(Args(c).u64(0));
  ctx.host.error_belch("Stack space overflow: current size " + std::to_string(bytes) + " bytes.");
  ctx.host.error_belch("Relink with -rtsopts and use `+RTS -Ksize -RTS' to increase it.");
  return 0;
}

// void reportHeapOverflow(void): rts/hooks/OutOfHeap.c with the heap limit as max heap size.
uint64_t c_reportHeapOverflow(ForeignContext& ctx, const ForeignCall&) {
  uint64_t heap = ctx.host.max_heap_bytes();
  if (heap > 0) {
    ctx.host.error_belch("Heap exhausted;");
    ctx.host.error_belch("Current maximum heap size is " + std::to_string(heap) + " bytes (" +
                         std::to_string(heap / (1024 * 1024)) + " MB).");
    ctx.host.error_belch("Relink with -rtsopts and use `+RTS -M<size>' to increase it.");
  } else {
    ctx.host.error_belch("Out of memory\n");
  }
  return 0;
}

// ---- argv --------------------------------------------------------------------------------

// Builds the argv block in the C heap: (argc+1) pointer slots, then the strings.
uint32_t build_argv(ForeignContext& ctx) {
  const std::vector<std::string>& args = ctx.host.program_args();
  uint64_t total = (args.size() + 1) * 8;
  for (const auto& s : args) total += s.size() + 1;
  uint32_t block = ctx.cheap.malloc(total);
  if (!block) return 0;
  uint32_t str = uint32_t(block + (args.size() + 1) * 8);
  for (size_t i = 0; i < args.size(); ++i) {
    ctx.mem.store64(uint32_t(block + i * 8), str);
    const std::string& s = args[i];
    if (!s.empty()) std::memcpy(ctx.mem.span(str, uint32_t(s.size())), s.data(), s.size());
    ctx.mem.store8(uint32_t(str + s.size()), 0);
    str += uint32_t(s.size() + 1);
  }
  ctx.mem.store64(uint32_t(block + args.size() * 8), 0);
  return block;
}

// void getProgArgv(int *argc, char **argv[])
uint64_t c_getProgArgv(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  uint32_t argcp = a.addr(0), argvp = a.addr(1);
  ShimCells cells(ctx);
  if (!cells.get(ShimCells::kArgv)) {
    cells.set(ShimCells::kArgv, build_argv(ctx));
    if (!cells.get(ShimCells::kArgv)) {
      ctx.failure = "getProgArgv: the C heap is exhausted";
      return 0;
    }
  }
  if (argcp) ctx.mem.store32(argcp, uint32_t(ctx.host.program_args().size()));
  if (argvp) ctx.mem.store64(argvp, cells.get(ShimCells::kArgv));
  return 0;
}

// void setProgArgv(int argc, char *argv[]): the RTS copies the strings (and takes argv[0] as
// the new program name: the host decides what error_belch prefixes).
uint64_t c_setProgArgv(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  int argc = a.i32(0);
  uint32_t argv = a.addr(1);
  std::vector<std::string> args;
  for (int i = 0; i < argc; ++i) args.push_back(ctx.mem.c_string(load_ptr(ctx.mem, uint32_t(argv + uint32_t(i) * 8))));
  ctx.host.set_program_args(std::move(args));
  ShimCells cells(ctx);
  if (cells.get(ShimCells::kArgv)) ctx.cheap.free(cells.get(ShimCells::kArgv));
  cells.set(ShimCells::kArgv, 0);
  return 0;
}

// ---- threads -----------------------------------------------------------------------------

uint64_t c_noop(ForeignContext&, const ForeignCall&) { return 0; }

// StgThreadID rts_getThreadId(StgPtr tso), imported as returning CInt.
uint64_t c_rts_getThreadId(ForeignContext& ctx, const ForeignCall& c) {
  return ret_i32(int32_t(ctx.host.thread_id(Args(c).u64(0))));
}

// int cmp_thread(StgPtr a, StgPtr b): 0 if the same TSO, else by thread id.
uint64_t c_cmp_thread(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  uint64_t t1 = a.u64(0), t2 = a.u64(1);
  if (t1 == t2) return 0;
  uint64_t id1 = ctx.host.thread_id(t1), id2 = ctx.host.thread_id(t2);
  return ret_i32(id1 < id2 ? -1 : 1);
}

// bool eq_thread(StgPtr a, StgPtr b): pointer equality.
uint64_t c_eq_thread(ForeignContext&, const ForeignCall& c) {
  Args a(c);
  return a.u64(0) == a.u64(1) ? 1 : 0;
}

// int forkOS_createThread(HsStablePtr entry): the non-threaded RTS's answer.
uint64_t c_forkOS_createThread(ForeignContext&, const ForeignCall&) { return ret_i32(-1); }

// forkOS_entry is a Haskell function base exports and reimports; the VM does not call back
// into Haskell through a foreign call.
uint64_t c_forkOS_entry(ForeignContext& ctx, const ForeignCall&) {
  ctx.failure = "forkOS_entry: calling a foreign export (back into Haskell) is not supported";
  return 0;
}

uint64_t c_rtsSupportsBoundThreads(ForeignContext&, const ForeignCall&) { return 0; }
uint64_t c_getNumberOfProcessors(ForeignContext&, const ForeignCall&) { return 1; }

// void setNumCapabilities(uint32_t n): rts/Schedule.c, non-threaded.
uint64_t c_setNumCapabilities(ForeignContext& ctx, const ForeignCall& c) {
  if (Args(c).u32(0) != 1) ctx.host.error_belch("setNumCapabilities: not supported in the non-threaded RTS");
  return 0;
}

uint64_t c_getMonotonicNSec(ForeignContext& ctx, const ForeignCall&) { return ctx.host.monotonic_ns(); }

// int stg_sig_install(int sig, int spi, void *mask) (rts/posix/Signals.c). No host handler is
// installed — the VM delivers no signals — but the bookkeeping and the result are the RTS's:
// the previous action code of `sig` (STG_SIG_DFL = -1 until changed), STG_SIG_ERR (-3) for an
// invalid signal number, and for the signals sigaction refuses (SIGKILL, SIGSTOP and glibc's
// internal 32/33) the RTS's "sigaction" message plus STG_SIG_ERR.
uint64_t c_stg_sig_install(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  int sig = a.i32(0), spi = a.i32(1);
  uint32_t mask = a.addr(2);
  if (sig <= 0 || sig >= abi::kNSIG) return ret_i32(STG_SIG_ERR);
  if (spi != STG_SIG_DFL && spi != STG_SIG_IGN && spi != STG_SIG_HAN && spi != STG_SIG_RST) {
    ctx.failure = "stg_sig_install: bad spi";
    return 0;
  }
  if (mask) ctx.mem.span(mask, abi::kSigsetBytes);
  if (sig == abi::kSIGKILL || sig == abi::kSIGSTOP || sig == 32 || sig == 33) {
    ctx.host.error_belch("sigaction");
    return ret_i32(STG_SIG_ERR);
  }
  ShimCells cells(ctx);
  uint32_t slot = ShimCells::kSigActions + 4 * uint32_t(sig);  // 1..64 here
  uint32_t stored = cells.get(slot);
  int previous = stored ? int(stored) - 2 : STG_SIG_DFL;
  cells.set(slot, uint32_t(spi + 2));  // the codes are -5..-1: never 0 once stored
  return ret_i32(previous);
}

// ---- global stores (rts/Globals.c getOrSetKey) ---------------------------------------------

// The cells hold StablePtrs: machine state, so they live in linear memory (the runtime page).
template <size_t K>
uint64_t c_store(ForeignContext& ctx, const ForeignCall& c) {
  uint32_t cell = layout::kRtsStores + 8 * uint32_t(K);
  if (ctx.mem.load64(cell) == 0) ctx.mem.store64(cell, Args(c).u64(0));
  return ctx.mem.load64(cell);
}

uint64_t c_hs_free_stable_ptr(ForeignContext& ctx, const ForeignCall& c) {
  ctx.host.free_stable_ptr(Args(c).u64(0));
  return 0;
}

// performGC / performMajorGC (System.Mem): the machine collects as soon as the call returns,
// with the call site's live registers as roots.
uint64_t c_performGC(ForeignContext& ctx, const ForeignCall&) {
  ctx.host.request_gc();
  return 0;
}

// ---- file locking (rts/FileLock.c): single writer / multiple readers per (dev, ino) ----------

// int lockFile(StgWord64 id, StgWord64 dev, StgWord64 ino, int for_writing)
uint64_t c_lockFile(ForeignContext& ctx, const ForeignCall& c) {
  Args a(c);
  uint64_t id = a.u64(0);
  std::pair<uint64_t, uint64_t> key{a.u64(1), a.u64(2)};
  bool for_writing = a.i32(3) != 0;
  ForeignState& st = foreign_state(ctx);
  auto it = st.locks.find(key);
  if (it == st.locks.end()) {
    st.locks[key] = for_writing ? -1 : 1;
    st.lock_keys[id] = key;
    return 0;
  }
  if (for_writing || it->second < 0) return ret_i32(-1);
  st.lock_keys[id] = key;
  it->second++;
  return 0;
}

// int unlockFile(StgWord64 id): 1 if id holds no lock (normal: base calls it on every close).
uint64_t c_unlockFile(ForeignContext& ctx, const ForeignCall& c) {
  uint64_t id = Args(c).u64(0);
  ForeignState& st = foreign_state(ctx);
  auto k = st.lock_keys.find(id);
  if (k == st.lock_keys.end()) return 1;
  auto it = st.locks.find(k->second);
  if (it != st.locks.end()) {
    if (it->second < 0)
      it->second++;
    else
      it->second--;
    if (it->second == 0) st.locks.erase(it);
  }
  st.lock_keys.erase(k);
  return 0;
}

// ---- locale ------------------------------------------------------------------------------

// const char *localeEncoding(void) (base cbits/PrelIOUtils.c: nl_langinfo(CODESET)). The RTS
// runs setlocale(LC_CTYPE, "") at start-up; here the locale name comes from the program's
// initial environment the way setlocale reads it (first non-empty of LC_ALL, LC_CTYPE, LANG;
// none → "C"), and the host's locale data answers (an unknown locale → "C", whose codeset is
// "ANSI_X3.4-1968"). Computed once; the string lives in the C heap.
std::string locale_codeset(const std::vector<std::string>& env) {
  auto lookup = [&](const std::string& name) -> std::string {
    for (const auto& kv : env)
      if (kv.size() > name.size() && kv.compare(0, name.size(), name) == 0 && kv[name.size()] == '=')
        return kv.substr(name.size() + 1);
    return "";
  };
  std::string name;
  for (const char* var : {"LC_ALL", "LC_CTYPE", "LANG"}) {
    name = lookup(var);
    if (!name.empty()) break;
  }
  if (name.empty()) name = "C";
  return host::locale_codeset(name);
}

uint64_t c_localeEncoding(ForeignContext& ctx, const ForeignCall&) {
  // From the program's initial environment (the host's configuration), as the RTS sets its
  // locale at start-up.
  ShimCells cells(ctx);
  if (!cells.get(ShimCells::kLocale)) {
    cells.set(ShimCells::kLocale, cheap_strdup(ctx, locale_codeset(ctx.host.environment())));
    if (!cells.get(ShimCells::kLocale)) ctx.failure = "localeEncoding: the C heap is exhausted";
  }
  return cells.get(ShimCells::kLocale);
}

const ForeignSymbol kSymbols[] = {
    {"shutdownHaskellAndExit", c_shutdown_exit, 2},
    {"shutdownHaskellAndSignal", c_shutdown_signal, 2},
    {"errorBelch2", c_errorBelch2, 2},
    {"debugBelch2", c_debugBelch2, 2},
    {"reportStackOverflow", c_reportStackOverflow, 1},
    {"reportHeapOverflow", c_reportHeapOverflow, 0},
    {"getProgArgv", c_getProgArgv, 2},
    {"setProgArgv", c_setProgArgv, 2},
    {"rts_setMainThread", c_noop, 1},
    {"rts_getThreadId", c_rts_getThreadId, 1},
    {"cmp_thread", c_cmp_thread, 2},
    {"eq_thread", c_eq_thread, 2},
    {"rts_enableThreadAllocationLimit", c_noop, 1},
    {"rts_disableThreadAllocationLimit", c_noop, 1},
    {"forkOS_createThread", c_forkOS_createThread, 1},
    {"forkOS_entry", c_forkOS_entry, 1},
    {"rtsSupportsBoundThreads", c_rtsSupportsBoundThreads, 0},
    {"getNumberOfProcessors", c_getNumberOfProcessors, 0},
    {"setNumCapabilities", c_setNumCapabilities, 1},
    {"getMonotonicNSec", c_getMonotonicNSec, 0},
    {"stg_sig_install", c_stg_sig_install, 3},
    {"getOrSetGHCConcSignalSignalHandlerStore", c_store<0>, 1},
    {"getOrSetSystemEventThreadEventManagerStore", c_store<1>, 1},
    {"getOrSetSystemEventThreadIOManagerThreadStore", c_store<2>, 1},
    {"getOrSetSystemTimerThreadEventManagerStore", c_store<3>, 1},
    {"getOrSetSystemTimerThreadIOManagerThreadStore", c_store<4>, 1},
    {"hs_free_stable_ptr", c_hs_free_stable_ptr, 1},
    {"performGC", c_performGC, 0},
    {"performMajorGC", c_performGC, 0},
    {"performBlockingMajorGC", c_performGC, 0},
    {"freeHaskellFunctionPtr", c_noop, 1},
    {"lockFile", c_lockFile, 4},
    {"unlockFile", c_unlockFile, 1},
    {"localeEncoding", c_localeEncoding, 0},
    {"setIOManagerControlFd", c_noop, 2},
    {"setIOManagerWakeupFd", c_noop, 1},
    {"setTimerManagerControlFd", c_noop, 1},
};
}  // namespace

std::span<const ForeignSymbol> rts_api_symbols() { return kSymbols; }

}  // namespace stgvm
