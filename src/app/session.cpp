#include "app/session.h"

#include "app/text.h"
#include "core/model/model_file.h"
#include "core/losses/loss.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>

namespace bn::app {

const char* const kLossPartNames[5] = {"reconstruction", "activity", "kl", "contractive", "weight decay"};


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

std::string RunRecord::description() const {
  // Optimiser changes on training on stay in the label, so a run is not read as trained at its
  // last learning rate throughout.
  return info.model + " \xc2\xb7 " + info.data + " \xc2\xb7 " +
         (trained_with.empty() ? optimizer + " " + num_text(learning_rate) : trained_with) + " \xc2\xb7 seed " +
         std::to_string(seed);
}

std::string RunRecord::label() const { return "#" + std::to_string(id) + " " + description(); }

double RunRecord::samples_per_s() const { return history.empty() ? 0 : history.back().samples_per_s; }

namespace {
// A model file with an optimiser to train it on: its own, else a fresh one of its spec's kind.
Result<SavedModel> decode_trainable(const uint8_t* bytes, size_t size, const std::string& what) {
  Result<SavedModel> saved = decode_model_file(bytes, size, what);
  if (!saved) return saved.status();
  SavedModel& m = saved.value();
  if (!m.optimizer) {
    Result<std::unique_ptr<Optimizer>> opt = make_optimizer(m.model->spec().optimizer);
    if (!opt) return opt.status();
    m.optimizer = opt.take();
  }
  return saved;
}

// A worker slice: long enough that publishing (a copy of the weights) is a small share of it,
// short enough that pause and reset answer within a frame or two.
constexpr double kWorkerSliceMs = 25;
constexpr int kViewBatch = 64;  // the view model's batch capacity (inference chunks)
}  // namespace

Session::Session(bool threaded) : threaded_(threaded) {
  if (threaded_) worker_ = std::thread([this] { worker_main(); });
}

Session::~Session() {
  if (!worker_.joinable()) return;
  {
    std::lock_guard<std::mutex> lock(mu_);
    quit_ = true;
  }
  cv_.notify_all();
  worker_.join();
}

void Session::worker_main() {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    cv_.wait(lock, [&] {
      return quit_ || (job_ && !job_done_ && (wanted_ == RunState::kTraining || steps_wanted_ > 0));
    });
    if (quit_) return;
    const bool one_step = wanted_ != RunState::kTraining;
    if (one_step) --steps_wanted_;
    busy_ = true;
    lock.unlock();
    const double t0 = now_seconds();
    train_slice(kWorkerSliceMs, one_step);
    const double worked = now_seconds() - t0, share = worker_share_.load();
    lock.lock();
    busy_ = false;
    cv_.notify_all();
    // Rest so that training takes `share` of this thread's time; a reset or quit wakes it early.
    if (share < 1.0 && !one_step)
      cv_.wait_for(lock, std::chrono::duration<double>(worked * (1.0 / share - 1.0)), [&] { return quit_ || !job_ || wanted_ != RunState::kTraining; });
  }
}

void Session::wait_idle(std::unique_lock<std::mutex>& lock) {
  cv_.wait(lock, [&] { return !busy_; });
}

Result<ChosenOptimizer> Session::optimizer_for(const Optimizer* current, const ModelSpec& spec,
                                               const TrainSettings& s) const {
  Result<OptimizerKind> kind = parse_optimizer(optimizer_names()[s.optimizer]);
  if (!kind) return kind.status();
  return choose_optimizer(current, spec.optimizer, {kind.value(), s.learning_rate});
}

std::unique_ptr<Trainer> Session::make_trainer(Job& job, const TrainSettings& s, const Mnist& data) const {
  TrainConfig tc;
  tc.epochs = s.epochs;
  tc.batch_size = s.batch_size;
  tc.seed = static_cast<uint64_t>(s.seed);
  auto trainer = std::make_unique<Trainer>(*job.model, *job.optimizer, data.train, &data.test, tc);
  Job* j = &job;
  trainer->on_batch = [j](const TrainProgress&) { j->trained = true; };
  // On the training side, once per epoch: a few milliseconds beside an epoch's seconds.
  trainer->on_epoch = [j](const EpochStats&) {
    std::vector<uint8_t> bytes = j->encode();
    std::lock_guard<std::mutex> lock(j->file_mu);
    j->epoch_file = std::move(bytes);
  };
  return trainer;
}

