#include "app/app.h"

#include <cmath>
#include <cstdio>

#include "imgui.h"

namespace bn::app {

namespace {
const char* const kOptimizerNames[] = {"sgd", "adam", "rmsprop", "adagrad", "adadelta"};
constexpr size_t kMaxLossPoints = 2048;

const char* state_name(RunState s) {
  switch (s) {
    case RunState::kWaitingForData: return "loading";
    case RunState::kReady: return "ready";
    case RunState::kTraining: return "training";
    case RunState::kPaused: return "paused";
    case RunState::kFinished: return "finished";
    case RunState::kFailed: return "failed";
  }
  return "?";
}

std::string json_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) < 0x20) continue;
    out += c;
  }
  return out;
}

std::string json_number(double v) {
  if (!std::isfinite(v)) return "null";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}
}  // namespace

Status App::load_idx(IdxFile which, const uint8_t* bytes, size_t size) {
  static const char* const names[] = {kMnistTrainImages, kMnistTrainLabels, kMnistTestImages, kMnistTestLabels};
  const std::string name = names[static_cast<int>(which)];
  ImageSet& set = which == IdxFile::kTrainImages || which == IdxFile::kTrainLabels ? data_.train : data_.test;
  Status s;
  switch (which) {
    case IdxFile::kTrainImages:
    case IdxFile::kTestImages: s = parse_idx_images(bytes, size, name, set); break;
    case IdxFile::kTrainLabels:
    case IdxFile::kTestLabels:
      s = set.count ? parse_idx_labels(bytes, size, name, set)
                    : Status::error(name + ": arrived before its images; load the images file first");
      break;
  }
  if (!s) {
    message_ = "Could not load MNIST: " + s.message();
    return s;
  }
  if (which == IdxFile::kTrainLabels) train_labels_ = true;
  if (which == IdxFile::kTestLabels) test_labels_ = true;
  if (data_ready() && state_ == RunState::kWaitingForData) state_ = RunState::kReady;
  return s;
}

void App::set_data_progress(float fraction, const std::string& what) {
  data_progress_ = fraction;
  data_what_ = what;
}

Status App::start_training() {
  const std::vector<std::string> presets = preset_names();
  Result<ModelSpec> spec = preset_spec(presets[settings_.model]);
  if (!spec) return spec.status();
  OptimizerConfig& oc = spec.value().optimizer;
  const OptimizerKind kind = parse_optimizer(kOptimizerNames[settings_.optimizer]).value();
  if (kind != oc.kind) oc = OptimizerConfig();
  oc.kind = kind;
  oc.learning_rate = settings_.learning_rate;
  Result<std::unique_ptr<Optimizer>> opt = make_optimizer(oc);
  if (!opt) return opt.status();
  Result<std::unique_ptr<Model>> model = Model::build(spec.value(), static_cast<uint64_t>(settings_.seed));
  if (!model) return model.status();
  model_ = model.take();
  optimizer_ = opt.take();
  TrainConfig tc;
  tc.epochs = settings_.epochs;
  tc.batch_size = settings_.batch_size;
  tc.seed = static_cast<uint64_t>(settings_.seed);
  trainer_ = std::make_unique<Trainer>(*model_, *optimizer_, data_.train, &data_.test, tc);
  batch_losses_.clear();
  loss_stride_ = 1;
  loss_pending_ = 0;
  loss_accum_ = 0;
  trainer_->on_batch = [this](const TrainProgress& p) { record_loss(static_cast<float>(p.last_loss)); };
  return trainer_->start();
}

void App::record_loss(float loss) {
  loss_accum_ += loss;
  if (++loss_pending_ < loss_stride_) return;
  batch_losses_.push_back(loss_accum_ / loss_pending_);
  loss_accum_ = 0;
  loss_pending_ = 0;
  if (batch_losses_.size() == kMaxLossPoints) {
    for (size_t i = 0; i < kMaxLossPoints / 2; ++i) batch_losses_[i] = 0.5f * (batch_losses_[2 * i] + batch_losses_[2 * i + 1]);
    batch_losses_.resize(kMaxLossPoints / 2);
    loss_stride_ *= 2;
  }
}

void App::select_model(int index) {
  settings_.model = index;
  // Each preset brings its own optimiser and learning rate (dropout trains with RMSprop).
  Result<ModelSpec> spec = preset_spec(preset_names()[index]);
  if (!spec) return;
  const OptimizerConfig& oc = spec.value().optimizer;
  settings_.optimizer = static_cast<int>(oc.kind);
  settings_.learning_rate = oc.learning_rate > 0.f ? oc.learning_rate : (oc.kind == OptimizerKind::kSgd ? 0.01f : 1e-3f);
}

void App::start_or_pause() {
  switch (state_) {
    case RunState::kReady:
    case RunState::kFinished:
    case RunState::kFailed: {
      if (!data_ready()) return;
      Status s = start_training();
      message_ = s ? "" : s.message();
      state_ = s ? RunState::kTraining : RunState::kFailed;
      return;
    }
    case RunState::kTraining: state_ = RunState::kPaused; return;
    case RunState::kPaused: state_ = RunState::kTraining; return;
    case RunState::kWaitingForData: return;
  }
}

void App::reset() {
  if (!data_ready()) return;
  trainer_.reset();
  optimizer_.reset();
  model_.reset();
  batch_losses_.clear();
  message_.clear();
  state_ = RunState::kReady;
}

void App::train_slice(double budget_ms) {
  if (state_ != RunState::kTraining || !trainer_) return;
  Status s = trainer_->run_for(budget_ms);
  if (!s) {
    message_ = s.message();
    state_ = RunState::kFailed;
  } else if (trainer_->finished()) {
    state_ = RunState::kFinished;
  }
}

