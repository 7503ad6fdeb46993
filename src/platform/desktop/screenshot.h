// Screenshots of the desktop window: the GL back buffer read into memory, written as a PNG, and
// a count of its colours so a scripted run can tell a rendered window from a blank one.
// Desktop OpenGL only (the page takes its screenshots through the browser); needs a current context.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/base/status.h"

namespace bn::platform {

struct Screenshot {
  int w = 0, h = 0;
  std::vector<uint8_t> rgb;  // (h, w, 3), row-major, top row first
};

// The back buffer's w x h pixels. Call after rendering and before swapping: the back buffer's
// contents are undefined after a swap. GL's rows start at the bottom; these are flipped.
Screenshot read_back_buffer(int w, int h);

// Writes `shot` as an RGB PNG, creating the file's directory if needed.
Status write_png(const std::string& path, const Screenshot& shot);

// How many distinct RGB colours the picture holds: 1 for a window that only cleared its background.
size_t count_colours(const Screenshot& shot);

}  // namespace bn::platform
