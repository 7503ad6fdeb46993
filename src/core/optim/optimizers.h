// The concrete optimisers. Each update() is the Keras 3 rule, written out per element.
#pragma once
#include "core/optim/optimizer.h"

namespace bn {

// v = momentum v - lr g; w += v (nesterov: w += momentum v - lr g). Without momentum: w -= lr g.
class Sgd : public Optimizer {
 public:
  Sgd(float lr, float momentum, bool nesterov) : Optimizer(lr, momentum > 0.f ? 1 : 0), momentum_(momentum), nesterov_(nesterov) {}
  const char* name() const override { return "sgd"; }
  const char* slot_name(int) const override { return "momentums"; }

 protected:
  void update(float* w, const float* g, float* const* s, size_t n, long long t) override;

 private:
  float momentum_;
  bool nesterov_;
};

// m += (g - m)(1 - b1); v += (g^2 - v)(1 - b2); w -= lr sqrt(1 - b2^t) / (1 - b1^t) m / (sqrt(v) + eps)
class Adam : public Optimizer {
 public:
  Adam(float lr, float b1, float b2, float eps) : Optimizer(lr, 2), b1_(b1), b2_(b2), eps_(eps) {}
  const char* name() const override { return "adam"; }
  const char* slot_name(int slot) const override { return slot == 0 ? "momentums" : "velocities"; }
  bool slot_is_square_sum(int slot) const override { return slot == 1; }

 protected:
  void update(float* w, const float* g, float* const* s, size_t n, long long t) override;

 private:
  float b1_, b2_, eps_;
};

// v = rho v + (1 - rho) g^2; step = lr g / sqrt(v + eps); with momentum: m = momentum m + step, w -= m.
class Rmsprop : public Optimizer {
 public:
  Rmsprop(float lr, float rho, float momentum, float eps)
      : Optimizer(lr, momentum > 0.f ? 2 : 1), rho_(rho), momentum_(momentum), eps_(eps) {}
  const char* name() const override { return "rmsprop"; }
  const char* slot_name(int slot) const override { return slot == 0 ? "velocities" : "momentums"; }
  bool slot_is_square_sum(int slot) const override { return slot == 0; }

 protected:
  void update(float* w, const float* g, float* const* s, size_t n, long long t) override;

 private:
  float rho_, momentum_, eps_;
};

// a += g^2; w -= lr g / sqrt(a + eps); a starts at initial_accumulator_value.
class Adagrad : public Optimizer {
 public:
  Adagrad(float lr, float initial, float eps) : Optimizer(lr, 1), initial_(initial), eps_(eps) {}
  const char* name() const override { return "adagrad"; }
  const char* slot_name(int) const override { return "accumulators"; }
  bool slot_is_square_sum(int) const override { return true; }

 protected:
  void update(float* w, const float* g, float* const* s, size_t n, long long t) override;
  float slot_initial_value(int) const override { return initial_; }

 private:
  float initial_, eps_;
};

// ag = rho ag + (1 - rho) g^2; d = -sqrt(ad + eps) / sqrt(ag + eps) g; ad = rho ad + (1 - rho) d^2; w += lr d
class Adadelta : public Optimizer {
 public:
  Adadelta(float lr, float rho, float eps) : Optimizer(lr, 2), rho_(rho), eps_(eps) {}
  const char* name() const override { return "adadelta"; }
  const char* slot_name(int slot) const override { return slot == 0 ? "accumulated_grads" : "accumulated_delta_vars"; }
  bool slot_is_square_sum(int) const override { return true; }

 protected:
  void update(float* w, const float* g, float* const* s, size_t n, long long t) override;

 private:
  float rho_, eps_;
};

}  // namespace bn
