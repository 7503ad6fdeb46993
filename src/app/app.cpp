#include "app/app.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "app/drag_scroll.h"
#include "app/panels/panels.h"
#include "app/run_store.h"
#include "app/url_state.h"
#include "core/model/model_json.h"
#include "core/train/trainer.h"
#include "imgui.h"

namespace bn::app {

namespace {

using Json = nlohmann::ordered_json;  // keys in the order written, as the page's tests read them

// A number as status_json reports it: six significant digits (as "%.6g" printed them before it
// used nlohmann-json), and null for NaN and infinities, which JSON cannot hold.
Json json_number(double v) {
  if (!std::isfinite(v)) return nullptr;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return std::strtod(buf, nullptr);
}

Json json_array(const float* v, size_t n) {
  Json a = Json::array();
  for (size_t i = 0; i < n; ++i) a.push_back(json_number(v[i]));
  return a;
}

struct Panel {
  const char* title;
  const char* short_title;  // on a phone, where the title does not fit its button
  void (*draw)(AppState&);
};
// In the order a newcomer needs them on a narrow screen.
const Panel kPanels[] = {{"Train", "Train", train_panel},
                         {"Model", "Model", model_panel},
                         {"Curves", "Curves", curves_panel},
                         {"Reconstructions", "Recon", recon_panel},
                         {"Draw", "Draw", draw_panel},
                         {"Latent space", "Latent", latent_panel},
                         {"Filters", "Filters", filters_panel},
                         {"Diagnostics", "Diagnose", diagnostics_panel}};

// Touch targets of at least 44 CSS pixels (WCAG 2.5.5) on a phone-sized screen.
constexpr float kTouchTarget = 44.f;
constexpr int kPanelCount = sizeof(kPanels) / sizeof(kPanels[0]);

}  // namespace

App::App(TextureApi* textures, bool threaded) : s_(threaded) {
  s_.textures = textures;
  s_.select_preset(0);
}

Status App::load_idx(IdxFile which, const uint8_t* bytes, size_t size) {
  static const char* const names[] = {kMnistTrainImages, kMnistTrainLabels, kMnistTestImages, kMnistTestLabels};
  const std::string name = names[static_cast<int>(which)];
  Mnist& m = s_.data.mnist;
  ImageSet& set = which == IdxFile::kTrainImages || which == IdxFile::kTrainLabels ? m.train : m.test;
  Status s;
  switch (which) {
    case IdxFile::kTrainImages:
    case IdxFile::kTestImages: s = parse_idx_images(bytes, size, name, set); break;
    case IdxFile::kTrainLabels:
    case IdxFile::kTestLabels:
      s = set.count ? parse_idx_labels(bytes, size, name, set)
                    : Status::error(name + ": arrived before its images; load the images file first");
      break;
  }
  if (!s) {
    s_.data.error = std::string("Could not load ") + dataset_title(s_.data.dataset) + ": " + s.message();
    return s;
  }
  if (which == IdxFile::kTrainLabels) s_.data.train_labels = true;
  if (which == IdxFile::kTestLabels) s_.data.test_labels = true;
  return s;
}

std::string App::link() const {
  LinkState st;
  st.preset = s_.draft.preset;
  st.edited = s_.draft.edited;
  st.spec = s_.draft.spec;
  st.settings = s_.settings;
  st.dataset = static_cast<int>(s_.data.dataset);
  return encode_link(st);
}

// What the browser kept arrives after the link was read: a refused link stays said beside it.
void App::after_link(const std::string& notice) {
  s_.notice = link_refusal_.empty() ? notice : link_refusal_ + " " + notice;
}

Status App::apply_link(const std::string& fragment) {
  Result<LinkState> st = decode_link(fragment);
  if (!st) {
    s_.notice = link_refusal_ = "This link could not be used: " + st.message();
    return st.status();
  }
  link_refusal_.clear();
  s_.draft.preset = st.value().preset;
  s_.draft.edited = st.value().edited;
  s_.draft.spec = st.value().spec;
  s_.draft.checked = false;
  s_.draft.fields.clear();
  s_.settings = st.value().settings;
  if (st.value().dataset != static_cast<int>(s_.data.dataset)) s_.want_dataset = st.value().dataset;
  s_.notice = "Model and settings from the link; press Start to run it.";
  return Status::ok();
}

void App::load_model_file(const uint8_t* bytes, size_t size, const std::string& what) {
  if (!s_.data.ready()) {
    s_.notice = what + " arrived before " + dataset_title(s_.data.dataset) + " finished loading; load it again once the data is ready";
    return;
  }
  const int before = s_.session.current();
  const bool had = before >= 0;
  RunInfo info = s_.run_info();
  Status st = s_.session.load_file(bytes, size, what, s_.settings, s_.data.mnist, info);
  if (!st) {
    // The reader's message names the file already ("x.bnm: ..."): named once here.
    const std::string& m = st.message();
    s_.notice = "Could not open " + (m.rfind(what + ": ", 0) == 0 ? m : what + ": " + m);
    return;
  }
  s_.draft_from_live_model();
  s_.session.runs()[s_.session.current()].info.model = s_.draft.spec.name + ", loaded from " + what;
  const RunView* run = s_.session.run();
  s_.notice = "Opened " + what + " (" + s_.draft.spec.name + ", " +
              count_of(run ? static_cast<int>(run->history.size()) : 0, "epoch") + " trained).";
  if (had && !s_.session.runs()[before].saved.empty()) s_.offer_undo(before, "Opened " + what);
}

std::vector<uint8_t> App::runs_file() const {
  const Session& session = s_.session;
  const int live = session.current();
  return encode_runs(session.runs(), live >= 0 ? session.runs()[live].id : 0, session.next_id());
}

Status App::restore_runs(const uint8_t* bytes, size_t size) {
  Result<StoredRuns> stored = decode_runs(bytes, size, "the runs kept in this browser");
  if (!stored) {
    s_.notice = stored.message();
    return stored.status();
  }
  const size_t n = stored.value().runs.size();
  if (!s_.session.restore_runs(std::move(stored.value().runs), stored.value().next_id))
    return Status::error("runs were started before the kept ones arrived; the kept ones stay in this browser");
  if (n) after_link("Your " + count_of(static_cast<int>(n), "run") + " from last time " + (n == 1 ? "is" : "are") + " in the runs table.");
  return Status::ok();
}

const std::vector<uint8_t>* App::run_model(int id) const {
  const int i = s_.session.index_of(id);
  if (i < 0 || s_.session.runs()[i].saved.empty()) return nullptr;
  return &s_.session.runs()[i].saved;
}

Status App::attach_run_model(int id, const uint8_t* bytes, size_t size, bool open) {
  if (!s_.session.attach_model(id, std::vector<uint8_t>(bytes, bytes + size)))
    return Status::error("run #" + std::to_string(id) + " is not a kept run of this page");
  if (!open) return Status::ok();
  s_.reopen_run(s_.session.index_of(id));
  if (const RunView* run = s_.session.run(); run && s_.session.current() == s_.session.index_of(id))
    after_link("Reopened your last model (run #" + std::to_string(id) + ", " +
               count_of(static_cast<int>(run->history.size()), "epoch") + ", " +
               count_of(static_cast<int>(run->progress.step), "step") + " trained).");
  return Status::ok();
}

std::string App::model_file_name() const {
  const RunView* run = s_.session.run();
  return s_.draft.spec.name + "-epoch" + std::to_string(run ? run->history.size() : 0) + ".bnm";
}

void App::begin_dataset(Dataset dataset) {
  const int kept = s_.session.put_away();
  s_.offer_undo(kept, std::string("Switched to ") + dataset_title(dataset));
  s_.data = DataState();
  s_.data.dataset = dataset;
  s_.recon.seen_version = s_.latent.version = s_.filters.seen_version = -1;
  s_.draw.ink_changed = true;
}

void App::set_data_progress(float fraction, const std::string& what) {
  s_.data.progress = fraction;
  s_.data.what = what;
}

void App::tab(bool back) {
  if (focus_) focus_->request_move(back);
}

void App::key(int c) {
  if (keyboard_focus()) return;
  if (c == ' ') s_.start_or_pause();
  if (c == 'r' || c == 'R') s_.reset();
  if (c == 'c' || c == 'C') {
    s_.draw.ink.clear();
    s_.draw.ink_changed = true;
  }
}

void App::frame(double train_budget_ms) {
  if (!focus_) {
    focus_ = std::make_unique<FocusRing>();
    ImGui::GetIO().ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;  // Space and Enter act on the focus
  }
  focus_->begin_frame();
  s_.now = now_seconds();
  ++s_.frame;
  s_.session.run_for(train_budget_ms);
  if (s_.session.model_serial() != s_.seen_model_serial) s_.on_model_changed();
  if (s_.pending_reopen && s_.data.ready()) {
    const int id = std::exchange(s_.pending_reopen, 0);
    const std::vector<RunRecord>& runs = s_.session.runs();
    for (int i = 0; i < static_cast<int>(runs.size()); ++i)
      if (runs[i].id == id) s_.reopen_run(i);
  }
  const double trained = now_seconds();
  s_.fps = ImGui::GetIO().Framerate;
  s_.rects.clear();
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const bool narrow = vp->WorkSize.x < 760;
  if (narrow) {
    const float pad = std::max(4.f, (kTouchTarget - ImGui::GetFontSize()) / 2);
    ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(10.f, pad));
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(8.f, 8.f));
    ImGui::PushStyleVar(ImGuiStyleVar_ScrollbarSize, 18.f);
    ImGui::PushStyleVar(ImGuiStyleVar_GrabMinSize, 24.f);
    layout_narrow();
  } else {
    s_.show_panel.clear();  // every panel is in view
    layout_wide();
  }
  guide_windows(s_);
  if (narrow) {
    ImGui::PopStyleVar(4);
    drag_to_scroll();
  }
  s_.advance_experiment();
  s_.pointer_path.clear();
  // Smoothed, for the status read-out: where a frame's time goes.
  const double train_ms = (trained - s_.now) * 1000, ui_ms = (now_seconds() - trained) * 1000;
  train_ms_ += 0.1 * (train_ms - train_ms_);
  ui_ms_ += 0.1 * (ui_ms - ui_ms_);
}

