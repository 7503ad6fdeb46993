// The direct convolution kernels' native instantiation, the reference adapters, and the shape
// rules every variant shares.
#include "core/kernels/conv/conv_direct.h"

#if defined(__AVX2__) && defined(__FMA__)
#include <immintrin.h>
#endif

#include "core/kernels/conv/conv_direct_impl.h"
#include "core/kernels/eltwise/eltwise.h"

namespace bn {

namespace {

#if defined(__AVX2__) && defined(__FMA__)
struct NativeIsa {
  using V = __m256;
  static constexpr int kWidth = 8;
  // 12 accumulators: more than the 8 independent chains that cover the FMA latency (4 cycles at
  // 2 per cycle), so fewer weights and broadcasts are loaded per FMA; with the weights, 15 of
  // AVX2's 16 registers.
  static constexpr int kAcc = 12;
#if defined(__AVX512VL__)
  static constexpr int kAccOne = 16;  // AVX-512VL gives ymm16-31 too
#else
  static constexpr int kAccOne = 12;
#endif
  static V load(const float* p) { return _mm256_loadu_ps(p); }
  static void store(float* p, V v) { _mm256_storeu_ps(p, v); }
  static V splat(float s) { return _mm256_set1_ps(s); }
  static V zero() { return _mm256_setzero_ps(); }
  static V add(V a, V b) { return _mm256_add_ps(a, b); }
  static V madd(V acc, V a, V b) { return _mm256_fmadd_ps(a, b, acc); }
  static void pin(V& v) { __asm__("" : "+x"(v)); }
  static V relu(V v) { return _mm256_max_ps(v, _mm256_setzero_ps()); }  // NaN in v gives 0
  static float hsum(V v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    return _mm_cvtss_f32(_mm_add_ss(s, _mm_shuffle_ps(s, s, 1)));
  }
  static void hsum_each(const V* a, float* out) {
    // Pairwise horizontal adds leave each 128-bit half with partial sums of four vectors; the
    // halves are then lined up and added.
    const V t0 = _mm256_hadd_ps(a[0], a[1]), t1 = _mm256_hadd_ps(a[2], a[3]);
    const V t2 = _mm256_hadd_ps(a[4], a[5]), t3 = _mm256_hadd_ps(a[6], a[7]);
    const V u0 = _mm256_hadd_ps(t0, t1), u1 = _mm256_hadd_ps(t2, t3);
    _mm256_storeu_ps(out, _mm256_add_ps(_mm256_permute2f128_ps(u0, u1, 0x20), _mm256_permute2f128_ps(u0, u1, 0x31)));
  }
};
#else
// Any other CPU: GCC/Clang vector extensions, which lower to SSE, NEON or scalar code.
struct NativeIsa {
  typedef float V __attribute__((vector_size(16)));
  static constexpr int kWidth = 4;
  static constexpr int kAcc = 8, kAccOne = 8;
  static V load(const float* p) {
    V v;
    std::memcpy(&v, p, sizeof v);
    return v;
  }
  static void store(float* p, V v) { std::memcpy(p, &v, sizeof v); }
  static V splat(float s) { return V{s, s, s, s}; }
  static V zero() { return V{}; }
  static V add(V a, V b) { return a + b; }
  static V madd(V acc, V a, V b) { return acc + a * b; }
  static void pin(V&) {}
  static V relu(V v) {
    const V z = V{};
    return v > z ? v : z;  // NaN compares false: 0
  }
  static float hsum(V v) { return (v[0] + v[1]) + (v[2] + v[3]); }
  static void hsum_each(const V* a, float* out) {
    for (int i = 0; i < kWidth; ++i) out[i] = hsum(a[i]);
  }
};
#endif

}  // namespace

bool conv2d_direct_fits(const ConvGeometry& g) {
  return g.stride == 1 && g.cin > 0 && g.cout > 0 && (g.cout % 8 == 0 || (g.k * g.cin) % 8 == 0);
}

size_t conv2d_direct_scratch_floats(const ConvGeometry& g) {
  if (!conv2d_direct_fits(g)) return 0;
  return conv_direct::padded_floats(g) + static_cast<size_t>(g.k) * g.k * g.cin * g.cout;
}

void conv2d_direct_forward_f32_ref(const ConvGeometry& g, const float* x, const float* w, const float* b,
                                   bool relu, float* y, float*) {
  conv2d_forward_f32_ref(g, x, w, b, y);
  if (relu) act_forward_f32_ref(Activation::kRelu, 0.f, y, y, g.out_pixels() * g.cout);
}

void conv2d_direct_filter_grad_f32_ref(const ConvGeometry& g, const float* x, const float* dy, float* dw, float*) {
  conv2d_backward_filter_f32_ref(g, x, dy, dw, nullptr);
}

void conv2d_direct_forward_f32_native(const ConvGeometry& g, const float* x, const float* w, const float* b,
                                   bool relu, float* y, float* scratch) {
  conv_direct::forward<NativeIsa>(g, x, w, b, relu, y, scratch);
}

void conv2d_direct_filter_grad_f32_native(const ConvGeometry& g, const float* x, const float* dy, float* dw,
                                          float* scratch) {
  conv_direct::filter_grad<NativeIsa>(g, x, dy, dw, scratch);
}

}  // namespace bn
