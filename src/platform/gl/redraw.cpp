#include "platform/gl/redraw.h"

#include <cmath>

#if defined(__EMSCRIPTEN__)
#include <GLES3/gl3.h>
#else
#include <SDL_opengl.h>
#endif

#include "imgui_impl_opengl3.h"

namespace bn::platform {

void redraw(const ImDrawData& dd, const Damage& damage, app::Rgb clear) {
  const ImVec2 pos = dd.DisplayPos, scale = dd.FramebufferScale;
  const int fb_h = static_cast<int>(dd.DisplaySize.y * scale.y);
  glEnable(GL_SCISSOR_TEST);
  glClearColor(clear.r, clear.g, clear.b, 1.f);
  for (const DamageRect& r : damage.rects) {
    // Whole framebuffer pixels covering the rectangle (GL's y axis points up).
    const int x0 = static_cast<int>(std::floor((r.x0 - pos.x) * scale.x));
    const int y0 = static_cast<int>(std::floor((r.y0 - pos.y) * scale.y));
    const int x1 = static_cast<int>(std::ceil((r.x1 - pos.x) * scale.x));
    const int y1 = static_cast<int>(std::ceil((r.y1 - pos.y) * scale.y));
    glScissor(x0, fb_h - y1, x1 - x0, y1 - y0);
    glClear(GL_COLOR_BUFFER_BIT);
  }
  glDisable(GL_SCISSOR_TEST);
  if (damage.lists.empty()) return;
  ImDrawData part = dd;
  part.CmdLists = const_cast<ImDrawList**>(damage.lists.data());
  part.CmdListsCount = static_cast<int>(damage.lists.size());
  part.TotalVtxCount = part.TotalIdxCount = 0;
  for (const ImDrawList* l : damage.lists) part.TotalVtxCount += l->VtxBuffer.Size, part.TotalIdxCount += l->IdxBuffer.Size;
  ImGui_ImplOpenGL3_RenderDrawData(&part);
}

}  // namespace bn::platform
