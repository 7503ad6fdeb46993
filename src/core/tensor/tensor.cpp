#include "core/tensor/tensor.h"

#include <algorithm>
#include <cstring>

namespace bn {

Shape::Shape(std::initializer_list<int> d) {
  BN_ASSERT(d.size() <= kMaxRank);
  for (int v : d) dims[rank++] = v;
}

size_t Shape::numel() const {
  if (rank == 0) return 0;
  size_t n = 1;
  for (int i = 0; i < rank; ++i) n *= static_cast<size_t>(dims[i]);
  return n;
}

size_t Shape::row_size() const {
  size_t n = 1;
  for (int i = 1; i < rank; ++i) n *= static_cast<size_t>(dims[i]);
  return n;
}

Shape Shape::with_rows(int n) const {
  Shape s = *this;
  s.dims[0] = n;
  return s;
}

Shape Shape::batched(int rows) const {
  BN_ASSERT(rank < kMaxRank);
  Shape b;
  b.rank = rank + 1;
  b.dims[0] = rows;
  for (int d = 0; d < rank; ++d) b.dims[d + 1] = dims[d];
  return b;
}

long long sample_values(const Shape& s) {
  long long values = s.rank > 0 ? 1 : 0;
  for (int i = 0; i < s.rank; ++i) {
    if (s.dims[i] < 1) return 0;
    values = std::min(values * s.dims[i], kMaxSampleValues + 1);
  }
  return values;
}

Result<Shape> checked_shape(const std::string& who, std::initializer_list<long long> dims) {
  Shape s;
  long long values = 1;
  std::string text = "(";
  for (long long d : dims) text += (text.size() > 1 ? ", " : "") + std::to_string(d);
  text += dims.size() == 1 ? ",)" : ")";
  for (long long d : dims) {
    values = d > 0 && values <= kMaxSampleValues ? values * d : values;
    if (d <= 0 || d > kMaxSampleValues || values > kMaxSampleValues || s.rank == kMaxRank)
      return Status::error(who + "would output " + text + " per sample, more than the " +
                           std::to_string(kMaxSampleValues) + " values a layer may produce; make it smaller");
    s.dims[s.rank++] = static_cast<int>(d);
  }
  return s;
}

std::string Shape::str() const {
  std::string s = "(";
  for (int i = 0; i < rank; ++i) {
    if (i) s += ", ";
    s += std::to_string(dims[i]);
  }
  return s + (rank == 1 ? ",)" : ")");
}

bool Shape::operator==(const Shape& o) const {
  if (rank != o.rank) return false;
  for (int i = 0; i < rank; ++i)
    if (dims[i] != o.dims[i]) return false;
  return true;
}

Result<Tensor> Tensor::zeros(const Shape& shape) {
  Tensor t;
  Status s = t.resize(shape);
  if (!s) return s;
  return t;
}

Status Tensor::set_rows(int n) {
  if (n < 0 || shape_.row_size() * static_cast<size_t>(n) > capacity())
    return Status::error("tensor " + shape_.str() + ": cannot hold " + std::to_string(n) +
                         " rows, capacity is " + std::to_string(capacity() / std::max<size_t>(1, row_size())) +
                         "; resize it first");
  shape_.dims[0] = n;
  return Status::ok();
}

Status Tensor::reshape(const Shape& shape) {
  if (shape.numel() != shape_.numel())
    return Status::error("cannot reshape " + shape_.str() + " (" + std::to_string(shape_.numel()) +
                         " values) to " + shape.str() + " (" + std::to_string(shape.numel()) + " values)");
  shape_ = shape;
  return Status::ok();
}

Status Tensor::resize(const Shape& shape) {
  if (shape.rank < 1 || shape.rank > kMaxRank) return Status::error("tensor shape " + shape.str() + ": rank must be 1 to 4");
  for (int i = 0; i < shape.rank; ++i)
    if (shape.dims[i] < 0 || (i > 0 && shape.dims[i] == 0))
      return Status::error("tensor shape " + shape.str() + ": dimensions must be positive");
  if (shape.numel() > capacity() && !storage_.reset(shape.numel()))
    return Status::error("out of memory allocating a tensor of shape " + shape.str());
  shape_ = shape;
  return Status::ok();
}

void Tensor::fill(float value) { std::fill(data(), data() + size(), value); }

Status Tensor::expect_shape(const Shape& expected, const char* what) const {
  if (shape_ == expected) return Status::ok();
  return Status::error(std::string(what) + ": shape " + shape_.str() + ", expected " + expected.str());
}

Tensor Tensor::clone() const {
  Tensor t;
  if (t.resize(shape_)) std::memcpy(t.data(), data(), size() * sizeof(float));
  return t;
}

}  // namespace bn
