// MaxPooling2D and UpSampling2D: Keras's spatial resampling layers, NHWC, no parameters.
//   MaxPooling2D: x (N, H, W, C) -> y (N, OH, OW, C), max over pool x pool windows moved by
//                 stride (default pool_size), 'valid' or 'same' windows as Keras (7 -> 3 or 4
//                 with pool 2); positions outside the image never win.
//   UpSampling2D: x (N, H, W, C) -> y (N, H * size, W * size, C), nearest neighbour.
// Both run the loops of kernels/pool; the max-pool gradient goes to each window's first maximum,
// found again from x and y, so the layer stores no argmax. Not here: average pooling, Keras's
// bilinear upsampling, non-square windows.
#pragma once
#include "core/kernels/pool/pool.h"
#include "core/layers/layer.h"
#include "core/layers/padding.h"

namespace bn {

struct Pool2DOptions {
  int pool_size = 2;
  int stride = 0;  // 0: pool_size, as Keras's strides=None
  Padding padding = Padding::kValid;
};

class MaxPooling2D : public Layer {
 public:
  MaxPooling2D(std::string name, Pool2DOptions options) : Layer(std::move(name)), opt_(options) {}
  std::string type() const override { return "MaxPooling2D"; }
  const Pool2DOptions& options() const { return opt_; }

  Result<Shape> configure(const Shape& input) override;
  void forward(const Tensor& x, Tensor& y, RunContext& ctx) override;
  void backward(const Tensor& x, const Tensor& y, Tensor& dy, Tensor* dx, RunContext& ctx) override;

 private:
  Pool2DOptions opt_;
  PoolGeometry one_;  // the geometry of a batch of one
};

class UpSampling2D : public Layer {
 public:
  UpSampling2D(std::string name, int size = 2) : Layer(std::move(name)), size_(size) {}
  std::string type() const override { return "UpSampling2D"; }
  int size() const { return size_; }

  Result<Shape> configure(const Shape& input) override;
  void forward(const Tensor& x, Tensor& y, RunContext& ctx) override;
  void backward(const Tensor& x, const Tensor& y, Tensor& dy, Tensor* dx, RunContext& ctx) override;

 private:
  int size_;
  int h_ = 0, w_ = 0, c_ = 0;  // input image
};

}  // namespace bn
