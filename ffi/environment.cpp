// The program's environment (System.Environment, System.Environment.Blank): VM-owned, never
// the host's. It starts as ForeignHost::environment() (empty unless the VM passes variables,
// design.md §3), copied into C-heap strings on first use. It behaves like glibc's:
//  * getenv returns a pointer into the "NAME=value" string (after the '=');
//  * putenv("NAME=value") makes the program's own string part of the environment (no copy:
//    base's putEnv deliberately never frees it), replacing NAME; putenv("NAME") unsets NAME;
//  * __hsbase_unsetenv(name) (base's cbits/SetEnv.c → unsetenv) removes it; EINVAL for an
//    empty name or one containing '=';
//  * __hscore_environ returns a NULL-terminated char*[] (8-byte pointer slots) in the C heap,
//    rebuilt after a change (the previous array is freed, like glibc's realloc of environ).
// Strings the shims allocated are never freed (glibc's setenv leaks them too), so pointers
// getenv returned stay valid.
#include <cerrno>

#include "ffi/ffi_internal.h"

namespace stgvm {

namespace {

ForeignState& env_state(ForeignContext& ctx) {
  ForeignState& st = foreign_state(ctx);
  if (!st.env_loaded) {
    st.env_loaded = true;
    st.initial_env = ctx.host.environment();
    for (const std::string& kv : st.initial_env) {
      uint32_t p = cheap_strdup(ctx, kv);
      if (!p) {
        ctx.failure = "environment: the C heap is exhausted";
        break;
      }
      st.env.push_back(p);
    }
  }
  return st;
}

// Index of the entry whose name is `name`, or -1.
long find_entry(ForeignContext& ctx, ForeignState& st, const std::string& name) {
  for (size_t i = 0; i < st.env.size(); ++i) {
    uint32_t p = st.env[i];
    size_t k = 0;
    while (k < name.size() && ctx.mem.load8(uint32_t(p + k)) == uint8_t(name[k])) ++k;
    if (k == name.size() && ctx.mem.load8(uint32_t(p + k)) == '=') return long(i);
  }
  return -1;
}

void remove_all(ForeignContext& ctx, ForeignState& st, const std::string& name) {
  for (long i; (i = find_entry(ctx, st, name)) >= 0;) {
    st.env.erase(st.env.begin() + i);
    st.environ_dirty = true;
  }
}

// char *getenv(const char *name)
uint64_t c_getenv(ForeignContext& ctx, const ForeignCall& c) {
  std::string name = ctx.mem.c_string(Args(c).addr(0));
  ForeignState& st = env_state(ctx);
  long i = find_entry(ctx, st, name);
  return i < 0 ? 0 : uint64_t(st.env[size_t(i)]) + name.size() + 1;
}

// int putenv(char *string)
uint64_t c_putenv(ForeignContext& ctx, const ForeignCall& c) {
  uint32_t s = Args(c).addr(0);
  std::string kv = ctx.mem.c_string(s);
  ForeignState& st = env_state(ctx);
  size_t eq = kv.find('=');
  if (eq == std::string::npos) {  // glibc: putenv("NAME") removes NAME
    remove_all(ctx, st, kv);
    return 0;
  }
  std::string name = kv.substr(0, eq);
  long i = find_entry(ctx, st, name);
  if (i >= 0) {
    st.env[size_t(i)] = s;
  } else {
    st.env.push_back(s);
  }
  st.environ_dirty = true;
  return 0;
}

// int __hsbase_unsetenv(const char *name)
uint64_t c_unsetenv(ForeignContext& ctx, const ForeignCall& c) {
  std::string name = ctx.mem.c_string(Args(c).addr(0));
  if (name.empty() || name.find('=') != std::string::npos) return fail_errno(ctx, EINVAL);
  remove_all(ctx, env_state(ctx), name);
  return 0;
}

// char **__hscore_environ(void)
uint64_t c_environ(ForeignContext& ctx, const ForeignCall&) {
  ForeignState& st = env_state(ctx);
  if (st.environ_block && !st.environ_dirty) return st.environ_block;
  if (st.environ_block) ctx.cheap.free(st.environ_block);
  st.environ_block = ctx.cheap.malloc((st.env.size() + 1) * 8);
  if (!st.environ_block) {
    ctx.failure = "__hscore_environ: the C heap is exhausted";
    return 0;
  }
  for (size_t i = 0; i < st.env.size(); ++i) ctx.mem.store64(uint32_t(st.environ_block + i * 8), st.env[i]);
  ctx.mem.store64(uint32_t(st.environ_block + st.env.size() * 8), 0);
  st.environ_dirty = false;
  return st.environ_block;
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
