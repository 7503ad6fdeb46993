// The CLI's subcommands. Each registers its flags on a CLI11 subcommand and runs from main()
// once parsing succeeded; each returns the process exit code and prints failures as one line.
#pragma once
#include <string>

namespace CLI {
class App;
}

namespace bn::cli {

struct TrainArgs {
  std::string model = "shallow";
  int epochs = 10;
  int batch = 256;
  float lr = -1.f;        // < 0: the model's
  std::string optimizer;  // empty: the model's
  std::string loss;  // empty: the model's own
  uint64_t seed = 0;
  bool no_shuffle = false;
  std::string data;
  std::string report;
  std::string kernels;  // empty: the build's default
  int limit = 0;        // train on the first N images only (0: all)
};

struct BenchArgs {
  bool quick = false;
  std::string data;
};

void add_train_flags(CLI::App& sub, TrainArgs& args);
void add_bench_flags(CLI::App& sub, BenchArgs& args);
int run_train(const TrainArgs& args, const std::string& exe_dir);
int run_summary(const std::string& model);
int run_bench(const BenchArgs& args, const std::string& exe_dir);

// Prints "bottleneck: <message>" to stderr and returns 1.
int fail(const std::string& message);

}  // namespace bn::cli
