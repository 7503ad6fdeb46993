// Tests src/app/session: training in frame slices (and on a worker thread natively), publish and
// sync, training on a finished model (one run whose epochs, steps and curve go on), putting a model
// away and reopening it bit for bit (the Undo of Reset), new runs keeping the old model, files,
// a failed train-on keeping the model, and the bound on kept models.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstring>
#include <thread>
#include <functional>

#include "app/session.h"
#include "core/model/model_file.h"
#include "support/test_support.h"

namespace bn::app {

namespace {

Mnist small_mnist() {
  const std::string dir = test::mnist_dir();
  INFO("MNIST is needed: run npm install in the project");
  REQUIRE_FALSE(dir.empty());
  Mnist m;
  m.train = load_mnist_split(dir, "train", 512).take();
  m.test = load_mnist_split(dir, "t10k", 128).take();
  return m;
}

TrainSettings small_settings(int epochs = 1) {
  TrainSettings s;
  s.batch_size = 64;
  s.epochs = epochs;
  s.seed = 5;
  return s;
}

RunInfo info(const char* model = "shallow") { return RunInfo{model, 0, "MNIST"}; }

// Runs frames of `ms` while `more()` holds, or fails after a minute.
void run_frames(Session& s, const std::function<bool()>& more, double ms) {
  const double until = now_seconds() + 60;
  while (more() && now_seconds() < until) {
    s.run_for(ms);
    if (s.threaded()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  REQUIRE_FALSE(more());
}

// Runs frames until the session leaves `state`, or fails after a minute.
void run_while(Session& s, RunState state) {
  run_frames(s, [&] { return s.state() == state; }, 2);
}

std::vector<float> reconstruction(Session& s, const Mnist& m) {
  std::vector<float> x(4 * 784), y(4 * 784);
  for (int i = 0; i < 4 * 784; ++i) x[i] = m.test.pixels[i] / 255.f;
  REQUIRE(s.reconstruct(x.data(), 4, y.data(), nullptr, 1));
  return y;
}

// The shallow preset trained for small_settings' one epoch: where most cases start.
void train_shallow(Session& s, const Mnist& m) {
  REQUIRE(s.start(preset_spec("shallow").take(), small_settings(), m, info()));
  run_while(s, RunState::kTraining);
}

bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

void modes(const std::function<void(bool)>& body) {
  SECTION("frame slices") { body(false); }
#ifndef __EMSCRIPTEN__
  SECTION("worker thread") { body(true); }
#endif
}

}  // namespace

TEST_CASE("a session trains a run, publishes and the view model follows", "[app]") {
  const Mnist m = small_mnist();
  modes([&](bool threaded) {
    Session s(threaded);
    REQUIRE_FALSE(s.has_model());
    const ModelSpec spec = preset_spec("shallow").take();
    REQUIRE(s.start(spec, small_settings(), m, info()));
    REQUIRE(s.has_model());
    const long long v0 = s.weights_version();
    run_while(s, RunState::kTraining);
    REQUIRE(s.state() == RunState::kFinished);
    REQUIRE(s.weights_version() > v0);
    REQUIRE(s.run()->history.size() == 1);
    REQUIRE(s.run()->history[0].steps == 8);
    REQUIRE(s.runs().size() == 1);
    REQUIRE(s.runs()[0].history.size() == 1);
    REQUIRE(s.runs()[0].curve.x.size() == 8);
    REQUIRE(s.runs()[0].label() == "#1 shallow \xc2\xb7 MNIST \xc2\xb7 adam 0.001 \xc2\xb7 seed 5");
  });
}

TEST_CASE("training on a finished model continues the same run", "[app]") {
  const Mnist m = small_mnist();
  modes([&](bool threaded) {
    Session s(threaded);
    train_shallow(s, m);
    const double first_test = s.run()->history[0].test_loss;
    REQUIRE(s.train_on(small_settings(2), m));
    REQUIRE(s.state() == RunState::kTraining);
    run_while(s, RunState::kTraining);
    REQUIRE(s.state() == RunState::kFinished);
    REQUIRE(s.runs().size() == 1);
    const std::vector<EpochStats>& h = s.run()->history;
    REQUIRE(h.size() == 3);
    REQUIRE(h[0].test_loss == first_test);
    REQUIRE(h[2].epoch == 3);
    REQUIRE(h[2].steps == 24);
    REQUIRE(h[2].test_loss < first_test);
    const LossCurve& c = s.runs()[0].curve;
    REQUIRE(c.x.size() == 24);
    for (size_t i = 1; i < c.x.size(); ++i) REQUIRE(c.x[i] > c.x[i - 1]);
  });
}

TEST_CASE("a model put away reopens bit for bit, with its history, and trains on", "[app]") {
  const Mnist m = small_mnist();
  modes([&](bool threaded) {
    Session s(threaded);
    train_shallow(s, m);
    const std::vector<float> before = reconstruction(s, m);
    REQUIRE(s.put_away() == 0);
    REQUIRE_FALSE(s.has_model());
    REQUIRE(s.current() == -1);
    REQUIRE_FALSE(s.runs()[0].saved.empty());
    REQUIRE(s.reopen(0, small_settings(), m));
    REQUIRE(s.current() == 0);
    REQUIRE(s.state() == RunState::kFinished);  // at rest
    REQUIRE(same_bits(reconstruction(s, m), before));
    REQUIRE(s.runs()[0].saved.empty());  // it is the live model again
    REQUIRE(s.run()->history.size() == 1);
    REQUIRE(s.run()->progress.step == 8);
    // At rest after its last epoch: it trains on with more epochs.
    REQUIRE(s.train_on(small_settings(1), m));
    run_while(s, RunState::kTraining);
    REQUIRE(s.run()->history.size() == 2);
    REQUIRE(s.runs().size() == 1);
  });
}

TEST_CASE("a new run keeps the previous model, a run that never trained keeps nothing", "[app]") {
  const Mnist m = small_mnist();
  Session s(false);
  train_shallow(s, m);
  const std::vector<float> first = reconstruction(s, m);
  REQUIRE(s.start(preset_spec("deep").take(), small_settings(), m, info("deep")));
  REQUIRE(s.runs().size() == 2);
  REQUIRE(s.current() == 1);
  REQUIRE_FALSE(s.runs()[0].saved.empty());
  // The deep run has not trained a batch yet: putting it away keeps its record, not a model.
  REQUIRE(s.put_away() == -1);
  REQUIRE(s.runs()[1].saved.empty());
  REQUIRE_FALSE(s.reopen(1, small_settings(), m));
  REQUIRE(s.reopen(0, small_settings(), m));
  REQUIRE(same_bits(reconstruction(s, m), first));
  s.delete_run(1);
  REQUIRE(s.runs().size() == 1);
  REQUIRE(s.current() == 0);
  s.delete_run(0);  // the live run is not deleted
  REQUIRE(s.runs().size() == 1);
}

TEST_CASE("a model file opens as a run that goes on from its history and curve", "[app]") {
  const Mnist m = small_mnist();
  Session s(false);
  train_shallow(s, m);
  const std::vector<uint8_t> file = s.save_file();
  const std::vector<float> before = reconstruction(s, m);
  Session t(false);
  REQUIRE(t.load_file(file.data(), file.size(), "m.bnm", small_settings(), m, info("loaded")));
  REQUIRE(same_bits(reconstruction(t, m), before));
  REQUIRE(t.runs()[0].curve.x.size() == 8);
  REQUIRE(t.run()->progress.step == 8);
  REQUIRE(t.train_on(small_settings(1), m));
  run_while(t, RunState::kTraining);
  REQUIRE(t.run()->history.back().steps == 16);
  // A damaged file changes nothing.
  std::vector<uint8_t> bad = file;
  bad[bad.size() / 2] ^= 1;
  REQUIRE_FALSE(t.load_file(bad.data(), bad.size(), "bad.bnm", small_settings(), m, info()));
  REQUIRE(t.has_model());
  REQUIRE(t.runs().size() == 1);
}

TEST_CASE("training on with impossible settings keeps the model and says why", "[app]") {
  const Mnist m = small_mnist();
  Session s(false);
  train_shallow(s, m);
  const std::vector<float> before = reconstruction(s, m);
  TrainSettings bad = small_settings();
  bad.batch_size = 0;
  Status st = s.train_on(bad, m);
  REQUIRE_FALSE(st);
  REQUIRE(st.message().find("batch size 0") != std::string::npos);
  REQUIRE(s.has_model());
  REQUIRE(same_bits(reconstruction(s, m), before));
  REQUIRE(s.train_on(small_settings(1), m));
}

TEST_CASE("only the newest kKeptModels put-away models stay in memory", "[app]") {
  const Mnist m = small_mnist();
  Session s(false);
  const ModelSpec spec = preset_spec("shallow").take();
  const int runs = Session::kKeptModels + 2;
  for (int i = 0; i < runs; ++i) {
    REQUIRE(s.start(spec, small_settings(), m, info()));
    REQUIRE(s.step_once(spec, small_settings(), m, info()));
  }
  s.put_away();
  REQUIRE(static_cast<int>(s.runs().size()) == runs);
  REQUIRE(s.runs()[0].saved.empty());
  REQUIRE(s.runs()[0].dropped);
  REQUIRE(s.runs()[1].dropped);
  REQUIRE_FALSE(s.runs()[2].saved.empty());
  Status st = s.reopen(0, small_settings(), m);
  REQUIRE(st.message() == "run #1's model was let go to save memory (only the newest 24 are kept); its curves stay for comparison");
}

// What the page keeps in case its tab closes: while a run trains, the model as it was when its
// latest epoch ended (never a half-trained epoch), and at rest the model itself.
TEST_CASE("while training, the kept file is the end of the latest epoch", "[app]") {
  const Mnist m = small_mnist();
  modes([&](bool threaded) {
    Session s(threaded);
    REQUIRE(s.start(preset_spec("shallow").take(), small_settings(3), m, info()));
    REQUIRE(s.keep_file().empty());  // no epoch has ended yet: what was kept before stays
    run_frames(s, [&] { return !s.run() || s.run()->history.size() < 2; }, 1);
    const std::vector<uint8_t> kept = s.keep_file();
    Result<SavedModel> saved = decode_model_file(kept.data(), kept.size(), "kept");
    REQUIRE(saved.is_ok());
    const size_t epochs = saved.value().history.size();
    REQUIRE(epochs >= 2);
    REQUIRE(saved.value().history.back().steps == static_cast<long long>(8 * epochs));
    REQUIRE(saved.value().curve.x.size() == 8 * epochs);
    REQUIRE(saved.value().optimizer->iterations() == static_cast<long long>(8 * epochs));
    run_while(s, RunState::kTraining);
    REQUIRE(s.state() == RunState::kFinished);
    REQUIRE(s.keep_file() == s.save_file());  // at rest: the model as it is
  });
}

// A run that diverges after a few batches had published their weights: the views go back to the
// weights the trainer restored (they kept showing the diverged model's blobs).
TEST_CASE("after a diverged run the views show the restored model", "[app]") {
  const Mnist m = small_mnist();
  modes([&](bool threaded) {
    Session s(threaded);
    TrainSettings t = small_settings(1);
    t.optimizer = 1;  // adam, far too fast: the loss climbs for a few batches before the guard stops it
    t.learning_rate = 1;
    REQUIRE(s.start(preset_spec("deep").take(), t, m, info("deep")));
    const std::vector<float> untrained = reconstruction(s, m);
    // Frame slices of one batch each, so the climbing batches' weights are published first.
    run_frames(s, [&] { return s.state() == RunState::kTraining; }, 0);
    REQUIRE(s.state() == RunState::kFailed);
    REQUIRE(s.run()->history.empty());
    REQUIRE(same_bits(reconstruction(s, m), untrained));
  });
}

}  // namespace bn::app
