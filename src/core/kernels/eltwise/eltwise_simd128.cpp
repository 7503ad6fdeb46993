// WebAssembly SIMD element-wise kernels: activations and their derivatives, bias add, column sums,
// pixel conversion and the losses, four floats at a time (shapes and semantics: eltwise.h; the
// reference is eltwise_ref.cpp). Transcendentals come from simd128_math.h.
//
// Tails: the last n % 4 elements go through the same vector code via a small zero-padded copy on
// the stack, so a value does not depend on its position and nothing outside [0, n) is touched.
// Sums (losses, column sums) accumulate in f64x2 as the reference accumulates in double, so they
// stay accurate for any batch size. No loads or stores assume alignment. In-place use means the
// very same pointer (as eltwise.h allows); partially overlapping buffers are not supported.
#include <wasm_simd128.h>

#include "core/kernels/eltwise/eltwise.h"
#include "core/kernels/eltwise/simd128_math.h"

namespace bn {

namespace {

// Copies the first `count` (< 4) floats of src into a vector, the other lanes `fill`.
inline v128_t load_partial(const float* src, size_t count, float fill) {
  float t[4] = {fill, fill, fill, fill};
  for (size_t j = 0; j < count; ++j) t[j] = src[j];
  return wasm_v128_load(t);
}

inline void store_partial(float* dst, v128_t v, size_t count) {
  float t[4];
  wasm_v128_store(t, v);
  for (size_t j = 0; j < count; ++j) dst[j] = t[j];
}

// y[i] = f(x[i]) for vector f; y may equal x. The main loop runs f on four vectors at once: the
// four independent polynomial chains interleave, which made sigmoid 1.4x faster in Node than one
// vector per iteration. Eight at once run out of V8's 16 xmm registers and were slower than one.
template <typename F>
void map1(const float* x, float* y, size_t n, F f) {
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    v128_t v[4];
#pragma clang loop unroll(full)
    for (int j = 0; j < 4; ++j) v[j] = f(wasm_v128_load(x + i + 4 * j));
#pragma clang loop unroll(full)
    for (int j = 0; j < 4; ++j) wasm_v128_store(y + i + 4 * j, v[j]);
  }
  for (; i + 4 <= n; i += 4) wasm_v128_store(y + i, f(wasm_v128_load(x + i)));
  if (i < n) store_partial(y + i, f(load_partial(x + i, n - i, 0.f)), n - i);
}

// z[i] = f(x[i], y[i]); z may equal x or y. Four vectors per iteration, as map1.
template <typename F>
void map2(const float* x, const float* y, float* z, size_t n, F f) {
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    v128_t v[4];
#pragma clang loop unroll(full)
    for (int j = 0; j < 4; ++j) v[j] = f(wasm_v128_load(x + i + 4 * j), wasm_v128_load(y + i + 4 * j));
#pragma clang loop unroll(full)
    for (int j = 0; j < 4; ++j) wasm_v128_store(z + i + 4 * j, v[j]);
  }
  for (; i + 4 <= n; i += 4) wasm_v128_store(z + i, f(wasm_v128_load(x + i), wasm_v128_load(y + i)));
  if (i < n) store_partial(z + i, f(load_partial(x + i, n - i, 0.f), load_partial(y + i, n - i, 0.f)), n - i);
}

inline v128_t sigmoid_f32x4(v128_t x) {
  // 1 / (1 + e^-x) has no cancellation for either sign: for large negative x, e^-x is large and
  // the quotient keeps its relative accuracy (and reaches 0, not NaN, once e^-x is inf).
  const v128_t one = wasm_f32x4_splat(1.f);
  return wasm_f32x4_div(one, wasm_f32x4_add(one, simd128::exp_f32x4(wasm_f32x4_neg(x))));
}

inline v128_t tanh_f32x4(v128_t x) {
  using simd128::f32x4;
  // Near 0, 1 - 2 / (e^2x + 1) cancels: below 0.625 use Cephes' odd polynomial x + x^3 P(x^2).
  const v128_t ax = wasm_f32x4_abs(x);
  const v128_t z = wasm_f32x4_mul(x, x);
  v128_t p = wasm_f32x4_add(wasm_f32x4_mul(f32x4(-5.70498872745e-3f), z), f32x4(2.06390887954e-2f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, z), f32x4(-5.37397155531e-2f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, z), f32x4(1.33314422036e-1f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, z), f32x4(-3.33332819422e-1f));
  const v128_t near0 = wasm_f32x4_add(wasm_f32x4_mul(wasm_f32x4_mul(p, z), x), x);
  // e^2|x| turns inf past |x| = 44 and the quotient 0: tanh saturates at 1 with no clamp.
  const v128_t e = simd128::exp_f32x4(wasm_f32x4_add(ax, ax));
  const v128_t far = wasm_f32x4_sub(f32x4(1.f), wasm_f32x4_div(f32x4(2.f), wasm_f32x4_add(e, f32x4(1.f))));
  // far is computed from |x|; OR-ing x's sign into either branch also keeps tanh(-0) = -0.
  const v128_t magnitude = wasm_v128_bitselect(near0, far, wasm_f32x4_lt(ax, f32x4(0.625f)));
  return wasm_v128_or(magnitude, wasm_v128_and(x, f32x4(-0.f)));
}

