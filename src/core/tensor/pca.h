// The two leading principal directions of a set of points, for drawing a code space as a plane.
// Power iteration on the covariance, applied implicitly (X^T (X v)), so a 1000 x 392 set costs a
// few million multiply-adds instead of forming the 392 x 392 covariance. The second direction is
// found after removing the first, so the two are orthonormal.
// Not here: more than two components, whitening, or any UI.
#pragma once
#include <vector>

namespace bn {

struct Pca2 {
  std::vector<float> mean, axis0, axis1;  // dims each; axis0/axis1 unit length and orthogonal
};

// x: n x dims, row-major. Needs n >= 1 and dims >= 1; with one dimension axis1 is zero.
// Deterministic (fixed start vectors), `iterations` power steps per direction.
Pca2 pca2(const float* x, int n, int dims, int iterations = 40);

}  // namespace bn
