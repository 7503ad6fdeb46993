#include "cli/setup.h"

#include <cstdio>

#include "core/base/file_io.h"
#include "core/model/model_file.h"

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

std::vector<std::string> input_files(std::vector<std::string> files, const std::string& data_dir,
                                     const std::string& exe_dir) {
  Result<std::string> dir = find_mnist_dir(data_dir, exe_dir);
  if (dir)
    for (const char* f : {kMnistTrainImages, kMnistTrainLabels, kMnistTestImages, kMnistTestLabels})
      files.push_back(dir.value() + "/" + f);
  return files;
}

Status check_outputs(const std::vector<std::pair<const char*, std::string>>& outputs,
                     const std::vector<std::string>& inputs) {
  for (const auto& [flag, path] : outputs) {
    if (path.empty()) continue;
    std::vector<std::string> others;
    for (const auto& other : outputs)
      if (other.first != flag) others.push_back(other.second);
    BN_RETURN_IF_ERROR(check_output_path(path, flag, inputs, others));
  }
  return Status::ok();
}

std::string join_presets() {
  std::string names;
  for (const std::string& n : preset_names()) names += (names.empty() ? "" : ", ") + n;
  return names;
}

Result<const Kernels*> pick_kernels(const std::string& name) {
  if (name.empty()) return &default_kernels();
  if (const Kernels* k = find_kernels(name)) return k;
  std::string names;
  for (const Kernels* k : available_kernels()) names += std::string(names.empty() ? "" : ", ") + k->name;
  return Status::error("--kernels " + name + ": not in this build; choose " + names);
}

namespace {
// The optimiser the flags ask for, by the core's rule (choose_optimizer): `current` (a loaded
// one, or null) goes on unless --optimizer names another kind; --lr sets the learning rate.
Result<ChosenOptimizer> optimizer_from_flags(const TrainArgs& args, const Optimizer* current,
                                             const OptimizerConfig& described) {
  OptimizerChoice choice{current ? current->config().kind : described.kind, args.lr};
  if (!args.optimizer.empty()) {
    Result<OptimizerKind> kind = parse_optimizer(args.optimizer);
    if (!kind) return kind.status();
    choice.kind = kind.value();
  }
  return choose_optimizer(current, described, choice);
}
}  // namespace

Result<Session> make_session(const TrainArgs& args, const std::string& exe_dir) {
  Session s;
  Result<const Kernels*> kernels = pick_kernels(args.kernels);
  if (!kernels) return kernels.status();
  if (!args.load.empty()) {
    if (!args.model.empty()) return Status::error("give --model (a new model) or --load (continue a saved one), not both");
    if (!args.loss.empty()) return Status::error("--loss cannot change a saved model's loss; train a new model with --model");
    Result<SavedModel> saved = load_model_file(args.load, *kernels.value());
    if (!saved) return saved.status();
    s.model = std::move(saved.value().model);
    s.history = std::move(saved.value().history);
    s.curve = std::move(saved.value().curve);
    Result<ChosenOptimizer> opt = optimizer_from_flags(args, saved.value().optimizer.get(), s.model->spec().optimizer);
    if (!opt) return opt.status();
    s.optimizer = std::move(opt.value().optimizer);
    if (!opt.value().kept_state)
      std::fprintf(stderr, "starting a fresh %s optimizer (the file %s)\n", s.optimizer->name(),
                   saved.value().optimizer ? "used another" : "has no optimizer state");
  } else {
    Result<ModelSpec> spec = load_spec(args.model.empty() ? "shallow" : args.model);
    if (!spec) return spec.status();
    if (!args.loss.empty()) {
      Result<LossKind> loss = parse_loss(args.loss);
      if (!loss) return loss.status();
      spec.value().loss = loss.value();
    }
    Result<ChosenOptimizer> opt = optimizer_from_flags(args, nullptr, spec.value().optimizer);
    if (!opt) return opt.status();
    s.optimizer = std::move(opt.value().optimizer);
    spec.value().optimizer = s.optimizer->config();  // so a saved file records what was used
    Result<std::unique_ptr<Model>> model = Model::build(spec.value(), args.seed, *kernels.value());
    if (!model) return model.status();
    s.model = model.take();
  }
  Result<Mnist> data = load_data(args.data, exe_dir, args.limit);
  if (!data) return data.status();
  s.data = data.take();
  return s;
}

}  // namespace bn::cli