inline v128_t softplus_f32x4(v128_t x) {
  // max(x, 0) + log1p(e^-|x|), as the reference: no overflow for either sign.
  const v128_t t = simd128::exp_f32x4(wasm_f32x4_neg(wasm_f32x4_abs(x)));
  return wasm_f32x4_add(wasm_f32x4_pmax(x, wasm_f32x4_splat(0.f)), simd128::log1p_f32x4(t));
}

// Adds the four float lanes of v, promoted to double, into acc (two f64x2).
inline void add_f64(v128_t v, v128_t& acc_lo, v128_t& acc_hi) {
  acc_lo = wasm_f64x2_add(acc_lo, wasm_f64x2_promote_low_f32x4(v));
  acc_hi = wasm_f64x2_add(acc_hi, wasm_f64x2_promote_low_f32x4(wasm_i32x4_shuffle(v, v, 2, 3, 2, 3)));
}

inline double sum_f64(v128_t acc_lo, v128_t acc_hi) {
  const v128_t s = wasm_f64x2_add(acc_lo, acc_hi);
  return wasm_f64x2_extract_lane(s, 0) + wasm_f64x2_extract_lane(s, 1);
}

// Lanes [0, count) set: masks the padded lanes of a tail out of a sum.
inline v128_t lane_mask(size_t count) {
  return wasm_i32x4_lt(wasm_i32x4_make(0, 1, 2, 3), wasm_i32x4_splat(static_cast<int>(count)));
}

// Shared loop of the losses: f(p, y, grad_out) returns the vector of element terms to add and
// sets grad_out; grad (when not null) receives it. The sum runs in double. Four vectors per
// iteration, as map1 (bce: 1.3x faster than one).
template <typename F>
double loss_loop(const float* p, const float* y, float* grad, size_t n, F f) {
  v128_t acc_lo = wasm_f64x2_splat(0.0), acc_hi = acc_lo;
  v128_t g;
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    v128_t t[4], gs[4];
#pragma clang loop unroll(full)
    for (int j = 0; j < 4; ++j) t[j] = f(wasm_v128_load(p + i + 4 * j), wasm_v128_load(y + i + 4 * j), gs[j]);
#pragma clang loop unroll(full)
    for (int j = 0; j < 4; ++j) add_f64(t[j], acc_lo, acc_hi);
    if (grad) {
#pragma clang loop unroll(full)
      for (int j = 0; j < 4; ++j) wasm_v128_store(grad + i + 4 * j, gs[j]);
    }
  }
  for (; i + 4 <= n; i += 4) {
    add_f64(f(wasm_v128_load(p + i), wasm_v128_load(y + i), g), acc_lo, acc_hi);
    if (grad) wasm_v128_store(grad + i, g);
  }
  if (i < n) {
    // Padding p = y = 0.5 keeps every formula finite; the mask drops those lanes from the sum.
    const size_t r = n - i;
    const v128_t term = f(load_partial(p + i, r, 0.5f), load_partial(y + i, r, 0.5f), g);
    add_f64(wasm_v128_and(term, lane_mask(r)), acc_lo, acc_hi);
    if (grad) store_partial(grad + i, g, r);
  }
  return sum_f64(acc_lo, acc_hi);
}

// y log(pc) + (1 - y) log(1 - pc) with pc = p clipped to [eps, 1 - eps], in float as the reference.
inline v128_t bce_term(v128_t p, v128_t y) {
  const v128_t one = wasm_f32x4_splat(1.f);
  // pmax(eps, p) is eps for NaN p, as fmax is; pc cannot be NaN for pmin.
  const v128_t lo = wasm_f32x4_splat(kBceEpsilon), hi = wasm_f32x4_splat(1.f - kBceEpsilon);
  const v128_t pc = wasm_f32x4_pmin(hi, wasm_f32x4_pmax(lo, p));
  return wasm_f32x4_add(wasm_f32x4_mul(y, simd128::log_f32x4(pc)),
                        wasm_f32x4_mul(wasm_f32x4_sub(one, y), simd128::log_f32x4(wasm_f32x4_sub(one, pc))));
}

}  // namespace

