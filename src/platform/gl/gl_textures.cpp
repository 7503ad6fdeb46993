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

GLuint compile(GLenum type, const char* body, const char* what) {
  const GLuint s = glCreateShader(type);
  const char* parts[] = {kVersion, body};
  glShaderSource(s, 2, parts, nullptr);
  glCompileShader(s);
  GLint ok = 0;
  glGetShaderiv(s, GL_COMPILE_STATUS, &ok);
  if (!ok) {
    char log[512] = {};
    glGetShaderInfoLog(s, sizeof log, nullptr, log);
    std::fprintf(stderr, "the %s did not compile: %s\n", what, log);
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

void GlTextures::begin_dots(ImDrawList* dl) { dl->AddCallback(&GlTextures::apply, &bindings_[2]); }

void GlTextures::end_dots(ImDrawList* dl) { dl->AddCallback(ImDrawCallback_ResetRenderState, nullptr); }

void GlTextures::apply(const ImDrawList*, const ImDrawCmd* cmd) {
  const Binding* b = static_cast<const Binding*>(cmd->UserCallbackData);
  b->owner->use(b->kind, b->map);
}

void GlTextures::use(Kind kind, int map) {
  // No GL queries here but on the first call: in WebGL each is a synchronous round trip to the
  // GPU process, and a frame has a hundred images.
  Program& p = programs_[kind];
  if (!p.id && !p.failed) {
    GLint imgui = 0;
    glGetIntegerv(GL_CURRENT_PROGRAM, &imgui);
    if (!build(kind, static_cast<unsigned>(imgui))) p.failed = true;
  }
  if (!p.id) return;
  // ImGui's orthographic projection of the draw data being rendered, as its backend computes it.
  const ImDrawData* dd = ImGui::GetDrawData();
  const float l = dd->DisplayPos.x, r = l + dd->DisplaySize.x, t = dd->DisplayPos.y, b = t + dd->DisplaySize.y;
  const GLfloat projection[16] = {2.f / (r - l),     0, 0, 0, 0, 2.f / (t - b), 0, 0, 0, 0, -1.f, 0,
                                  (r + l) / (l - r), (t + b) / (b - t), 0, 1.f};
  glUseProgram(p.id);
  glUniformMatrix4fv(p.proj, 1, GL_FALSE, projection);
  if (p.texture >= 0) glUniform1i(p.texture, 0);
  if (p.map >= 0) glUniform1i(p.map, map);
}

bool GlTextures::build(Kind kind, unsigned imgui_program) {
  const char* vert = kind == kColormap ? kShader_image_vert : kShader_scatter_vert;
  const char* frag = kind == kColormap ? kShader_colormap_frag : kShader_scatter_frag;
  const char* what = kind == kColormap ? "colour-map shader (images use CPU colours)" : "dot shader (dots are circles)";
  const GLuint vs = compile(GL_VERTEX_SHADER, vert, what), fs = compile(GL_FRAGMENT_SHADER, frag, what);
  if (!vs || !fs) {
    if (vs) glDeleteShader(vs);
    if (fs) glDeleteShader(fs);
    return false;
  }
  const GLuint id = glCreateProgram();
  glAttachShader(id, vs);
  glAttachShader(id, fs);
  for (const char* attr : {"Position", "UV", "Color"}) {
    const GLint at = glGetAttribLocation(imgui_program, attr);
    if (at >= 0) glBindAttribLocation(id, static_cast<GLuint>(at), attr);
  }
  glLinkProgram(id);
  glDeleteShader(vs);
  glDeleteShader(fs);
  GLint ok = 0;
  glGetProgramiv(id, GL_LINK_STATUS, &ok);
  if (!ok) {
    std::fprintf(stderr, "the %s did not link\n", what);
    glDeleteProgram(id);
    return false;
  }
  Program& p = programs_[kind];
  p.id = id;
  p.proj = glGetUniformLocation(id, "ProjMtx");
  p.texture = glGetUniformLocation(id, "Texture");
  p.map = glGetUniformLocation(id, "Map");
  return true;
}

}  // namespace bn::platform
