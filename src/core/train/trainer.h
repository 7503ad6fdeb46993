// Trainer: fits a Model to MNIST images (targets = inputs) one batch at a time, so a caller can
// drive it from a terminal loop (CLI), a browser frame (run_for) or a test (step).
//
// An epoch: shuffle the training indices with the seeded Rng (or keep file order), then one
// step() per batch, then validation on the test set in batch-sized chunks, one chunk per step().
// Pixels stay uint8 in the ImageSets and are converted per batch. After start() the loop does
// not allocate: the model, the optimiser slots and the trainer's own buffers are sized up front.
// Inputs are corrupted as the model's spec says (denoising); the target is always the clean
// image, and validation corrupts the test set the same way each epoch (a fixed seed), so test
// losses are comparable across epochs. A run that diverges (a non-finite loss, or a smoothed
// batch loss half again above where the run started) stops with a message that says what to change,
// and the model and optimiser go back to the last good state (the end of the last epoch, or the
// start of the run), so nothing saved or shown afterwards is the diverged model. A
// reconstruction stuck at one image for every input is reported as a warning with a hint.
// Not here: threads (the page decides where this runs), early stopping, schedules.
#pragma once
#include <functional>
#include <vector>

#include "core/base/rng.h"
#include "core/data/mnist.h"
#include "core/model/model.h"
#include "core/optim/optimizer.h"
#include "core/train/batch_loader.h"
#include "core/train/evaluator.h"
#include "core/train/history.h"

namespace bn {

struct TrainConfig {
  int epochs = 10;
  int batch_size = 256;
  bool shuffle = true;
  uint64_t seed = 0;
};


struct TrainProgress {
  int epoch = 0;  // 1-based, the epoch in progress
  int epochs = 0;
  int batch = 0;  // batches done in this epoch
  int batches = 0;
  long long step = 0;    // batches done in total
  double loss = 0;       // running mean of this epoch's batch losses
  double last_loss = 0;  // loss of the latest batch
  double samples_per_s = 0;
};

enum class TrainPhase { kNotStarted, kTraining, kValidating, kDone, kStopped, kFailed };

class Trainer {
 public:
  Trainer(Model& model, Optimizer& optimizer, const ImageSet& train, const ImageSet* test, const TrainConfig& config);

  // Checks the data against the model, reserves every buffer, starts the first epoch. With a
  // `previous` history (a loaded model, or one trained on) epochs and steps are numbered on from
  // it, config.epochs more run, and the batch losses go on from `curve`.
  Status start(const std::vector<EpochStats>& previous = {}, const LossCurve& curve = {});
  // One unit of work: a training batch (or, for a model that trains in slices, a few slices of
  // one, ~16 images), or a validation chunk. Error if the loss blew up.
  Status step();
  // Steps until `ms` milliseconds have passed or training ends.
  Status run_for(double ms);
  // Steps to the end (or until request_stop()).
  Status run();
  // Training halts before the next batch; the model keeps what it learned.
  void request_stop() { stop_requested_ = true; }

  TrainPhase phase() const { return phase_; }
  bool finished() const { return phase_ == TrainPhase::kDone || phase_ == TrainPhase::kStopped || phase_ == TrainPhase::kFailed; }
  const TrainProgress& progress() const { return progress_; }
  const std::vector<EpochStats>& history() const { return history_; }
  const LossCurve& curve() const { return curve_; }

  std::function<void(const TrainProgress&)> on_batch;
  std::function<void(const EpochStats&)> on_epoch;

 private:
  void begin_epoch();
  Status train_batch();
  void validate_chunk();
  void end_epoch();
  std::string collapse_warning() const;
  // The last good state: taken at start() and at each epoch's end, restored on divergence.
  void keep_checkpoint();
  void restore_checkpoint();
  // The message for a diverged run, after restoring; empty while the run is healthy.
  std::string divergence(double loss);

  Model& model_;
  Optimizer& optimizer_;
  const ImageSet& train_;
  const ImageSet* test_;
  TrainConfig config_;
  Rng rng_;
  TrainPhase phase_ = TrainPhase::kNotStarted;
  bool stop_requested_ = false;
  std::vector<uint32_t> order_;
  BatchLoader loader_;
  std::unique_ptr<Evaluator> eval_;  // validation, when there is a test set
  TrainProgress progress_;
  std::vector<EpochStats> history_;
  LossCurve curve_;
  // The batch in progress: one step trains a whole batch, or a few slices of a sliced one.
  static constexpr int kImagesPerStep = 16;
  struct OpenBatch {
    bool open = false;
    const Tensor* target = nullptr;
    int slices = 0, next = 0;
    LossParts parts;
  } batch_;
  LossParts epoch_parts_;
  double epoch_loss_sum_ = 0;
  int epoch_samples_ = 0;
  double epoch_start_ = 0, train_seconds_ = 0;
  struct Checkpoint {
    std::vector<float> weights, slots;
    long long iterations = 0, step = 0;
    int epochs = 0;
    LossCurve curve;
  } good_;
  // Divergence watch: the run's first batch loss (or the last epoch's mean, when higher) and
  // a moving average of batch losses.
  double start_loss_ = -1, smoothed_loss_ = 0;
  long long run_batches_ = 0;
};

// Seconds on a monotonic clock (performance.now() in the browser).
double now_seconds();

}  // namespace bn
