#include "app/focus_ring.h"

#include <cstdarg>

#include "imgui_internal.h"

namespace bn::app {

namespace {
FocusRing* ring_of(ImGuiContext* ctx) { return ctx ? static_cast<FocusRing*>(ctx->TestEngine) : nullptr; }

// What a label says to a person: its visible part ("Start###start" -> "Start"), but a hidden
// part after "##" says more where the visible one is short ("x##delete run 3" -> "delete run 3",
// "##activation" -> "activation"). "###" only marks an ID.
std::string spoken_label(const char* label) {
  const char* end = label;
  while (*end && !(end[0] == '#' && end[1] == '#')) ++end;
  if (!*end) return label;
  const bool id_only = end[2] == '#';
  if (id_only && end != label) return std::string(label, end);
  const char* more = end;
  while (*more == '#') ++more;
  return *more ? std::string(more) : std::string(label, end);
}
}  // namespace

void focusable(const char* label) {
  ImGuiContext* g = ImGui::GetCurrentContext();
  if (FocusRing* r = ring_of(g))
    r->item_info(g->LastItemData.ID, label, (g->LastItemData.InFlags & ImGuiItemFlags_Disabled) != 0, false);
}

FocusRing::FocusRing() : ctx_(ImGui::GetCurrentContext()) {
  ctx_->TestEngine = this;
  ctx_->TestEngineHookItems = true;
}

FocusRing::~FocusRing() {
  if (ctx_ && ctx_->TestEngine == this) {
    ctx_->TestEngine = nullptr;
    ctx_->TestEngineHookItems = false;
  }
}

void FocusRing::item_added(ImGuiID id, const ImVec2& min, const ImVec2& max) {
  last_id_ = id, last_min_ = min, last_max_ = max;
}

void FocusRing::item_info(ImGuiID id, const char* label, bool disabled, bool text) {
  if (id == 0 || disabled || id != last_id_) return;
  ImGuiWindow* window = ctx_->CurrentWindow;
  if (!window || (window->Flags & ImGuiWindowFlags_NoNavInputs)) return;
  std::string shown = spoken_label(label ? label : "");
  building_.push_back({id, window, last_min_, last_max_, shown.empty() ? std::string("unnamed control") : shown, text});
}

void FocusRing::begin_frame() {
  items_.swap(building_);
  building_.clear();
  if (!pending_ || items_.empty()) {
    pending_ = 0;
    return;
  }
  ImGuiContext& g = *ctx_;
  // From the control with the visible focus, or the field being edited; else (ImGui's own
  // unseen nav position, a mouse click) from the first control, as on a fresh page.
  int at = -1;
  const bool shown = !g.NavDisableHighlight || (g.ActiveId != 0 && g.ActiveId == g.NavId);
  for (int i = 0; i < static_cast<int>(items_.size()); ++i)
    if (shown && items_[i].id == g.NavId) at = i;
  const int n = static_cast<int>(items_.size());
  const int next = at < 0 ? (pending_ > 0 ? 0 : n - 1) : (at + pending_ + n) % n;
  pending_ = 0;
  const Item& it = items_[next];
  // A field being edited is left first, so it takes (or refuses) what was typed.
  if (g.ActiveId) ImGui::ClearActiveID();
  ImGui::FocusWindow(it.window);
  ImGui::SetFocusID(it.id, it.window);
  // Shown, and keys go to it (Enter edits a text field, Space and Enter press the rest).
  g.NavDisableHighlight = false;
  g.NavDisableMouseHover = true;
  ImGui::ScrollToBringRectIntoView(it.window, ImRect(it.min, it.max));
}

bool FocusRing::leave(bool back) {
  if (!active() || items_.empty() || items_[back ? 0 : items_.size() - 1].id != ctx_->NavId) return false;
  ctx_->NavDisableHighlight = true;
  ctx_->NavDisableMouseHover = false;
  pending_ = 0;
  return true;
}

bool FocusRing::active() const {
  const ImGuiContext& g = *ctx_;
  if (g.NavDisableHighlight || g.NavId == 0) return false;
  for (const Item& it : items_)
    if (it.id == g.NavId) return true;
  return false;
}

std::string FocusRing::focused_label() const {
  if (!active()) return "";
  for (const Item& it : items_)
    if (it.id == ctx_->NavId) return it.label;
  return "";
}

bool FocusRing::focused_is_text() const {
  if (!active()) return false;
  for (const Item& it : items_)
    if (it.id == ctx_->NavId) return it.text;
  return false;
}

}  // namespace bn::app

// ImGui's item hooks (IMGUI_ENABLE_TEST_ENGINE): forwarded to the context's ring, if any.
void ImGuiTestEngineHook_ItemAdd(ImGuiContext* ctx, const ImRect& bb, ImGuiID id) {
  if (bn::app::FocusRing* r = bn::app::ring_of(ctx)) r->item_added(id, bb.Min, bb.Max);
}

void ImGuiTestEngineHook_ItemInfo(ImGuiContext* ctx, ImGuiID id, const char* label, ImGuiItemStatusFlags flags) {
  (void)flags;
  bn::app::FocusRing* r = bn::app::ring_of(ctx);
  if (!r) return;
  const ImGuiItemFlags item_flags = ctx->LastItemData.InFlags;
  r->item_info(id, label, (item_flags & ImGuiItemFlags_Disabled) != 0, (item_flags & ImGuiItemFlags_Inputable) != 0);
}

void ImGuiTestEngineHook_Log(ImGuiContext*, const char*, ...) {}

const char* ImGuiTestEngine_FindItemDebugLabel(ImGuiContext*, ImGuiID) { return nullptr; }
