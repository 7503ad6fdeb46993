// AppState: everything the panels show and edit, owned by the App and handed to each panel.
// Panels keep their own state in the structs here (never in statics), so the page and the
// desktop app can each hold one App, and tests can make several.
#pragma once
#include <array>
#include <map>
#include <string>
#include <vector>

#include "app/code_stats.h"
#include "app/session.h"
#include "app/texture_api.h"
#include "app/widgets/number_field.h"
#include "app/widgets/tile_atlas.h"
#include "core/data/ink.h"
#include "core/data/mnist.h"
#include "core/model/model_spec.h"

namespace bn::app {

constexpr int kDigitSide = 28;
constexpr int kDigitPixels = kDigitSide * kDigitSide;

// The datasets the page offers, in the order of their index in links and the Train panel.
enum class Dataset { kMnist = 0, kFashion = 1 };
const char* dataset_title(Dataset d);        // "MNIST digits"
const char* dataset_class_name(Dataset d, int label);  // "7", "Sneaker"
// What one image of the dataset is called in the panels: "digit" (MNIST), "image" (Fashion-MNIST).
const char* item_noun(Dataset d);
// "1 epoch", "3 epochs".
std::string count_of(int n, const char* noun);

struct DataState {
  Dataset dataset = Dataset::kMnist;
  Mnist mnist;
  bool train_labels = false, test_labels = false;
  float progress = 0;
  std::string what = "waiting for data";
  std::string error;  // why the data could not be loaded, shown in full
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
  long long revision = 0;  // counts checks: a new value means the spec may have changed
  std::string summary;     // Keras-style table when the spec builds
  std::string error;       // why it does not, in plain words
  size_t params = 0;
  // Builds the spec to fill summary, params and error (once per edit).
  void check();
  // The editor's number fields by what they edit ("units 3"), each taken when complete.
  std::map<std::string, NumberField> fields;
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
  float seen_noise = 0;       // the Diagnostics noise the outputs were computed with
  long long updates = 0;      // code recomputations, for tests: each stroke segment bumps it
  long long ink_frame = -1, update_frame = -1;  // frames of the last stroke and of the last recompute
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

// Codes of a sample of test digits, computed a few hundred per frame after the weights change,
// and their two principal directions (the code itself when it has two units).
struct LatentState {
  static constexpr int kSample = 1000;
  std::vector<float> codes;        // kSample x code size, valid up to `done`
  std::vector<float> mean, axis0, axis1;  // code space: the plane's origin and directions
  std::vector<float> xy;           // kSample x 2, projections
  int done = 0;                    // codes computed for the current weights
  long long version = -1;          // weights the codes belong to
  double next_start = 0;           // throttles recomputation while training
  bool plane_ready = false;
  bool finite = true;              // every code of the sample is a finite number
  // The plane point under the mouse, and the last one clicked.
  bool hovering = false, picked = false;
  float hover_u = 0, hover_v = 0, picked_u = 0, picked_v = 0;
  float decoded_sum = 0;  // ink of the image decoded from the plane, for tests
  // Decoding a point of the plane, a code edited with sliders, or an interpolation.
  std::vector<float> edited;        // the drawn digit's code, as edited by the sliders
  long long edited_from = -1;       // draw.updates it was copied from
  int pair[2] = {0, 1};             // test digits to interpolate between
  std::vector<float> strip;         // the interpolation's 8 decoded images, for `strip_of`
  long long strip_of[3] = {-1, -1, -1};  // pair[0], pair[1] and the weights they were made with
  TileAtlas atlas;                  // 0: hovered point, 1: edited code, 2..9: interpolation
  CodeStats stats;                  // of the sample's codes: ranges, means, a fitted Gaussian
  long long stats_of = -1;          // the weights version the stats were fitted on
  // One unit swept over its range with the others at their mean, and codes drawn from the fitted
  // Gaussian: 8 decoded images each, remade when their inputs change.
  int sweep_unit = 0;
  std::vector<float> sweep, samples;
  long long sweep_of[2] = {-1, -1};  // unit and code version the sweep was made for
  long long samples_of = -1;         // code version the samples were drawn for
  uint64_t sample_draws = 0;         // Sample presses: each draws new codes, reproducibly
  float sweep_sums[8] = {}, sample_sums[8] = {};  // ink of each image, for tests
  TileAtlas extra;                   // 0..7 sweep, 8..15 samples
  // One tool under the plane at a time (edit, interpolate, sweep, sample), so the panel fits its
  // height; the plane gives up what the open tool took last frame.
  enum Tool { kNoTool = -1, kEditTool, kInterpTool, kSweepTool, kSampleTool };
  int tool = kNoTool;
  float below_plane = 0;  // the tool row and the open tool, last frame
};

struct FiltersState {
  TileAtlas encoder, decoder;
  std::string captions[2];  // first and last layer; empty when a side has nothing to show
  long long seen_version = -1;
  double next_refresh = 0;
};

struct DiagnosticsState {
  float noise = 0.f;  // corrupts the drawn digit as the denoiser's training inputs are
};

struct CurvesState {
  bool log_y = true;
  bool by_epoch = false;
  bool parts = false;  // each loss part of the current run on its own
  int confirm_delete = 0;  // a run (id) whose deletion awaits a yes, or 0
  int scrolled_to = 0;     // the live run (id) the runs table last scrolled into view
};

// The way back from the last action that put a trained model away (Reset, a new run, an upload,
// another dataset): the run it went to and what happened, shown with an Undo button.
struct UndoState {
  int run_id = 0;  // 0: nothing to undo
  std::string text;
};

// The teaching layer: the first-visit introduction, the Guide window, and a guided experiment
// in progress (its second run starts when the first finishes).
struct GuideState {
  bool intro_open = true;      // until dismissed; the platform remembers that it was
  bool intro_dismissed = false;  // dismissed this session, for the platform to remember
  bool guide_open = false;
  int experiment = -1;         // index into experiments(), while one runs
  int stage = 0;               // 0: its first run, 1: its comparison run
  int run_id = 0;              // the run it started; another live run ends the experiment
  std::string look;            // what to look for, shown in the Train panel until closed
  std::string look_title;
  std::string look_compact;    // the note shown by its title only: the whole overflowed the panel
};

// The Train panel's number fields (each takes its value on Enter or when left).
struct TrainFields {
  NumberField learning_rate, batch_size, epochs, seed;
  std::array<const NumberField*, 4> all() const { return {&learning_rate, &batch_size, &epochs, &seed}; }
};

struct WidgetRect {
  std::string name;
  float x, y, w, h;
};

struct AppState {
  explicit AppState(bool threaded) : session(threaded) {}
  DataState data;
  ModelDraft draft;
  TrainSettings settings;
  TrainFields fields;
  Session session;
  DrawState draw;
  ReconState recon;
  CurvesState curves;
  LatentState latent;
  FiltersState filters;
  DiagnosticsState diagnostics;
  TextureApi* textures = nullptr;
  std::vector<WidgetRect> rects;  // named widgets on screen this frame, for tests
  std::string notice;  // a note for the person (e.g. about a link), shown in the Train panel
  UndoState undo;
  GuideState guide;
  // A panel to bring into view where only one shows at a time (a phone): its title, or empty.
  std::string show_panel;
  // Buttons whose work only the platform can do (a download, a file picker), taken by it after
  // the frame.
  bool want_download = false, want_upload = false;
  int want_dataset = -1;  // a dataset to fetch (index), or -1
  int pending_reopen = 0;  // a run (id) to reopen once its dataset has loaded, or 0
  double fps = 0;
  long long frame = 0;  // frames drawn so far
  std::vector<ImVec2> pointer_path;  // App::pointer_sample since the last frame
  double now = 0;  // seconds, this frame

