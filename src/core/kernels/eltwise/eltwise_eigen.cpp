// Eigen array variants: Eigen vectorises exp/tanh/logistic natively (AVX), which std::exp in a
// loop does not without fast-math. Activations with no transcendental fall back to the reference.
#include <Eigen/Core>

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
