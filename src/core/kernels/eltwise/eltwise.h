// Element-wise kernels and reductions: activations and their derivatives, bias add, column sums,
// pixel conversion, and the losses' value-and-gradient loops. Layout: row-major, rows x cols with
// row stride cols. n counts elements. Every kernel handles any n (tails included) and touches
// nothing outside [0, n).
//
// Variants: *_f32_ref (plain loops, the reference), *_f32_eigen (Eigen arrays: vectorised exp
// natively) and *_f32_simd128 (WebAssembly SIMD, wasm builds). Not every op has every variant;
// kernels.cpp assembles the sets.
#pragma once
#include <cstddef>
#include <cstdint>

namespace bn {

// Saved in model files: append only, never renumber.
enum class Activation : uint8_t { kLinear = 0, kRelu = 1, kSigmoid = 2, kTanh = 3, kLeakyRelu = 4, kSoftplus = 5 };

// Keras clips probabilities to [kBceEpsilon, 1 - kBceEpsilon] before the logs.
constexpr float kBceEpsilon = 1e-7f;

// y = f(x), element-wise. y may equal x. `alpha` is leaky_relu's negative slope (>= 0).
using ActForwardFn = void (*)(Activation act, float alpha, const float* x, float* y, size_t n);
// dx = dy * f'(x), written in terms of y = f(x) (every activation here allows that, so layers keep
// only their output). dx may equal dy or y.
using ActBackwardFn = void (*)(Activation act, float alpha, const float* y, const float* dy, float* dx, size_t n);
// y[r][c] += bias[c].
using BiasAddFn = void (*)(float* y, const float* bias, int rows, int cols);
// out[c] = sum_r x[r][c], or out[c] += ... when accumulate.
using ColSumFn = void (*)(const float* x, int rows, int cols, float* out, bool accumulate);
// dst[i] = src[i] * scale: uint8 pixels to floats, batch by batch.
using U8ToF32Fn = void (*)(const uint8_t* src, float* dst, size_t n, float scale);
// Losses: returns the sum over i of the element loss (in double); when grad is not null, writes
// grad[i] = scale * d(element loss)/d(input i).
//   bce:         input p (probabilities), clipped as Keras does; gradient 0 where clipped.
//   bce_sigmoid: input p = sigmoid(z) of the last layer; value as bce, gradient taken with respect
//                to the logits z: (p - y). Stable where p saturates.
//   mse:         (p - y)^2, gradient 2 (p - y).
using LossFn = double (*)(const float* p, const float* y, float* grad, size_t n, float scale);

void act_forward_f32_ref(Activation act, float alpha, const float* x, float* y, size_t n);
void act_backward_f32_ref(Activation act, float alpha, const float* y, const float* dy, float* dx, size_t n);
void bias_add_f32_ref(float* y, const float* bias, int rows, int cols);
void col_sum_f32_ref(const float* x, int rows, int cols, float* out, bool accumulate);
void u8_to_f32_ref(const uint8_t* src, float* dst, size_t n, float scale);
double bce_f32_ref(const float* p, const float* y, float* grad, size_t n, float scale);
double bce_sigmoid_f32_ref(const float* p, const float* y, float* grad, size_t n, float scale);
double mse_f32_ref(const float* p, const float* y, float* grad, size_t n, float scale);

void act_forward_f32_eigen(Activation act, float alpha, const float* x, float* y, size_t n);
void col_sum_f32_eigen(const float* x, int rows, int cols, float* out, bool accumulate);
double bce_f32_eigen(const float* p, const float* y, float* grad, size_t n, float scale);
double bce_sigmoid_f32_eigen(const float* p, const float* y, float* grad, size_t n, float scale);
double mse_f32_eigen(const float* p, const float* y, float* grad, size_t n, float scale);

#if defined(BN_HAVE_SIMD128)
void act_forward_f32_simd128(Activation act, float alpha, const float* x, float* y, size_t n);
void act_backward_f32_simd128(Activation act, float alpha, const float* y, const float* dy, float* dx, size_t n);
void bias_add_f32_simd128(float* y, const float* bias, int rows, int cols);
void col_sum_f32_simd128(const float* x, int rows, int cols, float* out, bool accumulate);
void u8_to_f32_simd128(const uint8_t* src, float* dst, size_t n, float scale);
double bce_f32_simd128(const float* p, const float* y, float* grad, size_t n, float scale);
double bce_sigmoid_f32_simd128(const float* p, const float* y, float* grad, size_t n, float scale);
double mse_f32_simd128(const float* p, const float* y, float* grad, size_t n, float scale);
#endif

}  // namespace bn
