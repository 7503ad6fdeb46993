#include "core/data/ink.h"

#include <algorithm>
#include <cmath>

namespace bn {

namespace {
constexpr int kMnistSide = 28;
constexpr float kBoxSide = 20.f;       // NIST's size-normalisation box
constexpr float kInkThreshold = 0.05f;  // fainter ink does not count towards the bounding box
constexpr int kSubsamples = 4;          // per output pixel and axis, for area sampling

// Bilinear sample of ink (h x w) at continuous (x, y), pixel centres at i + 0.5; 0 outside.
float sample(const float* ink, int h, int w, float x, float y) {
  x -= 0.5f;
  y -= 0.5f;
  const int x0 = static_cast<int>(std::floor(x)), y0 = static_cast<int>(std::floor(y));
  const float fx = x - x0, fy = y - y0;
  auto at = [&](int yy, int xx) { return yy < 0 || yy >= h || xx < 0 || xx >= w ? 0.f : ink[yy * w + xx]; };
  return (1 - fy) * ((1 - fx) * at(y0, x0) + fx * at(y0, x0 + 1)) + fy * ((1 - fx) * at(y0 + 1, x0) + fx * at(y0 + 1, x0 + 1));
}
}  // namespace

void InkCanvas::clear() { std::fill(ink_.begin(), ink_.end(), 0.f); }

bool InkCanvas::empty() const {
  return std::none_of(ink_.begin(), ink_.end(), [](float v) { return v > kInkThreshold; });
}

void InkCanvas::stroke(float x0, float y0, float x1, float y1, float radius, bool erase) {
  radius = std::max(radius, 0.5f);
  const float edge = std::max(1.f, radius * 0.35f);  // soft rim, like a pen's anti-aliased line
  const int ix0 = std::max(0, static_cast<int>(std::floor(std::min(x0, x1) - radius - edge)));
  const int ix1 = std::min(side_ - 1, static_cast<int>(std::ceil(std::max(x0, x1) + radius + edge)));
  const int iy0 = std::max(0, static_cast<int>(std::floor(std::min(y0, y1) - radius - edge)));
  const int iy1 = std::min(side_ - 1, static_cast<int>(std::ceil(std::max(y0, y1) + radius + edge)));
  const float dx = x1 - x0, dy = y1 - y0, len2 = dx * dx + dy * dy;
  for (int y = iy0; y <= iy1; ++y)
    for (int x = ix0; x <= ix1; ++x) {
      // Distance from the pixel centre to the segment.
      const float px = x + 0.5f - x0, py = y + 0.5f - y0;
      const float t = len2 > 0 ? std::clamp((px * dx + py * dy) / len2, 0.f, 1.f) : 0.f;
      const float ex = px - t * dx, ey = py - t * dy, d = std::sqrt(ex * ex + ey * ey);
      const float cover = std::clamp((radius + edge - d) / edge, 0.f, 1.f);
      if (cover <= 0.f) continue;
      float& v = ink_[static_cast<size_t>(y) * side_ + x];
      v = erase ? std::min(v, 1.f - cover) : std::max(v, cover);
    }
}

void InkCanvas::set_from_28(const float* image) {
  const float scale = static_cast<float>(kMnistSide) / side_;
  for (int y = 0; y < side_; ++y)
    for (int x = 0; x < side_; ++x)
      ink_[static_cast<size_t>(y) * side_ + x] =
          std::clamp(sample(image, kMnistSide, kMnistSide, (x + 0.5f) * scale, (y + 0.5f) * scale), 0.f, 1.f);
}

bool normalize_digit(const float* ink, int h, int w, float* out) {
  std::fill(out, out + kMnistSide * kMnistSide, 0.f);
  int bx0 = w, by0 = h, bx1 = -1, by1 = -1;
  double mass = 0, mx = 0, my = 0;
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      const float v = ink[y * w + x];
      if (v <= kInkThreshold) continue;
      bx0 = std::min(bx0, x), bx1 = std::max(bx1, x), by0 = std::min(by0, y), by1 = std::max(by1, y);
      mass += v, mx += v * (x + 0.5), my += v * (y + 0.5);
    }
  if (bx1 < 0) return false;
  const float scale = kBoxSide / static_cast<float>(std::max(bx1 - bx0 + 1, by1 - by0 + 1));
  const float cx = static_cast<float>(mx / mass), cy = static_cast<float>(my / mass);
  // Output point (u, v) looks at ink point ((u - 14) / scale + cx, (v - 14) / scale + cy): the
  // centre of mass lands on the field's centre. Each output pixel averages a grid of samples,
  // so a large drawing shrinks without aliasing.
  const float step = 1.f / (kSubsamples * scale);
  for (int v = 0; v < kMnistSide; ++v)
    for (int u = 0; u < kMnistSide; ++u) {
      const float sx = (u - kMnistSide / 2.f) / scale + cx, sy = (v - kMnistSide / 2.f) / scale + cy;
      float sum = 0;
      for (int j = 0; j < kSubsamples; ++j)
        for (int i = 0; i < kSubsamples; ++i) sum += sample(ink, h, w, sx + (i + 0.5f) * step, sy + (j + 0.5f) * step);
      out[v * kMnistSide + u] = std::clamp(sum / (kSubsamples * kSubsamples), 0.f, 1.f);
    }
  return true;
}

}  // namespace bn
