#include "app/widgets/fitting.h"

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <cstring>

#include "app/focus_ring.h"
#include "imgui.h"

namespace bn::app {

void side_note(const char* text) { side_note(text, ImGui::GetStyle().Colors[ImGuiCol_TextDisabled]); }

void side_note(const char* text, const ImVec4& color) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  const float x = ImGui::GetItemRectMax().x + style.ItemSpacing.x;
  if (x + ImGui::CalcTextSize(text).x <= right) {
    ImGui::SameLine();
    ImGui::TextColored(color, "%s", text);
    return;
  }
  ImGui::PushStyleColor(ImGuiCol_Text, color);
  ImGui::TextWrapped("%s", text);
  ImGui::PopStyleColor();
}

void text_fitted(const std::string& text) {
  const float room = ImGui::GetContentRegionAvail().x;
  if (ImGui::CalcTextSize(text.c_str()).x <= room) {
    ImGui::TextUnformatted(text.c_str());
    return;
  }
  const char* const dots = "...";
  const float keep = room - ImGui::CalcTextSize(dots).x;
  size_t n = text.size();
  while (n > 0 && ImGui::CalcTextSize(text.c_str(), text.c_str() + n).x > keep) --n;
  while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;  // not inside a UTF-8 sequence
  ImGui::TextUnformatted((text.substr(0, n) + dots).c_str());
  if (ImGui::IsItemHovered()) tip("%s", text.c_str());
}

void tip(const char* fmt, ...) {
  char text[1024];
  va_list args;
  va_start(args, fmt);
  std::vsnprintf(text, sizeof text, fmt, args);
  va_end(args);
  const float screen = ImGui::GetMainViewport()->WorkSize.x;
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(std::min(ImGui::GetFontSize() * 36, screen - 4 * ImGui::GetStyle().WindowPadding.x));
  ImGui::TextUnformatted(text);
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}

// The narrow layout pads frames to 44-pixel touch targets.
bool touch_layout() { return ImGui::GetFrameHeight() >= 40.f; }

float touch_row_height() { return touch_layout() ? 44.f : 0.f; }

bool small_button(const char* label) {
  if (!touch_layout()) return ImGui::SmallButton(label);
  const float w = ImGui::CalcTextSize(label, nullptr, true).x + 2 * ImGui::GetStyle().FramePadding.x;
  return ImGui::Button(label, ImVec2(std::max(44.f, w), 0));
}

bool tree_node(const char* label, int flags) {
  return ImGui::TreeNodeEx(label, flags | (touch_layout() ? ImGuiTreeNodeFlags_FramePadding : 0));
}

bool combo(const char* label, int* current, const char* const items[], int count, float width) {
  if (width <= 0) {
    for (int i = 0; i < count; ++i) width = std::max(width, ImGui::CalcTextSize(items[i]).x);
    width += ImGui::GetFrameHeight() + 2 * ImGui::GetStyle().FramePadding.x;  // the arrow, the padding
  }
  ImGui::SetNextItemWidth(width);
  bool picked = false;
  if (ImGui::BeginCombo(label, *current >= 0 && *current < count ? items[*current] : "")) {
    for (int i = 0; i < count; ++i) {
      ImGui::PushID(i);
      const bool selected = i == *current;
      if (ImGui::Selectable(items[i], selected, 0, ImVec2(0, touch_row_height()))) *current = i, picked = true;
      if (selected) ImGui::SetItemDefaultFocus();
      ImGui::PopID();
    }
    ImGui::EndCombo();
  }
  // "##activation" has no visible label; the focus read-out still needs a name.
  focusable(std::strncmp(label, "##", 2) == 0 ? label + 2 : label);
  return picked;
}

}  // namespace bn::app
