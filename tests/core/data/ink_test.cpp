// Tests src/core/data/ink: brush strokes and erasing on the canvas, and normalize_digit's MNIST
// placement (centre of mass at the centre, longer side 20 pixels) measured on its output, its
// independence from where and how large a shape was drawn, and the empty canvas.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/data/ink.h"

namespace bn {
namespace {

struct Placement {
  double cx, cy;       // centre of mass, continuous coordinates (pixel centres at i + 0.5)
  int width, height;   // extent of pixels above 0.1
};

Placement measure(const std::vector<float>& img) {
  Placement p{0, 0, 0, 0};
  double mass = 0;
  int x0 = 28, x1 = -1, y0 = 28, y1 = -1;
  for (int y = 0; y < 28; ++y)
    for (int x = 0; x < 28; ++x) {
      const float v = img[y * 28 + x];
      mass += v, p.cx += v * (x + 0.5), p.cy += v * (y + 0.5);
      if (v > 0.1f) x0 = std::min(x0, x), x1 = std::max(x1, x), y0 = std::min(y0, y), y1 = std::max(y1, y);
    }
  p.cx /= mass, p.cy /= mass;
  p.width = x1 - x0 + 1, p.height = y1 - y0 + 1;
  return p;
}

// An "L": a tall bar and a foot, drawn with strokes at an offset and scale.
InkCanvas draw_l(float ox, float oy, float size) {
  InkCanvas c(112);
  c.stroke(ox, oy, ox, oy + size, size * 0.08f, false);
  c.stroke(ox, oy + size, ox + size * 0.6f, oy + size, size * 0.08f, false);
  return c;
}

std::vector<float> normalized(const InkCanvas& c) {
  std::vector<float> out(28 * 28, -1.f);
  REQUIRE(normalize_digit(c.data(), c.side(), c.side(), out.data()));
  return out;
}

}  // namespace

TEST_CASE("normalize_digit centres the ink's mass and fits its longer side to 20 pixels", "[data]") {
  for (float ox : {10.f, 40.f, 70.f})
    for (float size : {30.f, 60.f, 90.f}) {
      if (ox + size * 0.7f > 110 || 8 + size > 110) continue;
      INFO("offset " << ox << ", size " << size);
      const Placement p = measure(normalized(draw_l(ox, 8, size)));
      CHECK(std::fabs(p.cx - 14.0) < 0.35);
      CHECK(std::fabs(p.cy - 14.0) < 0.35);
      CHECK(p.height >= 19);
      CHECK(p.height <= 22);
      CHECK(p.width < p.height);  // aspect kept: the L is taller than wide
    }
}

TEST_CASE("normalize_digit gives the same digit wherever and however large it was drawn", "[data]") {
  const std::vector<float> a = normalized(draw_l(12, 10, 90)), b = normalized(draw_l(60, 50, 45));
  double sum = 0, worst = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    sum += std::fabs(a[i] - b[i]);
    worst = std::max(worst, static_cast<double>(std::fabs(a[i] - b[i])));
  }
  CHECK(sum / a.size() < 0.03);
  CHECK(worst < 0.35);
}

TEST_CASE("an empty canvas has no digit; the eraser takes ink away", "[data]") {
  InkCanvas c(64);
  std::vector<float> out(28 * 28, 0.5f);
  CHECK(c.empty());
  CHECK_FALSE(normalize_digit(c.data(), c.side(), c.side(), out.data()));
  CHECK(std::all_of(out.begin(), out.end(), [](float v) { return v == 0.f; }));
  c.stroke(10, 32, 54, 32, 3, false);
  CHECK_FALSE(c.empty());
  c.stroke(0, 32, 64, 32, 8, true);
  CHECK(c.empty());
}

TEST_CASE("a brush stroke inks the pixels within its radius and leaves the rest", "[data]") {
  InkCanvas c(64);
  c.stroke(10, 20.5f, 50, 20.5f, 4, false);
  const float* d = c.data();
  CHECK(d[20 * 64 + 30] == 1.f);       // on the line
  CHECK(d[23 * 64 + 30] == 1.f);       // 3 pixels off, inside the radius
  CHECK(d[27 * 64 + 30] == 0.f);       // past radius and rim
  CHECK(d[20 * 64 + 58] == 0.f);       // past the end cap
  for (int i = 0; i < 64 * 64; ++i) REQUIRE((d[i] >= 0.f && d[i] <= 1.f));
  // A zero-length segment is a dot.
  InkCanvas dot(32);
  dot.stroke(16, 16, 16, 16, 3, false);
  CHECK(dot.data()[15 * 32 + 15] == 1.f);
}

TEST_CASE("a 28x28 image put on the canvas normalises back to itself", "[data]") {
  // A centred blob whose longer side is 20 pixels is already in MNIST's placement.
  std::vector<float> img(28 * 28, 0.f);
  for (int y = 4; y < 24; ++y)
    for (int x = 9; x < 19; ++x) img[y * 28 + x] = 1.f;
  InkCanvas c(112);
  c.set_from_28(img.data());
  const std::vector<float> back = normalized(c);
  double sum = 0;
  for (size_t i = 0; i < img.size(); ++i) sum += std::fabs(back[i] - img[i]);
  CHECK(sum / img.size() < 0.03);
}

}  // namespace bn
