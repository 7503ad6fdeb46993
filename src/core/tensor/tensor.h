// Tensor: a float32 array with a shape of rank 1 to 4, contiguous and row-major (the last
// dimension varies fastest; images are (N, H, W, C) as in Keras), in 16-byte aligned storage.
//
// Capacity: a tensor keeps the storage it was created with, and its leading (batch) dimension can
// shrink and grow again within that capacity without allocating (the last, shorter batch of an
// epoch). Padding rule: there is none. Kernels handle their tails explicitly and never read or
// write past size(); SIMD kernels must not assume alignment of sub-views either.
#pragma once
#include <cstddef>
#include <initializer_list>
#include <string>

#include "core/base/aligned_buffer.h"
#include "core/base/status.h"

namespace bn {

constexpr int kMaxRank = 4;

struct Shape {
  int rank = 0;
  int dims[kMaxRank] = {0, 0, 0, 0};

  Shape() = default;
  Shape(std::initializer_list<int> d);
  int operator[](int i) const { return dims[i]; }
  size_t numel() const;
  // Elements per row: the product of all dimensions after the first.
  size_t row_size() const;
  // Same dimensions with the first replaced by `n`.
  Shape with_rows(int n) const;
  // A per-sample shape with a batch dimension of `rows` put in front: (28, 28, 1) -> (rows, 28, 28, 1).
  Shape batched(int rows) const;
  std::string str() const;  // "(256, 784)"
  bool operator==(const Shape& o) const;
  bool operator!=(const Shape& o) const { return !(*this == o); }
};

// The most values one sample may have at any layer: 2^28 (1 GiB of floats). Layers compute
// their output shapes in 64 bits and check them against it, so no dimension can wrap around.
constexpr long long kMaxSampleValues = 1LL << 28;
// The product of a shape's dimensions in 64 bits, so it cannot wrap where size_t is 32 bits:
// anything over kMaxSampleValues reads as kMaxSampleValues + 1, and an empty shape or a
// dimension below 1 as 0.
long long sample_values(const Shape& s);
// Shape{dims...}, or an error naming `who` when a dimension or the product is too large.
Result<Shape> checked_shape(const std::string& who, std::initializer_list<long long> dims);

class Tensor {
 public:
  Tensor() = default;
  // Zero-filled tensor. Fails only if memory runs out or a dimension is not positive.
  static Result<Tensor> zeros(const Shape& shape);
  Tensor(Tensor&&) = default;
  Tensor& operator=(Tensor&&) = default;

  const Shape& shape() const { return shape_; }
  int dim(int i) const { return shape_.dims[i]; }
  int rows() const { return shape_.dims[0]; }
  size_t row_size() const { return shape_.row_size(); }
  size_t size() const { return shape_.numel(); }
  size_t capacity() const { return storage_.size(); }
  float* data() { return storage_.data(); }
  const float* data() const { return storage_.data(); }
  float* row(int r) { return data() + r * row_size(); }
  const float* row(int r) const { return data() + r * row_size(); }
  float& operator[](size_t i) { return storage_.data()[i]; }
  float operator[](size_t i) const { return storage_.data()[i]; }

  // Changes the leading dimension within capacity; never allocates.
  Status set_rows(int n);
  // Same element count, new shape (Flatten, Reshape).
  Status reshape(const Shape& shape);
  // New shape; reallocates (zeroing) only if it exceeds the capacity.
  Status resize(const Shape& shape);
  void fill(float value);
  // Explains a mismatch: "<what>: shape (32, 10), expected (32, 784)".
  Status expect_shape(const Shape& expected, const char* what) const;
  Tensor clone() const;

 private:
  Shape shape_;
  AlignedBuffer storage_;
};

}  // namespace bn
