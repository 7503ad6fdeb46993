#include "core/layers/dense.h"

#include <algorithm>

namespace bn {

Result<Shape> Dense::configure(const Shape& input) {
  if (opt_.units <= 0)
    return Status::error(name() + " (Dense): units is " + std::to_string(opt_.units) + "; give a positive number");
  if (input.rank != 1)
    return Status::error(name() + " (Dense): input shape " + input.str() +
                         " has more than one dimension; put a Flatten layer before it");
  if (opt_.activation == Activation::kLeakyRelu && !(opt_.alpha >= 0.f))
    return Status::error(name() + " (Dense): leaky_relu alpha must be >= 0");
  in_ = input[0];
  return Shape{opt_.units};
}

uint64_t Dense::planned_params() const {
  return static_cast<uint64_t>(in_) * opt_.units + (opt_.use_bias ? opt_.units : 0);
}

Status Dense::allocate(Rng& init_rng) {
  for (Tensor* t : {&w_, &dw_}) BN_RETURN_IF_ERROR(t->resize({in_, opt_.units}));
  if (opt_.use_bias)
    for (Tensor* t : {&b_, &db_}) BN_RETURN_IF_ERROR(t->resize({opt_.units}));
  initialize(w_, opt_.kernel_init, in_, opt_.units, init_rng);
  b_.fill(0.f);
  return Status::ok();
}

size_t Dense::workspace_floats(int rows) const {
  return std::max({gemm_scratch_floats(rows, opt_.units, in_), gemm_scratch_floats(in_, opt_.units, rows),
                   gemm_scratch_floats(rows, in_, opt_.units)});
}

void Dense::forward(const Tensor& x, Tensor& y, RunContext& ctx) {
  const Kernels& k = ctx.kernels;
  const int n = x.rows();
  k.gemm(Trans::kNo, Trans::kNo, n, opt_.units, in_, 1.f, x.data(), in_, w_.data(), opt_.units, 0.f, y.data(),
         opt_.units, ctx.workspace);
  if (opt_.use_bias) k.bias_add(y.data(), b_.data(), n, opt_.units);
  if (opt_.activation != Activation::kLinear) k.act_forward(opt_.activation, opt_.alpha, y.data(), y.data(), y.size());
}

void Dense::backward(const Tensor& x, const Tensor& y, Tensor& dy, Tensor* dx, RunContext& ctx) {
  const Kernels& k = ctx.kernels;
  const int n = x.rows();
  // dz = dy * f'(z), in place.
  if (!grad_is_preactivation_ && opt_.activation != Activation::kLinear)
    k.act_backward(opt_.activation, opt_.alpha, y.data(), dy.data(), dy.data(), dy.size());
  // dW += x^T dz ; db += sum over the batch of dz ; dx = dz W^T
  k.gemm(Trans::kYes, Trans::kNo, in_, opt_.units, n, 1.f, x.data(), in_, dy.data(), opt_.units, 1.f, dw_.data(),
         opt_.units, ctx.workspace);
  if (opt_.use_bias) k.col_sum(dy.data(), n, opt_.units, db_.data(), true);
  if (dx)
    k.gemm(Trans::kNo, Trans::kYes, n, in_, opt_.units, 1.f, dy.data(), opt_.units, w_.data(), opt_.units, 0.f,
           dx->data(), in_, ctx.workspace);
}

std::vector<Param> Dense::params() {
  std::vector<Param> p{{name() + "/kernel", &w_, &dw_}};
  if (opt_.use_bias) p.push_back({name() + "/bias", &b_, &db_});
  return p;
}

}  // namespace bn
