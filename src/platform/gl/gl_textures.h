// TextureApi over OpenGL: RGBA8 textures with nearest filtering (digits are shown as crisp
// pixels), and the shaders of shaders/ (image.vert + colormap.frag for images, scatter.vert +
// scatter.frag for dots) switched in through ImGui draw-list callbacks. Uses only calls that WebGL2, OpenGL ES 3 and
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
  bool colormaps() const override { return !programs_[kColormap].failed; }
  void begin_colormap(ImDrawList* dl, int map) override;
  void end_colormap(ImDrawList* dl) override;
  bool dots() const override { return !programs_[kDots].failed; }
  void begin_dots(ImDrawList* dl) override;
  void end_dots(ImDrawList* dl) override;
  // Textures created or refilled from now on are reported to `damage` (null: to no one).
  void report_changes_to(DamageTracker* damage) { damage_ = damage; }

 private:
  enum Kind { kColormap = 0, kDots = 1 };
  struct Program {
    unsigned id = 0;
    int proj = -1, texture = -1, map = -1;
    bool failed = false;
  };
  struct Binding {
    GlTextures* owner;
    Kind kind;
    int map;
  };
  static void apply(const ImDrawList*, const ImDrawCmd* cmd);
  // Switches from ImGui's program (current during rendering) to one of ours; builds it on first
  // use with ImGui's attribute locations, since ImGui's vertex arrays are set up for those.
  void use(Kind kind, int map);
  bool build(Kind kind, unsigned imgui_program);

  Binding bindings_[3] = {{this, kColormap, 0}, {this, kColormap, 1}, {this, kDots, 0}};
  Program programs_[2];
  DamageTracker* damage_ = nullptr;
};

}  // namespace bn::platform
