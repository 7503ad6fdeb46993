// im2col / col2im for NHWC and the other data movement around the Conv2D layer's GEMMs: kernel
// re-layouts and the tap sum of the tap-form forward pass. In NHWC one kernel row of a window
// (k pixels x Cin channels) is contiguous in x, so an im2col row is k block copies plus zeros
// where the window hangs over the edge; col2im adds the same blocks back.
// Not here: the arithmetic (GEMM), buffer sizes or chunking (the layer decides those).
#include <algorithm>
#include <cstddef>
#include <cstring>

#include "core/kernels/conv/conv.h"

namespace bn {

namespace {

// The output pixel an im2col row belongs to, advanced one row at a time.
struct PixelCursor {
  size_t n;
  int oy, ox;
  PixelCursor(const ConvGeometry& g, size_t row) {
    const size_t plane = static_cast<size_t>(g.out_h) * g.out_w;
    n = row / plane;
    const int rem = static_cast<int>(row % plane);
    oy = rem / g.out_w;
    ox = rem % g.out_w;
  }
  void next(const ConvGeometry& g) {
    if (++ox < g.out_w) return;
    ox = 0;
    if (++oy < g.out_h) return;
    oy = 0;
    ++n;
  }
};

// The window's columns inside the image, [lo, hi) in kernel coordinates, and where it starts.
struct WindowCols {
  int lo, hi, ix0;
  WindowCols(const ConvGeometry& g, int ox) {
    ix0 = ox * g.stride - g.pad_left;
    lo = std::max(0, -ix0);
    hi = std::min(g.k, g.w - ix0);
  }
};

// Short copies and fills written as fixed-size block moves: a library call per 3- to 48-float
// run costs more than the move itself (and compilers turn plain loops back into such calls).
inline void copy_floats(float* dst, const float* src, int n) {
  int i = 0;
  for (; i + 8 <= n; i += 8) std::memcpy(dst + i, src + i, 8 * sizeof(float));
  for (; i < n; ++i) std::memcpy(dst + i, src + i, sizeof(float));
}

inline void zero_floats(float* dst, int n) {
  const float zeros[8] = {};
  int i = 0;
  for (; i + 8 <= n; i += 8) std::memcpy(dst + i, zeros, 8 * sizeof(float));
  for (; i < n; ++i) dst[i] = 0.f;
}

// floor(a / b) for b > 0, also for negative a (C++ division truncates toward zero).
inline int floor_div(int a, int b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

// Output columns [lo, hi) (within [0, out_w)) whose input column ox * stride + shift is in [0, w).
inline void inside_columns(const ConvGeometry& g, int shift, int& lo, int& hi) {
  lo = std::max(0, floor_div(-shift + g.stride - 1, g.stride));
  hi = std::max(lo, std::min(g.out_w, floor_div(g.w - 1 - shift, g.stride) + 1));
}

}  // namespace

// Works along runs of output pixels in one output row, so the row's input line and the range of
// columns whose window lies wholly inside the image (a straight copy) are found once per run.
void im2col_f32(const ConvGeometry& g, const float* x, size_t first, size_t rows, float* col) {
  const int kc = g.k * g.cin, width = g.k * kc;  // floats per kernel row, per im2col row
  const size_t image = static_cast<size_t>(g.h) * g.w * g.cin;
  // Output columns [in_lo, in_hi) have windows inside the image.
  const int in_lo = std::min(g.out_w, (g.pad_left + g.stride - 1) / g.stride);
  const int last = g.w + g.pad_left - g.k;  // largest window start (padded coordinates) that fits
  const int in_hi = std::max(in_lo, std::min(g.out_w, last < 0 ? 0 : last / g.stride + 1));
  const size_t step = static_cast<size_t>(g.stride) * g.cin;
  PixelCursor p(g, first);
  for (size_t r = 0; r < rows;) {
    const int ox0 = p.ox, ox1 = ox0 + static_cast<int>(std::min<size_t>(g.out_w - ox0, rows - r));
    const float* img = x + p.n * image;
    for (int ky = 0; ky < g.k; ++ky) {
      float* d = col + r * width + ky * kc;
      const int iy = p.oy * g.stride + ky - g.pad_top;
      if (iy < 0 || iy >= g.h) {
        for (int ox = ox0; ox < ox1; ++ox, d += width) zero_floats(d, kc);
        continue;
      }
      const float* line = img + static_cast<size_t>(iy) * g.w * g.cin;
      auto edge = [&](int ox) {  // a window hanging over the left or right edge
        const WindowCols wc(g, ox);
        const int lo = wc.lo * g.cin, hi = std::max(wc.hi * g.cin, lo);
        zero_floats(d, lo);
        copy_floats(d + lo, line + (static_cast<std::ptrdiff_t>(wc.ix0) * g.cin + lo), hi - lo);
        zero_floats(d + hi, kc - hi);
      };
      int ox = ox0;
      for (; ox < std::min(ox1, in_lo); ++ox, d += width) edge(ox);
      const int mid = std::min(ox1, in_hi);
      if (ox < mid) {
        const float* src = line + (static_cast<size_t>(ox) * g.stride - g.pad_left) * g.cin;
        for (; ox < mid; ++ox, d += width, src += step) copy_floats(d, src, kc);
      }
      for (; ox < ox1; ++ox, d += width) edge(ox);
    }
    r += ox1 - ox0;
    p.ox = ox1 - 1;
    p.next(g);
  }
}

// Per run of output pixels in one output row and per column (ky, kx, ci): zeros, a copy (one
// contiguous run when Cin == 1 and stride == 1, strided otherwise), zeros.
void im2col_planar_f32(const ConvGeometry& g, const float* x, size_t first, size_t rows, float* col) {
  const size_t image = static_cast<size_t>(g.h) * g.w * g.cin;
  PixelCursor p(g, first);
  for (size_t r = 0; r < rows;) {
    const int ox0 = p.ox, ox1 = ox0 + static_cast<int>(std::min<size_t>(g.out_w - ox0, rows - r));
    const float* img = x + p.n * image;
    for (int ky = 0; ky < g.k; ++ky) {
      const int iy = p.oy * g.stride + ky - g.pad_top;
      const bool inside = iy >= 0 && iy < g.h;
      for (int kx = 0; kx < g.k; ++kx) {
        // Output columns [lo, hi) of this run read input columns inside the image.
        const int shift = kx - g.pad_left;
        int lo = ox1, hi = ox1;
        if (inside) {
          inside_columns(g, shift, lo, hi);
          lo = std::min(std::max(lo, ox0), ox1);
          hi = std::min(std::max(hi, lo), ox1);
        }
        for (int ci = 0; ci < g.cin; ++ci) {
          float* d = col + static_cast<size_t>((ky * g.k + kx) * g.cin + ci) * rows + r;  // column ox0
          zero_floats(d, lo - ox0);
          if (lo < hi) {
            const float* src = img + (static_cast<size_t>(iy) * g.w + lo * g.stride + shift) * g.cin + ci;
            const size_t step = static_cast<size_t>(g.stride) * g.cin;
            if (step == 1) copy_floats(d + (lo - ox0), src, hi - lo);
            else
              for (int ox = lo; ox < hi; ++ox) d[ox - ox0] = src[(ox - lo) * step];
          }
          zero_floats(d + (hi - ox0), ox1 - hi);
        }
      }
    }
    r += ox1 - ox0;
    p.ox = ox1 - 1;
    p.next(g);
  }
}

void col2im_f32(const ConvGeometry& g, const float* col, size_t first, size_t rows, float* dx) {
  const int kc = g.k * g.cin;
  const size_t image = static_cast<size_t>(g.h) * g.w * g.cin;
  PixelCursor p(g, first);
  for (size_t r = 0; r < rows; ++r, p.next(g)) {
    float* img = dx + p.n * image;
    const WindowCols wc(g, p.ox);
    for (int ky = 0; ky < g.k; ++ky, col += kc) {
      const int iy = p.oy * g.stride + ky - g.pad_top;
      if (iy < 0 || iy >= g.h || wc.lo >= wc.hi) continue;
      const int lo = wc.lo * g.cin, hi = wc.hi * g.cin;
      float* dst = img + (static_cast<size_t>(iy) * g.w + wc.ix0 + wc.lo) * g.cin;
      for (int i = 0; i < hi - lo; ++i) dst[i] += col[lo + i];
    }
  }
}

ConvGeometry conv2d_transposed_geometry(const ConvGeometry& g) {
  ConvGeometry t;
  t.n = g.n;
  t.h = g.out_h;
  t.w = g.out_w;
  t.cin = g.cout;
  t.k = g.k;
  t.stride = 1;
  t.pad_top = g.k - 1 - g.pad_top;
  t.pad_left = g.k - 1 - g.pad_left;
  t.out_h = g.h;
  t.out_w = g.w;
  t.cout = g.cin;
  return t;
}

void conv2d_flip_filter_f32(int k, int cin, int cout, const float* w, float* wf) {
  for (int ky = 0; ky < k; ++ky)
    for (int kx = 0; kx < k; ++kx) {
      const float* src = w + static_cast<size_t>((k - 1 - ky) * k + (k - 1 - kx)) * cin * cout;
      float* dst = wf + static_cast<size_t>(ky * k + kx) * cout * cin;
      for (int ci = 0; ci < cin; ++ci)
        for (int co = 0; co < cout; ++co) dst[co * cin + ci] = src[ci * cout + co];
    }
}

void conv2d_add_unflipped_grad_f32(int k, int cin, int cout, const float* gt, float* dw) {
  const int taps = k * k;
  for (int t = 0; t < taps; ++t) {
    const float* src = gt + static_cast<size_t>(taps - 1 - t) * cout;  // tap (k-1-ky, k-1-kx)
    float* dst = dw + static_cast<size_t>(t) * cin * cout;
    for (int ci = 0; ci < cin; ++ci)
      for (int co = 0; co < cout; ++co) dst[ci * cout + co] += src[static_cast<size_t>(ci) * taps * cout + co];
  }
}

void conv2d_filter_by_input_f32(int k, int cin, int cout, const float* w, float* wt) {
  const int taps = k * k;
  for (int t = 0; t < taps; ++t)
    for (int ci = 0; ci < cin; ++ci)
      for (int co = 0; co < cout; ++co)
        wt[(static_cast<size_t>(ci) * taps + t) * cout + co] = w[(static_cast<size_t>(t) * cin + ci) * cout + co];
}

// Each output row of channel co is the sum of k*k shifted runs of zt's rows.
void conv2d_tap_sum_f32(const ConvGeometry& g, const float* zt, size_t ldz, int iy0, int oy0, int oy1, float* yt,
                        size_t ldy) {
  for (int co = 0; co < g.cout; ++co)
    for (int oy = oy0; oy < oy1; ++oy) {
      float* yrow = yt + co * ldy + static_cast<size_t>(oy - oy0) * g.out_w;
      for (int ox = 0; ox < g.out_w; ++ox) yrow[ox] = 0.f;
      for (int ky = 0; ky < g.k; ++ky) {
        const int iy = oy * g.stride + ky - g.pad_top;
        if (iy < 0 || iy >= g.h) continue;
        for (int kx = 0; kx < g.k; ++kx) {
          const int shift = kx - g.pad_left;
          int lo, hi;
          inside_columns(g, shift, lo, hi);
          if (lo >= hi) continue;
          const float* zrow = zt + static_cast<size_t>((ky * g.k + kx) * g.cout + co) * ldz +
                              static_cast<size_t>(iy - iy0) * g.w;
          if (g.stride == 1) {
            const float* src = zrow + (lo + shift);
            for (int ox = lo; ox < hi; ++ox) yrow[ox] += src[ox - lo];
          } else {
            for (int ox = lo; ox < hi; ++ox) yrow[ox] += zrow[ox * g.stride + shift];
          }
        }
      }
    }
}

}  // namespace bn
