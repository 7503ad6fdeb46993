// Reference element-wise kernels: plain loops and <cmath>, one element at a time.
#include <cmath>

#include "core/kernels/eltwise/eltwise.h"

namespace bn {

namespace {
inline float act_ref(Activation act, float alpha, float x) {
  switch (act) {
    case Activation::kLinear: return x;
    case Activation::kRelu: return x > 0.f ? x : 0.f;
    case Activation::kSigmoid: return 1.f / (1.f + std::exp(-x));
    case Activation::kTanh: return std::tanh(x);
    case Activation::kLeakyRelu: return x > 0.f ? x : alpha * x;
    // log(1 + e^x) without overflow: max(x, 0) + log1p(e^-|x|).
    case Activation::kSoftplus: return std::fmax(x, 0.f) + std::log1p(std::exp(-std::fabs(x)));
  }
  return x;
}

// f'(x) from y = f(x).
inline float act_grad_ref(Activation act, float alpha, float y) {
  switch (act) {
    case Activation::kLinear: return 1.f;
    case Activation::kRelu: return y > 0.f ? 1.f : 0.f;
    case Activation::kSigmoid: return y * (1.f - y);
    case Activation::kTanh: return 1.f - y * y;
    case Activation::kLeakyRelu: return y > 0.f ? 1.f : alpha;
    case Activation::kSoftplus: return -std::expm1(-y);  // sigmoid(x) = 1 - e^-y
  }
  return 1.f;
}
}  // namespace

// One loop per activation, the switch outside it: the cheap ones (relu, leaky_relu, linear) then
// vectorise natively, which a per-element switch prevents.
void act_forward_f32_ref(Activation act, float alpha, const float* x, float* y, size_t n) {
  switch (act) {
    case Activation::kRelu:
      for (size_t i = 0; i < n; ++i) y[i] = act_ref(Activation::kRelu, alpha, x[i]);
      return;
    case Activation::kLeakyRelu:
      for (size_t i = 0; i < n; ++i) y[i] = act_ref(Activation::kLeakyRelu, alpha, x[i]);
      return;
    case Activation::kSigmoid:
      for (size_t i = 0; i < n; ++i) y[i] = act_ref(Activation::kSigmoid, alpha, x[i]);
      return;
    default:
      for (size_t i = 0; i < n; ++i) y[i] = act_ref(act, alpha, x[i]);
      return;
  }
}

void act_backward_f32_ref(Activation act, float alpha, const float* y, const float* dy, float* dx, size_t n) {
  switch (act) {
    case Activation::kRelu:
      for (size_t i = 0; i < n; ++i) dx[i] = dy[i] * act_grad_ref(Activation::kRelu, alpha, y[i]);
      return;
    case Activation::kLeakyRelu:
      for (size_t i = 0; i < n; ++i) dx[i] = dy[i] * act_grad_ref(Activation::kLeakyRelu, alpha, y[i]);
      return;
    case Activation::kSigmoid:
      for (size_t i = 0; i < n; ++i) dx[i] = dy[i] * act_grad_ref(Activation::kSigmoid, alpha, y[i]);
      return;
    default:
      for (size_t i = 0; i < n; ++i) dx[i] = dy[i] * act_grad_ref(act, alpha, y[i]);
      return;
  }
}

void bias_add_f32_ref(float* y, const float* bias, int rows, int cols) {
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) y[r * cols + c] += bias[c];
}

void col_sum_f32_ref(const float* x, int rows, int cols, float* out, bool accumulate) {
  for (int c = 0; c < cols; ++c) {
    double s = 0.0;
    for (int r = 0; r < rows; ++r) s += x[r * cols + c];
    out[c] = static_cast<float>(accumulate ? out[c] + s : s);
  }
}

void u8_to_f32_ref(const uint8_t* src, float* dst, size_t n, float scale) {
  for (size_t i = 0; i < n; ++i) dst[i] = static_cast<float>(src[i]) * scale;
}

double bce_f32_ref(const float* p, const float* y, float* grad, size_t n, float scale) {
  double sum = 0.0;
  for (size_t i = 0; i < n; ++i) {
    float pc = std::fmin(std::fmax(p[i], kBceEpsilon), 1.f - kBceEpsilon);
    sum -= y[i] * std::log(pc) + (1.f - y[i]) * std::log(1.f - pc);
    if (grad) {
      bool clipped = p[i] <= kBceEpsilon || p[i] >= 1.f - kBceEpsilon;
      grad[i] = clipped ? 0.f : scale * (p[i] - y[i]) / (p[i] * (1.f - p[i]));
    }
  }
  return sum;
}

double bce_sigmoid_f32_ref(const float* p, const float* y, float* grad, size_t n, float scale) {
  double sum = 0.0;
  for (size_t i = 0; i < n; ++i) {
    float pc = std::fmin(std::fmax(p[i], kBceEpsilon), 1.f - kBceEpsilon);
    sum -= y[i] * std::log(pc) + (1.f - y[i]) * std::log(1.f - pc);
    if (grad) grad[i] = scale * (p[i] - y[i]);
  }
  return sum;
}

double mse_f32_ref(const float* p, const float* y, float* grad, size_t n, float scale) {
  double sum = 0.0;
  for (size_t i = 0; i < n; ++i) {
    float d = p[i] - y[i];
    sum += static_cast<double>(d) * d;
    if (grad) grad[i] = scale * 2.f * d;
  }
  return sum;
}

}  // namespace bn
