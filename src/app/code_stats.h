// What the codes of the test images say about each code unit, for the Latent panel's sweep,
// sampler and sliders: each unit's observed range and mean, the range its activation allows,
// and a Gaussian fitted to the codes to draw new ones from. ImGui-free, tested on its own.
#pragma once
#include <cstdint>
#include <vector>

#include "core/base/rng.h"
#include "core/layers/activation.h"

namespace bn::app {

struct CodeStats {
  int units = 0;
  std::vector<float> mean, lo, hi;  // per unit, over the codes
  // The Gaussian's lower Cholesky factor (units x units, row-major) when it is full, else the
  // standard deviations (units) of a diagonal one.
  std::vector<float> chol, sd;
  bool full = false;
  Activation act = Activation::kLinear;

  // The interval a slider or a sweep of unit j spans: the observed range, widened by a quarter
  // of it on each side, and never outside what the activation can output (relu not below 0,
  // sigmoid within [0, 1]).
  void slider_range(int j, float* from, float* to) const;
  // Draws one code into out[units]: mean + L z, each unit then clipped to what its activation
  // can take.
  void sample(Rng& rng, float* out) const;
};

// Fits `codes` (n x units). Full covariance up to `max_full` units (a convolutional code of 392
// units gets a diagonal one); a covariance that is not positive definite falls back to diagonal.
CodeStats fit_codes(const float* codes, int n, int units, Activation act, int max_full = 128);

}  // namespace bn::app
