// Tests the value checks of src/core/model/model_file (and the history rules of
// core/train/history_io): every value that enters from a model file is checked, and the same
// rules hold on writing. Each bad file is a good one with bytes patched and its CRC-32 recomputed,
// so what refuses it is the value check under test, not the checksum. The byte layout is walked
// here from the format's description, independently of the reader.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <limits>

#include "core/base/crc32.h"
#include "core/model/model_file.h"
#include "support/stepped_model.h"
#include "support/test_support.h"

namespace bn {

namespace {
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr float kInf = std::numeric_limits<float>::infinity();

// A shallow model (784-32-784) after three Adam steps, with a two-epoch history and a curve.
struct Fixture {
  std::unique_ptr<Model> model;
  std::unique_ptr<Optimizer> opt;
  std::vector<EpochStats> history;
  LossCurve curve;
  Fixture() {
    test::SteppedModel stepped = test::stepped_model("shallow");
    model = std::move(stepped.model);
    opt = std::move(stepped.opt);
    for (int e = 1; e <= 2; ++e) {
      EpochStats s;
      s.epoch = e;
      s.steps = 5 * e;
      s.train_loss = 0.3;
      s.test_loss = 0.25;
      s.seconds = 1.5;
      s.samples_per_s = 1000;
      history.push_back(s);
    }
    for (int step = 1; step <= 10; ++step) curve.add(step, 0.5f / step);
  }
  std::vector<uint8_t> bytes() const {
    Result<std::vector<uint8_t>> b = encode_model_file(*model, opt.get(), history, &curve);
    REQUIRE(b.is_ok());
    return b.take();
  }
};

uint32_t get32(const std::vector<uint8_t>& b, size_t at) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v |= static_cast<uint32_t>(b[at + i]) << (8 * i);
  return v;
}
void put32(std::vector<uint8_t>& b, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) b[at + i] = static_cast<uint8_t>(v >> (8 * i));
}
void put64(std::vector<uint8_t>& b, size_t at, uint64_t v) {
  for (int i = 0; i < 8; ++i) b[at + i] = static_cast<uint8_t>(v >> (8 * i));
}
void put_f32(std::vector<uint8_t>& b, size_t at, float f) {
  uint32_t v;
  std::memcpy(&v, &f, 4);
  put32(b, at, v);
}
void put_f64(std::vector<uint8_t>& b, size_t at, double f) {
  uint64_t v;
  std::memcpy(&v, &f, 8);
  put64(b, at, v);
}

// Rewrites the length field and the CRC-32 after a test edits the bytes.
void reseal(std::vector<uint8_t>& b) {
  put64(b, 12, b.size());
  put32(b, b.size() - 4, crc32(b.data(), b.size() - 4));
}

// `good` with `patch` applied and its length and CRC-32 made right again, so only the value
// check under test can refuse it.
template <typename Patch>
std::vector<uint8_t> patched(std::vector<uint8_t> b, Patch patch) {
  patch(b);
  reseal(b);
  return b;
}

// Where things are in a model file (see the table at the top of model_file.cpp).
struct Layout {
  struct Tensor {
    std::string name;
    size_t record = 0, data = 0, count = 0;
  };
  std::vector<Tensor> params;
  size_t opt_flag = 0, opt_kind = 0, opt_lr = 0, opt_steps = 0, slot_count = 0;
  std::vector<Tensor> slots;  // record: the u32 size; data: the floats
  size_t history = 0;
  std::vector<size_t> records;  // each history record's first byte (its epoch number)
  size_t curve = 0, curve_x = 0, curve_y = 0;
};

