#include "core/layers/conv2d.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace bn {

namespace {

// A suggestion for turning a non-image input into (height, width, channels).
std::string image_shape_hint(const Shape& input) {
  if (input.rank == 2) return Shape{input[0], input[1], 1}.str();
  if (input.rank == 1) {
    const int side = static_cast<int>(std::lround(std::sqrt(static_cast<double>(input[0]))));
    if (side * side == input[0]) return Shape{side, side, 1}.str();
  }
  return "(height, width, channels)";
}

// dst (rows x cols) = src (cols x rows, row stride ld)^T, plus bias[c] on column c when bias is
// not null.
void transpose_into(const float* src, size_t ld, int cols, size_t rows, const float* bias, float* dst) {
  for (size_t r = 0; r < rows; ++r, dst += cols)
    for (int c = 0; c < cols; ++c) dst[c] = src[c * ld + r] + (bias ? bias[c] : 0.f);
}

// y (rows x cols) = bias on every row, or zeros without one. The GEMMs then add into y (beta 1):
// that folds the bias in, and spares GEMMs the clearing of a narrow strided C, which Eigen does
// one short row at a time.
void fill_rows(float* y, const float* bias, size_t rows, int cols) {
  if (!bias) {
    std::memset(y, 0, sizeof(float) * rows * cols);
    return;
  }
  for (size_t r = 0; r < rows; ++r, y += cols)
    for (int c = 0; c < cols; ++c) y[c] = bias[c];
}

}  // namespace

Result<Shape> Conv2D::configure(const Shape& input) {
  const std::string who = name() + " (Conv2D): ";
  if (opt_.filters <= 0) return Status::error(who + "filters is " + std::to_string(opt_.filters) + "; give a positive number");
  if (opt_.kernel_size <= 0)
    return Status::error(who + "kernel_size is " + std::to_string(opt_.kernel_size) + "; give a positive number");
  if (opt_.stride <= 0) return Status::error(who + "stride is " + std::to_string(opt_.stride) + "; use 1 or 2");
  if (opt_.activation == Activation::kLeakyRelu && !(opt_.alpha >= 0.f))
    return Status::error(who + "leaky_relu alpha must be >= 0");
  if (input.rank != 3)
    return Status::error(who + "input shape " + input.str() + " is not an image (height, width, channels); add a Reshape to " +
                         image_shape_hint(input) + " first");
  const int k = opt_.kernel_size;
  const WindowSpan sy = window_span(input[0], k, opt_.stride, opt_.padding);
  const WindowSpan sx = window_span(input[1], k, opt_.stride, opt_.padding);
  if (sy.out == 0 || sx.out == 0)
    return Status::error(who + "a " + std::to_string(k) + "x" + std::to_string(k) + " kernel does not fit input " +
                         input.str() + " with padding 'valid'; use padding 'same' or a kernel_size of at most " +
                         std::to_string(std::min(input[0], input[1])));
  Result<Shape> out = checked_shape(who, {sy.out, sx.out, opt_.filters});
  if (!out) return out;
  one_ = ConvGeometry{1, input[0], input[1], input[2], k, opt_.stride, sy.before, sx.before, sy.out, sx.out, opt_.filters};
  return out;
}

uint64_t Conv2D::planned_params() const {
  const uint64_t kernel = static_cast<uint64_t>(one_.k) * one_.k * one_.cin * one_.cout;
  return kernel + (opt_.use_bias ? static_cast<uint64_t>(one_.cout) : 0);
}

Status Conv2D::allocate(Rng& init_rng) {
  const std::string who = name() + " (Conv2D): ";
  const int k = one_.k;
  for (Tensor* t : {&w_, &dw_}) BN_RETURN_IF_ERROR(t->resize({k, k, one_.cin, opt_.filters}));
  if (opt_.use_bias)
    for (Tensor* t : {&b_, &db_}) BN_RETURN_IF_ERROR(t->resize({opt_.filters}));
  initialize(w_, opt_.kernel_init, k * k * one_.cin, k * k * opt_.filters, init_rng);
  b_.fill(0.f);
  if (!wre_.reset(w_.size()) || !gacc_.reset(w_.size())) return Status::error(who + "out of memory allocating kernel scratch");
  return Status::ok();
}

