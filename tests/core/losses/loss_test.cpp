// Tests src/core/losses: finite-difference gradients of bce, mse and rmse, the fused
// sigmoid + bce gradient with respect to the logits, Keras's clipping, and agreement with the
// textbook formulas on hand-picked values.
#include <catch2/catch.hpp>

#include <cmath>

#include "core/losses/loss.h"
#include "support/test_support.h"

namespace bn {

namespace {
Tensor random_tensor(Rng& rng, float lo, float hi) {
  Tensor t = Tensor::zeros({3, 7}).take();
  test::fill_uniform(t.data(), t.size(), rng, lo, hi);
  return t;
}
}  // namespace

TEST_CASE("loss gradients match finite differences", "[losses]") {
  Rng rng(21);
  for (const Kernels* k : available_kernels())
    for (LossKind loss : {LossKind::kBce, LossKind::kMse, LossKind::kRmse}) {
      INFO(k->name << " " << loss_name(loss));
      Tensor p = random_tensor(rng, 0.05f, 0.95f), y = random_tensor(rng, 0.f, 1.f);
      Tensor g = Tensor::zeros(p.shape()).take();
      compute_loss(*k, loss, p, y, &g);
      for (size_t i = 0; i < p.size(); ++i) {
        const float saved = p[i];
        const double h = 1e-3;
        p[i] = static_cast<float>(saved + h);
        double lp = compute_loss(*k, loss, p, y, nullptr);
        p[i] = static_cast<float>(saved - h);
        double lm = compute_loss(*k, loss, p, y, nullptr);
        p[i] = saved;
        REQUIRE(test::close(g[i], (lp - lm) / (2 * h), 1e-4, 1e-2));
      }
    }
}

TEST_CASE("bce behind a sigmoid gives the gradient with respect to the logits", "[losses]") {
  Rng rng(22);
  for (const Kernels* k : available_kernels()) {
    Tensor z = random_tensor(rng, -4.f, 4.f), y = random_tensor(rng, 0.f, 1.f);
    Tensor p = Tensor::zeros(z.shape()).take(), g = Tensor::zeros(z.shape()).take();
    auto loss_of_logits = [&]() {
      act_forward_f32_ref(Activation::kSigmoid, 0.f, z.data(), p.data(), z.size());
      return compute_loss(*k, LossKind::kBce, p, y, nullptr);
    };
    loss_of_logits();
    compute_loss(*k, LossKind::kBce, p, y, &g, true);
    for (size_t i = 0; i < z.size(); ++i) {
      const float saved = z[i];
      const double h = 1e-3;
      z[i] = static_cast<float>(saved + h);
      double lp = loss_of_logits();
      z[i] = static_cast<float>(saved - h);
      double lm = loss_of_logits();
      z[i] = saved;
      REQUIRE(test::close(g[i], (lp - lm) / (2 * h), 1e-4, 1e-2));
    }
  }
}

TEST_CASE("losses equal their formulas, with Keras's clipping", "[losses]") {
  Tensor p = Tensor::zeros({1, 4}).take(), y = Tensor::zeros({1, 4}).take();
  const float pv[] = {0.9f, 0.2f, 0.f, 1.f}, yv[] = {1.f, 0.5f, 1.f, 1.f};
  for (int i = 0; i < 4; ++i) {
    p[i] = pv[i];
    y[i] = yv[i];
  }
  const double eps = 1e-7;
  double bce = -(std::log(0.9) + 0.5 * std::log(0.2) + 0.5 * std::log(0.8) + std::log(eps) + std::log(1 - eps)) / 4;
  double mse = (0.01 + 0.09 + 1.0 + 0.0) / 4;
  for (const Kernels* k : available_kernels()) {
    INFO(k->name);
    REQUIRE(test::close(compute_loss(*k, LossKind::kBce, p, y, nullptr), bce, 1e-5, 1e-5));
    REQUIRE(test::close(compute_loss(*k, LossKind::kMse, p, y, nullptr), mse, 1e-7, 1e-6));
    REQUIRE(test::close(compute_loss(*k, LossKind::kRmse, p, y, nullptr), std::sqrt(mse), 1e-7, 1e-6));
    // Where Keras clips, its gradient with respect to p is zero.
    Tensor g = Tensor::zeros(p.shape()).take();
    compute_loss(*k, LossKind::kBce, p, y, &g);
    REQUIRE(g[2] == 0.f);
    REQUIRE(g[3] == 0.f);
  }
  REQUIRE(parse_loss("huber").message() == "loss 'huber': expected bce, mse or rmse");
}

}  // namespace bn
