// Model panel: the presets, an editable layer list (units, filters, activations, rates, which
// layer is the code), the loss, penalties and input corruption, and the Keras-style summary. Every
// edit is checked by building the model at once, so an impossible model says why, in place,
// before any training.
#include <algorithm>
#include <string>
#include <vector>

#include "app/model_edits.h"
#include "app/panels/panels.h"
#include "core/layers/activation.h"

namespace bn::app {

namespace {

const char* const kActivations[] = {"linear", "relu", "sigmoid", "tanh", "leaky_relu", "softplus"};
const char* const kLosses[] = {"bce", "mse", "rmse"};
const char* const kCorruptions[] = {"none", "gaussian", "masking", "salt_pepper"};

bool activation_combo(const char* label, Activation& act) {
  int index = 0;
  for (int i = 0; i < 6; ++i)
    if (parse_activation(kActivations[i]).value() == act) index = i;
  const bool picked = combo(label, &index, kActivations, 6);
  if (!picked) return false;
  act = parse_activation(kActivations[index]).value();
  return true;
}

// One layer's editable options, from x = `column` on; true when something changed.
// A number of the model taken when complete (Enter, Tab, a click elsewhere) and checked against
// `rule`; true when it changed.
template <class T>
bool model_number(ModelDraft& d, const std::string& key, const char* label, T& value, const NumberRule& rule,
                  const char* format) {
  double v = static_cast<double>(value);
  if (!number_field(label, d.fields[key], &v, rule, format)) return false;
  value = static_cast<T>(v);
  return true;
}

bool layer_row(ModelDraft& d, int i, float column) {
  ModelSpec& spec = d.spec;
  LayerSpec& l = spec.layers[i];
  bool changed = false;
  ImGui::PushID(i);
  ImGui::AlignTextToFramePadding();
  const bool is_code = spec.code_layer == i;
  if (ImGui::RadioButton(("##make " + l.name + " the code layer").c_str(), is_code)) spec.code_layer = i, changed = true;
  if (ImGui::IsItemHovered()) tip("make this layer's output the code");
  ImGui::SameLine();
  ImGui::Text("%s", l.name.c_str());
  if (ImGui::IsItemHovered()) tip("%s", l.type.c_str());
  ImGui::SameLine(column);
  ImGui::SetNextItemWidth(60);
  if (l.type == "Dense") {
    changed |= model_number(d, "units " + std::to_string(i), ("units##" + l.name + " units").c_str(), l.dense.units,
                            {"units", 1, 100000, true, false, "32 is the shallow model's code"}, "%.0f");
    ImGui::SameLine();
    changed |= activation_combo(("##" + l.name + " activation").c_str(), l.dense.activation);
  } else if (l.type == "DenseTied") {
    changed |= activation_combo(("##" + l.name + " activation").c_str(), l.dense.activation);
  } else if (l.type == "Conv2D") {
    changed |= model_number(d, "filters " + std::to_string(i), ("filters##" + l.name + " filters").c_str(), l.conv.filters,
                            {"filters", 1, 1024, true, false, ""}, "%.0f");
    ImGui::SameLine();
    changed |= activation_combo(("##" + l.name + " activation").c_str(), l.conv.activation);
  } else if (l.type == "Dropout") {
    changed |= ImGui::SliderFloat("rate", &l.rate, 0.f, 0.9f, "%.2f");
  } else if (l.type == "GaussianNoise") {
    changed |= ImGui::SliderFloat("stddev", &l.stddev, 0.f, 1.f, "%.2f");
  } else {
    ImGui::TextDisabled("%s", l.type.c_str());
  }
  ImGui::PopID();
  return changed;
}

bool penalties(ModelDraft& d) {
  ModelSpec& spec = d.spec;
  bool changed = false;
  int loss = static_cast<int>(spec.loss);
  // As wide as "salt_pepper" needs, at any frame padding.
  const float field_w = std::max(120.f, ImGui::CalcTextSize("salt_pepper").x + ImGui::GetFrameHeight() +
                                            2 * ImGui::GetStyle().FramePadding.x);
  if (combo("loss", &loss, kLosses, 3, field_w)) spec.loss = static_cast<LossKind>(loss), changed = true;
  if (spec.code_layer >= 0 && spec.code_layer < static_cast<int>(spec.layers.size())) {
    ActivityRegularizer& a = spec.layers[spec.code_layer].activity;
    ImGui::SetNextItemWidth(field_w);
    changed |= model_number(d, "l1", "code L1 activity", a.l1, {"L1 activity", 0, 10, false, false, "1e-5 is the sparse preset's"}, "%g");
    ImGui::SetNextItemWidth(field_w);
    changed |= model_number(d, "l2", "code L2 activity", a.l2, {"L2 activity", 0, 10, false, false, ""}, "%g");
  }
  Penalties& p = spec.penalties;
  ImGui::SetNextItemWidth(field_w);
  changed |= model_number(d, "kl_beta", "KL sparsity beta", p.kl_beta, {"KL beta", 0, 100, false, false, "0.01 is sparse_kl's"}, "%g");
  ImGui::SetNextItemWidth(field_w);
  changed |= ImGui::SliderFloat("KL target rho", &p.kl_rho, 0.01f, 0.5f, "%.2f");
  ImGui::SetNextItemWidth(field_w);
  changed |= model_number(d, "contractive", "contractive lambda", p.contractive,
                          {"contractive lambda", 0, 100, false, false, "1e-4 is the contractive preset's"}, "%g");
  ImGui::SetNextItemWidth(field_w);
  changed |= model_number(d, "weight_decay", "weight decay", p.weight_decay, {"weight decay", 0, 10, false, false, ""}, "%g");
  int kind = static_cast<int>(spec.corruption.kind);
  if (combo("corruption", &kind, kCorruptions, 4, field_w))
    spec.corruption.kind = static_cast<CorruptionKind>(kind), changed = true;
  if (spec.corruption.kind != CorruptionKind::kNone) {
    ImGui::SetNextItemWidth(field_w);
    changed |= ImGui::SliderFloat("amount", &spec.corruption.amount, 0.f, 1.f, "%.2f");
  }
  return changed;
}

}  // namespace

void model_panel(AppState& s) {
  ModelDraft& d = s.draft;
  const bool locked = s.session.state() == RunState::kTraining || s.session.state() == RunState::kPaused;
  const std::vector<std::string> presets = preset_names();
  ImGui::BeginDisabled(locked);
  const std::string shown = d.spec.name + (d.edited ? " (edited)" : "");
  const float guide_w = ImGui::CalcTextSize("Guide").x + 2 * ImGui::GetStyle().FramePadding.x;
  ImGui::SetNextItemWidth(std::max(80.f, ImGui::GetContentRegionAvail().x - guide_w - ImGui::CalcTextSize("model").x -
                                             3 * ImGui::GetStyle().ItemSpacing.x));
  if (ImGui::BeginCombo("model", shown.c_str())) {
    for (int i = 0; i < static_cast<int>(presets.size()); ++i) {
      if (ImGui::Selectable(presets[i].c_str(), i == d.preset, 0, ImVec2(0, touch_row_height()))) {
        s.select_preset(i), s.inputs_changed();
        s.guide.look.clear();  // an experiment's note no longer describes what is on screen
      }
      if (const PresetCard* c = preset_card(presets[i]); c && ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28);
        ImGui::TextUnformatted(c->idea);
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
      }
    }
    ImGui::EndCombo();
  }
  focusable("model");
  s.remember_rect("model_combo");
  ImGui::EndDisabled();
  const char* why_locked = s.session.state() == RunState::kTraining
                               ? "The model cannot change while it trains: Pause, then Reset (Undo brings it back)."
                               : "Paused mid-run: Resume finishes the run; Reset puts it away (Undo brings it back) "
                                 "so the model can change.";
  if (locked && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) tip("%s", why_locked);
  ImGui::SameLine();
  if (ImGui::Button("Guide")) s.guide.guide_open = !s.guide.guide_open;
  s.remember_rect("guide");
  if (ImGui::IsItemHovered()) tip("Experiments to start with one click, a card for every model, and the introduction");
  if (locked) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.f, 0.8f, 0.35f, 1.f));
    ImGui::TextWrapped("%s", why_locked);
    ImGui::PopStyleColor();
    s.remember_rect("model_locked");
  }
  // The card of the preset the draft came from; an edited draft says what changed, so the card
  // is not mistaken for a description of the edit.
  if (d.preset >= 0 && d.preset < static_cast<int>(presets.size())) {
    if (d.edited) {
      if (Result<ModelSpec> base = preset_spec(presets[d.preset]); base && d.spec.name == presets[d.preset]) {
        const std::string edits = describe_edits(base.value(), d.spec);
        if (!edits.empty()) {
          ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.f, 0.8f, 0.35f, 1.f));
          ImGui::TextWrapped("Edited: %s. The card describes %s as shipped.", edits.c_str(), presets[d.preset].c_str());
          ImGui::PopStyleColor();
        }
      }
    }
    const PresetCard* card = d.spec.name == presets[d.preset] ? preset_card(presets[d.preset]) : nullptr;
    if (card) preset_card_text(*card, true);
    else if (!d.spec.description.empty()) ImGui::TextWrapped("%s", d.spec.description.c_str());
  }

  ImGui::BeginDisabled(locked);
  // Why the edited model cannot be built sits above the editor, where it is seen without
  // scrolling (it is from the last check: an edit below is checked at the end of this frame).
  if (!d.error.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.f, 0.45f, 0.4f, 1.f));
    ImGui::TextWrapped("This model cannot be built: %s", d.error.c_str());
    ImGui::PopStyleColor();
    s.remember_rect("model_error");
  }
  bool changed = false;
  if (tree_node("Layers", ImGuiTreeNodeFlags_DefaultOpen)) {
    ImGui::TextDisabled("o = code layer");
    // The options line up after the longest layer name.
    float names = 0;
    for (const LayerSpec& l : d.spec.layers) names = std::max(names, ImGui::CalcTextSize(l.name.c_str()).x);
    const float column = ImGui::GetCursorPosX() + ImGui::GetFrameHeight() + 2 * ImGui::GetStyle().ItemSpacing.x + names;
    for (int i = 0; i < static_cast<int>(d.spec.layers.size()); ++i) changed |= layer_row(d, i, column);
    ImGui::TreePop();
  }
  const bool penalties_open = tree_node("Loss, penalties, corruption");
  s.remember_rect("model_penalties");
  if (penalties_open) {
    changed |= penalties(d);
    ImGui::TreePop();
  }
  ImGui::EndDisabled();
  if (changed) {
    d.edited = true, d.checked = false;
    s.inputs_changed();
  }
  if (!d.checked) d.check();

  if (!d.error.empty()) return;
  const bool summary_open = tree_node(("Summary: " + std::to_string(d.params) + " parameters###Summary").c_str());
  s.remember_rect("model_summary");
  if (summary_open) {
    ImGui::TextUnformatted(d.summary.c_str());
    ImGui::TreePop();
  }
}

}  // namespace bn::app
