#include "app/session.h"

#include <algorithm>
#include <cstring>

namespace bn::app {

const char* const kLossPartNames[5] = {"reconstruction", "activity", "kl", "contractive", "weight decay"};

const std::vector<const char*>& optimizer_names() {
  static const std::vector<const char*> names = {"sgd", "adam", "rmsprop", "adagrad", "adadelta"};
  return names;
}

const char* run_state_name(RunState s) {
  switch (s) {
    case RunState::kReady: return "ready";
    case RunState::kTraining: return "training";
    case RunState::kPaused: return "paused";
    case RunState::kFinished: return "finished";
    case RunState::kFailed: return "failed";
  }
  return "?";
}

void RunRecord::add_batch(long long step, float loss) {
  accum_x += static_cast<float>(step);
  accum_loss += loss;
  if (++pending < stride) return;
  step_x.push_back(accum_x / pending);
  step_loss.push_back(accum_loss / pending);
  accum_x = accum_loss = 0;
  pending = 0;
  if (step_x.size() < kMaxStepPoints) return;
  for (size_t i = 0; i < kMaxStepPoints / 2; ++i) {
    step_x[i] = 0.5f * (step_x[2 * i] + step_x[2 * i + 1]);
    step_loss[i] = 0.5f * (step_loss[2 * i] + step_loss[2 * i + 1]);
  }
  step_x.resize(kMaxStepPoints / 2);
  step_loss.resize(kMaxStepPoints / 2);
  stride *= 2;
}

void RunRecord::add_epoch(const EpochStats& e) {
  epoch_x.push_back(static_cast<float>(e.epoch));
  train_loss.push_back(static_cast<float>(e.train_loss));
  test_loss.push_back(static_cast<float>(e.test_loss));
  const double p[5] = {e.train_parts.reconstruction, e.train_parts.activity, e.train_parts.kl, e.train_parts.contractive,
                       e.train_parts.weight_decay};
  for (int i = 0; i < 5; ++i) parts[i].push_back(static_cast<float>(p[i]));
}

Status Session::build(const ModelSpec& spec, const TrainSettings& s, const Mnist& data) {
  OptimizerConfig oc = spec.optimizer;
  Result<OptimizerKind> kind = parse_optimizer(optimizer_names()[s.optimizer]);
  if (!kind) return kind.status();
  if (kind.value() != oc.kind) oc = OptimizerConfig();
  oc.kind = kind.value();
  oc.learning_rate = s.learning_rate;
  Result<std::unique_ptr<Optimizer>> opt = make_optimizer(oc);
  if (!opt) return opt.status();
  Result<std::unique_ptr<Model>> model = Model::build(spec, static_cast<uint64_t>(s.seed));
  if (!model) return model.status();
  TrainConfig tc;
  tc.epochs = s.epochs;
  tc.batch_size = s.batch_size;
  tc.seed = static_cast<uint64_t>(s.seed);
  auto trainer = std::make_unique<Trainer>(*model.value(), *opt.value(), data.train, &data.test, tc);
  RunRecord run;
  char name[160];
  std::snprintf(name, sizeof name, "#%d %s, %s %g, seed %d", ++run_counter_, spec.name.c_str(),
                optimizer_names()[s.optimizer], s.learning_rate, s.seed);
  run.name = name;
  runs_.push_back(std::move(run));
  const size_t index = runs_.size() - 1;
  trainer->on_batch = [this, index](const TrainProgress& p) {
    runs_[index].add_batch(p.step, static_cast<float>(p.last_loss));
    ++version_;
  };
  trainer->on_epoch = [this, index](const EpochStats& e) { runs_[index].add_epoch(e); };
  BN_RETURN_IF_ERROR(trainer->start());
  runs_[index].batches_per_epoch = trainer->progress().batches;
  model_ = model.take();
  optimizer_ = opt.take();
  trainer_ = std::move(trainer);
  ++version_;
  return Status::ok();
}

Status Session::start(const ModelSpec& spec, const TrainSettings& settings, const Mnist& data) {
  reset();
  Status s = build(spec, settings, data);
  message_ = s ? "" : s.message();
  state_ = s ? RunState::kTraining : RunState::kFailed;
  return s;
}

void Session::run_for(double ms) {
  if (state_ != RunState::kTraining || !trainer_) return;
  Status s = trainer_->run_for(ms);
  if (!s) {
    message_ = s.message();
    state_ = RunState::kFailed;
  } else if (trainer_->finished()) {
    state_ = RunState::kFinished;
  }
}

void Session::step_once(const ModelSpec& spec, const TrainSettings& settings, const Mnist& data) {
  if (!trainer_ || state_ == RunState::kFinished || state_ == RunState::kFailed) {
    if (!start(spec, settings, data)) return;
  }
  // Through any validation in progress to the next training batch.
  const long long before = trainer_->progress().step;
  while (!trainer_->finished() && trainer_->progress().step == before) {
    Status s = trainer_->step();
    if (!s) {
      message_ = s.message();
      state_ = RunState::kFailed;
      return;
    }
  }
  state_ = trainer_->finished() ? RunState::kFinished : RunState::kPaused;
}

void Session::reset() {
  trainer_.reset();
  optimizer_.reset();
  model_.reset();
  message_.clear();
  state_ = RunState::kReady;
  ++version_;
}

double Session::eta_seconds() const {
  if (!trainer_ || state_ != RunState::kTraining) return 0;
  const TrainProgress& p = trainer_->progress();
  if (p.samples_per_s <= 0 || p.batches == 0) return 0;
  // Training batches left times samples per batch, at the measured rate (validation not counted).
  const long long left = static_cast<long long>(p.epochs - p.epoch) * p.batches + (p.batches - p.batch);
  return left * static_cast<double>(model_->batch_capacity()) / p.samples_per_s;
}

int Session::code_size() const { return model_ ? static_cast<int>(model_->code_shape().numel()) : 0; }

template <class Fn>
bool Session::in_chunks(int n, Fn&& fn) {
  if (!model_ || model_->batch_capacity() == 0) return false;
  for (int i0 = 0; i0 < n; i0 += model_->batch_capacity()) fn(i0, std::min(model_->batch_capacity(), n - i0));
  return true;
}

bool Session::reconstruct(const float* x, int n, float* out, float* corrupted, uint64_t seed) {
  const size_t d = model_ ? model_->input_shape().numel() : 0;
  Rng rng(seed);
  return in_chunks(n, [&](int i0, int m) {
    Tensor& in = model_->input(m);
    std::memcpy(in.data(), x + i0 * d, sizeof(float) * m * d);
    if (model_->spec().corruption.active()) corrupt(model_->spec().corruption, in.data(), m * d, rng);
    if (corrupted) std::memcpy(corrupted + i0 * d, in.data(), sizeof(float) * m * d);
    RunContext ctx{model_->kernels(), model_->workspace(), nullptr, false};
    const Tensor& y = model_->forward(ctx);
    std::memcpy(out + i0 * d, y.data(), sizeof(float) * m * d);
  });
}

bool Session::encode(const float* x, int n, float* code) {
  const size_t d = model_ ? model_->input_shape().numel() : 0, c = static_cast<size_t>(code_size());
  return in_chunks(n, [&](int i0, int m) {
    std::memcpy(model_->input(m).data(), x + i0 * d, sizeof(float) * m * d);
    RunContext ctx{model_->kernels(), model_->workspace(), nullptr, false};
    std::memcpy(code + i0 * c, model_->encode(ctx).data(), sizeof(float) * m * c);
  });
}

bool Session::decode(const float* code, int n, float* out) {
  const size_t d = model_ ? model_->input_shape().numel() : 0, c = static_cast<size_t>(code_size());
  return in_chunks(n, [&](int i0, int m) {
    RunContext ctx{model_->kernels(), model_->workspace(), nullptr, false};
    std::memcpy(out + i0 * d, model_->decode(code + i0 * c, m, ctx).data(), sizeof(float) * m * d);
  });
}

}  // namespace bn::app
