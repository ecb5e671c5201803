// The subset of GoogleTest that the runtime library's and the foreign-call shims' tests use,
// for where GoogleTest is not available (wasm32-wasi, built without exceptions). Included by
// tests/runtime/test_api.h and tests/ffi/ffi_test_util.h; mini_gtest_main.cpp is the main.
//
//   TEST(Suite, Name), TEST_F(Fixture, Name) with ::testing::Test's SetUp/TearDown
//   EXPECT_/ASSERT_ EQ NE LT LE GT GE TRUE FALSE, ADD_FAILURE(), FAIL(), GTEST_SKIP(), all
//   taking `<< context`; ::testing::Test::HasFailure(); ::testing::PrintToString;
//   DISABLED_ tests are skipped
//   --gtest_filter=POS[:POS…][-NEG[:NEG…]] with * and ?
//   (No EXPECT_THROW: without exceptions a fault ends the program; test those separately.)
//
// The output follows GoogleTest's ([ RUN      ], [       OK ], [  FAILED  ], [  SKIPPED ],
// file:line: Failure) and ends with one line `N passed, N failed` (`, N skipped` when tests
// were disabled or skipped themselves). The exit code is 1 if a test failed or none ran.
#pragma once
#pragma GCC system_header  // as GoogleTest's own headers: no sign-compare noise from comparisons

#include <concepts>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace mini_gtest {

// Values as GoogleTest would show them: numbers in decimal, bools as true/false, strings
// quoted, containers as { a, b, … }.
template <class T>
std::string print(const T& v) {
  using U = std::remove_cvref_t<T>;
  if constexpr (std::is_same_v<U, bool>) {
    return v ? "true" : "false";
  } else if constexpr (std::is_same_v<U, char>) {
    return std::string("'") + v + "'";
  } else if constexpr (std::is_enum_v<U>) {
    return print(static_cast<std::underlying_type_t<U>>(v));
  } else if constexpr (std::is_integral_v<U> && std::is_signed_v<U>) {
    return std::to_string(static_cast<long long>(v));
  } else if constexpr (std::is_integral_v<U>) {
    return std::to_string(static_cast<unsigned long long>(v));
  } else if constexpr (std::is_floating_point_v<U>) {
    char b[40];
    std::snprintf(b, sizeof b, "%.17g", double(v));
    return b;
  } else if constexpr (std::is_pointer_v<U> && std::is_same_v<std::remove_cv_t<std::remove_pointer_t<U>>, char>) {
    return v ? "\"" + std::string(v) + "\"" : std::string("NULL");
  } else if constexpr (std::is_convertible_v<const U&, std::string_view>) {
    return "\"" + std::string(std::string_view(v)) + "\"";
  } else if constexpr (std::is_pointer_v<U> && std::is_function_v<std::remove_pointer_t<U>>) {
    char b[24];
    std::snprintf(b, sizeof b, "%p", reinterpret_cast<const void*>(v));
    return b;
  } else if constexpr (std::is_pointer_v<U> || std::is_null_pointer_v<U>) {
    char b[24];
    std::snprintf(b, sizeof b, "%p", static_cast<const void*>(v));
    return b;
  } else if constexpr (requires(const U& c) { c.begin(); c.end(); }) {
    std::string s = "{";
    size_t n = 0;
    for (const auto& e : v) {
      if (n == 32) {
        s += ", ...";
        break;
      }
      s += n++ ? ", " : " ";
      s += print(e);
    }
    return s + (n ? " }" : "}");
  } else {
    return "(" + std::to_string(sizeof(U)) + "-byte object)";
  }
}

// The context streamed into an assertion with <<.
class Message {
 public:
  template <class T>
  Message& operator<<(const T& v) {
    if constexpr (std::is_convertible_v<const T&, std::string_view>) s_ += std::string_view(v);
    else s_ += print(v);
    return *this;
  }
  const std::string& str() const { return s_; }

 private:
  std::string s_;
};

struct Result {
  bool ok;
  std::string text;
  explicit operator bool() const { return ok; }
};

