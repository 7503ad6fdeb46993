// Tests src/core/optim: one step of each optimiser from a hand-set state, against the Keras 3
// update rule written out here independently in double precision; Keras defaults; bad settings.
#include <catch2/catch.hpp>

#include <cmath>

#include "core/optim/optimizer.h"
#include "support/test_support.h"

namespace bn {

namespace {
// One parameter of three values with a gradient, wrapped as the model would hand it over.
struct OneParam {
  Tensor w = Tensor::zeros({3}).take(), g = Tensor::zeros({3}).take();
  std::vector<Param> params{{"p", &w, &g}};
  OneParam() {
    const float wv[] = {0.5f, -1.f, 2.f}, gv[] = {0.1f, -0.3f, 0.02f};
    for (int i = 0; i < 3; ++i) {
      w[i] = wv[i];
      g[i] = gv[i];
    }
  }
};

std::unique_ptr<Optimizer> make(OptimizerConfig c) {
  auto r = make_optimizer(c);
  REQUIRE(r.is_ok());
  return r.take();
}

// Sets every slot of `opt` to the given per-slot values (the same for the three elements).
void set_slots(Optimizer& opt, std::initializer_list<float> values) {
  REQUIRE(opt.slots().size() == values.size());
  size_t s = 0;
  for (float v : values) opt.slots()[s++].fill(v);
}
}  // namespace

TEST_CASE("sgd step follows the Keras rule, with and without (nesterov) momentum", "[optim]") {
  for (float momentum : {0.f, 0.9f})
    for (bool nesterov : {false, true}) {
      OneParam p;
      OptimizerConfig c;
      c.kind = OptimizerKind::kSgd;
      c.momentum = momentum;
      c.nesterov = nesterov;
      auto opt = make(c);
      REQUIRE(opt->learning_rate() == 0.01f);
      REQUIRE(opt->init(p.params).is_ok());
      if (momentum > 0) set_slots(*opt, {0.05f});
      std::vector<double> w0(p.w.data(), p.w.data() + 3);
      opt->step(p.params);
      for (int i = 0; i < 3; ++i) {
        double g = p.g[i], expect;
        if (momentum == 0) {
          expect = w0[i] - 0.01 * g;
        } else {
          double v = 0.9 * 0.05 - 0.01 * g;
          expect = nesterov ? w0[i] + 0.9 * v - 0.01 * g : w0[i] + v;
        }
        REQUIRE(test::close(p.w[i], expect, 1e-7, 1e-6));
      }
    }
}

TEST_CASE("adam steps follow the Keras rule with bias correction", "[optim]") {
  OneParam p;
  OptimizerConfig c;
  auto opt = make(c);
  REQUIRE(opt->learning_rate() == 0.001f);
  REQUIRE(opt->init(p.params).is_ok());
  opt->step(p.params);  // t = 1 from zero moments
  std::vector<double> w1(p.w.data(), p.w.data() + 3);
  set_slots(*opt, {0.02f, 0.004f});  // hand-set m, v before step t = 2
  opt->step(p.params);
  const double lr = 0.001, b1 = 0.9, b2 = 0.999, eps = 1e-7;
  const double alpha = lr * std::sqrt(1 - b2 * b2) / (1 - b1 * b1);
  for (int i = 0; i < 3; ++i) {
    double g = p.g[i];
    double m = 0.02 + (g - 0.02) * (1 - b1), v = 0.004 + (g * g - 0.004) * (1 - b2);
    REQUIRE(test::close(p.w[i], w1[i] - alpha * m / (std::sqrt(v) + eps), 1e-7, 1e-6));
    REQUIRE(test::close(opt->slots()[0][i], m, 1e-8, 1e-6));
    REQUIRE(test::close(opt->slots()[1][i], v, 1e-9, 1e-5));
  }
  // And the first step, from the formula: w0 - lr * g / (|g| + eps) after bias correction.
  OneParam q;
  auto fresh = make(c);
  REQUIRE(fresh->init(q.params).is_ok());
  std::vector<double> w0(q.w.data(), q.w.data() + 3);
  fresh->step(q.params);
  for (int i = 0; i < 3; ++i) {
    double g = q.g[i];
    double m = (1 - b1) * g, v = (1 - b2) * g * g;
    double a1 = lr * std::sqrt(1 - b2) / (1 - b1);
    REQUIRE(test::close(q.w[i], w0[i] - a1 * m / (std::sqrt(v) + eps), 1e-7, 1e-6));
  }
}

TEST_CASE("rmsprop, adagrad and adadelta steps follow the Keras rules", "[optim]") {
  const double eps = 1e-7;
  SECTION("rmsprop") {
    for (float momentum : {0.f, 0.5f}) {
      OneParam p;
      OptimizerConfig c;
      c.kind = OptimizerKind::kRmsprop;
      c.momentum = momentum;
      auto opt = make(c);
      REQUIRE(opt->init(p.params).is_ok());
      if (momentum > 0) set_slots(*opt, {0.3f, 0.01f});
      else set_slots(*opt, {0.3f});
      std::vector<double> w0(p.w.data(), p.w.data() + 3);
      opt->step(p.params);
      for (int i = 0; i < 3; ++i) {
        double g = p.g[i], v = 0.9 * 0.3 + 0.1 * g * g, inc = 0.001 * g / std::sqrt(v + eps);
        double expect = momentum > 0 ? w0[i] - (0.5 * 0.01 + inc) : w0[i] - inc;
        REQUIRE(test::close(p.w[i], expect, 1e-7, 1e-6));
      }
    }
  }
  SECTION("adagrad") {
    OneParam p;
    OptimizerConfig c;
    c.kind = OptimizerKind::kAdagrad;
    auto opt = make(c);
    REQUIRE(opt->init(p.params).is_ok());
    REQUIRE(opt->slots()[0][0] == 0.1f);  // Keras's initial_accumulator_value
    set_slots(*opt, {0.25f});
    std::vector<double> w0(p.w.data(), p.w.data() + 3);
    opt->step(p.params);
    for (int i = 0; i < 3; ++i) {
      double g = p.g[i], a = 0.25 + g * g;
      REQUIRE(test::close(p.w[i], w0[i] - 0.001 * g / std::sqrt(a + eps), 1e-7, 1e-6));
    }
  }
  SECTION("adadelta") {
    OneParam p;
    OptimizerConfig c;
    c.kind = OptimizerKind::kAdadelta;
    auto opt = make(c);
    REQUIRE(opt->init(p.params).is_ok());
    set_slots(*opt, {0.2f, 0.05f});
    std::vector<double> w0(p.w.data(), p.w.data() + 3);
    opt->step(p.params);
    for (int i = 0; i < 3; ++i) {
      double g = p.g[i], ag = 0.95 * 0.2 + 0.05 * g * g;
      double d = -std::sqrt(0.05 + eps) / std::sqrt(ag + eps) * g;
      REQUIRE(test::close(p.w[i], w0[i] + 0.001 * d, 1e-7, 1e-6));
      REQUIRE(test::close(opt->slots()[1][i], 0.95 * 0.05 + 0.05 * d * d, 1e-9, 1e-5));
    }
  }
}

TEST_CASE("optimiser settings that cannot work are refused", "[optim]") {
  OptimizerConfig c;
  c.learning_rate = NAN;
  REQUIRE_FALSE(make_optimizer(c).is_ok());
  c.learning_rate = 1e-3f;
  c.kind = OptimizerKind::kSgd;
  c.momentum = 1.5f;
  REQUIRE(make_optimizer(c).message() == "optimizer momentum must be in [0, 1)");
  REQUIRE(parse_optimizer("lbfgs").message() == "optimizer 'lbfgs': expected sgd, adam, rmsprop, adagrad or adadelta");
}

}  // namespace bn
