// Tests src/app/run_store: the runs of a page go to bytes and back whole (records, histories,
// curves, the live run, the next id); a damaged, truncated, foreign or newer store is refused
// whole with a message that says so, and a count larger than the bytes is refused before any
// allocation.
#include <catch2/catch.hpp>

#include "app/run_store.h"
#include "core/base/crc32.h"

namespace bn::app {

namespace {
std::vector<RunRecord> two_runs() {
  std::vector<RunRecord> runs(2);
  runs[0].id = 1;
  runs[0].info = {"shallow (code 2 units)", 0, "MNIST"};
  runs[0].loss = "bce";
  runs[0].optimizer = "adam";
  runs[0].learning_rate = 0.001f;
  runs[0].batch_size = 256;
  runs[0].seed = 7;
  runs[0].params = 3922;
  runs[0].batches_per_epoch = 235;
  EpochStats e;
  e.epoch = 1;
  e.steps = 235;
  e.test_loss = 0.19;
  e.warning = "collapsed";
  runs[0].history = {e};
  for (int s = 1; s <= 235; ++s) runs[0].curve.add(s, 1.f / s);
  runs[0].saved = {1, 2, 3};  // models are stored apart, not in the runs store
  runs[1].id = 4;
  runs[1].info = {"conv", 1, "Fashion-MNIST"};
  runs[1].visible = false;
  runs[1].dropped = true;
  return runs;
}

void reseal(std::vector<uint8_t>& b) {
  const uint32_t crc = crc32(b.data(), b.size() - 4);
  for (int i = 0; i < 4; ++i) b[b.size() - 4 + i] = static_cast<uint8_t>(crc >> (8 * i));
}
}  // namespace

TEST_CASE("runs go to bytes and back whole", "[app]") {
  const std::vector<RunRecord> runs = two_runs();
  const std::vector<uint8_t> bytes = encode_runs(runs, 4, 5);
  Result<StoredRuns> back = decode_runs(bytes.data(), bytes.size(), "store");
  REQUIRE(back);
  const StoredRuns& s = back.value();
  REQUIRE(s.next_id == 5);
  REQUIRE(s.live_id == 4);
  REQUIRE(s.runs.size() == 2);
  REQUIRE(s.runs[0].label() == runs[0].label());
  REQUIRE(s.runs[0].history.size() == 1);
  REQUIRE(s.runs[0].history[0].steps == 235);
  REQUIRE(s.runs[0].history[0].warning == "collapsed");
  REQUIRE(s.runs[0].curve.x == runs[0].curve.x);
  REQUIRE(s.runs[0].saved.empty());
  REQUIRE(s.runs[1].info.data == "Fashion-MNIST");
  REQUIRE(s.runs[1].info.dataset == 1);
  REQUIRE_FALSE(s.runs[1].visible);
  REQUIRE(s.runs[1].dropped);
}

TEST_CASE("a damaged or foreign runs store is refused whole", "[app]") {
  const std::vector<uint8_t> good = encode_runs(two_runs(), 4, 5);
  for (size_t n = 0; n < good.size(); n += 7) {
    Result<StoredRuns> r = decode_runs(good.data(), n, "store");
    REQUIRE_FALSE(r);
  }
  std::vector<uint8_t> flipped = good;
  flipped[good.size() / 2] ^= 4;
  REQUIRE(decode_runs(flipped.data(), flipped.size(), "store").message() ==
          "store: damaged (checksum mismatch); starting afresh");
  std::vector<uint8_t> newer = good;
  newer[8] = 2;
  reseal(newer);
  REQUIRE(decode_runs(newer.data(), newer.size(), "store").message() ==
          "store: version 2, this build reads 1; starting afresh");
  std::vector<uint8_t> huge = good;
  huge[20] = huge[21] = huge[22] = 0xff, huge[23] = 0x7f;
  reseal(huge);
  REQUIRE(decode_runs(huge.data(), huge.size(), "store").message() ==
          "store: claims 2147483647 runs, more than it holds; starting afresh");
  const std::string json = "{\"runs\": []}";
  REQUIRE(decode_runs(reinterpret_cast<const uint8_t*>(json.data()), json.size(), "store").message() ==
          "store: not a store of Bottleneck runs (it may come from another version); starting afresh");
}

TEST_CASE("restored runs go into an empty session, with their models attached", "[app]") {
  const std::vector<uint8_t> bytes = encode_runs(two_runs(), 0, 5);
  Session s(false);
  REQUIRE(s.restore_runs(decode_runs(bytes.data(), bytes.size(), "store").take().runs, 5));
  REQUIRE(s.runs().size() == 2);
  REQUIRE(s.next_id() == 5);
  REQUIRE(s.attach_model(4, {9, 9}));
  REQUIRE(s.runs()[1].saved.size() == 2);
  REQUIRE_FALSE(s.runs()[1].dropped);
  REQUIRE_FALSE(s.attach_model(3, {1}));
  // Not into a session that has runs already.
  REQUIRE_FALSE(s.restore_runs(two_runs(), 9));
}

}  // namespace bn::app
