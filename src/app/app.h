// App: the playground's state and its ImGui frame, shared by every platform main. It owns the
// data handed in by the platform (bytes of MNIST idx files), the model, optimiser and trainer,
// and trains in time slices inside frame() so the page never blocks.
// Data flows one way: data -> model -> trainer -> the panels that show them.
// Not here: windows, GL contexts, event pumps (platform mains), or anything about the browser.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "core/data/mnist.h"
#include "core/model/model.h"
#include "core/optim/optimizer.h"
#include "core/train/trainer.h"

namespace bn::app {

// Which idx file a platform hands over. Images of a split must come before its labels.
enum class IdxFile { kTrainImages = 0, kTrainLabels = 1, kTestImages = 2, kTestLabels = 3 };

// Screen rectangle of a widget, in the window's logical pixels (CSS pixels in the page).
struct WidgetRect {
  std::string name;
  float x, y, w, h;
};

struct TrainSettings {
  int model = 0;  // index into preset_names()
  int optimizer = 1;  // index into kOptimizerNames; adam
  float learning_rate = 1e-3f;
  int batch_size = 256;
  int epochs = 10;
  int seed = 0;
};

enum class RunState { kWaitingForData, kReady, kTraining, kPaused, kFinished, kFailed };

class App {
 public:
  // Parses one idx file; a bad file leaves a message in the page.
  Status load_idx(IdxFile which, const uint8_t* bytes, size_t size);
  void set_data_progress(float fraction, const std::string& what);
  bool data_ready() const { return train_labels_ && test_labels_; }

  // One frame: spends up to `train_budget_ms` training, then builds the ImGui windows.
  void frame(double train_budget_ms);

  // Keyboard and buttons share these.
  void start_or_pause();
  void reset();

  // A JSON object of the state, for the page's read-only window.bottleneck and aria-live text.
  std::string status_json() const;
  RunState state() const { return state_; }

 private:
  Status start_training();
  void select_model(int index);
  void train_slice(double budget_ms);
  void draw_train_panel();
  void remember_rect(const char* name);
  void record_loss(float loss);

  Mnist data_;
  bool train_labels_ = false, test_labels_ = false;
  float data_progress_ = 0;
  std::string data_what_ = "waiting for data";

  TrainSettings settings_;
  std::unique_ptr<Model> model_;
  std::unique_ptr<Optimizer> optimizer_;
  std::unique_ptr<Trainer> trainer_;
  RunState state_ = RunState::kWaitingForData;
  std::string message_;  // the last error or notice, shown in the page

  std::vector<float> batch_losses_;  // downsampled by 2 whenever it fills, so it spans all training
  int loss_stride_ = 1, loss_pending_ = 0;
  float loss_accum_ = 0;
  double fps_ = 0;
  std::vector<WidgetRect> rects_;
};

}  // namespace bn::app
