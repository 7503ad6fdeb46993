// TextureApi over OpenGL: RGBA8 textures with nearest filtering (digits are shown as crisp
// pixels), and the colour-map shader of shaders/ (image.vert, colormap.frag) switched in for
// single images through ImGui draw-list callbacks. Uses only calls that WebGL2, OpenGL ES 3 and
// desktop OpenGL 3 share, so the web and desktop mains both take it. Needs a current context.
// If the shader does not compile, images fall back to the CPU's colours (colormaps() false).
#pragma once
#include <cstdint>

#include "app/texture_api.h"
#include "platform/gl/damage.h"

namespace bn::platform {

class GlTextures : public app::TextureApi {
 public:
  ImTextureID create(int w, int h) override;
  void update(ImTextureID id, int w, int h, const uint8_t* rgba) override;
  void destroy(ImTextureID id) override;
  bool colormaps() const override { return !failed_; }
  // Textures created or refilled from now on are reported to `damage` (null: to no one).
  void report_changes_to(DamageTracker* damage) { damage_ = damage; }
  void begin_colormap(ImDrawList* dl, int map) override;
  void end_colormap(ImDrawList* dl) override;

 private:
  struct Binding {
    GlTextures* owner;
    int map;
  };
  static void apply(const ImDrawList*, const ImDrawCmd* cmd);
  // Switches from ImGui's program (current during rendering) to ours; builds ours on first use
  // with ImGui's attribute locations, since ImGui's vertex arrays are set up for those.
  void use(int map);
  bool build(unsigned imgui_program);

  Binding bindings_[2] = {{this, 0}, {this, 1}};
  unsigned program_ = 0;
  int proj_ = -1, texture_ = -1, map_ = -1;
  bool failed_ = false;
  DamageTracker* damage_ = nullptr;
};

}  // namespace bn::platform
