#include "core/losses/penalties.h"

#include <algorithm>
#include <cmath>

namespace bn {

LossParts& LossParts::operator+=(const LossParts& o) {
  reconstruction += o.reconstruction;
  activity += o.activity;
  kl += o.kl;
  contractive += o.contractive;
  weight_decay += o.weight_decay;
  return *this;
}

LossParts LossParts::scaled(double s) const {
  LossParts p = *this;
  p.reconstruction *= s;
  p.activity *= s;
  p.kl *= s;
  p.contractive *= s;
  p.weight_decay *= s;
  return p;
}

double activity_penalty(const ActivityRegularizer& reg, const Tensor& a, Tensor* grad) {
  const double inv_n = 1.0 / a.rows();
  double l1 = 0, l2 = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    l1 += std::fabs(a[i]);
    l2 += static_cast<double>(a[i]) * a[i];
  }
  if (grad) {
    const float g1 = static_cast<float>(reg.l1 * inv_n), g2 = static_cast<float>(2.0 * reg.l2 * inv_n);
    for (size_t i = 0; i < a.size(); ++i) (*grad)[i] += g1 * ((a[i] > 0.f) - (a[i] < 0.f)) + g2 * a[i];
  }
  return (reg.l1 * l1 + reg.l2 * l2) * inv_n;
}

double kl_sparsity_penalty(float rho, float beta, const Tensor& a, Tensor* grad, float* mean) {
  const int n = a.rows(), units = static_cast<int>(a.row_size());
  col_sum_f32_ref(a.data(), n, units, mean, false);
  double value = 0;
  for (int j = 0; j < units; ++j) {
    double q = std::clamp(static_cast<double>(mean[j]) / n, 1e-7, 1.0 - 1e-7);
    value += rho * std::log(rho / q) + (1.0 - rho) * std::log((1.0 - rho) / (1.0 - q));
    // d KL / d q, then d q / d a_nj = 1 / n.
    mean[j] = static_cast<float>(beta * (-rho / q + (1.0 - rho) / (1.0 - q)) / n);
  }
  if (grad)
    for (int r = 0; r < n; ++r)
      for (int j = 0; j < units; ++j) (*grad)[static_cast<size_t>(r) * units + j] += mean[j];
  return beta * value;
}

namespace {
// f'(z) and d f'/dy, both as functions of y = f(z).
void derivatives(Activation act, float alpha, float y, float& fp, float& dfp_dy) {
  switch (act) {
    case Activation::kSigmoid: fp = y * (1.f - y); dfp_dy = 1.f - 2.f * y; return;
    case Activation::kTanh: fp = 1.f - y * y; dfp_dy = -2.f * y; return;
    case Activation::kSoftplus: fp = -std::expm1(-y); dfp_dy = std::exp(-y); return;
    case Activation::kRelu: fp = y > 0.f ? 1.f : 0.f; dfp_dy = 0.f; return;
    case Activation::kLeakyRelu: fp = y > 0.f ? 1.f : alpha; dfp_dy = 0.f; return;
    case Activation::kLinear: fp = 1.f; dfp_dy = 0.f; return;
  }
}
}  // namespace

double contractive_penalty(float lambda, Activation act, float alpha, const Tensor& y, const Tensor& w, Tensor* grad_y,
                           Tensor* grad_w, float* col_sq, float* fprime_sq) {
  const int n = y.rows(), units = static_cast<int>(y.row_size()), in = w.dim(0);
  const double scale = static_cast<double>(lambda) / n;
  std::fill(col_sq, col_sq + units, 0.f);
  for (int i = 0; i < in; ++i)
    for (int j = 0; j < units; ++j) col_sq[j] += w[static_cast<size_t>(i) * units + j] * w[static_cast<size_t>(i) * units + j];
  std::fill(fprime_sq, fprime_sq + units, 0.f);
  double value = 0;
  for (int r = 0; r < n; ++r)
    for (int j = 0; j < units; ++j) {
      const size_t idx = static_cast<size_t>(r) * units + j;
      float fp, dfp;
      derivatives(act, alpha, y[idx], fp, dfp);
      value += static_cast<double>(fp) * fp * col_sq[j];
      fprime_sq[j] += fp * fp;
      if (grad_y) (*grad_y)[idx] += static_cast<float>(scale * 2.0 * fp * dfp * col_sq[j]);
    }
  if (grad_w)
    for (int i = 0; i < in; ++i)
      for (int j = 0; j < units; ++j) {
        const size_t idx = static_cast<size_t>(i) * units + j;
        (*grad_w)[idx] += static_cast<float>(scale * 2.0 * w[idx] * fprime_sq[j]);
      }
  return scale * value;
}

double weight_decay_penalty(float lambda, const std::vector<Param>& kernels, bool add_grad) {
  double sum = 0;
  for (const Param& p : kernels) {
    for (size_t i = 0; i < p.value->size(); ++i) {
      const float v = (*p.value)[i];
      sum += static_cast<double>(v) * v;
      if (add_grad) (*p.grad)[i] += 2.f * lambda * v;
    }
  }
  return lambda * sum;
}

}  // namespace bn
