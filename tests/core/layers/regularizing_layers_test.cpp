// Tests src/core/layers/tied_dense and dropout: the tied decoder's gradient (both uses of the
// shared kernel) against finite differences, and that the decoder really uses the encoder's
// matrix; Dropout's expectation, scaling and mask; GaussianNoise's spread; both inactive at
// inference.
#include <catch2/catch.hpp>

#include <cmath>

#include "core/layers/dropout.h"
#include "core/layers/tied_dense.h"
#include "core/model/model.h"
#include "support/model_gradcheck.h"
#include "support/test_support.h"

namespace bn {

namespace {
ModelSpec tied_tiny() {
  ModelSpec s;
  s.name = "tied_tiny";
  s.input = Shape{6};
  LayerSpec e1, e2, d1, d2;
  e1.type = e2.type = "Dense";
  d1.type = d2.type = "DenseTied";
  e1.name = "e1";
  e2.name = "e2";
  d1.name = "d1";
  d2.name = "d2";
  e1.dense.units = 4;
  e2.dense.units = 3;
  e1.dense.activation = e2.dense.activation = d1.dense.activation = Activation::kTanh;
  d2.dense.activation = Activation::kSigmoid;
  d1.tied_to = "e2";
  d2.tied_to = "e1";
  s.layers = {e1, e2, d1, d2};
  s.code_layer = 1;
  return s;
}
}  // namespace

TEST_CASE("tied decoder gradients reach the shared kernel from both uses", "[layers]") {
  for (LossKind loss : {LossKind::kBce, LossKind::kMse}) {
    ModelSpec s = tied_tiny();
    s.loss = loss;
    test::ModelGradCheck r = test::check_model_gradients(s, 3, 7);
    INFO(loss_name(loss) << ": " << r.where);
    REQUIRE(r.worst <= 1.0);
  }
}

TEST_CASE("a tied layer computes f(x W^T + b) with the encoder's W and owns only its bias", "[layers]") {
  auto m = Model::build(tied_tiny(), 1, reference_kernels()).take();
  REQUIRE(m->params().size() == 2 * 2 + 2);  // two kernels and biases, two tied biases
  REQUIRE(m->param_count() == (6 * 4 + 4) + (4 * 3 + 3) + 4 + 6);
  Dense& e1 = static_cast<Dense&>(m->layer(0));
  DenseTied& d2 = static_cast<DenseTied&>(m->layer(3));
  REQUIRE(&d2.encoder() == &e1);
  Workspace ws;
  RunContext ctx{reference_kernels(), ws, nullptr, false};
  Tensor x = Tensor::zeros({2, 4}).take(), y = Tensor::zeros({2, 6}).take();
  Rng rng(2);
  test::fill_uniform(x.data(), x.size(), rng);
  d2.forward(x, y, ctx);
  for (int r = 0; r < 2; ++r)
    for (int i = 0; i < 6; ++i) {
      double z = 0;  // bias starts at zero
      for (int j = 0; j < 4; ++j) z += x[r * 4 + j] * e1.kernel()[i * 4 + j];
      REQUIRE(test::close(y[r * 6 + i], 1 / (1 + std::exp(-z)), 1e-6, 1e-5));
    }
  ModelSpec bad = tied_tiny();
  bad.layers[3].tied_to = "d1";
  REQUIRE(Model::build(bad, 1).message() ==
          "model 'tied_tiny', layer 'd2' (DenseTied): tied_to 'd1' is a DenseTied layer; it must name a Dense layer");
  bad.layers[3].tied_to = "nope";
  REQUIRE(Model::build(bad, 1).message() ==
          "model 'tied_tiny', layer 'd2' (DenseTied): tied_to 'nope' names no layer before it; tie it to an earlier Dense layer");
  bad.layers[3].tied_to = "e2";
  REQUIRE(Model::build(bad, 1).message() ==
          "model 'tied_tiny', d2 (DenseTied): input shape (4,) does not match 'e2', which outputs (3,); tie it to the "
          "layer whose output width it takes");
}

TEST_CASE("dropout keeps the expectation, scales survivors and is off at inference", "[layers]") {
  Dropout d("drop", 0.2f);
  Rng init(1), rng(3);
  REQUIRE(d.build(Shape{1000}, init).value() == (Shape{1000}));
  REQUIRE(d.reserve(50).is_ok());
  Tensor x = Tensor::zeros({50, 1000}).take(), y = Tensor::zeros({50, 1000}).take();
  test::fill_uniform(x.data(), x.size(), rng, 0.5f, 1.5f);
  Workspace ws;
  RunContext train{reference_kernels(), ws, &rng, true}, infer{reference_kernels(), ws, nullptr, false};
  d.forward(x, y, train);
  double sum_x = 0, sum_y = 0;
  size_t dropped = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    sum_x += x[i];
    sum_y += y[i];
    if (y[i] == 0.f) ++dropped;
    else REQUIRE(test::close(y[i], x[i] / 0.8, 1e-6, 1e-6));
  }
  const double n = static_cast<double>(x.size());
  REQUIRE(std::fabs(dropped / n - 0.2) < 5 * std::sqrt(0.2 * 0.8 / n));
  REQUIRE(std::fabs(sum_y / sum_x - 1.0) < 0.01);
  // Backward uses the same mask.
  Tensor dy = Tensor::zeros(y.shape()).take(), dx = Tensor::zeros(x.shape()).take();
  dy.fill(1.f);
  d.backward(x, y, dy, &dx, train);
  for (size_t i = 0; i < x.size(); ++i) REQUIRE(dx[i] == (y[i] == 0.f ? 0.f : 1.25f));
  d.forward(x, y, infer);
  for (size_t i = 0; i < x.size(); ++i) REQUIRE(y[i] == x[i]);
  Dropout bad("drop", 1.f);
  REQUIRE(bad.build(Shape{3}, init).message() == "drop (Dropout): rate 1.000000 must be at least 0 and below 1");
}

TEST_CASE("gaussian noise has the asked spread and is off at inference", "[layers]") {
  GaussianNoise g("noise", 0.3f);
  Rng init(1), rng(4);
  REQUIRE(g.build(Shape{28, 28, 1}, init).value() == (Shape{28, 28, 1}));
  Tensor x = Tensor::zeros({20, 28, 28, 1}).take(), y = Tensor::zeros({20, 28, 28, 1}).take();
  x.fill(0.5f);
  Workspace ws;
  RunContext train{reference_kernels(), ws, &rng, true}, infer{reference_kernels(), ws, nullptr, false};
  g.forward(x, y, train);
  double sum = 0, sq = 0;
  for (size_t i = 0; i < y.size(); ++i) {
    sum += y[i] - 0.5;
    sq += (y[i] - 0.5) * (y[i] - 0.5);
  }
  REQUIRE(std::fabs(sum / y.size()) < 0.02);
  REQUIRE(test::close(std::sqrt(sq / y.size()), 0.3, 0, 0.03));
  g.forward(x, y, infer);
  for (size_t i = 0; i < y.size(); ++i) REQUIRE(y[i] == 0.5f);
}

}  // namespace bn
