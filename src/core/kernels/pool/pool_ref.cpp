// Max pooling and nearest-neighbour upsampling as direct loops over output pixels, channels
// innermost (contiguous in NHWC, so the compiler vectorises them). The max-pool backward keeps
// no argmax from the forward pass: it finds each window's first element equal to the output.
#include <algorithm>
#include <cstring>

#include "core/kernels/pool/pool.h"

namespace bn {

namespace {
// Window rows [y0, y1) and columns [x0, x1) of output pixel (oy, ox), clipped to the image.
struct Window {
  int y0, y1, x0, x1;
  Window(const PoolGeometry& g, int oy, int ox) {
    y0 = std::max(oy * g.stride - g.pad_top, 0);
    y1 = std::min(oy * g.stride - g.pad_top + g.pool, g.h);
    x0 = std::max(ox * g.stride - g.pad_left, 0);
    x1 = std::min(ox * g.stride - g.pad_left + g.pool, g.w);
  }
};

// Loops over channels come in two shapes. General: innermost, contiguous, of run-time length,
// with the window's state in y or in a local block. Blocks of kBlock channels (the common
// 2x2 windows, upsampling sums): fixed-length, written as straight-line code into local arrays,
// which compilers vectorise; copies of a run-time length are avoided because compilers turn them
// into library calls, costly at 8 or 16 floats per pixel.
constexpr int kChannelBlock = 64;
constexpr int kBlock = 8;

// A 2x2 window wholly inside the image: rows r0 and r1, pixels at offsets 0 and c.
template <int B>
void max2x2(const float* r0, const float* r1, int c, float* y) {
  float t[B];
  for (int k = 0; k < B; ++k) {
    const float a = r0[k] > r0[c + k] ? r0[k] : r0[c + k];
    const float b = r1[k] > r1[c + k] ? r1[k] : r1[c + k];
    t[k] = a > b ? a : b;
  }
  std::memcpy(y, t, sizeof t);
}

// Routes dy of a 2x2 window wholly inside the image to its first maximum (row-major order):
// `left` is what has not been handed out yet. Tiling windows overwrite dx, others add to it.
template <int B, bool kTiles>
void route2x2(const float* r0, const float* r1, int c, const float* y, const float* dy, float* d0, float* d1) {
  float g00[B], g01[B], g10[B], g11[B];
  for (int k = 0; k < B; ++k) {
    const float top = y[k];
    float left = dy[k];
    g00[k] = r0[k] == top ? left : 0.f;
    left = r0[k] == top ? 0.f : left;
    g01[k] = r0[c + k] == top ? left : 0.f;
    left = r0[c + k] == top ? 0.f : left;
    g10[k] = r1[k] == top ? left : 0.f;
    left = r1[k] == top ? 0.f : left;
    g11[k] = r1[c + k] == top ? left : 0.f;
  }
  for (int k = 0; k < B; ++k) d0[k] = kTiles ? g00[k] : d0[k] + g00[k];
  for (int k = 0; k < B; ++k) d0[c + k] = kTiles ? g01[k] : d0[c + k] + g01[k];
  for (int k = 0; k < B; ++k) d1[k] = kTiles ? g10[k] : d1[k] + g10[k];
  for (int k = 0; k < B; ++k) d1[c + k] = kTiles ? g11[k] : d1[c + k] + g11[k];
}

// Sum of the size x size block of dy that one input pixel was copied to, channels [0, B).
template <int B>
void sum_block(const float* dy, size_t out_row, int size, int c, float* dx) {
  float sum[B] = {};
  for (int sy = 0; sy < size; ++sy)
    for (int sx = 0; sx < size; ++sx) {
      const float* g = dy + sy * out_row + static_cast<size_t>(sx) * c;
      for (int k = 0; k < B; ++k) sum[k] += g[k];
    }
  std::memcpy(dx, sum, sizeof sum);
}
}  // namespace

void maxpool2d_forward_f32_ref(const PoolGeometry& g, const float* x, float* y) {
  const size_t row = static_cast<size_t>(g.w) * g.c, image = row * g.h;
  for (int n = 0; n < g.n; ++n, x += image)
    for (int oy = 0; oy < g.out_h; ++oy)
      for (int ox = 0; ox < g.out_w; ++ox, y += g.c) {
        const Window win(g, oy, ox);
        int c0 = 0;
        if (win.y1 - win.y0 == 2 && win.x1 - win.x0 == 2) {
          const float* r0 = x + win.y0 * row + static_cast<size_t>(win.x0) * g.c;
          for (; c0 + kBlock <= g.c; c0 += kBlock) max2x2<kBlock>(r0 + c0, r0 + row + c0, g.c, y + c0);
          if (c0 == g.c) continue;
        }
        for (int iy = win.y0; iy < win.y1; ++iy)
          for (int ix = win.x0; ix < win.x1; ++ix) {
            const float* xp = x + iy * row + static_cast<size_t>(ix) * g.c;
            if (iy == win.y0 && ix == win.x0)
              for (int c = c0; c < g.c; ++c) y[c] = xp[c] > xp[c] ? xp[c] : xp[c];  // the first, without a copy loop
            else
              for (int c = c0; c < g.c; ++c) y[c] = xp[c] > y[c] ? xp[c] : y[c];
          }
      }
}

namespace {

// Each window hands its dy to the first element equal to its maximum: `left` holds what a
// channel has not handed out yet and drops to zero at the first match, so later ties get zero.
// When the windows tile the image (stride == pool, covering every pixel: 'same', or 'valid'
// with sizes divisible by the pool) each dx element gets exactly one value and is written once;
// otherwise dx starts at zero and windows add into it.
template <bool kTiles>
void maxpool_backward(const PoolGeometry& g, const float* x, const float* y, const float* dy, float* dx) {
  const size_t row = static_cast<size_t>(g.w) * g.c, image = row * g.h;
  if (!kTiles) std::memset(dx, 0, sizeof(float) * image * g.n);
  for (int n = 0; n < g.n; ++n, x += image, dx += image)
    for (int oy = 0; oy < g.out_h; ++oy)
      for (int ox = 0; ox < g.out_w; ++ox, y += g.c, dy += g.c) {
        const Window win(g, oy, ox);
        int blocked = 0;
        if (win.y1 - win.y0 == 2 && win.x1 - win.x0 == 2) {
          const size_t at = win.y0 * row + static_cast<size_t>(win.x0) * g.c;
          for (; blocked + kBlock <= g.c; blocked += kBlock)
            route2x2<kBlock, kTiles>(x + at + blocked, x + at + row + blocked, g.c, y + blocked, dy + blocked,
                                     dx + at + blocked, dx + at + row + blocked);
        }
        for (int c0 = blocked; c0 < g.c; c0 += kChannelBlock) {
          const int cn = std::min(kChannelBlock, g.c - c0);
          float left[kChannelBlock];
          for (int iy = win.y0; iy < win.y1; ++iy)
            for (int ix = win.x0; ix < win.x1; ++ix) {
              const size_t at = iy * row + static_cast<size_t>(ix) * g.c + c0;
              const bool first = iy == win.y0 && ix == win.x0;
              for (int c = 0; c < cn; ++c) {
                const float give = first ? dy[c0 + c] : left[c];
                const bool hit = x[at + c] == y[c0 + c];
                dx[at + c] = (kTiles ? 0.f : dx[at + c]) + (hit ? give : 0.f);
                left[c] = hit ? 0.f : give;
              }
            }
        }
      }
}

}  // namespace

void maxpool2d_backward_f32_ref(const PoolGeometry& g, const float* x, const float* y, const float* dy, float* dx) {
  const bool tiles = g.stride == g.pool && g.out_h * g.pool - g.pad_top >= g.h && g.out_w * g.pool - g.pad_left >= g.w;
  if (tiles) maxpool_backward<true>(g, x, y, dy, dx);
  else maxpool_backward<false>(g, x, y, dy, dx);
}

void upsample2d_forward_f32_ref(int n, int h, int w, int c, int size, const float* x, float* y) {
  const size_t out_row = static_cast<size_t>(w) * size * c;
  for (int i = 0; i < n * h; ++i, x += static_cast<size_t>(w) * c) {
    // Widen one input row into the first output row, then repeat that row size - 1 times.
    float* first = y;
    for (int ix = 0; ix < w; ++ix)
      for (int s = 0; s < size; ++s, y += c) std::memcpy(y, x + static_cast<size_t>(ix) * c, sizeof(float) * c);
    for (int s = 1; s < size; ++s, y += out_row) std::memcpy(y, first, sizeof(float) * out_row);
  }
}

void upsample2d_backward_f32_ref(int n, int h, int w, int c, int size, const float* dy, float* dx) {
  const size_t out_row = static_cast<size_t>(w) * size * c;
  const int blocked = c / kBlock * kBlock;
  for (int i = 0; i < n * h; ++i, dy += out_row * size)
    for (int ix = 0; ix < w; ++ix, dx += c) {
      const float* block = dy + static_cast<size_t>(ix) * size * c;
      for (int c0 = 0; c0 < blocked; c0 += kBlock) sum_block<kBlock>(block + c0, out_row, size, c, dx + c0);
      for (int c0 = blocked; c0 < c; ++c0) sum_block<1>(block + c0, out_row, size, c, dx + c0);
    }
}

}  // namespace bn
