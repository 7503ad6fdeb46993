#include "app/app_state.h"

#include <algorithm>

#include "app/guide.h"
#include "app/model_edits.h"
#include "core/model/summary.h"
#include "core/model/model_json.h"

namespace bn::app {

const char* dataset_title(Dataset d) { return d == Dataset::kFashion ? "Fashion-MNIST clothes" : "MNIST digits"; }

const char* dataset_class_name(Dataset d, int label) {
  static const char* const digits[] = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
  static const char* const fashion[] = {"T-shirt", "Trouser", "Pullover", "Dress", "Coat",
                                        "Sandal",  "Shirt",   "Sneaker",  "Bag",   "Boot"};
  if (label < 0 || label > 9) return "?";
  return d == Dataset::kFashion ? fashion[label] : digits[label];
}

std::string count_of(int n, const char* noun) { return std::to_string(n) + " " + noun + (n == 1 ? "" : "s"); }

const char* item_noun(Dataset d) { return d == Dataset::kFashion ? "image" : "digit"; }

void DataState::test_image(int i, float* out) const {
  const uint8_t* px = mnist.test.image(i);
  for (int k = 0; k < kDigitPixels; ++k) out[k] = px[k] * (1.f / 255.f);
}

void ModelDraft::check() {
  ++revision;
  // Planned, not built: an edit must not allocate (or initialise) a model it only describes.
  Result<std::unique_ptr<Model>> m = Model::plan(spec);
  if (m) {
    Result<uint64_t> bytes = m.value()->estimate_memory(1);
    if (!bytes) m = bytes.status();
  }
  if (m) {
    summary = model_summary(*m.value());
    params = m.value()->param_count();
    error.clear();
  } else {
    summary.clear();
    params = 0;
    error = m.message();
  }
  checked = true;
}

void AppState::remember_rect(const char* name) {
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  rects.push_back({name, a.x, a.y, b.x - a.x, b.y - a.y});
}

void AppState::select_preset(int index) {
  Result<ModelSpec> spec = preset_spec(preset_names()[index]);
  if (!spec) return;
  draft.preset = index;
  draft.spec = spec.take();
  draft.fields.clear();
  draft.edited = false;
  draft.checked = false;
  // Each preset brings its own optimiser and learning rate (dropout trains with RMSprop).
  const OptimizerConfig& oc = draft.spec.optimizer;
  settings.optimizer = static_cast<int>(oc.kind);
  settings.learning_rate = oc.learning_rate > 0.f ? oc.learning_rate : (oc.kind == OptimizerKind::kSgd ? 0.01f : 1e-3f);
}

void AppState::draft_from_live_model() {
  const ModelSpec& spec = session.model()->spec();
  draft.spec = spec;
  draft.fields.clear();
  draft.checked = false;
  // It counts as edited unless it is a preset as shipped.
  draft.edited = true;
  const std::vector<std::string> presets = preset_names();
  for (size_t i = 0; i < presets.size(); ++i)
    if (presets[i] == spec.name) {
      draft.preset = static_cast<int>(i);
      draft.edited = spec_to_json(preset_spec(presets[i]).value()) != spec_to_json(spec);
    }
}

bool AppState::draft_is_live_model() const {
  const Model* m = session.model();
  if (!m || session.current() < 0 || session.runs()[session.current()].info.dataset != static_cast<int>(data.dataset))
    return false;
  // Two specs to JSON is too much for every frame: compared again only when the live model or
  // the draft (a new check of it) changed.
  if (!draft.checked || live_match_.serial != session.model_serial() || live_match_.revision != draft.revision) {
    live_match_ = {session.model_serial(), draft.checked ? draft.revision : -1,
                   spec_to_json(m->spec()) == spec_to_json(draft.spec)};
  }
  return live_match_.same;
}

RunInfo AppState::run_info() const {
  RunInfo info;
  info.dataset = static_cast<int>(data.dataset);
  info.data = data.dataset == Dataset::kFashion ? "Fashion-MNIST" : "MNIST";
  info.model = draft.spec.name;
  if (draft.edited) {
    const std::vector<std::string> presets = preset_names();
    if (draft.preset >= 0 && draft.preset < static_cast<int>(presets.size()))
      if (Result<ModelSpec> base = preset_spec(presets[draft.preset])) info.model = model_label(base.value(), draft.spec);
  }
  return info;
}

void AppState::offer_undo(int kept, const std::string& what) {
  if (kept < 0) return;
  const RunRecord& r = session.runs()[kept];
  undo.run_id = r.id;
  undo.text = what + ": run #" + std::to_string(r.id) + " (" + r.info.model + ", " +
              count_of(static_cast<int>(r.history.size()), "epoch") + ") was put away in the runs table.";
}

void AppState::start_new() {
  if (!draft.checked) draft.check();
  if (!data.ready() || !draft.error.empty()) return;
  notice.clear();  // it described what was there before this run
  undo = UndoState();  // an older offer would bring back something other than what just went
  // The live run (wherever it stands in the table, a reopened one too) is what the new run puts
  // away; a new run is appended, so its index stays.
  const int before = session.current();
  session.start(draft.spec, settings, data.mnist, run_info());
  if (before >= 0 && !session.runs()[before].saved.empty()) offer_undo(before, "A new run started");
}

bool AppState::fields_taken() {
  const auto train = fields.all();
  std::vector<const NumberField*> all(train.begin(), train.end());
  for (const auto& [name, field] : draft.fields) all.push_back(&field);
  for (const NumberField* f : all)
    if (!f->error.empty()) {
      notice = "Not started: " + f->error + ". Type a good value there first.";
      return false;
    }
  return true;
}

void AppState::start_or_pause() {
  const RunState st = session.state();
  if (st != RunState::kTraining && st != RunState::kPaused && !fields_taken()) return;
  switch (st) {
    case RunState::kFinished:
      if (data.ready() && draft_is_live_model()) {
        notice.clear();
        Status st = session.train_on(settings, data.mnist);
        if (!st) notice = "Could not train on: " + st.message();
        return;
      }
      start_new();
      return;
    case RunState::kReady:
    case RunState::kFailed: start_new(); return;
    case RunState::kTraining: session.pause(); return;
    case RunState::kPaused: session.resume(); return;
  }
}

void AppState::reset() {
  notice.clear();  // it described the model that goes
  guide.look.clear();  // as did an experiment's note
  undo = UndoState();
  const int kept = session.put_away();
  offer_undo(kept, "Reset");
}

void AppState::inputs_changed() {
  if (session.state() == RunState::kFailed || !session.has_model()) session.clear_message();
}

void AppState::on_model_changed() {
  seen_model_serial = session.model_serial();
  latent.picked = latent.hovering = false;
  latent.edited.clear();
  latent.edited_from = -1;
  const Model* m = session.model();
  diagnostics.noise = m && m->spec().corruption.active() ? m->spec().corruption.amount : 0.f;
  draw.ink_changed = true;
}

void AppState::run_experiment(int index) {
  const Experiment& e = experiments()[index];
  const std::vector<std::string> presets = preset_names();
  const auto at = std::find(presets.begin(), presets.end(), e.preset);
  if (at == presets.end()) return;
  select_preset(static_cast<int>(at - presets.begin()));
  if (e.code_units > 0 && draft.spec.code_layer >= 0) {
    draft.spec.layers[draft.spec.code_layer].dense.units = e.code_units;
    draft.edited = true;
    draft.checked = false;
  }
  settings.epochs = e.epochs;
  settings.seed = e.seed;
  guide.experiment = index;
  guide.stage = 0;
  guide.look_title = e.title;
  guide.look = e.look;
  guide.guide_open = false;
  start_new();
  show_panel = "Curves";
  guide.run_id = session.current() >= 0 ? session.runs()[session.current()].id : 0;
}

void AppState::advance_experiment() {
  if (guide.experiment < 0) return;
  const int live = session.current();
  // Another run took over (Reset, Start, a reopened run): the experiment is the person's now,
  // and its note no longer describes what is on screen.
  if (live < 0 || session.runs()[live].id != guide.run_id) {
    guide.experiment = -1;
    guide.look.clear();
    return;
  }
  if (session.state() != RunState::kFinished) return;
  const Experiment& e = experiments()[guide.experiment];
  if (guide.stage == 1 || !*e.compare) {
    guide.experiment = -1;
    return;
  }
  const std::vector<std::string> presets = preset_names();
  const auto at = std::find(presets.begin(), presets.end(), e.compare);
  if (at == presets.end()) return;
  select_preset(static_cast<int>(at - presets.begin()));
  settings.epochs = e.epochs;
  settings.seed = e.seed;
  guide.stage = 1;
  start_new();
  guide.run_id = session.current() >= 0 ? session.runs()[session.current()].id : 0;
}

void AppState::undo_put_away() {
  const std::vector<RunRecord>& runs = session.runs();
  for (int i = 0; i < static_cast<int>(runs.size()); ++i)
    if (runs[i].id == undo.run_id) {
      undo = UndoState();
      reopen_run(i);
      return;
    }
  undo = UndoState();
}

void AppState::reopen_run(int index) {
  const RunRecord& r = session.runs()[index];
  if (r.info.dataset != static_cast<int>(data.dataset)) {
    pending_reopen = r.id;
    want_dataset = r.info.dataset;
    return;
  }
  if (!data.ready()) {
    pending_reopen = r.id;
    return;
  }
  const int id = r.id;
  const bool had = session.has_model() && session.current() != index;
  const int before = session.current();
  Status st = session.reopen(index, settings, data.mnist);
  if (!st) {
    notice = "Could not reopen run #" + std::to_string(id) + ": " + st.message();
    return;
  }
  draft_from_live_model();
  // The Train panel shows what the reopened model trains with.
  const RunRecord& now = session.runs()[session.current()];
  settings.batch_size = now.batch_size;
  settings.seed = now.seed;
  settings.learning_rate = now.learning_rate;
  const std::vector<const char*>& opts = optimizer_names();
  for (int k = 0; k < static_cast<int>(opts.size()); ++k)
    if (now.optimizer == opts[k]) settings.optimizer = k;
  const std::string reopened =
      "Reopened run #" + std::to_string(id) + " (" + count_of(static_cast<int>(now.history.size()), "epoch") + " trained)";
  // One message, not two stacked ones (they pushed Download below the Train panel's edge).
  if (had && before >= 0 && !session.runs()[before].saved.empty()) offer_undo(before, reopened);
  else notice = reopened + ".";
}

}  // namespace bn::app
