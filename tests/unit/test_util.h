// Shared helpers of the unit suite: decoding hand-assembled bytes, catching LoadError,
// temporary files.
#pragma once
#include <gtest/gtest.h>

#include <atomic>
#include <deque>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unistd.h>

#include "loader/arena.h"
#include "loader/error.h"
#include "loader/stgbin_decoder.h"

namespace stgtest {

// Owns an arena and the byte buffers the decoded views point into.
class Decoded {
 public:
  stgvm::stg::Module* decode(const std::string& bytes, const stgvm::DecodeLimits& lim = {}) {
    bufs_.push_back(bytes);
    const std::string& b = bufs_.back();
    return stgvm::decode_module(arena_, reinterpret_cast<const uint8_t*>(b.data()), b.size(), lim);
  }
  stgvm::Arena& arena() { return arena_; }

 private:
  stgvm::Arena arena_;
  std::deque<std::string> bufs_;
};

// Runs `f`, which must throw stgvm::LoadError; returns it. Any other outcome is a test failure
// (and returns an error with offset -2 so that follow-up expectations fail visibly).
inline stgvm::LoadError catch_load_error(const std::function<void()>& f) {
  try {
    f();
  } catch (const stgvm::LoadError& e) {
    return e;
  } catch (const std::exception& e) {
    ADD_FAILURE() << "expected LoadError, got another exception: " << e.what();
    return stgvm::LoadError("", "", -2, "<wrong exception>");
  }
  ADD_FAILURE() << "expected LoadError, nothing was thrown";
  return stgvm::LoadError("", "", -2, "<no exception>");
}

inline stgvm::LoadError decode_error(const std::string& bytes, const stgvm::DecodeLimits& lim = {}) {
  return catch_load_error([&] {
    Decoded d;
    d.decode(bytes, lim);
  });
}

// A fresh directory under the system temp dir, removed at destruction.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("stgvm-unit-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  std::string write(const std::string& name, const std::string& bytes) const {
    std::string p = file(name);
    std::filesystem::create_directories(std::filesystem::path(p).parent_path());
    std::ofstream out(p, std::ios::binary);
    out.write(bytes.data(), std::streamsize(bytes.size()));
    return p;
  }

 private:
  std::filesystem::path path_;
};

inline std::string sv(std::string_view s) { return std::string(s); }

}  // namespace stgtest
