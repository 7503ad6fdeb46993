// Thins a polyline for drawing: within each pixel column it keeps the first, lowest, highest and
// last point, in their order, so the drawn line covers exactly the pixels the full line would
// (the M4 scheme). A loss curve of ten thousand batches becomes at most four points per column,
// which keeps the software rasterisers of headless browsers from spending the frame on triangles.
// P is any point type with float members x and y, already in pixels; x must not decrease.
#pragma once
#include <cmath>
#include <vector>

namespace bn::app {

template <class P>
void keep_column_extremes(const std::vector<P>& in, std::vector<P>& out) {
  out.clear();
  size_t i = 0;
  while (i < in.size()) {
    const float column = std::floor(in[i].x);
    size_t lo = i, hi = i, last = i;
    for (size_t j = i + 1; j < in.size() && std::floor(in[j].x) == column; ++j) {
      if (in[j].y < in[lo].y) lo = j;
      if (in[j].y > in[hi].y) hi = j;
      last = j;
    }
    // first, then the extremes in the order they occur, then last; each index once.
    const size_t a = lo < hi ? lo : hi, b = lo < hi ? hi : lo;
    out.push_back(in[i]);
    if (a != i) out.push_back(in[a]);
    if (b != a && b != i) out.push_back(in[b]);
    if (last != b && last != a && last != i) out.push_back(in[last]);
    i = last + 1;
  }
}

}  // namespace bn::app
