// The direct convolution kernels in WebAssembly SIMD: f32x4 vectors. WebAssembly SIMD has no
// fused multiply-add, so madd is a multiply and an add; 8 accumulators keep both pipelines busy
// and fit the 16 vector registers V8 has on x86-64.
#include <wasm_simd128.h>

#include "core/kernels/conv/conv_direct.h"
#include "core/kernels/conv/conv_direct_impl.h"

namespace bn {

namespace {

struct Simd128Isa {
  using V = v128_t;
  static constexpr int kWidth = 4;
  static constexpr int kAcc = 8, kAccOne = 8;
  static V load(const float* p) { return wasm_v128_load(p); }
  static void store(float* p, V v) { wasm_v128_store(p, v); }
  static V splat(float s) { return wasm_f32x4_splat(s); }
  static V zero() { return wasm_f32x4_const_splat(0.f); }
  static V add(V a, V b) { return wasm_f32x4_add(a, b); }
  static V madd(V acc, V a, V b) { return wasm_f32x4_add(acc, wasm_f32x4_mul(a, b)); }
  static void pin(V&) {}
  // pmax(a, b) is a < b ? b : a, one instruction in V8; 0 < NaN is false, so NaN gives 0.
  static V relu(V v) { return wasm_f32x4_pmax(wasm_f32x4_const_splat(0.f), v); }
  static float hsum(V v) {
    const V s = wasm_f32x4_add(v, wasm_i32x4_shuffle(v, v, 2, 3, 0, 1));
    return wasm_f32x4_extract_lane(wasm_f32x4_add(s, wasm_i32x4_shuffle(s, s, 1, 0, 3, 2)), 0);
  }
  static void hsum_each(const V* a, float* out) {
    // Interleave pairs and add: lane sums of a[0]..a[3] end up in lanes 0..3.
    const V a01 = wasm_f32x4_add(wasm_i32x4_shuffle(a[0], a[1], 0, 4, 1, 5), wasm_i32x4_shuffle(a[0], a[1], 2, 6, 3, 7));
    const V a23 = wasm_f32x4_add(wasm_i32x4_shuffle(a[2], a[3], 0, 4, 1, 5), wasm_i32x4_shuffle(a[2], a[3], 2, 6, 3, 7));
    wasm_v128_store(out, wasm_f32x4_add(wasm_i32x4_shuffle(a01, a23, 0, 1, 4, 5), wasm_i32x4_shuffle(a01, a23, 2, 3, 6, 7)));
  }
};

}  // namespace

void conv2d_direct_forward_f32_simd128(const ConvGeometry& g, const float* x, const float* w, const float* b,
                                   bool relu, float* y, float* scratch) {
  conv_direct::forward<Simd128Isa>(g, x, w, b, relu, y, scratch);
}

void conv2d_direct_filter_grad_f32_simd128(const ConvGeometry& g, const float* x, const float* dy, float* dw,
                                           float* scratch) {
  conv_direct::filter_grad<Simd128Isa>(g, x, dy, dw, scratch);
}

}  // namespace bn