void App::set_frame_cost(double ms, double redrawn) {
  frame_ms_ += 0.1 * (ms - frame_ms_);
  redrawn_ += 0.1 * (redrawn - redrawn_);
}

// Three columns: model, training and diagnostics on the left; curves, reconstructions and
// filters in the middle; drawing and the code space on the right. Re-tiled when the window
// changes size; movable in between.
void App::layout_wide() {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const ImVec2 o = vp->WorkPos, size = vp->WorkSize;
  const bool retile = size.x != last_w_ || size.y != last_h_;
  last_w_ = size.x, last_h_ = size.y;
  const float g = 6, x0 = o.x + g, w0 = std::floor(size.x * 0.31f), w1 = std::floor(size.x * 0.36f);
  const float x1 = x0 + w0 + g, x2 = x1 + w1 + g, w2 = o.x + size.x - g - x2, h = size.y - 2 * g;
  // Column splits as fractions of the height, top to bottom.
  auto split = [&](float f) { return std::floor(h * f); };
  const float m0 = split(0.36f), m1 = split(0.40f), c0 = split(0.43f), c1 = split(0.27f), d0 = split(0.53f);
  const float y = o.y + g;
  static_assert(sizeof(panel_rects_) / sizeof(panel_rects_[0]) == kPanelCount);
  const ImVec4 tiles[kPanelCount] = {
      {x0, y + m0 + g, w0, m1 - g},                       // Train
      {x0, y, w0, m0},                                    // Model
      {x1, y, w1, c0},                                    // Curves
      {x1, y + c0 + g, w1, c1 - g},                       // Reconstructions
      {x2, y, w2, d0},                                    // Draw
      {x2, y + d0 + g, w2, h - d0 - g},                   // Latent space
      {x1, y + c0 + c1 + g, w1, h - c0 - c1 - g},         // Filters
      {x0, y + m0 + m1 + g, w0, h - m0 - m1 - g},         // Diagnostics
  };
  // Built column by column, top to bottom, so Tab goes as a reader's eye does: Model first.
  static const int kReadingOrder[kPanelCount] = {1, 0, 7, 2, 3, 6, 4, 5};
  for (int i : kReadingOrder) {
    const ImGuiCond cond = retile ? ImGuiCond_Always : ImGuiCond_FirstUseEver;
    ImGui::SetNextWindowPos(ImVec2(tiles[i].x, tiles[i].y), cond);
    ImGui::SetNextWindowSize(ImVec2(tiles[i].z, tiles[i].w), cond);
    // A panel on its own shows the screen's clear colour through; one moved over another needs
    // its background to hide what is under it.
    if (!overlaps_another(i)) ImGui::SetNextWindowBgAlpha(0.f);
    const bool open = ImGui::Begin(kPanels[i].title);
    const ImVec2 wp = ImGui::GetWindowPos(), ws = ImGui::GetWindowSize();
    panel_rects_[i] = ImVec4(wp.x, wp.y, ws.x, ws.y);
    if (open) {
      s_.rects.push_back({std::string("panel_") + kPanels[i].title, wp.x, wp.y, ws.x, ws.y});
      if (i == 0 && !s_.data.ready()) ImGui::ProgressBar(s_.data.progress, ImVec2(-1, 0), s_.data.what.c_str());
      kPanels[i].draw(s_);
      // How far the panel's content runs below its bottom edge (last frame's), for tests.
      s_.rects.push_back({std::string("overflow_") + kPanels[i].title, 0, 0, 0, ImGui::GetScrollMaxY()});
    }
    ImGui::End();
  }
}

