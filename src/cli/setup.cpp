#include "cli/setup.h"

namespace bn::cli {

Result<Mnist> load_data(const std::string& data_dir, const std::string& exe_dir, int limit) {
  Result<std::string> dir = find_mnist_dir(data_dir, exe_dir);
  if (!dir) return dir.status();
  Mnist m;
  Result<ImageSet> train = load_mnist_split(dir.value(), "train", limit);
  if (!train) return train.status();
  Result<ImageSet> test = load_mnist_split(dir.value(), "t10k");
  if (!test) return test.status();
  m.train = train.take();
  m.test = test.take();
  return m;
}

std::string join_presets() {
  std::string names;
  for (const std::string& n : preset_names()) names += (names.empty() ? "" : ", ") + n;
  return names;
}

Result<Session> make_session(const TrainArgs& args, const std::string& exe_dir) {
  Session s;
  const Kernels* kernels = &default_kernels();
  if (!args.kernels.empty() && !(kernels = find_kernels(args.kernels))) {
    std::string names;
    for (const Kernels* k : available_kernels()) names += std::string(names.empty() ? "" : ", ") + k->name;
    return Status::error("--kernels " + args.kernels + ": not in this build; choose " + names);
  }
  Result<ModelSpec> spec = load_spec(args.model);
  if (!spec) return spec.status();
  if (!args.loss.empty()) {
    Result<LossKind> loss = parse_loss(args.loss);
    if (!loss) return loss.status();
    spec.value().loss = loss.value();
  }
  Result<std::unique_ptr<Model>> model = Model::build(spec.value(), args.seed, *kernels);
  if (!model) return model.status();
  s.model = model.take();
  // The model's own optimiser unless the flags say otherwise; a new optimiser without --lr gets
  // its Keras default learning rate.
  OptimizerConfig oc = spec.value().optimizer;
  if (!args.optimizer.empty()) {
    Result<OptimizerKind> kind = parse_optimizer(args.optimizer);
    if (!kind) return kind.status();
    if (kind.value() != oc.kind) oc = OptimizerConfig();
    oc.kind = kind.value();
  }
  if (args.lr > 0.f) oc.learning_rate = args.lr;
  Result<std::unique_ptr<Optimizer>> opt = make_optimizer(oc);
  if (!opt) return opt.status();
  s.optimizer = opt.take();
  Result<Mnist> data = load_data(args.data, exe_dir, args.limit);
  if (!data) return data.status();
  s.data = data.take();
  return s;
}

}  // namespace bn::cli
