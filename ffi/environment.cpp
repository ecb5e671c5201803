// The program's environment (System.Environment, System.Environment.Blank): VM-owned, never
// the host's. It starts as ForeignHost::environment() (empty unless the VM passes variables,
// design.md §3), copied into C-heap strings on first use. It behaves like glibc's:
//  * getenv returns a pointer into the "NAME=value" string (after the '=');
//  * putenv("NAME=value") makes the program's own string part of the environment (no copy:
//    base's putEnv deliberately never frees it), replacing NAME; putenv("NAME") unsets NAME;
//  * __hsbase_unsetenv(name) (base's cbits/SetEnv.c → unsetenv) removes it; EINVAL for an
//    empty name or one containing '=';
//  * __hscore_environ returns the environment itself: a NULL-terminated char*[] (8-byte
//    pointer slots) in the C heap, changed in place and moved only when it must grow (as
//    glibc's environ). Its address and size are shim cells in linear memory.
// Strings the shims allocated are never freed (glibc's setenv leaks them too), so pointers
// getenv returned stay valid.
#include "ffi/abi.h"
#include "ffi/ffi_internal.h"

namespace stgvm {

namespace {

// The environment is the NULL-terminated char*[] __hscore_environ returns, kept in the C heap
// (8-byte pointer slots) and described by the shim cells: built from the initial environment
// on first use, changed in place, grown by doubling.
struct Env {
  ForeignContext& ctx;
  ShimCells cells{ctx};
  uint32_t array() const { return cells.get(ShimCells::kEnviron); }
  uint32_t count() const { return cells.get(ShimCells::kEnvCount); }
  uint32_t entry(uint32_t i) const { return uint32_t(ctx.mem.load64(array() + 8 * i)); }
  void set_entry(uint32_t i, uint32_t p) { ctx.mem.store64(array() + 8 * i, p); }
  void set_count(uint32_t n) {
    cells.set(ShimCells::kEnvCount, n);
    set_entry(n, 0);
  }
  bool reserve(uint32_t n) {  // room for n entries and the NULL
    uint32_t cap = cells.get(ShimCells::kEnvCap);
    if (array() && n <= cap) return true;
    uint32_t ncap = cap ? cap : 8;
    while (ncap < n) ncap *= 2;
    uint32_t a = ctx.cheap.realloc(array(), 8 * (uint64_t(ncap) + 1));
    if (!a) {
      ctx.failure = "environment: the C heap is exhausted";
      return false;
    }
    cells.set(ShimCells::kEnviron, a);
    cells.set(ShimCells::kEnvCap, ncap);
    set_entry(count(), 0);
    return true;
  }
  bool load() {
    if (cells.flag(ShimCells::kEnvLoaded)) return true;
    cells.set_flag(ShimCells::kEnvLoaded);
    std::vector<std::string> initial = ctx.host.environment();
    if (!reserve(uint32_t(initial.size()))) return false;
    for (const std::string& kv : initial) {
      uint32_t p = cheap_strdup(ctx, kv);
      if (!p) {
        ctx.failure = "environment: the C heap is exhausted";
        return false;
      }
      set_entry(count(), p);
      set_count(count() + 1);
    }
    return true;
  }
  // Index of the entry whose name is `name`, or -1.
  long find(const std::string& name) const {
    for (uint32_t i = 0; i < count(); ++i) {
      uint32_t p = entry(i);
      size_t k = 0;
      while (k < name.size() && ctx.mem.load8(uint32_t(p + k)) == uint8_t(name[k])) ++k;
      if (k == name.size() && ctx.mem.load8(uint32_t(p + k)) == '=') return long(i);
    }
    return -1;
  }
  void remove_all(const std::string& name) {  // later entries move down, as glibc's unsetenv
    for (long i; (i = find(name)) >= 0;) {
      for (uint32_t k = uint32_t(i); k + 1 < count(); ++k) set_entry(k, entry(k + 1));
      set_count(count() - 1);
    }
  }
};

// char *getenv(const char *name)
uint64_t c_getenv(ForeignContext& ctx, const ForeignCall& c) {
  std::string name = ctx.mem.c_string(Args(c).addr(0));
  Env env{ctx};
  if (!env.load()) return 0;
  long i = env.find(name);
  return i < 0 ? 0 : uint64_t(env.entry(uint32_t(i))) + name.size() + 1;
}

// int putenv(char *string)
uint64_t c_putenv(ForeignContext& ctx, const ForeignCall& c) {
  uint32_t s = Args(c).addr(0);
  std::string kv = ctx.mem.c_string(s);
  Env env{ctx};
  if (!env.load()) return 0;
  size_t eq = kv.find('=');
  if (eq == std::string::npos) {  // glibc: putenv("NAME") removes NAME
    env.remove_all(kv);
    return 0;
  }
  long i = env.find(kv.substr(0, eq));
  if (i >= 0) {
    env.set_entry(uint32_t(i), s);
  } else {
    if (!env.reserve(env.count() + 1)) return 0;
    env.set_entry(env.count(), s);
    env.set_count(env.count() + 1);
  }
  return 0;
}

// int __hsbase_unsetenv(const char *name)
uint64_t c_unsetenv(ForeignContext& ctx, const ForeignCall& c) {
  std::string name = ctx.mem.c_string(Args(c).addr(0));
  if (name.empty() || name.find('=') != std::string::npos) return fail_errno(ctx, abi::kEINVAL);
  Env env{ctx};
  if (env.load()) env.remove_all(name);
  return 0;
}

// char **__hscore_environ(void)
uint64_t c_environ(ForeignContext& ctx, const ForeignCall&) {
  Env env{ctx};
  if (!env.load() || !env.reserve(env.count())) return 0;
  return env.array();
}

const ForeignSymbol kSymbols[] = {
    {"getenv", c_getenv, 1},
    {"putenv", c_putenv, 1},
    {"__hsbase_unsetenv", c_unsetenv, 1},
    {"__hscore_environ", c_environ, 0},
};
}  // namespace

std::span<const ForeignSymbol> environment_symbols() { return kSymbols; }

}  // namespace stgvm