ConvGeometry Conv2D::geometry(int batch) const {
  ConvGeometry g = one_;
  g.n = batch;
  return g;
}

size_t Conv2D::chunk_rows(int width, size_t total) const {
  const size_t fit = std::max<size_t>(1, column_budget_ / static_cast<size_t>(width));
  return std::min(fit, std::max<size_t>(total, 1));
}

// One input channel: the planar im2col copies whole image rows instead of k floats per pixel.
bool Conv2D::planar_columns() const { return one_.cin == 1; }

// The tap form writes k*k*Cout floats per pixel where im2col writes k*k*Cin, but its tap sum
// reads them k*k times over; measured, it pays off when Cout is at most a quarter of Cin.
bool Conv2D::tap_forward() const {
  return one_.stride == 1 && one_.k > 1 && 4 * one_.cout <= one_.cin;
}

// Floats per pixel: the shared pass writes k*k*Cout; the alternative writes im2col of x
// (k*k*Cin) and, when dx is needed, as many again for col2im.
bool Conv2D::shared_backward(bool need_dx) const {
  if (one_.stride != 1) return false;
  return need_dx ? one_.cout <= 2 * one_.cin : one_.cout < one_.cin;
}

Conv2D::TapChunks Conv2D::tap_chunks(int batch) const {
  const size_t tc = static_cast<size_t>(one_.k) * one_.k * one_.cout, image = tc * one_.h * one_.w;
  TapChunks c;
  if (image <= column_budget_) {
    c.images = static_cast<int>(std::min<size_t>(column_budget_ / image, static_cast<size_t>(batch)));
  } else {
    // Output rows [oy0, oy0 + rows) read at most rows + k - 1 input rows (stride 1).
    const size_t fit_rows = column_budget_ / (tc * one_.w);
    c.rows = static_cast<int>(std::max<size_t>(1, fit_rows > static_cast<size_t>(one_.k) ? fit_rows - one_.k + 1 : 1));
    c.rows = std::min(c.rows, one_.out_h);
  }
  return c;
}

size_t Conv2D::tap_chunk_floats(const TapChunks& c, int batch) const {
  const size_t tc = static_cast<size_t>(one_.k) * one_.k * one_.cout;
  if (c.images > 0) return std::min(c.images, batch) * tc * one_.h * one_.w;
  return std::min(c.rows + one_.k - 1, one_.h) * tc * one_.w;
}

// Every GEMM the fast path may issue for a batch of up to `rows`, over every chunk length it can
// produce (the last chunk of a batch is shorter, and a packing GEMM's scratch need not grow
// monotonically with its K).
size_t Conv2D::workspace_floats(int rows) const {
  if (rows <= 0 || one_.n == 0) return 0;
  const ConvGeometry g = geometry(rows);
  const int kcol = g.col_width(), kt = g.k * g.k * g.cout;
  const size_t in_pixels = static_cast<size_t>(rows) * g.h * g.w;
  const size_t fwd = chunk_rows(kcol, g.out_pixels()), shared = chunk_rows(kt, in_pixels);
  const size_t taps = tap_chunk_floats(tap_chunks(rows), rows) / kt;
  size_t need = 0;
  auto add = [&](int m, int n, int k) { need = std::max(need, gemm_scratch_floats(m, n, k)); };
  for (size_t len = 1; len <= std::max({fwd, shared, taps}); ++len) {
    const int p = static_cast<int>(len);
    if (len <= fwd) {
      add(p, g.cout, kcol);                        // forward
      add(kcol, g.cout, p);                        // kernel gradient
      add(p, kcol, g.cout);                        // col2im input gradient
    }
    if (len <= shared) add(g.cin, kt, p), add(p, g.cin, kt);  // shared backward
    if (len <= taps) add(kt, p, g.cin);                      // tap-form forward
  }
  return need;
}

