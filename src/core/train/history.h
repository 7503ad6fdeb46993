// What training measured: one record per epoch, and the batch losses as a thinned curve. Kept
// apart from the Trainer so model files can store a training history without depending on the
// training loop, and so a model trained on (after a reload, an upload or in a later session)
// continues its curves and step count where they ended.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "core/losses/penalties.h"

namespace bn {

struct EpochStats {
  int epoch = 0;          // 1-based, counted over every run of the model
  long long steps = 0;    // training batches done in total when the epoch ended (0: not recorded)
  double train_loss = 0;  // mean of the epoch's batch losses, weighted by batch size (as Keras reports)
  double test_loss = 0;   // mean over the test set (NaN when there is none)
  LossParts train_parts, test_parts;  // the same losses split into reconstruction and penalties
  double seconds = 0;        // wall time of the epoch, validation included
  double samples_per_s = 0;  // training samples per second of training time
  std::string warning;       // e.g. a collapsed model, with a hint; empty when all is well
};

// Batch losses by step. A run of any length keeps at most kMaxPoints points: when the buffer
// fills, neighbouring points are averaged in pairs and later batches `stride` at a time.
struct LossCurve {
  static constexpr size_t kMaxPoints = 2048;
  std::vector<float> x, y;  // step (mean of the batches averaged into the point), loss
  int stride = 1;
  // Batches waiting to fill the next point.
  int pending = 0;
  double accum_x = 0, accum_y = 0;

  void reserve() {
    x.reserve(kMaxPoints);
    y.reserve(kMaxPoints);
  }
  void add(long long step, float loss);
  bool empty() const { return x.empty(); }
};

// The step count at the end of `history` (a model that has trained on), estimated from the
// epochs when the history did not record it (files of format version 1).
long long steps_after(const std::vector<EpochStats>& history, int batches_per_epoch);

}  // namespace bn
