#include "app/widgets/number_field.h"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "app/text.h"
#include "imgui.h"

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
  bool committed = false;
  if (done) {
    double v = 0;
    if (parse_number(f.text, rule, &v, &f.error) && v != *value) {
      *value = v;
      committed = true;
    }
  }
  if (!f.error.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.f, 0.45f, 0.4f, 1.f));
    ImGui::TextWrapped("%s", f.error.c_str());
    ImGui::PopStyleColor();
  }
  return committed;
}

}  // namespace bn::app
