// Tests choose_optimizer (src/core/optim/optimizer.h), the one rule the CLI, the app and model
// files follow when a model goes on training with the optimiser a user picked: the same kind and
// hyper-parameters keep the state (a copy: slots and step count); another kind or other
// hyper-parameters start afresh; and what happens to the learning rate in each case.
#include <catch2/catch.hpp>

#include <cstring>

#include "core/optim/optimizer.h"

namespace bn {

namespace {
// One parameter of four values and an optimiser that took two steps on it, so its slots are not
// their initial values and its step count is 2.
struct Trained {
  Tensor w = Tensor::zeros({4}).take(), g = Tensor::zeros({4}).take();
  std::vector<Param> params{{"p", &w, &g}};
  std::unique_ptr<Optimizer> opt;
  explicit Trained(const OptimizerConfig& c) {
    opt = make_optimizer(c).take();
    REQUIRE(opt->init(params).is_ok());
    for (int i = 0; i < 4; ++i) g[i] = 0.1f * (i + 1);
    opt->step(params);
    opt->step(params);
  }
};

OptimizerConfig config(OptimizerKind kind, float lr = -1.f) {
  OptimizerConfig c;
  c.kind = kind;
  c.learning_rate = lr;
  return c;
}

bool same_slots(const Optimizer& a, const Optimizer& b) {
  if (a.slots().size() != b.slots().size()) return false;
  for (size_t i = 0; i < a.slots().size(); ++i)
    if (std::memcmp(a.slots()[i].data(), b.slots()[i].data(), a.slots()[i].size() * sizeof(float)) != 0) return false;
  return true;
}
}  // namespace

TEST_CASE("choose_optimizer: the same kind keeps the state, at the chosen or the old learning rate", "[optim]") {
  const OptimizerConfig described = config(OptimizerKind::kAdam, 0.002f);
  Trained t(described);
  SECTION("no learning rate chosen: the saved one goes on") {
    t.opt->set_learning_rate(0.0005f);  // e.g. trained on with --lr after the description was written
    Result<ChosenOptimizer> c = choose_optimizer(t.opt.get(), described, {OptimizerKind::kAdam, -1.f});
    REQUIRE(c.is_ok());
    REQUIRE(c.value().kept_state);
    REQUIRE(c.value().optimizer->learning_rate() == 0.0005f);
    REQUIRE(c.value().optimizer->iterations() == 2);
    REQUIRE(same_slots(*c.value().optimizer, *t.opt));
  }
  SECTION("a learning rate chosen: the state goes on at that rate") {
    Result<ChosenOptimizer> c = choose_optimizer(t.opt.get(), described, {OptimizerKind::kAdam, 0.01f});
    REQUIRE(c.value().kept_state);
    REQUIRE(c.value().optimizer->learning_rate() == 0.01f);
    REQUIRE(c.value().optimizer->iterations() == 2);
    REQUIRE(same_slots(*c.value().optimizer, *t.opt));
    // A copy: the current optimiser is untouched, so a caller can still back out.
    REQUIRE(t.opt->learning_rate() == 0.002f);
    REQUIRE(c.value().optimizer->slots()[0].data() != t.opt->slots()[0].data());
  }
}

TEST_CASE("choose_optimizer: another kind starts afresh, with the description's settings only when it names that kind",
          "[optim]") {
  Trained t(config(OptimizerKind::kAdam, 0.002f));
  SECTION("a kind the description does not name: Keras's defaults") {
    Result<ChosenOptimizer> c = choose_optimizer(t.opt.get(), config(OptimizerKind::kAdam, 0.002f), {OptimizerKind::kSgd, -1.f});
    REQUIRE(c.is_ok());
    REQUIRE_FALSE(c.value().kept_state);
    REQUIRE(std::string(c.value().optimizer->name()) == "sgd");
    REQUIRE(c.value().optimizer->learning_rate() == 0.01f);  // sgd's default
    REQUIRE(c.value().optimizer->iterations() == 0);
    REQUIRE(c.value().optimizer->slots().empty());  // init() makes them when training starts
  }
  SECTION("the kind the description names: its settings and learning rate") {
    OptimizerConfig described = config(OptimizerKind::kRmsprop, 0.003f);
    described.momentum = 0.5f;
    Result<ChosenOptimizer> c = choose_optimizer(t.opt.get(), described, {OptimizerKind::kRmsprop, -1.f});
    REQUIRE_FALSE(c.value().kept_state);
    REQUIRE(c.value().optimizer->learning_rate() == 0.003f);
    REQUIRE(c.value().optimizer->config().momentum == 0.5f);
    REQUIRE(c.value().optimizer->config().rho == 0.9f);  // the default filled in
  }
  SECTION("a chosen learning rate wins") {
    Result<ChosenOptimizer> c = choose_optimizer(t.opt.get(), config(OptimizerKind::kAdam), {OptimizerKind::kAdagrad, 0.2f});
    REQUIRE_FALSE(c.value().kept_state);
    REQUIRE(c.value().optimizer->learning_rate() == 0.2f);
  }
}

TEST_CASE("choose_optimizer: other hyper-parameters of the same kind start afresh", "[optim]") {
  OptimizerConfig old_sgd = config(OptimizerKind::kSgd, 0.05f);
  old_sgd.momentum = 0.9f;
  Trained t(old_sgd);
  OptimizerConfig described = old_sgd;
  described.momentum = 0.5f;  // the description changed since the state was saved
  Result<ChosenOptimizer> c = choose_optimizer(t.opt.get(), described, {OptimizerKind::kSgd, -1.f});
  REQUIRE(c.is_ok());
  REQUIRE_FALSE(c.value().kept_state);
  REQUIRE(c.value().optimizer->config().momentum == 0.5f);
  REQUIRE(c.value().optimizer->learning_rate() == 0.05f);
  REQUIRE(c.value().optimizer->iterations() == 0);
  // Hyper-parameters the kind does not use do not count, and rho < 0 reads as its default.
  OptimizerConfig adam_a = config(OptimizerKind::kAdam), adam_b = adam_a;
  adam_b.momentum = 0.3f;
  REQUIRE(same_hyper_parameters(adam_a, adam_b));
  OptimizerConfig rms_a = config(OptimizerKind::kRmsprop), rms_b = rms_a;
  rms_b.rho = 0.9f;
  REQUIRE(same_hyper_parameters(rms_a, rms_b));
  rms_b.rho = 0.8f;
  REQUIRE_FALSE(same_hyper_parameters(rms_a, rms_b));
}

TEST_CASE("choose_optimizer: without a current optimiser it makes a fresh one, and refuses bad rates", "[optim]") {
  Result<ChosenOptimizer> c = choose_optimizer(nullptr, config(OptimizerKind::kAdam, 0.004f), {OptimizerKind::kAdam, -1.f});
  REQUIRE(c.is_ok());
  REQUIRE_FALSE(c.value().kept_state);
  REQUIRE(c.value().optimizer->learning_rate() == 0.004f);
  for (float lr : {0.f, 1e-9f, 2000.f, NAN, INFINITY}) {
    INFO(lr);
    Result<ChosenOptimizer> bad = choose_optimizer(nullptr, config(OptimizerKind::kAdam), {OptimizerKind::kAdam, lr});
    REQUIRE_FALSE(bad.is_ok());
    REQUIRE(bad.message().find("optimizer learning rate ") == 0);
  }
  REQUIRE(make_optimizer(config(OptimizerKind::kAdam, NAN)).message() ==
          "optimizer learning rate NaN: give a value from 1e-8 to 1000, typically 1e-4 to 1e-1");
}

}  // namespace bn
