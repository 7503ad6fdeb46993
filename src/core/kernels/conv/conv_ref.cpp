// The reference convolution: the formula in conv.h written as direct loops, one per pass, each
// accumulating in double. It exists to be obviously right; the Conv2D layer's fast path (im2col
// + GEMM) and every GEMM variant under it are tested against it. No blocking, no SIMD.
#include "core/kernels/conv/conv.h"

namespace bn {

namespace {
// Offset of x[n, iy, ix, 0] in an (N, H, W, C) tensor.
inline size_t at(int n, int iy, int ix, int h, int w, int c) {
  return ((static_cast<size_t>(n) * h + iy) * w + ix) * c;
}
}  // namespace

void conv2d_forward_f32_ref(const ConvGeometry& g, const float* x, const float* w, const float* b, float* y) {
  for (int n = 0; n < g.n; ++n)
    for (int oy = 0; oy < g.out_h; ++oy)
      for (int ox = 0; ox < g.out_w; ++ox)
        for (int co = 0; co < g.cout; ++co) {
          double acc = b ? b[co] : 0.0;
          for (int ky = 0; ky < g.k; ++ky) {
            const int iy = oy * g.stride + ky - g.pad_top;
            if (iy < 0 || iy >= g.h) continue;
            for (int kx = 0; kx < g.k; ++kx) {
              const int ix = ox * g.stride + kx - g.pad_left;
              if (ix < 0 || ix >= g.w) continue;
              const float* xp = x + at(n, iy, ix, g.h, g.w, g.cin);
              const float* wp = w + (static_cast<size_t>(ky * g.k + kx) * g.cin) * g.cout + co;
              for (int ci = 0; ci < g.cin; ++ci) acc += static_cast<double>(xp[ci]) * wp[ci * g.cout];
            }
          }
          y[at(n, oy, ox, g.out_h, g.out_w, g.cout) + co] = static_cast<float>(acc);
        }
}

// Gathered per input element: x[n, iy, ix, ci] met w[ky, kx, ci, :] at the output pixel
// (oy, ox) with oy * stride + ky - pad_top == iy, when that pixel exists.
void conv2d_backward_data_f32_ref(const ConvGeometry& g, const float* dy, const float* w, float* dx) {
  for (int n = 0; n < g.n; ++n)
    for (int iy = 0; iy < g.h; ++iy)
      for (int ix = 0; ix < g.w; ++ix)
        for (int ci = 0; ci < g.cin; ++ci) {
          double acc = 0.0;
          for (int ky = 0; ky < g.k; ++ky) {
            const int ty = iy + g.pad_top - ky;
            if (ty < 0 || ty % g.stride != 0 || ty / g.stride >= g.out_h) continue;
            for (int kx = 0; kx < g.k; ++kx) {
              const int tx = ix + g.pad_left - kx;
              if (tx < 0 || tx % g.stride != 0 || tx / g.stride >= g.out_w) continue;
              const float* dyp = dy + at(n, ty / g.stride, tx / g.stride, g.out_h, g.out_w, g.cout);
              const float* wp = w + (static_cast<size_t>(ky * g.k + kx) * g.cin + ci) * g.cout;
              for (int co = 0; co < g.cout; ++co) acc += static_cast<double>(dyp[co]) * wp[co];
            }
          }
          dx[at(n, iy, ix, g.h, g.w, g.cin) + ci] = static_cast<float>(acc);
        }
}

void conv2d_backward_filter_f32_ref(const ConvGeometry& g, const float* x, const float* dy, float* dw, float* db) {
  for (int ky = 0; ky < g.k; ++ky)
    for (int kx = 0; kx < g.k; ++kx)
      for (int ci = 0; ci < g.cin; ++ci)
        for (int co = 0; co < g.cout; ++co) {
          double acc = 0.0;
          for (int n = 0; n < g.n; ++n)
            for (int oy = 0; oy < g.out_h; ++oy) {
              const int iy = oy * g.stride + ky - g.pad_top;
              if (iy < 0 || iy >= g.h) continue;
              for (int ox = 0; ox < g.out_w; ++ox) {
                const int ix = ox * g.stride + kx - g.pad_left;
                if (ix < 0 || ix >= g.w) continue;
                acc += static_cast<double>(x[at(n, iy, ix, g.h, g.w, g.cin) + ci]) *
                       dy[at(n, oy, ox, g.out_h, g.out_w, g.cout) + co];
              }
            }
          dw[(static_cast<size_t>(ky * g.k + kx) * g.cin + ci) * g.cout + co] += static_cast<float>(acc);
        }
  if (!db) return;
  for (int co = 0; co < g.cout; ++co) {
    double acc = 0.0;
    for (size_t p = 0; p < g.out_pixels(); ++p) acc += dy[p * g.cout + co];
    db[co] += static_cast<float>(acc);
  }
}

}  // namespace bn
