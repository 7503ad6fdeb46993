#include "app/code_stats.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace bn::app {

namespace {

// The activation's output interval (infinite where it has no bound).
void act_bounds(Activation a, float* lo, float* hi) {
  constexpr float inf = std::numeric_limits<float>::infinity();
  switch (a) {
    case Activation::kRelu:
    case Activation::kSoftplus: *lo = 0.f, *hi = inf; return;
    case Activation::kSigmoid: *lo = 0.f, *hi = 1.f; return;
    case Activation::kTanh: *lo = -1.f, *hi = 1.f; return;
    default: *lo = -inf, *hi = inf; return;
  }
}

// In-place lower Cholesky factor of a (m x m, row-major); false when not positive definite.
bool cholesky(std::vector<double>& a, int m) {
  for (int j = 0; j < m; ++j) {
    double d = a[static_cast<size_t>(j) * m + j];
    for (int k = 0; k < j; ++k) d -= a[static_cast<size_t>(j) * m + k] * a[static_cast<size_t>(j) * m + k];
    if (!(d > 0)) return false;
    d = std::sqrt(d);
    a[static_cast<size_t>(j) * m + j] = d;
    for (int i = j + 1; i < m; ++i) {
      double v = a[static_cast<size_t>(i) * m + j];
      for (int k = 0; k < j; ++k) v -= a[static_cast<size_t>(i) * m + k] * a[static_cast<size_t>(j) * m + k];
      a[static_cast<size_t>(i) * m + j] = v / d;
    }
    for (int k = j + 1; k < m; ++k) a[static_cast<size_t>(j) * m + k] = 0;
  }
  return true;
}

}  // namespace

CodeStats fit_codes(const float* codes, int n, int units, Activation act, int max_full) {
  CodeStats s;
  s.units = units;
  s.act = act;
  s.mean.assign(units, 0.f);
  s.lo.assign(units, std::numeric_limits<float>::infinity());
  s.hi.assign(units, -std::numeric_limits<float>::infinity());
  s.sd.assign(units, 0.f);
  if (n <= 0 || units <= 0) return s;
  std::vector<double> mean(units, 0.0);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < units; ++j) {
      const float v = codes[static_cast<size_t>(i) * units + j];
      mean[j] += v;
      s.lo[j] = std::min(s.lo[j], v);
      s.hi[j] = std::max(s.hi[j], v);
    }
  for (int j = 0; j < units; ++j) s.mean[j] = static_cast<float>(mean[j] /= n);
  const bool full = units <= max_full;
  std::vector<double> cov(full ? static_cast<size_t>(units) * units : units, 0.0);
  for (int i = 0; i < n; ++i) {
    const float* c = codes + static_cast<size_t>(i) * units;
    for (int j = 0; j < units; ++j) {
      const double dj = c[j] - mean[j];
      if (!full) {
        cov[j] += dj * dj;
        continue;
      }
      for (int k = 0; k <= j; ++k) cov[static_cast<size_t>(j) * units + k] += dj * (c[k] - mean[k]);
    }
  }
  const double denom = n > 1 ? n - 1 : 1;
  for (int j = 0; j < units; ++j) s.sd[j] = static_cast<float>(std::sqrt((full ? cov[static_cast<size_t>(j) * units + j] : cov[j]) / denom));
  if (!full) return s;
  for (int j = 0; j < units; ++j)
    for (int k = 0; k <= j; ++k) {
      double& v = cov[static_cast<size_t>(j) * units + k];
      v /= denom;
      cov[static_cast<size_t>(k) * units + j] = v;
    }
  // A dead unit has no variance: a tiny ridge keeps the factor defined.
  for (int j = 0; j < units; ++j) cov[static_cast<size_t>(j) * units + j] += 1e-6;
  if (!cholesky(cov, units)) return s;
  s.chol.assign(cov.begin(), cov.end());
  s.full = true;
  return s;
}

void CodeStats::slider_range(int j, float* from, float* to) const {
  float a_lo, a_hi;
  act_bounds(act, &a_lo, &a_hi);
  const float span = std::max(hi[j] - lo[j], 1e-3f);
  *from = std::max(lo[j] - 0.25f * span, a_lo);
  *to = std::min(hi[j] + 0.25f * span, a_hi);
  if (!(*to > *from)) *to = *from + 1e-3f;
}

void CodeStats::sample(Rng& rng, float* out) const {
  std::vector<float> z(units);
  for (float& v : z) v = rng.normal();
  float a_lo, a_hi;
  act_bounds(act, &a_lo, &a_hi);
  for (int j = 0; j < units; ++j) {
    double v = mean[j];
    if (full)
      for (int k = 0; k <= j; ++k) v += static_cast<double>(chol[static_cast<size_t>(j) * units + k]) * z[k];
    else
      v += static_cast<double>(sd[j]) * z[j];
    out[j] = std::clamp(static_cast<float>(v), a_lo, a_hi);
  }
}

}  // namespace bn::app
