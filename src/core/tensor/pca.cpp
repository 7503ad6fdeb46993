#include "core/tensor/pca.h"

#include <cmath>

namespace bn {

namespace {

// v <- C v with C = X_c^T X_c / n, X_c the centred rows; `other` (may be empty) is projected out
// first and after, so the iteration stays in its orthogonal complement.
void covariance_times(const float* x, int n, int d, const std::vector<float>& mean, const std::vector<float>& other,
                      std::vector<double>& v) {
  auto project_out = [&]() {
    if (other.empty()) return;
    double dot = 0;
    for (int j = 0; j < d; ++j) dot += v[j] * other[j];
    for (int j = 0; j < d; ++j) v[j] -= dot * other[j];
  };
  project_out();
  std::vector<double> out(d, 0.0);
  for (int i = 0; i < n; ++i) {
    const float* row = x + static_cast<size_t>(i) * d;
    double s = 0;
    for (int j = 0; j < d; ++j) s += (row[j] - mean[j]) * v[j];
    for (int j = 0; j < d; ++j) out[j] += s * (row[j] - mean[j]);
  }
  v.swap(out);
  project_out();
}

std::vector<float> leading(const float* x, int n, int d, const std::vector<float>& mean, const std::vector<float>& other,
                           int iterations) {
  std::vector<double> v(d);
  // A start with a component along every axis, not symmetric, so no direction is missed.
  for (int j = 0; j < d; ++j) v[j] = 1.0 + 0.37 * std::sin(1.0 + j * 2.3);
  for (int it = 0; it < iterations; ++it) {
    covariance_times(x, n, d, mean, other, v);
    double norm = 0;
    for (double e : v) norm += e * e;
    norm = std::sqrt(norm);
    if (norm < 1e-30) return std::vector<float>(d, 0.f);  // no variance left
    for (double& e : v) e /= norm;
  }
  return std::vector<float>(v.begin(), v.end());
}

}  // namespace

Pca2 pca2(const float* x, int n, int dims, int iterations) {
  Pca2 p;
  p.mean.assign(dims, 0.f);
  std::vector<double> m(dims, 0.0);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < dims; ++j) m[j] += x[static_cast<size_t>(i) * dims + j];
  for (int j = 0; j < dims; ++j) p.mean[j] = static_cast<float>(m[j] / n);
  p.axis0 = leading(x, n, dims, p.mean, {}, iterations);
  p.axis1 = dims > 1 ? leading(x, n, dims, p.mean, p.axis0, iterations) : std::vector<float>(dims, 0.f);
  return p;
}

}  // namespace bn
