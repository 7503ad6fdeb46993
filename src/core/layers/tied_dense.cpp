#include "core/layers/tied_dense.h"

#include <algorithm>

namespace bn {

DenseTied::DenseTied(std::string name, Dense& encoder, DenseOptions options)
    : Layer(std::move(name)), encoder_(encoder), opt_(options) {}

Result<Shape> DenseTied::configure(const Shape& input) {
  if (encoder_.input_width() == 0)
    return Status::error(name() + " (DenseTied): its encoder '" + encoder_.name() + "' must come before it");
  const int enc_in = encoder_.input_width(), enc_units = encoder_.options().units;
  if (input.rank != 1 || input[0] != enc_units)
    return Status::error(name() + " (DenseTied): input shape " + input.str() + " does not match '" + encoder_.name() +
                         "', which outputs (" + std::to_string(enc_units) + ",); tie it to the layer whose output width it takes");
  in_ = enc_units;
  out_ = enc_in;
  return Shape{out_};
}

Status DenseTied::allocate(Rng&) {
  if (opt_.use_bias) {
    BN_RETURN_IF_ERROR(b_.resize({out_}));
    BN_RETURN_IF_ERROR(db_.resize({out_}));
    b_.fill(0.f);
  }
  return Status::ok();
}

size_t DenseTied::workspace_floats(int rows) const {
  return std::max({gemm_scratch_floats(rows, out_, in_), gemm_scratch_floats(out_, in_, rows),
                   gemm_scratch_floats(rows, in_, out_)});
}

void DenseTied::forward(const Tensor& x, Tensor& y, RunContext& ctx) {
  const Kernels& k = ctx.kernels;
  const int n = x.rows();
  // y = x W^T, W stored (out_, in_).
  k.gemm(Trans::kNo, Trans::kYes, n, out_, in_, 1.f, x.data(), in_, encoder_.kernel().data(), in_, 0.f, y.data(), out_,
         ctx.workspace);
  if (opt_.use_bias) k.bias_add(y.data(), b_.data(), n, out_);
  if (opt_.activation != Activation::kLinear) k.act_forward(opt_.activation, opt_.alpha, y.data(), y.data(), y.size());
}

void DenseTied::backward(const Tensor& x, const Tensor& y, Tensor& dy, Tensor* dx, RunContext& ctx) {
  const Kernels& k = ctx.kernels;
  const int n = x.rows();
  if (!grad_is_preactivation_ && opt_.activation != Activation::kLinear)
    k.act_backward(opt_.activation, opt_.alpha, y.data(), dy.data(), dy.data(), dy.size());
  // dW (out_, in_) += dz^T x ; db += colsum(dz) ; dx = dz W
  k.gemm(Trans::kYes, Trans::kNo, out_, in_, n, 1.f, dy.data(), out_, x.data(), in_, 1.f, encoder_.kernel_grad().data(),
         in_, ctx.workspace);
  if (opt_.use_bias) k.col_sum(dy.data(), n, out_, db_.data(), true);
  if (dx)
    k.gemm(Trans::kNo, Trans::kNo, n, in_, out_, 1.f, dy.data(), out_, encoder_.kernel().data(), in_, 0.f, dx->data(),
           in_, ctx.workspace);
}

std::vector<Param> DenseTied::params() {
  if (!opt_.use_bias) return {};
  return {{name() + "/bias", &b_, &db_}};
}

}  // namespace bn
