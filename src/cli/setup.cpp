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
// The optimiser the flags ask for on top of `base`: a different kind starts from that kind's
// Keras defaults; --lr overrides the learning rate.
Result<OptimizerConfig> optimizer_from_flags(const TrainArgs& args, OptimizerConfig base) {
  if (!args.optimizer.empty()) {
    Result<OptimizerKind> kind = parse_optimizer(args.optimizer);
    if (!kind) return kind.status();
    if (kind.value() != base.kind) base = OptimizerConfig();
    base.kind = kind.value();
  }
  if (args.lr > 0.f) base.learning_rate = args.lr;
  return base;
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
    s.optimizer = std::move(saved.value().optimizer);
    const OptimizerConfig& saved_oc = s.model->spec().optimizer;
    const bool new_kind = !args.optimizer.empty() && (!s.optimizer || args.optimizer != s.optimizer->name());
    if (!s.optimizer || new_kind) {
      Result<OptimizerConfig> oc = optimizer_from_flags(args, saved_oc);
      if (!oc) return oc.status();
      Result<std::unique_ptr<Optimizer>> opt = make_optimizer(oc.value());
      if (!opt) return opt.status();
      s.optimizer = opt.take();
      std::fprintf(stderr, "starting a fresh %s optimizer (the file %s)\n", s.optimizer->name(),
                   new_kind ? "used another" : "has no optimizer state");
    } else if (args.lr > 0.f) {
      s.optimizer->set_learning_rate(args.lr);
    }
  } else {
    Result<ModelSpec> spec = load_spec(args.model.empty() ? "shallow" : args.model);
    if (!spec) return spec.status();
    if (!args.loss.empty()) {
      Result<LossKind> loss = parse_loss(args.loss);
      if (!loss) return loss.status();
      spec.value().loss = loss.value();
    }
    Result<OptimizerConfig> oc = optimizer_from_flags(args, spec.value().optimizer);
    if (!oc) return oc.status();
    spec.value().optimizer = oc.value();  // so a saved file records what was used
    Result<std::unique_ptr<Optimizer>> opt = make_optimizer(oc.value());
    if (!opt) return opt.status();
    s.optimizer = opt.take();
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