Status Session::build(const ModelSpec& spec, const TrainSettings& s, const Mnist& data, const RunInfo& info) {
  Result<ChosenOptimizer> opt = optimizer_for(nullptr, spec, s);
  if (!opt) return opt.status();
  Result<std::unique_ptr<Model>> model = Model::build(spec, static_cast<uint64_t>(s.seed));
  if (!model) return model.status();
  return install(model.take(), std::move(opt.value().optimizer), {}, LossCurve(), s, data, -1, info);
}

Status Session::install(std::unique_ptr<Model> model, std::unique_ptr<Optimizer> optimizer,
                        const std::vector<EpochStats>& history, const LossCurve& curve, const TrainSettings& s,
                        const Mnist& data, int record, const RunInfo& info) {
  // The view model: built from the same spec, its weights come with the first publish.
  Result<std::unique_ptr<Model>> view = Model::build(model->spec(), static_cast<uint64_t>(s.seed));
  if (!view) return view.status();
  BN_RETURN_IF_ERROR(view.value()->reserve_batch(kViewBatch));
  auto job = std::make_unique<Job>();
  job->model = std::move(model);
  job->optimizer = std::move(optimizer);
  job->trainer = make_trainer(*job, s, data);
  BN_RETURN_IF_ERROR(job->trainer->start(history, curve));
  if (record < 0) {
    RunRecord r;
    r.id = next_id_++;
    r.info = info;
    r.loss = loss_name(job->model->spec().loss);
    r.seed = s.seed;
    runs_.push_back(std::move(r));
    record = static_cast<int>(runs_.size()) - 1;
  }
  RunRecord& r = runs_[record];
  r.optimizer = job->optimizer->name();
  r.learning_rate = job->optimizer->learning_rate();
  if (r.trained_with.empty()) r.trained_with = r.optimizer + " " + num_text(r.learning_rate);
  r.batch_size = s.batch_size;
  r.params = job->model->param_count();
  r.batches_per_epoch = job->trainer->progress().batches;
  r.history = history;
  r.curve = curve;
  r.saved.clear();
  r.dropped = false;
  current_ = record;
  job->trained = true;  // publish the initial weights too
  batch_size_ = s.batch_size;
  view_ = view.take();
  ++model_serial_;
  std::lock_guard<std::mutex> lock(mu_);
  job_ = std::move(job);  // the worker is idle: there was no job
  job_done_ = false;
  pub_ = Published();
  publish_locked(RunState::kPaused, "");
  return Status::ok();
}

Status Session::at_rest(Status installed) {
  if (!installed) return begin(installed, RunState::kPaused);
  {
    // As a run that has finished: Train on trains it further with the settings shown then (the
    // Model and Train panels stay editable; "paused", they were locked with no reason given).
    std::lock_guard<std::mutex> lock(mu_);
    publish_locked(RunState::kFinished, "");
    const int done = static_cast<int>(pub_.history.size());
    pub_.progress.epoch = pub_.progress.epochs = done;
    pub_.progress.batch = done > 0 ? pub_.progress.batches : 0;
  }
  return begin(installed, RunState::kPaused);
}

std::vector<uint8_t> Session::save_file() {
  std::unique_lock<std::mutex> lock(mu_);
  if (!job_) return {};
  wait_idle(lock);  // the worker is between slices and cannot start one while we hold the lock
  return job_->encode();
}

std::vector<uint8_t> Session::Job::encode() const {
  Result<std::vector<uint8_t>> bytes = encode_model_file(*model, optimizer.get(), trainer->history(), &trainer->curve());
  return bytes ? bytes.take() : std::vector<uint8_t>();  // a diverged model is never saved
}

std::vector<uint8_t> Session::keep_file() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!job_) return {};
    if (wanted_ == RunState::kTraining && !job_done_) {
      std::lock_guard<std::mutex> file_lock(job_->file_mu);
      return job_->epoch_file;
    }
  }
  return save_file();
}

Status Session::load_file(const uint8_t* bytes, size_t size, const std::string& what, const TrainSettings& settings,
                          const Mnist& data, const RunInfo& info) {
  Result<SavedModel> saved = decode_trainable(bytes, size, what);
  if (!saved) return saved.status();
  SavedModel& m = saved.value();
  put_away();
  return at_rest(install(std::move(m.model), std::move(m.optimizer), m.history, m.curve, settings, data, -1, info));
}

