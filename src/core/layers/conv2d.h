// Conv2D: Keras's Conv2D with its activation folded in, square kernel, NHWC.
//   x: (N, H, W, Cin)   kernel: (k, k, Cin, Cout)   bias: (Cout)   y: (N, OH, OW, Cout)
// OH, OW and the zero padding follow Keras's 'valid' / 'same' rules (layers/padding.h) for any
// stride >= 1. Like Dense, the layer keeps only its output and takes every activation's
// derivative from y; take_preactivation_grad lets a fused sigmoid + BCE loss hand it d/d logits.
//
// Fast path: stride-1 passes whose channel counts suit them (conv2d_direct_fits) run the direct
// kernels of ctx.kernels (conv_direct.h), which beat every GEMM arrangement below because they
// move no intermediate matrix at all; the input gradient is the direct forward pass of the
// transposed convolution. The remaining passes are GEMMs through ctx.kernels.gemm over chunks
// of the batch whose intermediate matrix fits a bounded buffer that reserve() allocates (the
// Workspace stays GEMM packing scratch only). There the layer picks, from its shapes, the
// arrangement that moves the fewest floats per pixel:
//   forward   im2col (k*k*Cin per output pixel), or for stride 1 with Cout <= Cin / 4 the tap
//             form (x times the kernel, k*k*Cout per input pixel, then summed into place)
//   backward  stride 1: one im2col of dy with the flipped kernel (k*k*Cout per input pixel)
//             feeds both the kernel-gradient and the input-gradient GEMM; otherwise (other
//             strides, or Cout > 2 Cin) im2col of x for the kernel gradient and col2im for dx
// One-channel columns are built planar (whole image rows copied), 1x1 stride-1 kernels read x
// and dy in place, and the first layer (dx == nullptr) skips the input gradient.
// set_reference_path(true) runs the direct loops of kernels/conv instead (tests compare the two).
#pragma once
#include "core/base/aligned_buffer.h"
#include "core/kernels/conv/conv.h"
#include "core/kernels/conv/conv_direct.h"
#include "core/layers/init.h"
#include "core/layers/layer.h"
#include "core/layers/padding.h"

namespace bn {

struct Conv2DOptions {
  int filters = 0;
  int kernel_size = 3;
  int stride = 1;
  Padding padding = Padding::kSame;
  Activation activation = Activation::kLinear;
  float alpha = 0.3f;  // leaky_relu slope
  bool use_bias = true;
  Init kernel_init = Init::kGlorotUniform;
};

class Conv2D : public Layer {
 public:
  Conv2D(std::string name, Conv2DOptions options) : Layer(std::move(name)), opt_(options) {}
  std::string type() const override { return "Conv2D"; }
  const Conv2DOptions& options() const { return opt_; }

  Result<Shape> configure(const Shape& input) override;
  uint64_t planned_params() const override;
  Status allocate(Rng& init_rng) override;
  size_t reserve_floats(int rows) const override;
  size_t workspace_floats(int rows) const override;
  Status reserve(int rows) override;
  void forward(const Tensor& x, Tensor& y, RunContext& ctx) override;
  void backward(const Tensor& x, const Tensor& y, Tensor& dy, Tensor* dx, RunContext& ctx) override;
  std::vector<Param> params() override;

  Activation activation() const override { return opt_.activation; }
  bool take_preactivation_grad() override {
    grad_is_preactivation_ = true;
    return true;
  }
  // Tests: run the reference loops of kernels/conv instead of the fast path.
  void set_reference_path(bool on) { reference_path_ = on; }
  // Tests: floats the column buffer may hold (default kColumnBudget); small budgets force many
  // chunks, some straddling images. Takes effect at the next reserve().
  void set_column_budget(size_t floats) { column_budget_ = floats; }
  Tensor& kernel() { return w_; }
  const Tensor& kernel() const { return w_; }
  Tensor& bias() { return b_; }

  // Default column buffer: 64 K floats (256 KB), so a chunk's columns, its slice of x and y,
  // and the GEMM's packed copies stay in a 1 MB L2 cache.
  static constexpr size_t kColumnBudget = 64 * 1024;

 private:
  // How a tap-form forward pass cuts the batch: `images` whole images per chunk, or when one
  // image's taps exceed the budget, `rows` output rows of one image per chunk.
  struct TapChunks {
    int images = 0, rows = 0;
  };
  // What reserve() holds for a batch: the column buffer and the tap form's transposed output.
  struct Buffers {
    size_t col = 0, trans = 0;
  };
  Buffers buffer_floats(int rows) const;
  ConvGeometry geometry(int batch) const;
  size_t chunk_rows(int width, size_t total) const;
  bool planar_columns() const;
  bool tap_forward() const;
  bool shared_backward(bool need_dx) const;
  bool direct_input_grad() const;
  TapChunks tap_chunks(int batch) const;
  size_t tap_chunk_floats(const TapChunks& c, int batch) const;

  void forward_direct(const ConvGeometry& g, const float* x, float* y, RunContext& ctx);
  void forward_im2col(const ConvGeometry& g, const float* x, float* y, RunContext& ctx);
  void forward_taps(const ConvGeometry& g, const float* x, float* y, RunContext& ctx);
  void backward_direct(const ConvGeometry& g, const float* x, const float* y, float* dy, float* dx, RunContext& ctx);
  void backward_shared(const ConvGeometry& g, const float* x, const float* dz, float* dx, RunContext& ctx);
  void backward_filter_im2col(const ConvGeometry& g, const float* x, const float* dz, RunContext& ctx);
  void backward_data_col2im(const ConvGeometry& g, const float* dz, float* dx, RunContext& ctx);

  Conv2DOptions opt_;
  ConvGeometry one_;  // the geometry of a batch of one
  Tensor w_, b_, dw_, db_;
  AlignedBuffer col_;    // one chunk's im2col rows or taps
  AlignedBuffer trans_;  // one chunk of output in (channels x pixels) order (tap form, planar im2col)
  AlignedBuffer wre_;    // the kernel re-laid out for the pass at hand (flipped, or by input)
  AlignedBuffer gacc_;   // one backward pass's kernel gradient in its GEMM's layout
  size_t column_budget_ = kColumnBudget;
  bool grad_is_preactivation_ = false;
  bool reference_path_ = false;
};

}  // namespace bn
