// Fuzzes the model file reader (decode_model_file, core/model/model_file.h) on bytes, as the page
// gets them from an upload or its autosave. Each input is read twice: as it is (magic, length,
// checksum and version checks), and resealed, its length field and CRC-32 rewritten to match, so
// that mutations get past the checksum to the description, parameters, optimizer state, history
// and curve behind it. A file that loads must save again (encode_model_file refuses only what the
// reader refuses too), and that file must load and save to the same bytes.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/base/crc32.h"
#include "core/model/model_file.h"
#include "fuzz_support.h"

using bn::fuzz::require;

namespace {

void load_and_save(const uint8_t* data, size_t size) {
  bn::Result<bn::SavedModel> saved = bn::decode_model_file(data, size, "fuzz.bnm");
  if (!saved) return;
  const bn::SavedModel& m = saved.value();
  bn::Result<std::vector<uint8_t>> bytes = bn::encode_model_file(*m.model, m.optimizer.get(), m.history, &m.curve);
  require(bytes.is_ok(), "a model file that loads saves again", bytes.is_ok() ? "" : bytes.message());
  bn::Result<bn::SavedModel> again = bn::decode_model_file(bytes.value().data(), bytes.value().size(), "saved.bnm");
  require(again.is_ok(), "a model file this build writes loads", again.is_ok() ? "" : again.message());
  const bn::SavedModel& a = again.value();
  bn::Result<std::vector<uint8_t>> twice = bn::encode_model_file(*a.model, a.optimizer.get(), a.history, &a.curve);
  require(twice.is_ok() && twice.value() == bytes.value(), "a saved model file loads and saves to the same bytes");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  load_and_save(data, size);
  // Resealed as tests/core/model/model_file_test.cpp's reseal() does: length at byte 12, CRC last.
  if (size < 24) return 0;
  std::vector<uint8_t> b(data, data + size);
  for (int i = 0; i < 8; ++i) b[12 + i] = static_cast<uint8_t>(uint64_t{size} >> (8 * i));
  bn::fuzz::put_le32(b.data() + size - 4, bn::crc32(b.data(), size - 4));
  load_and_save(b.data(), b.size());
  return 0;
}
