// Routes keys between the app's keyboard focus, ImGui and the app's shortcuts, the same in the
// page and the desktop app. Tab and Shift-Tab move the focus through every control (ImGui 1.86
// would only tab between one window's text fields); Enter presses a focused button, checkbox or
// tree node, as Space does (1.86 presses them only with Space); Space and letters are shortcuts
// only while no control has the focus and no field takes text.
#pragma once
#include <SDL.h>

#include "app/app.h"
#include "imgui.h"

namespace bn::platform {

class KeyRouter {
 public:
  // False when the event was used up here; else pass it on to ImGui (possibly rewritten), then
  // call shortcut().
  bool route(SDL_Event& e, app::App& app) {
    if (e.type != SDL_KEYDOWN && e.type != SDL_KEYUP) return true;
    const SDL_Scancode sc = e.key.keysym.scancode;
    if (sc == SDL_SCANCODE_TAB) {
      if (e.type == SDL_KEYDOWN) app.tab((e.key.keysym.mod & KMOD_SHIFT) != 0);
      return false;
    }
    const bool enter = sc == SDL_SCANCODE_RETURN || sc == SDL_SCANCODE_KP_ENTER;
    if (enter && e.type == SDL_KEYDOWN && !e.key.repeat && app.keyboard_focus() && !app.focus_takes_text() &&
        !ImGui::GetIO().WantTextInput)
      enter_as_space_ = true;
    if (enter && enter_as_space_) {
      if (e.type == SDL_KEYUP) enter_as_space_ = false;
      e.key.keysym.scancode = SDL_SCANCODE_SPACE;
      e.key.keysym.sym = SDLK_SPACE;
    }
    return true;
  }
  static void shortcut(const SDL_Event& e, app::App& app) {
    if (e.type == SDL_KEYDOWN && !e.key.repeat && !ImGui::GetIO().WantTextInput && e.key.keysym.sym < 128)
      app.key(static_cast<int>(e.key.keysym.sym));
  }

 private:
  bool enter_as_space_ = false;
};

}  // namespace bn::platform
