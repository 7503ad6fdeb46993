// The reference GEMM: obvious loops, double accumulation, no blocking. Slow on purpose-free terms:
// it exists to be right, and every fast variant is compared against it.
#include "core/kernels/gemm/gemm.h"

namespace bn {

void gemm_f32_ref(Trans ta, Trans tb, int m, int n, int k, float alpha, const float* a, int lda,
                  const float* b, int ldb, float beta, float* c, int ldc, Workspace&) {
  for (int i = 0; i < m; ++i) {
    for (int j = 0; j < n; ++j) {
      double acc = 0.0;
      for (int p = 0; p < k; ++p) {
        float av = ta == Trans::kNo ? a[i * lda + p] : a[p * lda + i];
        float bv = tb == Trans::kNo ? b[p * ldb + j] : b[j * ldb + p];
        acc += static_cast<double>(av) * bv;
      }
      float prev = beta == 0.f ? 0.f : beta * c[i * ldc + j];
      c[i * ldc + j] = static_cast<float>(alpha * acc) + prev;
    }
  }
}

}  // namespace bn

#if !defined(BN_HAVE_SIMD128)
namespace bn {
// Only the simd128 variant packs; the others need no scratch.
size_t gemm_scratch_floats(int, int, int) { return 0; }
}  // namespace bn
#endif