Conv2D::Buffers Conv2D::buffer_floats(int rows) const {
  if (rows <= 0 || one_.n == 0) return {};
  const ConvGeometry g = geometry(rows);
  const int kcol = g.col_width(), kt = g.k * g.k * g.cout;
  const size_t fwd = chunk_rows(kcol, g.out_pixels());
  const size_t shared = chunk_rows(kt, static_cast<size_t>(rows) * g.h * g.w);
  const TapChunks tc = tap_chunks(rows);
  const size_t direct = std::max(conv2d_direct_scratch_floats(geometry(1)),
                                  one_.stride == 1 ? conv2d_direct_scratch_floats(conv2d_transposed_geometry(one_)) : 0);
  const size_t tap_out = tc.images > 0 ? static_cast<size_t>(tc.images) * g.out_h * g.out_w
                                       : static_cast<size_t>(tc.rows) * g.out_w;
  return {std::max({fwd * kcol, shared * kt, tap_chunk_floats(tc, rows), direct}), tap_forward() ? tap_out * g.cout : 0};
}

size_t Conv2D::reserve_floats(int rows) const {
  // Also the two kernel-sized buffers allocate() makes (wre_, gacc_).
  const Buffers b = buffer_floats(rows);
  return b.col + b.trans + 2 * static_cast<size_t>(planned_params() - (opt_.use_bias ? one_.cout : 0));
}

Status Conv2D::reserve(int rows) {
  const Buffers b = buffer_floats(rows);
  if ((b.col > col_.size() && !col_.reset(b.col)) || (b.trans > trans_.size() && !trans_.reset(b.trans)))
    return Status::error(name() + " (Conv2D): out of memory reserving im2col buffers for batch " + std::to_string(rows) +
                         "; use a smaller batch");
  return Status::ok();
}

void Conv2D::forward(const Tensor& x, Tensor& y, RunContext& ctx) {
  const ConvGeometry g = geometry(x.rows());
  if (reference_path_) {
    conv2d_forward_f32_ref(g, x.data(), w_.data(), opt_.use_bias ? b_.data() : nullptr, y.data());
    if (opt_.activation != Activation::kLinear)
      ctx.kernels.act_forward(opt_.activation, opt_.alpha, y.data(), y.data(), y.size());
    return;
  }
  if (conv2d_direct_fits(g)) forward_direct(g, x.data(), y.data(), ctx);
  else if (tap_forward()) forward_taps(g, x.data(), y.data(), ctx);
  else forward_im2col(g, x.data(), y.data(), ctx);
}

// relu (the usual activation) and linear are folded into the kernel, which then takes the whole
// batch; any other activation follows image by image, while the image's output is in cache.
void Conv2D::forward_direct(const ConvGeometry& g, const float* x, float* y, RunContext& ctx) {
  const Kernels& kn = ctx.kernels;
  const float* bias = opt_.use_bias ? b_.data() : nullptr;
  BN_ASSERT(col_.size() >= conv2d_direct_scratch_floats(g));  // reserve() was called
  const bool relu = opt_.activation == Activation::kRelu;
  if (relu || opt_.activation == Activation::kLinear) return kn.conv_forward(g, x, w_.data(), bias, relu, y, col_.data());
  const ConvGeometry one = geometry(1);
  const size_t in_image = static_cast<size_t>(g.h) * g.w * g.cin, out_image = static_cast<size_t>(g.out_h) * g.out_w * g.cout;
  for (int n = 0; n < g.n; ++n) {
    float* yn = y + n * out_image;
    kn.conv_forward(one, x + n * in_image, w_.data(), bias, false, yn, col_.data());
    kn.act_forward(opt_.activation, opt_.alpha, yn, yn, out_image);
  }
}

void Conv2D::forward_im2col(const ConvGeometry& g, const float* x, float* y, RunContext& ctx) {
  const Kernels& kn = ctx.kernels;
  const int kcol = g.col_width();
  const size_t total = g.out_pixels(), rows = chunk_rows(kcol, total);
  const bool direct = g.k == 1 && g.stride == 1;  // the im2col matrix is x itself
  const bool planar = !direct && planar_columns();
  const float* bias = opt_.use_bias ? b_.data() : nullptr;
  BN_ASSERT(direct || col_.size() >= rows * kcol);  // reserve() was called for this batch
  for (size_t p0 = 0; p0 < total; p0 += rows) {
    const size_t pc = std::min(rows, total - p0);
    const int m = static_cast<int>(pc);
    const float* col = x + p0 * g.cin;
    float* yc = y + p0 * g.cout;
    fill_rows(yc, bias, pc, g.cout);
    if (planar) {
      // col_ holds col^T (kcol x pc): y (pc x Cout) += (col^T)^T w.
      im2col_planar_f32(g, x, p0, pc, col_.data());
      kn.gemm(Trans::kYes, Trans::kNo, m, g.cout, kcol, 1.f, col_.data(), m, w_.data(), g.cout, 1.f, yc, g.cout,
              ctx.workspace);
    } else {
      if (!direct) {
        im2col_f32(g, x, p0, pc, col_.data());
        col = col_.data();
      }
      // y (pc x Cout) += col w.
      kn.gemm(Trans::kNo, Trans::kNo, m, g.cout, kcol, 1.f, col, kcol, w_.data(), g.cout, 1.f, yc, g.cout, ctx.workspace);
    }
    if (opt_.activation != Activation::kLinear) kn.act_forward(opt_.activation, opt_.alpha, yc, yc, pc * g.cout);
  }
}

