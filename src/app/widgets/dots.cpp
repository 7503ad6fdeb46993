#include "app/widgets/dots.h"

#include <algorithm>

namespace bn::app {

void add_dots(ImDrawList* dl, TextureApi* api, const std::vector<ImVec2>& centres, const std::vector<ImU32>& colours,
              float radius) {
  const int n = static_cast<int>(std::min(centres.size(), colours.size()));
  if (!api || !api->dots()) {
    for (int i = 0; i < n; ++i) dl->AddCircleFilled(centres[i], radius, colours[i], 6);
    return;
  }
  // An equilateral triangle whose inscribed circle is the dot plus a pixel for its soft edge:
  // corners at twice that radius, UVs in units of the dot's radius.
  const float inner = radius + 1.f, r = 2.f * inner;
  const ImVec2 corner[3] = {{0.f, -1.f}, {0.8660254f, 0.5f}, {-0.8660254f, 0.5f}};
  api->begin_dots(dl);
  dl->PrimReserve(3 * n, 3 * n);
  for (int i = 0; i < n; ++i) {
    const ImDrawIdx base = static_cast<ImDrawIdx>(dl->_VtxCurrentIdx);
    for (const ImVec2& c : corner)
      dl->PrimWriteVtx(ImVec2(centres[i].x + r * c.x, centres[i].y + r * c.y), ImVec2(r * c.x / radius, r * c.y / radius),
                       colours[i]);
    dl->PrimWriteIdx(base);
    dl->PrimWriteIdx(static_cast<ImDrawIdx>(base + 1));
    dl->PrimWriteIdx(static_cast<ImDrawIdx>(base + 2));
  }
  api->end_dots(dl);
}

}  // namespace bn::app
