// Optimisers with Keras 3's update rules and defaults. Each keeps per-parameter slot tensors
// (momentum, moments, accumulators) created by init(); step() applies one update from the
// gradients the model accumulated.
//
//   sgd       lr 0.01, momentum 0, nesterov off
//   adam      lr 0.001, beta_1 0.9, beta_2 0.999, epsilon 1e-7
//   rmsprop   lr 0.001, rho 0.9, momentum 0, epsilon 1e-7
//   adagrad   lr 0.001, initial_accumulator_value 0.1, epsilon 1e-7
//   adadelta  lr 0.001, rho 0.95, epsilon 1e-7
// choose_optimizer() is the one rule for going on training with an optimiser the user picked
// (keep the state, or start afresh); the CLI, the app and model files all use it.
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

// The learning rates a model file, a model description or a flag may give (model_json.cpp and
// the CLI's --lr read this range), so whatever trains can be saved and read back.
constexpr float kMinLearningRate = 1e-8f, kMaxLearningRate = 1000.f;
// The rate each kind starts from when none is given (Keras's defaults); a diverged run's
// message points to it.
float usual_learning_rate(OptimizerKind kind);
// More steps than any run takes (a billion batches is years of training); a saved step count
// beyond it is damage, and the bound keeps step arithmetic far from overflow.
constexpr long long kMaxOptimizerSteps = 1LL << 40;

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

// Whether a and b are the same optimiser apart from the learning rate: the same kind and the
// same values of the hyper-parameters that kind uses (rho < 0 read as its default).
bool same_hyper_parameters(const OptimizerConfig& a, const OptimizerConfig& b);

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
  // What it was made from, defaults filled in (rho, the learning rate), at the current rate.
  OptimizerConfig config() const {
    OptimizerConfig c = config_;
    c.learning_rate = lr_;
    return c;
  }
  long long iterations() const { return iterations_; }
  // For a model file's saved state; init() must have made the slots first.
  void set_iterations(long long t) { iterations_ = t; }
  // Slot tensors, in parameter order then slot order (for model files and tests).
  std::vector<Tensor>& slots() { return slots_; }
  const std::vector<Tensor>& slots() const { return slots_; }
  int slots_per_param() const { return slots_per_param_; }
  // Keras's name of slot s of a parameter ("momentums", "velocities"), for messages.
  virtual const char* slot_name(int slot) const = 0;
  // Whether slot s holds a running sum of squares, which the update takes a square root of:
  // such a slot is never negative.
  virtual bool slot_is_square_sum(int slot) const { (void)slot; return false; }

 protected:
  explicit Optimizer(float lr, int slots_per_param) : lr_(lr), slots_per_param_(slots_per_param) {}
  // Updates w (n floats) from g; s points at this parameter's slots; t is the 1-based step.
  virtual void update(float* w, const float* g, float* const* s, size_t n, long long t) = 0;
  virtual float slot_initial_value(int slot) const { (void)slot; return 0.f; }

  float lr_;

 private:
  friend Result<std::unique_ptr<Optimizer>> make_optimizer(const OptimizerConfig& config);
  OptimizerConfig config_;
  int slots_per_param_;
  long long iterations_ = 0;
  std::vector<Tensor> slots_;
};

// A fresh optimiser (no slots until init()). A learning rate < 0 means the kind's Keras default;
// any other outside [kMinLearningRate, kMaxLearningRate], or NaN, is refused.
Result<std::unique_ptr<Optimizer>> make_optimizer(const OptimizerConfig& config);
Result<OptimizerKind> parse_optimizer(const std::string& name);
const char* optimizer_name(OptimizerKind kind);

// The configuration of a fresh optimiser of `kind` for a model whose description names
// `described`: described itself when it names that kind, else the kind's Keras defaults.
OptimizerConfig optimizer_config_for(OptimizerKind kind, const OptimizerConfig& described);

// What the user picked to train on with: a kind, and a learning rate, or any negative value for
// "as it was" (NaN and 0 are rates, and refused).
struct OptimizerChoice {
  OptimizerKind kind = OptimizerKind::kAdam;
  float learning_rate = -1.f;
};

struct ChosenOptimizer {
  std::unique_ptr<Optimizer> optimizer;
  bool kept_state = false;  // it carries on `current`'s slots and step count
};

// The optimiser training goes on with, given the one the model has (`current`: loaded from a
// model file or left by earlier training; null when there is none), the optimiser its
// description names (`described`) and the user's `choice`. The one rule, for the CLI, the app
// and model files alike:
//  - `current` of the chosen kind, with the hyper-parameters a fresh one would get (see
//    optimizer_config_for; the learning rate aside), goes on: the result carries a copy of its
//    slots and step count, so Adam's moments and bias correction continue where they were;
//  - another kind, or other hyper-parameters, starts a fresh optimiser (no slots, step 0): one
//    rule's slots mean nothing to another's.
// The learning rate: choice.learning_rate unless it is negative. Otherwise a kept optimiser keeps its own
// (so continuing a saved model without --lr trains at the rate it was saved with), and a fresh
// one takes optimizer_config_for's: the description's when it names the kind, else the Keras
// default. `current` itself is never changed, so a caller can still back out.
Result<ChosenOptimizer> choose_optimizer(const Optimizer* current, const OptimizerConfig& described,
                                         const OptimizerChoice& choice);

}  // namespace bn