Layout walk(const std::vector<uint8_t>& b) {
  Layout l;
  size_t at = 20;
  at += 4 + get32(b, at);  // the description
  const uint32_t params = get32(b, at);
  at += 4;
  for (uint32_t i = 0; i < params; ++i) {
    Layout::Tensor t;
    t.record = at;
    const uint32_t name_len = get32(b, at);
    t.name.assign(b.begin() + at + 4, b.begin() + at + 4 + name_len);
    at += 4 + name_len;
    const int rank = b[at++];
    t.count = 1;
    for (int d = 0; d < rank; ++d, at += 4) t.count *= get32(b, at);
    t.data = at;
    at += 4 * t.count;
    l.params.push_back(t);
  }
  l.opt_flag = at++;
  REQUIRE(b[l.opt_flag] == 1);
  l.opt_kind = at++;
  l.opt_lr = at;
  at += 4;
  l.opt_steps = at;
  at += 8;
  l.slot_count = at;
  const uint32_t slots = get32(b, at);
  at += 4;
  for (uint32_t i = 0; i < slots; ++i) {
    Layout::Tensor t;
    t.record = at;
    t.count = get32(b, at);
    t.data = at + 4;
    at += 4 + 4 * t.count;
    l.slots.push_back(t);
  }
  l.history = at;
  const uint32_t epochs = get32(b, at);
  at += 4;
  for (uint32_t i = 0; i < epochs; ++i) {
    l.records.push_back(at);
    at += 4 + 4 * 8 + 10 * 8;
    at += 4 + get32(b, at);  // the warning
    at += 8;                 // steps
  }
  l.curve = at;
  const uint32_t points = get32(b, at + 4);
  l.curve_x = at + 8;
  l.curve_y = l.curve_x + 4 * points;
  REQUIRE(l.curve_y + 4 * points + 4 == b.size());
  return l;
}

// Offsets inside a history record, from its first byte.
constexpr size_t kTrainLoss = 4, kTestLoss = 12, kSeconds = 20, kSamplesPerS = 28, kTrainActivity = 44;

std::string refusal(const std::vector<uint8_t>& b) {
  Result<SavedModel> r = decode_model_file(b.data(), b.size(), "m.bnm");
  REQUIRE_FALSE(r.is_ok());
  return r.message();
}

const std::string kDiverged = "; the file is damaged or was saved from a diverged run; retrain or load an earlier save";
}  // namespace

TEST_CASE("the walked layout matches the model, so the patches below land where they mean to", "[model]") {
  Fixture f;
  const std::vector<uint8_t> good = f.bytes();
  Layout l = walk(good);
  REQUIRE(l.params.size() == 4);
  REQUIRE(l.params[0].name == "encoder/kernel");
  REQUIRE(l.params[0].count == 784 * 32);
  REQUIRE(l.slots.size() == 8);  // adam: momentums and velocities per parameter
  REQUIRE(l.records.size() == 2);
  REQUIRE(decode_model_file(good.data(), good.size(), "m.bnm").is_ok());
}

TEST_CASE("NaN and infinite weights are refused, naming the parameter, the index and the byte", "[model]") {
  Fixture f;
  const std::vector<uint8_t> good = f.bytes();
  const Layout l = walk(good);
  struct Case {
    size_t param, index;
    float value;
    const char* text;
  };
  for (const Case& c : {Case{0, 1234, kNaN, "NaN"}, Case{1, 0, kInf, "inf"}, Case{3, 783, -kInf, "-inf"}}) {
    std::vector<uint8_t> b = good;
    const size_t at = l.params[c.param].data + 4 * c.index;
    put_f32(b, at, c.value);
    reseal(b);
    REQUIRE(refusal(b) == "m.bnm: parameter '" + l.params[c.param].name + "' holds " + c.text + " at index " +
                              std::to_string(c.index) + " (byte " + std::to_string(at) + ")" + kDiverged);
  }
}

TEST_CASE("format version 0 is damage, not a newer file", "[model]") {
  Fixture f;
  std::vector<uint8_t> b = f.bytes();
  put32(b, 8, 0);
  reseal(b);
  REQUIRE(refusal(b) ==
          "m.bnm: format version 0 (byte 8) is not one Bottleneck writes (1 to 2); the file is damaged or was not "
          "written by Bottleneck");
  // A damaged version field with a stale checksum reads as damage too: the CRC is checked first.
  std::vector<uint8_t> stale = f.bytes();
  put32(stale, 8, 77);
  REQUIRE(refusal(stale) == "m.bnm: checksum mismatch, the file is damaged; save it again or use another copy");
}