bool App::overlaps_another(int panel) const {
  const ImVec4& a = panel_rects_[panel];
  for (int j = 0; j < kPanelCount; ++j) {
    const ImVec4& b = panel_rects_[j];
    if (j != panel && a.x < b.x + b.z && b.x < a.x + a.z && a.y < b.y + b.w && b.y < a.y + a.w) return true;
  }
  return false;
}

// One full-screen window: two rows of four buttons choose the panel shown below them (one tap,
// readable names, 44-pixel targets), instead of a tab bar that cut eight names to three letters.
void App::layout_narrow() {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  last_w_ = last_h_ = 0;
  ImGui::SetNextWindowBgAlpha(0.f);
  ImGui::Begin("Bottleneck", nullptr, ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoCollapse |
                                          ImGuiWindowFlags_NoTitleBar);
  if (!s_.data.ready()) ImGui::ProgressBar(s_.data.progress, ImVec2(-1, 0), s_.data.what.c_str());
  if (!s_.show_panel.empty()) {
    for (int i = 0; i < kPanelCount; ++i)
      if (s_.show_panel == kPanels[i].title) narrow_panel_ = i;
    s_.show_panel.clear();
  }
  const float gap = ImGui::GetStyle().ItemSpacing.x;
  const float w = std::floor((ImGui::GetContentRegionAvail().x - 3 * gap) / 4);
  for (int i = 0; i < kPanelCount; ++i) {
    const Panel& p = kPanels[i];
    if (i % 4) ImGui::SameLine(0, gap);
    const bool selected = i == narrow_panel_;
    const char* label = ImGui::CalcTextSize(p.title).x + 2 * ImGui::GetStyle().FramePadding.x <= w ? p.title : p.short_title;
    if (selected) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
    ImGui::PushID(i);
    if (ImGui::Button(label, ImVec2(w, kTouchTarget))) narrow_panel_ = i;
    ImGui::PopID();
    if (selected) ImGui::PopStyleColor();
    s_.remember_rect((std::string("tab_") + p.title).c_str());
  }
  ImGui::Separator();
  // The panel scrolls below the buttons, which stay put (they scrolled away with a long panel).
  ImGui::BeginChild("panel");
  kPanels[narrow_panel_].draw(s_);
  // How far the panel is scrolled and can scroll (y and h), for tests.
  s_.rects.push_back({"overflow_narrow", 0, ImGui::GetScrollY(), 0, ImGui::GetScrollMaxY()});
  ImGui::EndChild();
  ImGui::End();
}