// zt = wt^T x^T for a chunk of input pixels (x read in place), the taps summed into yt
// (Cout x pixels), then into y's order with the bias.
void Conv2D::forward_taps(const ConvGeometry& g, const float* x, float* y, RunContext& ctx) {
  const Kernels& kn = ctx.kernels;
  const int kt = g.k * g.k * g.cout;
  const size_t in_image = static_cast<size_t>(g.h) * g.w, out_image = static_cast<size_t>(g.out_h) * g.out_w;
  const float* bias = opt_.use_bias ? b_.data() : nullptr;
  conv2d_filter_by_input_f32(g.k, g.cin, g.cout, w_.data(), wre_.data());
  auto taps = [&](const float* xs, size_t pixels) {
    kn.gemm(Trans::kYes, Trans::kYes, kt, static_cast<int>(pixels), g.cin, 1.f, wre_.data(), kt, xs, g.cin, 0.f,
            col_.data(), static_cast<int>(pixels), ctx.workspace);
  };
  auto finish = [&](float* ys, size_t pixels) {
    transpose_into(trans_.data(), pixels, g.cout, pixels, bias, ys);
    if (opt_.activation != Activation::kLinear) kn.act_forward(opt_.activation, opt_.alpha, ys, ys, pixels * g.cout);
  };
  const TapChunks c = tap_chunks(g.n);
  BN_ASSERT(col_.size() >= tap_chunk_floats(c, g.n));  // reserve() was called for this batch
  if (c.images > 0) {
    for (int n0 = 0; n0 < g.n; n0 += c.images) {
      const int images = std::min(c.images, g.n - n0);
      const size_t ldz = images * in_image, ldy = images * out_image;
      taps(x + n0 * in_image * g.cin, ldz);
      for (int i = 0; i < images; ++i)
        conv2d_tap_sum_f32(g, col_.data() + i * in_image, ldz, 0, 0, g.out_h, trans_.data() + i * out_image, ldy);
      finish(y + n0 * out_image * g.cout, ldy);
    }
    return;
  }
  for (int n = 0; n < g.n; ++n)
    for (int oy0 = 0; oy0 < g.out_h; oy0 += c.rows) {
      const int oy1 = std::min(oy0 + c.rows, g.out_h);
      const int iy0 = std::max(0, oy0 - g.pad_top), iy1 = std::min(g.h, oy1 - 1 - g.pad_top + g.k);
      const size_t ldz = static_cast<size_t>(iy1 - iy0) * g.w, ldy = static_cast<size_t>(oy1 - oy0) * g.out_w;
      taps(x + (n * in_image + static_cast<size_t>(iy0) * g.w) * g.cin, ldz);
      conv2d_tap_sum_f32(g, col_.data(), ldz, iy0, oy0, oy1, trans_.data(), ldy);
      finish(y + (n * out_image + static_cast<size_t>(oy0) * g.out_w) * g.cout, ldy);
    }
}

