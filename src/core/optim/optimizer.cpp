#include "core/optim/optimizer.h"

#include <cmath>

#include "core/base/finite.h"
#include "core/optim/optimizers.h"

namespace bn {

Status Optimizer::init(const std::vector<Param>& params) {
  slots_.clear();
  slots_.reserve(params.size() * slots_per_param_);
  for (const Param& p : params)
    for (int s = 0; s < slots_per_param_; ++s) {
      Result<Tensor> t = Tensor::zeros(p.value->shape());
      if (!t) return t.status();
      t.value().fill(slot_initial_value(s));
      slots_.push_back(t.take());
    }
  iterations_ = 0;
  return Status::ok();
}

void Optimizer::step(const std::vector<Param>& params) {
  BN_ASSERT(slots_.size() == params.size() * slots_per_param_);
  ++iterations_;
  float* s[4] = {nullptr, nullptr, nullptr, nullptr};
  for (size_t i = 0; i < params.size(); ++i) {
    for (int j = 0; j < slots_per_param_; ++j) s[j] = slots_[i * slots_per_param_ + j].data();
    update(params[i].value->data(), params[i].grad->data(), s, params[i].value->size(), iterations_);
  }
}

const char* optimizer_name(OptimizerKind kind) {
  switch (kind) {
    case OptimizerKind::kSgd: return "sgd";
    case OptimizerKind::kAdam: return "adam";
    case OptimizerKind::kRmsprop: return "rmsprop";
    case OptimizerKind::kAdagrad: return "adagrad";
    case OptimizerKind::kAdadelta: return "adadelta";
  }
  return "?";
}

Result<OptimizerKind> parse_optimizer(const std::string& name) {
  for (OptimizerKind k : {OptimizerKind::kSgd, OptimizerKind::kAdam, OptimizerKind::kRmsprop, OptimizerKind::kAdagrad,
                          OptimizerKind::kAdadelta})
    if (name == optimizer_name(k)) return k;
  return Status::error("optimizer '" + name + "': expected sgd, adam, rmsprop, adagrad or adadelta");
}

float usual_learning_rate(OptimizerKind kind) { return kind == OptimizerKind::kSgd ? 0.01f : 0.001f; }

Result<std::unique_ptr<Optimizer>> make_optimizer(const OptimizerConfig& c) {
  auto bad = [](const std::string& what) {
    return Status::error("optimizer " + what);
  };
  if (!(c.learning_rate < 0.f || (c.learning_rate >= kMinLearningRate && c.learning_rate <= kMaxLearningRate)))
    return bad("learning rate " + value_text(c.learning_rate) + ": give a value from 1e-8 to 1000, typically 1e-4 to 1e-1");
  if (!(c.momentum >= 0.f && c.momentum < 1.f)) return bad("momentum must be in [0, 1)");
  if (!(c.epsilon > 0.f)) return bad("epsilon must be positive");
  auto lr = [&] { return c.learning_rate > 0.f ? c.learning_rate : usual_learning_rate(c.kind); };
  OptimizerConfig resolved = c;
  std::unique_ptr<Optimizer> opt;
  switch (c.kind) {
    case OptimizerKind::kSgd:
      opt.reset(new Sgd(lr(), c.momentum, c.nesterov));
      break;
    case OptimizerKind::kAdam:
      if (!(c.beta_1 >= 0.f && c.beta_1 < 1.f && c.beta_2 >= 0.f && c.beta_2 < 1.f))
        return bad("adam betas must be in [0, 1)");
      opt.reset(new Adam(lr(), c.beta_1, c.beta_2, c.epsilon));
      break;
    case OptimizerKind::kRmsprop:
      resolved.rho = c.rho < 0.f ? 0.9f : c.rho;
      if (resolved.rho >= 1.f) return bad("rho must be in [0, 1)");
      opt.reset(new Rmsprop(lr(), resolved.rho, c.momentum, c.epsilon));
      break;
    case OptimizerKind::kAdagrad:
      if (!(c.initial_accumulator >= 0.f)) return bad("adagrad initial accumulator must be >= 0");
      opt.reset(new Adagrad(lr(), c.initial_accumulator, c.epsilon));
      break;
    case OptimizerKind::kAdadelta:
      resolved.rho = c.rho < 0.f ? 0.95f : c.rho;
      if (resolved.rho >= 1.f) return bad("rho must be in [0, 1)");
      opt.reset(new Adadelta(lr(), resolved.rho, c.epsilon));
      break;
  }
  if (!opt) return bad("kind unknown");
  resolved.learning_rate = opt->learning_rate();
  opt->config_ = resolved;
  return opt;
}

bool same_hyper_parameters(const OptimizerConfig& a, const OptimizerConfig& b) {
  if (a.kind != b.kind) return false;
  auto rho = [](const OptimizerConfig& c, float fallback) { return c.rho < 0.f ? fallback : c.rho; };
  switch (a.kind) {
    case OptimizerKind::kSgd: return a.momentum == b.momentum && a.nesterov == b.nesterov;
    case OptimizerKind::kAdam: return a.beta_1 == b.beta_1 && a.beta_2 == b.beta_2 && a.epsilon == b.epsilon;
    case OptimizerKind::kRmsprop:
      return rho(a, 0.9f) == rho(b, 0.9f) && a.momentum == b.momentum && a.epsilon == b.epsilon;
    case OptimizerKind::kAdagrad: return a.initial_accumulator == b.initial_accumulator && a.epsilon == b.epsilon;
    case OptimizerKind::kAdadelta: return rho(a, 0.95f) == rho(b, 0.95f) && a.epsilon == b.epsilon;
  }
  return false;
}

OptimizerConfig optimizer_config_for(OptimizerKind kind, const OptimizerConfig& described) {
  if (described.kind == kind) return described;
  OptimizerConfig fresh;
  fresh.kind = kind;
  return fresh;
}

Result<ChosenOptimizer> choose_optimizer(const Optimizer* current, const OptimizerConfig& described,
                                         const OptimizerChoice& choice) {
  OptimizerConfig config = optimizer_config_for(choice.kind, described);
  ChosenOptimizer chosen;
  chosen.kept_state = current && same_hyper_parameters(current->config(), config);
  if (chosen.kept_state) config = current->config();
  if (!(choice.learning_rate < 0.f)) config.learning_rate = choice.learning_rate;  // NaN too: refused below
  Result<std::unique_ptr<Optimizer>> made = make_optimizer(config);
  if (!made) return made.status();
  chosen.optimizer = made.take();
  if (chosen.kept_state) {
    std::vector<Tensor>& slots = chosen.optimizer->slots();
    for (const Tensor& t : current->slots()) slots.push_back(t.clone());
    chosen.optimizer->set_iterations(current->iterations());
  }
  return chosen;
}

}  // namespace bn
