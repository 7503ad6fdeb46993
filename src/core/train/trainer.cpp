#include "core/train/trainer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numeric>

namespace bn {

double now_seconds() {
  using clock = std::chrono::steady_clock;
  return std::chrono::duration<double>(clock::now().time_since_epoch()).count();
}

Trainer::Trainer(Model& model, Optimizer& optimizer, const ImageSet& train, const ImageSet* test,
                 const TrainConfig& config)
    : model_(model),
      optimizer_(optimizer),
      train_(train),
      test_(test),
      config_(config),
      rng_(config.seed, 7) {}

Status Trainer::start(const std::vector<EpochStats>& previous, const LossCurve& curve) {
  const size_t pixels = model_.input_shape().numel();
  if (train_.count == 0) return Status::error("training set is empty; load MNIST first");
  if (train_.image_size() != pixels)
    return Status::error("training images have " + std::to_string(train_.image_size()) + " pixels but the model's input is " +
                         model_.input_shape().str());
  if (test_ && test_->count > 0 && test_->image_size() != pixels)
    return Status::error("test images have " + std::to_string(test_->image_size()) + " pixels, expected " + std::to_string(pixels));
  if (config_.epochs < 1) return Status::error("epochs " + std::to_string(config_.epochs) + ": must be at least 1");
  if (config_.batch_size < 1 || config_.batch_size > 65536)
    return Status::error("batch size " + std::to_string(config_.batch_size) + ": must be between 1 and 65536");
  BN_RETURN_IF_ERROR(model_.reserve_batch(config_.batch_size));
  BN_RETURN_IF_ERROR(loader_.reserve(model_, config_.batch_size));
  eval_.reset();
  if (test_ && test_->count > 0) {
    eval_ = std::make_unique<Evaluator>(model_, *test_, config_.seed);
    BN_RETURN_IF_ERROR(eval_->start());
  }
  if (optimizer_.slots().empty() && optimizer_.iterations() == 0) BN_RETURN_IF_ERROR(optimizer_.init(model_.params()));
  order_.resize(train_.count);
  std::iota(order_.begin(), order_.end(), 0u);
  history_.reserve(previous.size() + config_.epochs);
  history_ = previous;
  progress_ = TrainProgress();
  progress_.epochs = static_cast<int>(previous.size()) + config_.epochs;
  progress_.batches = (train_.count + config_.batch_size - 1) / config_.batch_size;
  // Steps go on from the history, or from further on when a model was saved mid-epoch: its
  // optimiser counted every batch, and its curve reached past the last epoch's end.
  progress_.step = std::max({steps_after(previous, progress_.batches), static_cast<long long>(optimizer_.iterations()),
                             curve.x.empty() ? 0LL : static_cast<long long>(std::ceil(curve.x.back()))});
  curve_ = curve;
  curve_.reserve();  // so the training loop never allocates
  stop_requested_ = false;
  size_t weights = 0, slots = 0;
  for (const Param& p : model_.params()) weights += p.value->size();
  for (const Tensor& t : optimizer_.slots()) slots += t.size();
  good_.weights.resize(weights);
  good_.slots.resize(slots);
  good_.curve.reserve();
  keep_checkpoint();
  start_loss_ = -1;
  run_batches_ = 0;
  begin_epoch();
  return Status::ok();
}

void Trainer::begin_epoch() {
  batch_ = OpenBatch();
  progress_.epoch = static_cast<int>(history_.size()) + 1;
  progress_.batch = 0;
  progress_.loss = 0;
  epoch_loss_sum_ = 0;
  epoch_parts_ = LossParts();
  epoch_samples_ = 0;
  train_seconds_ = 0;
  epoch_start_ = now_seconds();
  if (config_.shuffle) rng_.shuffle(order_.data(), order_.size());
  phase_ = TrainPhase::kTraining;
}

Status Trainer::step() {
  if (stop_requested_ && !finished()) phase_ = TrainPhase::kStopped;
  switch (phase_) {
    case TrainPhase::kNotStarted: return Status::error("trainer: call start() first");
    case TrainPhase::kTraining: return train_batch();
    case TrainPhase::kValidating: validate_chunk(); return Status::ok();
    default: return Status::ok();
  }
}

Status Trainer::train_batch() {
  const double t0 = now_seconds();
  const int first = progress_.batch * config_.batch_size;
  const int rows = std::min(config_.batch_size, train_.count - first);
  RunContext ctx{model_.kernels(), model_.workspace(), &rng_, true};
  if (!batch_.open) {
    batch_.target = &loader_.load(model_, train_, order_.data() + first, rows, rng_);
    model_.zero_grads();
    batch_.slices = model_.slice_count();
    batch_.next = 0;
    batch_.parts = batch_.slices ? model_.begin_slices() : LossParts();
    batch_.open = true;
  }
  if (batch_.slices) {
    // A sliced batch is spread over several steps of at least kImagesPerStep images, so a
    // step stays short even when a whole batch is not (a convolutional model in the browser).
    const int per_step = std::max(1, kImagesPerStep / std::max(1, model_.slice_rows()));
    const int n = std::min(per_step, batch_.slices - batch_.next);
    model_.train_slices(*batch_.target, batch_.next, n, batch_.parts, ctx);
    batch_.next += n;
    if (batch_.next < batch_.slices) {
      train_seconds_ += now_seconds() - t0;
      return Status::ok();
    }
  } else {
    batch_.parts = model_.train_step(*batch_.target, ctx);
  }
  batch_.open = false;
  const LossParts parts = batch_.parts;
  const double loss = parts.total();
  const std::string diverged = divergence(loss);
  if (!diverged.empty()) {
    phase_ = TrainPhase::kFailed;
    return Status::error(diverged);
  }
  optimizer_.step(model_.params());
  train_seconds_ += now_seconds() - t0;
  epoch_loss_sum_ += loss * rows;
  epoch_parts_ += parts.scaled(rows);
  epoch_samples_ += rows;
  ++progress_.batch;
  ++progress_.step;
  progress_.last_loss = loss;
  progress_.loss = epoch_loss_sum_ / epoch_samples_;
  progress_.samples_per_s = train_seconds_ > 0 ? epoch_samples_ / train_seconds_ : 0;
  curve_.add(progress_.step, static_cast<float>(loss));
  if (on_batch) on_batch(progress_);
  if (progress_.batch == progress_.batches) {
    phase_ = TrainPhase::kValidating;
    if (eval_) eval_->rewind();
    else end_epoch();
  }
  return Status::ok();
}

void Trainer::validate_chunk() {
  if (eval_->step()) end_epoch();
}

std::string Trainer::collapse_warning() const {
  if (!eval_ || eval_->count() < 2) return "";
  const double spread = eval_->output_spread();
  // MNIST pixels spread by ~0.3 across images; a model that learned anything is far above 0.01.
  // A young model may pass through the mean image, so also require the test loss to have stalled.
  if (spread >= 0.01 || history_.empty()) return "";
  const double prev = history_.back().test_loss, cur = eval_->mean().total();
  if (std::fabs(prev - cur) > 0.01 * std::fabs(cur)) return "";
  const ModelSpec& s = model_.spec();
  const Activation out_act = model_.layer(model_.layer_count() - 1).activation();
  std::string hint = "try a lower learning rate";
  if (out_act == Activation::kSigmoid && s.loss != LossKind::kBce)
    hint = "a sigmoid output with " + std::string(loss_name(s.loss)) +
           " saturates and stops learning: try loss bce or a lower learning rate";
  else if (s.layers[s.code_layer].activation() == Activation::kRelu)
    hint = "the code's relu units may have died: try a lower learning rate or leaky_relu";
  char buf[96];
  std::snprintf(buf, sizeof buf, "the model has collapsed: every test image gets almost the same reconstruction (spread %.4f); ",
                spread);
  return buf + hint;
}

void Trainer::end_epoch() {
  EpochStats s;
  s.epoch = progress_.epoch;
  s.steps = progress_.step;
  s.train_parts = epoch_parts_.scaled(epoch_samples_ ? 1.0 / epoch_samples_ : 0.0);
  s.train_loss = epoch_samples_ ? epoch_loss_sum_ / epoch_samples_ : 0;
  if (eval_) s.test_parts = eval_->mean();
  s.test_loss = eval_ ? s.test_parts.total() : std::numeric_limits<double>::quiet_NaN();
  s.seconds = now_seconds() - epoch_start_;
  s.samples_per_s = train_seconds_ > 0 ? epoch_samples_ / train_seconds_ : 0;
  s.warning = collapse_warning();
  history_.push_back(s);
  keep_checkpoint();
  if (on_epoch) on_epoch(s);
  if (static_cast<int>(history_.size()) >= progress_.epochs) phase_ = TrainPhase::kDone;
  else if (stop_requested_) phase_ = TrainPhase::kStopped;
  else begin_epoch();
}

void Trainer::keep_checkpoint() {
  float* w = good_.weights.data();
  for (const Param& p : model_.params()) w = std::copy(p.value->data(), p.value->data() + p.value->size(), w);
  float* s = good_.slots.data();
  for (const Tensor& t : optimizer_.slots()) s = std::copy(t.data(), t.data() + t.size(), s);
  good_.iterations = optimizer_.iterations();
  good_.step = progress_.step;
  good_.epochs = static_cast<int>(history_.size());
  good_.curve = curve_;  // within the reserved capacity: no allocation
}

void Trainer::restore_checkpoint() {
  const float* w = good_.weights.data();
  for (const Param& p : model_.params()) {
    std::copy(w, w + p.value->size(), p.value->data());
    w += p.value->size();
  }
  const float* s = good_.slots.data();
  for (Tensor& t : optimizer_.slots()) {
    std::copy(s, s + t.size(), t.data());
    s += t.size();
  }
  optimizer_.set_iterations(good_.iterations);
  curve_ = good_.curve;
  // The progress of the model as restored (as a finished run shows it), not of the failed batch.
  progress_.step = good_.step;
  progress_.epoch = good_.epochs;
  progress_.batch = good_.epochs > 0 ? progress_.batches : 0;
  progress_.loss = progress_.last_loss = history_.empty() ? 0 : history_.back().train_loss;
  progress_.samples_per_s = 0;
}

std::string Trainer::divergence(double loss) {
  ++run_batches_;
  if (start_loss_ < 0) {
    // A model trained on starts from its last epoch's mean, which one lucky batch cannot undercut.
    start_loss_ = history_.empty() || !std::isfinite(history_.back().train_loss) ? loss
                                                                                   : std::max(loss, history_.back().train_loss);
    smoothed_loss_ = loss;
  }
  smoothed_loss_ += 0.1 * (loss - smoothed_loss_);
  const bool blew_up = !std::isfinite(loss);
  // Half again above the start, smoothed over about ten batches: outside the noise of batch
  // losses (a healthy run falls from its start within a few batches), and what a learning rate
  // far too high does (SGD at 50 on the conv preset ends at twice the untrained loss).
  const bool rose = run_batches_ >= 3 && smoothed_loss_ > 1.5 * start_loss_ + 1e-6;
  if (!blew_up && !rose) return "";
  char lr[32], lower[32], now[32], start[32];
  std::snprintf(lr, sizeof lr, "%g", optimizer_.learning_rate());
  std::snprintf(lower, sizeof lower, "%g", optimizer_.learning_rate() / 10);
  std::snprintf(now, sizeof now, "%.4g", smoothed_loss_);
  std::snprintf(start, sizeof start, "%.4g", start_loss_);
  const std::string where = "at epoch " + std::to_string(progress_.epoch) + ", batch " + std::to_string(progress_.batch + 1) +
                            " (step " + std::to_string(progress_.step + 1) + ")";
  const std::string what = blew_up ? "the loss became " + std::string(std::isnan(loss) ? "NaN" : "infinite") + " " + where
                                   : "the loss rose to " + std::string(now) + " " + where + ", from " + start +
                                         " where this run started";
  restore_checkpoint();
  const std::string back = good_.epochs > 0 ? "the model is back at the end of epoch " + std::to_string(good_.epochs)
                                            : "the model is back where this run started";
  // A tenth is a step back; where even that is far above the optimiser's usual rate, say so.
  const float usual = usual_learning_rate(optimizer_.config().kind);
  char usual_text[64] = "";
  if (usual < optimizer_.learning_rate() / 10)
    std::snprintf(usual_text, sizeof usual_text, " (%s usually trains at %g)", optimizer_.name(), usual);
  return what + ": training diverged; the learning rate " + lr + " is probably too high, try " + lower + usual_text + "; " +
         back;
}

Status Trainer::run_for(double ms) {
  const double until = now_seconds() + ms / 1000.0;
  while (!finished()) {
    BN_RETURN_IF_ERROR(step());
    if (now_seconds() >= until) break;
  }
  return Status::ok();
}

Status Trainer::run() {
  while (!finished()) BN_RETURN_IF_ERROR(step());
  return Status::ok();
}

}  // namespace bn