void Conv2D::backward(const Tensor& x, const Tensor& y, Tensor& dy, Tensor* dx, RunContext& ctx) {
  const Kernels& kn = ctx.kernels;
  const ConvGeometry g = geometry(x.rows());
  if (!reference_path_ && conv2d_direct_fits(g) && (!dx || direct_input_grad()))
    return backward_direct(g, x.data(), y.data(), dy.data(), dx ? dx->data() : nullptr, ctx);
  // dz = dy * f'(z), in place.
  if (!grad_is_preactivation_ && opt_.activation != Activation::kLinear)
    kn.act_backward(opt_.activation, opt_.alpha, y.data(), dy.data(), dy.data(), dy.size());
  if (reference_path_) {
    conv2d_backward_filter_f32_ref(g, x.data(), dy.data(), dw_.data(), opt_.use_bias ? db_.data() : nullptr);
    if (dx) conv2d_backward_data_f32_ref(g, dy.data(), w_.data(), dx->data());
    return;
  }
  if (opt_.use_bias) kn.col_sum(dy.data(), static_cast<int>(g.out_pixels()), g.cout, db_.data(), true);
  // Each gradient takes the direct kernels where they fit; the GEMM paths pick up the rest.
  float* dxp = dx ? dx->data() : nullptr;
  if (dxp && direct_input_grad()) {
    // dx is the forward pass of the transposed convolution, with the flipped kernel.
    conv2d_flip_filter_f32(g.k, g.cin, g.cout, w_.data(), wre_.data());
    kn.conv_forward(conv2d_transposed_geometry(g), dy.data(), wre_.data(), nullptr, false, dxp, col_.data());
    dxp = nullptr;
  }
  if (conv2d_direct_fits(g)) {
    kn.conv_filter_grad(g, x.data(), dy.data(), dw_.data(), col_.data());
  } else if (shared_backward(dxp != nullptr)) {
    backward_shared(g, x.data(), dy.data(), dxp, ctx);
    dxp = nullptr;
  } else {
    backward_filter_im2col(g, x.data(), dy.data(), ctx);
  }
  if (dxp) backward_data_col2im(g, dy.data(), dxp, ctx);
}

// Image by image: the image's dy is read from memory once and stays in cache for the activation
// derivative, the bias and kernel gradients and the input gradient.
void Conv2D::backward_direct(const ConvGeometry& g, const float* x, const float* y, float* dy, float* dx,
                             RunContext& ctx) {
  const Kernels& kn = ctx.kernels;
  const ConvGeometry one = geometry(1), t = conv2d_transposed_geometry(one);
  const size_t in_image = static_cast<size_t>(g.h) * g.w * g.cin, out_image = static_cast<size_t>(g.out_h) * g.out_w * g.cout;
  const int pixels = g.out_h * g.out_w;
  if (dx) conv2d_flip_filter_f32(g.k, g.cin, g.cout, w_.data(), wre_.data());
  for (int n = 0; n < g.n; ++n) {
    float* dz = dy + n * out_image;
    if (!grad_is_preactivation_ && opt_.activation != Activation::kLinear)
      kn.act_backward(opt_.activation, opt_.alpha, y + n * out_image, dz, dz, out_image);
    if (opt_.use_bias) kn.col_sum(dz, pixels, g.cout, db_.data(), true);
    kn.conv_filter_grad(one, x + n * in_image, dz, dw_.data(), col_.data());
    if (dx) kn.conv_forward(t, dz, wre_.data(), nullptr, false, dx + n * in_image, col_.data());
  }
}

bool Conv2D::direct_input_grad() const {
  return one_.stride == 1 && conv2d_direct_fits(conv2d_transposed_geometry(one_));
}

