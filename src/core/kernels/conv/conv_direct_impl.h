// The body of the direct convolution kernels (see conv_direct.h), written once over an ISA
// description S and instantiated by conv_direct.cpp (native) and conv_direct_simd128.cpp:
//   S::V               a vector of S::kWidth floats
//   S::kAcc            how many accumulator vectors a block keeps in registers
//   S::kAccOne         the same for blocks one vector wide, which need fewer other registers
//   load / store       unaligned, kWidth floats
//   splat, zero, add, hsum (sum of the lanes), madd(acc, a, b) = acc + a * b
//   hsum_each(a, out)  out[i] = hsum(a[i]) for kWidth vectors at once
//   relu(v)            max(v, 0), NaN -> 0 as in the reference activation
//   pin(v)             keeps v in a register: without it GCC folds a vector reused across a block
//                      back into every multiply-add as a memory operand, and the loads, not the
//                      arithmetic, then set the pace
// Internal to those two files; nothing else includes it.
#pragma once
#include <algorithm>
#include <cstddef>
#include <cstring>

#include "core/kernels/conv/conv.h"

namespace bn::conv_direct {

// The zero-padded copy of one image: (out_h + k - 1) rows of (out_w + k - 1) pixels. Stride 1
// makes output pixel (oy, ox)'s window start at padded pixel (oy, ox).
inline int padded_w(const ConvGeometry& g) { return g.out_w + g.k - 1; }
inline size_t padded_floats(const ConvGeometry& g) {
  return static_cast<size_t>(g.out_h + g.k - 1) * padded_w(g) * g.cin;
}

// The borders of the padded copy are zero for every image of a geometry: clear_padded once,
// then pad_image copies each image's rows into place. Only the border is cleared, since the
// backward pass pads one image per call.
inline void clear_padded(const ConvGeometry& g, float* xp) {
  const int wp = padded_w(g), hp = g.out_h + g.k - 1;
  const size_t row = static_cast<size_t>(wp) * g.cin;
  const int y0 = std::min(hp, g.pad_top), y1 = std::min(hp, g.pad_top + g.h);
  const int c0 = std::min(wp, g.pad_left), c1 = std::min(wp, g.pad_left + g.w);
  std::memset(xp, 0, sizeof(float) * row * y0);
  for (int r = y0; r < y1; ++r) {
    std::memset(xp + r * row, 0, sizeof(float) * c0 * g.cin);
    std::memset(xp + r * row + static_cast<size_t>(c1) * g.cin, 0, sizeof(float) * (wp - c1) * g.cin);
  }
  std::memset(xp + y1 * row, 0, sizeof(float) * row * (hp - y1));
}

inline void pad_image(const ConvGeometry& g, const float* x, float* xp) {
  const size_t row = static_cast<size_t>(padded_w(g)) * g.cin, in_row = static_cast<size_t>(g.w) * g.cin;
  // Image rows [y0, y1) and columns [0, w) that land inside the padded copy (with 'valid'
  // padding of a larger kernel, the last rows and columns are never read).
  const int y0 = std::max(0, -g.pad_top), y1 = std::min(g.h, g.out_h + g.k - 1 - g.pad_top);
  const int cols = std::min(g.w, padded_w(g) - g.pad_left);
  if (cols <= 0) return;
  const size_t copy = sizeof(float) * cols * g.cin;
  float* dst = xp + static_cast<size_t>(y0 + g.pad_top) * row + static_cast<size_t>(g.pad_left) * g.cin;
  if (copy == sizeof(float) * row && row == in_row)  // no column padding: one block
    return (void)std::memcpy(dst, x + y0 * in_row, copy * (y1 - y0));
  for (int iy = y0; iy < y1; ++iy, dst += row) std::memcpy(dst, x + iy * in_row, copy);
}

// Calls f.template run<n>(start) for blocks covering [0, total) whose size n <= N is a template
// argument: as few blocks as possible, of even sizes, so no block is left with too few
// independent accumulators to hide the multiply-add latency (28 = 7 + 7 + 7 + 7 for N = 8).
template <int N, class F>
inline void dispatch_block(int n, int start, F& f) {
  if constexpr (N > 1) {
    if (n < N) return dispatch_block<N - 1>(n, start, f);
  }
  f.template run<N>(start);
}

template <int N, class F>
inline void for_each_block(int total, F& f) {
  if (total <= 0) return;
  const int blocks = (total + N - 1) / N, size = (total + blocks - 1) / blocks;
  for (int start = 0; start < total; start += size) dispatch_block<N>(std::min(size, total - start), start, f);
}

// ---- forward, broadcast form: P output pixels x CB vectors of output channels -------------------
// xs: the padded window origin of the first pixel; w, b, y already offset to the channel block.
template <class S, int P, int CB, bool kRelu>
inline void forward_bcast_block(const ConvGeometry& g, const float* xs, size_t rs, const float* w, const float* b,
                                float* y) {
  using V = typename S::V;
  constexpr int W = S::kWidth;
  // 64-bit strides and walking pointers: with int indices GCC re-extends every pixel's offset
  // in the inner loop.
  const ptrdiff_t kc = g.k * g.cin, cin = g.cin, cout = g.cout;
  V acc[P][CB];
  for (int j = 0; j < CB; ++j) {
    const V init = b ? S::load(b + j * W) : S::zero();
    for (int p = 0; p < P; ++p) acc[p][j] = init;
  }
  const float* wr = w;
  for (int ky = 0; ky < g.k; ++ky) {
    const float* xt = xs + ky * rs;
    for (const float* end = xt + kc; xt != end; ++xt, wr += cout) {
      V wv[CB];
      for (int j = 0; j < CB; ++j) {
        wv[j] = S::load(wr + j * W);
        S::pin(wv[j]);
      }
      for (int p = 0; p < P; ++p) {
        const V xb = S::splat(xt[p * cin]);
        for (int j = 0; j < CB; ++j) acc[p][j] = S::madd(acc[p][j], xb, wv[j]);
      }
    }
  }
  for (int p = 0; p < P; ++p)
    for (int j = 0; j < CB; ++j) S::store(y + p * cout + j * W, kRelu ? S::relu(acc[p][j]) : acc[p][j]);
}

template <class S, int CB, bool kRelu>
struct ForwardBcastRow {
  const ConvGeometry& g;
  const float* xrow;
  size_t rs;
  const float* w;
  const float* b;
  float* yrow;
  template <int P>
  void run(int ox) const {
    forward_bcast_block<S, P, CB, kRelu>(g, xrow + ox * g.cin, rs, w, b, yrow + static_cast<size_t>(ox) * g.cout);
  }
};

// ---- forward, dot form: P output pixels of one channel; wt is that channel's kernel, (k, k*Cin) --
template <class S, int P, bool kRelu>
inline void forward_dot_block(const ConvGeometry& g, const float* xs, size_t rs, const float* wt, float bias,
                              float* y) {
  using V = typename S::V;
  constexpr int W = S::kWidth;
  const ptrdiff_t kc = g.k * g.cin, cin = g.cin, cout = g.cout;
  V acc[P];
  for (int p = 0; p < P; ++p) acc[p] = S::zero();
  const float* wr = wt;
  for (int ky = 0; ky < g.k; ++ky) {
    const float* xt = xs + ky * rs;
    for (const float* end = xt + kc; xt != end; xt += W, wr += W) {
      V wv = S::load(wr);
      S::pin(wv);
      for (int p = 0; p < P; ++p) acc[p] = S::madd(acc[p], S::load(xt + p * cin), wv);
    }
  }
  // Whole groups of W pixels reduce together (a transpose folded into the adds); the rest one
  // by one.
  float sums[P];
  int p = 0;
  for (; p + W <= P; p += W) S::hsum_each(acc + p, sums + p);
  for (; p < P; ++p) sums[p] = S::hsum(acc[p]);
  for (p = 0; p < P; ++p) {
    const float v = sums[p] + bias;
    y[p * cout] = kRelu ? (v > 0.f ? v : 0.f) : v;
  }
}

template <class S, bool kRelu>
struct ForwardDotRow {
  const ConvGeometry& g;
  const float* xrow;
  size_t rs;
  const float* wt;
  float bias;
  float* yrow;
  template <int P>
  void run(int ox) const {
    forward_dot_block<S, P, kRelu>(g, xrow + ox * g.cin, rs, wt, bias, yrow + static_cast<size_t>(ox) * g.cout);
  }
};

template <class S, bool kRelu>
void forward(const ConvGeometry& g, const float* x, const float* w, const float* b, float* y, float* scratch) {
  constexpr int W = S::kWidth;
  const int kc = g.k * g.cin;
  const size_t rs = static_cast<size_t>(padded_w(g)) * g.cin;
  const size_t in_image = static_cast<size_t>(g.h) * g.w * g.cin;
  const size_t out_row = static_cast<size_t>(g.out_w) * g.cout, out_image = out_row * g.out_h;
  float* xp = scratch;
  float* wt = scratch + padded_floats(g);
  clear_padded(g, xp);
  const bool bcast = g.cout % 8 == 0;
  if (!bcast)  // wt[co, ky, t] = w[ky, t, co]
    for (int co = 0; co < g.cout; ++co)
      for (int r = 0; r < g.k * kc; ++r) wt[static_cast<size_t>(co) * g.k * kc + r] = w[static_cast<size_t>(r) * g.cout + co];
  for (int n = 0; n < g.n; ++n) {
    pad_image(g, x + n * in_image, xp);
    float* yi = y + n * out_image;
    for (int oy = 0; oy < g.out_h; ++oy) {
      const float* xrow = xp + oy * rs;
      float* yrow = yi + oy * out_row;
      if (!bcast) {
        for (int co = 0; co < g.cout; ++co) {
          ForwardDotRow<S, kRelu> f{g, xrow, rs, wt + static_cast<size_t>(co) * g.k * kc, b ? b[co] : 0.f, yrow + co};
          for_each_block<S::kAccOne>(g.out_w, f);
        }
        continue;
      }
      for (int co = 0; co < g.cout; co += 2 * W) {
        const float* bc = b ? b + co : nullptr;
        if (g.cout - co >= 2 * W) {
          ForwardBcastRow<S, 2, kRelu> f{g, xrow, rs, w + co, bc, yrow + co};
          for_each_block<S::kAcc / 2>(g.out_w, f);
        } else {
          ForwardBcastRow<S, 1, kRelu> f{g, xrow, rs, w + co, bc, yrow + co};
          for_each_block<S::kAccOne>(g.out_w, f);
        }
      }
    }
  }
}

template <class S>
void forward(const ConvGeometry& g, const float* x, const float* w, const float* b, bool relu, float* y,
             float* scratch) {
  // A template argument, not a run-time flag: a branch at the store costs GCC registers in the
  // inner loop.
  if (relu) forward<S, true>(g, x, w, b, y, scratch);
  else forward<S, false>(g, x, w, b, y, scratch);
}

// ---- kernel gradient -----------------------------------------------------------------------------
// One pass over one padded image xp and its dy, for output channels from co. Tap r = ky * k*Cin +
// (kx * Cin + ci) of the pixel whose window starts at xp[q] is xp[q + offset(r)].
struct FilterGradPass {
  const ConvGeometry& g;
  const float* xp;
  const float* dy;
  float* dw;
  size_t rs;
  int co;
  size_t offset(int r) const { return r / (g.k * g.cin) * rs + r % (g.k * g.cin); }
};

// Broadcast form: taps [r0, r0 + TB) x CB vectors of output channels,
// dw[r, co..] += sum over pixels p of xpad[window(p) + offset(r)] * dy[p, co..].
template <class S, int CB>
struct FilterGradBcast : FilterGradPass {
  template <int TB>
  void run(int r0) const {
    using V = typename S::V;
    constexpr int W = S::kWidth;
    size_t off[TB];
    for (int i = 0; i < TB; ++i) off[i] = offset(r0 + i);
    V acc[TB][CB];
    for (int i = 0; i < TB; ++i)
      for (int j = 0; j < CB; ++j) acc[i][j] = S::zero();
    for (int oy = 0; oy < g.out_h; ++oy) {
      const float* xr = xp + oy * rs;
      const float* d = dy + static_cast<size_t>(oy) * g.out_w * g.cout + co;
      for (int ox = 0; ox < g.out_w; ++ox, xr += g.cin, d += g.cout) {
        V dv[CB];
        for (int j = 0; j < CB; ++j) {
          dv[j] = S::load(d + j * W);
          S::pin(dv[j]);
        }
        for (int i = 0; i < TB; ++i) {
          const V xb = S::splat(xr[off[i]]);
          for (int j = 0; j < CB; ++j) acc[i][j] = S::madd(acc[i][j], xb, dv[j]);
        }
      }
    }
    for (int i = 0; i < TB; ++i)
      for (int j = 0; j < CB; ++j) {
        float* out = dw + static_cast<size_t>(r0 + i) * g.cout + co + j * W;
        S::store(out, S::add(S::load(out), acc[i][j]));
      }
  }
};

// Dot form: TB vectors of taps from vector u0 (taps u0 * W on), for the one channel co.
template <class S>
struct FilterGradDot : FilterGradPass {
  template <int TB>
  void run(int u0) const {
    using V = typename S::V;
    constexpr int W = S::kWidth;
    const int r0 = u0 * W;
    size_t off[TB];
    for (int i = 0; i < TB; ++i) off[i] = offset(r0 + i * W);
    V acc[TB];
    for (int i = 0; i < TB; ++i) acc[i] = S::zero();
    for (int oy = 0; oy < g.out_h; ++oy) {
      const float* xr = xp + oy * rs;
      const float* d = dy + static_cast<size_t>(oy) * g.out_w * g.cout + co;
      for (int ox = 0; ox < g.out_w; ++ox, xr += g.cin, d += g.cout) {
        V dv = S::splat(*d);
        S::pin(dv);
        for (int i = 0; i < TB; ++i) acc[i] = S::madd(acc[i], S::load(xr + off[i]), dv);
      }
    }
    for (int i = 0; i < TB; ++i) {
      float lanes[W];
      S::store(lanes, acc[i]);
      for (int l = 0; l < W; ++l) dw[static_cast<size_t>(r0 + i * W + l) * g.cout + co] += lanes[l];
    }
  }
};

template <class S>
void filter_grad(const ConvGeometry& g, const float* x, const float* dy, float* dw, float* scratch) {
  constexpr int W = S::kWidth, kBcastTaps = S::kAcc / 2, kDotTaps = S::kAccOne;
  const size_t rs = static_cast<size_t>(padded_w(g)) * g.cin;
  const size_t in_image = static_cast<size_t>(g.h) * g.w * g.cin;
  const size_t out_image = static_cast<size_t>(g.out_h) * g.out_w * g.cout;
  const int taps = g.k * g.k * g.cin;
  float* xp = scratch;
  clear_padded(g, xp);
  for (int n = 0; n < g.n; ++n) {
    pad_image(g, x + n * in_image, xp);
    const float* d = dy + n * out_image;
    if (g.cout % 8 != 0) {
      for (int co = 0; co < g.cout; ++co) {
        FilterGradDot<S> f{{g, xp, d, dw, rs, co}};
        for_each_block<kDotTaps>(taps / W, f);
      }
      continue;
    }
    for (int co = 0; co < g.cout; co += 2 * W) {
      if (g.cout - co >= 2 * W) {
        FilterGradBcast<S, 2> f{{g, xp, d, dw, rs, co}};
        for_each_block<kBcastTaps>(taps, f);
      } else {
        FilterGradBcast<S, 1> f{{g, xp, d, dw, rs, co}};
        for_each_block<kDotTaps>(taps, f);
      }
    }
  }
}

}  // namespace bn::conv_direct
