// DamageTracker: which parts of the screen changed since the last frame, found by comparing each
// ImGui draw list with its previous contents. The page redraws only those rectangles (its WebGL
// canvas keeps its pixels between frames), and nothing at all when nothing changed.
//
// Why: without a GPU, browsers rasterise WebGL in software, and there a full 1280x800 ImGui frame
// costs 25-30 ms of CPU; while training, the progress line, the curves and the latent plane change
// every frame, the rest of the screen seldom. A frame that only the mouse moved over costs nothing.
//
// A list counts as changed when its vertices, indices or commands differ from last frame's, or
// when it draws a texture whose pixels changed. Its old and new bounds are then damaged, as are
// the bounds of lists that went away (a closed tooltip). Every list that reaches into a damaged
// rectangle is drawn again whole, with its own clip rectangles, and its bounds join the damage;
// so the pixels come out exactly as a full redraw would make them (narrowing clip rectangles
// instead would round differently at fractional pixel densities). No GL here; see redraw.h.
#pragma once
#include <vector>

#include "imgui.h"

namespace bn::platform {

struct DamageRect {
  float x0, y0, x1, y1;  // display coordinates, whole pixels
  float area() const { return (x1 - x0) * (y1 - y0); }
};

// What a frame redraws: rectangles to clear, then these lists, in the draw data's order.
struct Damage {
  std::vector<DamageRect> rects;
  std::vector<ImDrawList*> lists;
  bool empty() const { return lists.empty() && rects.empty(); }
};

class DamageTracker {
 public:
  // The next update() reports the whole display (the canvas was cleared, the font rebuilt).
  void invalidate() { everything_ = true; }
  // A texture's pixels changed since the last update(); lists that draw it are redrawn.
  void texture_changed(ImTextureID id) { textures_.push_back(id); }

  // Compares this frame's draw data with the last frame's and returns what to redraw; empty
  // when nothing changed.
  const Damage& update(const ImDrawData& dd);

  // The share of the display the last update() damaged, 0 to 1.
  float damaged_share() const { return share_; }

 private:
  struct ListState {
    const ImDrawList* list;
    std::vector<unsigned char> bytes;
    DamageRect bounds;
    bool seen;
  };
  void add(const DamageRect& r);
  // `in`: the lists redrawn so far (the changed ones), grown to all that must be.
  void close_over(const ImDrawData& dd, const std::vector<DamageRect>& bounds, std::vector<char>& in);

  std::vector<ListState> lists_;
  std::vector<ImTextureID> textures_;
  Damage damage_;
  std::vector<unsigned char> scratch_;
  ImVec2 display_pos_{}, display_size_{-1, -1}, scale_{};
  bool everything_ = true;
  float share_ = 1.f;
};

}  // namespace bn::platform