TEST_CASE("a bad optimizer state is refused, naming what and where", "[model]") {
  Fixture f;
  const std::vector<uint8_t> good = f.bytes();
  const Layout l = walk(good);
  const std::string section = "m.bnm: the optimizer section (byte " + std::to_string(l.opt_flag) + "): ";
  auto refused = [&](auto patch) { return refusal(patched(good, patch)); };
  SECTION("the flag") {
    REQUIRE(refused([&](std::vector<uint8_t>& b) { b[l.opt_flag] = 7; }) ==
            "m.bnm: the optimizer flag (byte " + std::to_string(l.opt_flag) +
                ") is 7, where 0 (no optimizer state) or 1 is expected; the file is damaged");
  }
  SECTION("the kind") {
    REQUIRE(refused([&](std::vector<uint8_t>& b) { b[l.opt_kind] = 9; }) ==
            section + "optimizer kind 9 is unknown to this build (0 to 4); the file is damaged or from a newer Bottleneck");
  }
  SECTION("the learning rate") {
    const std::pair<float, const char*> cases[] = {{-1.f, "-1"}, {0.f, "0"}, {kNaN, "NaN"}, {kInf, "inf"},
                                                   {1e-9f, "1e-09"}, {2000.f, "2000"}};
    for (const auto& c : cases) {
      INFO(c.second);
      REQUIRE(refused([&](std::vector<uint8_t>& b) { put_f32(b, l.opt_lr, c.first); }) ==
              section + "the learning rate " + c.second +
                  " is outside [1e-08, 1000], the range a model description allows; the file is damaged");
    }
  }
  SECTION("the step count") {
    for (uint64_t steps : {~uint64_t{0}, (uint64_t{1} << 40) + 1}) {
      INFO(steps);
      REQUIRE(refused([&](std::vector<uint8_t>& b) { put64(b, l.opt_steps, steps); }) ==
              section + "the step count " + std::to_string(steps) +
                  " is beyond 1099511627776 (no run takes that many); the file is damaged");
    }
  }
  SECTION("the slot count") {
    REQUIRE(refused([&](std::vector<uint8_t>& b) { put32(b, l.slot_count, 6); }) ==
            "m.bnm: 6 optimizer slots (byte " + std::to_string(l.slot_count) +
                ") where adam keeps 8 for this model (2 per parameter); the file is inconsistent");
  }
  SECTION("a slot's size") {
    REQUIRE(refused([&](std::vector<uint8_t>& b) { put32(b, l.slots[1].record, 100); }) ==
            "m.bnm: optimizer slot 'velocities' of 'encoder/kernel' (byte " + std::to_string(l.slots[1].record) +
                ") holds 100 values where its parameter (784, 32) has 25088; the file is inconsistent");
  }
  SECTION("NaN and infinite slots") {
    const size_t at = l.slots[2].data + 4 * 7;  // encoder/bias's momentums, index 7
    REQUIRE(refused([&](std::vector<uint8_t>& b) { put_f32(b, at, kNaN); }) ==
            "m.bnm: optimizer slot 'momentums' of 'encoder/bias' (adam) holds NaN at index 7 (byte " + std::to_string(at) +
                ")" + kDiverged);
    const size_t last = l.slots[7].data + 4 * 783;
    REQUIRE(refused([&](std::vector<uint8_t>& b) { put_f32(b, last, -kInf); }) ==
            "m.bnm: optimizer slot 'velocities' of 'decoder/bias' (adam) holds -inf at index 783 (byte " +
                std::to_string(last) + ")" + kDiverged);
  }
  SECTION("a negative sum of squares (Adam's velocities go under a square root)") {
    const size_t at = l.slots[1].data + 4 * 5;
    REQUIRE(refused([&](std::vector<uint8_t>& b) { put_f32(b, at, -0.5f); }) ==
            "m.bnm: optimizer slot 'velocities' of 'encoder/kernel' (adam) holds -0.5 at index 5 (byte " +
                std::to_string(at) + "), but it sums squares and is never negative; the file is damaged; load an earlier save");
    // Momentums may well be negative.
    std::vector<uint8_t> b = good;
    put_f32(b, l.slots[0].data, -0.5f);
    reseal(b);
    REQUIRE(decode_model_file(b.data(), b.size(), "m.bnm").is_ok());
  }
}

