#include "app/run_store.h"

#include <cstring>

#include "core/base/byte_io.h"
#include "core/base/crc32.h"
#include "core/train/history_io.h"

namespace bn::app {

namespace {
const uint8_t kMagic[8] = {0x89, 'B', 'N', 'R', 'U', 'N', 'S', '\n'};
constexpr uint32_t kVersion = 1;
constexpr size_t kMaxText = 4096;
constexpr uint32_t kMaxRuns = 100000;
}  // namespace

std::vector<uint8_t> encode_runs(const std::vector<RunRecord>& runs, int live_id, int next_id) {
  ByteWriter w;
  w.bytes(kMagic, 8);
  w.u32(kVersion);
  w.u32(static_cast<uint32_t>(next_id));
  w.u32(static_cast<uint32_t>(live_id));
  w.u32(static_cast<uint32_t>(runs.size()));
  for (const RunRecord& r : runs) {
    w.u32(static_cast<uint32_t>(r.id));
    w.str(r.info.model.substr(0, kMaxText));
    w.u32(static_cast<uint32_t>(r.info.dataset));
    w.str(r.info.data.substr(0, kMaxText));
    w.str(r.loss.substr(0, kMaxText));
    w.str(r.optimizer.substr(0, kMaxText));
    w.str(r.trained_with.substr(0, kMaxText));
    w.f32(r.learning_rate);
    w.u32(static_cast<uint32_t>(r.batch_size));
    w.u32(static_cast<uint32_t>(r.seed));
    w.u64(r.params);
    w.u8(r.visible ? 1 : 0);
    w.u8(r.dropped ? 1 : 0);
    w.u32(static_cast<uint32_t>(r.batches_per_epoch));
    write_history(w, r.history);
    write_curve(w, r.curve);
  }
  std::vector<uint8_t>& out = w.buffer();
  const uint32_t crc = crc32(out.data(), out.size());
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<uint8_t>(crc >> (8 * i)));
  return out;
}

Result<StoredRuns> decode_runs(const uint8_t* bytes, size_t size, const std::string& what) {
  if (size < 24 || std::memcmp(bytes, kMagic, 8) != 0)
    return Status::error(what + ": not a store of Bottleneck runs (it may come from another version); starting afresh");
  uint32_t stored = 0;
  for (int i = 0; i < 4; ++i) stored |= static_cast<uint32_t>(bytes[size - 4 + i]) << (8 * i);
  if (crc32(bytes, size - 4) != stored) return Status::error(what + ": damaged (checksum mismatch); starting afresh");
  ByteReader r(bytes, size - 4, what);
  r.skip(8, "the magic");
  uint32_t version = 0, next_id = 0, live_id = 0, count = 0;
  r.u32(version, "the version");
  r.u32(next_id, "the next run id");
  r.u32(live_id, "the live run");
  r.u32(count, "the run count");
  if (!r.status()) return r.status();
  if (version != kVersion)
    return Status::error(what + ": version " + std::to_string(version) + ", this build reads " +
                         std::to_string(kVersion) + "; starting afresh");
  if (count > kMaxRuns || count > r.remaining() / 32)
    return Status::error(what + ": claims " + std::to_string(count) + " runs, more than it holds; starting afresh");
  StoredRuns out;
  out.next_id = static_cast<int>(next_id);
  out.live_id = static_cast<int>(live_id);
  for (uint32_t i = 0; i < count; ++i) {
    RunRecord rec;
    uint32_t id = 0, dataset = 0, batch = 0, seed = 0, bpe = 0;
    uint64_t params = 0;
    uint8_t visible = 1, dropped = 0;
    r.u32(id, "a run id");
    r.str(rec.info.model, kMaxText, "a run's model");
    r.u32(dataset, "a run's dataset");
    r.str(rec.info.data, kMaxText, "a run's data");
    r.str(rec.loss, kMaxText, "a run's loss");
    r.str(rec.optimizer, kMaxText, "a run's optimizer");
    r.str(rec.trained_with, kMaxText, "a run's training settings");
    r.f32(rec.learning_rate, "a run's learning rate");
    r.u32(batch, "a run's batch size");
    r.u32(seed, "a run's seed");
    r.u64(params, "a run's parameter count");
    r.u8(visible, "a run's visibility");
    r.u8(dropped, "a run's model flag");
    r.u32(bpe, "a run's batches per epoch");
    if (!r.status()) return r.status();
    BN_RETURN_IF_ERROR(read_history(r, what, true, rec.history));
    BN_RETURN_IF_ERROR(read_curve(r, what, rec.curve));
    rec.id = static_cast<int>(id);
    rec.info.dataset = static_cast<int>(dataset);
    rec.batch_size = static_cast<int>(batch);
    rec.seed = static_cast<int>(seed);
    rec.params = static_cast<size_t>(params);
    rec.visible = visible != 0;
    rec.dropped = dropped != 0;
    rec.batches_per_epoch = static_cast<int>(bpe);
    if (rec.id <= 0 || rec.id >= out.next_id)
      return Status::error(what + ": run id " + std::to_string(rec.id) + " is not below the next id " +
                           std::to_string(out.next_id) + "; starting afresh");
    out.runs.push_back(std::move(rec));
  }
  if (r.remaining() != 0) return Status::error(what + ": unexpected bytes at the end; starting afresh");
  return out;
}

}  // namespace bn::app