Status Session::start(const ModelSpec& spec, const TrainSettings& settings, const Mnist& data, const RunInfo& info) {
  put_away();
  return begin(build(spec, settings, data, info), RunState::kTraining);
}

Status Session::train_on(const TrainSettings& s, const Mnist& data) {
  if (!job_ || current_ < 0) return Status::error("there is no model to train on; press Start to train a new one");
  std::unique_lock<std::mutex> lock(mu_);
  wanted_ = RunState::kPaused;
  steps_wanted_ = 0;
  wait_idle(lock);
  Job& j = *job_;
  Result<ChosenOptimizer> chosen = optimizer_for(j.optimizer.get(), j.model->spec(), s);
  if (!chosen) return chosen.status();
  std::unique_ptr<Optimizer> previous = std::move(j.optimizer);
  j.optimizer = std::move(chosen.value().optimizer);
  std::unique_ptr<Trainer> trainer = make_trainer(j, s, data);
  Status st = trainer->start(j.trainer->history(), j.trainer->curve());
  if (!st) {
    j.optimizer = std::move(previous);
    return st;
  }
  j.trainer = std::move(trainer);
  RunRecord& r = runs_[current_];
  if (r.optimizer != j.optimizer->name() || r.learning_rate != s.learning_rate) {
    r.trained_with += std::string(", then ") + j.optimizer->name() + " " + num_text(s.learning_rate) + " from epoch " +
                      std::to_string(j.trainer->history().size() + 1);
  }
  r.optimizer = j.optimizer->name();
  r.learning_rate = s.learning_rate;
  r.batch_size = s.batch_size;
  r.batches_per_epoch = j.trainer->progress().batches;
  batch_size_ = s.batch_size;
  job_done_ = false;
  publish_locked(RunState::kPaused, "");
  pub_.message.clear();
  wanted_ = RunState::kTraining;
  lock.unlock();
  cv_.notify_all();
  sync();
  return Status::ok();
}

Status Session::begin(Status built, RunState wanted) {
  if (!built) {
    view_.reset();
    current_ = -1;
    message_ = built.message();
    state_ = RunState::kFailed;
    return built;
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    wanted_ = wanted;
  }
  cv_.notify_all();
  sync();
  return built;
}

void Session::train_slice(double ms, bool one_step) {
  Job& j = *job_;
  Status s;
  if (one_step) {
    // Through any validation in progress to the next training batch.
    const long long before = j.trainer->progress().step;
    while (s && !j.trainer->finished() && j.trainer->progress().step == before) s = j.trainer->step();
  } else {
    s = j.trainer->run_for(ms);
  }
  const RunState st = !s ? RunState::kFailed
                         : j.trainer->finished() ? RunState::kFinished
                                                 : one_step ? RunState::kPaused : RunState::kTraining;
  // A failed run put the last good weights back: the views must show those, not the diverged
  // ones published a few batches earlier (the failing batch itself reports no progress).
  if (!s) j.trained = true;
  std::lock_guard<std::mutex> lock(mu_);
  publish_locked(st, s ? "" : s.message());
}

void Session::publish_locked(RunState state, const std::string& message) {
  Job& j = *job_;
  ++pub_.version;
  pub_.state = state;
  if (!message.empty()) pub_.message = message;
  pub_.progress = j.trainer->progress();
  pub_.history = j.trainer->history();
  pub_.curve = j.trainer->curve();
  if (j.trained) {
    size_t n = 0;
    for (const Param& p : j.model->params()) n += p.value->size();
    pub_.weights.resize(n);
    float* w = pub_.weights.data();
    for (const Param& p : j.model->params()) w = std::copy(p.value->data(), p.value->data() + p.value->size(), w);
    ++pub_.weights_version;
    j.trained = false;
  }
  if (state == RunState::kFinished || state == RunState::kFailed) job_done_ = true;
}