std::string App::status_json() const {
  const Session& session = s_.session;
  Json j;
  j["ready"] = s_.data.ready();
  j["state"] = run_state_name(session.state());
  j["data_progress"] = json_number(s_.data.progress);
  j["message"] = !s_.data.error.empty() ? s_.data.error : session.message();
  j["model_error"] = s_.draft.error;
  j["model"] = s_.draft.spec.name;
  j["fps"] = json_number(s_.fps);
  j["frame_ms"] = json_number(frame_ms_);
  j["train_ms"] = json_number(train_ms_);
  j["ui_ms"] = json_number(ui_ms_);
  // What the last frame asked the renderer to draw (valid between Render() and the next frame).
  if (const ImDrawData* dd = ImGui::GetDrawData(); dd && dd->Valid) {
    int cmds = 0;
    for (int i = 0; i < dd->CmdListsCount; ++i) cmds += dd->CmdLists[i]->CmdBuffer.Size;
    j["render"] = {{"lists", dd->CmdListsCount}, {"cmds", cmds}, {"vertices", dd->TotalVtxCount},
                   {"indices", dd->TotalIdxCount}, {"redrawn", json_number(redrawn_)}};
  }
  j["runs"] = session.runs().size();
  // Each run as the Curves panel shows it: its colour (RGBA), whether its model can be reopened.
  j["run_list"] = Json::array();
  for (size_t i = 0; i < session.runs().size(); ++i) {
    const RunRecord& r = session.runs()[i];
    char color[16];
    std::snprintf(color, sizeof color, "%08x", run_color(r));
    j["run_list"].push_back({{"id", r.id}, {"label", r.label()}, {"color", color}, {"visible", r.visible},
                             {"epochs", r.history.size()}, {"kept", !r.saved.empty()},
                             {"live", static_cast<int>(i) == session.current()}});
  }
  j["undo"] = s_.undo.run_id;
  j["focus"] = focus_ ? focus_->focused_label() : std::string();
  j["intro"] = s_.guide.intro_open;
  j["guide"] = s_.guide.guide_open;
  j["experiment"] = s_.guide.experiment;
  j["experiment_stage"] = s_.guide.stage;
  j["look"] = s_.guide.look_title;
  // The first refusal of a Train panel field, as shown under it.
  std::string field_error;
  for (const NumberField* f : s_.fields.all())
    if (field_error.empty()) field_error = f->error;
  j["field_error"] = field_error;
  j["threaded"] = session.threaded();
  j["link"] = link();
  j["notice"] = s_.notice;
  j["has_model"] = session.has_model();
  j["dataset"] = static_cast<int>(s_.data.dataset);
  const long long wv = session.weights_version();
  j["weights_version"] = wv;
  // Whether every panel that shows the model's outputs has caught up with its current weights
  // (they refresh on their own clocks, the code space every few seconds while training).
  j["views_current"] = !session.has_model() ||
                       (s_.recon.seen_version == wv && s_.filters.seen_version == wv && s_.latent.version == wv &&
                        s_.latent.done >= LatentState::kSample && (!s_.draw.has_digit || s_.draw.seen_version == wv));
  if (const RunView* run = session.run()) {
    const TrainProgress& p = run->progress;
    j["epoch"] = p.epoch;
    j["step"] = p.step;
    j["loss"] = json_number(p.loss);
    j["last_loss"] = json_number(p.last_loss);
    j["samples_per_s"] = json_number(p.samples_per_s);
    j["test_losses"] = Json::array();
    for (const EpochStats& e : run->history) j["test_losses"].push_back(json_number(e.test_loss));
  }
  const DrawState& d = s_.draw;
  double ink = 0, recon = 0;
  for (float v : d.input) ink += v;
  for (float v : d.recon) recon += v;
  j["draw"] = {{"updates", d.updates},
               {"has_digit", d.has_digit},
               {"stroking", d.stroking},
               {"seen_current", d.seen_version == wv},
               {"update_ms", json_number(d.last_update_ms)},
               {"ink_frame", d.ink_frame},
               {"update_frame", d.update_frame},
               {"code", json_array(d.code.data(), d.code.size())},
               {"input_sum", json_number(ink)},
               {"recon_sum", json_number(recon)}};
  const LatentState& l = s_.latent;
  j["latent"] = {{"ready", l.plane_ready},
                 {"hovering", l.hovering},
                 {"picked", l.picked},
                 {"point", {json_number(l.picked_u), json_number(l.picked_v)}},
                 {"decoded_sum", json_number(l.decoded_sum)},
                 {"sweep_sums", json_array(l.sweep_sums, 8)},
                 {"sample_sums", json_array(l.sample_sums, 8)},
                 {"sample_draws", l.sample_draws}};
  Json widgets = Json::object();
  for (const WidgetRect& r : s_.rects)
    widgets[r.name] = {json_number(r.x), json_number(r.y), json_number(r.w), json_number(r.h)};
  j["widgets"] = widgets;
  // Names and messages come from files and links: invalid UTF-8 is replaced, never a reason to
  // abort (nlohmann-json would throw, and the page is built without exceptions).
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace bn::app
