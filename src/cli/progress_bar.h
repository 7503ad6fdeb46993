// Terminal progress for training: a one-line bar redrawn in place when stderr is a terminal,
// and one plain line per epoch otherwise (logs, CI), so output stays readable in both.
#pragma once
#include "core/train/trainer.h"

namespace bn::cli {

class ProgressBar {
 public:
  ProgressBar();
  void on_batch(const TrainProgress& p);
  void on_epoch(const EpochStats& s, int epochs);

 private:
  bool tty_;
  double last_draw_ = 0;
};

}  // namespace bn::cli
