// Session: one live model at a time, and every run of the session kept as a record (curves,
// settings, and the model itself once it is put away), so runs compare in one plot and any kept
// run can be reopened. It builds the model, optimiser and trainer from a spec and the Train
// panel's settings and trains them on a worker thread (threaded) or in time slices of the UI's
// frames (not threaded: a page that is not cross-origin isolated has no threads).
//
// Nothing is dropped without a way back: starting a new run, reset, loading a file or reopening
// another run first puts the live model away in its record (a model file in memory), and
// reopen() brings it back with its curves and step count. Training on a finished model
// continues the same run.
//
// The UI never touches the training model. The training side publishes, under one mutex, a copy
// of its weights, progress, history and batch losses after each slice of work; sync() (called
// every frame) takes them over into the UI's own copies and into a second model built from the
// same spec, the view model, which answers the panels' questions (reconstruct, encode, decode).
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

// What a run trained, named by the caller (the session knows neither presets nor datasets).
struct RunInfo {
  std::string model;    // the preset and its edits: "shallow (code 2 units)"
  int dataset = 0;      // the app's dataset index
  std::string data;     // "MNIST"
};

// One run: what it trained, its curves, and its model once put away.
struct RunRecord {
  int id = 0;  // shown as #id; unique within the session
  RunInfo info;
  std::string loss;       // the loss kind, "bce": losses of different kinds do not share an axis
  std::string optimizer;  // of the latest training
  float learning_rate = 0;
  // What it trained with, changes on training on included: "adam 0.001, then sgd 0.1 from epoch 4".
  std::string trained_with;
  int batch_size = 0, seed = 0;
  size_t params = 0;
  bool visible = true;
  int batches_per_epoch = 0;
  std::vector<EpochStats> history;
  LossCurve curve;
  // The model file (weights, optimiser state, history and curve) from when it was put away;
  // empty while it is the live model, or when it was never trained.
  std::vector<uint8_t> saved;
  bool dropped = false;  // its model was let go to bound memory (kKeptModels)

  // "#3 shallow (code 2 units) · MNIST · adam 0.001 · seed 0", and the same without the "#3 ".
  std::string label() const;
  std::string description() const;
  double samples_per_s() const;  // of the last epoch; 0 before one
};
extern const char* const kLossPartNames[5];

// What the UI knows of the live model's run.
struct RunView {
  TrainProgress progress;
  std::vector<EpochStats> history;
};

class Session {
 public:
  // Put-away models kept in memory; older ones are let go (their curves stay).
  static constexpr int kKeptModels = 24;

  explicit Session(bool threaded);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Puts the live model away, builds a fresh one from `spec` and starts a new run.
  Status start(const ModelSpec& spec, const TrainSettings& settings, const Mnist& data, const RunInfo& info);
  // Trains the live model `settings.epochs` more epochs in the same run (its curves and step count
  // go on), with the settings' batch size and learning rate; another optimiser kind starts a fresh
  // optimiser state (choose_optimizer's rule). The model keeps its weights and optimiser when this
  // fails.
  Status train_on(const TrainSettings& settings, const Mnist& data);
  // Once per frame: trains for up to `ms` when not threaded, then takes over what the training
  // side published.
  void run_for(double ms);
  // One training batch (starting a run first when there is none), then paused.
  Status step_once(const ModelSpec& spec, const TrainSettings& settings, const Mnist& data, const RunInfo& info);
  void pause();
  void resume();
  // Stops training and puts the live model away in its run's record; returns that run's index,
  // or -1 when there was nothing worth keeping (no model, or one that never trained).
  int put_away();
  void reset() { put_away(); }
  // Makes run `index`'s kept model the live one again (paused), putting the live one away.
  Status reopen(int index, const TrainSettings& settings, const Mnist& data);
  // Forgets a run that is not the live one.
  void delete_run(int index);
  // Runs kept from an earlier visit (their models arrive with attach_model); only into a session
  // that has none yet. False when there were runs already.
  bool restore_runs(std::vector<RunRecord> runs, int next_id);
  // Gives run `id` its kept model back (a model file); false for an unknown or live run.
  bool attach_model(int id, std::vector<uint8_t> model_file);
  // The index of run `id`, or -1.
  int index_of(int id) const;
  int next_id() const { return next_id_; }
  // The live model as a model file (weights, optimiser state, history, curve); empty without one,
  // or when it holds values a model file refuses (a diverged model).
  std::vector<uint8_t> save_file();
  // What the browser keeps in case the tab closes: while a run trains, the model as it was at
  // the end of its latest epoch (empty before the first ends), so a reopened page continues from
  // a whole epoch; else save_file().
  std::vector<uint8_t> keep_file();
  // Makes a model file the live model, as a new run, paused and ready to train on from its
  // history. A bad file changes nothing and says why.
  Status load_file(const uint8_t* bytes, size_t size, const std::string& what, const TrainSettings& settings,
                   const Mnist& data, const RunInfo& info);

