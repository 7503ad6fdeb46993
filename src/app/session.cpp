#include "app/session.h"

#include "core/model/model_file.h"

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

namespace {
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
  char name[160];
  std::snprintf(name, sizeof name, "#%d %s, %s %g, seed %d", run_counter_ + 1, spec.name.c_str(),
                optimizer_names()[s.optimizer], s.learning_rate, s.seed);
  return install(model.take(), opt.take(), {}, s, data, name);
}

Status Session::install(std::unique_ptr<Model> model, std::unique_ptr<Optimizer> optimizer,
                        const std::vector<EpochStats>& history, const TrainSettings& s, const Mnist& data,
                        const std::string& name) {
  // The view model: built from the same spec, its weights come with the first publish.
  Result<std::unique_ptr<Model>> view = Model::build(model->spec(), static_cast<uint64_t>(s.seed));
  if (!view) return view.status();
  BN_RETURN_IF_ERROR(view.value()->reserve_batch(kViewBatch));
  auto job = std::make_unique<Job>();
  job->model = std::move(model);
  job->optimizer = std::move(optimizer);
  TrainConfig tc;
  tc.epochs = s.epochs;
  tc.batch_size = s.batch_size;
  tc.seed = static_cast<uint64_t>(s.seed);
  job->trainer = std::make_unique<Trainer>(*job->model, *job->optimizer, data.train, &data.test, tc);
  Job* j = job.get();
  job->trainer->on_batch = [j](const TrainProgress& p) {
    j->record.add_batch(p.step, static_cast<float>(p.last_loss));
    j->trained = true;
  };
  job->trainer->on_epoch = [j](const EpochStats& e) { j->record.add_epoch(e); };
  BN_RETURN_IF_ERROR(job->trainer->start(history));
  ++run_counter_;
  job->record.name = name;
  job->record.batches_per_epoch = job->trainer->progress().batches;
  for (const EpochStats& e : history) job->record.add_epoch(e);
  job->trained = true;  // publish the initial weights too
  batch_size_ = s.batch_size;
  view_ = view.take();
  runs_.push_back(job->record);
  std::lock_guard<std::mutex> lock(mu_);
  job_ = std::move(job);  // the worker is idle: there was no job
  job_done_ = false;
  pub_ = Published();
  publish_locked(RunState::kPaused, "");
  return Status::ok();
}

std::vector<uint8_t> Session::save_file() {
  std::unique_lock<std::mutex> lock(mu_);
  if (!job_) return {};
  wait_idle(lock);  // the worker is between slices and cannot start one while we hold the lock
  return encode_model_file(*job_->model, job_->optimizer.get(), job_->trainer->history());
}

Status Session::load_file(const uint8_t* bytes, size_t size, const std::string& what, const TrainSettings& settings,
                          const Mnist& data) {
  Result<SavedModel> saved = decode_model_file(bytes, size, what);
  if (!saved) return saved.status();
  SavedModel& m = saved.value();
  if (!m.optimizer) {
    Result<std::unique_ptr<Optimizer>> opt = make_optimizer(m.model->spec().optimizer);
    if (!opt) return opt.status();
    m.optimizer = opt.take();
  }
  reset();
  const std::string name = "#" + std::to_string(run_counter_ + 1) + " " + m.model->spec().name + ", loaded from " + what;
  return begin(install(std::move(m.model), std::move(m.optimizer), m.history, settings, data, name), RunState::kPaused);
}

Status Session::start(const ModelSpec& spec, const TrainSettings& settings, const Mnist& data) {
  reset();
  return begin(build(spec, settings, data), RunState::kTraining);
}

Status Session::begin(Status built, RunState wanted) {
  if (!built) {
    view_.reset();
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
  pub_.record = j.record;
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
  const bool visible = runs_.back().visible;
  runs_.back() = pub_.record;
  runs_.back().visible = visible;
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

void Session::step_once(const ModelSpec& spec, const TrainSettings& settings, const Mnist& data) {
  if (!job_ || state_ == RunState::kFinished || state_ == RunState::kFailed) {
    reset();
    if (!begin(build(spec, settings, data), RunState::kPaused)) return;
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    wanted_ = RunState::kPaused;
    if (threaded_) ++steps_wanted_;
  }
  if (threaded_) cv_.notify_all();
  else train_slice(0, true);
  sync();
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

void Session::reset() {
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
  seen_version_ = seen_weights_ = -1;
  ++weights_version_;
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
