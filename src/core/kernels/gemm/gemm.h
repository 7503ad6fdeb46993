// GEMM, the one kernel that dominates training time, in every variant the project has.
//
//   C (m x n) = alpha * op(A) (m x k) * op(B) (k x n) + beta * C
//
// All matrices are row-major with a leading dimension (row stride in floats). op(A) = A when A is
// stored m x k (lda >= k), or A^T when A is stored k x m (lda >= m); the same for B. Backprop uses
// the three forms A*B (forward), A^T*B (weight gradient) and A*B^T (input gradient).
// beta == 0 means C is write-only: whatever it held (even NaN) is ignored. C must not overlap
// A or B.
//
// Variants, one signature each:
//   gemm_f32_ref      plain triple loop in double accumulation: the reference every other is tested against
//   gemm_f32_eigen    Eigen 3.4 (every build; vectorised natively, scalar in wasm)
//   gemm_f32_simd128  packed 4x8 WebAssembly SIMD tiles (wasm builds; BN_HAVE_SIMD128)
// `ws` is scratch for packing; variants that do not pack ignore it. gemm_scratch_floats says how
// much a variant needs for a shape, so callers can reserve before a training loop.
#pragma once
#include <cstddef>

#include "core/base/workspace.h"

namespace bn {

enum class Trans { kNo, kYes };

using GemmFn = void (*)(Trans ta, Trans tb, int m, int n, int k, float alpha, const float* a, int lda,
                        const float* b, int ldb, float beta, float* c, int ldc, Workspace& ws);

void gemm_f32_ref(Trans ta, Trans tb, int m, int n, int k, float alpha, const float* a, int lda,
                  const float* b, int ldb, float beta, float* c, int ldc, Workspace& ws);
void gemm_f32_eigen(Trans ta, Trans tb, int m, int n, int k, float alpha, const float* a, int lda,
                    const float* b, int ldb, float beta, float* c, int ldc, Workspace& ws);
#if defined(BN_HAVE_SIMD128)
void gemm_f32_simd128(Trans ta, Trans tb, int m, int n, int k, float alpha, const float* a, int lda,
                      const float* b, int ldb, float beta, float* c, int ldc, Workspace& ws);
#endif

// Scratch (in floats) the packing variants need for an m x n x k product.
size_t gemm_scratch_floats(int m, int n, int k);

}  // namespace bn
