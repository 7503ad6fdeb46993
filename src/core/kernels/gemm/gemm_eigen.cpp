// Native GEMM through Eigen 3.4: maps the row-major operands without copying and lets Eigen's
// blocked, vectorised product do the work (one thread; we compare against 1-thread PyTorch).
#include <Eigen/Core>

#include <cstring>

#include "core/kernels/gemm/gemm.h"

namespace bn {

namespace {
using RowMat = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using ColMat = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::ColMajor>;
using Stride = Eigen::OuterStride<>;
using ConstRowMap = Eigen::Map<const RowMat, Eigen::Unaligned, Stride>;
using ConstColMap = Eigen::Map<const ColMat, Eigen::Unaligned, Stride>;
using RowMap = Eigen::Map<RowMat, Eigen::Unaligned, Stride>;

template <typename MA, typename MB>
void product(const MA& a, const MB& b, float alpha, float beta, RowMap& c) {
  if (beta == 0.f && c.outerStride() == c.cols()) {
    // Eigen would clear C one strided row at a time first; one memset of the block is faster.
    std::memset(c.data(), 0, sizeof(float) * static_cast<size_t>(c.rows()) * c.cols());
    c.noalias() += alpha * (a * b);
  } else if (beta == 0.f) {
    c.noalias() = alpha * (a * b);
  } else {
    if (beta != 1.f) c *= beta;
    c.noalias() += alpha * (a * b);
  }
}
}  // namespace

void gemm_f32_eigen(Trans ta, Trans tb, int m, int n, int k, float alpha, const float* a, int lda,
                    const float* b, int ldb, float beta, float* c, int ldc, Workspace&) {
  RowMap cm(c, m, n, Stride(ldc));
  // A stored k x m row-major is A^T viewed column-major: no copy for the transposed forms.
  if (ta == Trans::kNo) {
    ConstRowMap am(a, m, k, Stride(lda));
    if (tb == Trans::kNo) product(am, ConstRowMap(b, k, n, Stride(ldb)), alpha, beta, cm);
    else product(am, ConstColMap(b, k, n, Stride(ldb)), alpha, beta, cm);
  } else {
    ConstColMap am(a, m, k, Stride(lda));
    if (tb == Trans::kNo) product(am, ConstRowMap(b, k, n, Stride(ldb)), alpha, beta, cm);
    else product(am, ConstColMap(b, k, n, Stride(ldb)), alpha, beta, cm);
  }
}

}  // namespace bn
