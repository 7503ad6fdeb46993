// Ink: what a person draws on the Draw panel, and how it becomes an MNIST-style digit.
//
// InkCanvas is a square grid of ink in [0, 1] (row-major, side x side), finer than 28x28 so a
// stroke looks like a pen line. A stroke segment stamps a round brush with a soft edge along the
// line; the eraser takes ink away with the same brush.
//
// normalize_digit does to a drawing what NIST did to the digits in MNIST: the ink's bounding box
// is scaled (aspect kept) so its longer side is 20 pixels, and the result is placed in a 28x28
// field with its centre of mass at the centre (14, 14), grey levels from area sampling. A model
// trained on MNIST expects exactly that, wherever and however large the person drew.
// Not here: input events, screen coordinates (the panel maps them), or display.
#pragma once
#include <cstddef>
#include <vector>

namespace bn {

class InkCanvas {
 public:
  explicit InkCanvas(int side = 112) : side_(side), ink_(static_cast<size_t>(side) * side, 0.f) {}
  int side() const { return side_; }
  const float* data() const { return ink_.data(); }
  void clear();
  // Stamps the brush along (x0, y0) -> (x1, y1), in canvas pixels (0..side, y down). `radius` in
  // canvas pixels; `erase` removes ink instead. Ink saturates at 1.
  void stroke(float x0, float y0, float x1, float y1, float radius, bool erase);
  // Replaces the canvas with a 28x28 image (values in [0, 1]) scaled up, e.g. a test digit.
  void set_from_28(const float* image);
  bool empty() const;

 private:
  int side_;
  std::vector<float> ink_;
};

// out: 28 x 28 in [0, 1]. False (and all zeros) when there is no ink to place.
// ink: h x w, row-major, values in [0, 1].
bool normalize_digit(const float* ink, int h, int w, float* out);

}  // namespace bn
