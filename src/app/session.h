// Session: one training run at a time, and every run of the session kept as curves (so runs can
// be compared in one plot). It builds the model, optimiser and trainer from a spec and the Train
// panel's settings and trains them on a worker thread (threaded) or in time slices of the UI's
// frames (not threaded: a page that is not cross-origin isolated has no threads).
//
// The UI never touches the training model. The training side publishes, under one mutex, a copy
// of its weights, progress, history and curves after each slice of work; sync() (called every
// frame) takes them over into the UI's own copies and into a second model built from the same
// spec, the view model, which answers the panels' questions (reconstruct, encode, decode).
// Both modes run the same code; they differ only in which thread calls train_slice().
// Not here: ImGui, layout, or where the data comes from.
#pragma once
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "app/train_settings.h"
#include "core/data/mnist.h"
#include "core/model/model.h"
#include "core/optim/optimizer.h"
#include "core/train/trainer.h"

namespace bn::app {


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

// What the UI knows of the current run.
struct RunView {
  TrainProgress progress;
  std::vector<EpochStats> history;
};

class Session {
 public:
  explicit Session(bool threaded);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Builds a fresh model from `spec` and starts a new run; the previous runs' curves stay.
  Status start(const ModelSpec& spec, const TrainSettings& settings, const Mnist& data);
  // Once per frame: trains for up to `ms` when not threaded, then takes over what the training
  // side published.
  void run_for(double ms);
  // One training batch (starting a run first when there is none), then paused.
  void step_once(const ModelSpec& spec, const TrainSettings& settings, const Mnist& data);
  void pause();
  void resume();
  // Stops and drops the model; the runs' curves stay for comparison.
  void reset();
  // The current model as a model file (weights, optimiser state, history); empty without one.
  std::vector<uint8_t> save_file();
  // Replaces the model with one from a model file, paused, ready to train on from its history.
  // A bad file changes nothing and says why.
  Status load_file(const uint8_t* bytes, size_t size, const std::string& what, const TrainSettings& settings,
                   const Mnist& data);

  bool threaded() const { return threaded_; }
  // The fraction of time the worker trains (it rests in between). Below 1 on machines with few
  // cores, where a worker that never rests starves the page's rendering.
  void set_worker_share(double share) { worker_share_ = share; }
  RunState state() const { return state_; }
  const std::string& message() const { return message_; }
  bool has_model() const { return view_ != nullptr; }
  // The view model: the latest published weights of the run.
  Model* model() { return view_.get(); }
  const RunView* run() const { return view_ ? &run_view_ : nullptr; }
  double eta_seconds() const;
  std::vector<RunRecord>& runs() { return runs_; }
  const std::vector<RunRecord>& runs() const { return runs_; }
  // Bumped whenever the view model's weights change, so views know when to recompute.
  long long weights_version() const { return weights_version_; }

  // Inference with the view model (no dropout or noise). x: n x 784 in [0, 1].
  // out: n x 784 reconstructions; corrupted (may be null): n x 784 inputs as the model's
  // corruption sees them (for a denoiser), drawn with `seed`.
  bool reconstruct(const float* x, int n, float* out, float* corrupted, uint64_t seed);
  // code: n x code_size.
  bool encode(const float* x, int n, float* code);
  bool decode(const float* code, int n, float* out);
  int code_size() const;

 private:
  // The training side: touched by whoever calls train_slice, and by the UI only while the
  // worker is idle (start, reset).
  struct Job {
    std::unique_ptr<Model> model;
    std::unique_ptr<Optimizer> optimizer;
    std::unique_ptr<Trainer> trainer;
    RunRecord record;
    bool trained = false;  // weights changed since the last publish
  };
  // What the training side last published; guarded by mu_.
  struct Published {
    long long version = 0, weights_version = 0;
    RunState state = RunState::kReady;
    std::string message;
    TrainProgress progress;
    std::vector<EpochStats> history;
    RunRecord record;
    std::vector<float> weights;
  };

  Status build(const ModelSpec& spec, const TrainSettings& settings, const Mnist& data);
  // After build or install: on failure the session says why; else the worker is told `wanted`.
  Status begin(Status built, RunState wanted);
  Status install(std::unique_ptr<Model> model, std::unique_ptr<Optimizer> optimizer,
                 const std::vector<EpochStats>& history, const TrainSettings& settings, const Mnist& data,
                 const std::string& name);
  // Trains for about `ms` (or one batch when `one_step`), then publishes. Caller holds no lock.
  void train_slice(double ms, bool one_step);
  void publish_locked(RunState state, const std::string& message);
  void sync();
  void worker_main();
  // Waits (UI side) until the worker is between slices; holds `lock` afterwards.
  void wait_idle(std::unique_lock<std::mutex>& lock);
  template <class Fn>
  bool in_chunks(int n, Fn&& fn);

  const bool threaded_;
  std::atomic<double> worker_share_{1.0};
  std::unique_ptr<Job> job_;

  std::mutex mu_;
  std::condition_variable cv_;
  Published pub_;
  RunState wanted_ = RunState::kReady;  // what the UI asked for: kTraining, kPaused or kReady
  int steps_wanted_ = 0;
  bool busy_ = false, quit_ = false;
  bool job_done_ = false;  // the run finished or failed: nothing left to train
  std::thread worker_;

  // UI side.
  std::unique_ptr<Model> view_;
  RunView run_view_;
  std::vector<RunRecord> runs_;
  RunState state_ = RunState::kReady;
  std::string message_;
  long long seen_version_ = -1, seen_weights_ = -1, weights_version_ = 0;
  int run_counter_ = 0;
  int batch_size_ = 0;
};

}  // namespace bn::app
