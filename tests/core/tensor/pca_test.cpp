// Tests src/core/tensor/pca: on points with known principal directions (a random rotation of
// axis-aligned variances 9, 4, 1, 0.25...), pca2 finds the two largest up to sign, unit length and
// orthogonal, and the mean; degenerate inputs (one dimension, no variance) stay finite.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "core/base/rng.h"
#include "core/tensor/pca.h"

namespace bn {

namespace {
double dot(const std::vector<float>& a, const std::vector<double>& b) {
  double s = 0;
  for (size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
  return s;
}
}  // namespace

TEST_CASE("pca2 finds the two leading directions of rotated data", "[tensor]") {
  Rng rng(5);
  for (int d : {2, 3, 7, 32}) {
    INFO("dims " << d);
    // An orthonormal basis from Gram-Schmidt on random vectors.
    std::vector<std::vector<double>> basis;
    while (static_cast<int>(basis.size()) < d) {
      std::vector<double> v(d);
      for (double& e : v) e = rng.uniform() - 0.5;
      for (const auto& b : basis) {
        double p = 0;
        for (int j = 0; j < d; ++j) p += v[j] * b[j];
        for (int j = 0; j < d; ++j) v[j] -= p * b[j];
      }
      double n = 0;
      for (double e : v) n += e * e;
      for (double& e : v) e /= std::sqrt(n);
      basis.push_back(v);
    }
    const int n = 4000;
    std::vector<float> x(static_cast<size_t>(n) * d);
    std::vector<double> centre(d);
    for (int j = 0; j < d; ++j) centre[j] = j * 0.5 - 1;
    for (int i = 0; i < n; ++i)
      for (int k = 0; k < d; ++k) {
        const double sd = 3.0 / (1 << k);  // standard deviations 3, 1.5, 0.75 ...
        const double z = sd * (rng.uniform() + rng.uniform() + rng.uniform() - 1.5) * 2.0;  // roughly normal, var sd^2
        for (int j = 0; j < d; ++j) x[static_cast<size_t>(i) * d + j] += static_cast<float>(z * basis[k][j] + (k == 0 ? centre[j] : 0));
      }
    const Pca2 p = pca2(x.data(), n, d);
    for (int j = 0; j < d; ++j) CHECK(std::fabs(p.mean[j] - centre[j]) < 0.15);
    CHECK(std::fabs(std::fabs(dot(p.axis0, basis[0])) - 1.0) < 1e-3);
    CHECK(std::fabs(std::fabs(dot(p.axis1, basis[1])) - 1.0) < 1e-2);
    double n0 = 0, n1 = 0, cross = 0;
    for (int j = 0; j < d; ++j) n0 += p.axis0[j] * p.axis0[j], n1 += p.axis1[j] * p.axis1[j], cross += p.axis0[j] * p.axis1[j];
    CHECK(std::fabs(n0 - 1) < 1e-5);
    CHECK(std::fabs(n1 - 1) < 1e-5);
    CHECK(std::fabs(cross) < 1e-5);
  }
}

TEST_CASE("pca2 stays finite on one dimension and on points with no spread", "[tensor]") {
  const std::vector<float> line = {1, 2, 3, 4};
  Pca2 p = pca2(line.data(), 4, 1);
  CHECK(p.mean[0] == 2.5f);
  CHECK(std::fabs(std::fabs(p.axis0[0]) - 1.f) < 1e-6);
  CHECK(p.axis1[0] == 0.f);
  const std::vector<float> same(3 * 5, 0.7f);
  p = pca2(same.data(), 3, 5);
  for (float v : p.axis0) CHECK(v == 0.f);
  for (float v : p.axis1) CHECK(v == 0.f);
  CHECK(std::fabs(p.mean[2] - 0.7f) < 1e-6);
}

}  // namespace bn
