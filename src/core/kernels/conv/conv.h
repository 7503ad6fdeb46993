// 2-D convolution kernels, NHWC as in Keras: the direct reference loops, and the im2col / col2im
// copies that turn a convolution into the GEMMs the Conv2D layer's fast path runs.
//
// Layouts (row-major, last dimension fastest):
//   x:  (N, H, W, Cin)       w: (k, k, Cin, Cout), Keras's kernel layout     b: (Cout)
//   y:  (N, OH, OW, Cout)    col: (rows, k * k * Cin), one row per output pixel
// y[n, oy, ox, co] = b[co] + sum over ky, kx, ci of
//                    x[n, oy * stride + ky - pad_top, ox * stride + kx - pad_left, ci] * w[ky, kx, ci, co]
// where x outside the image counts as zero. Viewed as matrices, w is (k * k * Cin) x Cout and
// the im2col matrix's columns follow the same (ky, kx, ci) order, so y = col * w + b.
//
// The im2col matrix of a whole batch has N * OH * OW rows; im2col_f32 and col2im_f32 work on any
// contiguous range of them (a chunk may start and end in the middle of an image), so a layer can
// keep its column buffer small. Variants: the reference loops are *_f32_ref; im2col / col2im are
// plain copies with no SIMD twin (they are memory moves, not arithmetic).
// Not here: activations, the choice of padding (ConvGeometry takes the offsets it produced, see
// layers/padding.h), GEMM, or any buffer management.
#pragma once
#include <cstddef>

namespace bn {

struct ConvGeometry {
  int n = 0;                       // batch
  int h = 0, w = 0, cin = 0;       // input image
  int k = 1;                       // square kernel k x k
  int stride = 1;
  int pad_top = 0, pad_left = 0;   // zero rows/columns before the image (>= 0)
  int out_h = 0, out_w = 0, cout = 0;

  int col_width() const { return k * k * cin; }                      // floats per im2col row
  size_t out_pixels() const { return static_cast<size_t>(n) * out_h * out_w; }  // im2col rows
};

// The geometry whose forward convolution is the input gradient of a stride-1 convolution `g`:
// input dy (N, OH, OW, Cout), kernel flipped and transposed by conv2d_flip_filter_f32, output
// (N, H, W, Cin), offsets k - 1 - pad. Only valid for g.stride == 1. Its im2col matrix (one row
// per input pixel q, columns (ky, kx, co)) also gives the kernel gradient of `g`:
//   dw[ky, kx, ci, co] = sum over q of x[q, ci] * colT[q, (k - 1 - ky, k - 1 - kx, co)]
// so one im2col of dy serves both backward GEMMs (conv2d_add_unflipped_grad_f32 maps it back).
ConvGeometry conv2d_transposed_geometry(const ConvGeometry& g);
// wf[ky, kx, co, ci] = w[k - 1 - ky, k - 1 - kx, ci, co]: the kernel of that transposed convolution.
//   w: (k, k, cin, cout)   wf: (k, k, cout, cin)
void conv2d_flip_filter_f32(int k, int cin, int cout, const float* w, float* wf);
// dw[ky, kx, ci, co] += gt[ci, (k - 1 - ky, k - 1 - kx, co)]; ACCUMULATES.
//   gt: (cin, k, k, cout), the product x^T colT above   dw: (k, k, cin, cout)
void conv2d_add_unflipped_grad_f32(int k, int cin, int cout, const float* gt, float* dw);

// Tap form of the forward pass, for kernels with fewer outputs than inputs: every input pixel's
// contribution to each kernel tap (k * k * Cout floats per pixel instead of im2col's k * k * Cin),
// computed as one GEMM, then summed into place. Planar layouts (one row per tap and channel,
// one column per pixel) make the sum a few shifted, contiguous row additions:
//   wt[ci, ky, kx, co] = w[ky, kx, ci, co]                 wt: (Cin, k, k, Cout)
//   zt[(ky, kx, co), q] = sum over ci of x[q, ci] * wt[ci, ky, kx, co]      (zt = wt^T x^T)
//   yt[co, p] = sum over ky, kx of zt[(ky, kx, co), q(p, ky, kx)]   (zero where q is padding)
void conv2d_filter_by_input_f32(int k, int cin, int cout, const float* w, float* wt);
// Writes yt for output rows [oy0, oy1) of one image: yt points at that image's first output row
// oy0 (row stride ldy floats per channel); zt points at the taps of its input row iy0 (row
// stride ldz), and holds every input row those outputs see. yt is written, not read.
void conv2d_tap_sum_f32(const ConvGeometry& g, const float* zt, size_t ldz, int iy0, int oy0, int oy1, float* yt,
                        size_t ldy);

// Reference loops, accumulating in double. b may be null (no bias).
// y = conv(x, w) + b; y is written, not read.
void conv2d_forward_f32_ref(const ConvGeometry& g, const float* x, const float* w, const float* b, float* y);
// dx = dL/dx given dy = dL/dy; OVERWRITES dx (N, H, W, Cin).
void conv2d_backward_data_f32_ref(const ConvGeometry& g, const float* dy, const float* w, float* dx);
// dw += dL/dw (k, k, Cin, Cout) and db += dL/db (Cout); ACCUMULATE. db may be null.
void conv2d_backward_filter_f32_ref(const ConvGeometry& g, const float* x, const float* dy, float* dw, float* db);

// col (rows x col_width) = rows [first, first + rows) of the im2col matrix of x; zeros where the
// window hangs over the image edge. Writes exactly rows * col_width floats.
void im2col_f32(const ConvGeometry& g, const float* x, size_t first, size_t rows, float* col);
// The same rows, transposed: col (col_width x rows), one row per (ky, kx, ci). With Cin == 1 each
// of its rows is a shifted run of image rows, copied whole instead of a few floats per pixel.
void im2col_planar_f32(const ConvGeometry& g, const float* x, size_t first, size_t rows, float* col);
// The adjoint: dx += the scatter of col (rows x col_width) for im2col rows [first, first + rows);
// entries that fell on padding are dropped. ACCUMULATES into dx (N, H, W, Cin).
void col2im_f32(const ConvGeometry& g, const float* col, size_t first, size_t rows, float* dx);

}  // namespace bn
