#include "app/widgets/fitting.h"

#include <algorithm>
#include <cstring>

#include "app/focus_ring.h"
#include "imgui.h"

namespace bn::app {

void side_note(const char* text) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  const float x = ImGui::GetItemRectMax().x + style.ItemSpacing.x;
  if (x + ImGui::CalcTextSize(text).x <= right) {
    ImGui::SameLine();
    ImGui::TextDisabled("%s", text);
    return;
  }
  ImGui::PushStyleColor(ImGuiCol_Text, style.Colors[ImGuiCol_TextDisabled]);
  ImGui::TextWrapped("%s", text);
  ImGui::PopStyleColor();
}

namespace {
// The narrow layout pads frames to 44-pixel touch targets.
bool touch_layout() { return ImGui::GetFrameHeight() >= 40.f; }
}  // namespace

bool small_button(const char* label) {
  return touch_layout() ? ImGui::Button(label) : ImGui::SmallButton(label);
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
  const bool picked = ImGui::Combo(label, current, items, count);
  // "##activation" has no visible label; the focus read-out still needs a name.
  focusable(std::strncmp(label, "##", 2) == 0 ? label + 2 : label);
  return picked;
}

}  // namespace bn::app
