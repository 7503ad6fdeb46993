// Small widgets that adapt to the width and the pointer the layout was made for.
#pragma once

namespace bn::app {

// A grey note beside the last item when it fits on that line, else wrapped on a line of its own:
// on a phone a same-line note ran off the edge ("or drop a .bnm file her").
void side_note(const char* text);

// ImGui's SmallButton where the layout's buttons are small; a full button where they are touch
// targets (a 14-pixel "x" in a table row is not something a finger can hit).
bool small_button(const char* label);

// ImGui's TreeNodeEx, as tall as a touch target where the layout's frames are.
bool tree_node(const char* label, int flags = 0);

// ImGui's Combo, as wide as `width`, or (width 0) as its widest item needs, so "sigmoid" is not
// cut to "sigmo" where frames are padded for touch; and on the keyboard's focus ring, which
// ImGui 1.86's item hooks do not report combo boxes to.
bool combo(const char* label, int* current, const char* const items[], int count, float width = 0.f);

}  // namespace bn::app
