// One of the Image's large arrays (code, operand pool, blocks, static bytes): the lowering's
// own vector, or, for an image read from the start-up cache, a view of the cache entry's
// bytes where they lie (the entry is mapped read-only and kept alive by the view). Start-up
// then copies and faults in none of them: mapped page-cache pages cost a fraction of fresh
// memory, and a run reads little of base's code.
#pragma once
#include <algorithm>
#include <cstddef>
#include <memory>
#include <vector>

namespace stgvm {

template <class T>
class ImageArray {
 public:
  ImageArray() = default;
  ImageArray(std::vector<T> v) : own_(std::move(v)) {}  // NOLINT: a vector is one
  ImageArray& operator=(std::vector<T> v) {
    own_ = std::move(v);
    view_ = nullptr, n_ = 0, keep_.reset();
    return *this;
  }
  // `n` elements at `p`, which `keep` keeps alive.
  void view(const T* p, size_t n, std::shared_ptr<const void> keep) {
    own_.clear();
    view_ = p, n_ = n, keep_ = std::move(keep);
  }

  size_t size() const { return view_ ? n_ : own_.size(); }
  bool empty() const { return size() == 0; }
  const T* data() const { return view_ ? view_ : own_.data(); }
  const T& operator[](size_t i) const { return data()[i]; }
  const T* begin() const { return data(); }
  const T* end() const { return data() + size(); }
  const T& back() const { return data()[size() - 1]; }
  friend bool operator==(const ImageArray& x, const ImageArray& y) {
    return x.size() == y.size() && std::equal(x.begin(), x.end(), y.begin());
  }

  // Changing it makes it the image's own (a view is copied first).
  std::vector<T>& own() {
    if (view_) {
      own_.assign(view_, view_ + n_);
      view_ = nullptr, n_ = 0, keep_.reset();
    }
    return own_;
  }
  T& operator[](size_t i) { return own()[i]; }
  T& back() { return own().back(); }
  void push_back(const T& v) { own().push_back(v); }
  template <class... A>
  T& emplace_back(A&&... a) { return own().emplace_back(std::forward<A>(a)...); }
  void resize(size_t n) { own().resize(n); }
  void resize(size_t n, const T& v) { own().resize(n, v); }
  template <class It>
  void append(It first, It last) { own().insert(own().end(), first, last); }

 private:
  std::vector<T> own_;
  const T* view_ = nullptr;  // (nullptr: own_)
  size_t n_ = 0;
  std::shared_ptr<const void> keep_;
};

}  // namespace stgvm
