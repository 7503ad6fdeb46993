// Per-element update loops of the optimisers. Plain loops: they cost little next to the GEMMs
// and the compiler vectorises them natively.
#include <cmath>

#include "core/optim/optimizers.h"

namespace bn {

void Sgd::update(float* w, const float* g, float* const* s, size_t n, long long) {
  if (momentum_ == 0.f) {
    for (size_t i = 0; i < n; ++i) w[i] -= lr_ * g[i];
    return;
  }
  float* v = s[0];
  for (size_t i = 0; i < n; ++i) {
    v[i] = momentum_ * v[i] - lr_ * g[i];
    w[i] += nesterov_ ? momentum_ * v[i] - lr_ * g[i] : v[i];
  }
}

void Adam::update(float* w, const float* g, float* const* s, size_t n, long long t) {
  float* m = s[0];
  float* v = s[1];
  const double td = static_cast<double>(t);
  const float alpha = static_cast<float>(lr_ * std::sqrt(1.0 - std::pow(b2_, td)) / (1.0 - std::pow(b1_, td)));
  for (size_t i = 0; i < n; ++i) {
    m[i] += (g[i] - m[i]) * (1.f - b1_);
    v[i] += (g[i] * g[i] - v[i]) * (1.f - b2_);
    w[i] -= alpha * m[i] / (std::sqrt(v[i]) + eps_);
  }
}

void Rmsprop::update(float* w, const float* g, float* const* s, size_t n, long long) {
  float* v = s[0];
  for (size_t i = 0; i < n; ++i) {
    v[i] = rho_ * v[i] + (1.f - rho_) * g[i] * g[i];
    float step = lr_ * g[i] / std::sqrt(v[i] + eps_);
    if (momentum_ > 0.f) {
      s[1][i] = momentum_ * s[1][i] + step;
      w[i] -= s[1][i];
    } else {
      w[i] -= step;
    }
  }
}

void Adagrad::update(float* w, const float* g, float* const* s, size_t n, long long) {
  float* a = s[0];
  for (size_t i = 0; i < n; ++i) {
    a[i] += g[i] * g[i];
    w[i] -= lr_ * g[i] / std::sqrt(a[i] + eps_);
  }
}

void Adadelta::update(float* w, const float* g, float* const* s, size_t n, long long) {
  float* ag = s[0];
  float* ad = s[1];
  for (size_t i = 0; i < n; ++i) {
    ag[i] = rho_ * ag[i] + (1.f - rho_) * g[i] * g[i];
    float d = -std::sqrt(ad[i] + eps_) / std::sqrt(ag[i] + eps_) * g[i];
    ad[i] = rho_ * ad[i] + (1.f - rho_) * d * d;
    w[i] += lr_ * d;
  }
}

}  // namespace bn
