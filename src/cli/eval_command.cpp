// `bottleneck eval --load FILE`: the saved model's losses on the MNIST test set, part by part
// (a denoiser is scored on noisy inputs against clean targets, as in training).
#include <CLI/CLI.hpp>

#include <cstdio>

#include "cli/commands.h"
#include "cli/flag_checks.h"
#include "cli/setup.h"
#include "core/model/model_file.h"
#include "core/train/evaluator.h"

namespace bn::cli {

void add_eval_flags(CLI::App& sub, EvalArgs& a) {
  sub.add_option("--load", a.load, "The model file to evaluate")->required();
  sub.add_option("--data", a.data, "Directory with the MNIST idx files");
  sub.add_option("--batch", a.batch, "Images per forward pass")->check(whole_number(1, 65536));
  sub.add_option("--seed", a.seed, "Seed of the input corruption (denoising models)")->check(whole_number(0, UINT64_MAX));
}

int run_eval(const EvalArgs& args, const std::string& exe_dir) {
  Result<SavedModel> saved = load_model_file(args.load);
  if (!saved) return fail(saved.message());
  Model& model = *saved.value().model;
  Result<Mnist> data = load_data(args.data, exe_dir, 1);
  if (!data) return fail(data.message());
  Status st = model.reserve_batch(args.batch);
  if (!st) return fail(st.message());
  Result<LossParts> parts = evaluate(model, data.value().test, args.seed);
  if (!parts) return fail(parts.message());
  const LossParts& p = parts.value();
  const auto& h = saved.value().history;
  std::printf("%s (%s loss) after %d epoch(s), on %d test images:\n", model.spec().name.c_str(),
              loss_name(model.spec().loss), h.empty() ? 0 : h.back().epoch, data.value().test.count);
  std::printf("  test_loss       %.6f\n  reconstruction  %.6f\n", p.total(), p.reconstruction);
  if (p.activity) std::printf("  activity        %.6g\n", p.activity);
  if (p.kl) std::printf("  kl              %.6g\n", p.kl);
  if (p.contractive) std::printf("  contractive     %.6g\n", p.contractive);
  if (p.weight_decay) std::printf("  weight_decay    %.6g\n", p.weight_decay);
  // The other reconstruction losses too, so models trained on different losses compare.
  for (LossKind k : {LossKind::kBce, LossKind::kMse}) {
    if (k == model.spec().loss) continue;
    ModelSpec other = model.spec();
    other.loss = k;
    Result<std::unique_ptr<Model>> twin = Model::build(other, 0, model.kernels());
    if (!twin) continue;
    for (size_t i = 0; i < model.params().size(); ++i) {
      const Tensor& from = *model.params()[i].value;
      std::copy(from.data(), from.data() + from.size(), twin.value()->params()[i].value->data());
    }
    if (!twin.value()->reserve_batch(args.batch)) continue;
    Result<LossParts> q = evaluate(*twin.value(), data.value().test, args.seed);
    if (q) std::printf("  %-15s %.6f\n", (std::string(loss_name(k)) + " (reconstruction)").c_str(), q.value().reconstruction);
  }
  return 0;
}

}  // namespace bn::cli
