// Tests src/core/layers/dense and activation: finite-difference gradients of Dense with every
// activation (kernel, bias and input), the activation derivatives on their own, and build errors.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "core/layers/activation.h"
#include "core/layers/dense.h"
#include "support/gradcheck.h"
#include "support/test_support.h"

namespace bn {

TEST_CASE("dense gradients match finite differences for every activation", "[layers]") {
  for (Activation act : {Activation::kLinear, Activation::kRelu, Activation::kSigmoid, Activation::kTanh,
                         Activation::kLeakyRelu, Activation::kSoftplus})
    for (bool bias : {true, false}) {
      INFO(activation_name(act) << (bias ? " with bias" : " without bias"));
      DenseOptions o;
      o.units = 5;
      o.activation = act;
      o.use_bias = bias;
      Dense d("d", o);
      // Odd sizes; a small h keeps relu's kink out of most differences, the tolerance the rest.
      test::GradCheckResult r = test::check_layer_gradients(d, Shape{7}, 3, 11, 1e-3, 5e-3, 2e-2);
      INFO(r.where);
      REQUIRE(r.worst <= 1.0);
    }
}

TEST_CASE("activation derivatives match finite differences", "[layers]") {
  Rng rng(4);
  for (Activation act : {Activation::kLinear, Activation::kRelu, Activation::kSigmoid, Activation::kTanh,
                         Activation::kLeakyRelu, Activation::kSoftplus}) {
    INFO(activation_name(act));
    for (int i = 0; i < 200; ++i) {
      float x = rng.uniform(-6.f, 6.f);
      if (std::fabs(x) < 1e-2f) continue;  // relu and leaky_relu have no derivative at 0
      const double h = 1e-3;
      float xs[2] = {static_cast<float>(x + h), static_cast<float>(x - h)}, ys[2], y, g, one = 1.f;
      act_forward_f32_ref(act, 0.3f, xs, ys, 2);
      act_forward_f32_ref(act, 0.3f, &x, &y, 1);
      act_backward_f32_ref(act, 0.3f, &y, &one, &g, 1);
      double numeric = (double(ys[0]) - ys[1]) / (2 * h);
      REQUIRE(test::close(g, numeric, 2e-3, 1e-2));
    }
  }
}

TEST_CASE("dense refuses inputs it cannot take, saying what to do", "[layers]") {
  Rng rng(1);
  DenseOptions o;
  o.units = 4;
  Dense d("encoder", o);
  Result<Shape> r = d.build(Shape{28, 28}, rng);
  REQUIRE_FALSE(r.is_ok());
  REQUIRE(r.message() == "encoder (Dense): input shape (28, 28) has more than one dimension; put a Flatten layer before it");
  o.units = 0;
  Dense zero("code", o);
  REQUIRE(zero.build(Shape{784}, rng).message() == "code (Dense): units is 0; give a positive number");
  REQUIRE(parse_activation("gelu").message() ==
          "activation 'gelu': expected linear, relu, sigmoid, tanh, leaky_relu or softplus");
}

TEST_CASE("glorot uniform initialisation has Keras's range and spread", "[layers]") {
  Rng rng(2);
  DenseOptions o;
  o.units = 32;
  Dense d("encoder", o);
  REQUIRE(d.build(Shape{784}, rng).is_ok());
  const double limit = std::sqrt(6.0 / (784 + 32));
  double sum_sq = 0;
  for (size_t i = 0; i < d.kernel().size(); ++i) {
    REQUIRE(std::fabs(d.kernel()[i]) <= limit);
    sum_sq += d.kernel()[i] * d.kernel()[i];
  }
  // Variance of U(-l, l) is l^2 / 3.
  REQUIRE(test::close(sum_sq / d.kernel().size(), limit * limit / 3, 0, 0.05));
  for (size_t i = 0; i < d.bias().size(); ++i) REQUIRE(d.bias()[i] == 0.f);
}

}  // namespace bn

namespace bn {

TEST_CASE("he initialisers have Keras's spread", "[layers]") {
  Rng rng(3);
  Tensor w = Tensor::zeros({784, 128}).take();
  const double var = 2.0 / 784;  // both He variants aim at variance 2 / fan_in
  for (Init init : {Init::kHeUniform, Init::kHeNormal}) {
    INFO(init_name(init));
    initialize(w, init, 784, 128, rng);
    double sum = 0, sum_sq = 0, max_abs = 0;
    for (size_t i = 0; i < w.size(); ++i) {
      sum += w[i];
      sum_sq += w[i] * w[i];
      max_abs = std::max(max_abs, std::fabs(static_cast<double>(w[i])));
    }
    REQUIRE(std::fabs(sum / w.size()) < 0.002);
    REQUIRE(test::close(sum_sq / w.size(), var, 0, 0.03));
    // Uniform stops at sqrt(6 / fan_in); the truncated normal at 2 of its stddevs.
    const double bound = init == Init::kHeUniform ? std::sqrt(6.0 / 784) : 2 * std::sqrt(var) / 0.87962566103423978;
    REQUIRE(max_abs <= bound + 1e-6);
  }
  REQUIRE(parse_init("lecun").message() == "initializer 'lecun': expected glorot_uniform, he_normal, he_uniform or zeros");
}

}  // namespace bn
