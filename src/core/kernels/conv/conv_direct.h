// Direct stride-1 convolution kernels: register-blocked loops over NHWC images, no im2col matrix
// and no GEMM packing. They are the Conv2D layer's fast path whenever conv2d_direct_fits says the
// channel counts suit them; other shapes (and stride 2) go through im2col + GEMM.
//
// Two passes, each for a whole batch, layouts as in conv.h:
//   forward:      y = conv(x, w) + b (b may be null), through relu when `relu`; y is written, not
//                 read. (relu is folded in because it is the usual one; the layer applies any
//                 other activation itself.)
//                 The input gradient of a stride-1 convolution is this same pass under
//                 conv2d_transposed_geometry with the flipped kernel, so it has no kernel of its own.
//   filter_grad:  dw += dL/dw given dy; ACCUMULATES. (The bias gradient is a column sum.)
// `scratch` holds conv2d_direct_scratch_floats(g) floats: one zero-padded image, so the inner
// loops never test for the border, and the kernel re-laid out where a form needs it.
//
// How the work is blocked (V = the vector width):
//   Cout a multiple of 8  ("broadcast" form) a few output pixels x up to two vectors of output
//                         channels stay in registers; each input value is broadcast and multiplied
//                         into them. The kernel gradient blocks taps x output channels the same way.
//   k*Cin a multiple of 8 ("dot" form, for few output channels such as a 1-channel image) each
//                         pixel's window is a contiguous run of k*Cin floats per kernel row, so
//                         the sums run along it, V at a time, and are reduced at the end.
// Variants: *_ref adapts the reference loops of conv.h to these signatures; *_native is the
// build's best native form (AVX2 + FMA when compiled for it, else 4-wide vector extensions);
// *_simd128 is WebAssembly SIMD. native and simd128 share one body (conv_direct_impl.h),
// instantiated with each ISA's load / broadcast / multiply-add.
#pragma once
#include <cstddef>

#include "core/kernels/conv/conv.h"

namespace bn {

using ConvForwardFn = void (*)(const ConvGeometry& g, const float* x, const float* w, const float* b, bool relu,
                               float* y, float* scratch);
using ConvFilterGradFn = void (*)(const ConvGeometry& g, const float* x, const float* dy, float* dw, float* scratch);

// Whether the direct kernels take this geometry: stride 1, and Cout or k*Cin a multiple of 8.
bool conv2d_direct_fits(const ConvGeometry& g);
// Scratch (floats) either pass needs for g; 0 for geometries that do not fit.
size_t conv2d_direct_scratch_floats(const ConvGeometry& g);

void conv2d_direct_forward_f32_ref(const ConvGeometry& g, const float* x, const float* w, const float* b,
                                   bool relu, float* y, float* scratch);
void conv2d_direct_filter_grad_f32_ref(const ConvGeometry& g, const float* x, const float* dy, float* dw,
                                       float* scratch);
void conv2d_direct_forward_f32_native(const ConvGeometry& g, const float* x, const float* w, const float* b,
                                   bool relu, float* y, float* scratch);
void conv2d_direct_filter_grad_f32_native(const ConvGeometry& g, const float* x, const float* dy, float* dw,
                                          float* scratch);
#if defined(BN_HAVE_SIMD128)
void conv2d_direct_forward_f32_simd128(const ConvGeometry& g, const float* x, const float* w, const float* b,
                                   bool relu, float* y, float* scratch);
void conv2d_direct_filter_grad_f32_simd128(const ConvGeometry& g, const float* x, const float* dy, float* dw,
                                           float* scratch);
#endif

}  // namespace bn