// Stride 1: per chunk of input pixels q, colT = im2col of dz under the transposed geometry, then
//   gacc (Cin x k*k*Cout) += x[q]^T colT      and      dx[q] = colT wflip
// With Cout == 1 the columns are built planar (k*k x q) and both GEMMs read them transposed.
void Conv2D::backward_shared(const ConvGeometry& g, const float* x, const float* dz, float* dx, RunContext& ctx) {
  const Kernels& kn = ctx.kernels;
  const ConvGeometry t = conv2d_transposed_geometry(g);
  const int kt = t.col_width();
  const size_t total = t.out_pixels(), rows = chunk_rows(kt, total);
  const bool direct = g.k == 1, planar = !direct && t.cin == 1;
  BN_ASSERT(direct || col_.size() >= rows * kt);  // reserve() was called for this batch
  if (dx) conv2d_flip_filter_f32(g.k, g.cin, g.cout, w_.data(), wre_.data());
  for (size_t q0 = 0; q0 < total; q0 += rows) {
    const size_t qc = std::min(rows, total - q0);
    const int m = static_cast<int>(qc);
    const float beta = q0 == 0 ? 0.f : 1.f;
    const float* xc = x + q0 * g.cin;
    float* dxc = dx ? dx + q0 * g.cin : nullptr;
    if (dxc) fill_rows(dxc, nullptr, qc, g.cin);
    if (planar) {
      im2col_planar_f32(t, dz, q0, qc, col_.data());
      kn.gemm(Trans::kYes, Trans::kYes, g.cin, kt, m, 1.f, xc, g.cin, col_.data(), m, beta, gacc_.data(), kt,
              ctx.workspace);
      if (dxc)
        kn.gemm(Trans::kYes, Trans::kNo, m, g.cin, kt, 1.f, col_.data(), m, wre_.data(), g.cin, 1.f, dxc, g.cin,
                ctx.workspace);
      continue;
    }
    const float* col = dz + q0 * t.cin;
    if (!direct) {
      im2col_f32(t, dz, q0, qc, col_.data());
      col = col_.data();
    }
    kn.gemm(Trans::kYes, Trans::kNo, g.cin, kt, m, 1.f, xc, g.cin, col, kt, beta, gacc_.data(), kt, ctx.workspace);
    if (dxc) kn.gemm(Trans::kNo, Trans::kNo, m, g.cin, kt, 1.f, col, kt, wre_.data(), g.cin, 1.f, dxc, g.cin, ctx.workspace);
  }
  conv2d_add_unflipped_grad_f32(g.k, g.cin, g.cout, gacc_.data(), dw_.data());
}

// dw += col^T dz over chunks of output pixels; K of these GEMMs is the chunk's pixel count.
void Conv2D::backward_filter_im2col(const ConvGeometry& g, const float* x, const float* dz, RunContext& ctx) {
  const Kernels& kn = ctx.kernels;
  const int kcol = g.col_width();
  const size_t total = g.out_pixels(), rows = chunk_rows(kcol, total);
  const bool direct = g.k == 1 && g.stride == 1;
  const bool planar = !direct && planar_columns();
  BN_ASSERT(direct || col_.size() >= rows * kcol);  // reserve() was called for this batch
  for (size_t p0 = 0; p0 < total; p0 += rows) {
    const size_t pc = std::min(rows, total - p0);
    const float* col = x + p0 * g.cin;
    const float* dzc = dz + p0 * g.cout;
    if (planar) {
      // dw (kcol x Cout) += col^T dz, straight into dw.
      im2col_planar_f32(g, x, p0, pc, col_.data());
      kn.gemm(Trans::kNo, Trans::kNo, kcol, g.cout, static_cast<int>(pc), 1.f, col_.data(), static_cast<int>(pc), dzc,
              g.cout, 1.f, dw_.data(), g.cout, ctx.workspace);
      continue;
    }
    if (!direct) {
      im2col_f32(g, x, p0, pc, col_.data());
      col = col_.data();
    }
    kn.gemm(Trans::kYes, Trans::kNo, kcol, g.cout, static_cast<int>(pc), 1.f, col, kcol, dzc, g.cout, 1.f, dw_.data(),
            g.cout, ctx.workspace);
  }
}

// Any stride: dx = col2im(dz w^T), chunk by chunk of output pixels.
void Conv2D::backward_data_col2im(const ConvGeometry& g, const float* dz, float* dx, RunContext& ctx) {
  const int kcol = g.col_width();
  const size_t total = g.out_pixels(), rows = chunk_rows(kcol, total);
  BN_ASSERT(col_.size() >= rows * kcol);  // reserve() was called for this batch
  std::memset(dx, 0, sizeof(float) * g.n * g.h * g.w * g.cin);
  for (size_t p0 = 0; p0 < total; p0 += rows) {
    const size_t pc = std::min(rows, total - p0);
    fill_rows(col_.data(), nullptr, pc, kcol);
    ctx.kernels.gemm(Trans::kNo, Trans::kYes, static_cast<int>(pc), kcol, g.cout, 1.f, dz + p0 * g.cout, g.cout,
                     w_.data(), g.cout, 1.f, col_.data(), kcol, ctx.workspace);
    col2im_f32(g, col_.data(), p0, pc, dx);
  }
}

std::vector<Param> Conv2D::params() {
  std::vector<Param> p{{name() + "/kernel", &w_, &dw_}};
  if (opt_.use_bias) p.push_back({name() + "/bias", &b_, &db_});
  return p;
}

}  // namespace bn
