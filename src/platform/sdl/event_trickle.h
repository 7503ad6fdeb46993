// Feeds SDL's events to ImGui 1.86 no faster than it can see them. 1.86 reads one state per key
// and mouse button a frame, so a key pressed and released between two frames (a quick tap, a
// test's keyboard.press, assistive software typing) was lost, and a release and the next press
// merged into one long press. Once an event would change a key or button that already changed
// this frame, it and every later event wait for the next frame, in order. (ImGui 1.87 queues
// input itself; Debian has 1.86.) The SDL backend reads the mouse from SDL's live state, which is
// ahead of the events handled so far, so apply_mouse() puts the handled state back into ImGui.
//
// Touch (and quick pointer scripts) also jump the pointer and press in one go. ImGui lets a tab
// or an overlapping item take a press only if nothing else was hovered the frame before, so a
// press where the pointer has just arrived waits one frame (the first tap on a tab switched
// nothing). After a finger lifts, the pointer is gone: nothing stays hovered under it.
#pragma once
#include <SDL.h>

#include "imgui.h"

#include <bitset>
#include <cfloat>
#include <deque>

namespace bn::platform {

class EventTrickle {
 public:
  // The next event to handle this frame; false when the frame should go on without more.
  bool next(SDL_Event& e) {
    if (holding_) return false;
    if (!held_.empty()) {
      e = held_.front();
      if (!admit(e)) return hold_from_here(false, e);
      held_.pop_front();
      return true;
    }
    if (!SDL_PollEvent(&e)) return false;
    if (!admit(e)) return hold_from_here(true, e);
    return true;
  }
  // After ImGui_ImplSDL2_NewFrame: the mouse as the events handled so far left it.
  void apply_mouse(ImGuiIO& io) const {
    if (gone_) io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
    else if (has_pos_) io.MousePos = ImVec2(x_, y_);
    for (int b = 0; b < 3; ++b) io.MouseDown[b] = down_[b];
  }
  // Call once a frame, after the events were handled.
  void end_frame() {
    keys_.reset();
    buttons_.reset();
    holding_ = false;
    moved_ = false;
    if (lifted_) gone_ = true, lifted_ = false;
  }

 private:
  bool admit(const SDL_Event& e) {
    if (e.type == SDL_KEYDOWN || e.type == SDL_KEYUP) {
      if (e.key.repeat) return true;
      const int k = e.key.keysym.scancode;
      if (k < 0 || k >= kKeys) return true;
      if (keys_[k]) return false;
      keys_[k] = true;
    } else if (e.type == SDL_MOUSEBUTTONDOWN || e.type == SDL_MOUSEBUTTONUP) {
      const int b = e.button.button;
      if (b < 0 || b >= kButtons) return true;
      if (buttons_[b]) return false;
      const bool arrives = !has_pos_ || gone_ || e.button.x != static_cast<int>(x_) || e.button.y != static_cast<int>(y_);
      if (e.type == SDL_MOUSEBUTTONDOWN && (moved_ || arrives)) {
        // Let ImGui see where the pointer is first.
        x_ = static_cast<float>(e.button.x), y_ = static_cast<float>(e.button.y), has_pos_ = true, gone_ = false;
        return false;
      }
      buttons_[b] = true;
      if (e.type == SDL_MOUSEBUTTONUP && e.button.which == SDL_TOUCH_MOUSEID) lifted_ = true;
      // ImGui's buttons 0, 1, 2 are SDL's left, right, middle.
      const int i = b == SDL_BUTTON_LEFT ? 0 : b == SDL_BUTTON_RIGHT ? 1 : b == SDL_BUTTON_MIDDLE ? 2 : -1;
      if (i >= 0) down_[i] = e.type == SDL_MOUSEBUTTONDOWN;
      x_ = static_cast<float>(e.button.x), y_ = static_cast<float>(e.button.y), has_pos_ = true;
    } else if (e.type == SDL_MOUSEMOTION) {
      if (static_cast<float>(e.motion.x) != x_ || static_cast<float>(e.motion.y) != y_ || gone_) moved_ = true;
      x_ = static_cast<float>(e.motion.x), y_ = static_cast<float>(e.motion.y), has_pos_ = true, gone_ = false;
    } else if (e.type == SDL_WINDOWEVENT && e.window.event == SDL_WINDOWEVENT_LEAVE) {
      has_pos_ = false;  // the backend's "no mouse" stands
    }
    return true;
  }
  bool hold_from_here(bool fresh, const SDL_Event& e) {
    if (fresh) held_.push_back(e);
    // Everything SDL has queued behind it waits too, so the order stays.
    SDL_Event rest;
    while (fresh && SDL_PollEvent(&rest)) held_.push_back(rest);
    holding_ = true;
    return false;
  }

  static constexpr int kKeys = SDL_NUM_SCANCODES, kButtons = 8;
  std::bitset<kKeys> keys_;
  std::bitset<kButtons> buttons_;
  std::deque<SDL_Event> held_;
  bool holding_ = false;
  bool down_[3] = {false, false, false};
  bool has_pos_ = false;
  bool moved_ = false;   // the pointer moved this frame
  bool lifted_ = false;  // a finger lifted this frame
  bool gone_ = false;    // no pointer since a finger lifted
  float x_ = 0, y_ = 0;
};

}  // namespace bn::platform
