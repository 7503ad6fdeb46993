// One dispatch point for every kernel: a Kernels table holds one variant of each op. Tables are
// immutable; a model or benchmark is handed the table it should use, so two models can run on
// different variants side by side and tests can force the reference.
//   "ref"      plain scalar loops (every build)
//   "eigen"    Eigen GEMM and transcendental activations (every build; vectorised natively only,
//              since Eigen 3.4 has no WebAssembly SIMD backend), and the native direct convolution
//   "simd128"  hand-written WebAssembly SIMD (wasm builds)
// default_kernels() is the build's fastest: "eigen" natively, "simd128" in wasm.
#pragma once
#include <string>
#include <vector>

#include "core/kernels/conv/conv_direct.h"
#include "core/kernels/eltwise/eltwise.h"
#include "core/kernels/gemm/gemm.h"

namespace bn {

struct Kernels {
  const char* name;
  GemmFn gemm;
  ActForwardFn act_forward;
  ActBackwardFn act_backward;
  BiasAddFn bias_add;
  ColSumFn col_sum;
  U8ToF32Fn u8_to_f32;
  LossFn bce;
  LossFn bce_sigmoid;
  LossFn mse;
  ConvForwardFn conv_forward;         // direct stride-1 convolution, where conv2d_direct_fits
  ConvFilterGradFn conv_filter_grad;
};

const Kernels& reference_kernels();
const Kernels& default_kernels();
std::vector<const Kernels*> available_kernels();
// nullptr if this build has no set of that name.
const Kernels* find_kernels(const std::string& name);
// "simd128 (WebAssembly SIMD)" / "eigen (Eigen 3.4.0, AVX2 FMA)": what `--version` shows.
std::string kernels_description(const Kernels& k);

}  // namespace bn
