// Input corruption for denoising autoencoders: applied to a batch of pixels in [0, 1] while the
// target stays the clean image.
//   gaussian     x + N(0, amount^2), clipped to [0, 1]
//   masking      each pixel set to 0 with probability amount
//   salt_pepper  each pixel set to 0 or 1 (even odds) with probability amount
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/base/rng.h"
#include "core/base/status.h"

namespace bn {

// Saved in model files: append only.
enum class CorruptionKind : uint8_t { kNone = 0, kGaussian = 1, kMasking = 2, kSaltPepper = 3 };

struct Corruption {
  CorruptionKind kind = CorruptionKind::kNone;
  float amount = 0.f;  // gaussian: stddev; masking, salt_pepper: fraction of pixels
  bool active() const { return kind != CorruptionKind::kNone && amount > 0.f; }
};

void corrupt(const Corruption& c, float* x, size_t n, Rng& rng);

Result<CorruptionKind> parse_corruption(const std::string& name);
const char* corruption_name(CorruptionKind kind);

}  // namespace bn
