// What the subcommands share: MNIST located and loaded, and a model with its optimiser and
// history, either built from a description or loaded from a model file.
#pragma once
#include <memory>
#include <vector>

#include "cli/commands.h"
#include "core/data/mnist.h"
#include "core/model/model.h"
#include "core/optim/optimizer.h"
#include "core/train/history.h"

namespace bn::cli {

struct Session {
  Mnist data;
  std::unique_ptr<Model> model;
  std::unique_ptr<Optimizer> optimizer;
  std::vector<EpochStats> history;  // of a loaded model
  LossCurve curve;                  // its batch losses
};

Result<Mnist> load_data(const std::string& data_dir, const std::string& exe_dir, int limit);
// The model, optimiser and history the train flags describe, plus the data.
Result<Session> make_session(const TrainArgs& args, const std::string& exe_dir);
// The kernel set named by --kernels (empty: the build's default).
Result<const Kernels*> pick_kernels(const std::string& name);
// The files a command reads, which no output may replace: `files` plus the MNIST files in use.
std::vector<std::string> input_files(std::vector<std::string> files, const std::string& data_dir,
                                     const std::string& exe_dir);
// Checks each (flag, path) output before any work: none may be an input or another output.
Status check_outputs(const std::vector<std::pair<const char*, std::string>>& outputs,
                     const std::vector<std::string>& inputs);
// "shallow, deep, ..." for help texts.
std::string join_presets();

}  // namespace bn::cli
