// Tests src/core/model/model_file: save -> load gives bit-identical outputs, optimiser state
// history and batch-loss curve; a file of format version 1 still loads; a table of damaged files
// (every truncation length, a flipped byte, a newer version, other formats, an inconsistent
// description, an impossible curve) is refused, each with its own message.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>

#include "core/base/crc32.h"
#include "core/model/model_file.h"
#include "core/model/model_json.h"
#include "support/stepped_model.h"
#include "support/test_support.h"

namespace bn {

namespace {
// A trained-looking model: random inputs, a few optimiser steps, a history of two epochs.
struct Fixture {
  std::unique_ptr<Model> model;
  std::unique_ptr<Optimizer> opt;
  std::vector<EpochStats> history;
  LossCurve curve;
  explicit Fixture(const std::string& preset) {
    test::SteppedModel stepped = test::stepped_model(preset);
    model = std::move(stepped.model);
    opt = std::move(stepped.opt);
    EpochStats e;
    e.epoch = 1;
    e.train_loss = 0.3;
    e.test_loss = 0.25;
    e.test_parts.reconstruction = 0.2;
    e.test_parts.kl = 0.05;
    e.warning = "a warning";
    e.steps = 5;
    history = {e, e};
    history[1].epoch = 2;
    history[1].steps = 10;
    for (int step = 1; step <= 10; ++step) curve.add(step, 0.5f / step);
  }
  std::vector<uint8_t> bytes() const { return encode_model_file(*model, opt.get(), history, &curve).take(); }
};

// Rewrites the length field and checksum after a test edits the bytes.
void reseal(std::vector<uint8_t>& b) {
  const uint64_t total = b.size();
  for (int i = 0; i < 8; ++i) b[12 + i] = static_cast<uint8_t>(total >> (8 * i));
  const uint32_t crc = crc32(b.data(), b.size() - 4);
  for (int i = 0; i < 4; ++i) b[b.size() - 4 + i] = static_cast<uint8_t>(crc >> (8 * i));
}

std::vector<float> reconstruct(Model& m, const std::vector<float>& input, int rows) {
  REQUIRE(m.reserve_batch(rows).is_ok());
  Tensor& x = m.input(rows);
  std::memcpy(x.data(), input.data(), input.size() * sizeof(float));
  RunContext ctx{m.kernels(), m.workspace(), nullptr, false};
  const Tensor& y = m.forward(ctx);
  return std::vector<float>(y.data(), y.data() + y.size());
}
}  // namespace

TEST_CASE("save then load gives bit-identical outputs, optimiser state and history", "[model]") {
  for (const char* preset : {"shallow", "tied", "dropout", "sparse_kl"}) {
    INFO(preset);
    Fixture f(preset);
    std::vector<uint8_t> bytes = f.bytes();
    Result<SavedModel> loaded = decode_model_file(bytes.data(), bytes.size(), "m.bnm");
    REQUIRE(loaded.is_ok());
    SavedModel& s = loaded.value();
    REQUIRE(spec_to_json(s.model->spec()) == spec_to_json(f.model->spec()));
    Rng rng(9);
    std::vector<float> input(3 * 784);
    test::fill_uniform(input.data(), input.size(), rng, 0.f, 1.f);
    std::vector<float> a = reconstruct(*f.model, input, 3), b = reconstruct(*s.model, input, 3);
    REQUIRE(std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0);
    REQUIRE(s.optimizer);
    REQUIRE(std::string(s.optimizer->name()) == f.opt->name());
    REQUIRE(s.optimizer->iterations() == 3);
    REQUIRE(s.optimizer->learning_rate() == f.opt->learning_rate());
    REQUIRE(s.optimizer->slots().size() == f.opt->slots().size());
    for (size_t i = 0; i < f.opt->slots().size(); ++i)
      REQUIRE(std::memcmp(s.optimizer->slots()[i].data(), f.opt->slots()[i].data(), f.opt->slots()[i].size() * 4) == 0);
    REQUIRE(s.history.size() == 2);
    REQUIRE(s.history[1].epoch == 2);
    REQUIRE(s.history[1].test_parts.kl == 0.05);
    REQUIRE(s.history[1].warning == "a warning");
    REQUIRE(s.history[1].steps == 10);
    REQUIRE(s.curve.x == f.curve.x);
    REQUIRE(s.curve.y == f.curve.y);
    REQUIRE(s.curve.stride == f.curve.stride);
    // Encoding the loaded model gives the same bytes again.
    REQUIRE(encode_model_file(*s.model, s.optimizer.get(), s.history, &s.curve).value() == bytes);
  }
}

TEST_CASE("a model saved without an optimiser loads without one", "[model]") {
  Fixture f("shallow");
  std::vector<uint8_t> bytes = encode_model_file(*f.model, nullptr, {}).take();
  Result<SavedModel> loaded = decode_model_file(bytes.data(), bytes.size(), "m.bnm");
  REQUIRE(loaded.is_ok());
  REQUIRE_FALSE(loaded.value().optimizer);
  REQUIRE(loaded.value().history.empty());
}

TEST_CASE("every truncation of a model file is refused", "[model]") {
  Fixture f("shallow");
  const std::vector<uint8_t> bytes = f.bytes();
  for (size_t n = 0; n < bytes.size(); n += n < 4096 ? 1 : 997) {
    Result<SavedModel> r = decode_model_file(bytes.data(), n, "m.bnm");
    REQUIRE_FALSE(r.is_ok());
    if (n >= 20)
      REQUIRE(r.message() == "m.bnm: " + std::to_string(n) + " bytes, but the file says it has " +
                                 std::to_string(bytes.size()) +
                                 "; it is truncated (an interrupted download or copy?), save or copy it again");
  }
}

TEST_CASE("damaged and foreign files are refused with their own messages", "[model]") {
  Fixture f("shallow");
  const std::vector<uint8_t> good = f.bytes();
  struct Case {
    const char* what;
    std::vector<uint8_t> bytes;
    std::string message;
  };
  std::vector<uint8_t> flipped = good;
  flipped[good.size() / 2] ^= 0x10;
  std::vector<uint8_t> newer = good;
  newer[8] = 9;
  reseal(newer);
  std::vector<uint8_t> text_mode = good;
  text_mode[0] = 0x0d;
  std::vector<uint8_t> longer = good;
  longer.push_back(0);
  // The description says 16 code units; the weights stored are for 32.
  std::vector<uint8_t> inconsistent = good;
  size_t first_param = 0;  // byte offset of the first parameter record
  {
    uint32_t len = 0;
    for (int i = 0; i < 4; ++i) len |= static_cast<uint32_t>(inconsistent[20 + i]) << (8 * i);
    std::string json(inconsistent.begin() + 24, inconsistent.begin() + 24 + len);
    const size_t at = json.find("\"units\": 32");
    REQUIRE(at != std::string::npos);
    json.replace(at, 11, "\"units\": 16");
    std::copy(json.begin(), json.end(), inconsistent.begin() + 24);
    reseal(inconsistent);
    first_param = 24 + len + 4;
  }
  // The description says 65536 code units: 103 million weights, in a file of 0.6 MB.
  std::vector<uint8_t> oversized;
  size_t after_description = 0;
  {
    uint32_t len = 0;
    for (int i = 0; i < 4; ++i) len |= static_cast<uint32_t>(good[20 + i]) << (8 * i);
    std::string json(good.begin() + 24, good.begin() + 24 + len);
    const size_t at = json.find("\"units\": 32");
    REQUIRE(at != std::string::npos);
    json.replace(at, 11, "\"units\": 65536");
    oversized.assign(good.begin(), good.begin() + 20);
    for (int i = 0; i < 4; ++i) oversized.push_back(static_cast<uint8_t>(json.size() >> (8 * i)));
    oversized.insert(oversized.end(), json.begin(), json.end());
    after_description = oversized.size();
    oversized.insert(oversized.end(), good.begin() + 24 + len, good.end());
    reseal(oversized);
  }
  // The curve's point count (the u32 before its 2 x 10 floats and the checksum) made huge.
  std::vector<uint8_t> bad_curve = good;
  const size_t curve_at = good.size() - 4 - 2 * 10 * 4 - 8;
  {
    const size_t at = curve_at + 4;
    bad_curve[at + 3] = 0x7f;
    reseal(bad_curve);
  }
  const std::string zip = std::string("PK\x03\x04") + "rest of a zip";
  const std::string json = "{\"name\": \"m\"}";
  const Case cases[] = {
      {"flipped byte", flipped, "m.bnm: checksum mismatch, the file is damaged; save it again or use another copy"},
      {"newer version", newer, "m.bnm: format version 9 is newer than this build reads (2); update Bottleneck to load it"},
      {"text mode copy", text_mode, "m.bnm: its first byte was changed (copied as text?); copy it again in binary mode"},
      {"extra bytes", longer,
       "m.bnm: " + std::to_string(good.size() + 1) + " bytes, but the file says it has " + std::to_string(good.size()) +
           "; it has extra bytes at the end and may be damaged"},
      {"npz", std::vector<uint8_t>(zip.begin(), zip.end()),
       "m.bnm: it is a zip archive (an .npz?); bring NumPy weights in with 'bottleneck import --npz'"},
      {"json", std::vector<uint8_t>(json.begin(), json.end()),
       "m.bnm: it looks like a JSON model description; pass it as --model, not --load"},
      {"random", std::vector<uint8_t>(100, 0x42),
       "m.bnm: this is not a Bottleneck model file; choose a .bnm file saved by 'bottleneck train --save' or the page's Download model button"},
      {"empty", {}, "m.bnm: the file is empty (0 bytes), so it was never saved completely; save the model again or choose another copy"},
      {"inconsistent", inconsistent,
       "m.bnm: parameter 'encoder/kernel' at byte " + std::to_string(first_param) +
           " is (784, 32) where the model expects 'encoder/kernel' (784, 16); the file is inconsistent"},
      {"description larger than the file", oversized,
       "m.bnm: the model description builds 102,826,768 weights, but only " +
           std::to_string(oversized.size() - 4 - after_description) + " bytes follow it (byte " +
           std::to_string(after_description) + "); the file is inconsistent"},
      {"impossible curve", bad_curve,
       "m.bnm: the loss curve (byte " + std::to_string(curve_at) +
           ") claims 2130706442 points at stride 1 (at most 2048 points, stride at least 1); the file is corrupt"},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    Result<SavedModel> r = decode_model_file(c.bytes.data(), c.bytes.size(), "m.bnm");
    REQUIRE_FALSE(r.is_ok());
    REQUIRE(r.message() == c.message);
  }
}

TEST_CASE("a file of format version 1 loads, with its steps estimated and no curve", "[model]") {
  // tests/data/model_files/tiny_v1.bnm: tiny_v1.json trained 2 epochs by the version-1 CLI.
  Result<SavedModel> loaded = load_model_file("tests/data/model_files/tiny_v1.bnm");
  REQUIRE(loaded.is_ok());
  const SavedModel& s = loaded.value();
  REQUIRE(s.model->spec().name == "tiny_v1");
  REQUIRE(s.history.size() == 2);
  REQUIRE(s.history[1].epoch == 2);
  REQUIRE(s.history[1].steps == 0);
  REQUIRE(s.curve.empty());
  REQUIRE(s.optimizer);
  REQUIRE(s.optimizer->iterations() == 64);
  REQUIRE(steps_after(s.history, 32) == 64);
  REQUIRE(std::fabs(s.history[1].test_loss - 0.265426) < 1e-6);
}

TEST_CASE("the batch-loss curve keeps at most kMaxPoints, averaging in pairs", "[model]") {
  LossCurve c;
  c.reserve();
  const long long n = 3 * static_cast<long long>(LossCurve::kMaxPoints) + 5;
  for (long long step = 1; step <= n; ++step) c.add(step, static_cast<float>(step));
  REQUIRE(c.x.size() <= LossCurve::kMaxPoints);
  REQUIRE(c.stride == 4);  // halved at 2048 and at 4096 batches
  // Each point averages the batches it stands for: loss == step here, so y == x throughout.
  for (size_t i = 0; i < c.x.size(); ++i) REQUIRE(c.y[i] == Approx(c.x[i]));
  REQUIRE(c.x.front() == Approx(2.5f));
  REQUIRE(c.x.back() > static_cast<float>(n - 8));
}

TEST_CASE("model files save to disk and load back, and a failed save keeps the old file", "[model]") {
  Fixture f("shallow");
  const std::string path = "build/test-model-file.bnm";
  REQUIRE(save_model_file(path, *f.model, f.opt.get(), f.history).is_ok());
  Result<SavedModel> loaded = load_model_file(path);
  REQUIRE(loaded.is_ok());
  REQUIRE(loaded.value().history.size() == 2);
  Status bad = save_model_file("/nonexistent-dir/m.bnm", *f.model, f.opt.get(), f.history);
  REQUIRE(bad.message().find("/nonexistent-dir/m.bnm: cannot write") == 0);
  REQUIRE(load_model_file("/nonexistent-dir/m.bnm").message() == "/nonexistent-dir/m.bnm: no such file; check the path");
  std::remove(path.c_str());
}

}  // namespace bn
