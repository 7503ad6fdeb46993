// Finite-difference check of a whole model's gradients: every parameter's analytic gradient from
// Model::loss_and_backward (reconstruction loss plus every penalty) against central differences
// of the total loss. Deterministic layers only (no Dropout or GaussianNoise while training).
#pragma once
#include <string>

#include "core/model/model_spec.h"

namespace bn::test {

struct ModelGradCheck {
  double worst = 0;  // worst |analytic - numeric| / (atol + rtol |numeric|); <= 1 passes
  std::string where;
};

ModelGradCheck check_model_gradients(const ModelSpec& spec, int batch, uint64_t seed, double atol = 2e-4,
                                     double rtol = 2e-2);

// A small ModelSpec: input (in,), Dense layers of `units` with `act`, the last sigmoid back to `in`.
ModelSpec tiny_spec(int in, std::initializer_list<int> units, Activation act, int code_layer);

}  // namespace bn::test
