// What the app needs from the platform's renderer: RGBA8 textures it can create, refill and show
// with ImGui::Image, and optionally a colour-map shader for them and a shader for scatter dots.
// The web and desktop mains implement it with OpenGL (platform/gl); tests of app logic can count
// calls instead.
#pragma once
#include <cstdint>

#include "imgui.h"

namespace bn::app {

class TextureApi {
 public:
  virtual ~TextureApi() = default;
  // A w x h texture, contents undefined until update(). Null if the renderer has none left.
  virtual ImTextureID create(int w, int h) = 0;
  // rgba: w x h x 4 bytes, row-major, top row first; w and h as created.
  virtual void update(ImTextureID id, int w, int h, const uint8_t* rgba) = 0;
  virtual void destroy(ImTextureID id) = 0;

  // Colour maps on the GPU (shaders/colormap.frag): when supported, a texture holds one value per
  // pixel in its red channel and images drawn between begin_colormap and end_colormap are
  // coloured by map `map` (0 ink, 1 diverging). Without support the app colours on the CPU.
  virtual bool colormaps() const { return false; }
  virtual void begin_colormap(ImDrawList*, int /*map*/) {}
  virtual void end_colormap(ImDrawList*) {}

  // Round dots on the GPU (shaders/scatter.*): between begin_dots and end_dots, a triangle whose
  // UVs give its corners' offsets from a dot's centre, in radii, is drawn as that dot. Without
  // support the app draws circles (widgets/dots.h).
  virtual bool dots() const { return false; }
  virtual void begin_dots(ImDrawList*) {}
  virtual void end_dots(ImDrawList*) {}
};

}  // namespace bn::app
