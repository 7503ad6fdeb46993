// Penalties added to the reconstruction loss, each returning its value and (when asked) adding
// its gradient into the tensors the backward pass is about to use. Definitions (N = batch rows):
//   activity   Keras's activity_regularizer on a layer output a:  (l1 sum|a| + l2 sum a^2) / N
//   kl         sparsity on the code a in (0, 1): beta * sum_j KL(rho || mean_n a_nj), the mean
//              clipped to [1e-7, 1 - 1e-7]
//   contractive  lambda * mean_n ||d code_n / d x_n||_F^2 for a Dense encoder code = f(x W + b):
//              ||J||^2 = sum_j f'(z_nj)^2 sum_i W_ij^2, every activation's f' being a function of y
//   weight decay  lambda * sum of every kernel's squares (biases excluded, not divided by N)
// Not here: where penalties apply (the model decides), reconstruction losses (loss.h).
#pragma once
#include <vector>

#include "core/kernels/eltwise/eltwise.h"
#include "core/layers/layer.h"
#include "core/tensor/tensor.h"

namespace bn {

// Keras's activity_regularizer: l1 * sum|a| + l2 * sum a^2 over the layer's output, divided by
// the batch size.
struct ActivityRegularizer {
  float l1 = 0.f;
  float l2 = 0.f;
  bool active() const { return l1 != 0.f || l2 != 0.f; }
};

// The loss of a batch split into its parts; total() is what training minimises.
struct LossParts {
  double reconstruction = 0;
  double activity = 0;
  double kl = 0;
  double contractive = 0;
  double weight_decay = 0;
  double total() const { return reconstruction + activity + kl + contractive + weight_decay; }
  LossParts& operator+=(const LossParts& o);
  LossParts scaled(double s) const;
};

// a: (N, ...). grad, when given, has a's shape and receives += d penalty / d a.
double activity_penalty(const ActivityRegularizer& reg, const Tensor& a, Tensor* grad);

// a: (N, units), values in (0, 1). mean: scratch of at least `units` floats.
double kl_sparsity_penalty(float rho, float beta, const Tensor& a, Tensor* grad, float* mean);

// y: (N, units) the encoder's output; w: its kernel (in, units). grad_y += d/dy, grad_w += d/dW
// when given. col_sq: scratch of `units` floats (sum_i W_ij^2), fprime_sq: `units` floats.
double contractive_penalty(float lambda, Activation act, float alpha, const Tensor& y, const Tensor& w, Tensor* grad_y,
                           Tensor* grad_w, float* col_sq, float* fprime_sq);

// lambda * sum w^2 over `kernels`; adds 2 lambda w into their gradients when add_grad.
double weight_decay_penalty(float lambda, const std::vector<Param>& kernels, bool add_grad);

}  // namespace bn
