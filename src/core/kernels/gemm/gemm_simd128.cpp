// WebAssembly SIMD GEMM: C (m x n) = alpha * op(A) * op(B) + beta * C, for every transpose form.
//
// Both operands are packed into the Workspace, so the micro-kernel sees one layout whatever the
// transpose form or leading dimension: A into panels of 4 rows (4 x kc, stored p-major: 4 floats
// per p), B into panels of 8 columns (kc x 8, 8 floats per p). Panels past the matrix edge are
// zero-padded in the scratch; the edge tiles compute a full 4 x 8 block and write back only the
// part inside C. K is split into near-equal blocks of at most kKcMax so the A panel (4 KB) and
// B panel (8 KB) of one tile stay in L1; the first block applies beta, the later ones add.
// Scratch: gemm_scratch_floats(m, n, k) floats from `ws`; a caller that reserved them beforehand
// never allocates here, and if the Workspace cannot grow the reference loops run instead.
// C must not overlap A or B.
//
// The 4 x 8 tile (8 f32x4 accumulators, mul then add) is the largest that V8 keeps in registers:
// wasm has no FMA in this toolchain (no relaxed SIMD), and V8 hoists the A splats above the
// arithmetic, so 5 x 8 or 6 x 8 tiles spill and run slower (see WASM-LIMITS.md). Nothing here
// is threaded; no loads or stores assume alignment, and none touch memory outside the operands.
#include <wasm_simd128.h>

#include <cstddef>

#include "core/kernels/gemm/gemm.h"

