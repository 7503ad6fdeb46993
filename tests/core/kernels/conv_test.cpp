// Tests src/core/kernels/conv and the Conv2D fast path built on it, against the direct reference
// loops: im2col (row and planar) / col2im in any chunking composed with GEMM, the flipped-kernel
// input and kernel gradients of stride-1 convolutions, the tap-form forward pass, and the layer's
// forward, input gradient and kernel/bias gradients (with and without dx) on every kernel set of
// this build, whole and in small chunks. Sizes sweep H, W in {1, 2, 3, 5, 7, 8, 13}, Cin {1, 3},
// Cout {1, 2, 5}, k {1, 3, 5}, stride {1, 2} and both paddings where the window fits (plus Cin 8
// with Cout {1, 2} for the layer, which takes the tap form). The direct kernels are swept over
// channel pairs that take each of their forms (Cout 8, 16, 24 broadcast; Cout 1, 3, 5 with k*Cin
// a multiple of 8 dot), odd image sides and every kernel set. Buffers handed to kernels directly
// carry sentinels before and after them.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <initializer_list>
#include <string>
#include <vector>

#include "core/kernels/conv/conv.h"
#include "core/kernels/conv/conv_direct.h"
#include "core/kernels/kernels.h"
#include "core/layers/conv2d.h"
#include "core/layers/padding.h"
#include "support/test_support.h"

