// What train and bench share: MNIST located and loaded, a model and optimiser built from flags.
#pragma once
#include <memory>

#include "cli/commands.h"
#include "core/data/mnist.h"
#include "core/model/model.h"
#include "core/optim/optimizer.h"

namespace bn::cli {

struct Session {
  Mnist data;
  std::unique_ptr<Model> model;
  std::unique_ptr<Optimizer> optimizer;
};

Result<Mnist> load_data(const std::string& data_dir, const std::string& exe_dir, int limit);
Result<Session> make_session(const TrainArgs& args, const std::string& exe_dir);
// "shallow, deep, ..." for help texts.
std::string join_presets();

}  // namespace bn::cli
