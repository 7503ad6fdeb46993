// TextureApi over OpenGL: RGBA8 textures with nearest filtering (digits are shown as crisp
// pixels). Uses only OpenGL calls that WebGL2, OpenGL ES 3 and desktop OpenGL 3 share, so the
// web and desktop mains both take it. Needs a current context.
#pragma once
#include "app/texture_api.h"

namespace bn::platform {

class GlTextures : public app::TextureApi {
 public:
  ImTextureID create(int w, int h) override;
  void update(ImTextureID id, int w, int h, const uint8_t* rgba) override;
  void destroy(ImTextureID id) override;
};

}  // namespace bn::platform
