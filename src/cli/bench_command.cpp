// `bottleneck bench`: how fast each kernel set of this build is, measured in one process so the
// ratios are fair: the GEMM shapes the autoencoders use (GFLOP/s), then training throughput of
// the shallow, deep and conv models on real MNIST batches (samples/s). The scalar reference is the
// baseline every ratio is taken against; Eigen is the second column natively and in wasm.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <vector>

#include "cli/commands.h"
#include "cli/setup.h"
#include "core/train/trainer.h"

namespace bn::cli {

namespace {

struct GemmShape {
  const char* what;
  Trans ta, tb;
  int m, n, k;
};

// Repeats `fn` until `min_seconds` passed (at least `min_reps` times); returns seconds per call, best of 3 rounds.
template <typename Fn>
double time_it(Fn&& fn, double min_seconds, int min_reps) {
  double best = 1e30;
  for (int round = 0; round < 3; ++round) {
    int reps = 0;
    double t0 = now_seconds(), t = t0;
    while (reps < min_reps || t - t0 < min_seconds) {
      fn();
      ++reps;
      t = now_seconds();
    }
    best = std::min(best, (t - t0) / reps);
  }
  return best;
}

void bench_gemm(bool quick) {
  const int b = 256;
  const GemmShape shapes[] = {
      {"shallow enc fwd  x W", Trans::kNo, Trans::kNo, b, 32, 784},
      {"shallow dec fwd  x W", Trans::kNo, Trans::kNo, b, 784, 32},
      {"shallow enc dW   x^T dz", Trans::kYes, Trans::kNo, 784, 32, b},
      {"shallow dec dW   x^T dz", Trans::kYes, Trans::kNo, 32, 784, b},
      {"shallow dec dx   dz W^T", Trans::kNo, Trans::kYes, b, 32, 784},
      {"deep 784>128 fwd", Trans::kNo, Trans::kNo, b, 128, 784},
      {"deep 784>128 dW", Trans::kYes, Trans::kNo, 784, 128, b},
      {"deep 128>784 dx", Trans::kNo, Trans::kYes, b, 128, 784},
      {"deep 128>64 fwd", Trans::kNo, Trans::kNo, b, 64, 128},
  };
  std::printf("GEMM, GFLOP/s (ratio to ref)\n");
  std::printf("  %-26s %-16s", "shape", "m x n x k");
  for (const Kernels* k : available_kernels()) std::printf(" %18s", k->name);
  std::printf("\n");
  Rng rng(1);
  for (const GemmShape& s : shapes) {
    std::vector<float> a(static_cast<size_t>(s.m) * s.k), bm(static_cast<size_t>(s.k) * s.n), c(static_cast<size_t>(s.m) * s.n);
    for (float& v : a) v = rng.uniform(-1, 1);
    for (float& v : bm) v = rng.uniform(-1, 1);
    const int lda = s.ta == Trans::kNo ? s.k : s.m, ldb = s.tb == Trans::kNo ? s.n : s.k;
    char dims[32];
    std::snprintf(dims, sizeof dims, "%dx%dx%d", s.m, s.n, s.k);
    std::printf("  %-26s %-16s", s.what, dims);
    double ref_s = 0;
    for (const Kernels* k : available_kernels()) {
      Workspace ws;
      ws.reserve(gemm_scratch_floats(s.m, s.n, s.k));
      double sec = time_it([&] { k->gemm(s.ta, s.tb, s.m, s.n, s.k, 1.f, a.data(), lda, bm.data(), ldb, 0.f, c.data(), s.n, ws); },
                           quick ? 0.02 : 0.15, 2);
      if (k == &reference_kernels()) ref_s = sec;
      double gflops = 2.0 * s.m * s.n * s.k / sec / 1e9;
      std::printf(" %8.2f (%6.1fx)", gflops, ref_s / sec);
    }
    std::printf("\n");
  }
}

int bench_training(const Mnist& data, bool quick) {
  std::printf("\nTraining, adam, bce, batch 256 (conv 128, as in its reference figures): samples/s (ratio to ref)\n");
  const std::pair<const char*, int> models[] = {{"shallow", 256}, {"deep", 256}, {"conv", 128}};
  for (const auto& [name, batch] : models) {
    std::printf("  %-8s", name);
    double ref_rate = 0;
    for (const Kernels* k : available_kernels()) {
      Result<ModelSpec> spec = preset_spec(name);
      Result<std::unique_ptr<Model>> model = Model::build(spec.value(), 0, *k);
      if (!model) return fail(model.message());
      OptimizerConfig oc;
      Result<std::unique_ptr<Optimizer>> opt = make_optimizer(oc);
      TrainConfig tc;
      tc.epochs = 1;
      tc.batch_size = batch;
      Trainer trainer(*model.value(), *opt.value(), data.train, nullptr, tc);
      Status st = trainer.start();
      if (!st) return fail(st.message());
      const bool slow = k == &reference_kernels();
      // Warm-up batch, then timed batches (few for the slow reference). A step may be part of
      // a batch (sliced models), so batches are counted by the trainer's progress.
      auto one_batch = [&]() {
        const long long before = trainer.progress().step;
        while (st && !trainer.finished() && trainer.progress().step == before) st = trainer.step();
      };
      one_batch();
      const int batches = quick ? (slow ? 1 : 5) : (slow ? 4 : 60);
      double t0 = now_seconds();
      for (int i = 0; i < batches && !trainer.finished() && st; ++i) one_batch();
      if (!st) return fail(st.message());
      double rate = batches * static_cast<double>(batch) / (now_seconds() - t0);
      if (slow) ref_rate = rate;
      std::printf("  %s %9.0f (%6.1fx)", k->name, rate, rate / ref_rate);
    }
    std::printf("\n");
  }
  return 0;
}

}  // namespace

void add_bench_flags(CLI::App& sub, BenchArgs& a) {
  sub.add_flag("--quick", a.quick, "Short timings (a smoke run; figures are noisy)");
  sub.add_option("--data", a.data, "Directory with the MNIST idx files");
}

int run_bench(const BenchArgs& args, const std::string& exe_dir) {
  std::printf("bottleneck bench: kernel sets of this build:");
  for (const Kernels* k : available_kernels()) std::printf(" %s", k->name);
  std::printf("; default %s\n\n", kernels_description(default_kernels()).c_str());
  bench_gemm(args.quick);
  Result<Mnist> data = load_data(args.data, exe_dir, 0);
  if (!data) return fail(data.message());
  return bench_training(data.value(), args.quick);
}

}  // namespace bn::cli
