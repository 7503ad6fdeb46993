// Train panel: dataset, optimiser, learning rate, batch size, epochs and seed (each number taken
// when complete and checked there); Start/Pause, Step, Reset, and for a finished model Train on
// or New run; the Undo offer after a model was put away; progress with epoch, ETA and samples/s;
// any message about the run in plain words, a collapsed model right under the buttons.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/panels/panels.h"

namespace bn::app {

namespace {

void format_eta(double seconds, char* buf, size_t n) {
  if (seconds <= 0) return (void)std::snprintf(buf, n, "-");
  const int s = static_cast<int>(std::lround(seconds));
  if (s >= 3600) std::snprintf(buf, n, "%dh %02dm", s / 3600, s / 60 % 60);
  else if (s >= 60) std::snprintf(buf, n, "%dm %02ds", s / 60, s % 60);
  else std::snprintf(buf, n, "%ds", s);
}

void colored_text(const ImVec4& color, const std::string& text) {
  ImGui::PushStyleColor(ImGuiCol_Text, color);
  ImGui::TextWrapped("%s", text.c_str());
  ImGui::PopStyleColor();
}
const ImVec4 kWarn(1.f, 0.8f, 0.35f, 1.f), kError(1.f, 0.45f, 0.4f, 1.f);

// A box the panel must not let anyone miss (a collapsed model, an experiment's instructions):
// filled, at the top of the panel.
void banner(AppState& s, const std::string& text, ImU32 fill, const char* name, float right_margin = 0) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->ChannelsSplit(2);
  dl->ChannelsSetCurrent(1);
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.f, 0.95f, 0.85f, 1.f));
  ImGui::Indent(6);
  ImGui::Dummy(ImVec2(0, 2));
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + ImGui::GetContentRegionAvail().x - 6 - right_margin);
  ImGui::TextUnformatted(text.c_str());
  ImGui::PopTextWrapPos();
  ImGui::Dummy(ImVec2(0, 2));
  ImGui::Unindent(6);
  ImGui::PopStyleColor();
  dl->ChannelsSetCurrent(0);
  const ImVec2 p1(p0.x + ImGui::GetContentRegionAvail().x, ImGui::GetItemRectMax().y + 2);
  dl->AddRectFilled(p0, p1, fill, 4.f);
  dl->ChannelsMerge();
  s.rects.push_back({name, p0.x, p0.y, p1.x - p0.x, p1.y - p0.y});
}

void field_rect(AppState& s, const char* name, const NumberField& f) {
  s.rects.push_back({name, f.box[0], f.box[1], f.box[2], f.box[3]});
  for (const KeypadKey& k : f.keypad) s.rects.push_back({"keypad_" + k.label, k.box[0], k.box[1], k.box[2], k.box[3]});
}

// The width that lets an item and its label fill the table cell.
float cell_width(const char* label) {
  return std::max(40.f, ImGui::GetContentRegionAvail().x - ImGui::CalcTextSize(label).x -
                            ImGui::GetStyle().ItemInnerSpacing.x);
}

// Two settings a row, so the buttons and progress stay in view at 1280x800.
void settings_fields(AppState& s, bool editable, bool train_on) {
  TrainSettings& t = s.settings;
  const TrainSettings before = t;
  TrainFields& f = s.fields;
  ImGui::BeginDisabled(!editable);
  if (!ImGui::BeginTable("settings", 2)) {
    ImGui::EndDisabled();
    return;
  }
  ImGui::TableNextColumn();
  int dataset = static_cast<int>(s.data.dataset);
  const char* const datasets[] = {dataset_title(Dataset::kMnist), dataset_title(Dataset::kFashion)};
  if (combo("data", &dataset, datasets, 2, cell_width("data")) && dataset != static_cast<int>(s.data.dataset))
    s.want_dataset = dataset;
  s.remember_rect("dataset");
  ImGui::TableNextColumn();
  const std::vector<const char*>& opts = optimizer_names();
  combo("optimizer", &t.optimizer, opts.data(), static_cast<int>(opts.size()), cell_width("optimizer"));
  struct Row {
    const char* label;
    const char* rect;  // the status read-out's name for it
    NumberField& field;
    NumberRule rule;
    const char* format;
    float* real;   // the setting: a real number,
    int* whole;    // or a whole one
  };
  const Row rows[] = {
      {"learning rate", "learning_rate", f.learning_rate,
       {"learning rate", 0, 10, false, true, "0.001 suits Adam and RMSprop, 0.01 to 0.1 suits SGD"}, "%g",
       &t.learning_rate, nullptr},
      {"batch size", "batch_size", f.batch_size, {"batch size", 1, 4096, true, false, "256 is usual"}, "%.0f", nullptr,
       &t.batch_size},
      {train_on ? "more epochs" : "epochs", "epochs", f.epochs, {"epochs", 1, 1000, true, false, ""}, "%.0f", nullptr,
       &t.epochs},
      {"seed", "seed", f.seed, {"seed", 0, 2147483647, true, false, "any whole number from 0"}, "%.0f", nullptr, &t.seed},
  };
  for (const Row& r : rows) {
    ImGui::TableNextColumn();
    r.field.error_inline = false;  // shown under the buttons, with the panel's other messages
    double v = r.real ? *r.real : *r.whole;
    ImGui::SetNextItemWidth(cell_width(r.label));
    if (number_field(r.label, r.field, &v, r.rule, r.format)) {
      if (r.real) *r.real = static_cast<float>(v);
      else *r.whole = static_cast<int>(v);
    }
    field_rect(s, r.rect, r.field);
  }
  ImGui::EndTable();
  ImGui::EndDisabled();
  if (t.optimizer != before.optimizer || t.learning_rate != before.learning_rate || t.batch_size != before.batch_size ||
      t.epochs != before.epochs || t.seed != before.seed)
    s.inputs_changed();
}

