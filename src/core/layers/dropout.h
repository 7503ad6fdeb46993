// Dropout and GaussianNoise: regularising layers that act only while training (RunContext::
// training) and are the identity otherwise, as in Keras.
//   Dropout(rate):        y = x * mask / (1 - rate), mask ~ Bernoulli(1 - rate) per element (inverted
//                         scaling, so the expected activation is unchanged and inference needs no scaling)
//   GaussianNoise(stddev): y = x + N(0, stddev^2) per element
// x, y: (N, ...) any shape; output shape = input shape. The mask lives in a buffer sized by
// reserve(), so training does not allocate.
#pragma once
#include "core/layers/layer.h"

namespace bn {

class Dropout : public Layer {
 public:
  Dropout(std::string name, float rate) : Layer(std::move(name)), rate_(rate) {}
  std::string type() const override { return "Dropout"; }
  float rate() const { return rate_; }
  Result<Shape> configure(const Shape& input) override;
  size_t reserve_floats(int rows) const override { return static_cast<size_t>(rows) * sample_size_; }
  Status reserve(int rows) override;
  void forward(const Tensor& x, Tensor& y, RunContext& ctx) override;
  void backward(const Tensor& x, const Tensor& y, Tensor& dy, Tensor* dx, RunContext& ctx) override;

 private:
  float rate_;
  size_t sample_size_ = 0;
  Tensor mask_;         // 0 or 1 / (1 - rate) per element of the last training forward pass
  bool masked_ = false;  // whether the last forward pass applied the mask
};

class GaussianNoise : public Layer {
 public:
  GaussianNoise(std::string name, float stddev) : Layer(std::move(name)), stddev_(stddev) {}
  std::string type() const override { return "GaussianNoise"; }
  float stddev() const { return stddev_; }
  Result<Shape> configure(const Shape& input) override;
  void forward(const Tensor& x, Tensor& y, RunContext& ctx) override;
  void backward(const Tensor& x, const Tensor& y, Tensor& dy, Tensor* dx, RunContext& ctx) override;

 private:
  float stddev_;
};

}  // namespace bn
