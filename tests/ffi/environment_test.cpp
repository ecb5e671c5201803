// getenv/putenv/__hsbase_unsetenv/__hscore_environ: the same script run by glibc itself in a
// forked child (starting from the same environment) gives the expected environ listings and
// getenv answers. They are also written down (kGlibcOutput) for wasm32, which cannot fork;
// the native run checks them against glibc.
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

#if !defined(__wasm__)
#include <sys/wait.h>
#endif

#include "ffi_test_util.h"

namespace stgvm::test {
namespace {

// A script step: 'g' getenv(arg), 'p' putenv(arg), 'u' unsetenv(arg), 'l' list environ.
struct Step {
  char op;
  std::string arg;
};
const std::vector<Step> kScript = {
    {'l', ""},       {'g', "A"},        {'g', "MISSING"}, {'p', "C=3"},  {'l', ""},
    {'g', "C"},      {'p', "A=9"},      {'g', "A"},       {'l', ""},     {'p', "B"},
    {'l', ""},       {'u', "C"},        {'u', "NOPE"},    {'l', ""},     {'p', "D="},
    {'g', "D"},      {'u', ""},         {'u', "X=Y"},     {'p', "E=a=b"}, {'g', "E"},
    {'g', "E=a"},    {'l', ""},
};
const std::vector<std::string> kInitial = {"A=1", "B=2", "LANG=C.UTF-8"};
// glibc's output for the script (one line per step; errno values are x86_64 Linux's).
const std::vector<std::string> kGlibcOutput = {
    "A=1;B=2;LANG=C.UTF-8;", "=1", "NULL", "0", "A=1;B=2;LANG=C.UTF-8;C=3;", "=3", "0", "=9",
    "A=9;B=2;LANG=C.UTF-8;C=3;", "0", "A=9;LANG=C.UTF-8;C=3;", "0/0", "0/0", "A=9;LANG=C.UTF-8;", "0", "=",
    "-1/22", "-1/22", "0", "=a=b", "=b", "A=9;LANG=C.UTF-8;D=;E=a=b;",
};

#if !defined(__wasm__)
// Runs the script with the real glibc in a child; one output line per step.
std::vector<std::string> glibc_run() {
  int p[2];
  if (pipe(p) != 0) return {};
  pid_t pid = fork();
  if (pid == 0) {
    close(p[0]);
    clearenv();
    for (const auto& kv : kInitial) putenv(strdup(kv.c_str()));
    std::string out;
    for (const Step& s : kScript) {
      switch (s.op) {
        case 'g': {
          const char* v = getenv(s.arg.c_str());
          out += v ? std::string("=") + v : "NULL";
          break;
        }
        case 'p': out += std::to_string(putenv(strdup(s.arg.c_str()))); break;
        case 'u': {
          errno = 0;
          int r = unsetenv(s.arg.c_str());
          out += std::to_string(r) + "/" + std::to_string(r ? errno : 0);
          break;
        }
        case 'l':
          for (char** e = environ; e && *e; ++e) out += std::string(*e) + ";";
          break;
      }
      out += "\n";
    }
    if (write(p[1], out.data(), out.size()) < 0) _exit(1);
    _exit(0);
  }
  close(p[1]);
  std::string all;
  char buf[4096];
  for (ssize_t n; (n = read(p[0], buf, sizeof buf)) > 0;) all.append(buf, size_t(n));
  close(p[0]);
  waitpid(pid, nullptr, 0);
  std::vector<std::string> lines;
  size_t start = 0;
  for (size_t i; (i = all.find('\n', start)) != std::string::npos; start = i + 1) lines.push_back(all.substr(start, i - start));
  return lines;
}
#endif

class Environment : public FfiTest {
 protected:
  std::vector<std::string> shim_run() {
    uint32_t str = kScratch + 0x1000;  // program-owned strings for putenv (never freed)
    std::vector<std::string> lines;
    for (const Step& s : kScript) {
      std::string out;
      switch (s.op) {
        case 'g': {
          uint32_t v = uint32_t(call("getenv", {A(put_string(kScratch, s.arg))}));
          out = v ? "=" + get_string(v) : "NULL";
          if (v) {
            EXPECT_GE(v, kScratch);  // points into linear memory
          }
          break;
        }
        case 'p':
          put_string(str, s.arg);
          out = std::to_string(call32("putenv", {A(str)}));
          str += uint32_t(s.arg.size() + 1);
          break;
        case 'u': {
          ctx.errno_value = 0;
          int r = call32("__hsbase_unsetenv", {A(put_string(kScratch, s.arg))});
          out = std::to_string(r) + "/" + std::to_string(r ? ctx.errno_value : 0);
          break;
        }
        case 'l': {
          uint32_t env = uint32_t(call("__hscore_environ"));
          for (uint32_t i = 0;; ++i) {
            uint64_t p = mem.load64(env + i * 8);
            if (!p) break;
            out += get_string(uint32_t(p)) + ";";
          }
          break;
        }
      }
      lines.push_back(out);
    }
    return lines;
  }
};

TEST_F(Environment, BehavesLikeGlibc) {
  host.env = kInitial;
#if !defined(__wasm__)
  auto want = glibc_run();
  EXPECT_EQ(want, kGlibcOutput);
#else
  auto want = kGlibcOutput;
#endif
  ASSERT_EQ(want.size(), kScript.size());
  auto got = shim_run();
  for (size_t i = 0; i < kScript.size(); ++i)
    EXPECT_EQ(got[i], want[i]) << "step " << i << ": " << kScript[i].op << " " << kScript[i].arg;
}

TEST_F(Environment, EmptyByDefaultAndNotTheHosts) {
#if defined(__wasm__)
  setenv("PATH", "/bin", 1);  // the runner passes no environment
#endif
  ASSERT_NE(getenv("PATH"), nullptr);  // the test process has one …
  EXPECT_EQ(call("getenv", {A(put_string(kScratch, "PATH"))}), 0u);  // … the program does not
  uint32_t env = uint32_t(call("__hscore_environ"));
  EXPECT_EQ(mem.load64(env), 0u);
  EXPECT_EQ(call("__hscore_environ"), env);  // unchanged: the same block
}

TEST_F(Environment, PutenvUsesTheProgramsString) {
  uint32_t s = put_string(kScratch + 0x100, "K=v1");
  call("putenv", {A(s)});
  uint32_t v = uint32_t(call("getenv", {A(put_string(kScratch, "K"))}));
  EXPECT_EQ(v, s + 2);
  mem.store8(s + 3, '2');  // like glibc, later changes to the string are visible
  EXPECT_EQ(get_string(uint32_t(call("getenv", {A(put_string(kScratch, "K"))}))), "v2");
}

}  // namespace
}  // namespace stgvm::test
