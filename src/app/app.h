// App: the playground's state and its ImGui frame, shared by every platform main. It owns the
// data handed in by the platform (bytes of MNIST idx files), the training session and the panels'
// state, trains in time slices inside frame() so the page never blocks, and lays the panels out:
// tiled windows on a wide screen, tabs in one window on a phone-sized one.
// Data flows one way: data -> model -> trainer -> the panels that show them.
// Not here: windows, GL contexts, event pumps (platform mains), or anything about the browser.
#pragma once
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "app/app_state.h"
#include "app/focus_ring.h"

namespace bn::app {

// Which idx file a platform hands over. Images of a split must come before its labels.
enum class IdxFile { kTrainImages = 0, kTrainLabels = 1, kTestImages = 2, kTestLabels = 3 };

class App {
 public:
  // threaded: train on a worker thread (the platform has threads), else in frame() slices.
  App(TextureApi* textures, bool threaded);

  // Parses one idx file; a bad file leaves a message in the page.
  Status load_idx(IdxFile which, const uint8_t* bytes, size_t size);
  void set_data_progress(float fraction, const std::string& what);
  // The platform starts fetching `dataset`'s files: the old data and any run on it go (the runs'
  // curves stay), and load_idx then fills the new set.
  void begin_dataset(Dataset dataset);
  // A dataset the person chose (index), once, for the platform to fetch; -1 when none.
  int take_dataset_request() { return std::exchange(s_.want_dataset, -1); }
  // The data could not be fetched or read: shown in the page in full, with what to do.
  void set_data_error(const std::string& message) { s_.data.error = message; }
  // See Session::set_worker_share.
  void set_worker_share(double share) { s_.session.set_worker_share(share); }
  // A note from the platform (e.g. an upload refused before it was read), shown in the page.
  void set_notice(const std::string& message) { s_.notice = message; }
  bool data_ready() const { return s_.data.ready(); }
  // The person has seen the first-visit introduction before (the platform remembers it).
  void set_intro_seen() { s_.guide.intro_open = false; }
  // True once when the introduction was dismissed, for the platform to remember.
  bool take_intro_dismissed() { return std::exchange(s_.guide.intro_dismissed, false); }

  // One frame: spends up to `train_budget_ms` training, then builds the ImGui windows.
  void frame(double train_budget_ms);

  // Keyboard shortcuts (when no text field and no control has the keyboard focus): space
  // starts/pauses, R resets, C clears the drawing.
  void key(int ascii);
  // Tab and Shift-Tab: the keyboard focus moves to the next (previous) control of any panel.
  void tab(bool back);
  // The page's Tab: true when it should leave the canvas (see FocusRing::leave).
  bool tab_leaves(bool back) { return focus_ && focus_->leave(back); }
  // A control has the keyboard focus: Space and Enter are its, not shortcuts.
  bool keyboard_focus() const { return focus_ && focus_->active(); }
  // The focused control takes text (Enter edits it; elsewhere Enter presses).
  bool focus_takes_text() const { return focus_ && focus_->focused_is_text(); }

  // A position the pointer passed through with its button down (or where it was pressed or
  // released), in window coordinates, since the last frame; the Draw canvas strokes through them
  // in order.
  void pointer_sample(float x, float y) { s_.pointer_path.push_back({x, y}); }

  // The link to the current model and settings (a URL fragment without '#'), and applying one:
  // a bad link leaves everything as it was and says why in the page.
  std::string link() const;
  Status apply_link(const std::string& fragment);

  // Model files. model_file(): the current model as a .bnm file (empty without one).
  // load_model_file(): takes one (an upload, a dropped file, the autosave); a bad file changes
  // nothing and says why in the page. `what` names it in messages.
  std::vector<uint8_t> model_file() { return s_.session.save_file(); }
  // What the browser keeps across a closed tab: while training, the end of the latest epoch.
  std::vector<uint8_t> keep_file() { return s_.session.keep_file(); }
  void load_model_file(const uint8_t* bytes, size_t size, const std::string& what);
  // True once per press of Download / Upload: the platform then saves model_file() / opens a picker.
  bool take_download_request() { return std::exchange(s_.want_download, false); }
  bool take_upload_request() { return std::exchange(s_.want_upload, false); }
  // The runs as bytes for the platform to keep across a reload (app/run_store.h), and taking
  // them back: only into a page that has no runs yet.
  std::vector<uint8_t> runs_file() const;
  Status restore_runs(const uint8_t* bytes, size_t size);
  // Run `id`'s kept model file, or null (the live run's model is model_file()).
  const std::vector<uint8_t>* run_model(int id) const;
  // Gives run `id` its kept model file back; `open`: make it the live model again (the model
  // that was live before the reload). A bad file changes nothing and says why.
  Status attach_run_model(int id, const uint8_t* bytes, size_t size, bool open);
  // A suggested file name for a download, e.g. "shallow-epoch3.bnm".
  std::string model_file_name() const;

  // The platform's measure of the last frame's CPU time (events, frame(), render submission) and
  // of the share of the screen it drew again (1 where every frame is drawn whole).
  void set_frame_cost(double ms, double redrawn);

  // A JSON object of the state, for the page's read-only window.bottleneck and aria-live text.
  std::string status_json() const;
  RunState state() const { return s_.session.state(); }

 private:
  void layout_wide();
  void layout_narrow();
  // Sets the notice, after the refusal of the page's link when there was one.
  void after_link(const std::string& notice);

  AppState s_;
  bool overlaps_another(int panel) const;

  std::unique_ptr<FocusRing> focus_;  // made on the first frame, when ImGui's context exists
  float last_w_ = 0, last_h_ = 0;
  int narrow_panel_ = 0;  // the panel a phone-sized screen shows
  ImVec4 panel_rects_[8] = {};  // where each tiled panel was last frame: x, y, w, h
  double train_ms_ = 0, ui_ms_ = 0, frame_ms_ = 0, redrawn_ = 1;
  std::string link_refusal_;  // why the last link read was refused; empty when it was used
};

}  // namespace bn::app