namespace bn {
namespace {

const int kSides[] = {1, 2, 3, 5, 7, 8, 13};

struct ConvCase {
  ConvGeometry g;
  Padding padding;
};

std::string describe(const ConvCase& c) {
  const ConvGeometry& g = c.g;
  char buf[200];
  std::snprintf(buf, sizeof buf, "n=%d x=(%d, %d, %d) k=%d stride=%d %s -> (%d, %d, %d) pad_top=%d pad_left=%d", g.n,
                g.h, g.w, g.cin, g.k, g.stride, padding_name(c.padding), g.out_h, g.out_w, g.cout, g.pad_top,
                g.pad_left);
  return buf;
}

// Every case of the sweep whose window fits (a 'valid' window larger than the image is a build
// error, tested with the layers).
void for_each_case(int batch, std::initializer_list<int> cins, std::initializer_list<int> couts,
                   const std::function<void(const ConvCase&)>& body) {
  for (int h : kSides)
    for (int w : kSides)
      for (int cin : cins)
        for (int cout : couts)
          for (int k : {1, 3, 5})
            for (int stride : {1, 2})
              for (Padding padding : {Padding::kValid, Padding::kSame}) {
                const WindowSpan sy = window_span(h, k, stride, padding), sx = window_span(w, k, stride, padding);
                if (sy.out == 0 || sx.out == 0) continue;
                ConvCase c{{batch, h, w, cin, k, stride, sy.before, sx.before, sy.out, sx.out, cout}, padding};
                body(c);
              }
}

// Largest |got - want| relative to a tolerance that grows with the number of summed terms
// (inputs lie in [-1, 1]) and with |want|; <= 1 passes.
double worst_error(const float* got, const float* want, size_t n, int terms) {
  const double tol = 2e-6 * (terms + 4);
  double worst = 0;
  for (size_t i = 0; i < n; ++i)
    worst = std::max(worst, std::fabs(static_cast<double>(got[i]) - want[i]) / (tol * (1 + std::fabs(want[i]))));
  return worst;
}

test::Guarded random_guarded(size_t n, size_t offset, Rng& rng) {
  test::Guarded g(n, offset);
  test::fill_uniform(g.data(), n, rng);
  return g;
}

}  // namespace

TEST_CASE("im2col and col2im turn the direct convolution into GEMMs", "[kernels][conv]") {
  Rng rng(31);
  Workspace ws;
  for_each_case(2, {1, 3}, {1, 2, 5}, [&](const ConvCase& c) {
    INFO(describe(c));
    const ConvGeometry& g = c.g;
    const size_t xs = static_cast<size_t>(g.n) * g.h * g.w * g.cin, ys = g.out_pixels() * g.cout;
    const size_t rows = g.out_pixels();
    const int kc = g.col_width();
    test::Guarded x = random_guarded(xs, 1, rng), w = random_guarded(static_cast<size_t>(kc) * g.cout, 3, rng);
    test::Guarded b = random_guarded(g.cout, 2, rng), dy = random_guarded(ys, 1, rng);
    test::Guarded col(rows * kc, 1);

    // Forward: y = col * w + b, with the columns built whole and in chunks of 7 rows.
    std::vector<float> want(ys), got(ys);
    conv2d_forward_f32_ref(g, x.data(), w.data(), b.data(), want.data());
    for (size_t chunk : {rows, static_cast<size_t>(7)}) {
      INFO("chunk " << chunk);
      for (size_t p0 = 0; p0 < rows; p0 += chunk)
        im2col_f32(g, x.data(), p0, std::min(chunk, rows - p0), col.data() + p0 * kc);
      REQUIRE(col.intact());
      REQUIRE(x.intact());
      gemm_f32_ref(Trans::kNo, Trans::kNo, static_cast<int>(rows), g.cout, kc, 1.f, col.data(), kc, w.data(), g.cout,
                   0.f, got.data(), g.cout, ws);
      bias_add_f32_ref(got.data(), b.data(), static_cast<int>(rows), g.cout);
      REQUIRE(worst_error(got.data(), want.data(), ys, kc) <= 1.0);
    }
    // The planar im2col is the same matrix transposed, also in chunks.
    test::Guarded planar(rows * kc, 2);
    for (size_t p0 = 0; p0 < rows; p0 += 4) {
      const size_t pc = std::min<size_t>(4, rows - p0);
      im2col_planar_f32(g, x.data(), p0, pc, planar.data());
      REQUIRE(planar.intact());
      for (size_t r = 0; r < pc; ++r)
        for (int j = 0; j < kc; ++j) REQUIRE(planar[j * pc + r] == col[(p0 + r) * kc + j]);
    }

    // Kernel gradient: dw += col^T dy, accumulating onto what dw held.
    std::vector<float> dw_want(static_cast<size_t>(kc) * g.cout), db_want(g.cout);
    test::fill_uniform(dw_want.data(), dw_want.size(), rng);
    test::fill_uniform(db_want.data(), db_want.size(), rng);
    test::Guarded dw(dw_want.size(), 1), db(g.cout, 1);
    std::copy(dw_want.begin(), dw_want.end(), dw.data());
    std::copy(db_want.begin(), db_want.end(), db.data());
    conv2d_backward_filter_f32_ref(g, x.data(), dy.data(), dw_want.data(), db_want.data());
    gemm_f32_ref(Trans::kYes, Trans::kNo, kc, g.cout, static_cast<int>(rows), 1.f, col.data(), kc, dy.data(), g.cout,
                 1.f, dw.data(), g.cout, ws);
    col_sum_f32_ref(dy.data(), static_cast<int>(rows), g.cout, db.data(), true);
    REQUIRE(dw.intact());
    REQUIRE(db.intact());
    REQUIRE(worst_error(dw.data(), dw_want.data(), dw_want.size(), static_cast<int>(rows)) <= 1.0);
    REQUIRE(worst_error(db.data(), db_want.data(), g.cout, static_cast<int>(rows)) <= 1.0);

    // Input gradient through col2im: dx = scatter(dy w^T), added chunk by chunk onto zeros.
    std::vector<float> dx_want(xs);
    conv2d_backward_data_f32_ref(g, dy.data(), w.data(), dx_want.data());
    gemm_f32_ref(Trans::kNo, Trans::kYes, static_cast<int>(rows), kc, g.cout, 1.f, dy.data(), g.cout, w.data(), g.cout,
                 0.f, col.data(), kc, ws);
    test::Guarded dx(xs, 3);
    std::fill(dx.data(), dx.data() + xs, 0.f);
    for (size_t p0 = 0; p0 < rows; p0 += 5) col2im_f32(g, col.data() + p0 * kc, p0, std::min<size_t>(5, rows - p0), dx.data());
    REQUIRE(dx.intact());
    REQUIRE(worst_error(dx.data(), dx_want.data(), xs, g.k * g.k * g.cout) <= 1.0);

    // Stride 1: the same input gradient as a forward convolution of dy with the flipped kernel.
    if (g.stride == 1) {
      const ConvGeometry t = conv2d_transposed_geometry(g);
      REQUIRE(t.out_h == g.h);
      REQUIRE(t.out_w == g.w);
      test::Guarded wf(static_cast<size_t>(kc) * g.cout, 1);
      conv2d_flip_filter_f32(g.k, g.cin, g.cout, w.data(), wf.data());
      REQUIRE(wf.intact());
      test::Guarded tcol(t.out_pixels() * t.col_width(), 2);
      im2col_f32(t, dy.data(), 0, t.out_pixels(), tcol.data());
      REQUIRE(tcol.intact());
      gemm_f32_ref(Trans::kNo, Trans::kNo, static_cast<int>(t.out_pixels()), t.cout, t.col_width(), 1.f, tcol.data(),
                   t.col_width(), wf.data(), t.cout, 0.f, dx.data(), t.cout, ws);
      REQUIRE(dx.intact());
      REQUIRE(worst_error(dx.data(), dx_want.data(), xs, t.col_width()) <= 1.0);

      // The same columns give the kernel gradient: dw += unflip(x^T colT).
      std::vector<float> gt(static_cast<size_t>(kc) * g.cout);
      gemm_f32_ref(Trans::kYes, Trans::kNo, g.cin, t.col_width(), static_cast<int>(t.out_pixels()), 1.f, x.data(),
                   g.cin, tcol.data(), t.col_width(), 0.f, gt.data(), t.col_width(), ws);
      std::fill(dw.data(), dw.data() + gt.size(), 0.f);
      conv2d_add_unflipped_grad_f32(g.k, g.cin, g.cout, gt.data(), dw.data());
      REQUIRE(dw.intact());
      std::vector<float> dw_only(gt.size(), 0.f);
      conv2d_backward_filter_f32_ref(g, x.data(), dy.data(), dw_only.data(), nullptr);
      REQUIRE(worst_error(dw.data(), dw_only.data(), gt.size(), static_cast<int>(t.out_pixels())) <= 1.0);

      // Tap form of the forward pass, planar: zt = wt^T x^T, summed into yt (Cout x pixels) for
      // chunks of two output rows, each handed z from the first input row it sees.
      test::Guarded wt(static_cast<size_t>(kc) * g.cout, 2);
      conv2d_filter_by_input_f32(g.k, g.cin, g.cout, w.data(), wt.data());
      REQUIRE(wt.intact());
      const int tc = g.k * g.k * g.cout;
      const size_t in_pixels = static_cast<size_t>(g.n) * g.h * g.w, out_pixels = g.out_pixels();
      test::Guarded z(in_pixels * tc, 1), yt(ys, 2);
      gemm_f32_ref(Trans::kYes, Trans::kYes, tc, static_cast<int>(in_pixels), g.cin, 1.f, wt.data(), tc, x.data(), g.cin,
                   0.f, z.data(), static_cast<int>(in_pixels), ws);
      for (int n = 0; n < g.n; ++n)
        for (int oy = 0; oy < g.out_h; oy += 2) {
          const int oy1 = std::min(oy + 2, g.out_h), iy0 = std::max(0, oy - g.pad_top);
          conv2d_tap_sum_f32(g, z.data() + (static_cast<size_t>(n) * g.h + iy0) * g.w, in_pixels, iy0, oy, oy1,
                             yt.data() + (static_cast<size_t>(n) * g.out_h + oy) * g.out_w, out_pixels);
        }
      REQUIRE(yt.intact());
      REQUIRE(z.intact());
      for (size_t p = 0; p < out_pixels; ++p)
        for (int co = 0; co < g.cout; ++co) got[p * g.cout + co] = yt[co * out_pixels + p] + b[co];
      REQUIRE(worst_error(got.data(), want.data(), ys, kc) <= 1.0);
    }
  });
}

TEST_CASE("im2col zero-fills exactly the window positions that fall on padding", "[kernels][conv]") {
  // 1 x 3 x 3 x 1 image of ones, 3x3 'same': the corner pixel's window sees 4 ones, the centre 9.
  ConvGeometry g{1, 3, 3, 1, 3, 1, 1, 1, 3, 3, 1};
  std::vector<float> x(9, 1.f);
  test::Guarded col(9 * 9, 1);
  im2col_f32(g, x.data(), 0, 9, col.data());
  REQUIRE(col.intact());
  const int ones[9] = {4, 6, 4, 6, 9, 6, 4, 6, 4};
  for (int p = 0; p < 9; ++p) {
    int sum = 0;
    for (int i = 0; i < 9; ++i) sum += static_cast<int>(col[p * 9 + i]);
    REQUIRE(sum == ones[p]);
  }
}

// Cin 8 with Cout 1 and 2 adds the tap-form forward pass (Cout <= Cin / 4) to the sweep.
TEST_CASE("conv2d fast path matches the reference loops on every kernel set", "[kernels][conv]") {
  Rng rng(57);
  for (const Kernels* kernels : available_kernels()) {
    Workspace ws;
    RunContext ctx{*kernels, ws, nullptr, true};
    auto check = [&](const ConvCase& c) {
      const ConvGeometry& g = c.g;
      // Budgets: everything in one chunk, and chunks of about 3 rows that straddle images.
      for (size_t budget : {Conv2D::kColumnBudget, static_cast<size_t>(3 * g.k * g.k * std::max(g.cin, g.cout))}) {
        INFO(kernels->name << ": " << describe(c) << ", column budget " << budget);
        Conv2DOptions o;
        o.filters = g.cout;
        o.kernel_size = g.k;
        o.stride = g.stride;
        o.padding = c.padding;
        Conv2D fast("fast", o), ref("ref", o);
        Rng init(7);
        REQUIRE(fast.build(Shape{g.h, g.w, g.cin}, init).is_ok());
        REQUIRE(ref.build(Shape{g.h, g.w, g.cin}, init).is_ok());
        ref.set_reference_path(true);
        fast.set_column_budget(budget);
        REQUIRE(fast.reserve(g.n).is_ok());
        REQUIRE(ws.reserve(fast.workspace_floats(g.n)));
        const size_t ws_before = ws.capacity();
        test::fill_uniform(fast.kernel().data(), fast.kernel().size(), rng);
        test::fill_uniform(fast.bias().data(), fast.bias().size(), rng);
        std::copy(fast.kernel().data(), fast.kernel().data() + fast.kernel().size(), ref.kernel().data());
        std::copy(fast.bias().data(), fast.bias().data() + fast.bias().size(), ref.bias().data());

        Tensor x = Tensor::zeros({g.n, g.h, g.w, g.cin}).take();
        Tensor y_fast = Tensor::zeros({g.n, g.out_h, g.out_w, g.cout}).take(), y_ref = y_fast.clone();
        test::fill_uniform(x.data(), x.size(), rng);
        fast.forward(x, y_fast, ctx);
        ref.forward(x, y_ref, ctx);
        REQUIRE(worst_error(y_fast.data(), y_ref.data(), y_ref.size(), g.col_width()) <= 1.0);

        Tensor dy_fast = y_fast.clone(), dx_fast = x.clone(), dx_ref = x.clone();
        test::fill_uniform(dy_fast.data(), dy_fast.size(), rng);
        Tensor dy_ref = dy_fast.clone();
        for (Param& p : fast.params()) p.grad->fill(0.5f);  // gradients accumulate onto this
        for (Param& p : ref.params()) p.grad->fill(0.5f);
        fast.backward(x, y_fast, dy_fast, &dx_fast, ctx);
        ref.backward(x, y_ref, dy_ref, &dx_ref, ctx);
        REQUIRE(worst_error(dx_fast.data(), dx_ref.data(), dx_ref.size(), g.k * g.k * g.cout) <= 1.0);
        std::vector<Param> pf = fast.params(), pr = ref.params();
        for (size_t i = 0; i < pf.size(); ++i) {
          INFO(pf[i].name);
          REQUIRE(worst_error(pf[i].grad->data(), pr[i].grad->data(), pr[i].grad->size(),
                              static_cast<int>(g.out_pixels())) <= 1.0);
        }
        // Without dx (a first layer) the layer may take another route to the kernel gradient.
        for (Param& p : fast.params()) p.grad->fill(0.f);
        dy_fast = dy_ref.clone();
        fast.backward(x, y_fast, dy_fast, nullptr, ctx);
        pf = fast.params();
        for (Param& p : ref.params()) p.grad->fill(0.f);
        ref.backward(x, y_ref, dy_ref, nullptr, ctx);
        for (size_t i = 0; i < pf.size(); ++i) {
          INFO(pf[i].name << " without dx");
          REQUIRE(worst_error(pf[i].grad->data(), pr[i].grad->data(), pr[i].grad->size(),
                              static_cast<int>(g.out_pixels())) <= 1.0);
        }
        // The reserved scratch sufficed: the GEMMs did not grow the workspace.
        REQUIRE(ws.capacity() == ws_before);
      }
    };
    for_each_case(2, {1, 3}, {1, 2, 5}, check);
    for_each_case(2, {8}, {1, 2}, check);
  }
}

TEST_CASE("direct convolution kernels match the reference loops", "[kernels][conv]") {
  Rng rng(83);
  struct Channels {
    int cin, cout;
  };
  // Broadcast form: Cout a multiple of 8 (one, two and three vectors natively). Dot form: few
  // outputs with Cin a multiple of 8, so k*Cin is one for every k.
  const Channels channels[] = {{1, 8}, {3, 16}, {8, 8}, {16, 8}, {5, 24}, {8, 1}, {16, 1}, {8, 3}, {16, 5}};
  const int sides[] = {1, 2, 3, 5, 7, 13};
  for (const Kernels* kernels : available_kernels()) {
    for (const Channels ch : channels)
      for (int h : sides)
        for (int w : sides)
          for (int k : {1, 3, 5})
            for (Padding padding : {Padding::kValid, Padding::kSame}) {
              const WindowSpan sy = window_span(h, k, 1, padding), sx = window_span(w, k, 1, padding);
              if (sy.out == 0 || sx.out == 0) continue;
              const ConvCase c{{2, h, w, ch.cin, k, 1, sy.before, sx.before, sy.out, sx.out, ch.cout}, padding};
              const ConvGeometry& g = c.g;
              INFO(kernels->name << ": " << describe(c));
              REQUIRE(conv2d_direct_fits(g));
              const size_t xs = static_cast<size_t>(g.n) * g.h * g.w * g.cin, ys = g.out_pixels() * g.cout;
              const size_t ws = static_cast<size_t>(k) * k * g.cin * g.cout;
              test::Guarded x = random_guarded(xs, 1, rng), wt = random_guarded(ws, 3, rng);
              test::Guarded b = random_guarded(g.cout, 2, rng), dy = random_guarded(ys, 1, rng);
              test::Guarded scratch(conv2d_direct_scratch_floats(g), 1);

              std::vector<float> want(ys);
              for (bool relu : {false, true}) {
                INFO("forward, relu " << relu);
                test::Guarded y(ys, 1);
                conv2d_forward_f32_ref(g, x.data(), wt.data(), b.data(), want.data());
                if (relu)
                  for (float& v : want) v = v > 0.f ? v : 0.f;
                kernels->conv_forward(g, x.data(), wt.data(), b.data(), relu, y.data(), scratch.data());
                REQUIRE(y.intact());
                REQUIRE(scratch.intact());
                REQUIRE(worst_error(y.data(), want.data(), ys, g.col_width()) <= 1.0);
              }
              {
                INFO("forward without bias");
                test::Guarded y(ys, 1);
                conv2d_forward_f32_ref(g, x.data(), wt.data(), nullptr, want.data());
                kernels->conv_forward(g, x.data(), wt.data(), nullptr, false, y.data(), scratch.data());
                REQUIRE(worst_error(y.data(), want.data(), ys, g.col_width()) <= 1.0);
              }
              {
                INFO("kernel gradient, accumulated");
                test::Guarded dw(ws, 2);
                std::vector<float> dw_want(ws, 0.25f);
                for (size_t i = 0; i < ws; ++i) dw[i] = 0.25f;
                conv2d_backward_filter_f32_ref(g, x.data(), dy.data(), dw_want.data(), nullptr);
                kernels->conv_filter_grad(g, x.data(), dy.data(), dw.data(), scratch.data());
                REQUIRE(dw.intact());
                REQUIRE(scratch.intact());
                REQUIRE(worst_error(dw.data(), dw_want.data(), ws, static_cast<int>(g.out_pixels())) <= 1.0);
              }
              const ConvGeometry t = conv2d_transposed_geometry(g);
              if (!conv2d_direct_fits(t)) continue;
              {
                INFO("input gradient as the transposed forward pass");
                std::vector<float> flipped(ws), dx_want(xs);
                conv2d_flip_filter_f32(k, g.cin, g.cout, wt.data(), flipped.data());
                test::Guarded dx(xs, 1), tscratch(conv2d_direct_scratch_floats(t), 1);
                conv2d_backward_data_f32_ref(g, dy.data(), wt.data(), dx_want.data());
                kernels->conv_forward(t, dy.data(), flipped.data(), nullptr, false, dx.data(), tscratch.data());
                REQUIRE(dx.intact());
                REQUIRE(tscratch.intact());
                REQUIRE(worst_error(dx.data(), dx_want.data(), xs, k * k * g.cout) <= 1.0);
              }
            }
    // Shapes the direct kernels leave to the GEMM paths.
    CHECK_FALSE(conv2d_direct_fits(ConvGeometry{1, 8, 8, 3, 3, 1, 1, 1, 8, 8, 5}));
    CHECK_FALSE(conv2d_direct_fits(ConvGeometry{1, 8, 8, 8, 3, 2, 0, 0, 4, 4, 8}));
  }
}

}  // namespace bn