struct State {
  bool failed = false;   // the running test
  bool skipped = false;  // … called GTEST_SKIP()
};
inline State& state() {
  static State s;
  return s;
}

inline void report_failure(const char* file, int line, const std::string& text, const std::string& context) {
  std::printf("%s:%d: Failure\n%s\n", file, line, text.c_str());
  if (!context.empty()) std::printf("%s\n", context.c_str());
  std::fflush(stdout);
  state().failed = true;
}

// `Reporter(…) = Message() << …`: the assignment runs after the whole context is streamed.
struct Reporter {
  const char* file;
  int line;
  const std::string& text;
  void operator=(const Message& m) const { report_failure(file, line, text, m.str()); }
};
// GTEST_SKIP() << …: the test stops here and counts as skipped.
struct Skipper {
  const char* file;
  int line;
  void operator=(const Message& m) const {
    std::printf("%s:%d: Skipped\n%s\n", file, line, m.str().c_str());
    std::fflush(stdout);
    state().skipped = true;
  }
};

template <class A, class B>
Result expected_equality(const char* ea, const char* eb, const A& a, const B& b) {
  return {false, "Expected equality of these values:\n  " + std::string(ea) + "\n    Which is: " + print(a) + "\n  " +
                     std::string(eb) + "\n    Which is: " + print(b)};
}
template <class A, class B>
Result expected_relation(const char* op, const char* ea, const char* eb, const A& a, const B& b) {
  return {false, "Expected: (" + std::string(ea) + ") " + op + " (" + std::string(eb) + "), actual: " + print(a) +
                     " vs " + print(b)};
}
template <class A, class B>
Result cmp_eq(const char* ea, const char* eb, const A& a, const B& b) {
  if (a == b) return {true, {}};
  return expected_equality(ea, eb, a, b);
}
#define MINI_GTEST_RELATION_(name, op)                                              \
  template <class A, class B>                                                       \
  Result cmp_##name(const char* ea, const char* eb, const A& a, const B& b) {       \
    if (a op b) return {true, {}};                                                  \
    return expected_relation(#op, ea, eb, a, b);                                    \
  }
MINI_GTEST_RELATION_(ne, !=)
MINI_GTEST_RELATION_(lt, <)
MINI_GTEST_RELATION_(le, <=)
MINI_GTEST_RELATION_(gt, >)
MINI_GTEST_RELATION_(ge, >=)
#undef MINI_GTEST_RELATION_

inline Result check_bool(bool value, bool expected, const char* expr) {
  if (value == expected) return {true, {}};
  return {false, "Value of: " + std::string(expr) + "\n  Actual: " + (value ? "true" : "false") +
                     "\nExpected: " + (expected ? "true" : "false")};
}

}  // namespace mini_gtest

namespace testing {

template <class T>
std::string PrintToString(const T& v) {
  return ::mini_gtest::print(v);
}

class Test {
 public:
  virtual ~Test() = default;
  virtual void SetUp() {}
  virtual void TearDown() {}
  virtual void TestBody() = 0;
  static bool HasFailure() { return mini_gtest::state().failed; }
};

}  // namespace testing

namespace mini_gtest {

struct TestInfo {
  const char* suite;
  const char* name;
  ::testing::Test* (*make)();
};
inline std::vector<TestInfo>& registry() {
  static std::vector<TestInfo> r;
  return r;
}
inline bool register_test(const char* suite, const char* name, ::testing::Test* (*make)()) {
  registry().push_back({suite, name, make});
  return true;
}
int run_all_tests(int argc, char** argv);

}  // namespace mini_gtest

#define MINI_GTEST_TEST_(suite, name, parent)                                                          \
  class suite##_##name##_Test : public parent {                                                       \
   public:                                                                                            \
    void TestBody() override;                                                                         \
    static const bool registered_;                                                                    \
  };                                                                                                  \
  const bool suite##_##name##_Test::registered_ = ::mini_gtest::register_test(                        \
      #suite, #name, []() -> ::testing::Test* { return new suite##_##name##_Test; });                 \
  void suite##_##name##_Test::TestBody()

