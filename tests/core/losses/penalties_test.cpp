// Tests src/core/losses/penalties through whole models: finite-difference gradients of the
// activity regularisers, KL sparsity, the contractive term and weight decay (each alone and all
// together), the contractive value against an explicitly computed Jacobian, and KL's value.
#include <catch2/catch.hpp>

#include <cmath>

#include "core/layers/activation.h"
#include "core/model/model.h"
#include "support/model_gradcheck.h"
#include "support/test_support.h"

namespace bn {

TEST_CASE("activity regularisers' gradients match finite differences", "[losses]") {
  ModelSpec s = test::tiny_spec(6, {4, 3, 4}, Activation::kTanh, 1);
  // L1 has a kink at 0 that finite differences straddle; sigmoid outputs never reach it.
  s.layers[1].dense.activation = Activation::kSigmoid;
  s.layers[1].activity = {1e-2f, 0.f};
  s.layers[0].activity = {0.f, 3e-2f};
  s.layers[2].activity = {0.f, 1e-2f};
  s.layers[3].activity = {0.f, 1e-2f};  // on the sigmoid output: turns off the fused bce gradient
  test::ModelGradCheck r = test::check_model_gradients(s, 5, 1);
  INFO(r.where);
  REQUIRE(r.worst <= 1.0);
}

TEST_CASE("KL sparsity and weight decay gradients match finite differences", "[losses]") {
  ModelSpec s = test::tiny_spec(7, {3}, Activation::kSigmoid, 0);
  s.penalties.kl_beta = 0.5f;
  s.penalties.kl_rho = 0.1f;
  s.penalties.weight_decay = 1e-2f;
  for (LossKind loss : {LossKind::kBce, LossKind::kMse}) {
    s.loss = loss;
    test::ModelGradCheck r = test::check_model_gradients(s, 4, 2);
    INFO(loss_name(loss) << ": " << r.where);
    REQUIRE(r.worst <= 1.0);
  }
}

TEST_CASE("contractive gradients match finite differences for every activation", "[losses]") {
  for (Activation act : {Activation::kSigmoid, Activation::kTanh, Activation::kSoftplus, Activation::kLinear,
                         Activation::kRelu, Activation::kLeakyRelu}) {
    ModelSpec s = test::tiny_spec(5, {3}, act, 0);
    s.penalties.contractive = 0.3f;
    test::ModelGradCheck r = test::check_model_gradients(s, 4, 3);
    INFO(activation_name(act) << ": " << r.where);
    REQUIRE(r.worst <= 1.0);
  }
}

TEST_CASE("the contractive term equals the Jacobian's squared norm, computed by finite differences", "[losses]") {
  ModelSpec s = test::tiny_spec(5, {3}, Activation::kTanh, 0);
  s.penalties.contractive = 1.f;
  auto m = Model::build(s, 4, reference_kernels()).take();
  REQUIRE(m->reserve_batch(2).is_ok());
  Rng rng(5);
  Tensor& x = m->input(2);
  test::fill_uniform(x.data(), x.size(), rng, 0.f, 1.f);
  Tensor x0 = x.clone();
  RunContext ctx{m->kernels(), m->workspace(), nullptr, false};
  m->forward(ctx);
  const double penalty = m->loss_and_backward(x0, false, ctx).contractive;
  // mean over samples of sum_ij (d code_j / d x_i)^2, by central differences on the input.
  double jac = 0;
  for (int r = 0; r < 2; ++r)
    for (int i = 0; i < 5; ++i) {
      const double h = 1e-3;
      float codes[2][3];
      for (int side = 0; side < 2; ++side) {
        Tensor& in = m->input(2);
        for (size_t k = 0; k < in.size(); ++k) in[k] = x0[k];
        in[r * 5 + i] += static_cast<float>(side ? -h : h);
        const Tensor& code = m->encode(ctx);
        for (int j = 0; j < 3; ++j) codes[side][j] = code[r * 3 + j];
      }
      for (int j = 0; j < 3; ++j) {
        double d = (codes[0][j] - codes[1][j]) / (2 * h);
        jac += d * d;
      }
    }
  REQUIRE(test::close(penalty, jac / 2, 1e-5, 1e-3));
}

TEST_CASE("KL sparsity is zero at the target and positive away from it", "[losses]") {
  Tensor a = Tensor::zeros({4, 2}).take();
  float mean[2];
  a.fill(0.05f);
  REQUIRE(std::fabs(kl_sparsity_penalty(0.05f, 1.f, a, nullptr, mean)) < 1e-9);
  a.fill(0.5f);
  const double kl = 0.05 * std::log(0.05 / 0.5) + 0.95 * std::log(0.95 / 0.5);
  REQUIRE(test::close(kl_sparsity_penalty(0.05f, 2.f, a, nullptr, mean), 2 * 2 * kl, 1e-9, 1e-6));
}

}  // namespace bn
