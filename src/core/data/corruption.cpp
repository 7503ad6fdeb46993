#include "core/data/corruption.h"

#include <algorithm>

namespace bn {

void corrupt(const Corruption& c, float* x, size_t n, Rng& rng) {
  if (!c.active()) return;
  switch (c.kind) {
    case CorruptionKind::kGaussian:
      for (size_t i = 0; i < n; ++i) x[i] = std::clamp(x[i] + c.amount * rng.normal(), 0.f, 1.f);
      return;
    case CorruptionKind::kMasking:
      for (size_t i = 0; i < n; ++i)
        if (rng.uniform() < c.amount) x[i] = 0.f;
      return;
    case CorruptionKind::kSaltPepper:
      for (size_t i = 0; i < n; ++i)
        if (rng.uniform() < c.amount) x[i] = rng.uniform() < 0.5f ? 0.f : 1.f;
      return;
    case CorruptionKind::kNone: return;
  }
}

const char* corruption_name(CorruptionKind kind) {
  switch (kind) {
    case CorruptionKind::kNone: return "none";
    case CorruptionKind::kGaussian: return "gaussian";
    case CorruptionKind::kMasking: return "masking";
    case CorruptionKind::kSaltPepper: return "salt_pepper";
  }
  return "?";
}

Result<CorruptionKind> parse_corruption(const std::string& name) {
  for (CorruptionKind k : {CorruptionKind::kNone, CorruptionKind::kGaussian, CorruptionKind::kMasking, CorruptionKind::kSaltPepper})
    if (name == corruption_name(k)) return k;
  return Status::error("corruption '" + name + "': expected none, gaussian, masking or salt_pepper");
}

}  // namespace bn