void Session::sync() {
  std::lock_guard<std::mutex> lock(mu_);
  if (!view_ || !job_) return;
  if (pub_.state == RunState::kFinished || pub_.state == RunState::kFailed) state_ = pub_.state;
  else state_ = wanted_ == RunState::kTraining ? RunState::kTraining : RunState::kPaused;
  if (pub_.version == seen_version_) return;
  seen_version_ = pub_.version;
  run_view_.progress = pub_.progress;
  run_view_.history = pub_.history;
  message_ = pub_.message;
  if (current_ >= 0) {
    runs_[current_].history = pub_.history;
    runs_[current_].curve = pub_.curve;
  }
  if (pub_.weights_version != seen_weights_) {
    const float* w = pub_.weights.data();
    for (const Param& p : view_->params()) {
      std::copy(w, w + p.value->size(), p.value->data());
      w += p.value->size();
    }
    seen_weights_ = pub_.weights_version;
    ++weights_version_;
  }
}

void Session::run_for(double ms) {
  if (!threaded_ && job_ && !job_done_ && wanted_ == RunState::kTraining) train_slice(ms, false);
  sync();
}

Status Session::step_once(const ModelSpec& spec, const TrainSettings& settings, const Mnist& data, const RunInfo& info) {
  if (!job_ || current_ < 0) {
    put_away();
    BN_RETURN_IF_ERROR(begin(build(spec, settings, data, info), RunState::kPaused));
  } else if (state_ == RunState::kFinished || state_ == RunState::kFailed) {
    // A diverged run is back at its last good state (the trainer restored it): train on from there.
    // One more batch of the finished model: train on, then hold at the first step.
    BN_RETURN_IF_ERROR(train_on(settings, data));
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    wanted_ = RunState::kPaused;
    if (threaded_) ++steps_wanted_;
  }
  if (threaded_) cv_.notify_all();
  else train_slice(0, true);
  sync();
  return Status::ok();
}

void Session::clear_message() {
  std::lock_guard<std::mutex> lock(mu_);
  pub_.message.clear();
  message_.clear();
}

void Session::pause() {
  std::lock_guard<std::mutex> lock(mu_);
  if (wanted_ == RunState::kTraining) wanted_ = RunState::kPaused;
  if (state_ == RunState::kTraining) state_ = RunState::kPaused;
}

void Session::resume() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!job_ || job_done_) return;
    wanted_ = RunState::kTraining;
    state_ = RunState::kTraining;
  }
  cv_.notify_all();
}

int Session::put_away() {
  int kept = -1;
  if (job_ && current_ >= 0) {
    {
      std::unique_lock<std::mutex> lock(mu_);
      wanted_ = RunState::kReady;
      steps_wanted_ = 0;
      wait_idle(lock);
    }
    sync();  // the record gets the last published history and curve
    Job& j = *job_;
    // A run that diverged is back at its last good weights (the trainer restored them): kept too.
    const bool worth = j.trainer->progress().step > 0;
    if (worth) {
      // encode_model_file refuses non-finite weights: such a model is not kept either.
      std::vector<uint8_t> bytes = j.encode();
      if (!bytes.empty()) {
        runs_[current_].saved = std::move(bytes);
        kept = current_;
      }
    }
  }
  drop_live();
  bound_kept_models();
  return kept;
}

void Session::drop_live() {
  {
    std::unique_lock<std::mutex> lock(mu_);
    wanted_ = RunState::kReady;
    steps_wanted_ = 0;
    wait_idle(lock);
    job_.reset();
    job_done_ = false;
    pub_ = Published();
  }
  view_.reset();
  run_view_ = RunView();
  message_.clear();
  state_ = RunState::kReady;
  current_ = -1;
  seen_version_ = seen_weights_ = -1;
  ++weights_version_;
  ++model_serial_;
}

void Session::bound_kept_models() {
  int kept = 0;
  for (int i = static_cast<int>(runs_.size()) - 1; i >= 0; --i) {
    if (runs_[i].saved.empty()) continue;
    if (++kept <= kKeptModels) continue;
    runs_[i].saved = std::vector<uint8_t>();
    runs_[i].dropped = true;
  }
}