void act_forward_f32_simd128(Activation act, float alpha, const float* x, float* y, size_t n) {
  const v128_t zero = wasm_f32x4_splat(0.f), valpha = wasm_f32x4_splat(alpha);
  switch (act) {
    case Activation::kLinear: return map1(x, y, n, [](v128_t v) { return v; });
    case Activation::kRelu:
      return map1(x, y, n, [=](v128_t v) { return wasm_v128_and(v, wasm_f32x4_gt(v, zero)); });
    case Activation::kSigmoid: return map1(x, y, n, [](v128_t v) { return sigmoid_f32x4(v); });
    case Activation::kTanh: return map1(x, y, n, [](v128_t v) { return tanh_f32x4(v); });
    case Activation::kLeakyRelu:
      return map1(x, y, n, [=](v128_t v) {
        return wasm_v128_bitselect(v, wasm_f32x4_mul(valpha, v), wasm_f32x4_gt(v, zero));
      });
    case Activation::kSoftplus: return map1(x, y, n, [](v128_t v) { return softplus_f32x4(v); });
  }
}

void act_backward_f32_simd128(Activation act, float alpha, const float* y, const float* dy, float* dx, size_t n) {
  // Each case multiplies dy by f'(x) written in y, rounding exactly as the reference does.
  const v128_t zero = wasm_f32x4_splat(0.f), one = wasm_f32x4_splat(1.f), valpha = wasm_f32x4_splat(alpha);
  switch (act) {
    case Activation::kLinear:
      return map2(y, dy, dx, n, [=](v128_t, v128_t d) { return wasm_f32x4_mul(d, one); });
    case Activation::kRelu:
      return map2(y, dy, dx, n, [=](v128_t v, v128_t d) {
        return wasm_f32x4_mul(d, wasm_v128_and(one, wasm_f32x4_gt(v, zero)));
      });
    case Activation::kSigmoid:
      return map2(y, dy, dx, n, [=](v128_t v, v128_t d) {
        return wasm_f32x4_mul(d, wasm_f32x4_mul(v, wasm_f32x4_sub(one, v)));
      });
    case Activation::kTanh:
      return map2(y, dy, dx, n, [=](v128_t v, v128_t d) {
        return wasm_f32x4_mul(d, wasm_f32x4_sub(one, wasm_f32x4_mul(v, v)));
      });
    case Activation::kLeakyRelu:
      return map2(y, dy, dx, n, [=](v128_t v, v128_t d) {
        return wasm_f32x4_mul(d, wasm_v128_bitselect(one, valpha, wasm_f32x4_gt(v, zero)));
      });
    case Activation::kSoftplus:
      // sigmoid(x) = 1 - e^-y = -expm1(-y): accurate where y is tiny (x very negative).
      return map2(y, dy, dx, n, [](v128_t v, v128_t d) {
        return wasm_f32x4_mul(d, wasm_f32x4_neg(simd128::expm1_f32x4(wasm_f32x4_neg(v))));
      });
  }
}

void bias_add_f32_simd128(float* y, const float* bias, int rows, int cols) {
  for (int r = 0; r < rows; ++r) {
    float* row = y + static_cast<size_t>(r) * cols;
    int c = 0;
    for (; c + 4 <= cols; c += 4)
      wasm_v128_store(row + c, wasm_f32x4_add(wasm_v128_load(row + c), wasm_v128_load(bias + c)));
    for (; c < cols; ++c) row[c] += bias[c];
  }
}

void col_sum_f32_simd128(const float* x, int rows, int cols, float* out, bool accumulate) {
  // Eight columns at a time down all rows: their four f64x2 accumulators stay in registers, and
  // the 32-byte pieces of a row left behind are in L1 when the next chunk reads the neighbours.
  auto finish = [&](int c, double s) { out[c] = static_cast<float>(accumulate ? out[c] + s : s); };
  int c0 = 0;
  for (; c0 + 8 <= cols; c0 += 8) {
    v128_t a0 = wasm_f64x2_splat(0.0), a1 = a0, a2 = a0, a3 = a0;
    const float* col = x + c0;
    for (int r = 0; r < rows; ++r, col += cols) {
      add_f64(wasm_v128_load(col), a0, a1);
      add_f64(wasm_v128_load(col + 4), a2, a3);
    }
    double s[8];
    wasm_v128_store(s, a0);
    wasm_v128_store(s + 2, a1);
    wasm_v128_store(s + 4, a2);
    wasm_v128_store(s + 6, a3);
    for (int l = 0; l < 8; ++l) finish(c0 + l, s[l]);
  }
  for (; c0 + 4 <= cols; c0 += 4) {
    v128_t a0 = wasm_f64x2_splat(0.0), a1 = a0;
    const float* col = x + c0;
    for (int r = 0; r < rows; ++r, col += cols) add_f64(wasm_v128_load(col), a0, a1);
    double s[4];
    wasm_v128_store(s, a0);
    wasm_v128_store(s + 2, a1);
    for (int l = 0; l < 4; ++l) finish(c0 + l, s[l]);
  }
  for (; c0 < cols; ++c0) {
    double s = 0.0;
    for (int r = 0; r < rows; ++r) s += x[static_cast<size_t>(r) * cols + c0];
    finish(c0, s);
  }
}

