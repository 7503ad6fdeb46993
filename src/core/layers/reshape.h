// Flatten and Reshape: change the per-sample shape, not the data. Memory is row-major in both
// the old and the new shape, so forward and backward are plain copies between the model's
// activation tensors (the model gives every layer its own output tensor).
//   Flatten: (d1, ..., dk) -> (d1 * ... * dk,)     Reshape: (...) -> target, same element count
// Not here: Keras's -1 wildcard in Reshape targets (give the full shape).
#pragma once
#include "core/layers/layer.h"

namespace bn {

class Flatten : public Layer {
 public:
  explicit Flatten(std::string name) : Layer(std::move(name)) {}
  std::string type() const override { return "Flatten"; }

  Result<Shape> configure(const Shape& input) override;
  void forward(const Tensor& x, Tensor& y, RunContext& ctx) override;
  void backward(const Tensor& x, const Tensor& y, Tensor& dy, Tensor* dx, RunContext& ctx) override;
};

class Reshape : public Layer {
 public:
  Reshape(std::string name, Shape target) : Layer(std::move(name)), target_(target) {}
  std::string type() const override { return "Reshape"; }
  const Shape& target() const { return target_; }

  Result<Shape> configure(const Shape& input) override;
  void forward(const Tensor& x, Tensor& y, RunContext& ctx) override;
  void backward(const Tensor& x, const Tensor& y, Tensor& dy, Tensor* dx, RunContext& ctx) override;

 private:
  Shape target_;
};

}  // namespace bn
