// Vector transcendental functions on f32x4 for the WebAssembly SIMD element-wise kernels: exp,
// expm1, log, log1p. Cephes-style (range reduction plus a short polynomial), within about 2 ulp
// of the correctly rounded result over the ranges stated per function; the eltwise tests hold
// them to the std:: functions the reference kernels use. Header-only, no tables, no state.
// Deliberately not here: fast-math shortcuts (no reciprocal estimates), and the errno or
// floating-point exception behaviour of <cmath>.
//
// Written for V8's lowering (Node 20, Chromium): pmin/pmax, one instruction each, rather than
// min/max, which V8 expands into NaN-handling sequences; and round-to-integer by adding
// 1.5 * 2^23 rather than nearest plus trunc_sat (a long sequence in V8). Together these made
// sigmoid 30% faster in Node.
#pragma once
#include <wasm_simd128.h>

namespace bn::simd128 {

inline v128_t f32x4(float v) { return wasm_f32x4_splat(v); }

// e^x for every float x: overflows to +inf past 88.72, underflows through the subnormals to 0
// below -103.9, NaN stays NaN. Error <= 2 ulp for normal results.
inline v128_t exp_f32x4(v128_t x) {
  // Beyond these bounds e^x is already inf or 0; clamping keeps 2^n within two normal factors.
  // pmin/pmax return x itself when x is NaN in this operand order.
  x = wasm_f32x4_pmax(wasm_f32x4_pmin(x, f32x4(89.f)), f32x4(-104.f));
  // x = n ln2 + r, |r| <= ln2 / 2. Adding 1.5 * 2^23 rounds x log2(e) to the integer n, which
  // then sits in the low mantissa bits of t. ln2 is split in two: 0.693359375 has 9 significant
  // bits, so n times it is exact.
  const v128_t shift = f32x4(12582912.f);
  const v128_t t = wasm_f32x4_add(wasm_f32x4_mul(x, f32x4(1.44269504088896341f)), shift);
  const v128_t n = wasm_f32x4_sub(t, shift);
  v128_t r = wasm_f32x4_sub(x, wasm_f32x4_mul(n, f32x4(0.693359375f)));
  r = wasm_f32x4_sub(r, wasm_f32x4_mul(n, f32x4(-2.12194440e-4f)));
  v128_t p = wasm_f32x4_add(wasm_f32x4_mul(f32x4(1.9875691500e-4f), r), f32x4(1.3981999507e-3f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), f32x4(8.3334519073e-3f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), f32x4(4.1665795894e-2f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), f32x4(1.6666665459e-1f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), f32x4(5.0000001201e-1f));
  p = wasm_f32x4_add(wasm_f32x4_add(wasm_f32x4_mul(wasm_f32x4_mul(p, r), r), r), f32x4(1.f));
  // n in [-150, 129]: 2^n as two factors, each a normal float, so the product rounds once into
  // the subnormals or to inf instead of wrapping the exponent field.
  const v128_t ni = wasm_i32x4_sub(t, shift);  // integer n: t's bits minus shift's bits
  const v128_t n1 = wasm_i32x4_shr(ni, 1), n2 = wasm_i32x4_sub(ni, n1);
  const v128_t bias = wasm_i32x4_splat(127);
  const v128_t s1 = wasm_i32x4_shl(wasm_i32x4_add(n1, bias), 23);
  const v128_t s2 = wasm_i32x4_shl(wasm_i32x4_add(n2, bias), 23);
  return wasm_f32x4_mul(wasm_f32x4_mul(p, s1), s2);
}

// e^x - 1 without the cancellation near 0: a Taylor polynomial for |x| < 0.5 (truncation below
// 0.25 ulp there), exp(x) - 1 elsewhere (no cancellation beyond 0.5). Error <= 3 ulp.
inline v128_t expm1_f32x4(v128_t x) {
  v128_t p = wasm_f32x4_add(wasm_f32x4_mul(f32x4(1.f / 40320.f), x), f32x4(1.f / 5040.f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, x), f32x4(1.f / 720.f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, x), f32x4(1.f / 120.f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, x), f32x4(1.f / 24.f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, x), f32x4(1.f / 6.f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, x), f32x4(0.5f));
  const v128_t near0 = wasm_f32x4_add(wasm_f32x4_mul(wasm_f32x4_mul(p, x), x), x);
  const v128_t far = wasm_f32x4_sub(exp_f32x4(x), f32x4(1.f));
  return wasm_v128_bitselect(near0, far, wasm_f32x4_lt(wasm_f32x4_abs(x), f32x4(0.5f)));
}

// ln(1 + f) + e ln2 for f in [sqrt(1/2) - 1, sqrt(2) - 1]: Cephes' logf polynomial, ln2 split
// in two as in exp_f32x4.
inline v128_t log_reduced_f32x4(v128_t f, v128_t fe) {
  const v128_t z = wasm_f32x4_mul(f, f);
  v128_t p = wasm_f32x4_add(wasm_f32x4_mul(f32x4(7.0376836292e-2f), f), f32x4(-1.1514610310e-1f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, f), f32x4(1.1676998740e-1f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, f), f32x4(-1.2420140846e-1f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, f), f32x4(1.4249322787e-1f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, f), f32x4(-1.6668057665e-1f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, f), f32x4(2.0000714765e-1f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, f), f32x4(-2.4999993993e-1f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, f), f32x4(3.3333331174e-1f));
  v128_t y = wasm_f32x4_mul(wasm_f32x4_mul(p, f), z);
  y = wasm_f32x4_add(y, wasm_f32x4_mul(fe, f32x4(-2.12194440e-4f)));
  y = wasm_f32x4_sub(y, wasm_f32x4_mul(z, f32x4(0.5f)));
  return wasm_f32x4_add(wasm_f32x4_add(f, y), wasm_f32x4_mul(fe, f32x4(0.693359375f)));
}

// ln x for positive, normal, finite x (the callers clip their inputs into that range; zero,
// negative, subnormal, inf and NaN inputs give unspecified values). Error <= 2 ulp.
inline v128_t log_f32x4(v128_t x) {
  // x = m 2^e with m in [sqrt(1/2), sqrt(2)): ln x = ln(1 + (m - 1)) + e ln2, m - 1 exact.
  v128_t e = wasm_i32x4_sub(wasm_u32x4_shr(x, 23), wasm_i32x4_splat(126));
  const v128_t m = wasm_v128_or(wasm_v128_and(x, wasm_i32x4_splat(0x007fffff)), wasm_i32x4_splat(0x3f000000));
  const v128_t below = wasm_f32x4_lt(m, f32x4(0.707106781186547524f));  // m in [0.5, 1) so far
  e = wasm_i32x4_add(e, below);  // the mask is -1 where m doubles
  const v128_t f = wasm_f32x4_add(wasm_f32x4_sub(m, f32x4(1.f)), wasm_v128_and(m, below));
  return log_reduced_f32x4(f, wasm_f32x4_convert_i32x4(e));
}

// ln(1 + t) for t in [0, 1] (softplus feeds it e^-|x|). 1 + t is never formed, so tiny t keep
// full relative accuracy: below sqrt(2) - 1, f = t itself; above, 1 + t = 2 (1 + f) with
// f = (t - 1) / 2, exact for t >= 1/2 and within half an ulp of f below. Error <= 2 ulp.
inline v128_t log1p_f32x4(v128_t t) {
  const v128_t high = wasm_f32x4_ge(t, f32x4(0.41421356237309505f));
  const v128_t f = wasm_v128_bitselect(wasm_f32x4_mul(wasm_f32x4_sub(t, f32x4(1.f)), f32x4(0.5f)), t, high);
  return log_reduced_f32x4(f, wasm_v128_and(high, f32x4(1.f)));
}

}  // namespace bn::simd128
