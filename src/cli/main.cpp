// bottleneck: the command-line face of the core. Subcommands live in their own files; this one
// parses flags with CLI11 and turns every failure into a one-line message and a non-zero exit.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <string>

#include "cli/commands.h"
#include "cli/setup.h"
#include "core/kernels/kernels.h"

namespace bn::cli {
int fail(const std::string& message) {
  std::fprintf(stderr, "bottleneck: %s\n", message.c_str());
  return 1;
}
}  // namespace bn::cli

int main(int argc, char** argv) {
  using namespace bn::cli;
  CLI::App app{"Bottleneck: train and inspect autoencoders on MNIST"};
  app.require_subcommand(0, 1);
  bool version = false;
  app.add_flag("--version", version, "Print the version and the kernels in use");

  TrainArgs train;
  add_train_flags(*app.add_subcommand("train", "Train a model on MNIST and report its losses"), train);
  std::string summary_model = "shallow";
  app.add_subcommand("summary", "Print a Keras-style table of a model's layers and parameters")
      ->add_option("--model", summary_model, "A preset (" + join_presets() + ") or a model .json file");
  BenchArgs bench;
  add_bench_flags(*app.add_subcommand("bench", "Time GEMMs and training of each kernel set against the reference"),
                  bench);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::string what = e.what();
    for (char& c : what)
      if (c == '\n') c = ' ';
    std::fprintf(stderr, "bottleneck: %s; run 'bottleneck --help' for the flags\n", what.c_str());
    return e.get_exit_code() ? e.get_exit_code() : 2;
  }

  std::string exe = argv[0];
  std::string exe_dir = exe.find('/') == std::string::npos ? "." : exe.substr(0, exe.find_last_of('/'));
  if (version) {
    std::printf("bottleneck %s\nkernels: %s\n", BN_VERSION, bn::kernels_description(bn::default_kernels()).c_str());
    return 0;
  }
  if (app.got_subcommand("train")) return run_train(train, exe_dir);
  if (app.got_subcommand("summary")) return run_summary(summary_model);
  if (app.got_subcommand("bench")) return run_bench(bench, exe_dir);
  std::printf("%s", app.help().c_str());
  return 0;
}