void u8_to_f32_simd128(const uint8_t* src, float* dst, size_t n, float scale) {
  // Widen 16 bytes to four u32x4, then to float by OR-ing them into the mantissa of 2^23 and
  // subtracting 2^23 (exact for integers below 2^23). clang 14 turns the direct u32 -> f32
  // convert into 16 scalar conversions. Only the scale rounds, as in the reference.
  const v128_t vscale = wasm_f32x4_splat(scale), two23 = wasm_f32x4_splat(8388608.f);
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    const v128_t b = wasm_v128_load(src + i);
    const v128_t lo = wasm_u16x8_extend_low_u8x16(b), hi = wasm_u16x8_extend_high_u8x16(b);
    const v128_t q[4] = {wasm_u32x4_extend_low_u16x8(lo), wasm_u32x4_extend_high_u16x8(lo),
                         wasm_u32x4_extend_low_u16x8(hi), wasm_u32x4_extend_high_u16x8(hi)};
    for (int j = 0; j < 4; ++j) {
      const v128_t f = wasm_f32x4_sub(wasm_v128_or(q[j], two23), two23);
      wasm_v128_store(dst + i + 4 * j, wasm_f32x4_mul(f, vscale));
    }
  }
  for (; i < n; ++i) dst[i] = static_cast<float>(src[i]) * scale;
}

double bce_f32_simd128(const float* p, const float* y, float* grad, size_t n, float scale) {
  const v128_t vscale = wasm_f32x4_splat(scale);
  const v128_t one = wasm_f32x4_splat(1.f), lo = wasm_f32x4_splat(kBceEpsilon);
  const v128_t hi = wasm_f32x4_splat(1.f - kBceEpsilon);
  return -loss_loop(p, y, grad, n, [=](v128_t pv, v128_t yv, v128_t& g) {
    // Gradient 0 where p was clipped (the clipped value does not depend on p).
    const v128_t clipped = wasm_v128_or(wasm_f32x4_le(pv, lo), wasm_f32x4_ge(pv, hi));
    const v128_t q = wasm_f32x4_div(wasm_f32x4_mul(vscale, wasm_f32x4_sub(pv, yv)),
                                    wasm_f32x4_mul(pv, wasm_f32x4_sub(one, pv)));
    g = wasm_v128_andnot(q, clipped);
    return bce_term(pv, yv);
  });
}

double bce_sigmoid_f32_simd128(const float* p, const float* y, float* grad, size_t n, float scale) {
  const v128_t vscale = wasm_f32x4_splat(scale);
  return -loss_loop(p, y, grad, n, [=](v128_t pv, v128_t yv, v128_t& g) {
    g = wasm_f32x4_mul(vscale, wasm_f32x4_sub(pv, yv));
    return bce_term(pv, yv);
  });
}

double mse_f32_simd128(const float* p, const float* y, float* grad, size_t n, float scale) {
  // The square is taken in double, as the reference does, so the loop sums d^2 itself.
  const v128_t vscale2 = wasm_f32x4_splat(scale * 2.f);
  v128_t acc_lo = wasm_f64x2_splat(0.0), acc_hi = acc_lo;
  auto step = [&](v128_t d) {
    const v128_t dlo = wasm_f64x2_promote_low_f32x4(d);
    const v128_t dhi = wasm_f64x2_promote_low_f32x4(wasm_i32x4_shuffle(d, d, 2, 3, 2, 3));
    acc_lo = wasm_f64x2_add(acc_lo, wasm_f64x2_mul(dlo, dlo));
    acc_hi = wasm_f64x2_add(acc_hi, wasm_f64x2_mul(dhi, dhi));
  };
  size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    const v128_t d = wasm_f32x4_sub(wasm_v128_load(p + i), wasm_v128_load(y + i));
    step(d);
    if (grad) wasm_v128_store(grad + i, wasm_f32x4_mul(vscale2, d));
  }
  if (i < n) {
    // Zero padding: padded lanes give d = 0 and add nothing.
    const v128_t d = wasm_f32x4_sub(load_partial(p + i, n - i, 0.f), load_partial(y + i, n - i, 0.f));
    step(d);
    if (grad) store_partial(grad + i, wasm_f32x4_mul(vscale2, d), n - i);
  }
  return sum_f64(acc_lo, acc_hi);
}

}  // namespace bn
