#include "core/layers/dropout.h"

#include <cstring>

namespace bn {

Result<Shape> Dropout::configure(const Shape& input) {
  if (!(rate_ >= 0.f && rate_ < 1.f))
    return Status::error(name() + " (Dropout): rate " + std::to_string(rate_) + " must be at least 0 and below 1");
  sample_size_ = input.numel();
  return input;
}

Status Dropout::reserve(int rows) { return mask_.resize({rows, static_cast<int>(sample_size_)}); }

void Dropout::forward(const Tensor& x, Tensor& y, RunContext& ctx) {
  masked_ = ctx.training && rate_ > 0.f && ctx.rng;
  if (!masked_) {
    if (y.data() != x.data()) std::memcpy(y.data(), x.data(), x.size() * sizeof(float));
    return;
  }
  const float keep = 1.f - rate_, scale = 1.f / keep;
  for (size_t i = 0; i < x.size(); ++i) {
    mask_[i] = ctx.rng->uniform() < keep ? scale : 0.f;
    y[i] = x[i] * mask_[i];
  }
}

void Dropout::backward(const Tensor&, const Tensor&, Tensor& dy, Tensor* dx, RunContext&) {
  if (!dx) return;
  for (size_t i = 0; i < dy.size(); ++i) (*dx)[i] = masked_ ? dy[i] * mask_[i] : dy[i];
}

Result<Shape> GaussianNoise::configure(const Shape& input) {
  if (!(stddev_ >= 0.f)) return Status::error(name() + " (GaussianNoise): stddev must be at least 0");
  return input;
}

void GaussianNoise::forward(const Tensor& x, Tensor& y, RunContext& ctx) {
  const bool noisy = ctx.training && stddev_ > 0.f && ctx.rng;
  for (size_t i = 0; i < x.size(); ++i) y[i] = noisy ? x[i] + stddev_ * ctx.rng->normal() : x[i];
}

void GaussianNoise::backward(const Tensor&, const Tensor&, Tensor& dy, Tensor* dx, RunContext&) {
  if (dx) std::memcpy(dx->data(), dy.data(), dy.size() * sizeof(float));
}

}  // namespace bn
