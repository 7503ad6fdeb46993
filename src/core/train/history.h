// What one epoch of training measured. Kept apart from the Trainer so model files can store a
// training history without depending on the training loop.
#pragma once
#include <string>

#include "core/losses/penalties.h"

namespace bn {

struct EpochStats {
  int epoch = 0;          // 1-based, counted over every run of the model
  double train_loss = 0;  // mean of the epoch's batch losses, weighted by batch size (as Keras reports)
  double test_loss = 0;   // mean over the test set (NaN when there is none)
  LossParts train_parts, test_parts;  // the same losses split into reconstruction and penalties
  double seconds = 0;        // wall time of the epoch, validation included
  double samples_per_s = 0;  // training samples per second of training time
  std::string warning;       // e.g. a collapsed model, with a hint; empty when all is well
};

}  // namespace bn
