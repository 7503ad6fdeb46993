#include "platform/desktop/screenshot.h"

#include <SDL_opengl.h>

#include <cstring>
#include <filesystem>
#include <unordered_set>

// stb_image_write (Debian's libstb-dev) is compiled here and only here; static, so its symbols
// cannot clash with the copy in libstb.a should anything link that.
#define STB_IMAGE_WRITE_IMPLEMENTATION
#define STB_IMAGE_WRITE_STATIC
#include <stb/stb_image_write.h>

namespace bn::platform {

Screenshot read_back_buffer(int w, int h) {
  Screenshot shot;
  if (w <= 0 || h <= 0) return shot;
  shot.w = w;
  shot.h = h;
  const size_t row = static_cast<size_t>(w) * 3;
  std::vector<uint8_t> bottom_up(row * static_cast<size_t>(h));
  glReadBuffer(GL_BACK);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, w, h, GL_RGB, GL_UNSIGNED_BYTE, bottom_up.data());
  shot.rgb.resize(bottom_up.size());
  for (int y = 0; y < h; ++y)
    std::memcpy(&shot.rgb[static_cast<size_t>(y) * row], &bottom_up[static_cast<size_t>(h - 1 - y) * row], row);
  return shot;
}

Status write_png(const std::string& path, const Screenshot& shot) {
  if (shot.rgb.empty()) return Status::error(path + ": the window has no pixels to save (drawable size 0)");
  const std::filesystem::path dir = std::filesystem::path(path).parent_path();
  std::error_code ec;
  if (!dir.empty()) std::filesystem::create_directories(dir, ec);
  if (ec) return Status::error(dir.string() + ": cannot create the directory (" + ec.message() + "); pick another --screenshot path");
  if (!stbi_write_png(path.c_str(), shot.w, shot.h, 3, shot.rgb.data(), shot.w * 3))
    return Status::error(path + ": could not write the PNG; check the directory is writable and the disk not full");
  return Status::ok();
}

size_t count_colours(const Screenshot& shot) {
  std::unordered_set<uint32_t> colours;
  for (size_t i = 0; i + 2 < shot.rgb.size(); i += 3)
    colours.insert(uint32_t{shot.rgb[i]} << 16 | uint32_t{shot.rgb[i + 1]} << 8 | shot.rgb[i + 2]);
  return colours.size();
}

}  // namespace bn::platform
