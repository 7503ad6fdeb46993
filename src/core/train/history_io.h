// The byte layout of a training history and its batch-loss curve, shared by model files and the
// page's store of runs, so both read what the other wrote. Little-endian, via byte_io.
//   history: u32 epochs; each: u32 epoch, f64 train, test, seconds, samples/s, 10 x f64 loss
//            parts (train then test: reconstruction, activity, kl, contractive, weight decay),
//            u32 length + warning text, then (version 2 on) u64 steps
//   curve:   u32 stride, u32 points, f32 steps[points], f32 losses[points]
// Every count is checked against the bytes left before anything is allocated, and every value
// against what the trainer can record (the same rules on writing, so nothing written is refused):
//   - epochs are numbered 1, 2, 3, ... and step counts lie in [0, kMaxOptimizerSteps] (training
//     goes on counting from them);
//   - training losses (train_loss, train parts) and the curve's batch losses are finite: the
//     trainer stops a run at the first batch whose loss is not, before recording anything;
//   - test losses are kept as measured: NaN means there was no test set (EpochStats says so), and
//     an overflowed model may measure infinity, which is history, not damage;
//   - seconds and samples/s are finite and not negative; curve steps are too, and never go back.
#pragma once
#include <string>
#include <vector>

#include "core/base/byte_io.h"
#include "core/train/history.h"

namespace bn {

// What breaks the rules above ("record 2 (epoch 2): train_loss is NaN, ..."), or empty.
std::string history_fault(const std::vector<EpochStats>& history);
std::string curve_fault(const LossCurve& curve);

void write_history(ByteWriter& w, const std::vector<EpochStats>& history);
// `with_steps`: the records carry their step count (model file version 2 on).
Status read_history(ByteReader& r, const std::string& what, bool with_steps, std::vector<EpochStats>& out);

void write_curve(ByteWriter& w, const LossCurve& curve);
Status read_curve(ByteReader& r, const std::string& what, LossCurve& out);

}  // namespace bn