TEST_CASE("the parameter section names what does not match, and where", "[model]") {
  Fixture f;
  const std::vector<uint8_t> good = f.bytes();
  const Layout l = walk(good);
  std::vector<uint8_t> count = good;
  put32(count, l.params[0].record - 4, 5);
  reseal(count);
  REQUIRE(refusal(count) == "m.bnm: the parameter section (byte " + std::to_string(l.params[0].record - 4) +
                                ") holds 5 parameters but the model description builds 4; the file is inconsistent");
  std::vector<uint8_t> rank = good;
  rank[l.params[1].record + 4 + l.params[1].name.size()] = 9;
  reseal(rank);
  REQUIRE(refusal(rank) == "m.bnm: parameter 'encoder/bias' at byte " + std::to_string(l.params[1].record) +
                               " is of rank 9 where the model expects 'encoder/bias' (32,); the file is inconsistent");
  // A control character in a stored name is shown escaped, never sent to the terminal.
  std::vector<uint8_t> name = good;
  name[l.params[1].record + 4] = 0x1b;
  reseal(name);
  REQUIRE(refusal(name) == "m.bnm: parameter '\\x1Bncoder/bias' at byte " + std::to_string(l.params[1].record) +
                               " is (32,) where the model expects 'encoder/bias' (32,); the file is inconsistent");
  // Bytes between the last section and the checksum.
  std::vector<uint8_t> extra = good;
  extra.insert(extra.end() - 4, {0, 0, 0});
  reseal(extra);
  REQUIRE(refusal(extra) == "m.bnm: 3 unexpected bytes (byte " + std::to_string(good.size() - 4) +
                                ") before the checksum; the file is inconsistent");
}

TEST_CASE("history records: training losses finite, epochs in order, test losses as measured", "[model]") {
  Fixture f;
  const std::vector<uint8_t> good = f.bytes();
  const Layout l = walk(good);
  const std::string at = "m.bnm: the history (byte " + std::to_string(l.history) + " on), ";
  REQUIRE(refusal(patched(good, [&](std::vector<uint8_t>& b) { put_f64(b, l.records[1] + kTrainLoss, std::nan("")); })) ==
          at + "record 2 (epoch 2): train_loss is NaN, but a recorded epoch's training losses are finite (a run stops at "
               "the first that is not); it is damaged");
  REQUIRE(refusal(patched(good, [&](std::vector<uint8_t>& b) { put_f64(b, l.records[0] + kTrainActivity, HUGE_VAL); })) ==
          at + "record 1 (epoch 1): train activity is inf, but a recorded epoch's training losses are finite (a run "
               "stops at the first that is not); it is damaged");
  REQUIRE(refusal(patched(good, [&](std::vector<uint8_t>& b) { put32(b, l.records[1], 7); })) ==
          at + "record 2 is numbered epoch 7, where epochs go 1, 2, 3, ...; it is damaged");
  REQUIRE(refusal(patched(good, [&](std::vector<uint8_t>& b) { put_f64(b, l.records[0] + kSeconds, -1.0); })) ==
          at + "record 1 (epoch 1): seconds is -1, where a measured time or rate is finite and not negative; it is damaged");
  REQUIRE(refusal(patched(good, [&](std::vector<uint8_t>& b) { put_f64(b, l.records[1] + kSamplesPerS, HUGE_VAL); })) ==
          at + "record 2 (epoch 2): samples_per_s is inf, where a measured time or rate is finite and not negative; it "
               "is damaged");
  const size_t steps = l.curve - 8;  // the last record's step count, just before the curve
  REQUIRE(refusal(patched(good, [&](std::vector<uint8_t>& b) { put64(b, steps, ~uint64_t{0}); })) ==
          at + "record 2 (epoch 2): step count 18446744073709551615 is beyond 1099511627776; it is damaged");
  // A test loss is history as measured: NaN (no test set) and infinity load.
  for (double v : {std::nan(""), HUGE_VAL}) {
    std::vector<uint8_t> b = patched(good, [&](std::vector<uint8_t>& x) { put_f64(x, l.records[1] + kTestLoss, v); });
    Result<SavedModel> r = decode_model_file(b.data(), b.size(), "m.bnm");
    REQUIRE(r.is_ok());
    REQUIRE(std::isnan(r.value().history[1].test_loss) == std::isnan(v));
  }
}

