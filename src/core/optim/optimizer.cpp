#include "core/optim/optimizer.h"

#include <cmath>

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

Result<std::unique_ptr<Optimizer>> make_optimizer(const OptimizerConfig& c) {
  auto bad = [](const std::string& what) {
    return Status::error("optimizer " + what);
  };
  if (c.learning_rate == 0.f || !std::isfinite(c.learning_rate) || c.learning_rate > 1000.f)
    return bad("learning rate " + std::to_string(c.learning_rate) + ": give a positive value up to 1000, typically 1e-4 to 1e-1");
  if (!(c.momentum >= 0.f && c.momentum < 1.f)) return bad("momentum must be in [0, 1)");
  if (!(c.epsilon > 0.f)) return bad("epsilon must be positive");
  auto lr = [&](float fallback) { return c.learning_rate > 0.f ? c.learning_rate : fallback; };
  switch (c.kind) {
    case OptimizerKind::kSgd:
      return std::unique_ptr<Optimizer>(new Sgd(lr(0.01f), c.momentum, c.nesterov));
    case OptimizerKind::kAdam:
      if (!(c.beta_1 >= 0.f && c.beta_1 < 1.f && c.beta_2 >= 0.f && c.beta_2 < 1.f))
        return bad("adam betas must be in [0, 1)");
      return std::unique_ptr<Optimizer>(new Adam(lr(0.001f), c.beta_1, c.beta_2, c.epsilon));
    case OptimizerKind::kRmsprop: {
      float rho = c.rho < 0.f ? 0.9f : c.rho;
      if (rho >= 1.f) return bad("rho must be in [0, 1)");
      return std::unique_ptr<Optimizer>(new Rmsprop(lr(0.001f), rho, c.momentum, c.epsilon));
    }
    case OptimizerKind::kAdagrad:
      if (!(c.initial_accumulator >= 0.f)) return bad("adagrad initial accumulator must be >= 0");
      return std::unique_ptr<Optimizer>(new Adagrad(lr(0.001f), c.initial_accumulator, c.epsilon));
    case OptimizerKind::kAdadelta: {
      float rho = c.rho < 0.f ? 0.95f : c.rho;
      if (rho >= 1.f) return bad("rho must be in [0, 1)");
      return std::unique_ptr<Optimizer>(new Adadelta(lr(0.001f), rho, c.epsilon));
    }
  }
  return bad("kind unknown");
}

}  // namespace bn
