#include "app/fonts.h"

#include <algorithm>

#include "imgui.h"

namespace bn::app {

namespace {
// TrueType ("\0\1\0\0", "true") or OpenType-with-TrueType-outlines; ImGui's rasteriser asserts on
// anything else, so it is checked first.
bool looks_like_ttf(const uint8_t* b, size_t n) {
  if (n < 12) return false;
  return (b[0] == 0 && b[1] == 1 && b[2] == 0 && b[3] == 0) || (b[0] == 't' && b[1] == 'r' && b[2] == 'u' && b[3] == 'e');
}
}  // namespace

void apply_style() {
  ImGui::StyleColorsDark();
  ImGuiStyle& style = ImGui::GetStyle();
  style.AntiAliasedFill = false;
  // Lists and tooltips over the panels: the dark style's 94% let the text beneath show through.
  style.Colors[ImGuiCol_PopupBg].w = 1.f;
}

Rgb clear_color() {
  const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
  return {bg.x, bg.y, bg.z};
}

bool use_font(const uint8_t* ttf, size_t size, float density) {
  if (!looks_like_ttf(ttf, size)) return false;
  density = std::clamp(density, 1.f, 4.f);
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  ImFontConfig cfg;
  cfg.FontDataOwnedByAtlas = false;
  cfg.OversampleH = density > 1.5f ? 1 : 2;  // at 2x the physical pixels already give the detail
  if (!io.Fonts->AddFontFromMemoryTTF(const_cast<uint8_t*>(ttf), static_cast<int>(size), kFontSize * density, &cfg)) {
    io.Fonts->Clear();
    io.Fonts->AddFontDefault();
    io.FontGlobalScale = 1.f;
    return false;
  }
  io.FontGlobalScale = 1.f / density;
  return true;
}

}  // namespace bn::app