  bool threaded() const { return threaded_; }
  // The fraction of time the worker trains (it rests in between). Below 1 on machines with few
  // cores, where a worker that never rests starves the page's rendering.
  void set_worker_share(double share) { worker_share_ = share; }
  RunState state() const { return state_; }
  const std::string& message() const { return message_; }
  // Forgets the last failure's message (its cause was changed: a new learning rate, an edit).
  void clear_message();
  bool has_model() const { return view_ != nullptr; }
  // The view model: the latest published weights of the run.
  Model* model() { return view_.get(); }
  const Model* model() const { return view_.get(); }
  const RunView* run() const { return view_ ? &run_view_ : nullptr; }
  double eta_seconds() const;
  std::vector<RunRecord>& runs() { return runs_; }
  const std::vector<RunRecord>& runs() const { return runs_; }
  // The index of the live model's run, or -1.
  int current() const { return current_; }
  // Bumped whenever the view model's weights change, so views know when to recompute.
  long long weights_version() const { return weights_version_; }
  // Bumped whenever the live model is replaced (start, reopen, load, reset).
  long long model_serial() const { return model_serial_; }

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
    bool trained = false;  // weights changed since the last publish
    // The model as a model file (weights, optimiser state, history, curve); empty when it holds
    // values a model file refuses (a diverged model). Only where the worker is not training it.
    std::vector<uint8_t> encode() const;
    // The model file as it was at the end of the latest epoch of this run (empty before the
    // first), written by the training side; guarded by file_mu.
    std::mutex file_mu;
    std::vector<uint8_t> epoch_file;
  };
  // What the training side last published; guarded by mu_.
  struct Published {
    long long version = 0, weights_version = 0;
    RunState state = RunState::kReady;
    std::string message;
    TrainProgress progress;
    std::vector<EpochStats> history;
    LossCurve curve;
    std::vector<float> weights;
  };

  // The optimiser the settings pick for a model described by `spec`, going on from `current`
  // (may be null) by the core's rule, choose_optimizer.
  Result<ChosenOptimizer> optimizer_for(const Optimizer* current, const ModelSpec& spec, const TrainSettings& s) const;
  std::unique_ptr<Trainer> make_trainer(Job& job, const TrainSettings& s, const Mnist& data) const;
  Status build(const ModelSpec& spec, const TrainSettings& settings, const Mnist& data, const RunInfo& info);
  // After build or install: on failure the session says why; else the worker is told `wanted`.
  // A model installed from a file or a kept run: at rest, as a finished run (or the failure).
  Status at_rest(Status installed);
  Status begin(Status built, RunState wanted);
  // Makes a model the live one: run `record` goes on, or a new record is made when it is -1.
  Status install(std::unique_ptr<Model> model, std::unique_ptr<Optimizer> optimizer,
                 const std::vector<EpochStats>& history, const LossCurve& curve, const TrainSettings& settings,
                 const Mnist& data, int record, const RunInfo& info);
  // Stops the worker and drops the live model (the caller has kept what it needs).
  void drop_live();
  void bound_kept_models();
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
  int current_ = -1;
  RunState state_ = RunState::kReady;
  std::string message_;
  long long seen_version_ = -1, seen_weights_ = -1, weights_version_ = 0, model_serial_ = 0;
  int next_id_ = 1;
  int batch_size_ = 0;
};

}  // namespace bn::app