void App::frame(double train_budget_ms) {
  train_slice(train_budget_ms);
  fps_ = ImGui::GetIO().Framerate;
  rects_.clear();
  draw_train_panel();
}

void App::remember_rect(const char* name) {
  ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  rects_.push_back({name, a.x, a.y, b.x - a.x, b.y - a.y});
}

void App::draw_train_panel() {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + 16, vp->WorkPos.y + 16), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSizeConstraints(ImVec2(std::fmin(560.f, vp->WorkSize.x - 32), 0), ImVec2(FLT_MAX, FLT_MAX));
  ImGui::Begin("Train", nullptr, ImGuiWindowFlags_AlwaysAutoResize);

  if (!data_ready()) {
    ImGui::TextUnformatted("MNIST");
    ImGui::ProgressBar(data_progress_, ImVec2(-1, 0), data_what_.c_str());
  }
  const bool editable = state_ == RunState::kReady || state_ == RunState::kFinished || state_ == RunState::kFailed ||
                        state_ == RunState::kWaitingForData;
  ImGui::BeginDisabled(!editable);
  static_assert(sizeof(kOptimizerNames) / sizeof(kOptimizerNames[0]) == 5, "optimizer list");
  const std::vector<std::string> presets = preset_names();
  if (ImGui::BeginCombo("model", presets[settings_.model].c_str())) {
    for (int i = 0; i < static_cast<int>(presets.size()); ++i)
      if (ImGui::Selectable(presets[i].c_str(), i == settings_.model)) select_model(i);
    ImGui::EndCombo();
  }
  ImGui::Combo("optimizer", &settings_.optimizer, kOptimizerNames, 5);
  ImGui::InputFloat("learning rate", &settings_.learning_rate, 0, 0, "%.5f");
  ImGui::InputInt("batch size", &settings_.batch_size);
  ImGui::InputInt("epochs", &settings_.epochs);
  ImGui::InputInt("seed", &settings_.seed);
  settings_.batch_size = std::max(1, std::min(settings_.batch_size, 4096));
  settings_.epochs = std::max(1, std::min(settings_.epochs, 1000));
  if (!(settings_.learning_rate > 0.f)) settings_.learning_rate = 1e-3f;
  ImGui::EndDisabled();

  ImGui::BeginDisabled(!data_ready());
  const char* label = state_ == RunState::kTraining ? "Pause" : state_ == RunState::kPaused ? "Resume" : "Start";
  if (ImGui::Button(label, ImVec2(100, 0))) start_or_pause();
  remember_rect("start");
  ImGui::SameLine();
  if (ImGui::Button("Reset", ImVec2(100, 0))) reset();
  remember_rect("reset");
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::Text("%s", state_name(state_));

  if (trainer_) {
    const TrainProgress& p = trainer_->progress();
    const float frac = p.batches ? static_cast<float>(p.batch) / p.batches : 0.f;
    char overlay[96];
    std::snprintf(overlay, sizeof overlay, "epoch %d/%d  batch %d/%d", p.epoch, p.epochs, p.batch, p.batches);
    ImGui::ProgressBar(frac, ImVec2(-1, 0), overlay);
    ImGui::Text("loss %.4f (this epoch)   %.0f samples/s   %.0f fps", p.loss, p.samples_per_s, fps_);
    const auto& h = trainer_->history();
    if (!h.empty()) ImGui::Text("epoch %d: train %.4f  test %.4f", h.back().epoch, h.back().train_loss, h.back().test_loss);
    if (!batch_losses_.empty())
      ImGui::PlotLines("##loss", batch_losses_.data(), static_cast<int>(batch_losses_.size()), 0, "batch loss", FLT_MAX,
                       FLT_MAX, ImVec2(ImGui::GetContentRegionAvail().x, 120));
  }
  if (!message_.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.f, 0.45f, 0.4f, 1.f));
    ImGui::TextWrapped("%s", message_.c_str());
    ImGui::PopStyleColor();
  }
  ImGui::End();
}

std::string App::status_json() const {
  std::string j = "{\"ready\":" + std::string(data_ready() ? "true" : "false");
  j += ",\"state\":\"" + std::string(state_name(state_)) + "\"";
  j += ",\"data_progress\":" + json_number(data_progress_);
  j += ",\"message\":\"" + json_escape(message_) + "\"";
  j += ",\"fps\":" + json_number(fps_);
  if (trainer_) {
    const TrainProgress& p = trainer_->progress();
    j += ",\"model\":\"" + model_->spec().name + "\"";
    j += ",\"epoch\":" + std::to_string(p.epoch) + ",\"step\":" + std::to_string(p.step);
    j += ",\"loss\":" + json_number(p.loss) + ",\"last_loss\":" + json_number(p.last_loss);
    j += ",\"samples_per_s\":" + json_number(p.samples_per_s);
    j += ",\"test_losses\":[";
    for (size_t i = 0; i < trainer_->history().size(); ++i)
      j += (i ? "," : "") + json_number(trainer_->history()[i].test_loss);
    j += "]";
  }
  j += ",\"widgets\":{";
  for (size_t i = 0; i < rects_.size(); ++i) {
    const WidgetRect& r = rects_[i];
    j += (i ? ",\"" : "\"") + r.name + "\":[" + json_number(r.x) + "," + json_number(r.y) + "," + json_number(r.w) + "," +
         json_number(r.h) + "]";
  }
  return j + "}}";
}

}  // namespace bn::app
