// Tests src/core/layers/conv2d, pooling, reshape and padding: finite-difference gradients of
// every parameter and input (Conv2D with several activations, paddings, strides and odd sizes,
// through both its fast path and its reference loops; MaxPooling2D; UpSampling2D; Flatten;
// Reshape), Keras's output shapes and parameter counts, Keras's padding offsets, max-pool tie
// breaking, and the build errors' exact messages.
#include <catch2/catch.hpp>

#include <cmath>

#include "core/layers/activation.h"
#include "core/layers/conv2d.h"
#include "core/layers/pooling.h"
#include "core/layers/reshape.h"
#include "support/gradcheck.h"
#include "support/test_support.h"

namespace bn {

namespace {
Conv2DOptions conv(int filters, int k, int stride = 1, Padding padding = Padding::kSame,
                   Activation act = Activation::kLinear) {
  Conv2DOptions o;
  o.filters = filters;
  o.kernel_size = k;
  o.stride = stride;
  o.padding = padding;
  o.activation = act;
  return o;
}

Pool2DOptions pool(int size, Padding padding, int stride = 0) {
  Pool2DOptions o;
  o.pool_size = size;
  o.padding = padding;
  o.stride = stride;
  return o;
}

Shape out_shape(Layer& layer, const Shape& input) {
  Rng rng(1);
  Result<Shape> r = layer.build(input, rng);
  INFO(r.message());
  REQUIRE(r.is_ok());
  return r.value();
}

std::string build_error(Layer& layer, const Shape& input) {
  Rng rng(1);
  Result<Shape> r = layer.build(input, rng);
  REQUIRE_FALSE(r.is_ok());
  return r.message();
}

// Forward of an already built layer on one sample.
std::vector<float> run(Layer& layer, const Shape& input, const Shape& out, const std::vector<float>& x) {
  REQUIRE(layer.reserve(1).is_ok());
  Tensor xt = Tensor::zeros({1, input[0], input[1], input[2]}).take();
  Tensor yt = Tensor::zeros({1, out[0], out[1], out[2]}).take();
  std::copy(x.begin(), x.end(), xt.data());
  Workspace ws;
  RunContext ctx{reference_kernels(), ws, nullptr, false};
  layer.forward(xt, yt, ctx);
  return std::vector<float>(yt.data(), yt.data() + yt.size());
}
}  // namespace

TEST_CASE("conv2d gradients match finite differences", "[layers]") {
  struct Case {
    Shape input;
    Conv2DOptions opt;
  };
  const Case cases[] = {
      {{5, 7, 3}, conv(2, 3, 1, Padding::kSame)},   {{5, 7, 3}, conv(2, 3, 2, Padding::kSame)},
      {{5, 7, 3}, conv(2, 3, 1, Padding::kValid)},  {{7, 6, 2}, conv(3, 3, 2, Padding::kValid)},
      {{4, 4, 1}, conv(2, 3, 2, Padding::kSame)},   {{6, 5, 2}, conv(1, 5, 1, Padding::kSame)},
      {{3, 5, 2}, conv(3, 1, 1, Padding::kValid)},  {{5, 5, 2}, conv(2, 2, 1, Padding::kSame)},
      {{6, 6, 2}, conv(2, 4, 2, Padding::kSame)},   {{5, 6, 8}, conv(2, 3, 1, Padding::kSame)},
      {{6, 5, 4}, conv(1, 3, 1, Padding::kValid)},  {{4, 5, 1}, conv(3, 3, 1, Padding::kSame)},
  };
  for (const Case& c : cases)
    for (Activation act : {Activation::kLinear, Activation::kRelu, Activation::kSigmoid, Activation::kTanh,
                           Activation::kLeakyRelu, Activation::kSoftplus})
      for (bool reference : {false, true}) {
        Conv2DOptions o = c.opt;
        o.activation = act;
        o.use_bias = act != Activation::kTanh;  // one activation without bias
        INFO("input " << c.input.str() << " k=" << o.kernel_size << " stride=" << o.stride << " "
                      << padding_name(o.padding) << " " << activation_name(act) << (reference ? " (reference loops)" : ""));
        Conv2D layer("c", o);
        layer.set_reference_path(reference);
        layer.set_column_budget(40);  // several chunks per batch
        test::GradCheckResult r = test::check_layer_gradients(layer, c.input, 3, 17, 1e-3, 5e-3, 2e-2);
        INFO(r.where);
        REQUIRE(r.worst <= 1.0);
      }
}

TEST_CASE("conv2d with a fused sigmoid + BCE takes the gradient with respect to its logits", "[layers]") {
  Conv2DOptions o = conv(2, 3, 1, Padding::kSame, Activation::kSigmoid);
  Conv2D fused("fused", o);
  o.activation = Activation::kLinear;
  Conv2D linear("linear", o);
  Rng rng(5);
  REQUIRE(fused.build(Shape{4, 5, 2}, rng).is_ok());
  REQUIRE(linear.build(Shape{4, 5, 2}, rng).is_ok());
  std::copy(fused.kernel().data(), fused.kernel().data() + fused.kernel().size(), linear.kernel().data());
  REQUIRE(fused.activation() == Activation::kSigmoid);
  REQUIRE(fused.take_preactivation_grad());
  REQUIRE(fused.reserve(2).is_ok());
  REQUIRE(linear.reserve(2).is_ok());
  Tensor x = Tensor::zeros({2, 4, 5, 2}).take(), y = Tensor::zeros({2, 4, 5, 2}).take();
  test::fill_uniform(x.data(), x.size(), rng);
  Tensor dy = y.clone();
  test::fill_uniform(dy.data(), dy.size(), rng);
  Tensor dy2 = dy.clone(), dx = x.clone(), dx2 = x.clone();
  Workspace ws;
  RunContext ctx{default_kernels(), ws, nullptr, true};
  fused.forward(x, y, ctx);
  fused.backward(x, y, dy, &dx, ctx);
  linear.forward(x, y, ctx);
  linear.backward(x, y, dy2, &dx2, ctx);
  for (size_t i = 0; i < dx.size(); ++i) REQUIRE(dx[i] == Approx(dx2[i]).margin(1e-6));
  for (size_t i = 0; i < fused.params()[0].grad->size(); ++i)
    REQUIRE((*fused.params()[0].grad)[i] == Approx((*linear.params()[0].grad)[i]).margin(1e-6));
}

TEST_CASE("max pooling, upsampling, flatten and reshape gradients match finite differences", "[layers]") {
  struct Case {
    Shape input;
    Pool2DOptions opt;
  };
  const Case pools[] = {{{7, 7, 2}, pool(2, Padding::kSame)},  {{7, 7, 2}, pool(2, Padding::kValid)},
                        {{6, 5, 3}, pool(2, Padding::kValid)}, {{5, 6, 1}, pool(3, Padding::kSame, 2)},
                        {{5, 5, 2}, pool(3, Padding::kValid, 1)}, {{3, 4, 2}, pool(1, Padding::kValid)}};
  for (const Case& c : pools) {
    INFO("max pool " << c.opt.pool_size << " stride " << c.opt.stride << " " << padding_name(c.opt.padding) << " on "
                     << c.input.str());
    MaxPooling2D layer("p", c.opt);
    // The step must not change which element is largest: the seed gives inputs whose window
    // maxima lead by more than 1e-4 (seed 23, for one, has two values 1.4e-6 apart).
    test::GradCheckResult r = test::check_layer_gradients(layer, c.input, 2, 24, 1e-4, 1e-3, 1e-2);
    INFO(r.where);
    REQUIRE(r.worst <= 1.0);
  }
  for (int size : {1, 2, 3}) {
    INFO("upsampling " << size);
    UpSampling2D up("u", size);
    test::GradCheckResult r = test::check_layer_gradients(up, Shape{3, 2, 2}, 2, 29);
    INFO(r.where);
    REQUIRE(r.worst <= 1.0);
  }
  Flatten flatten("f");
  REQUIRE(test::check_layer_gradients(flatten, Shape{3, 2, 2}, 2, 31).worst <= 1.0);
  Reshape reshape("r", Shape{4, 3, 1});
  REQUIRE(test::check_layer_gradients(reshape, Shape{12}, 2, 37).worst <= 1.0);
}

TEST_CASE("max pooling hands a tied window's gradient to its first maximum", "[layers]") {
  // One 2x2 window of a single channel, all equal: only the top-left element gets dy.
  MaxPooling2D p("p", pool(2, Padding::kValid));
  Rng rng(1);
  REQUIRE(p.build(Shape{2, 2, 1}, rng).is_ok());
  Tensor x = Tensor::zeros({1, 2, 2, 1}).take(), y = Tensor::zeros({1, 1, 1, 1}).take();
  x.fill(0.5f);
  x[3] = 0.25f;
  Tensor dy = y.clone(), dx = x.clone();
  dy[0] = 2.f;
  Workspace ws;
  RunContext ctx{reference_kernels(), ws, nullptr, true};
  p.forward(x, y, ctx);
  REQUIRE(y[0] == 0.5f);
  p.backward(x, y, dy, &dx, ctx);
  REQUIRE(dx[0] == 2.f);
  REQUIRE(dx[1] == 0.f);
  REQUIRE(dx[2] == 0.f);
  REQUIRE(dx[3] == 0.f);
}

TEST_CASE("windowed layers give Keras's output shapes", "[layers]") {
  struct Row {
    Layer* layer;
    Shape input, output;
  };
  Conv2D same_s2("c", conv(4, 3, 2, Padding::kSame)), valid_k3("c", conv(4, 3, 1, Padding::kValid));
  Conv2D valid_s2("c", conv(4, 3, 2, Padding::kValid)), same_k5_s2("c", conv(2, 5, 2, Padding::kSame));
  Conv2D same_28("c", conv(16, 3)), valid_k2_s2("c", conv(1, 2, 2, Padding::kValid));
  MaxPooling2D pool_same("p", pool(2, Padding::kSame)), pool_valid("p", pool(2, Padding::kValid));
  MaxPooling2D pool_28("p", pool(2, Padding::kValid)), pool3_s1("p", pool(3, Padding::kValid, 1));
  UpSampling2D up2("u", 2), up3("u", 3);
  Flatten flatten("f");
  Reshape reshape("r", Shape{28, 28, 1});
  const Row rows[] = {
      {&same_s2, {7, 7, 3}, {4, 4, 4}},       {&valid_k3, {28, 28, 1}, {26, 26, 4}},
      {&valid_s2, {7, 7, 1}, {3, 3, 4}},      {&same_k5_s2, {13, 8, 1}, {7, 4, 2}},
      {&same_28, {28, 28, 1}, {28, 28, 16}},  {&valid_k2_s2, {7, 6, 2}, {3, 3, 1}},
      {&pool_same, {7, 7, 8}, {4, 4, 8}},     {&pool_valid, {7, 7, 8}, {3, 3, 8}},
      {&pool_28, {28, 28, 16}, {14, 14, 16}}, {&pool3_s1, {5, 6, 2}, {3, 4, 2}},
      {&up2, {7, 7, 8}, {14, 14, 8}},         {&up3, {2, 3, 1}, {6, 9, 1}},
      {&flatten, {7, 7, 8}, {392}},           {&reshape, {784}, {28, 28, 1}},
  };
  for (const Row& r : rows) {
    INFO(r.layer->type() << " on " << r.input.str());
    REQUIRE(out_shape(*r.layer, r.input) == r.output);
  }
}

TEST_CASE("conv2d has Keras's parameter counts and initialiser range", "[layers]") {
  Conv2D first("c1", conv(16, 3)), second("c2", conv(8, 3));
  out_shape(first, Shape{28, 28, 1});
  out_shape(second, Shape{14, 14, 16});
  REQUIRE(first.param_count() == 160);
  REQUIRE(second.param_count() == 1160);
  REQUIRE(first.params()[0].name == "c1/kernel");
  REQUIRE(first.params()[1].name == "c1/bias");
  REQUIRE(first.kernel().shape() == Shape{3, 3, 1, 16});
  Conv2DOptions o = conv(8, 3);
  o.use_bias = false;
  Conv2D no_bias("c3", o);
  out_shape(no_bias, Shape{14, 14, 16});
  REQUIRE(no_bias.param_count() == 1152);
  // Glorot uniform with fan_in = 3 * 3 * 16, fan_out = 3 * 3 * 8.
  const double limit = std::sqrt(6.0 / (9 * 16 + 9 * 8));
  double max_abs = 0;
  for (size_t i = 0; i < second.kernel().size(); ++i) max_abs = std::max(max_abs, std::fabs(double(second.kernel()[i])));
  REQUIRE(max_abs <= limit);
  REQUIRE(max_abs > 0.9 * limit);
}

TEST_CASE("'same' padding puts the smaller half before the image, as Keras does", "[layers]") {
  // 4x4 image, 3x3 kernel of ones, stride 2: out 2x2, pad_total 1, all of it after the image.
  // Output (0, 0) then sums rows 0-2, columns 0-2; output (1, 1) sums rows 2-3, columns 2-3.
  Conv2DOptions o = conv(1, 3, 2, Padding::kSame);
  Conv2D c("c", o);
  Rng rng(1);
  REQUIRE(c.build(Shape{4, 4, 1}, rng).is_ok());
  c.kernel().fill(1.f);
  std::vector<float> x(16);
  for (int i = 0; i < 16; ++i) x[i] = static_cast<float>(1 << i);
  std::vector<float> y = run(c, Shape{4, 4, 1}, Shape{2, 2, 1}, x);
  auto block = [&](int y0, int y1, int x0, int x1) {
    float s = 0;
    for (int r = y0; r <= y1; ++r)
      for (int q = x0; q <= x1; ++q) s += x[r * 4 + q];
    return s;
  };
  REQUIRE(y[0] == block(0, 2, 0, 2));
  REQUIRE(y[1] == block(0, 2, 2, 3));
  REQUIRE(y[2] == block(2, 3, 0, 2));
  REQUIRE(y[3] == block(2, 3, 2, 3));
  // Max pooling 'same' on 7 columns: the last window holds only the last column.
  MaxPooling2D p("p", pool(2, Padding::kSame));
  REQUIRE(out_shape(p, Shape{1, 7, 1}) == Shape{1, 4, 1});
  std::vector<float> row(7);
  for (int i = 0; i < 7; ++i) row[i] = static_cast<float>(i % 3) - 5.f;  // all negative: padding must not win
  std::vector<float> m = run(p, Shape{1, 7, 1}, Shape{1, 4, 1}, row);
  REQUIRE(m == std::vector<float>{-4.f, -3.f, -3.f, -5.f});
}

TEST_CASE("convolutional layers refuse inputs they cannot take, saying what to do", "[layers]") {
  Conv2D c1("c1", conv(16, 3));
  REQUIRE(build_error(c1, Shape{784}) ==
          "c1 (Conv2D): input shape (784,) is not an image (height, width, channels); add a Reshape to (28, 28, 1) first");
  REQUIRE(build_error(c1, Shape{28, 28}) ==
          "c1 (Conv2D): input shape (28, 28) is not an image (height, width, channels); add a Reshape to (28, 28, 1) first");
  REQUIRE(build_error(c1, Shape{10}) ==
          "c1 (Conv2D): input shape (10,) is not an image (height, width, channels); add a Reshape to (height, width, channels) first");
  Conv2D big("big", conv(4, 5, 1, Padding::kValid));
  REQUIRE(build_error(big, Shape{3, 7, 8}) ==
          "big (Conv2D): a 5x5 kernel does not fit input (3, 7, 8) with padding 'valid'; use padding 'same' or a "
          "kernel_size of at most 3");
  Conv2D none("none", conv(0, 3));
  REQUIRE(build_error(none, Shape{28, 28, 1}) == "none (Conv2D): filters is 0; give a positive number");
  Conv2D zero_k("zk", conv(4, 0));
  REQUIRE(build_error(zero_k, Shape{28, 28, 1}) == "zk (Conv2D): kernel_size is 0; give a positive number");
  Conv2D bad_stride("bs", conv(4, 3, 0));
  REQUIRE(build_error(bad_stride, Shape{28, 28, 1}) == "bs (Conv2D): stride is 0; use 1 or 2");

  MaxPooling2D p("p1", pool(2, Padding::kValid));
  REQUIRE(build_error(p, Shape{1, 5, 8}) ==
          "p1 (MaxPooling2D): a 2x2 pool does not fit input (1, 5, 8) with padding 'valid'; use padding 'same' or a "
          "pool_size of at most 1");
  REQUIRE(build_error(p, Shape{784}) ==
          "p1 (MaxPooling2D): input shape (784,) is not an image (height, width, channels); add a Reshape to "
          "(height, width, channels) before it");
  MaxPooling2D p0("p0", pool(0, Padding::kValid));
  REQUIRE(build_error(p0, Shape{4, 4, 1}) == "p0 (MaxPooling2D): pool_size is 0; give a positive number");
  UpSampling2D u("u1", 0);
  REQUIRE(build_error(u, Shape{4, 4, 1}) == "u1 (UpSampling2D): size is 0; give a positive number");
  Reshape r("r1", Shape{28, 28, 2});
  REQUIRE(build_error(r, Shape{784}) ==
          "r1 (Reshape): cannot reshape input (784,) (784 values) to (28, 28, 2) (1568 values); give a target with "
          "784 values");
  REQUIRE(parse_padding("causal").message() == "padding 'causal': expected valid or same");
  REQUIRE(parse_padding("same").value() == Padding::kSame);
  REQUIRE(std::string(padding_name(Padding::kValid)) == "valid");
}

}  // namespace bn
