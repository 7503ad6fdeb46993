#include "app/drag_scroll.h"

#include "imgui.h"
#include "imgui_internal.h"

namespace bn::app {

void drag_to_scroll() {
  ImGuiContext& g = *GImGui;
  // A press on empty space makes the window's move id active, even for a window that cannot
  // move; a press on a control makes the control's id active, and the control keeps the drag.
  ImGuiWindow* w = g.ActiveIdWindow;
  if (!w || g.ActiveId == 0 || g.ActiveId != w->MoveId || !ImGui::IsMouseDragging(ImGuiMouseButton_Left, 0.f)) return;
  const ImVec2 d = g.IO.MouseDelta;
  ImGuiWindow* y = w;
  while (y && y->ScrollMax.y <= 0 && (y->Flags & ImGuiWindowFlags_ChildWindow)) y = y->ParentWindow;
  if (y && y->ScrollMax.y > 0 && d.y != 0) ImGui::SetScrollY(y, y->Scroll.y - d.y);
  if (w->ScrollMax.x > 0 && d.x != 0) ImGui::SetScrollX(w, w->Scroll.x - d.x);
}

}  // namespace bn::app
