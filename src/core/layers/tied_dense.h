// DenseTied: a decoder layer that reuses the transpose of an encoder Dense layer's kernel, with a
// bias of its own (the "tied weights" autoencoder). The shared kernel receives the gradient from
// both uses, because this layer accumulates into the encoder's kernel gradient.
//   encoder kernel W: (in_e, units_e)   x: (N, units_e)   y = f(x W^T + b): (N, in_e)   b: (in_e)
// Only the bias is this layer's own parameter (so summaries count W once, as Keras does).
#pragma once
#include "core/layers/dense.h"

namespace bn {

class DenseTied : public Layer {
 public:
  // `encoder` must outlive this layer (the model owns both).
  DenseTied(std::string name, Dense& encoder, DenseOptions options);
  std::string type() const override { return "DenseTied"; }
  const Dense& encoder() const { return encoder_; }

  Result<Shape> configure(const Shape& input) override;
  uint64_t planned_params() const override { return opt_.use_bias ? static_cast<uint64_t>(out_) : 0; }
  Status allocate(Rng& init_rng) override;
  void forward(const Tensor& x, Tensor& y, RunContext& ctx) override;
  void backward(const Tensor& x, const Tensor& y, Tensor& dy, Tensor* dx, RunContext& ctx) override;
  size_t workspace_floats(int rows) const override;
  std::vector<Param> params() override;
  Activation activation() const override { return opt_.activation; }
  bool take_preactivation_grad() override {
    grad_is_preactivation_ = true;
    return true;
  }

 private:
  Dense& encoder_;
  DenseOptions opt_;  // activation, alpha, use_bias; units come from the encoder
  int in_ = 0, out_ = 0;
  Tensor b_, db_;
  bool grad_is_preactivation_ = false;
};

}  // namespace bn
