#include "core/train/history.h"

namespace bn {

void LossCurve::add(long long step, float loss) {
  accum_x += static_cast<double>(step);
  accum_y += loss;
  if (++pending < stride) return;
  x.push_back(static_cast<float>(accum_x / pending));
  y.push_back(static_cast<float>(accum_y / pending));
  accum_x = accum_y = 0;
  pending = 0;
  if (x.size() < kMaxPoints) return;
  for (size_t i = 0; i < kMaxPoints / 2; ++i) {
    x[i] = 0.5f * (x[2 * i] + x[2 * i + 1]);
    y[i] = 0.5f * (y[2 * i] + y[2 * i + 1]);
  }
  x.resize(kMaxPoints / 2);
  y.resize(kMaxPoints / 2);
  stride *= 2;
}

long long steps_after(const std::vector<EpochStats>& history, int batches_per_epoch) {
  if (history.empty()) return 0;
  if (history.back().steps > 0) return history.back().steps;
  return static_cast<long long>(history.size()) * batches_per_epoch;
}

}  // namespace bn
