// Finite-difference gradient checks for layers. The scalar probed is L = sum(y * r) for a fixed
// random r, so dL/dy = r; the layer's backward() must then give dL/dx and dL/dparams that match
// central differences of L computed in double from forward() alone.
#pragma once
#include <vector>

#include "core/layers/layer.h"

namespace bn::test {

struct GradCheckResult {
  double worst = 0;     // largest |analytic - numeric| / (atol + rtol |numeric|); <= 1 passes
  std::string where;    // which value was worst
};

// `x_fill` may nudge inputs away from kinks (relu at 0) before the check.
GradCheckResult check_layer_gradients(Layer& layer, const Shape& sample_shape, int batch, uint64_t seed,
                                      double h = 1e-2, double atol = 2e-3, double rtol = 2e-2);

}  // namespace bn::test
