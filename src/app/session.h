// Session: one training run at a time in the page, and every run of the session kept as curves
// (so runs can be compared in one plot). It builds the model, optimiser and trainer from a spec
// and the Train panel's settings, trains in time slices or single steps, and answers the views'
// questions (reconstruct, encode, decode) with the current model in inference mode.
// Not here: ImGui, layout, or where the data comes from.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "core/data/mnist.h"
#include "core/model/model.h"
#include "core/optim/optimizer.h"
#include "core/train/trainer.h"

namespace bn::app {

struct TrainSettings {
  int optimizer = 1;  // index into optimizer_names(); adam
  float learning_rate = 1e-3f;
  int batch_size = 256;
  int epochs = 10;
  int seed = 0;
};
const std::vector<const char*>& optimizer_names();

enum class RunState { kReady, kTraining, kPaused, kFinished, kFailed };
const char* run_state_name(RunState s);

// The curves of one run. Batch losses are averaged in pairs whenever the buffer fills, so a run
// of any length keeps at most kMaxStepPoints points.
struct RunRecord {
  static constexpr size_t kMaxStepPoints = 2048;
  std::string name;
  bool visible = true;
  int batches_per_epoch = 0;
  std::vector<float> step_x, step_loss;
  std::vector<float> epoch_x, train_loss, test_loss;
  // Per epoch, training losses part by part (reconstruction, activity, kl, contractive, weight decay).
  std::vector<float> parts[5];
  int stride = 1, pending = 0;
  float accum_x = 0, accum_loss = 0;
  void add_batch(long long step, float loss);
  void add_epoch(const EpochStats& e);
};
extern const char* const kLossPartNames[5];

class Session {
 public:
  // Builds a fresh model from `spec` and starts a new run; the previous run's curves stay.
  Status start(const ModelSpec& spec, const TrainSettings& settings, const Mnist& data);
  // Trains for up to `ms` when training; errors (a diverging loss) end the run with a message.
  void run_for(double ms);
  // One batch (builds the run first when there is none), then paused.
  void step_once(const ModelSpec& spec, const TrainSettings& settings, const Mnist& data);
  void pause() { if (state_ == RunState::kTraining) state_ = RunState::kPaused; }
  void resume() { if (state_ == RunState::kPaused) state_ = RunState::kTraining; }
  // Drops the model; runs stay for comparison.
  void reset();

  RunState state() const { return state_; }
  const std::string& message() const { return message_; }
  bool has_model() const { return model_ != nullptr; }
  Model* model() { return model_.get(); }
  const Trainer* trainer() const { return trainer_.get(); }
  double eta_seconds() const;
  std::vector<RunRecord>& runs() { return runs_; }
  const std::vector<RunRecord>& runs() const { return runs_; }
  // Bumped whenever the weights change, so views know when to recompute.
  long long weights_version() const { return version_; }

  // Inference with the current model (no dropout or noise). x: n x 784 in [0, 1].
  // out: n x 784 reconstructions; corrupted (may be null): n x 784 inputs as the model's
  // corruption sees them (for a denoiser), drawn with `seed`.
  bool reconstruct(const float* x, int n, float* out, float* corrupted, uint64_t seed);
  // code: n x code_size.
  bool encode(const float* x, int n, float* code);
  bool decode(const float* code, int n, float* out);
  int code_size() const;

 private:
  Status build(const ModelSpec& spec, const TrainSettings& settings, const Mnist& data);
  template <class Fn>
  bool in_chunks(int n, Fn&& fn);

  std::unique_ptr<Model> model_;
  std::unique_ptr<Optimizer> optimizer_;
  std::unique_ptr<Trainer> trainer_;
  RunState state_ = RunState::kReady;
  std::string message_;
  std::vector<RunRecord> runs_;
  long long version_ = 0;
  int run_counter_ = 0;
};

}  // namespace bn::app
