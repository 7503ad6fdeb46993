// bottleneck: the command-line face of the core. Subcommands live in their own files; this one
// parses flags with CLI11 and turns every failure into a one-line message and a non-zero exit.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <string>

#include "cli/commands.h"
#include "cli/setup.h"
#include "core/base/text.h"
#include "core/kernels/kernels.h"

namespace bn::cli {
int fail(const std::string& message) {
  // Messages quote paths and names from files: escape what a terminal would act on.
  std::fprintf(stderr, "bottleneck: %s\n", bn::printable(message, 2000).c_str());
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
  std::string summary_model = "shallow", summary_load;
  CLI::App* summary = app.add_subcommand("summary", "Print a Keras-style table of a model's layers and parameters");
  summary->add_option("--model", summary_model, "A preset (" + join_presets() + ") or a model .json file");
  summary->add_option("--load", summary_load, "A saved model file");
  EvalArgs eval;
  add_eval_flags(*app.add_subcommand("eval", "Print a saved model's test losses"), eval);
  NpzArgs export_args, import_args;
  add_export_flags(*app.add_subcommand("export", "Write a saved model's weights to a NumPy .npz"), export_args);
  add_import_flags(*app.add_subcommand("import", "Make a model file from weights in a NumPy .npz"), import_args);
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
    std::fprintf(stderr, "bottleneck: %s; run 'bottleneck --help' for the flags\n", bn::printable(what, 400).c_str());
    return e.get_exit_code() ? e.get_exit_code() : 2;
  }

  std::string exe = argv[0];
  std::string exe_dir = exe.find('/') == std::string::npos ? "." : exe.substr(0, exe.find_last_of('/'));
  if (version) {
    std::printf("bottleneck %s\nkernels: %s\n", BN_VERSION, bn::kernels_description(bn::default_kernels()).c_str());
    return 0;
  }
  if (app.got_subcommand("train")) return run_train(train, exe_dir);
  if (app.got_subcommand("summary")) return run_summary(summary_model, summary_load);
  if (app.got_subcommand("eval")) return run_eval(eval, exe_dir);
  if (app.got_subcommand("export")) return run_export(export_args);
  if (app.got_subcommand("import")) return run_import(import_args);
  if (app.got_subcommand("bench")) return run_bench(bench, exe_dir);
  std::printf("%s", app.help().c_str());
  return 0;
}
