// Dense: y = f(x W + b), Keras's Dense with its activation folded in.
//   x: (N, in)   W ("kernel"): (in, units)   b ("bias"): (units)   y: (N, units)
// The layer keeps only its output; every activation's derivative is computed from y.
// When the model fuses a sigmoid output with binary cross-entropy, the loss hands this layer the
// gradient with respect to the pre-activation directly (take_preactivation_grad), which is
// exact and stable where the sigmoid saturates.
#pragma once
#include "core/layers/init.h"
#include "core/layers/layer.h"

namespace bn {

struct DenseOptions {
  int units = 0;
  Activation activation = Activation::kLinear;
  float alpha = 0.3f;  // leaky_relu slope
  bool use_bias = true;
  Init kernel_init = Init::kGlorotUniform;
};

class Dense : public Layer {
 public:
  Dense(std::string name, DenseOptions options) : Layer(std::move(name)), opt_(options) {}
  std::string type() const override { return "Dense"; }
  const DenseOptions& options() const { return opt_; }

  Result<Shape> configure(const Shape& input) override;
  uint64_t planned_params() const override;
  Status allocate(Rng& init_rng) override;
  int input_width() const { return in_; }  // after configure()
  void forward(const Tensor& x, Tensor& y, RunContext& ctx) override;
  void backward(const Tensor& x, const Tensor& y, Tensor& dy, Tensor* dx, RunContext& ctx) override;
  size_t workspace_floats(int rows) const override;
  std::vector<Param> params() override;

  Activation activation() const override { return opt_.activation; }
  bool take_preactivation_grad() override {
    grad_is_preactivation_ = true;
    return true;
  }
  Tensor& kernel() { return w_; }
  const Tensor& kernel() const { return w_; }
  Tensor& kernel_grad() { return dw_; }
  Tensor& bias() { return b_; }

 private:
  DenseOptions opt_;
  int in_ = 0;
  Tensor w_, b_, dw_, db_;
  bool grad_is_preactivation_ = false;
};

}  // namespace bn
