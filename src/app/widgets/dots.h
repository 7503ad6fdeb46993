// Many small round dots (the code-space scatter), drawn by the renderer's dot shader when it has
// one (one triangle a dot, see TextureApi::dots), else as ImGui circles.
#pragma once
#include <vector>

#include "app/texture_api.h"

namespace bn::app {

void add_dots(ImDrawList* dl, TextureApi* api, const std::vector<ImVec2>& centres, const std::vector<ImU32>& colours,
              float radius);

}  // namespace bn::app
