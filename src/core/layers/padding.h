// Padding: Keras's two padding modes for sliding windows (Conv2D, MaxPooling2D), and the one
// place their output-size and offset formulas are written down, so every windowed layer agrees
// with Keras (and with each other) on what 'same' means for odd sizes and strides.
// Not here: the windowed loops themselves (kernels/conv, kernels/pool) or any layer state.
#pragma once
#include <algorithm>
#include <cstdint>
#include <string>

#include "core/base/status.h"

namespace bn {

// Saved in model files: append only, never renumber.
enum class Padding : uint8_t { kValid = 0, kSame = 1 };

inline const char* padding_name(Padding p) {
  switch (p) {
    case Padding::kValid: return "valid";
    case Padding::kSame: return "same";
  }
  return "?";
}

inline Result<Padding> parse_padding(const std::string& name) {
  for (Padding p : {Padding::kValid, Padding::kSame})
    if (name == padding_name(p)) return p;
  return Status::error("padding '" + name + "': expected valid or same");
}

// Where a window of `window` positions, moved by `stride`, lands along one axis of length `in`.
//   out:    number of window positions (0 when a 'valid' window does not fit)
//   before: zero (or, for pooling, ignored) positions added before the first input element
// 'same':  out = ceil(in / stride); pad_total = max((out - 1) * stride + window - in, 0) and the
//          smaller half goes before (TensorFlow's rule, which Keras follows), the rest after.
// 'valid': out = floor((in - window) / stride) + 1, nothing added.
struct WindowSpan {
  int out = 0;
  int before = 0;
};

inline WindowSpan window_span(int in, int window, int stride, Padding padding) {
  WindowSpan s;
  if (padding == Padding::kSame) {
    s.out = (in + stride - 1) / stride;
    s.before = std::max((s.out - 1) * stride + window - in, 0) / 2;
  } else {
    s.out = in >= window ? (in - window) / stride + 1 : 0;
  }
  return s;
}

}  // namespace bn