Status Session::reopen(int index, const TrainSettings& settings, const Mnist& data) {
  if (index < 0 || index >= static_cast<int>(runs_.size())) return Status::error("there is no such run");
  if (index == current_) return Status::ok();
  RunRecord& r = runs_[index];
  if (r.saved.empty())
    return Status::error("run #" + std::to_string(r.id) + "'s model was " +
                         (r.dropped ? "let go to save memory (only the newest " + std::to_string(kKeptModels) + " are kept)"
                                    : std::string("never trained")) + "; its curves stay for comparison");
  const std::vector<uint8_t> bytes = r.saved;
  Result<SavedModel> saved = decode_trainable(bytes.data(), bytes.size(), "run #" + std::to_string(r.id));
  if (!saved) return saved.status();
  SavedModel& m = saved.value();
  TrainSettings s = settings;
  s.batch_size = r.batch_size > 0 ? r.batch_size : s.batch_size;
  s.seed = r.seed;
  put_away();
  Status st = install(std::move(m.model), std::move(m.optimizer), m.history, m.curve, s, data, index, r.info);
  if (!st) runs_[index].saved = bytes;  // still there to try again
  return at_rest(st);
}

bool Session::restore_runs(std::vector<RunRecord> runs, int next_id) {
  if (!runs_.empty() || job_) return false;
  runs_ = std::move(runs);
  next_id_ = next_id;
  for (const RunRecord& r : runs_) next_id_ = std::max(next_id_, r.id + 1);
  return true;
}

bool Session::attach_model(int id, std::vector<uint8_t> model_file) {
  const int i = index_of(id);
  if (i < 0 || i == current_) return false;
  runs_[i].saved = std::move(model_file);
  runs_[i].dropped = false;
  bound_kept_models();
  return true;
}

int Session::index_of(int id) const {
  for (int i = 0; i < static_cast<int>(runs_.size()); ++i)
    if (runs_[i].id == id) return i;
  return -1;
}

void Session::delete_run(int index) {
  if (index < 0 || index >= static_cast<int>(runs_.size()) || index == current_) return;
  runs_.erase(runs_.begin() + index);
  if (current_ > index) --current_;
}

double Session::eta_seconds() const {
  if (!view_ || state_ != RunState::kTraining) return 0;
  const TrainProgress& p = run_view_.progress;
  if (p.samples_per_s <= 0 || p.batches == 0) return 0;
  // Training batches left times samples per batch, at the measured rate (validation not counted).
  const long long left = static_cast<long long>(p.epochs - p.epoch) * p.batches + (p.batches - p.batch);
  return left * static_cast<double>(batch_size_) / p.samples_per_s;
}

int Session::code_size() const { return view_ ? static_cast<int>(view_->code_shape().numel()) : 0; }

template <class Fn>
bool Session::in_chunks(int n, Fn&& fn) {
  if (!view_) return false;
  for (int i0 = 0; i0 < n; i0 += view_->batch_capacity()) fn(i0, std::min(view_->batch_capacity(), n - i0));
  return true;
}

bool Session::reconstruct(const float* x, int n, float* out, float* corrupted, uint64_t seed) {
  const size_t d = view_ ? view_->input_shape().numel() : 0;
  Rng rng(seed);
  return in_chunks(n, [&](int i0, int m) {
    Tensor& in = view_->input(m);
    std::memcpy(in.data(), x + i0 * d, sizeof(float) * m * d);
    if (view_->spec().corruption.active()) corrupt(view_->spec().corruption, in.data(), m * d, rng);
    if (corrupted) std::memcpy(corrupted + i0 * d, in.data(), sizeof(float) * m * d);
    RunContext ctx{view_->kernels(), view_->workspace(), nullptr, false};
    const Tensor& y = view_->forward(ctx);
    std::memcpy(out + i0 * d, y.data(), sizeof(float) * m * d);
  });
}

bool Session::encode(const float* x, int n, float* code) {
  const size_t d = view_ ? view_->input_shape().numel() : 0, c = static_cast<size_t>(code_size());
  return in_chunks(n, [&](int i0, int m) {
    std::memcpy(view_->input(m).data(), x + i0 * d, sizeof(float) * m * d);
    RunContext ctx{view_->kernels(), view_->workspace(), nullptr, false};
    std::memcpy(code + i0 * c, view_->encode(ctx).data(), sizeof(float) * m * c);
  });
}

bool Session::decode(const float* code, int n, float* out) {
  const size_t d = view_ ? view_->input_shape().numel() : 0, c = static_cast<size_t>(code_size());
  return in_chunks(n, [&](int i0, int m) {
    RunContext ctx{view_->kernels(), view_->workspace(), nullptr, false};
    std::memcpy(out + i0 * d, view_->decode(code + i0 * c, m, ctx).data(), sizeof(float) * m * d);
  });
}

}  // namespace bn::app
