#include "app/widgets/number_field.h"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "app/text.h"
#include "app/widgets/fitting.h"
#include "imgui.h"
#include "imgui_internal.h"

namespace bn::app {

bool parse_number(const char* text, const NumberRule& rule, double* value, std::string* error) {
  while (std::isspace(static_cast<unsigned char>(*text))) ++text;
  std::string t = text;
  while (!t.empty() && std::isspace(static_cast<unsigned char>(t.back()))) t.pop_back();
  const std::string advice = *rule.advice ? std::string("; ") + rule.advice : std::string();
  if (t.empty()) return *error = std::string(rule.what) + " is empty: type a number" + advice, false;
  char* end = nullptr;
  const double v = std::strtod(t.c_str(), &end);
  if (end != t.c_str() + t.size() || !std::isfinite(v))
    return *error = std::string(rule.what) + " '" + t + "' is not a number" + advice, false;
  if (rule.integer && v != std::floor(v))
    return *error = std::string(rule.what) + " " + t + " is not a whole number" + advice, false;
  if (v < rule.min || (rule.above_min && v <= rule.min))
    return *error = std::string(rule.what) + " " + t + " is too low: it must be " + (rule.above_min ? "above " : "at least ") +
                    num_text(rule.min) + advice, false;
  if (v > rule.max)
    return *error = std::string(rule.what) + " " + t + " is too high: at most " + num_text(rule.max) + advice, false;
  *value = v;
  error->clear();
  return true;
}

namespace {

// The keypad's popup, named for what it edits; one ID whatever the name.
std::string keypad_id(const NumberRule& rule) { return std::string(rule.what) + "###keypad"; }

// The keypad's modal window: digits, point, exponent and sign; OK checks the number as Enter
// would, and a refusal stays in the keypad until it is fixed or cancelled.
bool keypad(NumberField& f, double* value, const NumberRule& rule) {
  f.keypad.clear();
  if (!ImGui::BeginPopupModal(keypad_id(rule).c_str(), nullptr, ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoMove)) return false;
  const float key = 64.f;
  ImGui::SetNextItemWidth(4 * key + 3 * ImGui::GetStyle().ItemSpacing.x);
  ImGui::InputText("##keyed", f.keyed, sizeof f.keyed, ImGuiInputTextFlags_ReadOnly);
  static const char* const keys[] = {"7", "8", "9", "del", "4", "5", "6", "e", "1", "2", "3", "-", "0", ".", "clear", "OK"};
  bool committed = false, close = false;
  auto remember_key = [&f](const std::string& label) {
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    f.keypad.push_back({label, {a.x, a.y, b.x - a.x, b.y - a.y}});
  };
  for (int k = 0; k < 16; ++k) {
    if (k % 4) ImGui::SameLine();
    const std::string t = keys[k];
    if (ImGui::Button(keys[k], ImVec2(key, 0))) {
      const size_t n = std::strlen(f.keyed);
      if (t == "del") {
        if (n) f.keyed[n - 1] = 0;
      } else if (t == "clear") {
        f.keyed[0] = 0;
      } else if (t == "OK") {
        double v = 0;
        if (parse_number(f.keyed, rule, &v, &f.error)) {
          std::snprintf(f.text, sizeof f.text, "%s", f.keyed);
          committed = v != *value;
          *value = v;
          close = true;
        }
      } else if (n + 1 < sizeof f.keyed) {
        f.keyed[n] = t[0], f.keyed[n + 1] = 0;
      }
    }
    remember_key(t);
  }
  if (!f.error.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.f, 0.45f, 0.4f, 1.f));
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + 4 * key + 3 * ImGui::GetStyle().ItemSpacing.x);
    ImGui::TextUnformatted(f.error.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
  }
  if (ImGui::Button("Cancel", ImVec2(-1, 0))) {
    // The setting keeps its value, and the field shows it again.
    f.error.clear();
    close = true;
  }
  remember_key("Cancel");
  if (close) {
    ImGui::CloseCurrentPopup();
    f.keypad.clear();
  }
  ImGui::EndPopup();
  return committed;
}

}  // namespace

bool number_field(const char* label, NumberField& f, double* value, const NumberRule& rule, const char* format) {
  // Outside editing the field shows the setting; a refused text stays until it is fixed.
  if (!f.active && f.error.empty()) std::snprintf(f.text, sizeof f.text, format, *value);
  if (!f.error.empty()) ImGui::PushStyleColor(ImGuiCol_FrameBg, ImVec4(0.45f, 0.12f, 0.12f, 1.f));
  // The field draws its own label, so keyboard focus and the screen-reader read-out name it.
  ImGui::InputText(label, f.text, sizeof f.text, ImGuiInputTextFlags_CharsScientific | ImGuiInputTextFlags_AutoSelectAll);
  const bool done = ImGui::IsItemDeactivatedAfterEdit();
  f.active = ImGui::IsItemActive();
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  f.box[0] = a.x, f.box[1] = a.y, f.box[2] = b.x - a.x, f.box[3] = b.y - a.y;
  if (!f.error.empty()) ImGui::PopStyleColor();
  const bool touch = touch_layout();
  ImGui::PushID(&f);  // a keypad of its own: fields side by side share an ID scope
  if (touch && ImGui::IsItemActivated()) {
    ImGui::ClearActiveID();  // the keypad edits, not the field
    std::snprintf(f.keyed, sizeof f.keyed, "%s", f.text);
    ImGui::OpenPopup(keypad_id(rule).c_str());
  }
  bool committed = touch && keypad(f, value, rule);
  ImGui::PopID();
  if (touch) f.active = !f.keypad.empty();
  if (done) {
    double v = 0;
    if (parse_number(f.text, rule, &v, &f.error) && v != *value) {
      *value = v;
      committed = true;
    }
  }
  if (!f.error.empty() && f.error_inline) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.f, 0.45f, 0.4f, 1.f));
    ImGui::TextWrapped("%s", f.error.c_str());
    ImGui::PopStyleColor();
  }
  return committed;
}

}  // namespace bn::app
