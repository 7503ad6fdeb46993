#include "platform/gl/gl_textures.h"

#include <cstdint>
#include <cstdio>
#include <string>

#if defined(__EMSCRIPTEN__)
#include <GLES3/gl3.h>
#else
#define GL_GLEXT_PROTOTYPES 1
#include <SDL_opengl.h>
#endif

#include "shader_texts.h"

namespace bn::platform {

namespace {
GLuint gl_id(ImTextureID id) { return static_cast<GLuint>(reinterpret_cast<intptr_t>(id)); }

#if defined(__EMSCRIPTEN__)
const char* const kVersion = "#version 300 es\nprecision mediump float;\n";
#else
const char* const kVersion = "#version 130\n";
#endif

GLuint compile(GLenum type, const char* body) {
  const GLuint s = glCreateShader(type);
  const char* parts[] = {kVersion, body};
  glShaderSource(s, 2, parts, nullptr);
  glCompileShader(s);
  GLint ok = 0;
  glGetShaderiv(s, GL_COMPILE_STATUS, &ok);
  if (!ok) {
    char log[512] = {};
    glGetShaderInfoLog(s, sizeof log, nullptr, log);
    std::fprintf(stderr, "colour-map shader did not compile (images use CPU colours): %s\n", log);
    glDeleteShader(s);
    return 0;
  }
  return s;
}
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
  const ImTextureID id = reinterpret_cast<ImTextureID>(static_cast<intptr_t>(tex));
  if (damage_) damage_->texture_changed(id);  // GL reuses the names of deleted textures
  return id;
}

void GlTextures::update(ImTextureID id, int w, int h, const uint8_t* rgba) {
  glBindTexture(GL_TEXTURE_2D, gl_id(id));
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
  if (damage_) damage_->texture_changed(id);
}

void GlTextures::destroy(ImTextureID id) {
  const GLuint tex = gl_id(id);
  if (tex) glDeleteTextures(1, &tex);
}

void GlTextures::begin_colormap(ImDrawList* dl, int map) {
  dl->AddCallback(&GlTextures::apply, &bindings_[map == 1 ? 1 : 0]);
}

void GlTextures::end_colormap(ImDrawList* dl) { dl->AddCallback(ImDrawCallback_ResetRenderState, nullptr); }

void GlTextures::apply(const ImDrawList*, const ImDrawCmd* cmd) {
  const Binding* b = static_cast<const Binding*>(cmd->UserCallbackData);
  b->owner->use(b->map);
}

void GlTextures::use(int map) {
  // No GL queries here but on the first call: in WebGL each is a synchronous round trip to the
  // GPU process, and a frame has a hundred images.
  if (!program_ && !failed_) {
    GLint imgui = 0;
    glGetIntegerv(GL_CURRENT_PROGRAM, &imgui);
    if (!build(static_cast<unsigned>(imgui))) failed_ = true;
  }
  if (!program_) return;
  // ImGui's orthographic projection of the draw data being rendered, as its backend computes it.
  const ImDrawData* dd = ImGui::GetDrawData();
  const float l = dd->DisplayPos.x, r = l + dd->DisplaySize.x, t = dd->DisplayPos.y, b = t + dd->DisplaySize.y;
  const GLfloat projection[16] = {2.f / (r - l),     0, 0, 0, 0, 2.f / (t - b), 0, 0, 0, 0, -1.f, 0,
                                  (r + l) / (l - r), (t + b) / (b - t), 0, 1.f};
  glUseProgram(program_);
  glUniformMatrix4fv(proj_, 1, GL_FALSE, projection);
  glUniform1i(texture_, 0);
  glUniform1i(map_, map);
}

bool GlTextures::build(unsigned imgui_program) {
  const GLuint vs = compile(GL_VERTEX_SHADER, kShader_image_vert), fs = compile(GL_FRAGMENT_SHADER, kShader_colormap_frag);
  if (!vs || !fs) return false;
  const GLuint p = glCreateProgram();
  glAttachShader(p, vs);
  glAttachShader(p, fs);
  for (const char* attr : {"Position", "UV", "Color"}) {
    const GLint at = glGetAttribLocation(imgui_program, attr);
    if (at >= 0) glBindAttribLocation(p, static_cast<GLuint>(at), attr);
  }
  glLinkProgram(p);
  glDeleteShader(vs);
  glDeleteShader(fs);
  GLint ok = 0;
  glGetProgramiv(p, GL_LINK_STATUS, &ok);
  if (!ok) {
    std::fprintf(stderr, "colour-map shader did not link; images use CPU colours\n");
    glDeleteProgram(p);
    return false;
  }
  program_ = p;
  proj_ = glGetUniformLocation(p, "ProjMtx");
  texture_ = glGetUniformLocation(p, "Texture");
  map_ = glGetUniformLocation(p, "Map");
  return true;
}

}  // namespace bn::platform