void buttons(AppState& s, bool train_on) {
  Session& session = s.session;
  const RunState st = session.state();
  const bool can_run = s.data.ready() && s.draft.error.empty();
  ImGui::BeginDisabled(!can_run);
  const char* label = st == RunState::kTraining ? "Pause" : st == RunState::kPaused ? "Resume" : train_on ? "Train on" : "Start";
  if (ImGui::Button(label, ImVec2(90, 0))) s.start_or_pause();
  s.remember_rect("start");
  if (train_on && ImGui::IsItemHovered())
    tip("Train this model %d more epoch%s from where it stopped (its curves go on; space)",
                      s.settings.epochs, s.settings.epochs == 1 ? "" : "s");
  else if (ImGui::IsItemHovered())
    tip("%s (space)", st == RunState::kTraining ? "Pause training" : "Train the model in the Model panel");
  ImGui::SameLine();
  if (ImGui::Button("Step", ImVec2(70, 0)) && s.fields_taken()) {
    Status stepped = session.step_once(s.draft.spec, s.settings, s.data.mnist, s.run_info());
    if (!stepped) s.notice = "Could not step: " + stepped.message();
  }
  s.remember_rect("step");
  if (ImGui::IsItemHovered()) tip("Train one batch, then pause");
  ImGui::SameLine();
  ImGui::EndDisabled();
  ImGui::BeginDisabled(!session.has_model());
  if (ImGui::Button("Reset", ImVec2(70, 0))) s.reset();
  s.remember_rect("reset");
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    tip("Put this model away (Undo or the Runs table bring it back) and start from scratch");
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::TextUnformatted(run_state_name(st));
  if (st == RunState::kFinished || (st == RunState::kFailed && session.has_model())) {
    ImGui::BeginDisabled(!can_run);
    if (ImGui::Button("New run", ImVec2(90, 0))) s.start_new();
    s.remember_rect("new_run");
    if (ImGui::IsItemHovered()) tip("Train the model in the Model panel from scratch; this one stays in Runs");
    ImGui::EndDisabled();
    char note[64];
    std::snprintf(note, sizeof note, "or Train on: %d more epoch%s", s.settings.epochs, s.settings.epochs == 1 ? "" : "s");
    side_note(train_on ? note : "the Model panel's model differs: Start trains it anew");
  }
}

void undo_offer(AppState& s) {
  if (!s.undo.run_id) return;
  colored_text(kWarn, s.undo.text);
  if (ImGui::Button("Undo")) s.undo_put_away();
  s.remember_rect("undo");
  ImGui::SameLine();
  if (small_button("dismiss")) s.undo = UndoState();
}

