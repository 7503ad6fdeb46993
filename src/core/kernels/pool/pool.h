// Pooling and upsampling kernels, NHWC as in Keras: max pooling with 'valid' or 'same' windows
// and nearest-neighbour upsampling, forward and backward, as plain loops. They move a few floats
// per output and do no arithmetic worth vectorising by hand (the channel loops are contiguous
// and auto-vectorise), so the reference loops are the only variant: *_f32_ref.
// Not here: the padding formulas (layers/padding.h produces pad_top/pad_left and out sizes).
#pragma once
#include <cstddef>

namespace bn {

// x: (N, H, W, C) -> y: (N, OH, OW, C); window pool x pool, moved by stride, starting pad_top /
// pad_left positions before the image. Positions outside the image never win (Keras's 'same'
// pads with -infinity); every window the padding formulas produce holds at least one pixel.
struct PoolGeometry {
  int n = 0, h = 0, w = 0, c = 0;
  int pool = 2, stride = 2;
  int pad_top = 0, pad_left = 0;
  int out_h = 0, out_w = 0;
};

// y = max over each window.
void maxpool2d_forward_f32_ref(const PoolGeometry& g, const float* x, float* y);
// dx = dy routed to each window's maximum (the first in row-major window order on ties), found
// again by comparing x with y; overlapping windows add. OVERWRITES dx (N, H, W, C).
void maxpool2d_backward_f32_ref(const PoolGeometry& g, const float* x, const float* y, const float* dy, float* dx);

// Nearest neighbour: x (N, H, W, C) -> y (N, H * size, W * size, C), y[n, oy, ox] = x[n, oy / size, ox / size].
void upsample2d_forward_f32_ref(int n, int h, int w, int c, int size, const float* x, float* y);
// dx[n, iy, ix] = sum of the size x size block of dy it was copied to. OVERWRITES dx.
void upsample2d_backward_f32_ref(int n, int h, int w, int c, int size, const float* dy, float* dx);

}  // namespace bn
