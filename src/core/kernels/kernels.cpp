#include "core/kernels/kernels.h"

#include <Eigen/Core>

namespace bn {

namespace {
const Kernels kRef = {"ref", gemm_f32_ref, act_forward_f32_ref, act_backward_f32_ref, bias_add_f32_ref,
                      col_sum_f32_ref, u8_to_f32_ref, bce_f32_ref, bce_sigmoid_f32_ref, mse_f32_ref,
                      conv2d_direct_forward_f32_ref, conv2d_direct_filter_grad_f32_ref};
const Kernels kEigen = {"eigen", gemm_f32_eigen, act_forward_f32_eigen, act_backward_f32_ref, bias_add_f32_ref,
                        col_sum_f32_eigen, u8_to_f32_ref, bce_f32_eigen, bce_sigmoid_f32_eigen, mse_f32_eigen,
                        conv2d_direct_forward_f32_native, conv2d_direct_filter_grad_f32_native};
#if defined(BN_HAVE_SIMD128)
const Kernels kSimd128 = {"simd128", gemm_f32_simd128, act_forward_f32_simd128, act_backward_f32_simd128,
                          bias_add_f32_simd128, col_sum_f32_simd128, u8_to_f32_simd128, bce_f32_simd128,
                          bce_sigmoid_f32_simd128, mse_f32_simd128,
                          conv2d_direct_forward_f32_simd128, conv2d_direct_filter_grad_f32_simd128};
#endif
}  // namespace

const Kernels& reference_kernels() { return kRef; }

const Kernels& default_kernels() {
#if defined(BN_HAVE_SIMD128)
  return kSimd128;
#else
  return kEigen;
#endif
}

std::vector<const Kernels*> available_kernels() {
#if defined(BN_HAVE_SIMD128)
  return {&kRef, &kEigen, &kSimd128};
#else
  return {&kRef, &kEigen};
#endif
}

const Kernels* find_kernels(const std::string& name) {
  for (const Kernels* k : available_kernels())
    if (name == k->name) return k;
  return nullptr;
}

std::string kernels_description(const Kernels& k) {
  std::string name = k.name;
  if (name == "ref") return "ref (scalar reference loops)";
  if (name == "simd128") return "simd128 (hand-written WebAssembly SIMD, 4x8 GEMM tiles)";
  std::string isa = Eigen::SimdInstructionSetsInUse();
  return "eigen (Eigen " + std::to_string(EIGEN_WORLD_VERSION) + "." + std::to_string(EIGEN_MAJOR_VERSION) + "." +
         std::to_string(EIGEN_MINOR_VERSION) + ", " + isa + ")";
}

}  // namespace bn