TEST_CASE("loss curve points: finite losses, steps that never go back", "[model]") {
  Fixture f;
  const std::vector<uint8_t> good = f.bytes();
  const Layout l = walk(good);
  const std::string at = "m.bnm: the loss curve (byte " + std::to_string(l.curve) + " on), ";
  std::vector<uint8_t> b = good;
  put_f32(b, l.curve_y + 4 * 3, kNaN);
  reseal(b);
  REQUIRE(refusal(b) == at + "point 4 of 10: loss NaN, but it holds only finite batch losses; it is damaged");
  b = good;
  put_f32(b, l.curve_x + 4 * 5, 1.f);
  reseal(b);
  REQUIRE(refusal(b) == at + "point 6 of 10: step 1, where steps run from 0 up and never go back; it is damaged");
}

TEST_CASE("a model holding non-finite values is never written", "[model]") {
  const std::string path = "build/test-nonfinite.bnm";
  std::remove(path.c_str());
  SECTION("a weight") {
    Fixture f;
    f.model->params()[2].value->data()[100] = kNaN;
    Result<std::vector<uint8_t>> r = encode_model_file(*f.model, f.opt.get(), f.history, &f.curve);
    REQUIRE_FALSE(r.is_ok());
    const std::string why =
        "model 'shallow': parameter 'decoder/kernel' holds NaN at index 100; a model file never holds such values (did "
        "training diverge?), so nothing was saved";
    REQUIRE(r.message() == why);
    REQUIRE(save_model_file(path, *f.model, f.opt.get(), f.history, &f.curve).message() == path + ": not written: " + why);
    REQUIRE_FALSE(std::ifstream(path).good());
  }
  SECTION("an optimizer slot, a learning rate, a step count, a history record, a curve point") {
    Fixture f;
    f.opt->slots()[3].data()[0] = -kInf;
    REQUIRE(encode_model_file(*f.model, f.opt.get(), f.history, &f.curve).message() ==
            "model 'shallow': optimizer slot 'velocities' of 'encoder/bias' holds -inf at index 0; a model file never "
            "holds such values (did training diverge?), so nothing was saved");
    f.opt->slots()[3].data()[0] = 0.f;
    f.opt->set_learning_rate(kNaN);
    REQUIRE(encode_model_file(*f.model, f.opt.get(), f.history, &f.curve).message().find(
                "model 'shallow': the optimizer's learning rate NaN is outside [1e-08, 1000]") == 0);
    f.opt->set_learning_rate(1e-3f);
    f.opt->set_iterations(kMaxOptimizerSteps + 1);
    REQUIRE(encode_model_file(*f.model, f.opt.get(), f.history, &f.curve).message().find(
                "model 'shallow': the optimizer's step count 1099511627777 is beyond") == 0);
    f.opt->set_iterations(3);
    f.history[0].train_loss = kInf;
    REQUIRE(encode_model_file(*f.model, f.opt.get(), f.history, &f.curve).message().find(
                "model 'shallow': the history, record 1 (epoch 1): train_loss is inf") == 0);
    f.history[0].train_loss = 0.3;
    f.curve.y[2] = kNaN;
    REQUIRE(encode_model_file(*f.model, f.opt.get(), f.history, &f.curve).message().find(
                "model 'shallow': the loss curve, point 3 of 10: loss NaN") == 0);
    f.curve.y[2] = 0.1f;
    REQUIRE(encode_model_file(*f.model, f.opt.get(), f.history, &f.curve).is_ok());
  }
  SECTION("a failed save leaves the old file as it was") {
    Fixture f;
    REQUIRE(save_model_file(path, *f.model, f.opt.get(), f.history, &f.curve).is_ok());
    const std::vector<uint8_t> before = f.bytes();
    f.model->params()[0].value->data()[0] = kInf;
    REQUIRE_FALSE(save_model_file(path, *f.model, f.opt.get(), f.history, &f.curve).is_ok());
    std::ifstream in(path, std::ios::binary);
    std::vector<uint8_t> after((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    REQUIRE(after == before);
  }
  std::remove(path.c_str());
}

}  // namespace bn
