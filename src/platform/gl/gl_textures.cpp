#include "platform/gl/gl_textures.h"

#include <cstdint>

#if defined(__EMSCRIPTEN__)
#include <GLES3/gl3.h>
#else
#include <SDL_opengl.h>
#endif

namespace bn::platform {

namespace {
GLuint gl_id(ImTextureID id) { return static_cast<GLuint>(reinterpret_cast<intptr_t>(id)); }
}  // namespace

ImTextureID GlTextures::create(int w, int h) {
  GLuint tex = 0;
  glGenTextures(1, &tex);
  if (!tex) return nullptr;
  glBindTexture(GL_TEXTURE_2D, tex);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
  return reinterpret_cast<ImTextureID>(static_cast<intptr_t>(tex));
}

void GlTextures::update(ImTextureID id, int w, int h, const uint8_t* rgba) {
  glBindTexture(GL_TEXTURE_2D, gl_id(id));
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
}

void GlTextures::destroy(ImTextureID id) {
  const GLuint tex = gl_id(id);
  if (tex) glDeleteTextures(1, &tex);
}

}  // namespace bn::platform
