// The byte layout of a training history and its batch-loss curve, shared by model files and the
// page's store of runs, so both read what the other wrote. Little-endian, via byte_io.
//   history: u32 epochs; each: u32 epoch, f64 train, test, seconds, samples/s, 10 x f64 loss
//            parts (train then test: reconstruction, activity, kl, contractive, weight decay),
//            u32 length + warning text, then (version 2 on) u64 steps
//   curve:   u32 stride, u32 points, f32 steps[points], f32 losses[points]
// Every count is checked against the bytes left before anything is allocated.
#pragma once
#include <string>
#include <vector>

#include "core/base/byte_io.h"
#include "core/train/history.h"

namespace bn {

void write_history(ByteWriter& w, const std::vector<EpochStats>& history);
// `with_steps`: the records carry their step count (model file version 2 on).
Status read_history(ByteReader& r, const std::string& what, bool with_steps, std::vector<EpochStats>& out);

void write_curve(ByteWriter& w, const LossCurve& curve);
Status read_curve(ByteReader& r, const std::string& what, LossCurve& out);

}  // namespace bn
