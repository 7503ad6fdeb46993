// Small widgets that adapt to the width and the pointer the layout was made for.
#pragma once
#include <string>

#include "imgui.h"

namespace bn::app {

// A grey note beside the last item when it fits on that line, else wrapped on a line of its own:
// on a phone a same-line note ran off the edge ("or drop a .bnm file her").
void side_note(const char* text);
void side_note(const char* text, const ImVec4& color);

// A line cut to the space left, with "..." and the whole of it on hover, where wrapping would
// push what follows down (a picture grid sized to the panel).
void text_fitted(const std::string& text);

// ImGui's SmallButton where the layout's buttons are small; a full button where they are touch
// targets (a 14-pixel "x" in a table row is not something a finger can hit).
bool small_button(const char* label);

// Whether the layout is a touch one (frames padded to 44-pixel targets, as on a phone).
bool touch_layout();

// The height for a list's rows (a combo's items): a touch target where the layout's frames are,
// else 0 (ImGui's own).
float touch_row_height();

// ImGui's SetTooltip, wrapped to fit the screen: on a phone a long tooltip ran off its right edge.
void tip(const char* fmt, ...) IM_FMTARGS(1);

// ImGui's TreeNodeEx, as tall as a touch target where the layout's frames are.
bool tree_node(const char* label, int flags = 0);

// ImGui's Combo, as wide as `width`, or (width 0) as its widest item needs, so "sigmoid" is not
// cut to "sigmo" where frames are padded for touch; its items touch targets there; and on the
// keyboard's focus ring, which ImGui 1.86's item hooks do not report combo boxes to.
bool combo(const char* label, int* current, const char* const items[], int count, float width = 0.f);

}  // namespace bn::app