namespace bn {

namespace {

constexpr int kMr = 4;  // tile rows: A panel height
constexpr int kNr = 8;  // tile columns: B panel width
// Longest K block. 264 makes k = 784 (the MNIST input) three blocks of 262/262/260.
constexpr int kKcMax = 264;
// Rows of A packed at once: bounds the packed A block (kMcMax x kc floats, about 264 KB) so that
// it and the packed B block (kc x n), which every row panel sweeps, stay in L2 together.
constexpr int kMcMax = 256;

using Index = std::ptrdiff_t;

int round_up(int v, int to) { return (v + to - 1) / to * to; }

// Length of each K block: k split into the fewest blocks of at most kKcMax, evened out so the
// last block is not a short remainder.
int k_block(int k) {
  const int blocks = (k + kKcMax - 1) / kKcMax;
  return (k + blocks - 1) / blocks;
}

// Transposes the 4 x 4 block held in rows r0..r3 in place (r_i becomes column i).
inline void transpose4(v128_t& r0, v128_t& r1, v128_t& r2, v128_t& r3) {
  const v128_t t0 = wasm_i32x4_shuffle(r0, r1, 0, 4, 1, 5), t1 = wasm_i32x4_shuffle(r0, r1, 2, 6, 3, 7);
  const v128_t t2 = wasm_i32x4_shuffle(r2, r3, 0, 4, 1, 5), t3 = wasm_i32x4_shuffle(r2, r3, 2, 6, 3, 7);
  r0 = wasm_i32x4_shuffle(t0, t2, 0, 1, 4, 5);
  r1 = wasm_i32x4_shuffle(t0, t2, 2, 3, 6, 7);
  r2 = wasm_i32x4_shuffle(t1, t3, 0, 1, 4, 5);
  r3 = wasm_i32x4_shuffle(t1, t3, 2, 3, 6, 7);
}

// Packs rows [i0, i0 + rows) x K range [p0, p0 + kc) of op(A) into panels of kMr rows:
// out[panel * kMr * kc + p * kMr + r] = op(A)[i0 + panel * kMr + r][p0 + p], zero past row m.
// A is m x k (lda) when ta == kNo, else k x m (lda).
void pack_a(Trans ta, const float* a, int lda, int i0, int rows, int p0, int kc, float* out) {
  for (int ib = 0; ib < rows; ib += kMr, out += kMr * kc) {
    const int i = i0 + ib, mr = rows - ib < kMr ? rows - ib : kMr;
    if (ta == Trans::kYes) {
      // op(A)[i + r][p] = a[p][i + r]: the 4 rows of a panel are 4 adjacent floats of A's row p.
      for (int p = 0; p < kc; ++p) {
        const float* src = a + static_cast<Index>(p0 + p) * lda + i;
        if (mr == kMr) {
          wasm_v128_store(out + p * kMr, wasm_v128_load(src));
        } else {
          for (int r = 0; r < kMr; ++r) out[p * kMr + r] = r < mr ? src[r] : 0.f;
        }
      }
    } else if (mr == kMr) {
      const float* s0 = a + static_cast<Index>(i) * lda + p0;
      const float* s1 = s0 + lda;
      const float* s2 = s1 + lda;
      const float* s3 = s2 + lda;
      int p = 0;
      for (; p + 4 <= kc; p += 4) {
        v128_t r0 = wasm_v128_load(s0 + p), r1 = wasm_v128_load(s1 + p);
        v128_t r2 = wasm_v128_load(s2 + p), r3 = wasm_v128_load(s3 + p);
        transpose4(r0, r1, r2, r3);
        wasm_v128_store(out + p * kMr, r0);
        wasm_v128_store(out + p * kMr + 4, r1);
        wasm_v128_store(out + p * kMr + 8, r2);
        wasm_v128_store(out + p * kMr + 12, r3);
      }
      for (; p < kc; ++p) {
        out[p * kMr + 0] = s0[p];
        out[p * kMr + 1] = s1[p];
        out[p * kMr + 2] = s2[p];
        out[p * kMr + 3] = s3[p];
      }
    } else {
      for (int p = 0; p < kc; ++p)
        for (int r = 0; r < kMr; ++r) out[p * kMr + r] = r < mr ? a[static_cast<Index>(i + r) * lda + p0 + p] : 0.f;
    }
  }
}

// Packs all n columns x K range [p0, p0 + kc) of op(B) into panels of kNr columns:
// out[panel * kNr * kc + p * kNr + c] = op(B)[p0 + p][panel * kNr + c], zero past column n.
// B is k x n (ldb) when tb == kNo, else n x k (ldb).
void pack_b(Trans tb, const float* b, int ldb, int n, int p0, int kc, float* out) {
  for (int j = 0; j < n; j += kNr, out += kNr * kc) {
    const int nr = n - j < kNr ? n - j : kNr;
    if (tb == Trans::kNo) {
      for (int p = 0; p < kc; ++p) {
        const float* src = b + static_cast<Index>(p0 + p) * ldb + j;
        if (nr == kNr) {
          wasm_v128_store(out + p * kNr, wasm_v128_load(src));
          wasm_v128_store(out + p * kNr + 4, wasm_v128_load(src + 4));
        } else {
          for (int c = 0; c < kNr; ++c) out[p * kNr + c] = c < nr ? src[c] : 0.f;
        }
      }
    } else if (nr == kNr) {
      // op(B)[p][j + c] = b[j + c][p]: transpose 4 p's of 8 rows as two 4 x 4 blocks.
      const float* s[kNr];
      for (int c = 0; c < kNr; ++c) s[c] = b + static_cast<Index>(j + c) * ldb + p0;
      int p = 0;
      for (; p + 4 <= kc; p += 4) {
        v128_t r0 = wasm_v128_load(s[0] + p), r1 = wasm_v128_load(s[1] + p);
        v128_t r2 = wasm_v128_load(s[2] + p), r3 = wasm_v128_load(s[3] + p);
        v128_t r4 = wasm_v128_load(s[4] + p), r5 = wasm_v128_load(s[5] + p);
        v128_t r6 = wasm_v128_load(s[6] + p), r7 = wasm_v128_load(s[7] + p);
        transpose4(r0, r1, r2, r3);
        transpose4(r4, r5, r6, r7);
        float* o = out + p * kNr;
        wasm_v128_store(o, r0);
        wasm_v128_store(o + 4, r4);
        wasm_v128_store(o + 8, r1);
        wasm_v128_store(o + 12, r5);
        wasm_v128_store(o + 16, r2);
        wasm_v128_store(o + 20, r6);
        wasm_v128_store(o + 24, r3);
        wasm_v128_store(o + 28, r7);
      }
      for (; p < kc; ++p)
        for (int c = 0; c < kNr; ++c) out[p * kNr + c] = s[c][p];
    } else {
      for (int p = 0; p < kc; ++p)
        for (int c = 0; c < kNr; ++c) out[p * kNr + c] = c < nr ? b[static_cast<Index>(j + c) * ldb + p0 + p] : 0.f;
    }
  }
}

// Writes alpha * acc (+ beta * C unless beta == 0) into one row of up to 8 columns of C.
inline void store_row(float* c, v128_t lo, v128_t hi, v128_t valpha, float beta, int cols) {
  lo = wasm_f32x4_mul(lo, valpha);
  hi = wasm_f32x4_mul(hi, valpha);
  if (cols == kNr) {
    if (beta != 0.f) {
      const v128_t vbeta = wasm_f32x4_splat(beta);
      lo = wasm_f32x4_add(lo, wasm_f32x4_mul(vbeta, wasm_v128_load(c)));
      hi = wasm_f32x4_add(hi, wasm_f32x4_mul(vbeta, wasm_v128_load(c + 4)));
    }
    wasm_v128_store(c, lo);
    wasm_v128_store(c + 4, hi);
    return;
  }
  float t[kNr];
  wasm_v128_store(t, lo);
  wasm_v128_store(t + 4, hi);
  for (int j = 0; j < cols; ++j) c[j] = beta == 0.f ? t[j] : t[j] + beta * c[j];
}

// One 4 x 8 tile: C[0..rows) x [0..cols) = alpha * Apanel * Bpanel + beta * C (beta == 0: C
// is not read). ap: kc x 4 packed A, bp: kc x 8 packed B.
void tile_4x8(int kc, const float* ap, const float* bp, float alpha, float beta, float* c, int ldc, int rows,
              int cols) {
  v128_t c00 = wasm_f32x4_splat(0.f), c01 = c00, c10 = c00, c11 = c00;
  v128_t c20 = c00, c21 = c00, c30 = c00, c31 = c00;
  for (int p = 0; p < kc; ++p, ap += kMr, bp += kNr) {
    const v128_t b0 = wasm_v128_load(bp), b1 = wasm_v128_load(bp + 4);
    const v128_t a0 = wasm_v128_load32_splat(ap), a1 = wasm_v128_load32_splat(ap + 1);
    c00 = wasm_f32x4_add(c00, wasm_f32x4_mul(a0, b0));
    c01 = wasm_f32x4_add(c01, wasm_f32x4_mul(a0, b1));
    c10 = wasm_f32x4_add(c10, wasm_f32x4_mul(a1, b0));
    c11 = wasm_f32x4_add(c11, wasm_f32x4_mul(a1, b1));
    const v128_t a2 = wasm_v128_load32_splat(ap + 2), a3 = wasm_v128_load32_splat(ap + 3);
    c20 = wasm_f32x4_add(c20, wasm_f32x4_mul(a2, b0));
    c21 = wasm_f32x4_add(c21, wasm_f32x4_mul(a2, b1));
    c30 = wasm_f32x4_add(c30, wasm_f32x4_mul(a3, b0));
    c31 = wasm_f32x4_add(c31, wasm_f32x4_mul(a3, b1));
  }
  const v128_t valpha = wasm_f32x4_splat(alpha);
  store_row(c, c00, c01, valpha, beta, cols);
  if (rows > 1) store_row(c + ldc, c10, c11, valpha, beta, cols);
  if (rows > 2) store_row(c + 2 * static_cast<Index>(ldc), c20, c21, valpha, beta, cols);
  if (rows > 3) store_row(c + 3 * static_cast<Index>(ldc), c30, c31, valpha, beta, cols);
}

// k == 0: the product is empty, C = beta * C.
void scale_c(int m, int n, float beta, float* c, int ldc) {
  for (int i = 0; i < m; ++i)
    for (int j = 0; j < n; ++j) {
      float& v = c[static_cast<Index>(i) * ldc + j];
      v = beta == 0.f ? 0.f : beta * v;
    }
}

}  // namespace

size_t gemm_scratch_floats(int m, int n, int k) {
  if (m <= 0 || n <= 0 || k <= 0) return 0;
  const int mc = m < kMcMax ? m : kMcMax;
  // min(k, kKcMax) bounds k_block(k) and, unlike it, never shrinks as k grows: scratch reserved
  // for a full batch then also covers the shorter last batch.
  const int kc = k < kKcMax ? k : kKcMax;
  return static_cast<size_t>(kc) * (round_up(mc, kMr) + round_up(n, kNr));
}

void gemm_f32_simd128(Trans ta, Trans tb, int m, int n, int k, float alpha, const float* a, int lda,
                      const float* b, int ldb, float beta, float* c, int ldc, Workspace& ws) {
  if (m <= 0 || n <= 0) return;
  if (k <= 0) return scale_c(m, n, beta, c, ldc);
  float* scratch = ws.floats(gemm_scratch_floats(m, n, k));
  // Out of memory for the packing: still give the right answer, slowly.
  if (!scratch) return gemm_f32_ref(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, ws);

  const int kc_max = k_block(k);
  float* bpack = scratch;
  float* apack = scratch + static_cast<size_t>(kc_max) * round_up(n, kNr);
  for (int p0 = 0; p0 < k; p0 += kc_max) {
    const int kc = k - p0 < kc_max ? k - p0 : kc_max;
    const float beta_block = p0 == 0 ? beta : 1.f;  // later K blocks add to the first one's result
    pack_b(tb, b, ldb, n, p0, kc, bpack);
    for (int i0 = 0; i0 < m; i0 += kMcMax) {
      const int mc = m - i0 < kMcMax ? m - i0 : kMcMax;
      pack_a(ta, a, lda, i0, mc, p0, kc, apack);
      for (int ib = 0; ib < mc; ib += kMr) {
        const float* ap = apack + static_cast<size_t>(ib) * kc;
        const int rows = mc - ib < kMr ? mc - ib : kMr;
        float* crow = c + static_cast<Index>(i0 + ib) * ldc;
        for (int j = 0; j < n; j += kNr) {
          const int cols = n - j < kNr ? n - j : kNr;
          tile_4x8(kc, ap, bpack + static_cast<size_t>(j) * kc, alpha, beta_block, crow + j, ldc, rows, cols);
        }
      }
    }
  }
}

}  // namespace bn
