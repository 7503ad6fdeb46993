// Keyboard focus across every control of every panel, as a web page's Tab order would have it.
// ImGui 1.86 tabs only between text fields of one window; this ring collects every interactive
// item a frame submits (through ImGui's item hooks, compiled in with IMGUI_ENABLE_TEST_ENGINE),
// in submission order, and moves ImGui's navigation focus along it on Tab and Shift-Tab, so the
// focus is drawn where it is (ImGui's nav highlight) and Space/Enter act on it. The ring hangs off
// the ImGui context (ImGuiContext::TestEngine), not a global.
// Not here: which key is Tab (the platform mains decide), or any drawing of its own.
#pragma once
#include <string>
#include <vector>

#include "imgui.h"

struct ImGuiWindow;

namespace bn::app {

// Adds the last item to the current context's ring (if any): for widgets ImGui 1.86 does not
// report to its item hooks (combo boxes).
void focusable(const char* label);

class FocusRing {
 public:
  // Hooks this ring into the current ImGui context; unhooked on destruction.
  FocusRing();
  ~FocusRing();
  FocusRing(const FocusRing&) = delete;
  FocusRing& operator=(const FocusRing&) = delete;

  // Call after ImGui::NewFrame: applies a pending Tab from the frame before, then starts
  // collecting this frame's items.
  void begin_frame();
  // Tab (forward) or Shift-Tab (back): moves at the next begin_frame.
  void request_move(bool back) { pending_ = back ? -1 : +1; }
  // Tab on the last control (Shift-Tab on the first) leaves the page, as it would leave a web
  // page's last control: when the focus is there, it is taken off every control and true says
  // the platform should let the key move the browser's focus on. Otherwise false (nothing moved).
  bool leave(bool back);
  // Whether a control has the keyboard focus and it is shown (a key press acts on it).
  bool active() const;
  // The focused control's label ("Start", "learning rate"), or "".
  std::string focused_label() const;
  // Whether the focused control takes text (Enter edits it rather than pressing it).
  bool focused_is_text() const;

  // Called by the item hooks.
  void item_added(ImGuiID id, const ImVec2& min, const ImVec2& max);
  void item_info(ImGuiID id, const char* label, bool disabled, bool text);

 private:
  struct Item {
    ImGuiID id;
    ImGuiWindow* window;
    ImVec2 min, max;
    std::string label;
    bool text;
  };
  std::vector<Item> items_, building_;
  ImGuiID last_id_ = 0;
  ImVec2 last_min_, last_max_;
  int pending_ = 0;
  ImGuiContext* ctx_ = nullptr;
};

}  // namespace bn::app
