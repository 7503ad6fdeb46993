// Fuzzes the .npz reader (decode_npz, core/model/npz.h) and the import of its arrays into a
// model (set_model_arrays, core/model/model_npz.h), here the conv preset, whose 4,385 weights
// make a seed of 21 KB. Each input is read as it is, and with every central-directory CRC-32
// rewritten to match its entry's data where the entry can be found, so that mutations of the
// arrays reach the NPY parser. Arrays that decode and that the writer accepts must write and
// read back to the same names, shapes and bits.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

#include "core/base/crc32.h"
#include "core/model/model.h"
#include "core/model/model_npz.h"
#include "core/model/npz.h"
#include "fuzz_support.h"

using bn::fuzz::le16;
using bn::fuzz::le32;
using bn::fuzz::require;

namespace {

bool same(const std::vector<bn::NamedArray>& a, const std::vector<bn::NamedArray>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i].name != b[i].name || a[i].shape != b[i].shape || a[i].data.size() != b[i].data.size() ||
        std::memcmp(a[i].data.data(), b[i].data.data(), 4 * a[i].data.size()) != 0)
      return false;
  return true;
}

void read_and_import(const uint8_t* data, size_t size, bn::Model& model) {
  bn::Result<std::vector<bn::NamedArray>> arrays = bn::decode_npz(data, size, "fuzz.npz");
  if (!arrays) return;
  (void)bn::set_model_arrays(model, arrays.value(), "fuzz.npz");
  if (!bn::check_npz_arrays(arrays.value(), "fuzz.npz")) return;
  const std::vector<uint8_t> bytes = bn::encode_npz(arrays.value());
  bn::Result<std::vector<bn::NamedArray>> again = bn::decode_npz(bytes.data(), bytes.size(), "written.npz");
  require(again.is_ok(), "an .npz this build writes reads back", again.is_ok() ? "" : again.message());
  require(same(again.value(), arrays.value()), "arrays survive write and read unchanged");
}

// The CRCs of an archive without a comment, rewritten in its central directory (where the reader
// takes them from); entries it cannot locate are left alone.
void reseal(std::vector<uint8_t>& b) {
  if (b.size() < 22) return;
  const size_t end = b.size() - 22;
  if (le32(&b[end]) != 0x06054b50) return;
  size_t at = le32(&b[end + 16]);
  for (uint32_t i = 0, n = le16(&b[end + 10]); i < n && at <= end && end - at >= 46; ++i) {
    if (le32(&b[at]) != 0x02014b50) return;
    const size_t csize = le32(&b[at + 20]), header = le32(&b[at + 42]);
    if (header <= b.size() && b.size() - header >= 30) {
      const size_t data = header + 30 + le16(&b[header + 26]) + le16(&b[header + 28]);
      if (data <= b.size() && csize <= b.size() - data) bn::fuzz::put_le32(&b[at + 16], bn::crc32(&b[data], csize));
    }
    at += 46 + le16(&b[at + 28]) + le16(&b[at + 30]) + le16(&b[at + 32]);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // Built once: an import that succeeds only changes weights, never what the next input meets.
  static std::unique_ptr<bn::Model> model = bn::Model::build(bn::preset_spec("conv").take(), 0).take();
  read_and_import(data, size, *model);
  std::vector<uint8_t> b(data, data + size);
  reseal(b);
  read_and_import(b.data(), b.size(), *model);
  return 0;
}
