// Eigen array variants: Eigen vectorises exp/tanh/logistic natively (AVX), which std::exp in a
// loop does not without fast-math. Activations with no transcendental fall back to the reference.
#include <Eigen/Core>

#include <algorithm>

#include "core/kernels/eltwise/eltwise.h"

namespace bn {

void act_forward_f32_eigen(Activation act, float alpha, const float* x, float* y, size_t n) {
  using Arr = Eigen::Array<float, Eigen::Dynamic, 1>;
  Eigen::Map<const Arr> xa(x, static_cast<Eigen::Index>(n));
  Eigen::Map<Arr> ya(y, static_cast<Eigen::Index>(n));
  switch (act) {
    case Activation::kSigmoid: ya = xa.logistic(); return;
    case Activation::kTanh: ya = xa.tanh(); return;
    case Activation::kSoftplus: ya = xa.max(0.f) + (-xa.abs()).exp().log1p(); return;
    default: act_forward_f32_ref(act, alpha, x, y, n); return;
  }
}

}  // namespace bn

namespace bn {

namespace {
using ArrMap = Eigen::Map<const Eigen::Array<float, Eigen::Dynamic, 1>>;
using OutMap = Eigen::Map<Eigen::Array<float, Eigen::Dynamic, 1>>;
// Float sums over blocks this long, added up in double: vectorised yet accurate for whole batches.
constexpr size_t kSumBlock = 1024;

// The clipped BCE value of p against y; when `grad` is given also writes the gradient, either
// with respect to p (logits == false) or to the logits behind a sigmoid.
double bce_blocks(const float* p, const float* y, float* grad, size_t n, float scale, bool logits) {
  double sum = 0.0;
  for (size_t i = 0; i < n; i += kSumBlock) {
    const Eigen::Index len = static_cast<Eigen::Index>(std::min(kSumBlock, n - i));
    ArrMap pa(p + i, len), ya(y + i, len);
    auto pc = pa.max(kBceEpsilon).min(1.f - kBceEpsilon);
    sum -= static_cast<double>((ya * pc.log() + (1.f - ya) * (1.f - pc).log()).sum());
    if (!grad) continue;
    OutMap g(grad + i, len);
    if (logits) {
      g = scale * (pa - ya);
    } else {
      auto clipped = (pa <= kBceEpsilon) || (pa >= 1.f - kBceEpsilon);
      g = clipped.select(0.f, scale * (pa - ya) / (pa * (1.f - pa)));
    }
  }
  return sum;
}
}  // namespace

double bce_f32_eigen(const float* p, const float* y, float* grad, size_t n, float scale) {
  return bce_blocks(p, y, grad, n, scale, false);
}

double bce_sigmoid_f32_eigen(const float* p, const float* y, float* grad, size_t n, float scale) {
  return bce_blocks(p, y, grad, n, scale, true);
}

double mse_f32_eigen(const float* p, const float* y, float* grad, size_t n, float scale) {
  double sum = 0.0;
  for (size_t i = 0; i < n; i += kSumBlock) {
    const Eigen::Index len = static_cast<Eigen::Index>(std::min(kSumBlock, n - i));
    auto d = ArrMap(p + i, len) - ArrMap(y + i, len);
    sum += static_cast<double>(d.square().sum());
    if (grad) OutMap(grad + i, len) = (2.f * scale) * d;
  }
  return sum;
}

void col_sum_f32_eigen(const float* x, int rows, int cols, float* out, bool accumulate) {
  Eigen::Map<Eigen::ArrayXf> o(out, cols);
  if (!accumulate) o.setZero();
  constexpr int kBlock = 64;
  if (cols > 0 && kBlock % cols == 0) {
    // Narrow rows (a conv layer's channels) that tile a 64-float block: the matrix is summed
    // as flat 64-float blocks in fixed-size registers, then the block folded onto the columns.
    // Eigen's per-row setup on a 16-float row costs more than the row.
    const size_t total = static_cast<size_t>(rows) * cols, blocks = total / kBlock;
    Eigen::Array<float, kBlock, 1> acc = Eigen::Array<float, kBlock, 1>::Zero();
    for (size_t i = 0; i < blocks; ++i) acc += Eigen::Map<const Eigen::Array<float, kBlock, 1>>(x + i * kBlock);
    for (int i = 0; i < kBlock; ++i) out[i % cols] += acc[i];
    for (size_t i = blocks * kBlock; i < total; ++i) out[i % cols] += x[i];
    return;
  }
  // Row by row into the output: one contiguous pass, vectorised across columns. (Eigen's
  // colwise().sum() on a row-major map walks each column with a stride, slow for narrow ones.)
  for (int r = 0; r < rows; ++r) o += Eigen::Map<const Eigen::ArrayXf>(x + static_cast<size_t>(r) * cols, cols);
}

}  // namespace bn
