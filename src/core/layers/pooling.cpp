#include "core/layers/pooling.h"

#include <algorithm>

namespace bn {

namespace {
Status not_an_image(const std::string& who, const Shape& input) {
  return Status::error(who + "input shape " + input.str() +
                       " is not an image (height, width, channels); add a Reshape to (height, width, channels) before it");
}
}  // namespace

Result<Shape> MaxPooling2D::configure(const Shape& input) {
  const std::string who = name() + " (MaxPooling2D): ";
  if (opt_.pool_size <= 0)
    return Status::error(who + "pool_size is " + std::to_string(opt_.pool_size) + "; give a positive number");
  if (opt_.stride < 0)
    return Status::error(who + "stride is " + std::to_string(opt_.stride) + "; give a positive number, or 0 for pool_size");
  if (input.rank != 3) return not_an_image(who, input);
  const int p = opt_.pool_size, s = opt_.stride == 0 ? p : opt_.stride;
  const WindowSpan sy = window_span(input[0], p, s, opt_.padding);
  const WindowSpan sx = window_span(input[1], p, s, opt_.padding);
  if (sy.out == 0 || sx.out == 0)
    return Status::error(who + "a " + std::to_string(p) + "x" + std::to_string(p) + " pool does not fit input " +
                         input.str() + " with padding 'valid'; use padding 'same' or a pool_size of at most " +
                         std::to_string(std::min(input[0], input[1])));
  one_ = PoolGeometry{};
  one_.n = 1;
  one_.h = input[0];
  one_.w = input[1];
  one_.c = input[2];
  one_.pool = p;
  one_.stride = s;
  one_.pad_top = sy.before;
  one_.pad_left = sx.before;
  one_.out_h = sy.out;
  one_.out_w = sx.out;
  return Shape{sy.out, sx.out, input[2]};
}

void MaxPooling2D::forward(const Tensor& x, Tensor& y, RunContext&) {
  PoolGeometry g = one_;
  g.n = x.rows();
  maxpool2d_forward_f32_ref(g, x.data(), y.data());
}

void MaxPooling2D::backward(const Tensor& x, const Tensor& y, Tensor& dy, Tensor* dx, RunContext&) {
  if (!dx) return;
  PoolGeometry g = one_;
  g.n = x.rows();
  maxpool2d_backward_f32_ref(g, x.data(), y.data(), dy.data(), dx->data());
}

Result<Shape> UpSampling2D::configure(const Shape& input) {
  const std::string who = name() + " (UpSampling2D): ";
  if (size_ <= 0) return Status::error(who + "size is " + std::to_string(size_) + "; give a positive number");
  if (input.rank != 3) return not_an_image(who, input);
  Result<Shape> out = checked_shape(who, {1LL * input[0] * size_, 1LL * input[1] * size_, input[2]});
  if (!out) return out;
  h_ = input[0];
  w_ = input[1];
  c_ = input[2];
  return out;
}

void UpSampling2D::forward(const Tensor& x, Tensor& y, RunContext&) {
  upsample2d_forward_f32_ref(x.rows(), h_, w_, c_, size_, x.data(), y.data());
}

void UpSampling2D::backward(const Tensor& x, const Tensor&, Tensor& dy, Tensor* dx, RunContext&) {
  if (dx) upsample2d_backward_f32_ref(x.rows(), h_, w_, c_, size_, dy.data(), dx->data());
}

}  // namespace bn
