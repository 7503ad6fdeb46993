// Finding the values that no weight, optimiser slot or loss may hold, and naming them in a message.
// The file readers and writers (model files, .npz, the history) call these where values enter or
// leave, so a NaN or an infinity is refused with its place named instead of spreading through a
// model. Not here: what to do about one (each caller says that in its own words).
#pragma once
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <string>

namespace bn {

// Index of the first NaN or infinite value of v[0, n), or n when all are finite; with
// `nonnegative`, negative values count as bad too (a second-moment slot under a square root).
inline size_t first_bad_value(const float* v, size_t n, bool nonnegative = false) {
  for (size_t i = 0; i < n; ++i)
    if (!std::isfinite(v[i]) || (nonnegative && v[i] < 0.f)) return i;
  return n;
}

// "NaN", "inf", "-inf", or the value as %g ("-0.5", "1e+30").
inline std::string value_text(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

}  // namespace bn
