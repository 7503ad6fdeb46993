// The CLI's subcommands. Each registers its flags on a CLI11 subcommand and runs from main()
// once parsing succeeded; each returns the process exit code and prints failures as one line.
#pragma once
#include <cstdint>
#include <string>

namespace CLI {
class App;
}

namespace bn::cli {

struct TrainArgs {
  std::string model;      // preset or .json; default shallow (unless --load)
  std::string load;       // continue a saved model
  std::string save;       // save after every epoch
  int epochs = 10;
  int batch = 256;
  float lr = -1.f;        // < 0: the model's
  std::string optimizer;  // empty: the model's
  std::string loss;       // empty: the model's own
  uint64_t seed = 0;
  bool no_shuffle = false;
  std::string data;
  std::string report;
  std::string kernels;  // empty: the build's default
  int limit = 0;        // train on the first N images only (0: all)
};

struct EvalArgs {
  std::string load;
  std::string data;
  int batch = 500;
  uint64_t seed = 0;
};

struct NpzArgs {
  std::string load;   // export: the model file
  std::string model;  // import: the model the weights belong to
  std::string npz;
  std::string save;   // import: the model file to write
};

struct BenchArgs {
  bool quick = false;
  std::string data;
};

void add_train_flags(CLI::App& sub, TrainArgs& args);
void add_eval_flags(CLI::App& sub, EvalArgs& args);
void add_export_flags(CLI::App& sub, NpzArgs& args);
void add_import_flags(CLI::App& sub, NpzArgs& args);
void add_bench_flags(CLI::App& sub, BenchArgs& args);
int run_train(const TrainArgs& args, const std::string& exe_dir);
int run_eval(const EvalArgs& args, const std::string& exe_dir);
int run_export(const NpzArgs& args);
int run_import(const NpzArgs& args);
int run_summary(const std::string& model, const std::string& load);
int run_bench(const BenchArgs& args, const std::string& exe_dir);

// Prints "bottleneck: <message>" to stderr and returns 1.
int fail(const std::string& message);

}  // namespace bn::cli