void progress(AppState& s) {
  const RunView* run = s.session.run();
  if (!run) return;
  const TrainProgress& p = run->progress;
  const float frac = p.batches ? static_cast<float>(p.batch) / p.batches : 0.f;
  char overlay[96], eta[32];
  std::snprintf(overlay, sizeof overlay, "epoch %d/%d  batch %d/%d", p.epoch, p.epochs, p.batch, p.batches);
  ImGui::ProgressBar(frac, ImVec2(-1, 0), overlay);
  format_eta(s.session.eta_seconds(), eta, sizeof eta);
  // The frame rate only while training: shown when nothing else moves, a wobbling "49 fps"
  // redrew the panel every few frames and kept an idle page from ever holding still.
  char fps[24] = "";
  if (s.session.state() == RunState::kTraining) std::snprintf(fps, sizeof fps, "   %.0f fps", s.fps);
  // A model back at rest (reopened, undone, loaded) has trained no batch here: no "loss 0".
  if (p.batch > 0 && p.samples_per_s > 0)
    ImGui::Text("loss %.4g   %.0f samples/s   ETA %s%s", p.loss, p.samples_per_s, eta, fps);
  else if (s.session.state() != RunState::kFinished) ImGui::Text("loss -   ETA %s%s", eta, fps);
  const auto& h = run->history;
  if (!h.empty()) ImGui::Text("epoch %d: train %.4f  test %.4f", h.back().epoch, h.back().train_loss, h.back().test_loss);
}

}  // namespace

void train_panel(AppState& s) {
  Session& session = s.session;
  const RunState st = session.state();
  if (!s.guide.look.empty()) {
    // The first sentence in the box, the rest on hover: the whole note pushed the progress
    // line and Download below the panel's edge at 1280x800.
    const std::string& look = s.guide.look;
    const float close_w = (touch_layout() ? 44.f : ImGui::CalcTextSize("x").x + 2 * ImGui::GetStyle().FramePadding.x) + 4;
    const size_t end = look.find(". ");
    // On a phone (no hover, and the panel scrolls anyway) the whole note.
    const bool touch = touch_layout();
    const bool more = end != std::string::npos && end + 2 < look.size() && !touch;
    // With a notice or the Undo offer too, even that ran past the panel's edge: then the title.
    if (!touch && ImGui::GetScrollMaxY() > 0) s.guide.look_compact = look;
    const bool title_only = !touch && s.guide.look_compact == look;
    banner(s, "Experiment: " + s.guide.look_title +
                  (title_only ? " (what to watch: hover)" : ". " + (more ? look.substr(0, end + 1) + " (more: hover)" : look)),
           IM_COL32(30, 70, 120, 255), "experiment_banner", close_w);
    const ImVec2 after = ImGui::GetCursorScreenPos();
    const WidgetRect& box = s.rects.back();
    if ((more || title_only) && ImGui::IsMouseHoveringRect(ImVec2(box.x, box.y), ImVec2(box.x + box.w, box.y + box.h))) {
      ImGui::BeginTooltip();
      ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30);
      ImGui::TextUnformatted(look.c_str());
      ImGui::PopTextWrapPos();
      ImGui::EndTooltip();
    }
    // Its close button sits in the box's top right corner.
    ImGui::SetCursorScreenPos(ImVec2(box.x + box.w - close_w, box.y + 2));
    if (small_button("x")) s.guide.look.clear();
    if (ImGui::IsItemHovered()) tip("close the experiment's note");
    ImGui::SetCursorScreenPos(after);
  }
  const bool train_on = st == RunState::kFinished && s.draft_is_live_model();
  settings_fields(s, st != RunState::kTraining && st != RunState::kPaused, train_on);
  buttons(s, train_on);
  // A collapsed model is the first thing under the buttons: in view, and it never pushes the
  // buttons down under the pointer when it appears mid-run (it did from the top of the panel).
  if (const RunView* run = session.run(); run && !run->history.empty() && !run->history.back().warning.empty())
    banner(s, "Epoch " + std::to_string(run->history.back().epoch) + ": " + run->history.back().warning,
           IM_COL32(150, 60, 20, 255), "warning_banner");
  // What went wrong (or a note on where the model came from) sits right under the buttons, where
  // it is seen without scrolling the panel.
  for (const NumberField* f : s.fields.all())
    if (!f->error.empty()) colored_text(kError, f->error);
  undo_offer(s);
  if (!s.notice.empty()) colored_text(kWarn, s.notice);
  if (!session.message().empty()) colored_text(kError, session.message());
  if (!s.data.error.empty()) colored_text(kError, s.data.error);
  else if (!s.data.ready()) ImGui::TextDisabled("Waiting for %s to load.", dataset_title(s.data.dataset));
  else if (!s.draft.error.empty()) ImGui::TextDisabled("Fix the model first (see Model).");
  progress(s);
  ImGui::BeginDisabled(!session.has_model());
  if (ImGui::Button("Download model")) s.want_download = true;
  s.remember_rect("download");
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(!s.data.ready());
  if (ImGui::Button("Upload model")) s.want_upload = true;
  s.remember_rect("upload");
  ImGui::EndDisabled();
  if (!touch_layout()) side_note("or drop a .bnm file here");  // no files to drag on a phone
}

}  // namespace bn::app
