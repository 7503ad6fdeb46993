// Draws an ImGui frame into only the damaged part of a framebuffer that kept last frame's pixels
// (a WebGL canvas created with preserveDrawingBuffer): the damaged rectangles are cleared, then
// the lists that reach into them are drawn again whole. See damage.h.
#pragma once
#include "app/fonts.h"
#include "platform/gl/damage.h"

namespace bn::platform {

// Needs a current GL context and ImGui's OpenGL3 backend; `dd` is the frame's draw data.
void redraw(const ImDrawData& dd, const Damage& damage, app::Rgb clear);

}  // namespace bn::platform
