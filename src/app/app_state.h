// AppState: everything the panels show and edit, owned by the App and handed to each panel.
// Panels keep their own state in the structs here (never in statics), so the page and the
// desktop app can each hold one App, and tests can make several.
#pragma once
#include <string>
#include <vector>

#include "app/session.h"
#include "app/texture_api.h"
#include "app/widgets/tile_atlas.h"
#include "core/data/ink.h"
#include "core/data/mnist.h"
#include "core/model/model_spec.h"

namespace bn::app {

constexpr int kDigitSide = 28;
constexpr int kDigitPixels = kDigitSide * kDigitSide;

struct DataState {
  Mnist mnist;
  bool train_labels = false, test_labels = false;
  float progress = 0;
  std::string what = "waiting for data";
  bool ready() const { return train_labels && test_labels; }
  // Test image i as floats in [0, 1].
  void test_image(int i, float* out) const;
};

// The model being edited in the Model panel; Start trains a copy of it.
struct ModelDraft {
  int preset = 0;  // index into preset_names(); the draft may have been edited since
  ModelSpec spec;
  bool edited = false;
  bool checked = false;    // summary/error below are up to date with spec
  std::string summary;     // Keras-style table when the spec builds
  std::string error;       // why it does not, in plain words
  size_t params = 0;
};

struct DrawState {
  InkCanvas ink{112};
  float brush = 4.5f;  // radius in ink pixels (the canvas is 112 across)
  bool eraser = false;
  bool stroking = false;
  float last_x = 0, last_y = 0;
  bool ink_changed = true;
  long long seen_version = -1;   // model weights the outputs below were computed with
  bool has_digit = false;
  std::vector<float> input = std::vector<float>(kDigitPixels, 0.f);  // normalised 28 x 28
  std::vector<float> code, recon;
  double last_update_ms = 0;  // how long the last encode + decode took
  long long updates = 0;      // code recomputations, for tests: each stroke segment bumps it
  TileAtlas canvas_tex, digits_tex;  // the ink; input and reconstruction
  int pick = 0;  // next test digit "pick a test digit" puts on the canvas
};

struct ReconState {
  static constexpr int kCount = 8;
  TileAtlas atlas;  // kCount inputs, corrupted inputs, reconstructions
  long long seen_version = -1;
  double next_refresh = 0;
  int first = 0;  // first test image shown
};

struct CurvesState {
  bool log_y = true;
  bool by_epoch = false;
  bool parts = false;  // each loss part of the current run on its own
};

struct WidgetRect {
  std::string name;
  float x, y, w, h;
};

struct AppState {
  DataState data;
  ModelDraft draft;
  TrainSettings settings;
  Session session;
  DrawState draw;
  ReconState recon;
  CurvesState curves;
  TextureApi* textures = nullptr;
  std::vector<WidgetRect> rects;  // named widgets on screen this frame, for tests
  double fps = 0;
  double now = 0;  // seconds, this frame

  // Records the last ImGui item's rectangle under `name`.
  void remember_rect(const char* name);
  // Loads preset `index` into the draft and takes its optimiser and learning rate.
  void select_preset(int index);
  // Start (or resume) training the draft.
  void start_or_pause();
  void reset();
};

}  // namespace bn::app