  // Records the last ImGui item's rectangle under `name`.
  void remember_rect(const char* name);
  // Loads preset `index` into the draft and takes its optimiser and learning rate.
  void select_preset(int index);
  // Start: trains on a finished model that the draft still describes, else trains the draft
  // as a new run (the old model is put away, one Undo away); Pause and Resume otherwise.
  void start_or_pause();
  // False, with a notice naming it, while a field shows a value it refused: training would
  // silently use the old value the field no longer shows.
  bool fields_taken();
  // A new run of the draft from scratch, whatever there is.
  void start_new();
  // Puts the live model away (Undo brings it back).
  void reset();
  // When the live model is replaced: views forget what belonged to the old one (a clicked code
  // point), and a denoiser's drawn digit gets the noise it was trained on.
  void on_model_changed();
  long long seen_model_serial = -1;
  // Sets up and starts guided experiment `index` (experiments()).
  void run_experiment(int index);
  // Each frame: the experiment's comparison run starts when its first run finishes.
  void advance_experiment();
  // Brings back the model the last action put away.
  void undo_put_away();
  // Makes a kept run the live model again; one on another dataset waits for that data.
  void reopen_run(int index);
  // The Model panel takes the live model's spec (after a reopen or a loaded file).
  void draft_from_live_model();
  // A setting or the draft changed: a failure message about the old ones goes.
  void inputs_changed();
  // Whether the draft describes the live model (so Start trains on rather than anew).
  bool draft_is_live_model() const;
  // The draft's label and dataset, for a new run's record.
  RunInfo run_info() const;
  // After an action that may have put a model away (at index `kept`, or -1): the undo offer.
  void offer_undo(int kept, const std::string& what);

 private:
  // draft_is_live_model's last answer and what it was for.
  struct LiveMatch {
    long long serial = -1, revision = -1;
    bool same = false;
  };
  mutable LiveMatch live_match_;
};

}  // namespace bn::app
