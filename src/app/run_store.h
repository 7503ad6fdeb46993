// The runs of a session as bytes, so the page can keep them across a reload (IndexedDB): every
// run's record (what it trained, its epochs and batch-loss curve), which one was live, and the
// next run id. Models are not in it: each kept model is a model file of its own, stored beside
// it by run id, and attached to its record after a restore.
//
// Layout (little-endian): magic "\x89BNRUNS\n", u32 version, u32 next id, u32 live id (0: none),
// u32 runs; each: u32 id, str model, u32 dataset, str data, str loss, str optimizer, str trained with, f32 learning
// rate, u32 batch, u32 seed, u64 params, u8 visible, u8 dropped, u32 batches per epoch, history
// and curve (core/train/history_io.h); CRC-32 of every byte before it.
// A damaged or foreign blob is refused whole with a message; nothing is half-restored.
#pragma once
#include <string>
#include <vector>

#include "app/session.h"

namespace bn::app {

struct StoredRuns {
  std::vector<RunRecord> runs;  // without their models
  int next_id = 1;
  int live_id = 0;
};

std::vector<uint8_t> encode_runs(const std::vector<RunRecord>& runs, int live_id, int next_id);
Result<StoredRuns> decode_runs(const uint8_t* bytes, size_t size, const std::string& what);

}  // namespace bn::app
