// main() of the tests built against mini_gtest.h (wasm32-wasi): runs every registered test
// that the filter selects, in registration order.
#include <chrono>
#include <cstring>

#include "mini_gtest.h"

namespace mini_gtest {
namespace {

bool glob(const char* p, const char* s) {
  for (; *p; ++p, ++s) {
    if (*p == '*') {
      for (const char* t = s;; ++t) {
        if (glob(p + 1, t)) return true;
        if (!*t) return false;
      }
    }
    if (!*s || (*p != '?' && *p != *s)) return false;
  }
  return !*s;
}

bool any_matches(const std::string& patterns, const std::string& name) {
  size_t start = 0;
  while (start <= patterns.size()) {
    size_t end = patterns.find(':', start);
    if (end == std::string::npos) end = patterns.size();
    std::string p = patterns.substr(start, end - start);
    if (!p.empty() && glob(p.c_str(), name.c_str())) return true;
    start = end + 1;
  }
  return false;
}

// GoogleTest's --gtest_filter: positive patterns, then optionally '-' and negative ones.
bool selected(const std::string& filter, const std::string& name) {
  size_t dash = filter.find('-');
  std::string pos = filter.substr(0, dash), neg = dash == std::string::npos ? "" : filter.substr(dash + 1);
  if (pos.empty()) pos = "*";
  return any_matches(pos, name) && !any_matches(neg, name);
}

const char* plural(size_t n, const char* word) {
  static std::string s;
  s = std::to_string(n) + " " + word + (n == 1 ? "" : "s");
  return s.c_str();
}

}  // namespace

int run_all_tests(int argc, char** argv) {
  std::string filter = "*";
  bool run_disabled = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], "--gtest_filter=", 15) == 0) filter = argv[i] + 15;
    else if (std::strcmp(argv[i], "--gtest_also_run_disabled_tests") == 0) run_disabled = true;
    else {
      std::fprintf(stderr, "usage: %s [--gtest_filter=PATTERNS] [--gtest_also_run_disabled_tests]\n", argv[0]);
      return 2;
    }
  }
  std::vector<const TestInfo*> tests;
  std::vector<std::string> suites;
  size_t skipped = 0;
  for (const TestInfo& t : registry()) {
    std::string name = std::string(t.suite) + "." + t.name;
    if (!selected(filter, name)) continue;
    if (!run_disabled && (std::strncmp(t.suite, "DISABLED_", 9) == 0 || std::strncmp(t.name, "DISABLED_", 9) == 0)) {
      ++skipped;
      continue;
    }
    tests.push_back(&t);
    if (suites.empty() || suites.back() != t.suite) suites.push_back(t.suite);
  }
  std::printf("[==========] Running %s", plural(tests.size(), "test"));
  std::printf(" from %s.\n", plural(suites.size(), "test suite"));
  std::vector<std::string> failed;
  size_t self_skipped = 0;  // GTEST_SKIP()
  auto all_start = std::chrono::steady_clock::now();
  for (const TestInfo* t : tests) {
    std::string name = std::string(t->suite) + "." + t->name;
    std::printf("[ RUN      ] %s\n", name.c_str());
    std::fflush(stdout);
    state().failed = false;
    state().skipped = false;
    auto start = std::chrono::steady_clock::now();
    ::testing::Test* test = t->make();
    test->SetUp();
    if (!state().failed && !state().skipped) test->TestBody();
    test->TearDown();
    delete test;
    long long ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
    if (state().failed) failed.push_back(name);
    else if (state().skipped) ++self_skipped;
    std::printf("%s %s (%lld ms)\n",
                state().failed ? "[  FAILED  ]" : state().skipped ? "[  SKIPPED ]" : "[       OK ]", name.c_str(), ms);
    std::fflush(stdout);
  }
  long long ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - all_start).count();
  std::printf("[==========] %s ran. (%lld ms total)\n", plural(tests.size(), "test"), ms);
  std::printf("[  PASSED  ] %s.\n", plural(tests.size() - failed.size() - self_skipped, "test"));
  if (self_skipped) std::printf("[  SKIPPED ] %s.\n", plural(self_skipped, "test"));
  if (skipped) std::printf("[  SKIPPED ] %s (DISABLED_).\n", plural(skipped, "test"));
  if (!failed.empty()) {
    std::printf("[  FAILED  ] %s, listed below:\n", plural(failed.size(), "test"));
    for (const std::string& n : failed) std::printf("[  FAILED  ] %s\n", n.c_str());
  }
  std::printf("%zu passed, %zu failed", tests.size() - failed.size() - self_skipped, failed.size());
  if (skipped + self_skipped) std::printf(", %zu skipped", skipped + self_skipped);
  std::printf("\n");
  if (tests.empty()) std::printf("no test ran\n");
  std::fflush(stdout);
  return failed.empty() && !tests.empty() ? 0 : 1;
}

}  // namespace mini_gtest

int main(int argc, char** argv) { return mini_gtest::run_all_tests(argc, argv); }
