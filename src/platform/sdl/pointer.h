// Hands the app every pointer position SDL reports while the left button (or a finger, or a pen
// tip: browsers and SDL turn both into mouse events) is down, not only where the pointer is at the
// start of a frame. A quick stroke then keeps its shape however slowly frames come; ImGui 1.86
// itself sees one position per frame.
#pragma once
#include <SDL.h>

#include "app/app.h"

namespace bn::platform {

inline void forward_pointer(const SDL_Event& e, app::App& app) {
  if (e.type == SDL_MOUSEMOTION && (e.motion.state & SDL_BUTTON_LMASK))
    app.pointer_sample(static_cast<float>(e.motion.x), static_cast<float>(e.motion.y));
  else if ((e.type == SDL_MOUSEBUTTONDOWN || e.type == SDL_MOUSEBUTTONUP) && e.button.button == SDL_BUTTON_LEFT)
    app.pointer_sample(static_cast<float>(e.button.x), static_cast<float>(e.button.y));
}

}  // namespace bn::platform