#define TEST(suite, name) MINI_GTEST_TEST_(suite, name, ::testing::Test)
#define TEST_F(fixture, name) MINI_GTEST_TEST_(fixture, name, fixture)

// `switch` keeps a caller's `if (…) EXPECT_…; else …` unambiguous, as in GoogleTest.
#define MINI_GTEST_CHECK_(result, on_failure)                                        \
  switch (0)                                                                        \
  case 0:                                                                           \
  default:                                                                          \
    if (const ::mini_gtest::Result mini_gtest_result_ = (result)) {                 \
    } else                                                                          \
      on_failure ::mini_gtest::Reporter{__FILE__, __LINE__, mini_gtest_result_.text} = \
          ::mini_gtest::Message()

#define MINI_GTEST_NONFATAL_
#define MINI_GTEST_FATAL_ return

#define EXPECT_EQ(a, b) MINI_GTEST_CHECK_(::mini_gtest::cmp_eq(#a, #b, a, b), MINI_GTEST_NONFATAL_)
#define EXPECT_NE(a, b) MINI_GTEST_CHECK_(::mini_gtest::cmp_ne(#a, #b, a, b), MINI_GTEST_NONFATAL_)
#define EXPECT_LT(a, b) MINI_GTEST_CHECK_(::mini_gtest::cmp_lt(#a, #b, a, b), MINI_GTEST_NONFATAL_)
#define EXPECT_LE(a, b) MINI_GTEST_CHECK_(::mini_gtest::cmp_le(#a, #b, a, b), MINI_GTEST_NONFATAL_)
#define EXPECT_GT(a, b) MINI_GTEST_CHECK_(::mini_gtest::cmp_gt(#a, #b, a, b), MINI_GTEST_NONFATAL_)
#define EXPECT_GE(a, b) MINI_GTEST_CHECK_(::mini_gtest::cmp_ge(#a, #b, a, b), MINI_GTEST_NONFATAL_)
#define EXPECT_TRUE(c) MINI_GTEST_CHECK_(::mini_gtest::check_bool(bool(c), true, #c), MINI_GTEST_NONFATAL_)
#define EXPECT_FALSE(c) MINI_GTEST_CHECK_(::mini_gtest::check_bool(bool(c), false, #c), MINI_GTEST_NONFATAL_)
#define ASSERT_EQ(a, b) MINI_GTEST_CHECK_(::mini_gtest::cmp_eq(#a, #b, a, b), MINI_GTEST_FATAL_)
#define ASSERT_NE(a, b) MINI_GTEST_CHECK_(::mini_gtest::cmp_ne(#a, #b, a, b), MINI_GTEST_FATAL_)
#define ASSERT_LT(a, b) MINI_GTEST_CHECK_(::mini_gtest::cmp_lt(#a, #b, a, b), MINI_GTEST_FATAL_)
#define ASSERT_LE(a, b) MINI_GTEST_CHECK_(::mini_gtest::cmp_le(#a, #b, a, b), MINI_GTEST_FATAL_)
#define ASSERT_GT(a, b) MINI_GTEST_CHECK_(::mini_gtest::cmp_gt(#a, #b, a, b), MINI_GTEST_FATAL_)
#define ASSERT_GE(a, b) MINI_GTEST_CHECK_(::mini_gtest::cmp_ge(#a, #b, a, b), MINI_GTEST_FATAL_)
#define ASSERT_TRUE(c) MINI_GTEST_CHECK_(::mini_gtest::check_bool(bool(c), true, #c), MINI_GTEST_FATAL_)
#define ASSERT_FALSE(c) MINI_GTEST_CHECK_(::mini_gtest::check_bool(bool(c), false, #c), MINI_GTEST_FATAL_)
#define ADD_FAILURE() MINI_GTEST_CHECK_((::mini_gtest::Result{false, "Failed"}), MINI_GTEST_NONFATAL_)
#define FAIL() MINI_GTEST_CHECK_((::mini_gtest::Result{false, "Failed"}), MINI_GTEST_FATAL_)
#define GTEST_SKIP() return ::mini_gtest::Skipper{__FILE__, __LINE__} = ::mini_gtest::Message()
