// bottleneck: the command-line face of the core. Subcommands live in their own files; this one
// parses flags with CLI11 and turns every failure into a one-line message and a non-zero exit.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <string>

#include "core/kernels/kernels.h"

int main(int argc, char** argv) {
  CLI::App app{"Bottleneck: train and inspect autoencoders on MNIST"};
  app.require_subcommand(0, 1);
  bool version = false;
  app.add_flag("--version", version, "Print the version and the kernels in use");
  CLI11_PARSE(app, argc, argv);
  if (version) {
    std::printf("bottleneck %s\nkernels: %s\n", BN_VERSION, bn::kernels_description(bn::default_kernels()).c_str());
    return 0;
  }
  std::printf("%s", app.help().c_str());
  return 0;
}
