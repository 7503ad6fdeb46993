// Optimisers with Keras 3's update rules and defaults. Each keeps per-parameter slot tensors
// (momentum, moments, accumulators) created by init(); step() applies one update from the
// gradients the model accumulated.
//
//   sgd       lr 0.01, momentum 0, nesterov off
//   adam      lr 0.001, beta_1 0.9, beta_2 0.999, epsilon 1e-7
//   rmsprop   lr 0.001, rho 0.9, momentum 0, epsilon 1e-7
//   adagrad   lr 0.001, initial_accumulator_value 0.1, epsilon 1e-7
//   adadelta  lr 0.001, rho 0.95, epsilon 1e-7
// Not here: learning-rate schedules, gradient clipping, weight decay (issue 4 adds L2 decay).
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "core/base/status.h"
#include "core/layers/layer.h"

namespace bn {

// Saved in model files: append only.
enum class OptimizerKind : uint8_t { kSgd = 0, kAdam = 1, kRmsprop = 2, kAdagrad = 3, kAdadelta = 4 };

// The learning rates a model file, a model description or a flag may give.
constexpr float kMinLearningRate = 1e-8f, kMaxLearningRate = 1000.f;

struct OptimizerConfig {
  OptimizerKind kind = OptimizerKind::kAdam;
  float learning_rate = -1.f;  // < 0: the optimiser's Keras default
  float momentum = 0.f;        // sgd, rmsprop
  bool nesterov = false;       // sgd
  float beta_1 = 0.9f, beta_2 = 0.999f;  // adam
  float rho = -1.f;            // rmsprop 0.9, adadelta 0.95 when < 0
  float epsilon = 1e-7f;
  float initial_accumulator = 0.1f;  // adagrad
};

class Optimizer {
 public:
  virtual ~Optimizer() = default;
  virtual const char* name() const = 0;
  // Creates the slots for these parameters (zero, or Adagrad's initial value).
  Status init(const std::vector<Param>& params);
  // One update of every parameter from its gradient.
  void step(const std::vector<Param>& params);
  float learning_rate() const { return lr_; }
  void set_learning_rate(float lr) { lr_ = lr; }
  long long iterations() const { return iterations_; }
  // For a model file's saved state; init() must have made the slots first.
  void set_iterations(long long t) { iterations_ = t; }
  // Slot tensors, in parameter order then slot order (for model files and tests).
  std::vector<Tensor>& slots() { return slots_; }
  const std::vector<Tensor>& slots() const { return slots_; }

 protected:
  explicit Optimizer(float lr, int slots_per_param) : lr_(lr), slots_per_param_(slots_per_param) {}
  // Updates w (n floats) from g; s points at this parameter's slots; t is the 1-based step.
  virtual void update(float* w, const float* g, float* const* s, size_t n, long long t) = 0;
  virtual float slot_initial_value(int slot) const { (void)slot; return 0.f; }

  float lr_;

 private:
  int slots_per_param_;
  long long iterations_ = 0;
  std::vector<Tensor> slots_;
};

Result<std::unique_ptr<Optimizer>> make_optimizer(const OptimizerConfig& config);
Result<OptimizerKind> parse_optimizer(const std::string& name);
const char* optimizer_name(OptimizerKind kind);

}  // namespace bn
