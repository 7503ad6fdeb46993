// The Train panel's settings, shared by the session that trains with them and the link that
// carries them.
#pragma once
#include <vector>

namespace bn::app {

struct TrainSettings {
  int optimizer = 1;  // index into optimizer_names(); adam
  float learning_rate = 1e-3f;
  int batch_size = 256;
  int epochs = 10;
  int seed = 0;
};

// In the order of core/optim's OptimizerKind, which is saved in files.
const std::vector<const char*>& optimizer_names();

}  // namespace bn::app
